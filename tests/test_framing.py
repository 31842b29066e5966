"""geo.framing: --bbox parsing, the box around features (over a range, for a chapter), the fallback view."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from geo.chapters import Chapter
from geo.config import Settings
from geo.framing import (
    MIN_SPAN_DEG,
    REGION,
    Bounds,
    active_over,
    chapter_bounds,
    features_bounds,
    parse_bbox,
    range_bounds,
    view_box,
    view_for,
)
from geo.io import load_catalog
from geo.view import View
from tests.conftest import make_feature

KARABAKH = "45.9,39.3,47.3,40.3"


def test_a_bbox_is_four_numbers_west_south_east_north():
    assert parse_bbox(KARABAKH) == Bounds(45.9, 39.3, 47.3, 40.3)
    assert parse_bbox(" 45.9 , 39.3,47.3 ,40.3 ") == Bounds(45.9, 39.3, 47.3, 40.3)
    assert parse_bbox("46,39,47,40").leaflet() == [[39.0, 46.0], [40.0, 47.0]]  # Leaflet's [lat, lon] corners


@pytest.mark.parametrize(
    ("text", "words"),
    [("45.9,39.3,47.3", "four numbers"), ("45.9,39.3,47.3,40.3,1", "four numbers"), ("", "four numbers"),
     ("a,39.3,47.3,40.3", "'a' is not a number"), ("nan,39,47,40", "'nan' is not a number"),
     ("inf,39,47,40", "'inf' is not a number"), ("1e1,39,47,40", "'1e1' is not a number"),
     ("45,39,45,40", "west (45) must be less than east (45)"), ("47.3,39.3,45.9,40.3", "west (47.3)"),
     ("45.9,40.3,47.3,39.3", "south (40.3) must be less than north (39.3)"),
     ("20,39,47,40", "outside the map's region"), ("45,39,47,60", "outside the map's region"),
     ("٤٥,39,47,40", "is not a number"), ("9" * 5000 + ",1,2,3", "is not a number")],
)
def test_a_bad_bbox_says_what_is_wrong(text, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")) as info:
        parse_bbox(text)
    assert len(str(info.value)) < 200  # a 5,000-character argument is not echoed back in full


def test_bounds_refuse_disorder_and_non_numbers():
    with pytest.raises(ValueError, match="out of order"):
        Bounds(47, 39, 46, 40)
    with pytest.raises(ValueError, match="finite"):
        Bounds(math.nan, 39, 46, 40)
    assert REGION.covers(Bounds(45.9, 39.3, 47.3, 40.3)) and not REGION.covers(Bounds(30, 39, 47, 40))


def test_features_bounds_cover_every_geometry_and_widen_a_point(small_layers):
    catalog = load_catalog(Settings(layers_dir=small_layers)).catalog
    box = features_bounds(catalog.features)
    assert box is not None
    for feature in catalog.features:
        w, s, e, n = feature.geometry.bounds
        assert box.west <= w and e <= box.east and box.south <= s and n <= box.north, feature.id
    base = next(f for f in catalog.features if f.id == "test-base")
    point = features_bounds([base])
    assert point is not None
    assert point.east - point.west == pytest.approx(MIN_SPAN_DEG) and point.north - point.south == pytest.approx(MIN_SPAN_DEG)
    assert (point.west + point.east) / 2 == pytest.approx(43.8465)
    assert features_bounds([]) is None


def test_active_over_a_range_is_the_overlap_of_intervals(make_layers):
    features = [make_feature("old", start="2001", end="2005"), make_feature("mid", start="2008-08", end="2010"),
                make_feature("open", start="2020-11-10", end=None)]
    catalog = load_catalog(Settings(layers_dir=make_layers(bases=features))).catalog
    ids = lambda a, b: sorted(f.id for f in active_over(catalog, a, b))  # noqa: E731
    assert ids(dt.date(2005, 12, 31), dt.date(2008, 8, 1)) == ["mid", "old"]  # both ends inclusive
    assert ids(dt.date(2006, 1, 1), dt.date(2008, 7, 31)) == []
    assert ids(dt.date(2030, 1, 1), dt.date(2031, 1, 1)) == ["open"]  # an open end is active from its start on
    assert active_over(catalog, dt.date(2001, 1, 1), dt.date(2030, 1, 1), layers=frozenset({"nope"})) == []
    assert range_bounds(catalog, dt.date(2006, 1, 1), dt.date(2008, 7, 31)) is None


def _chapter(view: tuple[float, float, float], layers: tuple[str, ...], day: dt.date) -> Chapter:
    return Chapter(id="c", number=1, day=day, end=None, view=view, layers=layers, title={"en": "t"}, text={"en": "t"},
                   questions={"en": ()}, sources=())


def test_a_chapter_frames_its_features_near_its_view(make_layers):
    near = make_feature("near", start="2020", end=None, geometry={"type": "Point", "coordinates": [46.5, 39.6]})
    far = make_feature("far", start="2020", end=None, geometry={"type": "Point", "coordinates": [41.5, 42.8]})
    gone = make_feature("gone", start="2001", end="2005", geometry={"type": "Point", "coordinates": [46.6, 39.7]})
    catalog = load_catalog(Settings(layers_dir=make_layers(bases=[near, far, gone]))).catalog
    # looking at the Lachin road at zoom 10: the feature far away in Abkhazia does not zoom the chapter out
    box = chapter_bounds(catalog, _chapter((46.55, 39.6, 10.0), ("bases",), dt.date(2022, 12, 12)))
    assert box == Bounds(46.5, 39.6, 46.5, 39.6).widened(MIN_SPAN_DEG)
    # looking at the whole region: both are framed
    wide = chapter_bounds(catalog, _chapter((44.5, 41.0, 6.5), ("bases",), dt.date(2022, 12, 12)))
    assert wide is not None and wide.west <= 41.5 and wide.east >= 46.5
    # nothing near the view: all the chapter's features; nothing active: no box (the stored view is used)
    elsewhere = chapter_bounds(catalog, _chapter((49.0, 38.0, 11.0), ("bases",), dt.date(2022, 12, 12)))
    assert elsewhere is not None and elsewhere.west <= 41.5 and elsewhere.east >= 46.5
    assert chapter_bounds(catalog, _chapter((46.5, 39.6, 10.0), ("bases",), dt.date(2015, 1, 1))) is None
    assert chapter_bounds(catalog, _chapter((46.5, 39.6, 10.0), ("roads",), dt.date(2022, 12, 12))) is None


def test_view_for_is_leaflets_fit_at_half_steps():
    # Web Mercator: 256 * 2**z px per 360°. 1.4° of longitude in 700 px: 2**z = 700 * 360 / (256 * 1.4) = 703 → z 9.46
    view = view_for(parse_bbox(KARABAKH), width=700, height=500)
    assert view.zoom == 9.0  # 9.46 rounded down to the half step; the 1° of latitude (≈ 9.7 at 500 px) allows more
    assert view.lon == pytest.approx(46.6) and 39.79 < view.lat < 39.81  # the Mercator middle, a little north of 39.8
    assert view_for(parse_bbox(KARABAKH), width=1400, height=1000).zoom == 10.0
    assert view_for(Bounds(46.5, 39.5, 46.5001, 39.5001)).zoom == 11.0  # capped


def test_view_box_is_the_inverse_of_view_for():
    box = view_box(View(lat=39.8, lon=46.6, zoom=9.0), width=700, height=500)
    assert box.east - box.west == pytest.approx(700 * 360 / (256 * 2**9))
    assert box.covers(parse_bbox(KARABAKH).widened(0)) or box.north - box.south > 1.0
    grown = view_box(View(lat=39.8, lon=46.6, zoom=9.0), width=700, height=500, grow=2.0)
    assert grown.east - grown.west == pytest.approx(2 * (box.east - box.west))
