"""The Streamlit app in headless Chromium: a real server on loopback, every outside request blocked.

Besides the map's behaviour in the app: the page's layout (the map is the page at 1400x900 and 390x844, at least 60 %
of it free of controls, its height follows the window with no rerun), one language control whose choice reaches the
page title and the URL, the chart's plotted height, presentation mode at a projector's 1280x720.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.i18n import date_words, strings
from tests.browser.harness import AppServer, map_frame, open_page, start_app, stop_app
from tests.browser.test_export import XSS, boundary_days
from tests.conftest import make_feature


def test_the_map_draws_the_date_in_the_link(app_page, app_server, shipped):
    page, _ = app_page
    page.goto(f"{app_server.url}/?date=2021-01-01")
    frame = map_frame(page)
    assert frame.evaluate("presenceMap.getDate()") == "2021-01-01"
    visible = frozenset(layer.id for layer in shipped.layers if layer.visible)
    expected = sorted(f.id for f in shipped.active_on(dt.date(2021, 1, 1), layers=visible))
    assert frame.evaluate("presenceMap.visibleFeatureIds()") == expected
    page.get_by_role("heading", name="1 January 2021").wait_for()


def test_a_slider_step_changes_the_map_and_keeps_the_zoom(app_page, app_server):
    page, guard = app_page
    page.goto(f"{app_server.url}/?date=2022-08-20")
    frame = map_frame(page)
    frame.evaluate("""() => { const m = Object.values(window).find(v => v instanceof L.Map);
                             m.setView([39.7, 46.6], 10, {animate: false}); }""")
    view = frame.evaluate("presenceMap.getState().view")
    before = frame.evaluate("presenceMap.visibleFeatureIds()")
    requests_before = len(guard.requests)
    frame.locator(".pm-time input[type=range]").focus()
    for _ in range(11):  # eleven days forward: the Lachin handover (26 Aug), the switch to the bypass (20:00, 30 Aug)
        frame.page.keyboard.press("ArrowRight")
    assert frame.evaluate("presenceMap.getDate()") == "2022-08-31"
    after = frame.evaluate("presenceMap.visibleFeatureIds()")
    assert "lachin-road-2020" in before and "lachin-road-2020" not in after
    assert "lachin-road-2022-bypass" in after
    assert frame.evaluate("presenceMap.getState().view") == view
    # the repaint needed no HTTP request (the panels' rerun talks over the WebSocket; Streamlit's host page asks for
    # its favicon again on every rerun, which has nothing to do with the map)
    made = [u for u in guard.requests[requests_before:] if not u.startswith("ws") and not u.endswith("/favicon.png")]
    assert made == []


def test_panels_and_url_catch_up_when_the_reader_lets_go(app_page, app_server):
    page, _ = app_page
    page.goto(f"{app_server.url}/?date=2020-11-10")
    frame = map_frame(page)
    frame.evaluate("""() => { const s = document.querySelector('.pm-time input[type=range]');
        presenceMap.setDate('2024-06-13');
        s.dispatchEvent(new Event('change')); }""")
    page.get_by_role("heading", name="13 June 2024").wait_for(timeout=10_000)
    page.wait_for_function("() => location.search.includes('date=2024-06-13')", timeout=10_000)


def test_browser_and_python_agree_in_the_app(app_page, app_server, shipped):
    page, _ = app_page
    page.goto(app_server.url)
    frame = map_frame(page)
    frame.evaluate("ids => presenceMap.setLayers(ids)", [layer.id for layer in shipped.layers])
    days = boundary_days(shipped, dt.date.today())[::3][:40]
    assert len(days) >= 30
    got = frame.evaluate("days => days.map(d => { presenceMap.setDate(d); return presenceMap.visibleFeatureIds(); })",
                         [d.isoformat() for d in days])
    for day, ids in zip(days, got, strict=True):
        assert ids == sorted(f.id for f in shipped.active_on(day)), day


def test_bad_date_in_the_link_shows_a_notice(app_page, app_server):
    page, _ = app_page
    page.goto(f"{app_server.url}/?date=2021-02-30")
    map_frame(page)
    page.get_by_text("is not a valid day").wait_for()
    page.get_by_role("heading", name=date_words(dt.date.today(), "en")).wait_for()


@pytest.fixture(scope="module")
def xss_server(tmp_path_factory) -> Iterator[AppServer]:
    import json
    import shutil

    from tests.conftest import LAYERS, MANIFEST

    root = tmp_path_factory.mktemp("xss") / "layers"
    root.mkdir()
    shutil.copytree(LAYERS / "schema", root / "schema")
    shutil.copy(LAYERS / "toponyms.json", root / "toponyms.json")
    (root / "manifest.json").write_text(json.dumps(MANIFEST), encoding="utf-8")
    evil = make_feature("evil", name=XSS, operator=XSS, description=XSS, start="2000", end=None,
                        sources=[{"title": XSS, "publisher": XSS, "date": None, "url": "https://example.org/?q=<x>"}])
    for layer, features in (("bases", [evil]), ("roads", [])):
        (root / f"{layer}.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                                               encoding="utf-8")
    server = start_app(layers_dir=Path(root))
    yield server
    stop_app(server)


def test_xss_payload_stays_text_in_the_app(browser, xss_server):
    page, guard = open_page(browser, width=1400, height=1000)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{xss_server.url}/?date=2020-01-01")
    frame = map_frame(page)
    frame.get_by_role("button", name="Show the list").click()
    frame.locator(".pm-table tbody tr:not([hidden])").first.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert XSS in popup.inner_text()
    assert popup.locator("a[href]").first.get_attribute("href").startswith("https://")
    assert frame.locator("img[src=x]").count() == 0 and page.locator("img[src=x]").count() == 0
    assert dialogs == []
    page.context.close()
    guard.check()


# --- the page: map first ---------------------------------------------------------------------------------------

#: Share of the map (its Leaflet container) free of its own controls, sampled on a 4 px grid: the union of every
#: visible top-level .leaflet-control's box (zoom, tools, list, chapters, layers + legend, time, scale, credit).
FREE_AREA_JS = """() => {
  const map = document.querySelector('.leaflet-container');
  const mb = map.getBoundingClientRect();
  const boxes = [...map.querySelectorAll('.leaflet-control')]
    .filter((el) => el.offsetParent !== null && !el.parentElement.closest('.leaflet-control'))
    .map((el) => el.getBoundingClientRect())
    .map((r) => ({ l: Math.max(r.left, mb.left), t: Math.max(r.top, mb.top),
                   r: Math.min(r.right, mb.right), b: Math.min(r.bottom, mb.bottom) }))
    .filter((r) => r.r > r.l && r.b > r.t);
  let covered = 0;
  let total = 0;
  for (let y = mb.top + 2; y < mb.bottom; y += 4) {
    for (let x = mb.left + 2; x < mb.right; x += 4) {
      total += 1;
      if (boxes.some((r) => x >= r.l && x < r.r && y >= r.t && y < r.b)) covered += 1;
    }
  }
  return 1 - covered / total;
}"""

#: Counts the WebSocket messages the page sends (a Python rerun starts with one): installed before the page loads.
COUNT_WS_JS = """() => {
  window.__wsSent = 0;
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (...args) { window.__wsSent += 1; return send.apply(this, args); };
}"""


def settled(frame) -> None:
    """The map's deferred build is done and two frames have been drawn since (the panel heights are set)."""
    frame.evaluate("presenceMap._complete")
    frame.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def map_box(page) -> dict:
    box = page.locator(".st-key-map iframe").bounding_box()
    assert box is not None
    return box


