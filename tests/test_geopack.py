"""Tests for geo.geopack: exact packing of 4-decimal EPSG:4326 (lon, lat) geometry as delta-coded 1e-4° integers."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest

from geo.assets import basemap
from geo.geopack import (
    SCALE,
    pack_collection,
    pack_geometry,
    pack_payload,
    unpack_geometry,
    unpack_payload,
)
from geo.places import reference

FIXTURE = Path(__file__).parent / "fixtures" / "geopack.json"


def _floats(coords: Any) -> Any:
    """Coordinates with every number as a float (unpacking gives 46.0 for a 46 that came in as an int)."""
    if isinstance(coords, list):
        return [_floats(c) for c in coords]
    return float(coords) if isinstance(coords, int) else coords


def _same(a: Any, b: Any) -> bool:
    """Equal GeoJSON, coordinates compared as doubles by their repr (exact, sign of zero included)."""
    def norm(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: _floats(v) if k == "coordinates" else norm(v) for k, v in value.items()}
        if isinstance(value, list):
            return [norm(v) for v in value]
        return value
    return json.dumps(norm(a), sort_keys=True) == json.dumps(norm(b), sort_keys=True)


@pytest.fixture(scope="module")
def fixture() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def test_the_shared_fixture_is_what_pack_collection_gives(fixture: dict[str, Any]) -> None:
    # tests/js/geopack.test.mjs unpacks the same "packed" in Node: both sides agree on one wire format
    assert pack_collection(fixture["plain"]) == fixture["packed"]


def test_the_fixture_round_trips_exactly(fixture: dict[str, Any]) -> None:
    back = unpack_payload({"packed": {"scale": SCALE, "collections": ["c"]}, "c": fixture["packed"]})
    assert _same(back["c"], fixture["plain"])


def test_a_line_is_one_flat_list_of_deltas_in_lon_lat_order() -> None:
    line = {"type": "LineString", "coordinates": [[43.2944, 41.0841], [43.3167, 41.0826], [43.2937, 41.0413]]}
    assert pack_geometry(line) == {"type": "LineString", "packed": [432944, 410841, 223, -15, -230, -413]}
    polygon = {"type": "Polygon", "coordinates": [[[44, 40], [45, 40], [44, 41], [44, 40]]]}
    assert pack_geometry(polygon)["packed"] == [[440000, 400000, 10000, 0, -10000, 10000, 0, -10000]]
    assert pack_geometry({"type": "Point", "coordinates": [-0.0001, 89.9999]})["packed"] == [-1, 899999]


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "LineString", "coordinates": [[44.51521, 40.1872], [44.6, 40.2]]},  # a fifth decimal
        {"type": "Point", "coordinates": [44.5, 40.1, 1200.0]},  # 3-D
        {"type": "Point", "coordinates": [-0.0, 40.1]},  # the sign of zero would be lost
        {"type": "Point", "coordinates": [float("nan"), 40.1]},
        {"type": "Point", "coordinates": [True, 40.1]},
        {"type": "Point", "coordinates": ["44.5", 40.1]},
        {"type": "LineString", "coordinates": [[44.5, 40.1], [44.6]]},
        {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [44.5, 40.1]}]},
        {"type": "Polygon", "coordinates": [[[44.0, 40.0], [45.0, 40.0], [45.0, 41.0], [44.0, 40.00001]]]},
    ],
)
def test_a_geometry_that_cannot_be_packed_exactly_is_left_as_it_is(geometry: dict[str, Any]) -> None:
    assert pack_geometry(geometry) is geometry
    assert "packed" not in pack_collection({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": geometry}]})["features"][0]["geometry"]


def test_null_geometry_and_unpacked_geometry_pass_through() -> None:
    assert pack_geometry(None) is None
    plain = {"type": "Point", "coordinates": [44.5, 40.1]}
    assert unpack_geometry(plain) is plain


def test_random_four_decimal_coordinates_round_trip_through_json_exactly() -> None:
    rng = random.Random(20260101)
    lines = [[[rng.randint(-1_800_000, 1_800_000) / 1e4, rng.randint(-900_000, 900_000) / 1e4]
              for _ in range(50)] for _ in range(40)]
    # the literal a 4-decimal number is written with, parsed: what a GeoJSON file gives
    lines = [[[float(f"{x:.4f}"), float(f"{y:.4f}")] for x, y in line] for line in lines]
    geometry = {"type": "MultiLineString", "coordinates": lines}
    packed = pack_geometry(geometry)
    assert "packed" in packed
    back = unpack_geometry(json.loads(json.dumps(packed)))
    assert json.dumps(back) == json.dumps(geometry)


def test_the_shipped_basemap_and_reference_layers_pack_completely_and_exactly() -> None:
    for collection in (basemap(), reference()):
        packed = pack_collection(collection)
        assert all("packed" in f["geometry"] for f in packed["features"])
        back = unpack_payload({"packed": {"scale": SCALE, "collections": ["c"]}, "c": json.loads(json.dumps(packed))})
        assert json.dumps(back["c"]) == json.dumps(collection)
        assert len(json.dumps(packed)) < 0.7 * len(json.dumps(collection))


def test_pack_payload_marks_what_it_packed_and_changes_nothing_it_was_given() -> None:
    payload = {"schema": 1, "basemap": basemap(), "places": {"items": []}, "reference": None}
    before = copy.deepcopy(payload)
    packed = pack_payload(payload, ("basemap", "reference", "absent"))
    assert payload == before
    assert packed["packed"] == {"scale": SCALE, "collections": ["basemap"]}
    assert packed["places"] is payload["places"]
    assert unpack_payload(packed) == {**before, "basemap": unpack_payload(packed)["basemap"]}
    assert _same(unpack_payload(packed)["basemap"], before["basemap"])
    assert "packed" not in unpack_payload(packed)
    assert pack_payload({"schema": 1}, ("basemap",)) == {"schema": 1}  # nothing to pack: no marker
    with pytest.raises(ValueError, match="already packed"):
        pack_payload(packed, ("basemap",))


def test_a_plain_payload_needs_no_unpacking_and_a_bad_marker_is_refused() -> None:
    plain = {"schema": 1, "basemap": basemap()}
    assert unpack_payload(plain) is plain
    with pytest.raises(ValueError, match="scale"):
        unpack_payload({"packed": {"scale": 1000, "collections": []}})
    with pytest.raises(ValueError, match="unknown type"):
        unpack_geometry({"type": "GeometryCollection", "packed": []})
    with pytest.raises(ValueError, match="odd length"):
        unpack_geometry({"type": "LineString", "packed": [1, 2, 3]})
