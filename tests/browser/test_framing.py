"""The exported map leaves the map to the reader: framing (--bbox, the range's features, chapters), the headline
block, folded panels, a legend of what is shown, and how much of the map the controls cover (measured here)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from shapely.geometry import box
from shapely.ops import unary_union

from geo.chapters import load_chapters
from geo.config import DEFAULT_LAYERS_DIR
from geo.framing import chapter_bounds, parse_bbox
from geo.i18n import strings
from geo.model import Catalog
from geo.render import Headline, MapOptions, build_document
from tests.browser.harness import open_page, wait_for_map

KARABAKH = parse_bbox("45.9,39.3,47.3,40.3")
DAY = dt.date(2022, 12, 12)
#: A realistic newsroom headline: a 38-character title, a one-sentence subtitle, a short note and a byline.
HEADLINE = Headline(title="Russian forces around Nagorno-Karabakh",
                    subtitle="Peacekeepers, the Lachin corridor and the posts on the day the blockade began",
                    notes="Approximate geometry is dashed.", byline="Jane Doe, The Daily")
HOSTILE = "<img src=x onerror=alert(1)> {{ 7*191 }} {% if 1 %}PWNED{% endif %}"
#: The least share of the map free of controls, by viewport (issue 10).
FREE = {(700, 500): 0.60, (1280, 800): 0.70, (390, 844): 0.50}

MAP = "() => Object.values(window).find(v => v instanceof L.Map)"
BOXES = """() => {
  const m = document.querySelector('.pm-root').getBoundingClientRect();
  const out = [];
  for (const n of document.querySelectorAll('.leaflet-control-container .leaflet-control, .pm-headline')) {
    const s = getComputedStyle(n);
    if (s.display === 'none' || s.visibility === 'hidden') continue;
    const r = n.getBoundingClientRect();
    if (r.width >= 1 && r.height >= 1) out.push([r.left - m.left, r.top - m.top, r.right - m.left, r.bottom - m.top]);
  }
  return {size: [m.width, m.height], boxes: out};
}"""


def write(tmp: Path, name: str, catalog: Catalog, options: MapOptions) -> Path:
    path = tmp / name
    path.write_text(build_document(catalog, options, today=dt.date.today()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def exports(shipped: Catalog, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("framing")
    return {
        "plain": write(tmp, "plain.html", shipped, MapOptions(day=DAY, headline=Headline())),
        "headline": write(tmp, "headline.html", shipped, MapOptions(day=DAY, bbox=KARABAKH, headline=HEADLINE)),
        "hostile": write(tmp, "hostile.html", shipped, MapOptions(
            day=DAY, headline=Headline(title=HOSTILE, subtitle=HOSTILE, notes=HOSTILE, byline=HOSTILE))),
    }


def free_share(page) -> tuple[float, list[list[float]]]:
    """1 − (area of the union of every visible control's box over the map) / (the map's area): shapely, not ours."""
    got = page.evaluate(BOXES)
    width, height = got["size"]
    whole = box(0, 0, width, height)
    covered = unary_union([box(*b) for b in got["boxes"]]).intersection(whole).area
    return 1 - covered / whole.area, got["boxes"]


def bbox_rect(page, bounds) -> list[float]:
    """The bounds' rectangle in map pixels [left, top, right, bottom]."""
    return page.evaluate("""([s, w, n, e]) => { const m = (%s)();
        const a = m.latLngToContainerPoint([n, w]); const b = m.latLngToContainerPoint([s, e]);
        return [a.x, a.y, b.x, b.y]; }""" % MAP, [bounds.south, bounds.west, bounds.north, bounds.east])


@pytest.mark.parametrize("kind", ["plain", "headline"])
@pytest.mark.parametrize(("width", "height"), list(FREE), ids=lambda v: str(v))
def test_controls_leave_the_map_to_the_reader(browser, exports, kind, width, height):
    page, guard = open_page(browser, width=width, height=height)
    page.goto(exports[kind].as_uri())
    wait_for_map(page)
    share, boxes = free_share(page)
    assert share >= FREE[(width, height)], f"{kind} {width}x{height}: {share:.1%} free; boxes {boxes}"
    # the layers panel (legend inside) opens on first view only from 900 px of map width
    expanded = page.locator(".pm-layers .pm-panel__toggle").get_attribute("aria-expanded")
    assert expanded == ("true" if width >= 900 else "false")
    if kind == "headline":
        assert page.locator(".pm-headline--top").is_visible()
        headline = page.locator(".pm-headline--top").bounding_box()
        assert headline is not None and headline["x"] + headline["width"] <= width  # on the map, not cut off
    page.context.close()
    guard.check()


