import datetime as dt
import io

from geo.config import Settings
from geo.io import load_catalog
from geo.records import feature_collection, text_table, write_csv
from tests.conftest import make_feature


def test_contested_names_are_written_out_both_ways(make_layers):
    feature = make_feature("hq", name="HQ, {stepanakert}", name_ru="Штаб, {stepanakert}",
                           description="In {stepanakert}.")
    catalog = load_catalog(Settings(layers_dir=make_layers(bases=[feature], roads=[]))).catalog
    props = feature_collection(catalog.features, catalog)["features"][0]["properties"]
    assert props["name"] == "HQ, Stepanakert / Khankendi"
    assert props["name_ru"] == "Штаб, Степанакерт / Ханкенди"
    assert props["description"] == "In Stepanakert / Khankendi."
    assert "Stepanakert / Khankendi" in text_table(catalog.features, catalog)


def test_csv_neutralises_formulas(make_layers):
    feature = make_feature("f", operator="=HYPERLINK(\"http://x\")")
    catalog = load_catalog(Settings(layers_dir=make_layers(bases=[feature], roads=[]))).catalog
    out = io.StringIO()
    write_csv(catalog.active_on(dt.date(2009, 1, 1)), catalog, out)
    assert "'=HYPERLINK" in out.getvalue()


def test_csv_neutralises_every_formula_prefix(make_layers):
    features = [make_feature(f"f{i}", operator=f"{c}cmd|' /C calc'!A0") for i, c in enumerate("=+-@\t\r")]
    catalog = load_catalog(Settings(layers_dir=make_layers(bases=features, roads=[]))).catalog
    out = io.StringIO()
    write_csv(catalog.active_on(dt.date(2009, 1, 1)), catalog, out)
    import csv

    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 6 and all(row["operator"].startswith("'") for row in rows)
