"""The manifest, entry by entry: one bad entry or field loses only itself, and is reported under rule ``manifest``."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from geo.config import Settings
from geo.io import load_catalog
from tests.conftest import MANIFEST, make_feature

TODAY = dt.date(2026, 6, 1)


def load(root):
    return load_catalog(Settings(layers_dir=root, today=TODAY))


def manifest(**dataset):
    data = copy.deepcopy(MANIFEST)
    data["dataset"].update(dataset)
    return data


@pytest.mark.parametrize(
    "entry",
    [{"id": "../../etc/passwd"}, {"style": {"color": "red"}}, {"order": "first"}, {"id": "roads\n"}, {"title": "   "}],
)
def test_one_bad_layer_entry_keeps_every_other(make_layers, entry):
    data = copy.deepcopy(MANIFEST)
    data["layers"][1].update(entry)
    result = load(make_layers(manifest=data, bases=[make_feature()], roads=[make_feature("r")]))
    (problem,) = result.problems
    assert (problem.file, problem.feature, problem.rule) == ("layers/manifest.json", "-", "manifest")
    assert problem.detail.startswith("layers.1")
    catalog = result.catalog
    assert catalog.dataset.version == "0.1.0" and catalog.dataset.licence == "CC BY 4.0"  # not thrown away
    bases = catalog.layer("bases")
    assert bases.style.color == "#0072B2" and bases.title == "Bases"
    # the refused entry's file is still read (as an extra layer) when its name is a layer id: nothing is lost
    assert sorted(f.id for f in catalog.features) == ["r", "test-base"]


@pytest.mark.parametrize(
    ("dataset", "words"),
    [({"data_as_of": "2023-02-30"}, "not a calendar day"), ({"first_date": "2999-01-01"}, "after today"),
     ({"data_as_of": "2999-01-01"}, "after today"), ({"first_date": "2026-05-01", "data_as_of": "2026-01-01"},
                                                     "after data_as_of"), ({"licence": "  "}, "blank")],
)
def test_impossible_dataset_facts_are_reported_and_replaced(make_layers, dataset, words):
    result = load(make_layers(manifest=manifest(**dataset), bases=[make_feature()], roads=[]))
    (problem,) = result.problems
    assert problem.rule == "manifest" and words in problem.detail
    assert result.catalog.dataset.first_date <= TODAY and result.catalog.dataset.data_as_of <= TODAY
    assert result.catalog.features  # the layers are kept


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_a_view_that_is_not_finite_falls_back(make_layers, number):
    text = json.dumps(MANIFEST).replace('"zoom": 7', f'"zoom": {number}')
    result = load(make_layers(bases=[make_feature()], roads=[], raw={"manifest.json": text}))
    (problem,) = result.problems
    assert problem.rule == "manifest" and "dataset.view.zoom" in problem.detail and "finite" in problem.detail
    assert result.catalog.dataset.view == (44.5, 41.0, 6.5)


def test_a_broken_manifest_schema_is_named(make_layers):
    root = make_layers(bases=[make_feature()], roads=[], raw={"schema/manifest.schema.json": "{nope"})
    problem = next(p for p in load(root).problems if p.rule == "schema-file")
    assert problem.file == "layers/schema/manifest.schema.json"
