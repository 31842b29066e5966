"""The GeoPackage export read back through GDAL (pyogrio): one table per layer, typed dates, EPSG:4326, text intact,
and a filter on valid_from/valid_to that gives the project's set (first_day(start) <= D <= last_day(end)) on the
boundary dates of the active-on fixture and of the shipped data."""

import datetime as dt
import json
import sqlite3
from pathlib import Path
from types import MappingProxyType

import pyogrio
import pyogrio.raw
import pytest
import shapely
from shapely.geometry import Point

from geo.config import Settings
from geo.gpkg import write_gpkg
from geo.io import load_catalog
from geo.model import Catalog, Dataset, Feature, Layer, LayerStyle, Source
from geo.records import TABLE_COLUMNS, feature_properties
from geo.temporal import Interval, PartialDate
from tests.conftest import REPO

FIXTURE = json.loads((REPO / "tests" / "fixtures" / "active_on.json").read_text(encoding="utf-8"))["cases"]


def gdal_active(path: Path, layer: str, day: dt.date) -> set[str]:
    """The ids GDAL returns for the project's rule written as an attribute filter on the typed columns."""
    where = f"valid_from <= '{day}' AND (valid_to IS NULL OR valid_to >= '{day}')"
    _, _, _, fields = pyogrio.raw.read(path, layer=layer, columns=["id"], where=where, read_geometry=False)
    return set(fields[0].tolist()) if len(fields) else set()


def fixture_catalog() -> Catalog:
    """Every case of tests/fixtures/active_on.json as a feature (built directly: some cases lie in the future)."""
    source = Source("A source", "A publisher", PartialDate(2020), "https://example.org/s")
    features = tuple(
        Feature(id=f"case-{i}", layer="cases", geometry=Point(44.5, 40.5), names=MappingProxyType({"en": case["name"]}),
                kind="event", operator="-", confidence="confirmed", approximate=False, description="-",
                sources=(source,),
                interval=Interval(PartialDate.parse(case["start"]),
                                  None if case["end"] is None else PartialDate.parse(case["end"])),
                properties=MappingProxyType({"id": f"case-{i}", "name": case["name"], "start": case["start"],
                                             "end": case["end"]}))
        for i, case in enumerate(FIXTURE)
    )
    dataset = Dataset("t", "0", dt.date(2026, 1, 1), dt.date(1992, 1, 1), "CC BY 4.0", "t", (44.5, 40.5, 7))
    layer = Layer("cases", "Cases", "", 1, True, LayerStyle("#000000"), features)
    return Catalog(dataset, (layer,))


def test_a_filter_on_valid_from_and_valid_to_is_the_active_on_rule_on_every_fixture_day(tmp_path):
    catalog = fixture_catalog()
    path = tmp_path / "cases.gpkg"
    write_gpkg(path, [("cases", catalog.features)], catalog)
    days = sorted({dt.date.fromisoformat(d) for case in FIXTURE for d in (*case["on"], *case["off"])})
    assert len(days) > 20
    for day in days:
        expected = {f.id for f in catalog.active_on(day)}
        assert gdal_active(path, "cases", day) == expected, day
    for i, case in enumerate(FIXTURE):  # and the fixture's own words, case by case
        for d in case["on"]:
            assert f"case-{i}" in gdal_active(path, "cases", dt.date.fromisoformat(d)), (case["name"], d)
        for d in case["off"]:
            assert f"case-{i}" not in gdal_active(path, "cases", dt.date.fromisoformat(d)), (case["name"], d)


@pytest.fixture(scope="module")
def shipped_gpkg(tmp_path_factory):
    catalog = load_catalog(Settings()).catalog
    path = tmp_path_factory.mktemp("gpkg") / "all.gpkg"
    write_gpkg(path, [(layer.id, layer.features) for layer in catalog.layers], catalog)
    return catalog, path


def test_one_table_per_layer_in_epsg_4326(shipped_gpkg):
    catalog, path = shipped_gpkg
    tables = [str(name) for name, _ in pyogrio.list_layers(path)]
    assert tables == [layer.id for layer in catalog.layers]
    for layer in catalog.layers:
        info = pyogrio.read_info(path, layer=layer.id)
        assert info["crs"] == "EPSG:4326"
        assert info["features"] == len(layer.features)
        assert list(info["fields"]) == list(TABLE_COLUMNS)


