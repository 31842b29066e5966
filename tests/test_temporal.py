import datetime as dt
import json
from pathlib import Path

import pytest

from geo.temporal import Interval, PartialDate, Precision, active_on, day_number, from_day_number, parse_day

D = dt.date


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2009", Precision.YEAR, D(2009, 1, 1), D(2009, 12, 31)),
        ("2008-08", Precision.MONTH, D(2008, 8, 1), D(2008, 8, 31)),
        ("2024-02", Precision.MONTH, D(2024, 2, 1), D(2024, 2, 29)),
        ("2023-02", Precision.MONTH, D(2023, 2, 1), D(2023, 2, 28)),
        ("2020-11-10", Precision.DAY, D(2020, 11, 10), D(2020, 11, 10)),
    ],
)
def test_partial_date_bounds(text, precision, first, last):
    date = PartialDate.parse(text)
    assert date.precision is precision
    assert (date.first_day(), date.last_day()) == (first, last)
    assert date.isoformat() == text


@pytest.mark.parametrize("text", ["", "20", "2020-13", "2021-02-29", "2020-1-1", "2020/11/10", "10.11.2020", "2020-11-10T00:00"])
def test_partial_date_rejects(text):
    with pytest.raises(ValueError, match="not"):
        PartialDate.parse(text)


class Item:
    def __init__(self, start, end):
        self.interval = Interval(PartialDate.parse(start), None if end is None else PartialDate.parse(end))


#: THE rule as a table, shared with the browser's unit tests (tests/js/days.test.mjs), so the two cannot drift.
ACTIVE_ON = json.loads((Path(__file__).parent / "fixtures" / "active_on.json").read_text(encoding="utf-8"))["cases"]


def test_the_shared_table_covers_every_precision_and_an_open_end():
    precisions = {PartialDate.parse(c[key]).precision for c in ACTIVE_ON for key in ("start", "end") if c[key]}
    assert precisions == set(Precision)
    assert any(c["end"] is None for c in ACTIVE_ON)


@pytest.mark.parametrize("case", ACTIVE_ON, ids=[c["name"] for c in ACTIVE_ON])
def test_rule_boundaries(case):
    item = Item(case["start"], case["end"])
    for day in case["on"]:
        assert list(active_on([item], D.fromisoformat(day))) == [item], day
    for day in case["off"]:
        assert list(active_on([item], D.fromisoformat(day))) == [], day


def test_day_numbers_round_trip():
    assert day_number(D(1970, 1, 1)) == 0
    assert day_number(D(1969, 12, 31)) == -1
    for day in (D(1992, 1, 1), D(2020, 2, 29), D(2026, 11, 22)):
        assert from_day_number(day_number(day)) == day
    interval = Interval(PartialDate.parse("2008-08"), None)
    assert interval.day_numbers() == (day_number(D(2008, 8, 1)), None)


def test_parse_day_wants_a_full_day():
    assert parse_day(" 2020-11-10 ") == D(2020, 11, 10)
    with pytest.raises(ValueError, match="full day"):
        parse_day("2020-11")


@pytest.mark.parametrize("text", ["2023-00-00", "2023-01-00", "2023-00", "2023-13", "0000", "2023-01-01\n", "٢٠٢٣",
                                  "2023-1-01", "+2023"])
def test_month_zero_day_zero_and_other_lookalikes_are_refused(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_parse_day_refuses_day_zero_instead_of_reading_the_first():
    with pytest.raises(ValueError, match="1..31"):
        parse_day("2023-01-00")
    with pytest.raises(ValueError, match="1..12"):
        parse_day("2023-00-00")
