"""A user layer as the map shows it: its style is checked, its payload frozen and named by the file's name only,
the renderer follows its size, and its GeoJSON features of a day follow the active-on rule (both ends inclusive)."""

import datetime as dt
import json
from pathlib import Path

import pytest
from shapely.geometry import shape

from geo.temporal import day_number
from geo.userlayer import UserLayerOptions, read_user_layer
from geo.userlayer.onmap import SVG_MAX, SYMBOLS, MapUserLayer, user_features
from geo.userlayer.payload import build_payload
from tests.test_userlayer_payload import points_layer

FIXTURES = Path(__file__).parent / "fixtures" / "userlayers"


def shapes():
    return read_user_layer(FIXTURES / "shapes.csv", UserLayerOptions(layer_id="shapes", title="Shapes")).layer


def test_the_style_is_checked():
    payload = build_payload(points_layer(3))
    for bad in ({"color": "red"}, {"color": "#12345"}, {"symbol": "star"}, {"renderer": "webgl"}, {"title": " "},
                {"title": "x" * 201}):
        args = {"title": "T", "color": "#123456", "symbol": "circle"} | bad
        with pytest.raises(ValueError):
            MapUserLayer(payload, **args)
    with pytest.raises(ValueError, match="presence-map/user-layer"):
        MapUserLayer({"format": "x"}, title="T", color="#123456")
    assert SYMBOLS == ("circle", "square", "triangle", "diamond", "cross")


def test_payload_is_frozen_and_names_the_file_only():
    layer = read_user_layer(FIXTURES / "shapes.csv", UserLayerOptions(layer_id="shapes")).layer
    assert "/" in layer.file
    ul = MapUserLayer.from_layer(layer, color="#C51B7D")
    assert ul.payload["layer"]["file"] == "shapes.csv"
    assert ul.title == "shapes.csv"
    with pytest.raises(TypeError):
        ul.payload["count"] = 0  # type: ignore[index]
    described = ul.describe(0)
    assert described | {"bbox": None} == {"id": "shapes", "title": "shapes.csv", "color": "#c51b7d", "symbol": "circle",
                                         "renderer": "svg", "count": 6, "file": "shapes.csv", "geometry": "mixed",
                                         "bbox": None, "block": 0}
    assert "data" not in described


def test_renderer_follows_the_size_unless_forced():
    small = MapUserLayer(build_payload(points_layer(SVG_MAX)), title="T", color="#123456")
    big = MapUserLayer(build_payload(points_layer(SVG_MAX + 1)), title="T", color="#123456")
    assert (small.drawn_with(), big.drawn_with()) == ("svg", "canvas")
    assert MapUserLayer(small.payload, title="T", color="#123456", renderer="canvas").drawn_with() == "canvas"


def test_features_of_a_day_follow_the_rule_at_both_ends():
    layer = shapes()
    on = lambda day: sorted(f["id"] for f in user_features(layer, first=day))  # noqa: E731
    # p-1, p-2 and m-1 are one-day events of 2021-03-01; l-1 runs from Feb to Apr 2021; z-2 2–5 March 2021
    assert on(dt.date(2021, 2, 28)) == ["l-1"]
    assert on(dt.date(2021, 3, 1)) == ["l-1", "m-1", "p-1", "p-2"]
    assert on(dt.date(2021, 3, 2)) == ["l-1", "z-2"]
    assert on(dt.date(2021, 3, 5)) == ["l-1", "z-2"]
    assert on(dt.date(2021, 3, 6)) == ["l-1"]
    assert on(dt.date(2021, 4, 30)) == ["l-1"]
    assert on(dt.date(2021, 5, 1)) == []
    assert on(dt.date(2020, 12, 31)) == ["z-1"]
    ranged = sorted(f["id"] for f in user_features(layer, first=dt.date(2020, 12, 31), last=dt.date(2021, 3, 1)))
    assert ranged == ["l-1", "m-1", "p-1", "p-2", "z-1"]
    with pytest.raises(ValueError):
        list(user_features(layer, first=dt.date(2021, 1, 2), last=dt.date(2021, 1, 1)))


def test_features_carry_their_geometry_dates_and_texts():
    layer = shapes()
    features = {f["id"]: f for f in user_features(layer, first=dt.date(2021, 3, 1))}
    p1 = features["p-1"]
    assert p1["geometry"] == {"type": "Point", "coordinates": (45.1, 40.8)}
    assert p1["properties"] == {"layer": "shapes", "layer_title": "Shapes", "name": "Checkpoint", "kind": "checkpoint",
                                "start": "2021-03-01", "end": "2021-03-01", "url": "https://example.org/p1",
                                "description": None, "row": 2}
    assert shape(features["l-1"]["geometry"]).geom_type == "LineString"
    assert features["l-1"]["properties"]["end"] == "2021-04-30"
    zone = next(user_features(layer, first=dt.date(2020, 6, 1)))
    assert (zone["properties"]["start"], zone["properties"]["end"]) == ("2020-01-01", "2020-12-31")  # date "2020"
    open_ended = [f for f in user_features(points_layer(100), first=dt.date(2030, 1, 1))]
    assert open_ended and all(f["properties"]["end"] is None for f in open_ended)
    json.dumps(list(user_features(layer, first=dt.date(2021, 3, 1))))  # JSON-ready


def test_day_numbers_and_iso_agree():
    layer = points_layer(50)
    for f in user_features(layer, first=dt.date(2000, 1, 1), last=dt.date(2030, 1, 1)):
        i = layer.ids.index(f["id"])
        assert day_number(dt.date.fromisoformat(f["properties"]["start"])) == layer.first[i]
