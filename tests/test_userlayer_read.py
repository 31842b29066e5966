"""A whole read: bad rows reported as file:row:column: rule: detail and left out, good rows kept, strict fails
with every problem, uploads read from memory, and the layer on the map exactly when the rule says."""

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest
import shapely

from geo.errors import DataError, UsageError
from geo.userlayer import ColumnMap, UserLayerError, UserLayerOptions, layer_id_for, read_user_layer

FIXTURES = Path(__file__).parent / "fixtures" / "userlayers"
EVENTS = FIXTURES / "events.csv"


def read(path, **options):
    return read_user_layer(path, UserLayerOptions(layer_id=options.pop("layer_id", "tavush"), **options),
                           file=path.name)


def test_events_csv_reports_every_bad_row_and_keeps_the_good_ones():
    result = read(EVENTS)
    assert [str(p) for p in result.problems] == [
        "events.csv:4:start: date: start: '2023-02-30' is not a calendar date (day is out of range for month)",
        "events.csv:5:start: date: start: '2023-00-00' is not a calendar date (month must be in 1..12, got 0)",
        "events.csv:6:Latitude: lon-lat-swapped: (lon 40.9, lat 47.1) is outside the region, (lon 47.1, lat 40.9) is "
        "inside: are the lat and lon columns swapped?",
        "events.csv:7:LNG: outside-region: (lon 60.1, lat 40.9) is outside lon 36..52, lat 36..46",
        "events.csv:8:Latitude: coordinate: Latitude '40,9' is not a number (write a decimal point, not a comma)",
        "events.csv:9:end: date-order: end 2022-06-09 is before start 2022-06-10",
        "events.csv:10:id: id-duplicate: the id 'tavush-1' is already used by row 2",
        "events.csv:11:id: id: 'bad id!' is not 1 to 80 characters of A-Z a-z 0-9 . _ : -",
        "events.csv:12:source: url: 'javascript:alert(1)' is not an http(s) URL; the link is left out, the row is kept",
        "events.csv:13:-: csv: 10 fields where the header has 9 (a delimiter or quote inside a value?)",
    ]
    assert (result.rows_read, result.rows_left_out, len(result.layer)) == (13, 9, 4)
    assert result.summary() == "events.csv: 4 of 13 rows kept, 9 left out (10 problems)"
    layer = result.layer
    assert layer.ids == ("tavush-1", "tavush-12", "tavush-8", "tavush-9")  # row 12 has no id: <layer>-<row>
    assert layer.rows.tolist() == [2, 12, 15, 17]
    assert layer.name == ("Shelling near Berd", "No id: generated", "Open end", "Year only")
    assert layer.url == ("https://example.org/berd", None, "https://example.org/cp", "http://example.org/base")
    # texts stay exactly as written: the escaping is the page's job
    assert layer.description == ("Two lines:\nsecond line", "<img src=x onerror=alert(1)>", None,
                                 '=HYPERLINK("http://evil")')
    assert dict(result.columns)["lat"] == "Latitude" and "2 blank row(s) skipped" in result.notes


def test_the_layer_is_on_the_map_exactly_on_the_days_the_rule_gives():
    layer = read(EVENTS).layer
    on = {d: set(layer.active_ids(dt.date.fromisoformat(d))) for d in (
        "2023-04-30", "2023-05-01", "2023-05-03", "2023-05-04", "2008-01-01", "2008-12-31", "2009-01-01",
        "2021-09-12", "2021-09-13", "2021-09-14", "2021-09-15", "2020-11-09", "2020-11-10", "2030-01-01")}
    assert "tavush-1" not in on["2023-04-30"] and "tavush-1" in on["2023-05-01"] and "tavush-1" in on["2023-05-03"]
    assert "tavush-1" not in on["2023-05-04"]
    assert "tavush-9" in on["2008-01-01"] and "tavush-9" in on["2008-12-31"] and "tavush-9" not in on["2009-01-01"]
    assert [("tavush-12" in on[d]) for d in ("2021-09-12", "2021-09-13", "2021-09-14", "2021-09-15")] == [
        False, True, True, False]
    assert "tavush-8" not in on["2020-11-09"] and "tavush-8" in on["2020-11-10"] and "tavush-8" in on["2030-01-01"]


def test_strict_fails_with_every_problem():
    with pytest.raises(UserLayerError) as caught:
        read(EVENTS, strict=True)
    assert len(caught.value.row_problems) == 10 and isinstance(caught.value, DataError)
    assert str(caught.value).splitlines()[0].startswith("events.csv:4:start: date:")


def test_strict_passes_a_clean_file(tmp_path):
    path = tmp_path / "clean.csv"
    path.write_text("lat,lon,date,name\n40.8,45.1,2021-03-01,A\n", encoding="utf-8")
    result = read(path, strict=True)
    assert result.ok and result.layer.ids == ("tavush-2",)


