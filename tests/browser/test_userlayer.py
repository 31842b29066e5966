"""A user layer in the exported map, opened from disk with every outside request blocked: a 2,000-row CSV with dates
at every precision and ends on month and year boundaries; the map shows exactly the rows the active-on rule makes
active (Python's answer) on every boundary day, drawn as SVG markers (the size's default) and on a canvas (forced);
clicks on the canvas open the right popup (escaped text); keyboard, list, legend and layers panel follow it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Browser, Page

from geo.model import Catalog
from geo.render import MapOptions, build_document
from geo.temporal import day_number
from geo.userlayer import UserLayerOptions, read_user_layer
from geo.userlayer.layer import UserLayer
from geo.userlayer.onmap import MapUserLayer
from tests.browser.harness import Guard, open_page, wait_for_map

ROWS = 2000
XSS = "<img src=x onerror=alert(1)>"
#: One point alone north of the others (clear of the panels), on the map on one day only: the pixel and click checks use it.
LONE = {"id": "lone", "lat": 44.3, "lon": 44.5, "day": "2021-07-15"}


def write_csv(path: Path) -> Path:
    """ROWS rows (plus the lone point): years, months, days, open ends, one-day `date` events; a few bad rows."""
    rng = np.random.default_rng(14)
    lines = ["id,name,lat,lon,start,date,end,kind,url,description"]
    for i in range(ROWS - 1):
        lat, lon = rng.uniform(39.0, 43.5), rng.uniform(40.0, 48.0)
        year = int(rng.integers(2018, 2024))
        month = int(rng.integers(1, 13))
        form = i % 6
        if form == 0:
            start, date, end = f"{year}", "", f"{year + int(rng.integers(0, 2))}"
        elif form == 1:
            start, date, end = f"{year}-{month:02d}", "", f"{year}-{month:02d}"
        elif form == 2:
            start, date, end = f"{year}-02", "", f"{year}-02"  # leap and common Februaries
        elif form == 3:
            start, date, end = f"{year}-{month:02d}-{int(rng.integers(1, 29)):02d}", "", ""  # open
        elif form == 4:
            start, date, end = "", f"{year}-{month:02d}-{int(rng.integers(1, 29)):02d}", ""  # a one-day event
        else:
            start, date, end = f"{year}-{month:02d}-01", "", f"{year + 1}-{month:02d}"
        name = f"Event {i}" if i % 97 else XSS
        lines.append(f"e{i},{name},{lat:.5f},{lon:.5f},{start},{date},{end},shelling,https://example.org/{i},Row {i}")
    lines.append(f"{LONE['id']},Lone <b>point</b>,{LONE['lat']},{LONE['lon']},,{LONE['day']},,drone,javascript:alert(1),")
    lines.append("broken,Bad date,41,45,2021-02-30,,,x,,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass
class Layer:
    data: UserLayer
    html: dict[str, Path]


@pytest.fixture(scope="module")
def layer(shipped: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Layer:
    folder = tmp_path_factory.mktemp("userlayer")
    result = read_user_layer(write_csv(folder / "events.csv"), UserLayerOptions(layer_id="mine", title="My events"))
    assert len(result.layer) == ROWS and result.rows_left_out == 1
    html = {}
    for renderer in ("auto", "canvas"):
        styled = MapUserLayer.from_layer(result.layer, color="#C51B7D", symbol="triangle", renderer=renderer)
        path = folder / f"{renderer}.html"
        path.write_text(build_document(shipped, MapOptions(day=dt.date(2021, 7, 15), user_layers=(styled,)),
                                       today=dt.date.today()), encoding="utf-8")
        html[renderer] = path
    return Layer(result.layer, html)


def boundary_days(layer: UserLayer) -> list[int]:
    """Every first and last day (and the day either side) of a spread of features, plus Feb 29 of 2020."""
    closed = layer.last[layer.last < 2**31 - 1]
    days = {*layer.first[::37].tolist(), *(layer.first[::37] - 1).tolist(), *closed[::37].tolist(),
            *(closed[::37] + 1).tolist(), day_number(dt.date(2020, 2, 29)), day_number(dt.date(2020, 3, 1))}
    return sorted(days)


def iso(day: int) -> str:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()


@pytest.fixture
def page_of(browser: Browser, layer: Layer) -> Iterator:
    opened: list[tuple[Page, Guard]] = []

    def open_(renderer: str) -> Page:
        page, guard = open_page(browser)
        page.goto(layer.html[renderer].as_uri())
        wait_for_map(page, 60_000)
        opened.append((page, guard))
        return page

    yield open_
    for page, guard in opened:
        page.context.close()
        guard.check()


def user_ids(page: Page, layer: UserLayer) -> list[str]:
    mine = set(layer.ids)
    return sorted(i for i in page.evaluate("presenceMap.visibleFeatureIds()") if i in mine)


def fit(page: Page) -> None:
    page.evaluate("""() => { const m = Object.values(window).find(v => v instanceof L.Map);
        m.fitBounds([[38.9, 39.9], [45.3, 50.7]], {animate: false}); }""")


@pytest.mark.parametrize("renderer", ["auto", "canvas"])
def test_the_map_shows_exactly_the_active_rows_on_every_boundary_day(page_of, layer, renderer):
    page = page_of(renderer)
    info = page.evaluate("presenceMap.getUserLayers()")[0]
    assert (info["renderer"], info["count"]) == ("svg" if renderer == "auto" else "canvas", ROWS)
    fit(page)
    days = boundary_days(layer.data)
    assert len(days) > 100
    got = page.evaluate("""days => days.map(d => { presenceMap.setDate(d);
        return presenceMap.visibleFeatureIds(); })""", [iso(d) for d in days])
    mine = set(layer.data.ids)
    for day, ids in zip(days, got, strict=True):
        assert sorted(i for i in ids if i in mine) == sorted(layer.data.active_ids(day)), iso(day)
    # drawn, not only counted: every active feature is in view, so every one is painted (canvas) or a marker (SVG)
    for day in days[::15]:
        page.evaluate("d => presenceMap.setDate(d)", iso(day))
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        active = int(layer.data.active(day).sum())
        if renderer == "canvas":
            assert page.evaluate("presenceMap.getUserLayers()[0].drawn") == active, iso(day)
        else:
            assert page.locator(".leaflet-marker-pane .pm-user-sym").count() == active, iso(day)


def lone_point(page: Page) -> dict[str, float]:
    return page.evaluate("""([lat, lon]) => { const m = Object.values(window).find(v => v instanceof L.Map);
        const p = m.latLngToContainerPoint([lat, lon]); const r = m.getContainer().getBoundingClientRect();
        return {x: p.x + r.left, y: p.y + r.top, cx: p.x, cy: p.y}; }""", [LONE["lat"], LONE["lon"]])


def canvas_alpha(page: Page, x: float, y: float) -> int:
    """The canvas's alpha at page point (x, y)."""
    return page.evaluate("""([x, y]) => { const c = document.querySelector('canvas.pm-user-canvas');
        const r = c.getBoundingClientRect(); const k = c.width / r.width;
        return c.getContext('2d').getImageData(Math.round((x - r.left) * k), Math.round((y - r.top) * k), 1, 1).data[3]; }""",
                         [x, y])


