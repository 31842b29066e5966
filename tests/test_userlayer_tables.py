"""The three formats as tables: CSV (delimiters, quoted newlines, blank and ragged rows), GeoJSON, GeoPackage
(read from memory through pyogrio, dates kept as text)."""

import json

import numpy as np
import pyogrio.raw
import pytest
import shapely

from geo.userlayer.problems import UserLayerError
from geo.userlayer.source import SourceBytes
from geo.userlayer.tables import read_table, sniff_format


def table(data, name="t.csv", **kwargs):
    return read_table(SourceBytes(name, data if isinstance(data, bytes) else data.encode("utf-8")), **kwargs)


def failure(data, name="t.csv"):
    with pytest.raises(UserLayerError) as caught:
        table(data, name)
    [problem] = caught.value.row_problems
    return problem


def test_csv_rows_are_labelled_by_their_first_line():
    t = table('a,b\n1,"two\nlines"\n\n3,4\r\n5,6\n')
    assert t.header == ("a", "b") and t.rows.tolist() == [2, 5, 6]
    assert list(t.cells("b")) == ["two\nlines", "4", "6"]
    assert "1 blank row(s) skipped" in t.notes


def test_csv_rows_with_only_empty_cells_are_blank_and_ragged_rows_are_left_out():
    t = table("a,b\n,\n1,2,3\n4\n5,6\n")
    assert t.rows.tolist() == [5] and list(t.cells("a")) == ["5"]
    assert [str(p) for p in t.problems] == [
        "t.csv:3:-: csv: 3 fields where the header has 2 (a delimiter or quote inside a value?)",
        "t.csv:4:-: csv: 1 fields where the header has 2 (a delimiter or quote inside a value?)",
    ]
    assert all(p.left_out for p in t.problems)


@pytest.mark.parametrize(("delimiter", "word"), [(";", "semicolon"), ("\t", "tab"), ("|", "vertical bar")])
def test_csv_delimiter_comes_from_the_header(delimiter, word):
    t = table(f"lat{delimiter}lon{delimiter}name\n1,5{delimiter}2{delimiter}x, y\n")
    assert t.header == ("lat", "lon", "name") and list(t.cells("name")) == ["x, y"]
    assert any(word in note for note in t.notes)


def test_csv_with_blank_lines_before_the_header():
    t = table("\n\nname,start\nx,2020\n")
    assert t.header_row == 3 and t.rows.tolist() == [4]


def test_csv_empty_file_and_unclosed_quote():
    assert failure("").rule == "empty"
    assert failure("\n\n").rule == "empty"
    problem = failure('a,b\n1,"open\n' + "x" * 200_000)
    assert problem.rule == "format" and "quote" in problem.detail


def test_spreadsheets_and_archives_are_named():
    assert "Excel .xlsx" in failure(b"PK\x03\x04rest", "t.xlsx").detail
    assert "Excel .xls" in failure(b"\xd0\xcf\x11\xe0rest", "t.xls").detail
    assert sniff_format(b"\xef\xbb\xbf  {") == "geojson" and sniff_format(b"a,b") == "csv"


def test_geojson_properties_become_columns_and_the_top_level_id_too():
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": 7, "properties": {"name": "a", "start": "2020"}, "geometry": None},
        {"type": "Feature", "properties": {"kind": "k"}, "geometry": None},
        {"type": "Feature", "properties": None, "geometry": None},
        {"type": "Feature", "properties": [1], "geometry": None},
        3,
    ]}
    t = table(json.dumps(data), "t.geojson")
    assert t.format == "geojson" and t.header == ("name", "start", "kind", "id")
    assert t.rows.tolist() == [0, 1, 2] and list(t.cells("id")) == [7, None, None]
    assert list(t.cells("kind")) == [None, "k", None]
    assert [p.row for p in t.problems] == [3, 4] and [p.column for p in t.problems] == ["properties", "-"]


def test_geojson_property_id_wins_over_the_top_level_id():
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": 7, "properties": {"ID": "x"}, "geometry": None}]}
    t = table(json.dumps(data), "t.geojson")
    assert t.header == ("ID",)


