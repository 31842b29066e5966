"""Dates (the project's partial-date rule, impossible days refused), texts (kept as written, control characters
refused), links (http(s) only, dropped otherwise) and ids (kept when given, safe, unique)."""

import random

import numpy as np
import pytest

from geo.temporal import PartialDate, day_number
from geo.userlayer.problems import Findings
from geo.userlayer.rules import (
    OPEN_END,
    _day_numbers,
    _full_days,
    check_dates,
    check_ids,
    check_text,
    check_urls,
    text_cells,
)


def findings(n):
    return Findings("f.csv", np.arange(2, n + 2, dtype=np.int64))


def messages(f):
    return [str(p) for p in f.problems]


def day(text):
    return day_number(PartialDate.parse(text).first_day())


def last(text):
    return day_number(PartialDate.parse(text).last_day())


def test_start_and_end_with_precision():
    f = findings(4)
    first, end = check_dates(["2008-08", "2009", "2020-11-10", "2021"], "start", None, None,
                             ["2008-08-12", None, "2020-11", "2021"], "end", findings=f)
    assert f.problems == []
    assert first.tolist() == [day("2008-08"), day("2009"), day("2020-11-10"), day("2021")]
    assert end.tolist() == [last("2008-08-12"), OPEN_END, last("2020-11"), last("2021")]


def test_a_date_is_an_event_of_its_own_length_and_start_wins_when_given():
    f = findings(4)
    first, end = check_dates([None, None, "2001", None], "start", ["2023-05-03", "2023-05", "1999", "2022"], "date",
                             [None, None, None, "2022-03"], "end", findings=f)
    assert f.problems == []
    assert first.tolist() == [day("2023-05-03"), day("2023-05"), day("2001"), day("2022")]
    assert end.tolist() == [day("2023-05-03"), last("2023-05"), OPEN_END, last("2022-03")]


@pytest.mark.parametrize(("text", "words"), [
    ("2023-02-30", "is not a calendar date"),
    ("2023-00-00", "is not a calendar date (month must be in 1..12, got 0)"),
    ("2023-01-00", "day must be in 1..31, got 0"),
    ("2023-13", "is not a calendar date"),
    ("0000", "is not a calendar date"),
    ("2023-1-5", "is not an ISO 8601 date"),
    ("05.03.2023", "write YYYY-MM-DD (year first)"),
    ("2023-05-03T10:00", "has a time of day"),
    ("2023-05-03 10:00:00", "has a time of day"),
    ("soon", "is not an ISO 8601 date"),
])
def test_impossible_and_malformed_dates_are_refused(text, words):
    f = findings(1)
    check_dates([text], "Datum", None, None, None, None, findings=f)
    [message] = messages(f)
    assert message.startswith("f.csv:2:Datum: date: Datum: ") and words in message and f.bad.tolist() == [True]


def test_missing_dates_and_end_before_start():
    f = findings(3)
    check_dates([None, "2022-06-10", "2022"], "start", [None, None, None], "date",
                [None, "2022-06-09", "2022-12-31"], "end", findings=f)
    assert messages(f) == [
        "f.csv:2:start: date: start and date are empty; every row needs a date",
        "f.csv:3:end: date-order: end 2022-06-09 is before start 2022-06-10",
    ]
    assert f.bad.tolist() == [True, True, False]


def test_surrounding_spaces_around_a_date_are_allowed():
    f = findings(1)
    first, _ = check_dates([" 2020-11-10 "], "start", None, None, None, None, findings=f)
    assert f.problems == [] and first.tolist() == [day("2020-11-10")]


def test_the_fast_day_path_agrees_with_partial_date():
    rng = random.Random(4)
    texts = [f"{rng.randint(0, 2999):04d}-{rng.randint(0, 14):02d}-{rng.randint(0, 33):02d}" for _ in range(3000)]
    texts += ["1900-02-29", "2000-02-29", "2024-02-29", "2023-02-29", "1970-01-01", "1969-12-31", "9999-12-31",
              "2023-0a-01", "2023/01/01", "+023-01-01"]
    firsts, ok = _full_days(texts)
    for text, number, good in zip(texts, firsts.tolist(), ok.tolist(), strict=True):
        try:
            date = PartialDate.parse(text)
            valid = date.month != 0 and date.day != 0
            if valid:
                date.last_day()
        except ValueError:
            valid = False
        assert good == valid, text
        if good:
            assert number == day_number(date.first_day()), text


