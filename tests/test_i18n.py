"""Five languages: same keys everywhere, placeholders kept, names in every language, dates the CLDR way."""

import datetime as dt
import json
import re
from importlib import resources

import pytest

from geo.config import Settings
from geo.i18n import all_strings, date_words, strings
from geo.io import load_catalog
from geo.model import LANGUAGES
from geo.temporal import PartialDate

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def locale(lang):
    return json.loads((resources.files("geo") / "locales" / f"{lang}.json").read_text(encoding="utf-8"))


def test_every_language_has_every_key_with_the_same_placeholders():
    english = locale("en")
    for lang in LANGUAGES:
        table = locale(lang)
        assert set(table) == set(english), (lang, set(english) ^ set(table))
        for key, text in english.items():
            assert table[key].strip(), (lang, key)
            assert sorted(PLACEHOLDER.findall(table[key])) == sorted(PLACEHOLDER.findall(text)), (lang, key)


def test_every_layer_and_kind_has_a_label_in_every_language():
    catalog = load_catalog(Settings()).catalog
    tables = all_strings()
    for lang in LANGUAGES:
        for layer in catalog.layers:
            assert f"layer.{layer.id}" in tables[lang] and f"layer_description.{layer.id}" in tables[lang]
        for kind in {f.kind for f in catalog.features}:
            assert f"kind.{kind}" in tables[lang], (lang, kind)


def test_every_feature_has_a_name_in_every_language():
    for feature in load_catalog(Settings()).catalog.features:
        for lang in LANGUAGES:
            assert feature.names.get(lang, "").strip(), (feature.id, lang)


def test_scripts_are_right():
    checks = {"ru": "[а-яА-Я]", "hy": "[\u0530-\u058f]", "ka": "[\u10a0-\u10ff]"}
    for lang, pattern in checks.items():
        assert re.search(pattern, strings(lang)("app_title")), lang


@pytest.mark.parametrize(
    ("lang", "day", "month"),
    [("en", "10 November 2020", "August 2008"), ("ru", "10 ноября 2020 г.", "август 2008 г."),
     ("az", "10 noyabr 2020", "avqust 2008")],
)
def test_dates_in_words(lang, day, month):
    assert date_words(dt.date(2020, 11, 10), lang).replace("\u202f", " ") == day
    assert date_words(PartialDate.parse("2008-08"), lang).replace("\u202f", " ") == month
    assert date_words(PartialDate.parse("2009"), lang) == "2009"


def test_unknown_language():
    with pytest.raises(ValueError, match="unknown language"):
        strings("de")


def test_the_map_document_leaves_out_only_strings_its_javascript_never_reads():
    """map_strings() drops the app's, the CLI's and the pack's strings; none of them is read by any module of the
    map's JavaScript (a literal key, or a key built from a prefix such as 'kind.' + k), and the rest are all there."""
    from pathlib import Path

    from geo.i18n import map_strings

    src = Path(__file__).resolve().parents[1] / "geo" / "static" / "src"
    js = "\n".join(p.read_text(encoding="utf-8") for p in src.rglob("*.js"))
    built = set(re.findall(r"['\"`]([a-z_]+[._])['\"`]\s*\+", js))  # prefixes of keys the JS builds
    full, kept = all_strings(), map_strings()
    for lang in LANGUAGES:
        left_out = set(full[lang]) - set(kept[lang])
        assert left_out, lang
        for key in left_out:
            assert not re.search(r"['\"`]" + re.escape(key) + r"['\"`]", js), key
            assert not any(key.startswith(prefix) for prefix in built), key
        assert all(kept[lang][k] == full[lang][k] for k in kept[lang])
    assert "show_list" in kept["en"] and "kind.checkpoint" in kept["ka"] and "app_title" not in kept["en"]
