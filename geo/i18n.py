"""User-interface text in five languages, and dates and numbers written the way each language writes them.

Strings live in ``geo/locales/<lang>.json`` (same keys in every file). Dates are formatted with Babel (CLDR), with
the precision of the data: ``2020-11-10`` → "10 November 2020", ``2008-08`` → "August 2008", ``2009`` → "2009".
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Final

from babel import Locale
from babel.dates import format_date, format_skeleton, get_date_format

from geo.config import LANGUAGES
from geo.temporal import PartialDate, Precision

__all__ = [
    "APP_ONLY_KEYS",
    "APP_ONLY_PREFIXES",
    "DEFAULT_LANGUAGE",
    "Strings",
    "all_strings",
    "date_patterns",
    "date_words",
    "language_label",
    "map_strings",
    "strings",
]

DEFAULT_LANGUAGE = "en"
#: CLDR locale used for dates per UI language: English dates are written day-month-year, as in the data.
_DATE_LOCALE = {"en": "en_GB"}


@dataclass(frozen=True, slots=True)
class Strings:
    """The UI strings of one language, falling back to English for a missing key."""

    lang: str
    table: Mapping[str, str]
    fallback: Mapping[str, str]

    def __call__(self, key: str, **values: object) -> str:
        """The string for ``key`` with ``{placeholders}`` filled in (the key itself if no language has it)."""
        template = self.table.get(key) or self.fallback.get(key) or key
        return template.format(**values) if values else template


@lru_cache(maxsize=len(LANGUAGES))
def _table(lang: str) -> Mapping[str, str]:
    path = resources.files("geo") / "locales" / f"{lang}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return MappingProxyType({k: v for k, v in data.items() if not k.startswith("$")} | {"$language": data["$language"]})


def strings(lang: str) -> Strings:
    """The UI strings for ``lang`` (one of :data:`geo.model.LANGUAGES`); ``ValueError`` for an unknown language."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return Strings(lang, _table(lang), _table(DEFAULT_LANGUAGE))


def all_strings() -> dict[str, dict[str, str]]:
    """Every language's strings (for the map document, which switches language in the browser)."""
    return {lang: {k: v for k, v in _table(lang).items() if not k.startswith("$")} for lang in LANGUAGES}


#: Strings only Python reads (the app's panels, upload and chart, the CLI, the teacher's pack, the <noscript> text):
#: left out of the map document, which carries every language (tests/test_i18n.py checks the map's JavaScript reads
#: none of them).
APP_ONLY_PREFIXES: Final[tuple[str, ...]] = ("app_", "upload_", "target.", "symbol.", "changes_", "chart_",
                                             "download_", "personnel_")
APP_ONLY_KEYS: Final[frozenset[str]] = frozenset({
    "about", "about_text", "how_to_cite", "status_note", "noscript_note", "pack_readme", "bad_url_date",
    "data_problems", "features_count", "events_near", "no_events_near", "col_confidence", "credit_basemap",
})


def map_strings() -> dict[str, dict[str, str]]:
    """Every language's strings the map's JavaScript reads (:func:`all_strings` without the app-only ones)."""
    return {lang: {k: v for k, v in table.items() if k not in APP_ONLY_KEYS and not k.startswith(APP_ONLY_PREFIXES)}
            for lang, table in all_strings().items()}


def language_label(lang: str) -> str:
    """The language's own name ("Русский", "Հայերեն", ...)."""
    return _table(lang)["$language"]


def date_words(date: PartialDate | dt.date, lang: str) -> str:
    """A date in words, at its precision, in ``lang`` (CLDR via Babel)."""
    locale = _DATE_LOCALE.get(lang, lang)
    if isinstance(date, dt.date):
        return format_date(date, format="long", locale=locale)
    day = date.first_day()
    if date.precision is Precision.DAY:
        return format_date(day, format="long", locale=locale)
    if date.precision is Precision.MONTH:
        return format_skeleton("yMMMM", day, locale=locale)
    return str(date.year)


def date_patterns(lang: str) -> dict[str, object]:
    """CLDR date patterns and month names for ``lang``, for the browser to write dates exactly as Babel does.

    ``day``/``month``/``year`` are LDML patterns ("d MMMM y", "LLLL y 'г'."); ``months`` are the format-context
    wide names (as in "10 ноября"), ``months_standalone`` the stand-alone ones (as in "ноябрь 2020").
    """
    locale = Locale.parse(_DATE_LOCALE.get(lang, lang))
    skeleton = locale.datetime_skeletons.get("yMMMM")
    return {
        "day": get_date_format("long", locale=locale).pattern,
        "month": skeleton.pattern if skeleton is not None else "MMMM y",
        "year": "y",
        "months": [locale.months["format"]["wide"][m] for m in range(1, 13)],
        "months_standalone": [locale.months["stand-alone"]["wide"][m] for m in range(1, 13)],
    }