def test_canvas_pixels_and_clicks(page_of, layer):
    page = page_of("canvas")
    fit(page)
    page.evaluate("d => presenceMap.setDate(d)", LONE["day"])
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    at = lone_point(page)
    assert canvas_alpha(page, at["x"], at["y"]) > 200
    page.mouse.click(at["x"] + 2, at["y"] + 1)
    popup = page.locator(".leaflet-popup .pm-pop--user")
    popup.wait_for()
    assert popup.locator(".pm-pop__title").inner_text() == "Lone <b>point</b>"  # text, not markup
    assert popup.locator("b, img, a").count() == 0
    assert "javascript" not in popup.inner_text()  # the reader left the javascript: link out
    assert "15 July 2021" in popup.inner_text()
    # the next day it is gone: the popup closes, the pixel is clear, a click there opens nothing
    page.evaluate("d => presenceMap.setDate(d)", "2021-07-16")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.locator(".leaflet-popup").wait_for(state="detached")  # closed (it fades out for 200 ms)
    assert canvas_alpha(page, at["x"], at["y"]) == 0
    page.mouse.click(at["x"], at["y"])
    page.wait_for_timeout(200)
    assert page.locator(".leaflet-popup").count() == 0
    assert "lone" not in user_ids(page, layer.data)


def test_the_canvas_covers_only_the_features_and_follows_a_zoom_animation(page_of, layer):
    """The canvas spans the layer's features within the view (not the whole padded view); while a zoom animates,
    its transform puts every feature where the map will show it at the new zoom."""
    page = page_of("canvas")
    fit(page)
    page.evaluate("d => presenceMap.setDate(d)", LONE["day"])
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    got = page.evaluate("""([lat, lon]) => {
        const m = Object.values(window).find(v => v instanceof L.Map);
        const c = document.querySelector('canvas.pm-user-canvas');
        const r = Object.values(m._layers).find(l => l._container === c);
        const size = m.getSize(); const b = r._bounds; const box = r._box;
        const z = m.getZoom(); const center = m.getCenter(); const out = [];
        // the lone point on the canvas (CSS px; unrounded, as the canvas draws it)
        const at = m.project([lat, lon], z).subtract(m.getPixelOrigin()).subtract(box.min);
        for (const dz of [1, -1, 0.5]) {
          r._updateTransform(center, z + dz);
          const t = /translate3d\\(([-\\d.]+)px, ([-\\d.]+)px, 0px\\) scale\\(([\\d.]+)\\)/.exec(c.style.transform);
          const x = +t[1] + at.x * +t[3]; const y = +t[2] + at.y * +t[3];
          const want = m.project([lat, lon], z + dz).subtract(m._getNewPixelOrigin(center, z + dz));
          out.push([x - want.x, y - want.y]);
        }
        r._updateTransform(center, z);
        return {off: out, canvas: [box.getSize().x, box.getSize().y], bounds: [b.getSize().x, b.getSize().y],
                size: [size.x, size.y]}; }""", [LONE["lat"], LONE["lon"]])
    for dx, dy in got["off"]:
        assert abs(dx) < 0.5 and abs(dy) < 0.5, got
    # the view reaches past the features (fit: 39.9-50.7 E, 38.9-45.3 N; the rows: 40-48 E, 39-44.3 N)
    assert got["canvas"][0] < got["bounds"][0] - 50 and got["canvas"][1] < got["bounds"][1] - 50, got
    assert canvas_alpha(page, lone_point(page)["x"], lone_point(page)["y"]) > 200