@pytest.mark.parametrize(("width", "height", "share"), [(1400, 900, 0.65), (390, 844, 0.90)])
def test_the_map_is_the_page(browser, app_server, width, height, share):
    page, guard = open_page(browser, width=width, height=height)
    page.goto(f"{app_server.url}/?date=2022-12-12")
    frame = map_frame(page)
    settled(frame)
    box = map_box(page)
    assert box["width"] >= share * width and box["height"] >= 0.60 * height, box
    assert box["y"] >= 0 and box["y"] + box["height"] <= height  # all of it in the first screen
    time = frame.locator(".pm-time").bounding_box()  # the time control is inside the map, in view (page px)
    assert time is not None and box["y"] <= time["y"] and time["y"] + time["height"] <= box["y"] + box["height"]
    free = frame.evaluate(FREE_AREA_JS)
    assert free >= 0.60, f"only {free:.1%} of the map is free of controls at {width}x{height}"
    assert page.locator("h1").count() == 1 and page.locator("h1").bounding_box()["height"] <= 2 * 26  # short
    page.context.close()
    guard.check()


def test_the_map_follows_the_window_without_a_rerun(browser, app_server):
    page, guard = open_page(browser, width=1400, height=900)
    page.add_init_script(COUNT_WS_JS)
    page.goto(f"{app_server.url}/?date=2022-12-12")
    frame = map_frame(page)
    settled(frame)
    page.wait_for_timeout(300)  # let the first report and rerun pass; then nothing may be sent
    before = map_box(page)
    sent = page.evaluate("window.__wsSent")
    page.set_viewport_size({"width": 1400, "height": 700})
    page.wait_for_function("() => document.querySelector('.st-key-map iframe').getBoundingClientRect().bottom <= 700")
    after = map_box(page)
    assert after["height"] < before["height"] and after["height"] >= 0.6 * 700
    size = frame.evaluate("() => Object.values(window).find((v) => v instanceof L.Map).getSize()")
    assert abs(size["y"] - after["height"]) <= 1 and abs(size["x"] - after["width"]) <= 1  # the map knows its size
    assert page.evaluate("window.__wsSent") == sent  # no Python rerun for a resize
    page.context.close()
    guard.check()


