"""geo.succession: successive states leave no unexplained gap or overlap day (inclusive day rule)."""

import pytest
from conftest import make_feature

from geo.config import Settings
from geo.io import load_catalog


def run(make_layers, before_end, after_start, **entry):
    before = make_feature("old", start="2020-11-10", end=before_end)
    after = make_feature("new", start=after_start, end="2023-09", succeeds=[{"id": "old", **entry}])
    result = load_catalog(Settings(layers_dir=make_layers(bases=[before, after])))
    return [p for p in result.problems if p.rule == "succession"]


def test_seamless(make_layers):
    assert run(make_layers, "2022-08-29", "2022-08-30") == []


def test_month_precision_counts_to_the_last_day(make_layers):
    assert run(make_layers, "2022-08", "2022-09-01") == []
    assert run(make_layers, "2022-08", "2022-09") == []


def test_a_gap_is_reported_with_its_days(make_layers):
    (problem,) = run(make_layers, "2022-08-26", "2022-08-30")
    assert problem.feature == "new" and "3 day(s) with neither shown" in problem.detail


def test_an_overlap_is_reported(make_layers):
    (problem,) = run(make_layers, "2022-08-30", "2022-08-30")
    assert "1 day(s) with both shown" in problem.detail


def test_a_declared_overlap_or_gap_passes_only_with_its_exact_length(make_layers):
    assert run(make_layers, "2022-08-30", "2022-08-30", overlap_days=1, note="switch at 20:00") == []
    assert run(make_layers, "2022-08-26", "2022-08-30", gap_days=3, note="road closed") == []
    (problem,) = run(make_layers, "2022-08-26", "2022-08-30", gap_days=2, note="road closed")
    assert "declares gap_days 2" in problem.detail
    (problem,) = run(make_layers, "2022-08-29", "2022-08-30", overlap_days=1, note="stale")
    assert "seamless" in problem.detail


def test_a_declared_gap_needs_a_note(make_layers):
    before = make_feature("old", start="2020-11-10", end="2022-08-26")
    after = make_feature("new", start="2022-08-30", end="2023-09", succeeds=[{"id": "old", "gap_days": 3}])
    problems = load_catalog(Settings(layers_dir=make_layers(bases=[before, after]))).problems
    assert [(p.feature, p.rule) for p in problems if p.rule != "missing-layer"] == [("new", "schema")]


@pytest.mark.parametrize(("end", "expected"), [(None, "has no end"), ("2022-08-29", "no feature")])
def test_the_predecessor_must_exist_and_end(make_layers, end, expected):
    before = make_feature("old", start="2020-11-10", end=end)
    target = "old" if end is None else "missing"
    after = make_feature("new", start="2022-08-30", end="2023-09", succeeds=[{"id": target}])
    problems = [p for p in load_catalog(Settings(layers_dir=make_layers(bases=[before, after]))).problems
                if p.rule == "succession"]
    assert len(problems) == 1 and expected in problems[0].detail