@pytest.mark.parametrize(("width", "height"), [(700, 500), (1280, 800), (390, 844)], ids=lambda v: str(v))
def test_the_bbox_opens_in_view_clear_of_the_panels_and_large(browser, exports, width, height):
    page, guard = open_page(browser, width=width, height=height)
    page.goto(exports["headline"].as_uri())
    wait_for_map(page)
    left, top, right, bottom = rect = bbox_rect(page, KARABAKH)
    assert left >= -1 and top >= -1 and right <= width + 1 and bottom <= height + 1, rect
    _, boxes = free_share(page)
    story = box(left, top, right, bottom)
    big = [b for b in boxes if (b[2] - b[0]) * (b[3] - b[1]) >= 0.02 * width * height]
    assert all(story.intersection(box(*b)).area < 0.02 * story.area for b in big), (rect, big)
    # fitted, not merely inside: half a zoom step more would not fit the free part (fitBounds at zoomSnap 0.5)
    assert (right - left) >= 0.45 * width or (bottom - top) >= 0.28 * height, rect
    zoom = page.evaluate(f"() => ({MAP})().getZoom()")
    assert zoom * 2 == int(zoom * 2)
    # a resize fits it again while the reader has not moved the map; after a drag it stays where the reader left it
    page.set_viewport_size({"width": height, "height": width})
    page.wait_for_timeout(300)
    left, top, right, bottom = bbox_rect(page, KARABAKH)
    assert left >= -1 and top >= -1 and right <= height + 1 and bottom <= width + 1
    page.evaluate(f"() => {{ const m = ({MAP})(); m.fire('movestart'); m.panBy([150, 0], {{animate: false}}); }}")
    before = page.evaluate("presenceMap.getState().view")
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(300)
    assert page.evaluate("presenceMap.getState().view") == before
    page.context.close()
    guard.check()


def test_without_a_bbox_the_view_fits_the_features_of_the_range(browser, shipped, tmp_path):
    only = frozenset({"lachin_corridor", "peacekeeping_zone"})
    path = write(tmp_path, "range.html", shipped, MapOptions(day=DAY, first=dt.date(2020, 11, 10), only=only))
    page, guard = open_page(browser, width=1280, height=800)
    page.goto(path.as_uri())
    wait_for_map(page)
    # not the whole South Caucasus (the dataset's view is zoom 6.5): Karabakh and the corridor fill the free part
    assert page.evaluate(f"() => ({MAP})().getZoom()") >= 8.5
    shapes = page.evaluate("""() => [...document.querySelectorAll(
        '.leaflet-marker-pane .leaflet-marker-icon, .leaflet-pm-areas-pane path, .leaflet-pm-lines-pane path')]
        .map(n => { const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })""")
    assert len(shapes) > 5
    for left, top, right, bottom in shapes:
        assert left >= 0 and top >= 0 and right <= 1280 and bottom <= 800, (left, top, right, bottom)
    page.context.close()
    guard.check()


def test_a_chapter_opens_framed_on_its_features(browser, shipped, tmp_path):
    chapters = load_chapters(DEFAULT_LAYERS_DIR, layer_ids=[layer.id for layer in shipped.layers],
                             today=dt.date.today())
    path = write(tmp_path, "chapters.html", shipped, MapOptions(day=chapters[0].day, chapters=chapters))
    page, guard = open_page(browser, width=1280, height=800, reduced_motion="reduce")
    page.goto(path.as_uri())
    wait_for_map(page)
    for number in (2, 9):
        page.evaluate("n => presenceMap.goToChapter(n)", number)
        bounds = chapter_bounds(shipped, chapters[number - 1])
        assert bounds is not None
        left, top, right, bottom = bbox_rect(page, bounds)
        panel = page.locator(".pm-chap").bounding_box()
        assert panel is not None
        chap = box(panel["x"], panel["y"], panel["x"] + panel["width"], panel["y"] + panel["height"])
        assert box(left, top, right, bottom).intersection(chap).area < 100, (number, left, top, panel)  # clear of it
        assert left >= -1 and top >= -1 and right <= 1281 and bottom <= 801, number
        assert (right - left) >= 300 or (bottom - top) >= 250, number  # the story fills the free part
    page.context.close()
    guard.check()


def kinds_in_view(page, shipped: Catalog) -> set[str]:
    """The kinds of the features drawn now whose box meets the map's view (Python's geometry, Leaflet's view)."""
    west, south, east, north = page.evaluate(
        f"() => {{ const b = ({MAP})().getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }}")
    ids = set(page.evaluate("presenceMap.visibleFeatureIds()"))
    view = box(west, south, east, north)
    return {f.kind for f in shipped.features if f.id in ids and f.geometry.envelope.intersects(view)}