def test_one_language_control_in_the_map_drives_the_page_title_and_the_url(app_page, app_server):
    page, _ = app_page
    page.goto(f"{app_server.url}/?date=2020-11-10")
    frame = map_frame(page)
    assert page.locator("[data-testid=stSelectbox]").count() == 0  # no second language selector
    assert page.title() == strings("en")("app_title")
    frame.locator(".pm-layers select.pm-select").select_option("ru")
    ru = strings("ru")("app_title")
    page.wait_for_function("t => document.title === t", arg=ru, timeout=15_000)
    page.wait_for_function("() => new URLSearchParams(location.search).get('lang') === 'ru'", timeout=15_000)
    assert page.locator("h1").inner_text() == ru
    assert frame.evaluate("presenceMap.getState().lang") == "ru"


def test_the_chart_has_a_real_height_numbers_on_its_axis_and_sources_in_its_tooltips(app_page, app_server):
    page, _ = app_page
    page.goto(f"{app_server.url}/?date=2022-12-12")
    map_frame(page)
    chart = page.locator("[data-testid=stVegaLiteChart]")
    chart.scroll_into_view_if_needed()
    marks = chart.locator(".mark-symbol.role-mark path, .mark-line.role-mark path")  # data marks, not the legend
    marks.first.wait_for()
    boxes = [b for b in (marks.nth(i).bounding_box() for i in range(marks.count())) if b]
    top, bottom = min(b["y"] for b in boxes), max(b["y"] + b["height"] for b in boxes)
    assert bottom - top >= 150, f"the plotted marks span {bottom - top:.0f} px"
    labels = set(chart.locator(".role-axis-label text").evaluate_all("els => els.map((e) => e.textContent)"))
    assert {"100", "1,000", "5,000"} <= labels, labels
    legend = chart.locator(".role-legend").first.bounding_box()
    assert legend is not None and legend["y"] >= bottom  # the legend is outside (below) the plot
    hollow = chart.locator(".mark-symbol.role-mark path[fill='#ffffff']")
    assert hollow.count() >= 5  # approximate figures are drawn hollow
    hollow.first.hover()
    tip = page.locator("#vg-tooltip-element")
    tip.wait_for()
    assert "Sources" in tip.inner_text() and "As of" in tip.inner_text() and "(approximate)" in tip.inner_text()


def test_presentation_mode_at_a_projector(browser, app_server):
    page, guard = open_page(browser, width=1280, height=720)
    page.goto(f"{app_server.url}/?chapter=6")
    frame = map_frame(page)
    settled(frame)
    frame.locator(".pm-tool--present").click()
    page.wait_for_function("() => document.querySelectorAll('h1').length === 0", timeout=15_000)  # the page followed
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    box = map_box(page)
    assert box["width"] >= 0.97 * 1280 and box["height"] >= 0.97 * 720, box
    root = frame.locator(".leaflet-container").bounding_box()  # in the page's px, full screen or not
    assert root["width"] >= 0.97 * 1280 and root["height"] >= 0.97 * 720, root
    sizes = frame.evaluate("""() => {
        const box = (q) => document.querySelector(q).getBoundingClientRect().toJSON();
        const size = (q) => parseFloat(getComputedStyle(document.querySelector(q)).fontSize);
        return { text: size('.pm-chap__text'), date: size('.pm-time__date'), body: box('.pm-chap__body'),
                 textBox: box('.pm-chap__text'), time: box('.pm-time'), dateBox: box('.pm-time__date'),
                 height: window.innerHeight }; }""")
    assert sizes["text"] >= 22 and sizes["date"] >= 28, sizes
    # readable means in view: the chapter's text starts on screen in its panel, which ends above the time control
    # (it scrolls there), and the date is on screen
    assert sizes["body"]["top"] <= sizes["textBox"]["top"] < sizes["body"]["bottom"] <= sizes["time"]["top"], sizes
    assert 0 <= sizes["dateBox"]["top"] and sizes["dateBox"]["bottom"] <= sizes["height"], sizes
    frame.locator(".pm-tool--present").click()
    page.locator("h1").wait_for(timeout=15_000)
    page.context.close()
    guard.check()
