"""The personnel chart's Vega-Lite spec (geo.chart): a log axis with written ticks, approximate figures hollow,
a rule at the date, the legend outside the plot, numbers and dates the reader's way."""

import datetime as dt

import pytest

from geo.chart import PLOT_HEIGHT, chart_data, chart_rows, log_domain, number_words, personnel_spec
from geo.config import Settings
from geo.io import load_catalog
from geo.panels import personnel_series

D = dt.date


@pytest.fixture(scope="module")
def points():
    return personnel_series(load_catalog(Settings()).catalog, lang="en")


def test_log_domain_holds_the_values_with_1_2_5_ticks():
    low, high, ticks = log_domain([60, 209, 1960, 5000])
    assert (low, high) == (50, 10000)
    assert ticks == [50, 100, 200, 500, 1000, 2000, 5000, 10000]
    assert log_domain([]) == (10.0, 100.0, [10.0, 20.0, 50.0, 100.0])  # nothing to show: still a valid axis
    assert log_domain([100])[0] < 100 < log_domain([100])[1]


@pytest.mark.parametrize(("lang", "written"), [("en", "3,500"), ("ru", "3\u00a0500"), ("az", "3.500")])
def test_numbers_are_written_the_readers_way(lang, written):
    assert number_words(3500, lang) == written


def test_the_spec_reads_as_the_issue_asks(points):
    span = {"first": D(1992, 1, 1), "last": D(2026, 3, 1)}
    spec = personnel_spec(points, lang="en", **span)
    assert spec["height"] == PLOT_HEIGHT >= 250 and spec["autosize"]["type"] == "fit-x"  # the legend adds, not takes
    line, exact, hollow, rule, *labels = spec["layer"]
    y = exact["encoding"]["y"]
    assert y["scale"]["type"] == "log" and y["axis"]["values"][0] <= min(p.value for p in points)
    assert "log" in y["title"]
    color = exact["encoding"]["color"]
    assert color["legend"]["orient"] == "bottom"  # outside the plotted area
    assert color["scale"]["domain"] == color["sort"] and "" not in color["sort"]  # the rule row is not a force
    assert exact["mark"]["filled"] is True and hollow["mark"]["filled"] is False
    assert exact["transform"][1] == {"filter": "!datum.approx"} and hollow["transform"][1] == {"filter": "datum.approx"}
    assert rule["mark"]["type"] == "rule" and [m["mark"]["align"] for m in labels] == ["left", "center", "right"]
    titles = [t["title"] for t in exact["encoding"]["tooltip"]]
    assert titles == ["Name", "Figure", "As of", "Sources", "Note"]
    assert spec["config"]["locale"]["number"]["thousands"] == ","
    # the date is data: moving it leaves the spec as it was (Streamlit then updates the chart, not rebuilds it)
    data = chart_data(points, day=D(2022, 12, 12), lang="en", **span)
    (ruled,) = [r for r in data if r["kind"] == "rule"]
    assert (ruled["as_of"], ruled["label"], ruled["align"]) == ("2022-12-12", "12 December 2022", "right")
    assert chart_data(points, day=D(1995, 1, 1), lang="en", **span)[-1]["align"] == "left"
    assert len({tuple(sorted(r)) for r in data}) == 1  # one set of columns for every row (one table)


def test_rows_carry_the_source_and_the_precision(points):
    rows = chart_rows(points, "en")
    gyumri = [r for r in rows if "102nd" in r["feature"]]
    assert gyumri and all(r["source"] and r["as_of_words"] for r in gyumri)
    approx = [r for r in rows if r["approx"]]
    assert approx and all(r["figure"].endswith("(approximate)") for r in approx)
    assert any(r["as_of_words"] == "February 2010" for r in rows)  # a month-precision figure, written as a month
    assert len({(r["feature"], r["as_of"], r["value"]) for r in rows}) == len(rows)


def test_the_chart_in_russian(points):
    ru = personnel_series(load_catalog(Settings()).catalog, lang="ru")
    span = {"first": D(1992, 1, 1), "last": D(2026, 3, 1)}
    spec = personnel_spec(ru, lang="ru", **span)
    assert spec["config"]["locale"]["number"]["thousands"] == "\u00a0"
    assert "логарифм" in spec["layer"][1]["encoding"]["y"]["title"]
    assert chart_data(ru, day=D(2020, 11, 10), lang="ru", **span)[-1]["label"].startswith("10 ноября 2020")