@pytest.mark.parametrize(("text", "words"), [
    ("{", "not valid JSON: line 1"),
    ('{"type": "Feature"}', "'Feature', not a GeoJSON FeatureCollection"),
    ("[1, 2]", "'list', not a GeoJSON FeatureCollection"),
    ('{"type": "FeatureCollection", "features": {}}', '"features" must be a list'),
])
def test_geojson_that_is_not_a_feature_collection(text, words):
    problem = failure(text, "t.geojson")
    assert problem.rule == "format" and words in problem.detail


def test_geojson_legacy_crs_member_is_kept():
    data = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32638"}},
            "features": []}
    assert table(json.dumps(data), "t.geojson").crs == "urn:ogc:def:crs:EPSG::32638"


def write_gpkg(path, *, layer="events", crs="EPSG:4326", second_layer=False):
    wkb = shapely.to_wkb(shapely.points([44.5, 45.0], [40.2, 41.0]))
    fields = [
        np.array(["2023-01-05", "2008-08"], dtype=object),
        np.array([np.datetime64("2023-01-05"), np.datetime64("2023-01-06")]),
        np.array([np.datetime64("2023-01-05T10:00"), np.datetime64("NaT")]),
        np.array(["Ğyumri", None], dtype=object),
        np.array([1.5, np.nan]),
    ]
    pyogrio.raw.write(path, wkb, fields, ["start", "day", "when", "name", "value"], geometry_type="Point", crs=crs,
                      driver="GPKG", layer=layer)
    if second_layer:
        pyogrio.raw.write(path, wkb, fields, ["start", "day", "when", "name", "value"], geometry_type="Point",
                          crs=crs, driver="GPKG", layer="other", append=True)
    return path.read_bytes()


def test_gpkg_is_read_from_memory_with_dates_as_text(tmp_path):
    t = table(write_gpkg(tmp_path / "a.gpkg"), "upload.gpkg")
    assert t.format == "gpkg" and t.header == ("start", "day", "when", "name", "value")
    assert list(t.cells("start")) == ["2023-01-05", "2008-08"]
    assert list(t.cells("day")) == ["2023-01-05", "2023-01-06"]  # a DATE field stays text, never a datetime
    assert list(t.cells("when")) == ["2023-01-05", None] and t.datetime_fields == ("when",)
    assert list(t.cells("name")) == ["Ğyumri", None]
    assert t.rows.tolist() == [0, 1] and t.crs == "EPSG:4326"
    assert shapely.from_wkb(t.geometry[1]).equals(shapely.Point(45.0, 41.0))


def test_gpkg_layers_are_chosen_and_named(tmp_path):
    data = write_gpkg(tmp_path / "a.gpkg", second_layer=True)
    assert "read layer 'events' of 2 (events, other)" in table(data, "a.gpkg").notes
    assert table(data, "a.gpkg", gpkg_layer="other").rows.tolist() == [0, 1]
    with pytest.raises(UserLayerError, match="no layer 'third'; the layers are events, other"):
        table(data, "a.gpkg", gpkg_layer="third")


def test_a_broken_gpkg_is_one_clear_problem():
    problem = failure(b"SQLite format 3\x00" + b"\x00" * 200, "bad.gpkg")
    assert problem.rule == "format" and problem.detail.startswith("cannot read the GeoPackage")


def test_csv_line_endings_lf_crlf_and_cr_alone():
    for text in ('a,b\n1,"x\ny"\n2,3\n', 'a,b\r\n1,"x\r\ny"\r\n2,3\r\n', 'a,b\r1,"x\ry"\r2,3\r', 'a,b\n1,"x\ny"\n2,3'):
        t = table(text)
        assert t.rows.tolist() == [2, 4] and list(t.cells("a")) == ["1", "2"], repr(text)
        assert next(iter(t.cells("b"))).replace("\r\n", "\n").replace("\r", "\n") == "x\ny"
    assert list(table('a,b\r\n1,"x\r\ny"\r\n').cells("b")) == ["x\r\ny"]  # the value is kept as written


def test_unicode_line_separators_are_text_not_line_ends():
    t = table("a,b\n1,x\u2028y\x85z\n2,3\n")
    assert t.rows.tolist() == [2, 3] and list(t.cells("b")) == ["x\u2028y\x85z", "3"]
