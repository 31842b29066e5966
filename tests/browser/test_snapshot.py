"""PNG, handout PDF and the classroom pack, through Debian's Chromium with outside requests blocked."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from PIL import Image
from pypdf import PdfReader

from tests.browser.harness import REPO


def run(*argv):
    """The real command in its own process (Playwright's sync API cannot nest inside the tests' browser)."""
    done = subprocess.run([sys.executable, "-m", "geo", *argv], capture_output=True, text=True, timeout=600,
                          cwd=REPO, check=False)
    return done.returncode, done.stdout, done.stderr


def test_png_has_the_size_asked_and_is_not_blank(tmp_path):
    target = tmp_path / "map.png"
    code, _, err = run("export", "--format", "png", "--date", "2021-01-01", "--width", "900", "--height", "600",
                       "--output", str(target))
    assert code == 0, err
    image = Image.open(target).convert("RGB")
    assert image.size == (900, 600)
    colours = image.getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50  # a map, not a blank page
    dark = sum(count for count, rgb in colours if sum(rgb) < 200)
    assert dark > 500  # text: the date, the legend and the credit are drawn in


def test_handout_is_a4_with_the_chapter_text_on_the_map_page(tmp_path):
    # every chapter x language is checked word for word in test_handouts.py; this is the command line
    target = tmp_path / "handout.pdf"
    code, _, err = run("handout", "--chapter", "6", "--lang", "en", "--output", str(target))
    assert code == 0, err
    reader = PdfReader(target)
    assert len(reader.pages) in (1, 2)  # sources that do not fit beside the map go to page 2
    for page in reader.pages:
        width, height = (float(v) for v in page.mediabox.upper_right)
        assert abs(width - 842) <= 2 and abs(height - 595) <= 2  # A4 landscape, in points
    text = reader.pages[0].extract_text()
    assert "10 November 2020" in text


def test_handout_rejects_a_missing_chapter(tmp_path):
    code, _, err = run("handout", "--chapter", "99", "--output", str(tmp_path / "x.pdf"))
    assert code == 2 and "--chapter must be 1.." in err


def test_pack_has_map_handouts_data_and_readme(tmp_path):
    target = tmp_path / "pack.zip"
    code, _, err = run("pack", "--lang", "ru", "--output", str(target))
    assert code == 0, err
    with zipfile.ZipFile(target) as pack:
        names = pack.namelist()
        assert "map.html" in names and "README.txt" in names
        assert "data/presence-map.geojson" in names and "data/presence-map.csv" in names
        handouts = [n for n in names if n.startswith("handouts/") and n.endswith(".pdf")]
        assert len(handouts) >= 10
        readme = pack.read("README.txt").decode("utf-8")
        assert "Российское военное присутствие" in readme and "map.html" in readme


# --- --scale, --format pdf, greyscale-safe areas (issue 10) ----------------------------------------------------------

KARABAKH = ["--date", "2022-12-12", "--bbox", "45.9,39.3,47.3,40.3", "--title", "Russian forces around Nagorno-Karabakh",
            "--subtitle", "Peacekeepers and the Lachin corridor", "--notes", "Dashed: approximate.", "--byline", "J. Doe"]


def test_png_scale_2_is_the_same_layout_with_twice_the_pixels(tmp_path):
    target = tmp_path / "map.png"
    code, _, err = run("export", "--format", "png", *KARABAKH, "--width", "700", "--height", "500", "--scale", "2",
                       "--output", str(target))
    assert code == 0, err
    assert "1400x1000 px at scale 2" in err
    image = Image.open(target).convert("RGB")
    assert image.size == (1400, 1000)
    # the headline is drawn in: the title's dark ink in the top left corner (not a blank map)
    corner = image.crop((20, 20, 700, 90)).getcolors(maxcolors=1_000_000)
    assert corner is not None and sum(n for n, rgb in corner if sum(rgb) < 150) > 2000


def test_pdf_is_one_vector_page_with_text_at_the_page_size(tmp_path):
    target = tmp_path / "map.pdf"
    code, _, err = run("export", "--format", "pdf", *KARABAKH, "--output", str(target))
    assert code == 0, err
    reader = PdfReader(target)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    width, height = (float(v) for v in page.mediabox.upper_right)
    assert abs(width - 842) <= 2 and abs(height - 595) <= 2  # A4 landscape, in points
    text = " ".join(page.extract_text().split())
    for words in ("Russian forces around Nagorno-Karabakh", "Peacekeepers and the Lachin corridor",
                  "Situation on 12 December 2022", "Map: J. Doe", "Natural Earth; GeoNames (CC BY 4.0)",
                  "Peacekeeping zone", "12 December 2022"):
        assert words in text, words  # text stays text
    assert list(page.images) == []  # the map is vector: Leaflet's SVG, no raster

    code, _, err = run("export", "--format", "pdf", "--date", "2022-12-12", "--page", "a3", "--portrait",
                       "--output", str(target))
    assert code == 0, err
    reader = PdfReader(target)
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert abs(width - 842) <= 2 and abs(height - 1191) <= 2  # A3 portrait


def test_the_areas_keep_apart_in_greyscale(browser, shipped, tmp_path):
    """The peacekeeping zone, the corridor, the hatched former NKAO / breakaway regions and the plain land each
    keep their own grey level (and the patterned ones a texture) in a greyscale rendering of the still image."""
    import datetime as dt
    import io

    from shapely.geometry import box, shape
    from shapely.ops import unary_union

    from geo.assets import basemap
    from geo.framing import parse_bbox
    from geo.render import MapOptions, build_document
    from tests.browser.harness import open_page, wait_for_map

    day = dt.date(2022, 12, 12)
    active = shipped.active_on(day)
    areas = {f.kind: f.geometry for f in active if f.geometry.geom_type in ("Polygon", "MultiPolygon")}
    points = unary_union([f.geometry.buffer(0.04) for f in active if f.geometry.geom_type in ("Point", "MultiPoint")])
    outline = {f["properties"]["id"]: shape(f["geometry"]) for f in basemap()["features"]}

    def inside(geometry, inset):
        part = geometry.difference(points).buffer(-inset)
        return max(getattr(part, "geoms", [part]), key=lambda g: g.area).representative_point()

    zone, corridor = areas["peacekeeping-zone"], areas["corridor"]
    spots = {
        "zone": inside(zone.difference(corridor), 0.02),
        "corridor": inside(corridor.difference(zone).difference(outline["nkao_1991"]), 0.006),
        "former NKAO (hatched)": inside(outline["nkao_1991"].difference(zone).difference(corridor), 0.02),
        "land": inside(outline["AZE"].difference(outline["nkao_1991"]).intersection(box(46.8, 39.3, 47.3, 40.3)), 0.02),
    }

    def greys(bbox, wanted):
        path = tmp_path / "grey.html"
        path.write_text(build_document(shipped, MapOptions(day=day, bbox=parse_bbox(bbox)), today=dt.date.today()),
                        encoding="utf-8")
        page, guard = open_page(browser, width=1000, height=800)
        page.goto(path.as_uri())
        wait_for_map(page)
        page.evaluate("presenceMap.setSnapshotMode(true)")
        page.add_style_tag(content=".leaflet-control-container, .leaflet-marker-pane, .leaflet-tooltip-pane, "
                                   "[data-place] { visibility: hidden !important; }")
        pixels = page.evaluate("""(pts) => { const m = Object.values(window).find(v => v instanceof L.Map);
            return pts.map(([x, y]) => { const c = m.latLngToContainerPoint([y, x]); return [c.x, c.y]; }); }""",
                               [[p.x, p.y] for p in wanted.values()])
        image = Image.open(io.BytesIO(page.screenshot())).convert("L")
        page.context.close()
        guard.check()
        out = {}
        for name, (x, y) in zip(wanted, pixels, strict=True):
            patch = [image.getpixel((round(x) + dx, round(y) + dy)) for dx in range(-6, 7) for dy in range(-6, 7)]
            mean = sum(patch) / len(patch)
            out[name] = (mean, (sum((v - mean) ** 2 for v in patch) / len(patch)) ** 0.5)
        return out

    measured = greys("46.2,39.4,47.2,40.3", spots)
    ossetia = outline["south_ossetia"]
    measured |= greys("43.4,42.0,44.6,42.8", {"breakaway (hatched)": inside(ossetia, 0.03),
                                              "land ": inside(outline["GEO"].difference(ossetia).intersection(
                                                  box(43.4, 41.8, 44.6, 42.15)), 0.02)})
    names = list(spots)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert abs(measured[a][0] - measured[b][0]) >= 15, (a, b, measured)
    assert measured["zone"][1] >= 10 and measured["corridor"][1] >= 10, measured  # patterns, not only colour
    assert abs(measured["breakaway (hatched)"][0] - measured["land "][0]) >= 15, measured
    assert abs(measured["breakaway (hatched)"][0] - measured["zone"][0]) >= 15, measured
