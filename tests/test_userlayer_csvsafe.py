"""CSV cells written back out can never start a spreadsheet formula."""

import csv
import io

import pytest

from geo.userlayer.csvsafe import neutralise_cell, neutralise_row


@pytest.mark.parametrize("text", ["=1+1", '=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
                                  "\t=1", "\r=1", "\n=1", "  =1", "-", "+", "@"])
def test_formula_starts_get_an_apostrophe(text):
    assert neutralise_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Gyumri", "", "a=b", "45.5", "-45.5", "+7", "-1e-3", ".5", "Шуша / Şuşa",
                                  "'already quoted"])
def test_other_cells_are_left_alone(text):
    assert neutralise_cell(text) == text


def test_a_row_goes_through_csv_writer_safely():
    out = io.StringIO()
    csv.writer(out).writerow(neutralise_row(["=cmd", None, "-12.5", "name, with comma"]))
    assert out.getvalue() == "'=cmd,,-12.5,\"name, with comma\"\r\n"
