"""Loading and every kind of bad input: each names the file, the feature and the rule, and loses nothing else."""

import json

import pytest
from shapely.geometry import Polygon

from geo.config import Settings
from geo.geometry import area_km2, length_km
from geo.io import load_catalog
from tests.conftest import MANIFEST, make_feature


def load(root):
    return load_catalog(Settings(layers_dir=root))


def only_problem(result, rule):
    rules = [p.rule for p in result.problems]
    assert rule in rules, [str(p) for p in result.problems]
    return next(p for p in result.problems if p.rule == rule)


def test_small_layers_load(small_settings):
    result = load_catalog(small_settings)
    assert result.problems == ()
    assert result.ok and result.files_checked == 2 and result.features_checked == 3
    assert [layer.id for layer in result.catalog.layers] == ["bases", "roads"]
    corridor = result.catalog.feature("test-corridor")
    assert isinstance(corridor.geometry, Polygon)
    road = result.catalog.feature("test-road")
    # the derived corridor is 5 km wide around the road, computed in EPSG:32638
    assert area_km2(corridor.geometry) == pytest.approx(length_km(road.geometry) * 5 + 3.14159 * 2.5**2, rel=0.02)


def test_not_json(make_layers):
    result = load(make_layers(bases=[make_feature()], raw={"roads.geojson": '{"type": "FeatureCollection", "features": [}'}))
    problem = only_problem(result, "json")
    assert problem.file == "layers/roads.geojson" and problem.feature == "-"
    assert "line 1" in problem.detail
    assert [f.id for f in result.catalog.features] == ["test-base"]  # the good layer is kept


def test_not_utf8(make_layers):
    latin1 = b'{"type": "FeatureCollection", "name": "G\xfcmr\xfc", "features": []}'
    result = load(make_layers(bases=[make_feature()], raw={"roads.geojson": latin1}))
    problem = only_problem(result, "utf-8")
    assert problem.file == "layers/roads.geojson" and "UTF-8" in problem.detail
    assert len(result.catalog.features) == 1


def test_not_a_feature_collection(make_layers):
    result = load(make_layers(bases=[make_feature()], raw={"roads.geojson": json.dumps(make_feature("lone"))}))
    problem = only_problem(result, "feature-collection")
    assert "'Feature'" in problem.detail


@pytest.mark.parametrize(
    ("change", "rule", "label", "words"),
    [
        ({"id": None}, "id-missing", "#0", "id"),
        ({"start": "2020-13-01"}, "date", "test-base", "start"),
        ({"start": "10 Nov 2020"}, "date", "test-base", "start"),
        ({"start": "2021-02-29", "end": None}, "date", "test-base", "calendar"),
        ({"start": "2022-08-26", "end": "2020-11"}, "date-order", "test-base", "before"),
        ({"sources": []}, "source", "test-base", "sources"),
        ({"sources": [{"title": "t", "publisher": "p", "date": None, "url": "javascript:alert(1)"}]}, "source", "test-base", "url"),
        ({"name_ka": ""}, "name", "test-base", "name_ka"),
        ({"description": "Near {nowhere}."}, "toponym", "test-base", "{nowhere}"),
        ({"figures": [{"label": "personnel", "value": 5, "as_of": "2020", "source": 3}]}, "figure", "test-base", "source"),
        ({"kind": "castle"}, "schema", "test-base", "kind"),
    ],
)
def test_bad_feature_properties(make_layers, change, rule, label, words):
    feature = make_feature()
    props = feature["properties"]
    for key, value in change.items():
        if value is None and key == "id":
            del props["id"]
        else:
            props[key] = value
    result = load(make_layers(bases=[feature], roads=[make_feature("good-road")]))
    problem = only_problem(result, rule)
    assert (problem.file, problem.feature) == ("layers/bases.geojson", label)
    assert words in problem.detail
    assert str(problem).startswith(f"layers/bases.geojson: {label}: {rule}: ")
    assert [f.id for f in result.catalog.features] == ["good-road"]


