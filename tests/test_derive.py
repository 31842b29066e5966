"""geo.derive: strips of a road, widened and cut by rules written in the data (EPSG:32638 metres)."""

import pytest
from conftest import make_feature
from shapely.geometry import LineString, Point, Polygon

from geo.config import Settings
from geo.derive import DerivationError, derive_strip
from geo.geometry import area_km2, to_utm
from geo.io import load_catalog

ROAD = LineString([[46.30, 39.50], [46.40, 39.50]])  # about 8.6 km west-east in Syunik


def test_a_plain_strip_is_the_buffer():
    strip = derive_strip(ROAD, {"width_m": 5000})
    assert isinstance(strip, Polygon)
    assert area_km2(strip) == pytest.approx(8.6 * 5 + 3.14159 * 2.5**2, rel=0.02)


def test_include_reaches_a_place_off_the_strip_and_stays_one_piece():
    place = {"place": "x", "lon": 46.35, "lat": 39.535, "radius_m": 500, "why": "t"}  # ~3.9 km north of the road
    plain = derive_strip(ROAD, {"width_m": 5000})
    strip = derive_strip(ROAD, {"width_m": 5000, "include": [place]})
    assert not plain.contains(Point(46.35, 39.535)) and strip.contains(Point(46.35, 39.535))
    assert isinstance(strip, Polygon)


def test_exclude_cuts_a_bite_not_a_hole():
    place = {"place": "x", "lon": 46.35, "lat": 39.512, "radius_m": 800, "why": "t"}  # ~1.3 km north of the road
    strip = derive_strip(ROAD, {"width_m": 5000, "exclude": [place]})
    assert not strip.contains(Point(46.35, 39.512))
    assert not strip.contains(Point(46.35, 39.52))  # behind the place, as seen from the road
    assert isinstance(strip, Polygon) and not strip.interiors
    assert to_utm(strip).distance(to_utm(Point(46.35, 39.512))) == pytest.approx(800, abs=30)


def test_an_exclusion_that_touches_the_road_is_refused():
    place = {"place": "x", "lon": 46.35, "lat": 39.503, "radius_m": 800, "why": "t"}
    with pytest.raises(DerivationError, match="touches the line itself"):
        derive_strip(ROAD, {"width_m": 5000, "exclude": [place]})


def test_a_point_cannot_be_buffered():
    with pytest.raises(DerivationError, match="not a line"):
        derive_strip(Point(46.3, 39.5), {"width_m": 5000})


def test_a_bad_rule_is_a_derived_problem_naming_the_feature(make_layers):
    road = make_feature("r", kind="road", geometry={"type": "LineString", "coordinates": [[46.3, 39.5], [46.4, 39.5]]})
    corridor = make_feature("c", kind="corridor", geometry=None, derived={
        "buffer_of": "r", "width_m": 5000,
        "exclude": [{"place": "x", "lon": 46.35, "lat": 39.5, "radius_m": 500, "why": "a town on the road"}]})
    problems = [p for p in load_catalog(Settings(layers_dir=make_layers(roads=[road, corridor]))).problems
                if p.rule == "derived"]
    assert [(p.feature, p.rule) for p in problems] == [("c", "derived")]
    assert "exclude 'x'" in problems[0].detail