def test_dates_are_typed_date_and_partial_dates_stay_text(shipped_gpkg):
    catalog, path = shipped_gpkg
    with sqlite3.connect(path) as db:
        for layer in catalog.layers:
            types = {name: kind for _, name, kind, *_ in db.execute(f'PRAGMA table_info("{layer.id}")')}
            assert types["valid_from"] == "DATE" and types["valid_to"] == "DATE", layer.id
            assert types["start"] == "TEXT" and types["end"] == "TEXT"
            assert types["approximate"] == "BOOLEAN" and types["area_km2"] == "REAL"
        rows = dict((r[0], r[1:]) for r in db.execute(
            'SELECT id, "start", "end", valid_from, valid_to FROM gyumri_base'))
    feature = next(f for f in catalog.layer("gyumri_base").features if f.start.precision.value != "day")
    start, end, valid_from, valid_to = rows[feature.id]
    assert start == feature.start.isoformat() and valid_from == feature.interval.first.isoformat()
    assert (end, valid_to) == ((feature.end.isoformat(), feature.interval.last.isoformat()) if feature.end else (None, None))
    info = pyogrio.read_info(path, layer="gyumri_base")
    assert dict(zip(info["fields"], info["ogr_types"], strict=True))["valid_from"] == "OFTDate"


def test_armenian_georgian_and_cyrillic_text_survive(shipped_gpkg):
    catalog, path = shipped_gpkg
    frame = pyogrio.read_dataframe(path, layer="peacekeeping_zone")
    by_id = frame.set_index("id")
    feature = catalog.feature("nk-peacekeeping-zone-2020")
    row = by_id.loc[feature.id]
    expected = feature_properties(feature, catalog)
    for lang, (lo, hi) in {"hy": ("\u0530", "\u058f"), "ka": ("\u10a0", "\u10ff"), "ru": ("\u0400", "\u04ff")}.items():
        assert row[f"name_{lang}"] == expected[f"name_{lang}"]
        assert sum(lo <= c <= hi for c in row[f"name_{lang}"]) > 10, lang  # the script's own letters
    assert "Stepanakert / Khankendi" in row["date_note"]
    assert row["description"] == expected["description"] and len(row["description"]) > 254  # no 254-character cut


def test_geometry_is_the_catalogs_and_polygons_are_counter_clockwise(shipped_gpkg):
    catalog, path = shipped_gpkg
    for layer in catalog.layers:
        frame = pyogrio.read_dataframe(path, layer=layer.id)
        for fid, geometry in zip(frame["id"], frame.geometry, strict=True):
            original = catalog.feature(fid).geometry
            assert shapely.equals(geometry, original) or shapely.equals(geometry, shapely.multipoints(
                shapely.get_coordinates(original))), fid
            for polygon in getattr(geometry, "geoms", [geometry]):
                if polygon.geom_type == "Polygon":
                    assert polygon.exterior.is_ccw and not any(r.is_ccw for r in polygon.interiors), fid


def test_the_filter_gives_the_projects_set_on_every_boundary_date_of_the_shipped_data(shipped_gpkg):
    catalog, path = shipped_gpkg
    days: set[dt.date] = set()
    for f in catalog.features:
        days |= {f.interval.first, f.interval.first - dt.timedelta(days=1)}
        if f.interval.last is not None:
            days |= {f.interval.last, f.interval.last + dt.timedelta(days=1)}
    tables = [layer.id for layer in catalog.layers]
    for day in sorted(days):
        union = " UNION ALL ".join(
            f"SELECT id FROM \"{t}\" WHERE valid_from <= '{day}' AND (valid_to IS NULL OR valid_to >= '{day}')"
            for t in tables)
        _, _, _, fields = pyogrio.raw.read(path, sql=union, read_geometry=False)
        got = sorted(fields[0].tolist()) if len(fields) else []
        assert got == sorted(f.id for f in catalog.active_on(day)), day
    assert len(days) > 150


def test_an_empty_layer_still_gets_its_table_with_its_type(tmp_path):
    catalog = load_catalog(Settings()).catalog
    path = tmp_path / "day.gpkg"
    day = dt.date(1995, 1, 1)
    tables = [(layer.id, [f for f in layer.features if f.interval.contains(day)]) for layer in catalog.layers]
    assert any(not features for _, features in tables)
    assert write_gpkg(path, tables, catalog) == len(catalog.active_on(day))
    listed = dict((str(n), str(t)) for n, t in pyogrio.list_layers(path))
    assert set(listed) == {layer.id for layer in catalog.layers}
    assert listed["gyumri_base"] == "Point" and listed["peacekeeping_zone"] == "Unknown"  # points and polygons


def test_a_failed_write_leaves_nothing_behind(tmp_path, monkeypatch):
    catalog = load_catalog(Settings()).catalog

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pyogrio.raw, "write", broken)
    target = tmp_path / "x.gpkg"
    with pytest.raises(OSError, match="disk full"):
        write_gpkg(target, [(layer.id, layer.features) for layer in catalog.layers], catalog)
    assert list(tmp_path.iterdir()) == []