@pytest.mark.parametrize(
    ("geometry", "rule"),
    [
        ({"type": "Point", "coordinates": [30.5, 60.1]}, "outside-region"),
        ({"type": "Point", "coordinates": [41.0, 47.5]}, "lon-lat-swapped"),  # Sheki written as (lat, lon)
        ({"type": "LineString", "coordinates": [[44.0, 40.0]]}, "geometry-invalid"),
        ({"type": "Polygon", "coordinates": [[[44, 40], [45, 41], [45, 40], [44, 41], [44, 40]]]}, "geometry-invalid"),
        ({"type": "MultiPoint", "coordinates": []}, "geometry-empty"),
        (None, "geometry-empty"),
        ({"type": "Point", "coordinates": [44.12345678, 40.1]}, "coordinate-precision"),
    ],
)
def test_bad_geometry(make_layers, geometry, rule):
    result = load(make_layers(bases=[make_feature(geometry=geometry)]))
    problem = only_problem(result, rule)
    assert (problem.file, problem.feature) == ("layers/bases.geojson", "test-base")


def test_duplicate_id_across_layers(make_layers):
    result = load(make_layers(bases=[make_feature("same")], roads=[make_feature("same"), make_feature("other")]))
    problem = only_problem(result, "id-duplicate")
    assert (problem.file, problem.feature) == ("layers/roads.geojson", "same")
    assert "layers/bases.geojson" in problem.detail
    assert sorted(f.id for f in result.catalog.features) == ["other", "same"]


def test_every_problem_in_one_run(make_layers):
    bad = [make_feature("a", start="x"), make_feature("b", sources=[]), make_feature("c", end="1990")]
    result = load(make_layers(bases=bad, raw={"roads.geojson": "not json"}))
    assert sorted(p.rule for p in result.problems) == ["date", "date-order", "json", "source"]


def test_file_over_the_limit_is_refused_before_parsing(make_layers):
    root = make_layers(bases=[make_feature()])
    with (root / "roads.geojson").open("wb") as handle:  # sparse: 51 MB long, nothing written
        handle.truncate(51 * 1024 * 1024)
    result = load(root)
    problem = only_problem(result, "file-size")
    assert problem.file == "layers/roads.geojson" and "limit" in problem.detail
    assert len(result.catalog.features) == 1


def test_broken_extra_layer_loses_nothing(make_layers):
    root = make_layers(bases=[make_feature()], roads=[make_feature("r")], raw={"my_extra.geojson": "{oops"})
    result = load(root)
    assert [p.rule for p in result.problems] == ["json"]
    assert [layer.id for layer in result.catalog.layers] == ["bases", "roads", "my_extra"]
    assert sorted(f.id for f in result.catalog.features) == ["r", "test-base"]


def test_good_extra_layer_is_loaded_after_the_listed_ones(make_layers):
    root = make_layers(bases=[make_feature()], roads=[], my_extra=[make_feature("mine")])
    result = load(root)
    assert result.ok
    assert result.catalog.layers[-1].id == "my_extra"
    assert result.catalog.feature("mine").layer == "my_extra"


def test_missing_layer_file_and_broken_manifest(make_layers):
    result = load(make_layers(bases=[make_feature()]))
    assert only_problem(result, "missing-layer").file == "layers/roads.geojson"
    broken = dict(MANIFEST, layers=[{"id": "bases"}])
    result = load(make_layers(manifest=broken, bases=[make_feature()]))
    assert "required" in only_problem(result, "manifest").detail


def test_derived_needs_a_line(make_layers):
    corridor = make_feature("corr", geometry=None, derived={"buffer_of": "test-base", "width_m": 5000})
    result = load(make_layers(bases=[make_feature()], roads=[corridor]))
    problem = only_problem(result, "derived")
    assert problem.feature == "corr" and "Point" in problem.detail


def test_catalog_active_on(small_settings):
    import datetime as dt

    catalog = load_catalog(small_settings).catalog
    assert [f.id for f in catalog.active_on(dt.date(2009, 1, 1))] == ["test-base"]
    assert [f.id for f in catalog.active_on(dt.date(2021, 1, 1))] == ["test-road", "test-corridor"]
    assert catalog.active_on(dt.date(2021, 1, 1), layers=frozenset({"bases"})) == ()
