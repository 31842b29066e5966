"""The map embedded in an article on ANOTHER origin (two loopback ports): the postMessage protocol, the frame's
#hash, the auto-height message, a sandboxed frame whose source links still open, and the text alternative when no
script runs. Every outside request is blocked (a source link's page is answered locally, never fetched)."""

from __future__ import annotations

import datetime as dt
import functools
import math
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from geo.chapters import load_chapters
from geo.config import DEFAULT_LAYERS_DIR
from geo.export import embed_snippet
from geo.render import MapOptions, build_document
from tests.browser.harness import open_page

SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"
HOST_SCRIPT = """<script>
window.got = [];
window.addEventListener("message", function (e) {
  var frame = document.querySelector("iframe");
  if (e.source === frame.contentWindow) window.got.push({origin: e.origin, data: e.data});
});
window.send = function (msg) { document.querySelector("iframe").contentWindow.postMessage(msg, "*"); };
</script>"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@functools.cache
def _handler(folder: str):
    return functools.partial(_Quiet, directory=folder)


def serve(folder: Path) -> tuple[str, ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="module")
def sites(shipped, tmp_path_factory) -> Iterator[tuple[str, str, Path]]:
    """(map origin, host origin, host folder): the exports on one loopback port, the article pages on another."""
    maps = tmp_path_factory.mktemp("maps")
    today = dt.date.today()
    chapters = load_chapters(DEFAULT_LAYERS_DIR, layer_ids=[layer.id for layer in shipped.layers], today=today)
    (maps / "map.html").write_text(build_document(shipped, MapOptions(day=dt.date(2020, 11, 10)), today=today),
                                   encoding="utf-8")
    (maps / "chapters.html").write_text(build_document(shipped, MapOptions(day=dt.date(2020, 11, 10),
                                                                           chapters=chapters), today=today),
                                        encoding="utf-8")
    host = tmp_path_factory.mktemp("host")
    map_origin, map_server = serve(maps)
    host_origin, host_server = serve(host)
    assert map_origin != host_origin
    yield map_origin, host_origin, host
    for server in (map_server, host_server):
        server.shutdown()
        server.server_close()


def host_page(folder: Path, name: str, src: str, attrs: str = 'style="width:900px;height:500px;border:0"') -> str:
    (folder / name).write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Article</title></head><body>'
        f'<h1>An article</h1><iframe src="{src}" title="map" {attrs}></iframe>{HOST_SCRIPT}</body></html>',
        encoding="utf-8")
    return name


def answers(page, kind="presence:datechange"):
    return page.evaluate("t => window.got.filter(m => m.data && m.data.type === t)", kind)


def wait_answers(page, n, kind="presence:datechange"):
    page.wait_for_function("([t, n]) => window.got.filter(m => m.data && m.data.type === t).length >= n", arg=[kind, n],
                           timeout=20_000)
    return answers(page, kind)


def map_frame(page, origin):
    return next(f for f in page.frames if f.url.startswith(origin))


def frame_height(width: float, chapters: bool) -> int:
    """geo/static/src/messaging.js frameHeight (Math.round: halves up)."""
    if width < 600:
        return math.floor(min(960, max(560, width * (1.6 if chapters else 1.4))) + 0.5)
    return math.floor(min(760, max(480, width * 0.625)) + 0.5)


def shown_on(shipped, day: dt.date, layers) -> list[str]:
    return sorted(f.id for f in shipped.active_on(day) if f.layer in layers)


def test_a_host_on_another_origin_drives_the_map_and_reads_every_answer(browser, shipped, sites):
    map_origin, host_origin, folder = sites
    name = host_page(folder, "drive.html", f"{map_origin}/map.html")
    page, guard = open_page(browser)
    page.goto(f"{host_origin}/{name}")
    (ready,) = wait_answers(page, 1)
    frame = map_frame(page, map_origin)
    assert ready["origin"] == map_origin  # cross-origin: the host cannot reach window.presenceMap, only messages
    assert page.evaluate("() => { try { return !!document.querySelector('iframe').contentWindow.presenceMap; }"
                         " catch (e) { return 'blocked'; } }") in ("blocked", False)
    visible_layers = [layer.id for layer in shipped.layers if layer.visible]
    assert ready["data"]["date"] == "2020-11-10"
    assert ready["data"]["visible"] == shown_on(shipped, dt.date(2020, 11, 10), visible_layers)
    assert ready["data"]["visible"] == frame.evaluate("() => presenceMap.visibleFeatureIds()")

    (resize,) = wait_answers(page, 1, "presence:resize")
    assert resize["data"]["height"] == frame_height(frame.evaluate("() => innerWidth"), False)

    page.evaluate("() => send({type: 'presence:setDate', date: '2009-06-01'})")
    answer = wait_answers(page, 2)[-1]["data"]
    assert answer["date"] == "2009-06-01" and frame.evaluate("() => presenceMap.getDate()") == "2009-06-01"
    assert answer["visible"] == shown_on(shipped, dt.date(2009, 6, 1), visible_layers)

    page.evaluate("() => send({type: 'presence:setLanguage', lang: 'ru'})")
    answer = wait_answers(page, 3)[-1]["data"]
    assert answer["lang"] == "ru" and frame.evaluate("() => document.documentElement.lang") == "ru"

    page.evaluate("() => send({type: 'presence:setLayers', layers: ['gyumri_base']})")
    answer = wait_answers(page, 4)[-1]["data"]
    assert answer["layers"] == ["gyumri_base"]
    assert answer["visible"] == shown_on(shipped, dt.date(2009, 6, 1), ["gyumri_base"]) and answer["visible"]

    page.evaluate("() => send({type: 'presence:setDate', date: '2009-06-01'})")  # no change: still one answer
    assert wait_answers(page, 5)[-1]["data"]["date"] == "2009-06-01"

    # what is not exactly one of the four shapes is ignored: no change, no answer
    for bad in ["{type: 'presence:setDate', date: '2009-06-01', lang: 'hy'}", "{type: 'presence:setDate', date: '1900-01-01'}",
                "{type: 'presence:setDate', date: '2023-02-29'}", "{type: 'presence:setLanguage', lang: 'de'}",
                "{type: 'presence:setLayers', layers: ['gyumri_base', 'nope']}", "{type: 'presence:goToChapter', chapter: 1}",
                "{type: 'presence:eval', code: 'document.title = 1337'}", "'presence:setDate'",
                "JSON.stringify({type: 'presence:setDate', date: '2010-01-01'})", "[{type: 'presence:setLanguage', lang: 'hy'}]",
                "{type: 'streamlit:render', args: {day: '2010-01-01'}}"]:
        page.evaluate(f"() => send({bad})")
    page.evaluate("() => send({type: 'presence:setDate', date: '2021-01-01'})")
    got = wait_answers(page, 6)
    page.wait_for_timeout(300)
    assert len(answers(page)) == 6 and got[-1]["data"]["date"] == "2021-01-01"
    state = frame.evaluate("() => presenceMap.getState()")
    assert (state["lang"], state["layers"], state["chapter"]) == ("ru", ["gyumri_base"], None)
    assert frame.evaluate("() => document.title") != "1337"

    # a message that does not come from the parent (here: the map's own window) is ignored
    frame.evaluate("() => window.postMessage({type: 'presence:setDate', date: '2010-01-01'}, '*')")
    page.wait_for_timeout(300)
    assert frame.evaluate("() => presenceMap.getDate()") == "2021-01-01"

    # the reader's own change is answered too (a key on the slider: one day forward)
    frame.locator(".pm-time input[type=range]").focus()
    page.keyboard.press("ArrowRight")
    assert wait_answers(page, 7)[-1]["data"]["date"] == "2021-01-02"

    # auto height: a narrower frame asks for a new height; applying it does not start a loop
    page.evaluate("() => { document.querySelector('iframe').style.width = '390px'; }")
    resizes = wait_answers(page, 2, "presence:resize")
    assert resizes[-1]["data"]["height"] == frame_height(390, False) == 560
    page.evaluate("h => { document.querySelector('iframe').style.height = h + 'px'; }", resizes[-1]["data"]["height"])
    page.wait_for_timeout(500)
    assert len(answers(page, "presence:resize")) == 2
    page.context.close()
    guard.check()


def test_chapters_and_the_frames_hash_from_the_host(browser, shipped, sites):
    map_origin, host_origin, folder = sites
    name = host_page(folder, "chapters.html", f"{map_origin}/chapters.html")
    page, guard = open_page(browser)
    page.goto(f"{host_origin}/{name}")
    wait_answers(page, 1)
    frame = map_frame(page, map_origin)
    page.evaluate("() => send({type: 'presence:goToChapter', chapter: 3})")
    answer = wait_answers(page, 2)[-1]["data"]
    chapter = frame.evaluate("() => presenceMap.getState()")
    assert answer["chapter"] == 3 == chapter["chapter"] and answer["date"] == chapter["date"]
    assert answer["layers"] == chapter["layers"]
    # the host changes the frame's #hash: the map follows (hashchange), and says so
    page.evaluate("u => { document.querySelector('iframe').src = u; }",
                  f"{map_origin}/chapters.html#date=2021-05-01&lang=hy")
    page.wait_for_function("() => window.got.some(m => m.data.type === 'presence:datechange' && m.data.date === "
                           "'2021-05-01' && m.data.lang === 'hy')", timeout=20_000)
    assert frame.evaluate("() => presenceMap.getDate()") == "2021-05-01"
    assert frame.evaluate("() => document.documentElement.lang") == "hy"
    page.context.close()
    guard.check()


def test_in_a_sandboxed_frame_the_map_answers_and_source_links_open_in_a_new_tab(browser, shipped, sites):
    map_origin, host_origin, folder = sites
    snippet = embed_snippet(f"{map_origin}/map.html", title="map")
    assert f'sandbox="{SANDBOX}"' in snippet
    name = host_page(folder, "sandboxed.html", f"{map_origin}/map.html",
                     f'sandbox="{SANDBOX}" style="width:1280px;height:800px;border:0"')
    page, guard = open_page(browser, width=1400, height=1000)
    page.goto(f"{host_origin}/{name}")
    (ready,) = wait_answers(page, 1)
    assert ready["origin"] == "null"  # a sandboxed frame has an opaque origin: why the map posts to "*"
    frame = map_frame(page, map_origin)
    frame.get_by_role("button", name="Show the list").click()
    frame.locator(".pm-table tbody tr:not([hidden])").first.dispatch_event("click")  # a feature's popup
    frame.get_by_role("button", name="Hide the list").click()
    link = frame.locator(".leaflet-popup-content .pm-pop__sources a[href]").first
    href = link.get_attribute("href")
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
    # the source's page is answered on the machine (the guard would fail the test on a real outside request)
    page.context.route(lambda url: url == href, lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!DOCTYPE html><title>source</title><p>The source.</p>"))
    with page.context.expect_page() as opened:
        link.click()
    popup = opened.value
    popup.wait_for_load_state()
    assert popup.url == href
    assert popup.evaluate("() => window.opener === null")  # rel=noopener
    assert popup.evaluate("() => self.origin") != "null"  # allow-popups-to-escape-sandbox: an ordinary page
    popup.close()
    page.context.close()
    guard.check()


def test_without_scripts_the_text_alternative_is_there_and_its_links_work(browser, shipped, sites):
    map_origin, host_origin, folder = sites
    # an article that sandboxes the frame WITHOUT allow-scripts (AMP-like): the map's <noscript> content shows
    name = host_page(folder, "noscript.html", f"{map_origin}/map.html",
                     'sandbox="allow-popups allow-popups-to-escape-sandbox" style="width:1000px;height:640px"')
    page, guard = open_page(browser)
    page.goto(f"{host_origin}/{name}")
    frame = map_frame(page, map_origin)
    frame.wait_for_selector(".pm-noscript h1")
    heading = frame.locator(".pm-noscript h1").inner_text()
    assert heading.endswith("10 November 2020")
    assert frame.locator(".pm-noscript li").count() > 20
    link = frame.locator(".pm-noscript ol a[href]").first
    link.click(trial=True)  # visible and on top: the (empty) map element does not cover it
    href = link.get_attribute("href")
    page.context.route(lambda url: url == href, lambda route: route.fulfill(status=200, content_type="text/html",
                                                                           body="<p>source</p>"))
    with page.context.expect_page() as opened:
        link.click()
    assert opened.value.url == href
    page.context.close()
    blocked = [m for m in guard.console_errors if "because the document's frame is sandboxed" in m]
    assert blocked  # the frame's scripts did not run: that is the case under test
    guard.console_errors = [m for m in guard.console_errors if m not in blocked]
    guard.check()
    # a reader with JavaScript switched off, the file opened from disk
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    reader = context.new_page()
    path = Path(folder).parent / "plain.html"
    path.write_text(build_document(shipped, MapOptions(day=dt.date(2023, 9, 20), lang="ka"), today=dt.date.today()),
                    encoding="utf-8")
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    reader.goto(path.as_uri())
    section = reader.locator(".pm-noscript")
    assert section.is_visible() and section.get_attribute("lang") == "ka"
    box = section.bounding_box()
    assert box["width"] <= 390 and reader.evaluate("() => document.documentElement.scrollWidth") <= 390  # no sideways
    context.close()
