"""The GeoPackage export for QGIS and ArcGIS users: one table per layer, written through GDAL (pyogrio).

Each table holds the layer's features as :func:`geo.records.table_row` rows (the CSV's columns, without ``wkt``) with
real types: ``valid_from`` and ``valid_to`` are GeoPackage DATE columns (``valid_to`` NULL while ongoing), ``start`` and
``end`` the partial dates as TEXT ("2008-08"), ``approximate`` a BOOLEAN, ``length_km``/``area_km2`` REAL. Text is
UTF-8 (Armenian, Georgian and Cyrillic names survive). Geometry is EPSG:4326, (lon, lat) as stored, polygons wound
counter-clockwise. A table has one geometry type on every date, taken from all of its layer's features: Point and
MultiPoint together become MULTIPOINT (likewise lines, polygons); a layer mixing points, lines or polygons gets a
table of type GEOMETRY (QGIS then offers one sub-layer per type).

The project's rule "on the map on day D" is, on a table, ``valid_from <= D AND (valid_to IS NULL OR valid_to >= D)``.
The file is written into a temporary file beside the target and moved into place (:mod:`geo.atomic`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from geo.atomic import atomic_path
from geo.config import STORAGE_CRS
from geo.model import Catalog, Feature
from geo.records import TABLE_COLUMNS, table_row

__all__ = ["DATE_COLUMNS", "write_gpkg"]

#: The columns typed DATE.
DATE_COLUMNS: tuple[str, ...] = ("valid_from", "valid_to")
_REAL_COLUMNS = ("length_km", "area_km2")
_BOOL_COLUMNS = ("approximate",)


def write_gpkg(target: Path, tables: Sequence[tuple[str, Sequence[Feature]]], catalog: Catalog, *,
               swap: bool = False) -> int:
    """Write one GeoPackage table per ``(layer id, features)`` into ``target``, atomically; return the feature count.

    Every listed layer gets its table, an empty one too (so the file's structure does not depend on the date).
    """
    import pyogrio.raw  # GDAL is loaded only when a GeoPackage is asked for

    if not tables:
        raise ValueError("a GeoPackage needs at least one layer")
    total = 0
    with atomic_path(target) as temp:
        temp.unlink()  # GDAL creates the file itself; the name stays ours (random, beside the target)
        for layer_id, features in tables:
            rows = [table_row(f, catalog, swap=swap) for f in features]
            geometries = np.array([f.geometry for f in features], dtype=object)
            geometry_type, promote = _geometry_type(catalog, layer_id, features)
            pyogrio.raw.write(
                str(temp), shapely.to_wkb(geometries) if len(features) else np.array([], dtype=object),
                [_column(name, rows) for name in TABLE_COLUMNS], list(TABLE_COLUMNS),
                layer=layer_id, driver="GPKG", geometry_type=geometry_type, crs=STORAGE_CRS,
                encoding="UTF-8", promote_to_multi=promote, append=False,
                layer_options={"IDENTIFIER": layer_id, "DESCRIPTION": _description(catalog, layer_id)},
            )
            total += len(features)
    return total


def _column(name: str, rows: list[dict[str, Any]]) -> np.ndarray:
    values = [row[name] for row in rows]
    if name in DATE_COLUMNS:
        return np.array([np.datetime64(v.isoformat(), "D") if isinstance(v, dt.date) else np.datetime64("NaT", "D")
                         for v in values], dtype="datetime64[D]")
    if name in _REAL_COLUMNS:
        return np.array([np.nan if v is None else float(v) for v in values], dtype="float64")
    if name in _BOOL_COLUMNS:
        return np.array([bool(v) for v in values], dtype="bool")
    return np.array([None if v is None else str(v) for v in values], dtype=object)


def _geometry_type(catalog: Catalog, layer_id: str, features: Sequence[Feature]) -> tuple[str, bool]:
    """(the table's geometry type, promote to multi) from ALL the layer's features, so a table has the same type on
    every date: one base type (Point, LineString, Polygon) gives it, as Multi* when any is multi (the others are
    promoted); a mix of base types gives "Unknown" (GEOMETRY, any type)."""
    try:
        pool: Sequence[Feature] = catalog.layer(layer_id).features or features
    except KeyError:
        pool = features
    kinds = {f.geometry.geom_type for f in pool}
    bases = {kind.removeprefix("Multi") for kind in kinds}
    if len(bases) != 1 or bases == {"GeometryCollection"}:
        return "Unknown", False
    base = bases.pop()
    multi = any(kind.startswith("Multi") for kind in kinds)
    return ("Multi" + base if multi else base), multi


def _description(catalog: Catalog, layer_id: str) -> str:
    try:
        layer = catalog.layer(layer_id)
    except KeyError:
        return ""
    return f"{layer.title}. {layer.description}".strip()
