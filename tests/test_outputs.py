"""Every output of the shipped data, scanned as a GIS tool or a reader gets it: no ``{token}`` is left in any string
value (GeoJSON, CSV, GeoPackage, the HTML payload and its text alternative; every language, both name orders), and
every polygon's exterior ring is counter-clockwise (RFC 7946), read back with shapely."""

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pyogrio
import pytest
import shapely
from shapely import wkt
from shapely.geometry import shape

from geo.chapters import load_chapters
from geo.config import DEFAULT_LAYERS_DIR, Settings
from geo.elements import read_payload
from geo.gpkg import write_gpkg
from geo.io import load_catalog
from geo.model import LANGUAGES
from geo.noscript import noscript_listing
from geo.records import csv_text, feature_collection
from geo.render import MapOptions, build_document, build_payload
from tests.hostile import Texts

TOKEN = re.compile(r"\{[^{}]*\}")
#: Opening dates for the scans: the 2020 statement, the busiest months of 2022-2023, a quiet 1990s day, today.
DAYS = (dt.date(1994, 5, 12), dt.date(2008, 8, 12), dt.date(2020, 11, 10), dt.date(2022, 12, 12), dt.date(2023, 9, 20))


def strings_in(value, path="$"):
    """(path, text) for every string value in nested lists and objects (keys too)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key}[key]", str(key)
            yield from strings_in(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from strings_in(item, f"{path}[{i}]")


def tokens_left(value):
    return [(path, TOKEN.findall(text)) for path, text in strings_in(value) if TOKEN.search(text)]


@pytest.fixture(scope="module")
def catalog():
    result = load_catalog(Settings())
    assert result.problems == ()
    return result.catalog


@pytest.fixture(scope="module")
def chapters(catalog):
    return load_chapters(DEFAULT_LAYERS_DIR, layer_ids=[layer.id for layer in catalog.layers], today=dt.date.today())


def test_the_data_uses_tokens_at_all(catalog):
    """The scans below would pass vacuously without tokens in the data: the data has them in nested texts too."""
    raw = [dict(f.properties) for f in catalog.features]
    paths = {re.sub(r"\[\d+\]", "[]", p) for p, _ in tokens_left(raw)}
    for expected in ("date_note", "approximate_note", "place", "figures[].note", "derived.exclude[].why"):
        assert any(p.endswith(expected) for p in paths), expected


@pytest.mark.parametrize("swap", [False, True], ids=["listed-order", "swapped"])
def test_geojson_and_csv_have_no_token_left(catalog, swap):
    everything = catalog.features
    assert tokens_left(feature_collection(everything, catalog, swap=swap)) == []
    rows = list(csv.DictReader(io.StringIO(csv_text(everything, catalog, swap=swap))))
    assert len(rows) == len(everything)
    assert tokens_left(rows) == []


def test_swapped_names_are_swapped_in_nested_texts_too(catalog):
    feature = catalog.feature("nk-peacekeeping-zone-2020")
    listed = feature_collection([feature], catalog)["features"][0]["properties"]
    swapped = feature_collection([feature], catalog, swap=True)["features"][0]["properties"]
    assert "Stepanakert / Khankendi" in listed["date_note"] and "Khankendi / Stepanakert" in swapped["date_note"]
    assert listed["sources"] == swapped["sources"]  # sources are quoted as published


@pytest.mark.parametrize("swap", [False, True], ids=["listed-order", "swapped"])
def test_the_geopackage_has_no_token_left(catalog, tmp_path, swap):
    path = tmp_path / "all.gpkg"
    write_gpkg(path, [(layer.id, layer.features) for layer in catalog.layers], catalog, swap=swap)
    for layer in catalog.layers:
        frame = pyogrio.read_dataframe(path, layer=layer.id, read_geometry=False)
        texts = [v for column in frame.columns for v in frame[column].tolist() if isinstance(v, str)]
        assert texts and tokens_left(texts) == [], layer.id


def _data_parts(payload):
    """The payload without the UI strings (they hold {placeholders} by design), the CLDR patterns and the tile URL."""
    return {key: value for key, value in payload.items() if key not in ("strings", "dates", "options")}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("swap", [False, True], ids=["listed-order", "swapped"])
def test_the_html_payload_and_its_text_alternative_have_no_token_left(catalog, chapters, lang, swap):
    options = MapOptions(day=dt.date(2020, 11, 10), lang=lang, swap=swap, chapters=chapters)
    payload = build_payload(catalog, options, today=dt.date.today())
    assert tokens_left(_data_parts(payload)) == []
    for day in DAYS:
        listing = noscript_listing(catalog, title="t", day=day, lang=lang, layers=[layer.id for layer in catalog.layers],
                                   swap=swap)
        assert tokens_left(_plain(listing)) == [], day


def test_a_whole_document_has_no_token_in_its_data_or_its_text(catalog, chapters):
    html = build_document(catalog, MapOptions(day=dt.date(2022, 12, 12), lang="hy", swap=True, chapters=chapters),
                          today=dt.date.today())
    assert tokens_left(_data_parts(read_payload(html))) == []
    texts = Texts(html)
    assert len(texts.noscript) > 2000
    assert TOKEN.findall(texts.noscript) == []


def _plain(value):
    """A dataclass tree as plain lists and dicts."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# --- winding: every polygon of every export, read back ---------------------------------------------------------


