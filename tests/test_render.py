"""The map document: self-contained, escaped, and carrying the same day numbers as Python's rule."""

import datetime as dt
import re

import pytest

from geo.config import Settings
from geo.elements import read_payload
from geo.io import load_catalog
from geo.render import MapOptions, build_document, build_payload
from geo.temporal import day_number
from tests.conftest import make_feature

TODAY = dt.date(2026, 11, 22)
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def xss_catalog(make_layers):
    evil = make_feature("evil", name=XSS, description=f"{XSS} </script><script>alert(2)</script>",
                        operator="<b>bold</b>",
                        sources=[{"title": XSS, "publisher": "p", "date": None, "url": "https://example.org/?q=<x>"}])
    return load_catalog(Settings(layers_dir=make_layers(bases=[evil], roads=[make_feature("plain")]))).catalog


def test_payload_day_numbers_match_the_rule(small_layers):
    cat = load_catalog(Settings(layers_dir=small_layers)).catalog
    payload = build_payload(cat, MapOptions(day=dt.date(2021, 1, 1)), today=TODAY)
    road = next(f for f in payload["features"] if f["id"] == "test-road")
    assert (road["s"], road["e"]) == (day_number(dt.date(2020, 11, 10)), day_number(dt.date(2022, 8, 26)))
    base = next(f for f in payload["features"] if f["id"] == "test-base")
    assert (base["s"], base["e"]) == (day_number(dt.date(2008, 8, 1)), day_number(dt.date(2010, 12, 31)))
    assert payload["range"] == {"min": day_number(dt.date(1992, 1, 1)), "max": day_number(TODAY)}
    assert payload["initial"]["day"] == day_number(dt.date(2021, 1, 1))
    assert payload["features"][0]["g"]["type"] == "Point" and payload["features"][0]["g"]["coordinates"] == [43.8465, 40.7894]


def test_range_limits_and_clamps(small_layers):
    cat = load_catalog(Settings(layers_dir=small_layers)).catalog
    options = MapOptions(day=dt.date(2000, 1, 1), first=dt.date(2020, 1, 1), last=dt.date(2024, 12, 31))
    payload = build_payload(cat, options, today=TODAY)
    assert payload["range"] == {"min": day_number(dt.date(2020, 1, 1)), "max": day_number(dt.date(2024, 12, 31))}
    assert payload["initial"]["day"] == payload["range"]["min"]
    with pytest.raises(ValueError, match="after it ends"):
        build_payload(cat, MapOptions(day=TODAY, first=dt.date(2025, 1, 1), last=dt.date(2020, 1, 1)), today=TODAY)
    with pytest.raises(ValueError, match="unknown language"):
        build_payload(cat, MapOptions(day=TODAY, lang="de"), today=TODAY)


def test_sources_are_shared_and_only_layers_filter(small_layers):
    cat = load_catalog(Settings(layers_dir=small_layers)).catalog
    payload = build_payload(cat, MapOptions(day=TODAY, only=frozenset({"roads"})), today=TODAY)
    assert [layer["id"] for layer in payload["layers"]] == ["roads"]
    assert {f["id"] for f in payload["features"]} == {"test-road", "test-corridor"}
    assert len(payload["sources"]) == 1 and all(f["sources"] == [0] for f in payload["features"])


def test_dates_are_written_with_babel_patterns(small_layers):
    cat = load_catalog(Settings(layers_dir=small_layers)).catalog
    payload = build_payload(cat, MapOptions(day=TODAY), today=TODAY)
    assert payload["dates"]["en"]["day"] == "d MMMM y"
    assert payload["dates"]["ru"]["months"][10] == "ноября" and payload["dates"]["ru"]["months_standalone"][10] == "ноябрь"
    assert set(payload["dates"]) == {"en", "ru", "hy", "az", "ka"}


def test_document_is_self_contained(small_layers):
    cat = load_catalog(Settings(layers_dir=small_layers)).catalog
    html = build_document(cat, MapOptions(day=dt.date(2021, 1, 1)), today=TODAY)
    # every <script src> / <link href> / <img src> would be a request: there must be none
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", html, re.I)
    assert "cdn." not in html and "jsdelivr" not in html and "unpkg" not in html
    assert "user-scalable=no" not in html and 'content="width=device-width, initial-scale=1"' in html
    assert '<html lang="en">' in html
    assert "Leaflet 1.9.4" in html or "leaflet" in html.lower()


def test_xss_payload_never_reaches_html_as_markup(xss_catalog):
    html = build_document(xss_catalog, MapOptions(day=dt.date(2009, 1, 1)), today=TODAY)
    assert XSS not in html
    assert "<b>bold</b>" not in html
    assert "</script><script>alert(2)" not in html
    payload = read_payload(html)
    evil = next(f for f in payload["features"] if f["id"] == "evil")
    assert evil["name"]["en"] == XSS  # the text survives intact, as data
    assert payload["sources"][0]["title"] == XSS


