"""The exported HTML file in headless Chromium, opened from disk with every outside request blocked."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from geo.config import Settings
from geo.io import load_catalog
from geo.model import Catalog
from geo.render import MapOptions, build_document
from geo.temporal import from_day_number
from tests.browser.harness import open_page, wait_for_map
from tests.conftest import make_feature

ALL_LAYERS_JS = "() => presenceMap.setLayers(presenceMap.getState().layers.length ? %s : [])"
XSS = "<img src=x onerror=alert(1)>"


def boundary_days(catalog: Catalog, today: dt.date) -> list[dt.date]:
    """Every first and last active day of every feature, and the day either side, within 1992..today."""
    days: set[dt.date] = set()
    for f in catalog.features:
        first, last = f.interval.first, f.interval.last
        days |= {first, first - dt.timedelta(days=1)}
        if last is not None:
            days |= {last, last + dt.timedelta(days=1)}
    return sorted(d for d in days if dt.date(1992, 1, 1) <= d <= today)


def open_export(browser, path: Path, **kwargs):
    page, guard = open_page(browser, **kwargs)
    page.goto(path.as_uri())
    wait_for_map(page)
    return page, guard


def test_draws_the_features_of_the_opening_date(browser, export_file, shipped):
    page, guard = open_export(browser, export_file)
    assert page.evaluate("presenceMap.getDate()") == "2020-11-10"
    visible = frozenset(layer.id for layer in shipped.layers if layer.visible)
    expected = sorted(f.id for f in shipped.active_on(dt.date(2020, 11, 10), layers=visible))
    assert page.evaluate("presenceMap.visibleFeatureIds()") == expected
    assert len(expected) > 5
    # drawn, not only listed: the features' SVG paths and markers are in the map
    assert page.locator(".leaflet-map-pane .leaflet-interactive").count() > 5
    page.context.close()
    guard.check()


def test_javascript_and_python_agree_on_every_boundary_day(browser, export_file, shipped):
    page, guard = open_export(browser, export_file)
    all_layers = [layer.id for layer in shipped.layers]
    page.evaluate("ids => presenceMap.setLayers(ids)", all_layers)
    days = boundary_days(shipped, dt.date.today())
    days += [dt.date(1992, 1, 1), dt.date(2008, 8, 8), dt.date(2020, 11, 10), dt.date(2023, 9, 19), dt.date.today()]
    assert len(days) >= 30
    got = page.evaluate(
        "days => days.map(d => { presenceMap.setDate(d); return presenceMap.visibleFeatureIds(); })",
        [d.isoformat() for d in days],
    )
    for day, ids in zip(days, got, strict=True):
        assert ids == sorted(f.id for f in shipped.active_on(day)), day
    page.context.close()
    guard.check()


def test_keyboard_steps_the_slider_and_the_list_follows(browser, export_file, shipped):
    page, guard = open_export(browser, export_file)
    slider = page.locator(".pm-time input[type=range]")
    slider.focus()
    page.keyboard.press("PageUp")  # one month forward
    assert page.evaluate("presenceMap.getDate()") == "2020-12-10"
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("presenceMap.getDate()") == "2020-12-09"
    page.keyboard.press("Shift+PageUp")
    assert page.evaluate("presenceMap.getDate()") == "2021-12-09"
    # the text alternative lists exactly what is drawn
    rows = page.locator(".pm-table tbody tr:not([hidden])").count()
    assert rows == len(page.evaluate("presenceMap.visibleFeatureIds()"))
    assert "2021" in page.locator(".pm-table caption").inner_text()
    page.context.close()
    guard.check()


def test_datechange_event_and_setdate_errors(browser, export_file):
    page, guard = open_export(browser, export_file)
    detail = page.evaluate("""() => new Promise(resolve => {
        document.addEventListener('presence:datechange', e => resolve(e.detail), {once: true});
        presenceMap.setDate('2024-06-12');
    })""")
    assert detail["date"] == "2024-06-12"
    message = page.evaluate("() => { try { presenceMap.setDate('2024-02-30'); } catch (e) { return e.message; } }")
    assert "2024-02-30" in message
    page.context.close()
    guard.check()


def test_zoom_and_pan_survive_slider_steps(browser, export_file):
    page, guard = open_export(browser, export_file)
    page.evaluate("""() => { const m = Object.values(window).find(v => v instanceof L.Map);
                            m.setView([39.82, 46.75], 10, {animate: false}); }""")
    before = page.evaluate("() => presenceMap.getState().view")
    for day in ("2021-01-01", "2022-08-30", "2023-09-20", "2024-06-13"):
        page.evaluate("d => presenceMap.setDate(d)", day)
        assert page.evaluate("() => presenceMap.getState().view") == before
    assert before["zoom"] == 10
    page.context.close()
    guard.check()


def test_phone_width_and_pinch_zoom(browser, export_file):
    page, guard = open_export(browser, export_file, width=390, height=700)
    meta = page.locator("meta[name=viewport]").get_attribute("content")
    assert "user-scalable=no" not in meta and "maximum-scale" not in meta
    box = page.locator(".pm-time").bounding_box()
    assert box is not None and box["width"] <= 390
    assert page.locator(".pm-time input[type=range]").is_visible()
    page.context.close()
    guard.check()


def test_hash_opens_at_a_date(browser, export_file):
    page, guard = open_page(browser)
    page.goto(export_file.as_uri() + "#date=2023-04-23&lang=ru")
    wait_for_map(page)
    assert page.evaluate("presenceMap.getDate()") == "2023-04-23"
    assert page.evaluate("document.documentElement.lang") == "ru"
    page.context.close()
    guard.check()


@pytest.fixture
def xss_file(make_layers, tmp_path) -> Path:
    evil = make_feature("evil", name=XSS, name_ru=XSS, operator=XSS, description=XSS, start="2000", end=None,
                        sources=[{"title": XSS, "publisher": XSS, "date": None, "url": "https://example.org/?<x>"}])
    catalog = load_catalog(Settings(layers_dir=make_layers(bases=[evil], roads=[]))).catalog
    path = tmp_path / "xss.html"
    path.write_text(build_document(catalog, MapOptions(day=dt.date(2020, 1, 1), title=XSS), today=dt.date.today()),
                    encoding="utf-8")
    return path


def test_xss_payload_stays_text(browser, xss_file):
    page, guard = open_page(browser)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(xss_file.as_uri())
    wait_for_map(page)
    page.get_by_role("button", name="Show the list").click()
    page.locator(".pm-table tbody tr:not([hidden])").first.click()  # opens the popup from the text alternative
    page.wait_for_selector(".leaflet-popup-content")
    assert XSS in page.locator(".leaflet-popup-content").inner_text()
    assert XSS in page.locator(".pm-table").inner_text()
    assert page.title() == XSS
    assert page.locator("img[src=x]").count() == 0
    assert dialogs == []
    page.context.close()
    guard.check()


def test_only_http_sources_become_links(browser, xss_file):
    page, guard = open_page(browser)
    page.goto(xss_file.as_uri())
    wait_for_map(page)
    page.get_by_role("button", name="Show the list").click()
    page.locator(".pm-table tbody tr:not([hidden])").first.click()
    links = page.locator(".leaflet-popup-content a[href]")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs)
    assert all(links.nth(i).get_attribute("rel") == "noopener noreferrer" for i in range(links.count()))
    page.context.close()
    guard.check()


def test_payload_day_numbers_are_what_the_browser_uses(browser, export_file):
    page, guard = open_export(browser, export_file)
    day = page.evaluate("presenceMap.getState().day")
    assert from_day_number(day) == dt.date(2020, 11, 10)
    assert json.loads(json.dumps(page.evaluate("presenceMap.getState().layers")))
    page.context.close()
    guard.check()


def test_measured_distances_are_geodesic(browser, export_file):
    from pyproj import Geod

    page, guard = open_export(browser, export_file)
    geod = Geod(ellps="WGS84")
    pairs = [((39.51111, 46.34168), (39.8177, 46.7528)),   # Goris - Stepanakert
             ((40.7894, 43.8465), (40.79, 43.65)),          # Gyumri - the Turkish border on the Akhurian
             ((41.7151, 44.8271), (40.1792, 44.4991))]      # Tbilisi - Yerevan
    for (lat1, lon1), (lat2, lon2) in pairs:
        js = page.evaluate("a => PresenceMap.geodesicKm(a[0], a[1], a[2], a[3])", [lat1, lon1, lat2, lon2])
        expected = geod.inv(lon1, lat1, lon2, lat2)[2] / 1000
        assert js == pytest.approx(expected, abs=0.001)
    page.context.close()
    guard.check()


def test_measuring_by_clicks_shows_the_distance(browser, export_file):
    page, guard = open_export(browser, export_file)
    page.evaluate("""() => { const m = Object.values(window).find(v => v instanceof L.Map);
                            m.setView([39.66, 46.55], 9, {animate: false}); }""")
    page.evaluate("presenceMap.setMeasure(true)")
    points = page.evaluate("""() => { const m = Object.values(window).find(v => v instanceof L.Map);
        const r = m.getContainer().getBoundingClientRect();
        return [[39.51111, 46.34168], [39.8177, 46.7528]].map(([a, b]) => {
            const p = m.latLngToContainerPoint([a, b]); return [r.left + p.x, r.top + p.y]; }); }""")
    for x, y in points:
        page.mouse.click(x, y)
    km = page.evaluate("presenceMap.getMeasure()")
    assert km == pytest.approx(49.02, abs=0.3)  # Goris - Stepanakert on the ellipsoid (clicks are pixel-exact only)
    page.context.close()
    guard.check()