def test_the_legend_lists_what_is_on_the_map_and_follows_the_slider(browser, exports, shipped):
    page, guard = open_page(browser, width=1280, height=800)
    page.goto(exports["plain"].as_uri())
    wait_for_map(page)
    text = strings("en")
    seen = []
    for date in ("1993-06-01", "2008-08-20", "2020-11-10", "2022-12-12", "2025-09-01"):
        page.evaluate("d => presenceMap.setDate(d)", date)
        labels = page.locator(".pm-legend__item:not(.pm-legend__item--approx):visible > span:last-child").all_inner_texts()
        shown = {part for label in labels for part in label.split(" / ")}
        want = {text(f"kind.{k}") for k in kinds_in_view(page, shipped)}
        assert shown == want, date
        approx = any(f.approximate for f in shipped.features if f.id in set(page.evaluate("presenceMap.visibleFeatureIds()")))
        assert page.locator(".pm-legend__item--approx").is_visible() == approx, date
        seen.append(frozenset(shown))
    assert len(set(seen)) >= 3  # it changed with the date
    # most important first: a base before the posts, the posts before the events
    page.evaluate("() => presenceMap.setDate('2022-12-12')")
    order = page.locator(".pm-legend__item:visible > span:last-child").all_inner_texts()
    assert order.index(text("kind.military-base")) < order.index(text("kind.event"))
    page.context.close()
    guard.check()


def test_the_headline_is_text_and_its_date_follows_the_slider(browser, exports):
    page, guard = open_page(browser, width=1280, height=800)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(exports["hostile"].as_uri())
    wait_for_map(page)
    assert page.locator(".pm-headline__title").inner_text() == HOSTILE
    assert page.locator(".pm-headline__subtitle").inner_text() == HOSTILE
    assert page.locator(".pm-headline--foot").inner_text().startswith(HOSTILE)
    assert f"Map: {HOSTILE}" in page.locator(".leaflet-control-attribution").inner_text()
    assert page.title() == HOSTILE
    assert page.locator(".pm-map").get_attribute("aria-label") == HOSTILE
    assert page.locator("img[src=x]").count() == 0 and dialogs == []
    body = page.locator("body").inner_text()
    assert "1337" not in body and "{{ 7*191 }}" in body
    foot = page.locator(".pm-headline--foot")
    assert "Situation on 12 December 2022; data as of" in foot.inner_text()
    page.evaluate("() => presenceMap.setDate('2008-08-08')")
    assert "Situation on 8 August 2008" in foot.inner_text()
    page.evaluate("() => presenceMap.setLanguage('ru')")
    assert "Положение на 8 августа 2008" in foot.inner_text()
    page.context.close()
    guard.check()


def test_without_a_title_no_headline_but_the_date_and_the_source_line(browser, exports):
    page, guard = open_page(browser, width=700, height=500)
    page.goto(exports["plain"].as_uri())
    wait_for_map(page)
    assert page.locator(".pm-headline--top").count() == 0
    assert "Situation on 12 December 2022" in page.locator(".pm-headline--foot").inner_text()
    credit = page.locator(".leaflet-control-attribution")
    line = credit.inner_text()
    assert line.startswith("Leaflet") and "from " in line and "Natural Earth; GeoNames (CC BY 4.0)" in line
    # the prefix is plain text: no flag, no image, no link
    assert credit.locator("svg, img").count() == 0
    assert credit.locator("a").count() == 0
    page.context.close()
    guard.check()


SLIDER_AND_DATE = """() => {
  const s = document.querySelector('.pm-time__slider').getBoundingClientRect();
  const d = document.querySelector('.pm-time__date');
  const range = document.createRange(); range.selectNodeContents(d);
  const t = range.getBoundingClientRect(); const box = d.getBoundingClientRect();
  const c = document.querySelector('.pm-time').getBoundingClientRect();
  return {slider: [s.left, s.width], text: [t.left, t.right], box: [box.left, box.right], control: [c.left, c.right],
          lines: range.getClientRects().length};
}"""


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (700, 500), (390, 844)])
def test_the_slider_stays_put_while_the_date_words_change(browser, exports, width, height):
    """The date keeps the width of the longest date of its language: stepping (or playing) through short and long
    month names never moves or resizes the slider beside it, and no date is cut or wraps."""
    page, guard = open_page(browser, width=width, height=height)
    page.goto(exports["plain"].as_uri())
    wait_for_map(page)
    for lang in ("en", "ru", "hy", "az", "ka"):
        page.evaluate("l => presenceMap.setLanguage(l)", lang)
        seen = []
        for day in ("2008-05-01", "2008-09-28", "2021-11-30", "2023-02-14", "1994-12-09", "2020-07-17"):
            page.evaluate("d => presenceMap.setDate(d)", day)
            got = page.evaluate(SLIDER_AND_DATE)
            seen.append(got)
            assert got["lines"] == 1, (lang, day, got)
            assert got["text"][0] >= got["box"][0] - 0.5 and got["text"][1] <= got["box"][1] + 0.5, (lang, day, got)
            assert got["box"][1] <= got["control"][1], (lang, day, got)
        assert len({(round(g["slider"][0], 1), round(g["slider"][1], 1)) for g in seen}) == 1, (lang, seen)
    page.context.close()
    guard.check()
