"""The reference time index: every step equals the difference of two brute-force active sets, and touches only
the features whose start or end lies between the two days. ``timeindex.json`` is the fixture the JavaScript port
is tested on; this module checks it against the reference (rewrite it with
``python tests/test_userlayer_timeindex.py --write``)."""

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from geo.userlayer.rules import OPEN_END
from geo.userlayer.timeindex import TimeIndex

FIXTURE = Path(__file__).parent / "fixtures" / "userlayers" / "timeindex.json"


def brute(start, end, day):
    return {i for i, (s, e) in enumerate(zip(start, end, strict=True)) if s <= day <= e}


def fixture_layer():
    """Ties, one-day events, open ends, a feature before and one after everything, a long one."""
    start = [100, 100, 100, 101, 102, 105, 105, 110, 90, 120, 100, 103, 103, 104, 200, 50]
    end = [100, 101, 105, 101, OPEN_END, 105, 109, 110, 95, OPEN_END, 130, 103, 104, 104, 200, 300]
    return start, end


def fixture_steps():
    days = [49, 50, 89, 90, 95, 96, 99, 100, 101, 102, 103, 104, 105, 106, 109, 110, 111, 119, 120, 130, 131, 199,
            200, 201, 300, 301, 10_000]
    pairs = [(a, b) for a in days for b in days if a != b and (abs(a - b) <= 2 or (a * 7 + b) % 11 == 0)]
    return [*pairs, (100, 100), (-5, 400), (400, -5)]


def expected(start, end, a, b):
    before, after = brute(start, end, a), brute(start, end, b)
    return sorted(after - before), sorted(before - after)


def build_fixture():
    start, end = fixture_layer()
    index = TimeIndex.build(start, end)
    return {
        "$comment": "Shared by the Python reference (geo/userlayer/timeindex.py) and the JavaScript port. A feature "
                    "is active on day D iff start <= D <= end; end 2147483647 = open. entered/left: ascending "
                    "feature indices. Written by tests/test_userlayer_timeindex.py --write.",
        "open_end": OPEN_END,
        "start": start,
        "end": end,
        "by_start": index.by_start.tolist(),
        "by_end": index.by_end.tolist(),
        "active": [{"day": d, "features": sorted(brute(start, end, d))} for d in (49, 50, 100, 104, 105, 200, 301)],
        "steps": [{"from": a, "to": b, "entered": expected(start, end, a, b)[0], "left": expected(start, end, a, b)[1]}
                  for a, b in fixture_steps()],
    }


def test_fixture_file_matches_the_reference():
    assert json.loads(FIXTURE.read_text(encoding="utf-8")) == build_fixture(), \
        "regenerate with: python tests/test_userlayer_timeindex.py --write"


def test_every_fixture_step_is_what_the_index_computes():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    index = TimeIndex.from_orders(data["start"], data["end"], data["by_start"], data["by_end"])
    for case in data["active"]:
        assert index.active(case["day"]).tolist() == case["features"]
    for case in data["steps"]:
        step = index.step(case["from"], case["to"])
        assert step.entered.tolist() == case["entered"], case
        assert step.left.tolist() == case["left"], case


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_layers_step_like_brute_force(seed):
    rng = np.random.default_rng(seed)
    n = 400
    start = rng.integers(0, 60, n)
    end = np.where(rng.random(n) < 0.15, OPEN_END, start + rng.integers(0, 10, n))
    index = TimeIndex.build(start, end)
    for _ in range(300):
        a, b = (int(v) for v in rng.integers(-3, 75, 2))
        step = index.step(a, b)
        entered, left = expected(start.tolist(), end.tolist(), a, b)
        assert step.entered.tolist() == entered and step.left.tolist() == left, (a, b)
        active = set(index.active(a).tolist())
        assert (active | set(entered)) - set(left) == brute(start.tolist(), end.tolist(), b)


def test_a_step_costs_the_features_between_the_days_not_n():
    rng = np.random.default_rng(7)
    n = 200_000
    start = rng.integers(0, 20_000, n)
    end = start + rng.integers(0, 30, n)
    index = TimeIndex.build(start, end)
    step = index.step(10_000, 10_001)
    between = int(((start > 10_000) & (start <= 10_001)).sum() + ((end >= 10_000) & (end < 10_001)).sum())
    assert step.examined == between
    assert step.examined < n / 1000  # about 20 of 200,000
    assert len(step.entered) + len(step.left) <= step.examined


def test_same_day_is_no_change():
    index = TimeIndex.build([1, 2], [3, OPEN_END])
    step = index.step(2, 2)
    assert step.entered.size == step.left.size == step.examined == 0


def test_orders_that_do_not_sort_are_refused():
    with pytest.raises(ValueError, match="does not sort"):
        TimeIndex.from_orders([5, 1], [6, 2], [0, 1], [1, 0])
    with pytest.raises(ValueError, match="permutation"):
        TimeIndex.from_orders([1, 5], [2, 6], [0, 0], [0, 1])
    with pytest.raises(ValueError, match="one length"):
        TimeIndex.from_orders([1], [2, 3], [0], [0])


if __name__ == "__main__" and "--write" in sys.argv:
    FIXTURE.write_text(json.dumps(build_fixture(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE}")