def assert_ccw(geometry, where):
    polygons = [g for g in getattr(geometry, "geoms", [geometry]) if g.geom_type == "Polygon"]
    for polygon in polygons:
        assert polygon.exterior.is_ccw, where
        assert not any(ring.is_ccw for ring in polygon.interiors), where
    return len(polygons)


def test_every_exported_polygon_is_counter_clockwise(catalog, tmp_path):
    everything = catalog.features
    count = 0
    for feature in feature_collection(everything, catalog)["features"]:
        count += assert_ccw(shape(feature["geometry"]), ("geojson", feature["id"]))
    for row in csv.DictReader(io.StringIO(csv_text(everything, catalog))):
        assert_ccw(wkt.loads(row["wkt"]), ("csv", row["id"]))
    path = tmp_path / "all.gpkg"
    write_gpkg(path, [(layer.id, layer.features) for layer in catalog.layers], catalog)
    for layer in catalog.layers:
        frame = pyogrio.read_dataframe(path, layer=layer.id)
        for fid, geometry in zip(frame["id"], frame.geometry, strict=True):
            assert_ccw(geometry, ("gpkg", fid))
    payload = build_payload(catalog, MapOptions(day=dt.date(2021, 1, 1)), today=dt.date.today())
    for feature in payload["features"]:
        assert_ccw(shapely.geometry.shape(feature["g"]), ("html", feature["id"]))  # rounded to 5 decimals, still CCW
    assert count >= 7  # five zones, two corridor strips


def test_the_command_line_exports_read_back_the_same(catalog, tmp_path):
    """The files `export` writes (not only the functions): GeoJSON and CSV of a period, a GeoPackage of a day."""
    from geo.cli import main

    for fmt in ("geojson", "csv", "gpkg"):
        target = tmp_path / f"all.{fmt}"
        argv = ["export", "--format", fmt, "--output", str(target), "--swap-names"]
        argv += ["--date", "2022-12-12"] if fmt == "gpkg" else ["--from", "1992-01-01", "--to", dt.date.today().isoformat()]
        assert main(argv, stdout=io.StringIO(), stderr=io.StringIO()) == 0
        if fmt == "geojson":
            doc = json.loads(target.read_text(encoding="utf-8"))
            assert tokens_left(doc) == [] and len(doc["features"]) == len(catalog.features)
            for feature in doc["features"]:
                assert_ccw(shape(feature["geometry"]), feature["id"])
        elif fmt == "csv":
            assert TOKEN.findall(target.read_text(encoding="utf-8")) == []
        else:
            names = [str(n) for n, _ in pyogrio.list_layers(target)]
            assert names == [layer.id for layer in catalog.layers]
    assert not list(Path(tmp_path).glob(".*.tmp*"))


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_gdal_reads_valid_from_and_valid_to_as_dates_in_every_geojson(catalog, tmp_path, day):
    """start/end are partial dates (GDAL may guess either type for them, file by file); valid_from/valid_to are
    always full days, so GDAL types them Date in every file, and its filter on them is the project's rule."""
    path = tmp_path / "day.geojson"
    path.write_text(json.dumps(feature_collection(catalog.active_on(day), catalog), ensure_ascii=False), encoding="utf-8")
    info = pyogrio.read_info(path)
    types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert types["valid_from"] == "OFTDate" and types["valid_to"] == "OFTDate", types
    assert info["crs"] == "EPSG:4326"
    everything = tmp_path / "all.geojson"
    everything.write_text(json.dumps(feature_collection(catalog.features, catalog), ensure_ascii=False), encoding="utf-8")
    frame = pyogrio.read_dataframe(everything, where=f"valid_from <= '{day}' AND (valid_to IS NULL OR valid_to >= '{day}')",
                                   read_geometry=False)
    assert sorted(frame["id"]) == sorted(f.id for f in catalog.active_on(day))
