import pytest
from shapely.geometry import LineString, Point, Polygon

from geo.geometry import area_km2, buffer_m, geodesic_km, length_km, round_coordinates, to_utm


def test_length_in_utm_matches_the_ellipsoid():
    # Goris to Stepanakert, straight: about 40 km
    line = LineString([(46.34168, 39.51111), (46.7528, 39.8177)])
    geodesic = geodesic_km(46.34168, 39.51111, 46.7528, 39.8177)
    assert 45 < geodesic < 55
    assert length_km(line) == pytest.approx(geodesic, rel=0.002)


def test_area_of_a_known_square():
    # a 0.1° x 0.1° cell at 40°N: about 11.1 km x 8.5 km
    cell = Polygon([(44, 40), (44.1, 40), (44.1, 40.1), (44, 40.1)])
    assert area_km2(cell) == pytest.approx(94.8, rel=0.01)
    assert area_km2(Point(44, 40)) == 0


def test_buffer_is_the_full_width_in_metres():
    line = LineString([(46.4, 39.55), (46.6, 39.7)])
    strip = buffer_m(line, 5000)
    assert strip.geom_type == "Polygon"
    utm = to_utm(strip)
    # area ~ length x width (plus the two round caps)
    expected = to_utm(line).length * 5000 + 3.14159 * 2500**2
    assert utm.area == pytest.approx(expected, rel=0.01)
    # the strip reaches 2.5 km from the line, not 2.5 degrees
    assert to_utm(line).hausdorff_distance(utm.exterior) == pytest.approx(2500, rel=0.05)
    with pytest.raises(ValueError, match="positive"):
        buffer_m(line, 0)


def test_round_coordinates_keeps_lon_lat_order():
    point = round_coordinates(Point(46.123456789, 39.987654321), 6)
    assert (point.x, point.y) == (46.123457, 39.987654)