def test_an_upload_is_read_from_bytes_under_its_own_name():
    result = read_user_layer(EVENTS.read_bytes(), UserLayerOptions(layer_id="up"), file="Meine Ereignisse.csv")
    assert result.layer.file == "Meine Ereignisse.csv" and result.layer.title == "Meine Ereignisse.csv"
    assert str(result.problems[0]).startswith("Meine Ereignisse.csv:4:start:")
    assert layer_id_for("Meine Ereignisse 2023.csv") == "meine-ereignisse-2023"
    assert layer_id_for("Ереван.geojson") == "layer" and layer_id_for("C:\\data\\Événements.gpkg") == "evenements"


def test_a_file_problem_loses_nothing_else_and_is_one_clear_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"lat,lon,start\n40,45,2020\n")
    with pytest.raises(UserLayerError, match="file-size"):
        read(path, max_bytes=10)
    path.write_text("lat,lon,start\n", encoding="utf-8")
    with pytest.raises(UserLayerError, match=r"x\.csv:-:-: empty: the file has no data rows"):
        read(path)
    path.write_text("lat,lon\n40,45\n", encoding="utf-8")
    with pytest.raises(UserLayerError, match=r"x\.csv:1:start: columns: no date column"):
        read(path)


def test_the_column_map_reads_other_names(tmp_path):
    path = tmp_path / "de.csv"
    path.write_text("Y;X;Datum;Titel\n40,8;45,1;2021-03-01;A\n40.8;45.1;2021-03;B\n", encoding="utf-8")
    result = read(path, columns=ColumnMap.parse("lat=Y,lon=X,date=Datum,name=Titel"))
    assert [p.rule for p in result.problems] == ["coordinate", "coordinate"]  # "40,8": a decimal comma, said
    assert result.layer.name == ("B",) and any("semicolon" in n for n in result.notes)


def test_layer_id_and_limits_are_checked():
    with pytest.raises(UsageError, match="layer id"):
        UserLayerOptions(layer_id="Bad Id")
    with pytest.raises(UsageError, match="positive"):
        UserLayerOptions(layer_id="ok", max_bytes=0)


def test_no_end_column_is_said():
    result = read(FIXTURES / "shapes.csv", layer_id="shapes")
    assert not any("no end column" in n for n in result.notes)
    assert "'url'" not in " ".join(result.notes)


def test_reserved_ids_are_left_out():
    result = read(EVENTS, reserved_ids=frozenset({"tavush-8"}))
    assert "tavush-8" not in result.layer.ids
    assert any(p.rule == "id-duplicate" and "dataset" in p.detail for p in result.problems)


def test_geojson_features_keep_their_ids_and_shapes():
    result = read(FIXTURES / "events.geojson", layer_id="zone")
    assert [(p.row, p.column, p.rule) for p in result.problems] == [
        (3, "geometry", "geometry-invalid"), (4, "geometry", "geometry-type"), (5, "geometry", "geometry-empty"),
        (6, "name", "text"), (7, "name", "text"), (8, "-", "format"), (9, "name", "text")]
    layer = result.layer
    assert layer.ids == ("post-1", "17", "zone-2", "zone-10", "zone-11")  # feature id, numeric id, <layer>-<index>
    assert layer.geometry.tolist() == [0, 2, 3, 1, 0] and sorted(layer.shapes) == [1, 2, 3]
    assert layer.first.tolist()[1] == layer.last.tolist()[1]  # "date": a one-day event
    assert any("Z" in n for n in result.notes)


def test_geojson_lone_surrogates_are_refused_so_output_stays_utf8():
    result = read(FIXTURES / "events.geojson", layer_id="zone")
    json.dumps(result.layer.name, ensure_ascii=False).encode("utf-8")  # would raise on a lone surrogate
    assert any("U+D800" in p.detail for p in result.problems)


def test_gpkg_with_another_crs_and_date_times(tmp_path):
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", "EPSG:32638", always_xy=True).transform([44.5, 45.0], [40.2, 41.0])
    pyogrio.raw.write(tmp_path / "e.gpkg", shapely.to_wkb(shapely.points(x, y)),
                      [np.array([np.datetime64("2023-01-05T10:00"), np.datetime64("2023-01-06T23:59")]),
                       np.array(["a", "b"], dtype=object), np.array([1, 2])],
                      ["when", "name", "id"], geometry_type="Point", crs="EPSG:32638", driver="GPKG")
    result = read(tmp_path / "e.gpkg", layer_id="g", columns=ColumnMap.parse("date=when"))
    assert result.ok and result.layer.ids == ("1", "2")
    assert result.layer.lon == pytest.approx([44.5, 45.0]) and result.layer.lat == pytest.approx([40.2, 41.0])
    assert result.layer.first.tolist() == result.layer.last.tolist() == [19362, 19363]
    assert "coordinates reprojected from EPSG:32638 to EPSG:4326" in result.notes
    assert any("date-times" in n for n in result.notes)
