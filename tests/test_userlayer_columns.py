"""Which column is what: names found case-insensitively, a mapping that wins, and one clear error for the rest."""

import pytest

from geo.errors import UsageError
from geo.userlayer.columns import ColumnMap, resolve_columns
from geo.userlayer.problems import UserLayerError


def resolve(header, mapping="", *, csv=True):
    return resolve_columns(header, ColumnMap.parse(mapping), file="f.csv", csv=csv)


def problems(header, mapping="", *, csv=True):
    with pytest.raises(UserLayerError) as caught:
        resolve(header, mapping, csv=csv)
    return [str(p) for p in caught.value.row_problems]


def test_names_are_found_in_any_case_and_with_spaces():
    found = resolve([" LATITUDE ", "Lng", "Start", "END", "Id", "NAME", "Kind", "Source", "Description", "extra"])
    assert dict(found.found) == {"lat": " LATITUDE ", "lon": "Lng", "start": "Start", "end": "END", "id": "Id",
                                 "name": "NAME", "kind": "Kind", "url": "Source", "description": "Description"}
    assert found.unused == ("extra",)


@pytest.mark.parametrize("lon", ["lon", "lng", "longitude"])
def test_every_longitude_alias(lon):
    assert resolve(["lat", lon, "date"]).get("lon") == lon


def test_wkt_or_geometry_places_rows_and_date_dates_them():
    assert dict(resolve(["Geometry", "Date"]).found) == {"wkt": "Geometry", "date": "Date"}


def test_points_win_over_wkt_and_say_so():
    found = resolve(["lat", "lon", "wkt", "start"])
    assert "wkt" not in found.found and any("'wkt' is not used" in n for n in found.notes)


def test_start_and_date_are_both_kept():
    assert {"start", "date"} <= set(resolve(["lat", "lon", "start", "date"]).found)


def test_mapping_wins_and_turns_off_the_search_in_its_group():
    found = resolve(["Y", "X", "lat", "lon", "Datum", "start"], "lat=Y,lon=X,date=Datum")
    assert found.get("lat") == "Y" and found.get("lon") == "X" and found.get("date") == "Datum"
    assert found.get("start") is None and set(found.unused) == {"lat", "lon", "start"}


def test_mapping_matches_exactly_then_ignoring_case():
    assert resolve(["datum", "lat", "lon"], "start=DATUM").get("start") == "datum"


def test_missing_mapped_column_and_unknown_target_are_clear():
    [message] = problems(["lat", "lon", "start"], "name=Titel")
    assert message.startswith("f.csv:1:name: columns: name=Titel: the file has no column 'Titel'")
    assert "'lat', 'lon', 'start'" in message
    with pytest.raises(UsageError, match="unknown column target 'colour'"):
        ColumnMap.parse("colour=Farbe")


def test_bad_mapping_text_is_a_usage_error():
    with pytest.raises(UsageError, match="TARGET=COLUMN"):
        ColumnMap.parse("start")
    with pytest.raises(UsageError, match="mapped twice"):
        ColumnMap.parse(["start=A", "start=B"])
    with pytest.raises(UsageError, match="is empty"):
        ColumnMap.parse("start=")
    assert str(ColumnMap.parse(["start = Datum ,", " lat=Y"])) == "start=Datum,lat=Y"


def test_ambiguous_columns_are_an_error_that_says_how_to_choose():
    [message] = problems(["lat", "latitude", "lon", "start"])
    assert "columns 'lat', 'latitude' could all be lat; choose one with lat=COLUMN" in message
    [message] = problems(["lat", "lon", "start", "url", "source"])
    assert "could all be url" in message
    assert resolve(["lat", "lon", "start", "url", "source"], "url=url").get("url") == "url"


def test_no_date_and_no_place_are_reported_together_or_alone():
    [message] = problems(["lat", "lon", "when"])
    assert "f.csv:1:start: columns: no date column" in message and "start=COLUMN or date=COLUMN" in message
    [message] = problems(["lat", "start"])
    assert "found lat ('lat') but no lon column" in message
    [message] = problems(["start", "x", "y"])
    assert "no coordinates" in message


def test_geojson_geometry_comes_from_the_file():
    found = resolve(["start", "lat", "lon"], csv=False)
    assert "lat" not in found.found and found.unused == ("lat", "lon")
    [message] = problems(["start"], "lat=Y", csv=False)
    assert message.startswith("f.csv:-:lat: columns: lat=Y: the geometry of a GeoJSON or GeoPackage file")


def test_two_columns_with_the_mapped_name():
    assert resolve(["A", "a", "lat", "lon"], "start=a").get("start") == "a"  # the exact name wins
    [message] = problems(["A", "A ", "lat", "lon"], "start=a")
    assert "2 columns are called 'a'" in message
