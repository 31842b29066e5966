"""The Streamlit app in headless Chromium: a real server on loopback, every outside request blocked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.i18n import date_words
from tests.browser.harness import AppServer, map_frame, open_page, start_app, stop_app
from tests.browser.test_export import XSS, boundary_days
from tests.conftest import make_feature


@pytest.fixture
def app_page(browser, app_server: AppServer) -> Iterator[tuple]:
    page, guard = open_page(browser, width=1400, height=1000)
    yield page, guard
    page.context.close()
    guard.check()


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
