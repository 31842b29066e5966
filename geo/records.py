"""Features as plain records for exports and tables: GeoJSON features, table rows (CSV, GeoPackage), a text table.

A record keeps the feature's stored properties, adds ``layer``, and writes contested-place tokens out as all their
forms side by side ("Stepanakert / Khankendi") in EVERY text of our own, nested ones included (figure notes, the
``why`` of a derived strip's rules, source notes); only source titles and publishers are quoted as published.
``swap=True`` gives the forms in the reversed order.

Dates: ``start``/``end`` stay the partial dates of the data ("2008-08"); ``valid_from``/``valid_to`` are full ISO days,
the first day of ``start`` and the last day of ``end`` (``None`` = ongoing), so that a GIS filter
``valid_from <= D AND (valid_to IS NULL OR valid_to >= D)`` is the project's rule, both ends inclusive.

Geometry is GeoJSON in EPSG:4326, (lon, lat), polygons wound as RFC 7946 wants (see :mod:`geo.winding`; the loader
rewinds); lengths and areas are measured in EPSG:32638 (see :mod:`geo.geometry`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from typing import IO, Any, TextIO

from shapely.geometry import mapping

from geo.geometry import area_km2, length_km
from geo.model import LANGUAGES, OPTIONAL_LANGUAGES, Catalog, Feature
from geo.toponyms import TOKEN_RE, Toponyms, resolve

__all__ = [
    "CSV_COLUMNS",
    "TABLE_COLUMNS",
    "csv_text",
    "feature_collection",
    "feature_properties",
    "features_between",
    "measures",
    "resolve_all",
    "table_row",
    "text_table",
    "write_csv",
]

_NAME_KEYS = ("name", *(f"name_{lang}" for lang in LANGUAGES[1:] + OPTIONAL_LANGUAGES))
#: Keys of a source quoted as published, never rewritten (the title and publisher are the publisher's words).
_QUOTED_SOURCE_KEYS = frozenset({"title", "publisher", "url"})

#: The columns of a table row (CSV and GeoPackage), in order; the CSV adds ``wkt``.
TABLE_COLUMNS: tuple[str, ...] = (
    "layer", "id", *_NAME_KEYS, "kind", "operator", "start", "end", "valid_from", "valid_to", "date_note",
    "confidence", "approximate", "approximate_note", "place", "country", "description", "figures", "sources",
    "length_km", "area_km2",
)
CSV_COLUMNS: tuple[str, ...] = (*TABLE_COLUMNS, "wkt")


def measures(feature: Feature) -> dict[str, float | None]:
    """Length (km, lines) and area (km², polygons) measured in EPSG:32638, rounded to 0.1; ``None`` where n/a."""
    kind = feature.geometry.geom_type
    length = round(length_km(feature.geometry), 1) if "LineString" in kind else None
    area = round(area_km2(feature.geometry), 1) if "Polygon" in kind else None
    return {"length_km": length, "area_km2": area}


def resolve_all(value: Any, lang: str, toponyms: Toponyms, *, swap: bool = False, quoted: bool = False) -> Any:
    """``value`` (text, or lists and objects of them) with every known ``{token}`` written out in ``lang``.

    Inside a ``sources`` list the title, publisher and URL stay as published. A token that ``toponyms`` does not
    define is left as it is (the validator reports it in the texts it checks); nothing else changes.
    """
    if isinstance(value, str):
        return _resolve_known(value, lang, toponyms, swap)
    if isinstance(value, list):
        return [resolve_all(item, lang, toponyms, swap=swap, quoted=quoted) for item in value]
    if isinstance(value, dict):
        return {
            key: item if quoted and key in _QUOTED_SOURCE_KEYS
            else resolve_all(item, lang, toponyms, swap=swap, quoted=key == "sources")
            for key, item in value.items()
        }
    return value


def feature_properties(feature: Feature, catalog: Catalog, *, swap: bool = False) -> dict[str, Any]:
    """The stored properties plus ``layer``, ``valid_from`` and ``valid_to`` (ISO days, after ``end``), contested
    names written out in every text of our own (names in their language, the rest in English)."""
    props: dict[str, Any] = {"layer": feature.layer}
    last_date_key = "end" if "end" in feature.properties else "start"
    for key, value in feature.properties.items():
        lang = key.removeprefix("name_") if key in _NAME_KEYS[1:] else "en"
        props[key] = resolve_all(value, lang, catalog.toponyms, swap=swap, quoted=key == "sources")
        if key == last_date_key:
            props.update(_valid(feature))
    props.update({k: v for k, v in _valid(feature).items() if k not in props})
    return props


def feature_collection(features: Iterable[Feature], catalog: Catalog, *, swap: bool = False) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946: EPSG:4326, lon/lat, exterior rings counter-clockwise) of ``features``
    with :func:`feature_properties`."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": f.id, "properties": feature_properties(f, catalog, swap=swap),
             "geometry": mapping(f.geometry)}
            for f in features
        ],
    }


def features_between(catalog: Catalog, first: dt.date, last: dt.date, *,
                     layers: frozenset[str] | None = None) -> tuple[Feature, ...]:
    """Every feature on the map on at least one day of ``first``..``last`` (both inclusive), in catalog order."""
    return tuple(
        f for f in catalog.features
        if (layers is None or f.layer in layers)
        and f.interval.first <= last and (f.interval.last is None or f.interval.last >= first)
    )


def table_row(feature: Feature, catalog: Catalog, *, swap: bool = False) -> dict[str, Any]:
    """One feature as a row of :data:`TABLE_COLUMNS`, typed: ``valid_from``/``valid_to`` dates (``valid_to`` ``None``
    when ongoing), ``approximate`` a bool, measures floats or ``None``, text or ``None`` elsewhere; ``figures`` and
    ``sources`` written as one readable text each."""
    props = feature_properties(feature, catalog, swap=swap)
    toponyms = catalog.toponyms
    row: dict[str, Any] = {key: props.get(key) for key in TABLE_COLUMNS}
    row["valid_from"], row["valid_to"] = feature.interval.first, feature.interval.last
    row["approximate"] = feature.approximate
    country = props.get("country")
    row["country"] = ", ".join(str(c) for c in country) if isinstance(country, list) else country
    row["figures"] = "; ".join(
        f"{fig.label}: {'~' if fig.approx else ''}{fig.value:g}"
        f"{' ' + _resolve_known(fig.unit, 'en', toponyms, swap) if fig.unit else ''} (as of {fig.as_of}"
        f"{'; ' + _resolve_known(fig.note, 'en', toponyms, swap) if fig.note else ''})"
        for fig in feature.figures
    ) or None
    row["sources"] = " | ".join(
        f"{s.title} — {s.publisher}, {s.date or 'undated'} <{s.url}>" for s in feature.sources
    ) or None
    row.update(measures(feature))
    return row


def write_csv(features: Iterable[Feature], catalog: Catalog, stream: TextIO | IO[str], *, swap: bool = False) -> None:
    """One row per feature, columns :data:`CSV_COLUMNS`, geometry as WKT (EPSG:4326, lon lat); dates as ISO text,
    an ongoing ``end``/``valid_to`` empty, ``approximate`` ``true``/``false``."""
    # RFC 4180 line ends: a field with a CR or LF is then quoted (with "\n" alone a bare CR would end the row)
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for feature in features:
        row = table_row(feature, catalog, swap=swap)
        row["wkt"] = feature.geometry.wkt
        writer.writerow({key: _safe_cell(_cell(value)) for key, value in row.items()})


def csv_text(features: Iterable[Feature], catalog: Catalog, *, swap: bool = False) -> str:
    """:func:`write_csv` into a string."""
    buffer = io.StringIO()
    write_csv(features, catalog, buffer, swap=swap)
    return buffer.getvalue()


def text_table(features: Sequence[Feature], catalog: Catalog, *, width: int = 48) -> str:
    """A readable fixed-width table: layer, id, name, kind, start, end, confidence (one feature a line)."""
    header = ("layer", "id", "name", "kind", "start", "end", "confidence")
    rows = [
        (f.layer, f.id, _clip(resolve(f.name, "en", catalog.toponyms), width), f.kind, str(f.start),
         str(f.end) if f.end else "ongoing", f.confidence + (", approx." if f.approximate else ""))
        for f in features
    ]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


# --- helpers ---------------------------------------------------------------------------------------------------


def _valid(feature: Feature) -> dict[str, str | None]:
    last = feature.interval.last
    return {"valid_from": feature.interval.first.isoformat(), "valid_to": last.isoformat() if last else None}


def _resolve_known(text: str, lang: str, toponyms: Toponyms, swap: bool) -> str:
    """:func:`geo.toponyms.resolve`, leaving a token the table does not define as written (never a KeyError)."""
    if not TOKEN_RE.search(text):
        return text

    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        return resolve(token, lang, toponyms, swap=swap) if match.group(1) in toponyms else token

    return TOKEN_RE.sub(one, text)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _safe_cell(value: Any) -> Any:
    """Keep spreadsheets from running a cell as a formula (OWASP CSV injection): prefix ' to = + - @, tab, CR, LF."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r", "\n"):
        return "'" + value
    return value
