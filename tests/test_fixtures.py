"""The fixtures the Node unit tests share with Python (tests/fixtures/) are what the Python side gives today."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyproj import Geod

from tests.fixtures import generate

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("name", sorted(generate.FIXTURES))
def test_generated_fixture_is_current(name: str) -> None:
    """Regenerated from geo.i18n (Babel) and pyproj, each file is byte for byte the checked-in one."""
    current = generate.render(generate.FIXTURES[name]())
    assert (FIXTURES / name).read_text(encoding="utf-8") == current, (
        f"tests/fixtures/{name} is stale: run `python tests/fixtures/generate.py` and check the diff")


def test_date_words_cover_five_languages_and_every_precision() -> None:
    data = json.loads((FIXTURES / "date_words.json").read_text(encoding="utf-8"))
    assert sorted(data["patterns"]) == ["az", "en", "hy", "ka", "ru"]
    lengths = {len(case["date"]) for case in data["cases"]}
    assert lengths == {4, 7, 10}  # YYYY, YYYY-MM, YYYY-MM-DD
    months = {case["date"][5:7] for case in data["cases"] if len(case["date"]) >= 7}
    assert len(months) == 12
    assert data["cases"][0]["words"]["ru"] == "1 января 2021\u202fг."


def test_geodesic_values_are_the_known_ones() -> None:
    """pyproj on WGS84 (axis order: the fixture's points are [lat, lon], Geod.inv takes lon, lat)."""
    pairs = {p["name"]: p for p in json.loads((FIXTURES / "geodesic.json").read_text(encoding="utf-8"))["pairs"]}
    assert round(pairs["Goris - Stepanakert"]["km"], 2) == 49.02
    assert round(pairs["Gyumri - the Turkish border on the Akhurian"]["km"], 2) == 16.59
    geod = Geod(ellps="WGS84")
    for p in pairs.values():
        (lat1, lon1), (lat2, lon2) = p["a"], p["b"]
        assert geod.inv(lon1, lat1, lon2, lat2)[2] / 1000 == pytest.approx(p["km"], abs=1e-6)


def test_active_on_table_is_well_formed() -> None:
    """Each case names real dates (the rule itself is checked by tests/test_temporal.py and tests/js/days.test.mjs)."""
    import datetime as dt

    from geo.temporal import PartialDate

    cases = json.loads((FIXTURES / "active_on.json").read_text(encoding="utf-8"))["cases"]
    assert len({c["name"] for c in cases}) == len(cases)
    for case in cases:
        PartialDate.parse(case["start"])
        if case["end"] is not None:
            PartialDate.parse(case["end"])
        assert case["on"] and case["off"], case["name"]
        for day in case["on"] + case["off"]:
            dt.date.fromisoformat(day)