def test_a_step_redraws_only_the_changes_and_gives_the_pixels_of_a_full_redraw(page_of, layer):
    page = page_of("canvas")
    fit(page)
    frame = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    page.evaluate("d => presenceMap.setDate(d)", "2020-06-01")
    page.evaluate(frame)
    # the pixels stay in the page (millions of them): kept in a variable there, compared there
    keep = """() => { const c = document.querySelector('canvas.pm-user-canvas');
        window.__kept = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let alpha = 0; for (let k = 3; k < window.__kept.length; k += 4) alpha += window.__kept[k]; return alpha; }"""
    compare = """() => { const c = document.querySelector('canvas.pm-user-canvas');
        const now = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let differ = 0;
        for (let k = 0; k < now.length; k += 1) if (now[k] !== window.__kept[k]) differ += 1; return differ; }"""
    paints = page.evaluate("presenceMap.getUserLayers()[0].paints")
    for day in ("2020-07-01", "2020-08-01", "2020-08-02", "2021-01-01", "2020-12-31", "2020-12-01"):  # back and forth
        page.evaluate("d => presenceMap.setDate(d)", day)
        page.evaluate(frame)
    info = page.evaluate("presenceMap.getUserLayers()[0]")
    assert info["paints"] == paints + 6
    assert info["partial"] >= 6  # each step redrew only its changes
    assert info["drawn"] == int(layer.data.active(day_number(dt.date(2020, 12, 1))).sum())
    assert page.evaluate(keep) > 0
    page.evaluate("() => Object.values(window).find(v => v instanceof L.Map).fire('moveend')")  # a full redraw
    assert page.evaluate("presenceMap.getUserLayers()[0].paints") == paints + 7
    assert page.evaluate(compare) == 0


