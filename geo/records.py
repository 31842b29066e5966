"""Features as plain records for exports and tables: GeoJSON features, CSV rows and a text table.

A record keeps the feature's stored properties, adds ``layer``, and writes contested-place tokens out as all their
forms side by side ("Stepanakert / Khankendi"). Geometry is GeoJSON in EPSG:4326, (lon, lat); lengths and areas are
measured in EPSG:32638 (see :mod:`geo.geometry`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import IO, Any, TextIO

from shapely.geometry import mapping

from geo.geometry import area_km2, length_km
from geo.model import LANGUAGES, OPTIONAL_LANGUAGES, Catalog, Feature
from geo.toponyms import RESOLVED_FIGURE_KEYS, RESOLVED_KEYS, resolve

__all__ = ["CSV_COLUMNS", "csv_text", "feature_collection", "feature_properties", "measures", "text_table", "write_csv"]

_NAME_KEYS = ("name", *(f"name_{lang}" for lang in LANGUAGES[1:] + OPTIONAL_LANGUAGES))

CSV_COLUMNS: tuple[str, ...] = (
    "layer", "id", *_NAME_KEYS, "kind", "operator", "start", "end", "confidence", "approximate",
    "approximate_note", "description", "figures", "sources", "length_km", "area_km2", "wkt",
)


def measures(feature: Feature) -> dict[str, float | None]:
    """Length (km, lines) and area (km², polygons) measured in EPSG:32638, rounded to 0.1; ``None`` where n/a."""
    kind = feature.geometry.geom_type
    length = round(length_km(feature.geometry), 1) if "LineString" in kind else None
    area = round(area_km2(feature.geometry), 1) if "Polygon" in kind else None
    return {"length_km": length, "area_km2": area}


def feature_properties(feature: Feature, catalog: Catalog, *, swap: bool = False) -> dict[str, Any]:
    """The stored properties plus ``layer``, contested names written out in every text of our own (see
    :data:`geo.toponyms.RESOLVED_KEYS`)."""
    props: dict[str, Any] = {"layer": feature.layer}
    for key, value in feature.properties.items():
        if key in RESOLVED_KEYS and isinstance(value, str):
            lang = key.removeprefix("name_") if key in _NAME_KEYS[1:] else "en"
            value = resolve(value, lang, catalog.toponyms, swap=swap)
        elif key == "figures" and isinstance(value, list):
            value = [
                {k: resolve(v, "en", catalog.toponyms, swap=swap) if k in RESOLVED_FIGURE_KEYS and isinstance(v, str)
                 else v for k, v in fig.items()}
                for fig in value
            ]
        props[key] = value
    return props


def feature_collection(features: Iterable[Feature], catalog: Catalog) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (EPSG:4326, lon/lat) of ``features`` with :func:`feature_properties`."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": f.id, "properties": feature_properties(f, catalog), "geometry": mapping(f.geometry)}
            for f in features
        ],
    }


def write_csv(features: Iterable[Feature], catalog: Catalog, stream: TextIO | IO[str]) -> None:
    """One row per feature, columns :data:`CSV_COLUMNS`, geometry as WKT (EPSG:4326, lon lat)."""
    # RFC 4180 line ends: a field with a CR or LF is then quoted (with "\n" alone a bare CR would end the row)
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for feature in features:
        props = feature_properties(feature, catalog)
        row: dict[str, Any] = {key: props.get(key, "") for key in CSV_COLUMNS}
        row["end"] = props.get("end") or ""
        row["approximate"] = "true" if feature.approximate else "false"
        row["figures"] = "; ".join(
            f"{fig.label}: {'~' if fig.approx else ''}{fig.value:g}"
            f"{' ' + resolve(fig.unit, 'en', catalog.toponyms) if fig.unit else ''} (as of {fig.as_of})"
            for fig in feature.figures
        )
        row["sources"] = " | ".join(
            f"{s.title} — {s.publisher}, {s.date or 'undated'} <{s.url}>" for s in feature.sources
        )
        row.update({k: "" if v is None else v for k, v in measures(feature).items()})
        row["wkt"] = feature.geometry.wkt
        writer.writerow({key: _safe_cell(value) for key, value in row.items()})


def csv_text(features: Iterable[Feature], catalog: Catalog) -> str:
    """:func:`write_csv` into a string."""
    buffer = io.StringIO()
    write_csv(features, catalog, buffer)
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


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _safe_cell(value: Any) -> Any:
    """Keep spreadsheets from running a cell as a formula (OWASP CSV injection): prefix ' to = + - @, tab, CR, LF."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r", "\n"):
        return "'" + value
    return value