def test_title_is_escaped(small_layers):
    cat = load_catalog(Settings(layers_dir=small_layers)).catalog
    html = build_document(cat, MapOptions(day=TODAY, title=XSS), today=TODAY)
    assert f"<title>{XSS}" not in html and "<title>&lt;img src=x" in html


# --- framing and the headline block (MapOptions.bbox / .headline; geo/framing.py) ---------------------------------


def test_the_opening_box_is_the_bbox_else_the_ranges_features_and_a_view_is_kept(small_layers):
    from geo.framing import Bounds, parse_bbox
    from geo.view import View

    cat = load_catalog(Settings(layers_dir=small_layers)).catalog
    day = dt.date(2021, 1, 1)
    asked = build_payload(cat, MapOptions(day=day, bbox=parse_bbox("45.9,39.3,47.3,40.3")), today=TODAY)["initial"]
    assert asked["bounds"] == [[39.3, 45.9], [40.3, 47.3]]
    assert asked["view"]["zoom"] == 9.0 and abs(asked["view"]["lon"] - 46.6) < 1e-9  # the fallback: the box's fit
    # no bbox: the features active over the slider's range; from 2011 on only the road and its corridor are
    ranged = build_payload(cat, MapOptions(day=day, first=dt.date(2011, 1, 1)), today=TODAY)["initial"]["bounds"]
    (south, west), (north, east) = ranged
    assert west < 46.35 and east > 46.75 and south < 39.52 and north > 39.81  # road (and its corridor)
    assert west > 43.9  # the 2008–2010 base at Gyumri is not in the range
    everything = build_payload(cat, MapOptions(day=day), today=TODAY)["initial"]["bounds"]
    assert everything[0][1] < 43.85  # from 1992: the base too
    # the reader's view (the app's "Download this map") is kept exactly: nothing to fit
    kept = build_payload(cat, MapOptions(day=day, view=View(lat=40.1, lon=45.2, zoom=8.5),
                                         bbox=Bounds(46, 39, 47, 40)), today=TODAY)["initial"]
    assert kept["bounds"] is None and kept["view"] == {"lat": 40.1, "lon": 45.2, "zoom": 8.5}
    # nothing active over the range: the dataset's view, no box
    empty = build_payload(cat, MapOptions(day=day, only=frozenset({"bases"}), first=dt.date(2015, 1, 1)),
                          today=TODAY)["initial"]
    assert empty["bounds"] is None


def test_the_headline_goes_in_as_plain_text_and_the_title_in_title_and_aria_label(small_layers):
    from geo.render import Headline

    cat = load_catalog(Settings(layers_dir=small_layers)).catalog
    hostile = "<img src=x onerror=alert(1)> {{ 7*191 }}"
    head = Headline(title=hostile, subtitle="  two\n lines ", notes="", byline=None)
    payload = build_payload(cat, MapOptions(day=dt.date(2021, 1, 1), headline=head), today=TODAY)
    assert payload["headline"] == {"title": hostile, "subtitle": "two lines", "notes": None, "byline": None}
    assert build_payload(cat, MapOptions(day=dt.date(2021, 1, 1)), today=TODAY)["headline"] is None  # the app
    html = build_document(cat, MapOptions(day=dt.date(2021, 1, 1), headline=head), today=TODAY)
    escaped = "&lt;img src=x onerror=alert(1)&gt; {{ 7*191 }}"
    assert f"<title>{escaped}</title>" in html and f'aria-label="{escaped}"' in html
    text = re.sub(r"[A-Za-z0-9+/=]{64,}", "", html)  # base64 (fonts, images) may hold any digits
    assert "<img src=x" not in text and "1337" not in text
    assert read_payload(html)["headline"]["title"] == hostile


def test_the_source_line_names_the_other_sources(small_layers):
    cat = load_catalog(Settings(layers_dir=small_layers)).catalog
    dataset = build_payload(cat, MapOptions(day=dt.date(2021, 1, 1)), today=TODAY)["dataset"]
    assert dataset["credit"] and dataset["reference_credits"][0] == "Natural Earth"
    assert dataset["reference_credits"][-1] == "GeoNames (CC BY 4.0)"  # the shipped place labels are in


@pytest.fixture(scope="module")
def shipped_chapters():
    from geo.chapters import load_chapters
    from geo.config import DEFAULT_LAYERS_DIR

    catalog = load_catalog(Settings()).catalog
    return catalog, load_chapters(DEFAULT_LAYERS_DIR, layer_ids=[layer.id for layer in catalog.layers], today=TODAY)


def test_chapters_carry_the_box_of_their_features(shipped_chapters):
    catalog, chapters = shipped_chapters
    payload = build_payload(catalog, MapOptions(day=chapters[0].day, chapters=chapters), today=TODAY)
    boxes = [c["bounds"] for c in payload["chapters"]]
    assert all(b is not None for b in boxes)
    lachin = next(c for c in payload["chapters"] if c["id"] == "lachin-corridor-blockade-2022-12-12")
    (south, west), (north, east) = lachin["bounds"]
    assert 46.0 < west < 46.6 and 46.9 < east < 47.5 and 39.3 < south < 39.7 and 40.0 < north < 40.5
