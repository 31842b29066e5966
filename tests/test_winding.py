"""Winding order (RFC 7946 §3.1.6): exterior rings counter-clockwise, holes clockwise, on load, in the files, in
validate (rule ``winding``) and in scripts/rewind_layers.py."""

import json
import subprocess
import sys
from pathlib import Path

from shapely.geometry import MultiPolygon, Point, Polygon, shape

from geo.config import DEFAULT_LAYERS_DIR, Settings
from geo.io import load_catalog
from geo.winding import rewind, rewind_raw, wrong_rings
from tests.conftest import REPO, make_feature

CW = [[44.0, 40.0], [44.0, 40.2], [44.2, 40.2], [44.2, 40.0], [44.0, 40.0]]  # clockwise in (lon, lat)
CCW = list(reversed(CW))
HOLE_CW = [[44.05, 40.05], [44.05, 40.1], [44.1, 40.1], [44.1, 40.05], [44.05, 40.05]]
HOLE_CCW = list(reversed(HOLE_CW))


def assert_rfc7946(geometry):
    polygons = list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [geometry]
    for polygon in polygons:
        assert polygon.exterior.is_ccw
        assert not any(ring.is_ccw for ring in polygon.interiors)


def test_rewind_turns_exteriors_counter_clockwise_and_holes_clockwise():
    polygon = Polygon(CW, [HOLE_CCW])
    assert not polygon.exterior.is_ccw
    fixed = rewind(polygon)
    assert_rfc7946(fixed)
    assert fixed.equals(polygon)  # the same area, only the order of the positions changed
    multi = rewind(MultiPolygon([Polygon(CW), Polygon([[45, 41], [45.1, 41], [45.1, 41.1], [45, 41.1], [45, 41]])]))
    assert_rfc7946(multi)


def test_rewind_leaves_what_is_right_alone():
    right = Polygon(CCW, [HOLE_CW])
    assert rewind(right) is right
    point = Point(44, 40)
    assert rewind(point) is point


def test_wrong_rings_names_each_ring():
    assert wrong_rings({"type": "Polygon", "coordinates": [CW]}) == ["exterior ring: clockwise"]
    assert wrong_rings({"type": "Polygon", "coordinates": [CCW, HOLE_CCW]}) == ["hole 1: counter-clockwise"]
    assert wrong_rings({"type": "MultiPolygon", "coordinates": [[CCW], [CW]]}) == ["polygon 2, exterior ring: clockwise"]
    assert wrong_rings({"type": "Polygon", "coordinates": [CCW, HOLE_CW]}) == []
    assert wrong_rings({"type": "Point", "coordinates": [44, 40]}) == []
    assert wrong_rings({"type": "Polygon", "coordinates": [[[44, 40], [45, 40], [44, 40]]]}) == []  # left to validity
    assert wrong_rings(None) == [] and wrong_rings("nonsense") == []


def test_rewind_raw_reverses_only_the_wrong_rings_and_keeps_every_number():
    raw = {"type": "Polygon", "coordinates": [CW, HOLE_CW], "bbox": [1, 2, 3, 4]}
    fixed = rewind_raw(raw)
    assert fixed["coordinates"] == [CCW, HOLE_CW] and fixed["bbox"] == [1, 2, 3, 4]
    assert raw["coordinates"][0] == CW  # the input is not changed
    assert wrong_rings(fixed) == []
    multi = rewind_raw({"type": "MultiPolygon", "coordinates": [[CW, HOLE_CCW]]})
    assert multi["coordinates"] == [[CCW, HOLE_CW]]


def test_validate_reports_a_clockwise_ring_and_the_feature_is_kept_rewound(make_layers):
    zone = make_feature("cw-zone", kind="peacekeeping-zone", geometry={"type": "Polygon", "coordinates": [CW]})
    result = load_catalog(Settings(layers_dir=make_layers(bases=[zone], roads=[])))
    assert [(p.feature, p.rule) for p in result.problems] == [("cw-zone", "winding")]
    assert "exterior ring: clockwise" in result.problems[0].detail
    (feature,) = result.catalog.features
    assert_rfc7946(feature.geometry)


def test_derived_strips_are_counter_clockwise(small_layers):
    catalog = load_catalog(Settings(layers_dir=small_layers)).catalog
    strip = catalog.feature("test-corridor").geometry
    assert strip.geom_type == "Polygon"
    assert_rfc7946(strip)


def test_every_shipped_polygon_is_counter_clockwise_in_the_files_and_the_catalog():
    checked = 0
    for path in sorted(DEFAULT_LAYERS_DIR.glob("*.geojson")):
        for raw in json.loads(path.read_text(encoding="utf-8"))["features"]:
            if raw["geometry"] and "Polygon" in raw["geometry"]["type"]:
                assert wrong_rings(raw["geometry"]) == [], (path.name, raw["properties"]["id"])
                assert_rfc7946(shape(raw["geometry"]))
                checked += 1
    assert checked >= 5
    catalog = load_catalog(Settings()).catalog
    polygons = [f for f in catalog.features if "Polygon" in f.geometry.geom_type]
    assert len(polygons) > checked  # the derived corridor strips too
    for feature in polygons:
        assert_rfc7946(feature.geometry)


def test_the_rewind_script_fixes_a_file_changing_only_the_order(make_layers):
    zone = make_feature("cw-zone", kind="peacekeeping-zone", geometry={"type": "Polygon", "coordinates": [CW]})
    root = make_layers(bases=[zone, make_feature("a-point")], roads=[])
    before = json.loads((root / "bases.geojson").read_text(encoding="utf-8"))
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "rewind_layers.py"), str(root)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "1 feature(s) rewound" in done.stdout
    after = json.loads((root / "bases.geojson").read_text(encoding="utf-8"))
    assert after["features"][0]["geometry"]["coordinates"] == [CCW]
    before["features"][0]["geometry"]["coordinates"] = [CCW]
    assert after == before
    assert load_catalog(Settings(layers_dir=root)).problems == ()
    again = subprocess.run([sys.executable, str(REPO / "scripts" / "rewind_layers.py"), str(root)], capture_output=True,
                           text=True, check=False)
    assert "0 feature(s) rewound" in again.stdout


def test_the_layers_readme_says_how_rings_are_wound():
    text = (REPO / "layers" / "README.md").read_text(encoding="utf-8")
    assert "counter-clockwise" in text and "scripts/rewind_layers.py" in text
    assert Path(REPO / "scripts" / "rewind_layers.py").is_file()
