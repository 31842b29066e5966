import datetime as dt

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


@pytest.mark.parametrize(
    ("start", "end", "inside", "outside"),
    [
        # year precision: 1 Jan of start .. 31 Dec of end
        ("2009", "2010", [D(2009, 1, 1), D(2010, 12, 31)], [D(2008, 12, 31), D(2011, 1, 1)]),
        # month precision: 1st of the month .. last day of the month (leap February)
        ("2008-08", "2024-02", [D(2008, 8, 1), D(2024, 2, 29)], [D(2008, 7, 31), D(2024, 3, 1)]),
        # day precision: both ends inclusive
        ("2020-11-10", "2022-08-26", [D(2020, 11, 10), D(2022, 8, 26)], [D(2020, 11, 9), D(2022, 8, 27)]),
        # a one-day event
        ("2023-09-19", "2023-09-19", [D(2023, 9, 19)], [D(2023, 9, 18), D(2023, 9, 20)]),
        # open end
        ("1994", None, [D(1994, 1, 1), D(2026, 11, 22)], [D(1993, 12, 31)]),
    ],
)
def test_rule_boundaries(start, end, inside, outside):
    item = Item(start, end)
    for day in inside:
        assert list(active_on([item], day)) == [item], day
    for day in outside:
        assert list(active_on([item], day)) == [], day


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