def test_each_distinct_date_is_parsed_once_and_non_ascii_digits_follow_partial_date():
    first, end, status = _day_numbers(["2020-01-01", "2020", None, "２０２０-01-01", "2020-01-01"])
    assert status.tolist() == [0, 0, 1, 2, 0]  # PartialDate takes ASCII digits only (a fullwidth date is refused); so do we
    assert first.tolist()[:2] == [day("2020"), day("2020")] and end.tolist()[1] == last("2020")


def test_texts_are_kept_exactly_and_long_texts_refused():
    f = findings(3)
    values = ["  spaced  ", "x" * 301, "tab\tand\nnewline and\r\nCRLF"]
    check_text(values, "name", 300, f)
    assert messages(f) == ["f.csv:3:name: text: name has 301 characters; at most 300 are allowed"]
    assert values[0] == "  spaced  "


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\r", "\ud800"])
def test_control_characters_are_refused(char):
    f = findings(2)
    check_text(["fine", f"a{char}b"], "description", 5000, f)
    [message] = messages(f)
    assert message.startswith(f"f.csv:3:description: text: description contains U+{ord(char):04X}")
    assert "at character 2" in message and f.bad.tolist() == [False, True]


def test_cells_become_text_or_a_problem():
    f = findings(7)
    assert text_cells(["a", "", None, 17, 2008.0, 1.5, float("nan")], "id", f) == ["a", None, None, "17", "2008",
                                                                                    "1.5", None]
    f = findings(3)
    assert text_cells([True, ["x"], {"a": 1}], "name", f) == [None, None, None]
    assert [p.rule for p in f.problems] == ["text"] * 3 and "name is bool True, not text" in f.problems[0].detail


@pytest.mark.parametrize("url", ["https://example.org", "http://example.org/a?b=c#d", "HTTPS://EXAMPLE.ORG/x",
                                 "https://[2001:db8::1]:8080/", "https://user@host.example/p", "https://аа.рф/путь"])
def test_http_urls_are_kept(url):
    f = findings(1)
    assert check_urls([url], "url", 2000, f) == [url] and f.problems == []


@pytest.mark.parametrize(("url", "words"), [
    ("javascript:alert(1)", "is not an http(s) URL"),
    ("data:text/html,<script>", "is not an http(s) URL"),
    ("www.example.org", "write https://"),
    ("https://", "is not an http(s) URL"),
    ("https://exa mple.org", "is not an http(s) URL"),
    ("ftp://example.org/f", "is not an http(s) URL"),
    ("https://example.org/" + "a" * 2000, "characters (at most 2,000)"),
])
def test_other_links_are_dropped_and_the_row_kept(url, words):
    f = findings(1)
    assert check_urls([url], "source", 2000, f) == [None]
    [problem] = f.problems
    assert problem.rule == "url" and words in problem.detail and not problem.left_out and f.bad.tolist() == [False]


def test_ids_are_kept_generated_and_checked():
    f = findings(6)
    ids = check_ids(["a-1", None, "a-1", "bad id", "x" * 81, "ev-3"], "id", layer_id="ev", reserved=frozenset(), findings=f)
    assert ids[:2] == ["a-1", "ev-3"]
    assert messages(f) == [
        "f.csv:5:id: id: 'bad id' is not 1 to 80 characters of A-Z a-z 0-9 . _ : -",
        f"f.csv:6:id: id: {'x' * 59 + '…'!r} is not 1 to 80 characters of A-Z a-z 0-9 . _ : -",
        "f.csv:4:id: id-duplicate: the id 'a-1' is already used by row 2",
        "f.csv:7:id: id-duplicate: the id 'ev-3' is already used by row 3",
    ]
    assert f.bad.tolist() == [False, False, True, True, True, True]


def test_ids_used_by_the_dataset_are_refused():
    f = findings(2)
    check_ids(["gyumri-base", None], "id", layer_id="ev", reserved=frozenset({"gyumri-base", "ev-3"}), findings=f)
    assert [p.detail for p in f.problems] == ["'gyumri-base' is already the id of a feature of the map's dataset",
                                              "'ev-3' is already the id of a feature of the map's dataset"]


def test_without_an_id_column_every_row_gets_layer_row():
    f = findings(3)
    assert check_ids(None, None, layer_id="ev", reserved=frozenset(), findings=f) == ["ev-2", "ev-3", "ev-4"]
    assert f.problems == []
