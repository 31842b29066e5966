"""Bad features the schema lets through: each is one ``file: feature: rule: detail`` problem, the rest is kept."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from geo.config import Settings
from geo.errors import Problem
from geo.io import load_catalog
from geo.records import feature_collection
from geo.render import MapOptions, build_payload
from tests.conftest import make_feature

TODAY = dt.date(2026, 6, 1)
LINE = {"type": "LineString", "coordinates": [[44.0, 40.0], [44.1, 40.1]]}


def load(root, **settings):
    return load_catalog(Settings(layers_dir=root, today=TODAY, **settings))


def only(result, rule) -> Problem:
    found = [p for p in result.problems if p.rule == rule]
    assert len(found) == 1, [str(p) for p in result.problems]
    return found[0]


def raw_layer(*features: dict, replace: tuple[str, str] = ("", "")) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).replace(*replace)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_figures_that_are_not_finite(make_layers, number):
    bad = make_feature("bad", figures=[{"label": "personnel", "value": 12345, "as_of": "2009", "source": 0}])
    root = make_layers(raw={"bases.geojson": raw_layer(bad, make_feature("good"), replace=("12345", number))}, roads=[])
    result = load(root)
    problem = only(result, "number")
    assert (problem.file, problem.feature) == ("layers/bases.geojson", "bad")
    assert "properties.figures.0.value" in problem.detail
    assert [f.id for f in result.catalog.features] == ["good"]
    build_payload(result.catalog, MapOptions(day=dt.date(2009, 1, 1)), today=TODAY)  # and the export works


def test_a_corridor_width_that_is_not_finite(make_layers):
    road = make_feature("road", kind="road", geometry=LINE)
    corridor = make_feature("corr", geometry=None, derived={"buffer_of": "road", "width_m": 5000})
    root = make_layers(raw={"bases.geojson": raw_layer(road, corridor, replace=("5000", "NaN"))}, roads=[])
    result = load(root)
    assert only(result, "number").feature == "corr"
    assert [f.id for f in result.catalog.features] == ["road"]


@pytest.mark.parametrize(
    ("geometry", "rule", "words"),
    [({"type": "Point", "coordinates": ["43.8465", "40.7894"]}, "geometry-invalid", "str, not a number"),
     ({"type": "Point", "coordinates": [43.8, True]}, "geometry-invalid", "bool, not a number"),
     ({"type": "Point", "coordinates": [43.8, 40.7, 1200]}, "geometry-invalid", "write [lon, lat]"),
     ({"type": "Polygon", "coordinates": [[[44, 40], [44.1, 40], [44.1, 40.1], [44, 40.1]]]}, "geometry-invalid",
      "not closed"),
     ({"type": "Polygon", "coordinates": [[[44, 40], [44.1, 40], [44, 40]]]}, "geometry-invalid", "needs 4"),
     ({"type": "MultiLineString", "coordinates": [[[44, 40]]]}, "geometry-invalid", "needs 2"),
     ({"type": "LineString", "coordinates": [[44, 40], 40]}, "geometry-invalid", "not a [lon, lat] array"),
     ({"type": "Polygon", "coordinates": [44, 40]}, "geometry-invalid", "nested 3 deep")],
)
def test_coordinates_the_schema_cannot_check(make_layers, geometry, rule, words):
    result = load(make_layers(bases=[make_feature(geometry=geometry), make_feature("good")], roads=[]))
    problem = only(result, rule)
    assert problem.feature == "test-base" and words in problem.detail
    assert [f.id for f in result.catalog.features] == ["good"]


def test_the_vertex_budget_per_feature_and_per_file(make_layers):
    def line(n):
        return {"type": "LineString", "coordinates": [[44 + i * 1e-4, 40.0] for i in range(n)]}

    big = make_feature("big", kind="road", geometry=line(101))
    small = [make_feature(f"s{i}", kind="road", geometry=line(60)) for i in range(3)]
    root = make_layers(bases=[big, *small], roads=[make_feature("r")])
    result = load(root, max_feature_vertices=100, max_file_vertices=150)
    budget = {p.feature: p.detail for p in result.problems if p.rule == "vertex-budget"}
    assert "101 vertices" in budget["big"] and "at most 100" in budget["big"]
    assert "at most 150" in budget["s2"]  # 60 + 60 + 60 > 150: the third is left out
    assert sorted(f.id for f in result.catalog.features) == ["r", "s0", "s1"]


def test_the_default_budget_refuses_a_huge_line(make_layers):
    huge = make_feature("huge", kind="road", geometry={
        "type": "LineString", "coordinates": [[44 + i * 1e-6, 40.0] for i in range(20_001)]})
    result = load(make_layers(bases=[huge, make_feature()], roads=[]))
    assert "20,001 vertices" in only(result, "vertex-budget").detail
    assert [f.id for f in result.catalog.features] == ["test-base"]


@pytest.mark.parametrize("start", ["9999", "2026-06-02", "2027"])
def test_a_start_in_the_future(make_layers, start):
    result = load(make_layers(bases=[make_feature(start=start, end=None), make_feature("good")], roads=[]))
    assert "after today" in only(result, "date").detail
    assert [f.id for f in result.catalog.features] == ["good"]


@pytest.mark.parametrize(("key", "rule"), [("name", "name"), ("name_ka", "name"), ("operator", "text"),
                                           ("description", "text"), ("date_note", "text")])
def test_blank_text(make_layers, key, rule):
    result = load(make_layers(bases=[make_feature(**{key: " \t "}), make_feature("good")], roads=[]))
    assert f"{key} is blank" in only(result, rule).detail


@pytest.mark.parametrize("key", ["date_note", "approximate_note", "place", "operator"])
def test_tokens_in_any_text_field_are_resolved_or_reported(make_layers, key):
    result = load(make_layers(bases=[make_feature("bad", **{key: "near {nowhere}"})], roads=[]))
    assert f"{key} uses {{nowhere}}" in only(result, "toponym").detail
    good = load(make_layers(bases=[make_feature("ok", **{key: "near {stepanakert}"})], roads=[]))
    assert good.problems == ()
    props = feature_collection(good.catalog.features, good.catalog)["features"][0]["properties"]
    assert props[key] == "near Stepanakert / Khankendi"


def test_tokens_in_figure_notes_are_resolved_everywhere(make_layers):
    figure = {"label": "personnel", "value": 5, "as_of": "2021", "source": 0, "note": "in {shusha}", "unit": "men"}
    result = load(make_layers(bases=[make_feature("f", date_note="{lachin}", figures=[figure])], roads=[]))
    assert result.problems == ()
    record = build_payload(result.catalog, MapOptions(day=dt.date(2009, 1, 1)), today=TODAY)["features"][0]
    assert "{" not in record["figures"][0]["note"] and "{" not in record["date_note"]
    props = feature_collection(result.catalog.features, result.catalog)["features"][0]["properties"]
    assert "{" not in props["figures"][0]["note"]


@pytest.mark.parametrize(("fid", "words"), [("Bad_ID", "does not match"), ("ok\n", "not kebab-case"),
                                            ("a" * 81, "too long")])
def test_ids_are_reported_under_the_id_rule(make_layers, fid, words):
    result = load(make_layers(bases=[make_feature(fid)], roads=[]))
    problem = only(result, "id-format")
    assert words in problem.detail
    assert "\n" not in str(problem)


def test_a_huge_id_is_cut_in_messages(make_layers):
    result = load(make_layers(bases=[make_feature("x" * 1_000_000)], roads=[]))
    assert result.problems
    for problem in result.problems:
        assert len(str(problem)) < 800
        assert problem.feature == "x" * 80 + "…"


def test_a_broken_toponyms_file_is_reported_once(make_layers):
    tokened = [make_feature(f"t{i}", name=f"Post {i}, {{stepanakert}}") for i in range(30)]
    root = make_layers(bases=[*tokened, make_feature("plain")], roads=[], raw={"toponyms.json": "{broken"})
    result = load(root)
    assert [p.rule for p in result.problems] == ["json", "toponym"]  # the cause, and what it costs
    assert "30 feature(s)" in result.problems[1].detail
    assert [f.id for f in result.catalog.features] == ["plain"]


def test_an_unreadable_layers_folder_is_one_problem(make_layers, monkeypatch):
    root = make_layers(bases=[make_feature()])
    if os.geteuid() == 0:  # root reads anything: make the folder refuse it the way chmod 000 would
        real = os.listdir
        monkeypatch.setattr(os, "listdir", lambda p=".": (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
                            if os.fspath(p) == os.fspath(root) else real(p))
    else:
        root.chmod(0)
    try:
        result = load(root)
    finally:
        root.chmod(0o755)
    (problem,) = result.problems
    assert (problem.file, problem.rule) == ("layers", "unreadable") and "Permission denied" in problem.detail
