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
