"""Coordinates and geometry: numbers in range, in the region, not swapped; WKT/GeoJSON/WKB read, valid, drawable;
Z dropped and said; other CRSs reprojected to EPSG:4326 (lon, lat)."""

import numpy as np
import pytest
import shapely
from pyproj import Transformer

from geo.config import REGION
from geo.userlayer.problems import Findings, UserLayerError
from geo.userlayer.shapes import place_by_columns, place_by_geojson, place_by_wkb, place_by_wkt


def findings(n):
    return Findings("f.csv", np.arange(2, n + 2, dtype=np.int64))


def rules(f):
    return sorted((p.row, p.column, p.rule) for p in f.problems)


def test_points_from_columns_stay_arrays():
    f = findings(2)
    placed = place_by_columns(["40.8", " 41.0 "], "lat", ["45.1", "44.5"], "lon", region=REGION, findings=f)
    assert f.problems == [] and placed.lon.tolist() == [45.1, 44.5] and placed.lat.tolist() == [40.8, 41.0]
    assert placed.kind.tolist() == [0, 0] and placed.shapes == {}


def test_bad_numbers_each_get_a_problem():
    f = findings(7)
    lat = ["40,8", None, "nan", "inf", "abc", "95", "41"]
    lon = ["45", "45", "45", "45", "45", "45", "-200"]
    place_by_columns(lat, "Y", lon, "X", region=REGION, findings=f)
    details = [p.detail for p in f.problems]
    assert details[0] == "Y '40,8' is not a number (write a decimal point, not a comma)"
    assert details[1] == "Y is empty; every row needs coordinates"
    assert "Y 'nan' is not a finite number" in details and "Y 'inf' is not a finite number" in details
    assert "Y 'abc' is not a number" in details
    assert {(p.row, p.column) for p in f.problems if "-180..180" in p.detail} == {(7, "Y"), (8, "X")}
    assert f.bad.all()


def test_swapped_and_outside_points():
    f = findings(3)
    place_by_columns(["47.1", "40.9", "40.5"], "lat", ["40.9", "60.1", "44.0"], "lon", region=REGION, findings=f)
    assert rules(f) == [(2, "lat", "lon-lat-swapped"), (3, "lon", "outside-region")]
    assert "are the lat and lon columns swapped?" in f.problems[0].detail
    assert f.problems[1].detail == "(lon 60.1, lat 40.9) is outside lon 36..52, lat 36..46"


def test_wkt_geometries_are_read_checked_and_anchored():
    f = findings(9)
    values = ["POINT (45 40)", "LINESTRING (45 40, 45.5 40.5)", "POLYGON ((44 41, 44.4 41, 44.4 41.3, 44 41))",
              "POLYGON ((44 41, 44.4 41.3, 44.4 41, 44 41.3, 44 41))", "POINT (45 40", None, "POINT EMPTY",
              "GEOMETRYCOLLECTION (POINT (45 40))", "LINESTRING (40 47, 40.5 47)"]
    placed = place_by_wkt(values, "wkt", region=REGION, findings=f)
    assert rules(f) == [(5, "wkt", "geometry-invalid"), (6, "wkt", "geometry-invalid"), (7, "wkt", "geometry-empty"),
                        (8, "wkt", "geometry-empty"), (9, "wkt", "geometry-type"), (10, "wkt", "lon-lat-swapped")]
    details = {p.row: p.detail for p in f.problems}
    assert "Self-intersection" in details[5] and "is not WKT" in details[6]
    assert placed.kind[:3].tolist() == [0, 2, 3] and set(placed.shapes) == {1, 2}
    assert placed.lon[0] == 45 and placed.lat[0] == 40
    assert shapely.Point(placed.lon[2], placed.lat[2]).within(shapely.from_wkt(values[2]))  # point on the surface


def test_wkt_z_is_dropped_and_said():
    f = findings(1)
    placed = place_by_wkt(["LINESTRING Z (45 40 10, 45.5 40.5 20)"], "wkt", region=REGION, findings=f)
    assert f.problems == [] and not shapely.has_z(placed.shapes[0]) and "Z coordinate" in placed.notes[0]


def test_geojson_points_take_the_fast_path_and_others_become_shapes():
    f = findings(6)
    values = [{"type": "Point", "coordinates": [45.1, 40.8]}, {"type": "Point", "coordinates": ["45", "40"]},
              {"type": "LineString", "coordinates": [[45, 40], [45.2, 40.1]]}, None,
              {"type": "Point", "coordinates": [45.0, 40.0, 9.0]}, {"type": "Polygon", "coordinates": "x"}]
    placed = place_by_geojson(values, None, file="f.geojson", region=REGION, findings=f)
    assert rules(f) == [(3, "geometry", "geometry-invalid"), (5, "geometry", "geometry-empty"),
                        (7, "geometry", "geometry-invalid")]
    assert "not JSON numbers" in next(p.detail for p in f.problems if p.row == 3)
    assert placed.lon[0] == 45.1 and placed.kind.tolist()[:3] == [0, 0, 2] and set(placed.shapes) == {2}
    assert any("third (Z) coordinate" in n for n in placed.notes)


def test_geojson_in_a_legacy_crs_is_reprojected():
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32638", always_xy=True)
    x, y = to_utm.transform(44.5, 40.2)
    f = findings(2)
    values = [{"type": "Point", "coordinates": [x, y]}, {"type": "LineString", "coordinates": [[x, y], [x + 1000, y]]}]
    placed = place_by_geojson(values, "urn:ogc:def:crs:EPSG::32638", file="f.geojson", region=REGION, findings=f)
    assert f.problems == [] and placed.lon[0] == pytest.approx(44.5) and placed.lat[0] == pytest.approx(40.2)
    assert shapely.get_coordinates(placed.shapes[1])[0] == pytest.approx([44.5, 40.2])
    assert placed.notes == ("coordinates reprojected from EPSG:32638 to EPSG:4326",)
    crs84 = place_by_geojson(values[:1], "urn:ogc:def:crs:OGC:1.3:CRS84", file="f", region=REGION, findings=findings(1))
    assert crs84.notes == ()


def test_an_unknown_crs_is_one_clear_error():
    with pytest.raises(UserLayerError, match="the file's CRS 'EPSG:999999' is not known"):
        place_by_geojson([None], "EPSG:999999", file="f.geojson", region=REGION, findings=findings(1))


def test_wkb_with_missing_and_broken_geometries():
    f = findings(3)
    values = [shapely.to_wkb(shapely.Point(45, 40)), None, b"\x01\x02"]
    placed = place_by_wkb(values, "EPSG:4326", file="f.gpkg", region=REGION, findings=f)
    assert rules(f) == [(3, "geometry", "geometry-empty"), (4, "geometry", "geometry-invalid")]
    assert placed.lon[0] == 45 and np.isnan(placed.lon[1])


def test_geojson_nan_and_infinity_are_not_coordinates():
    f = findings(2)
    values = [{"type": "Point", "coordinates": [float("nan"), 40.0]}, {"type": "Point", "coordinates": [45, float("inf")]}]
    place_by_geojson(values, None, file="f.geojson", region=REGION, findings=f)
    assert rules(f) == [(2, "geometry", "coordinate"), (3, "geometry", "coordinate")] and f.bad.all()
