import csv
import datetime as dt
import io

from geo.config import Settings
from geo.io import load_catalog
from geo.records import csv_text, feature_collection, features_between, text_table, write_csv
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
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 6 and all(row["operator"].startswith("'") for row in rows)


# --- issue 13: typed dates, every text resolved, periods -----------------------------------------------------


def test_valid_from_and_valid_to_are_the_first_and_last_day_after_end(make_layers):
    features = [make_feature("month", start="2008-08", end="2024-02"), make_feature("open", start="2009", end=None),
                make_feature("day", start="2020-11-10", end="2020-11-10")]
    catalog = load_catalog(Settings(layers_dir=make_layers(bases=features, roads=[]))).catalog
    props = {f["id"]: f["properties"] for f in feature_collection(catalog.features, catalog)["features"]}
    assert (props["month"]["start"], props["month"]["end"]) == ("2008-08", "2024-02")  # partial dates as written
    assert (props["month"]["valid_from"], props["month"]["valid_to"]) == ("2008-08-01", "2024-02-29")
    assert (props["open"]["valid_from"], props["open"]["valid_to"]) == ("2009-01-01", None)
    assert (props["day"]["valid_from"], props["day"]["valid_to"]) == ("2020-11-10", "2020-11-10")
    keys = list(props["month"])
    assert keys.index("valid_from") == keys.index("end") + 1 and keys.index("valid_to") == keys.index("end") + 2
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(csv_text(catalog.features, catalog)))}
    assert (rows["open"]["valid_from"], rows["open"]["valid_to"], rows["open"]["end"]) == ("2009-01-01", "", "")
    assert rows["month"]["valid_to"] == "2024-02-29"


def test_every_text_of_our_own_is_resolved_and_sources_are_quoted_as_published(make_layers):
    feature = make_feature(
        "hq", date_note="Moved to {stepanakert}.", approximate=True, approximate_note="Near {stepanakert}.",
        place="{stepanakert}", operator="Command in {stepanakert}",
        figures=[{"label": "personnel", "value": 10, "as_of": "2021", "source": 0, "note": "In {stepanakert}.",
                  "unit": "people"}],
        sources=[{"title": "Title {stepanakert} as published", "publisher": "P", "date": "2021", "url": "https://example.org/x",
                  "note": "Says {stepanakert}."}],
    )
    catalog = load_catalog(Settings(layers_dir=make_layers(bases=[feature], roads=[]))).catalog
    props = feature_collection(catalog.features, catalog)["features"][0]["properties"]
    both = "Stepanakert / Khankendi"
    assert props["date_note"] == f"Moved to {both}." and props["approximate_note"] == f"Near {both}."
    assert props["place"] == both and props["operator"] == f"Command in {both}"
    assert props["figures"][0]["note"] == f"In {both}."
    assert props["sources"][0]["note"] == f"Says {both}." and props["sources"][0]["title"] == "Title {stepanakert} as published"
    swapped = feature_collection(catalog.features, catalog, swap=True)["features"][0]["properties"]
    assert swapped["place"] == "Khankendi / Stepanakert"
    row = next(csv.DictReader(io.StringIO(csv_text(catalog.features, catalog))))
    assert row["date_note"] == f"Moved to {both}." and row["place"] == both
    assert f"(as of 2021; In {both}.)" in row["figures"]


def test_features_between_takes_every_feature_active_on_some_day_of_the_period(make_layers):
    features = [make_feature("a", start="2008-08", end="2010"), make_feature("b", start="2011-01-01", end="2011-01-01"),
                make_feature("c", start="2012", end=None)]
    catalog = load_catalog(Settings(layers_dir=make_layers(bases=features, roads=[]))).catalog

    def ids(first, last):
        return [f.id for f in features_between(catalog, dt.date.fromisoformat(first), dt.date.fromisoformat(last))]

    assert ids("2010-12-31", "2011-01-01") == ["a", "b"]  # both ends inclusive
    assert ids("2011-01-02", "2011-12-31") == []
    assert ids("2011-01-01", "2011-01-01") == ["b"]
    assert ids("1992-01-01", "2030-01-01") == ["a", "b", "c"]
    assert ids("2040-01-01", "2041-01-01") == ["c"]  # ongoing
    assert [f.id for f in features_between(catalog, dt.date(1992, 1, 1), dt.date(2030, 1, 1),
                                           layers=frozenset({"roads"}))] == []