def test_list_legend_panel_and_events_follow_the_layer(page_of, layer):
    page = page_of("canvas")
    busiest = max(range(day_number(dt.date(2018, 1, 1)), day_number(dt.date(2025, 1, 1)), 7),
                  key=lambda d: int(layer.data.active(d).sum()))
    day = iso(busiest)
    page.evaluate("d => presenceMap.setDate(d)", day)
    active = len(layer.data.active_ids(busiest))
    assert active > 500  # the list shows the first 500 with the count
    legend = page.locator(".pm-legend__item--user")
    assert legend.is_visible() and "My events" in legend.inner_text() and f"{active:,}" in legend.inner_text()
    page.locator(".pm-list .pm-panel__toggle").click()
    table = page.locator(".pm-user-list table")
    table.wait_for()
    assert table.locator("tbody tr").count() == 500
    assert f"the first 500 of {active:,} are listed" in table.locator("caption").inner_text()
    # a row opens its popup, with the focus in it
    table.locator("tbody tr").first.locator("button").click()
    page.locator(".leaflet-popup .pm-pop--user").wait_for()
    # presence:datechange carries the ids (the user layer's too)
    ids = page.evaluate("""d => new Promise(r => { document.addEventListener('presence:datechange',
        e => r(e.detail.featureIds), {once: true}); presenceMap.setDate(d); })""", iso(busiest + 1))
    assert {i for i in ids if i in set(layer.data.ids)} == set(layer.data.active_ids(busiest + 1))
    # the layers panel hides it: no ids, no legend line, nothing drawn
    page.locator(".pm-layer--user input").uncheck()
    assert user_ids(page, layer.data) == []
    assert not legend.is_visible()
    assert page.evaluate("presenceMap.getUserLayers()[0].drawn") == 0
    page.evaluate("ids => presenceMap.setLayers(ids)", ["mine"])
    assert page.locator(".pm-layer--user input").is_checked()
    assert user_ids(page, layer.data) == sorted(layer.data.active_ids(busiest + 1))


def test_small_layers_are_keyboard_reachable_markers(page_of, layer):
    page = page_of("auto")
    page.evaluate("d => presenceMap.setDate(d)", LONE["day"])
    marker = page.locator(".leaflet-marker-pane .pm-user-sym[aria-label^='Lone']")
    assert marker.get_attribute("tabindex") == "0"
    marker.focus()
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup .pm-pop--user").wait_for()
    assert page.locator(".leaflet-popup .pm-pop__title").inner_text() == "Lone <b>point</b>"
    assert page.evaluate("document.activeElement.classList.contains('leaflet-popup-close-button')")
    page.keyboard.press("Escape")
    page.locator(".leaflet-popup").wait_for(state="detached")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Lone")  # focus came back
    assert page.locator(".leaflet-marker-pane img").count() == 0  # the hostile names stayed text


def test_a_document_with_user_layers_but_not_their_script_says_so_and_does_not_start(browser: Browser, layer: Layer,
                                                                                      tmp_path: Path) -> None:
    """The user-layer script goes with the layers (geo/render.py); a document that lost it fails loudly, not by
    showing a map without them."""
    from geo.render import _static

    html = layer.html["auto"].read_text(encoding="utf-8")
    script = "<script>" + _static("presence-userlayer.js") + "</script>"
    assert html.count(script) == 1
    path = tmp_path / "no-user-script.html"
    path.write_text(html.replace(script, ""), encoding="utf-8")
    page, guard = open_page(browser)
    try:
        page.goto(path.as_uri())
        page.wait_for_function("() => document.readyState === 'complete'")
        for _ in range(100):
            if guard.console_errors:
                break
            page.wait_for_timeout(100)
        assert guard.console_errors == [
            "The map could not start: presence map: the map data carries 1 user layer(s), but this document does not "
            "carry the user-layer script (presence-userlayer.js); geo.render.build_document inlines it when "
            "MapOptions.user_layers is set or bridge=True"]
        assert page.evaluate("() => window.presenceMap === undefined")
    finally:
        page.context.close()
    assert guard.outside == [] and guard.page_errors == []
