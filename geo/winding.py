"""Polygon winding order as RFC 7946 §3.1.6 wants it: exterior rings counter-clockwise, holes clockwise.

Orientation is that of the ring drawn in the (lon, lat) plane of EPSG:4326, as RFC 7946 and shapely's
``LinearRing.is_ccw`` read it. :func:`rewind` makes any geometry follow the rule (the loader applies it to every
feature, derived strips included, so every export inherits it); :func:`wrong_rings` names the rings of a raw GeoJSON
geometry that break it (the ``winding`` rule of :mod:`geo.validate`); :func:`rewind_raw` fixes them in raw GeoJSON
by reversing the positions of those rings and changing nothing else (``scripts/rewind_layers.py``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from shapely.geometry import GeometryCollection, LinearRing, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

__all__ = ["rewind", "rewind_raw", "wrong_rings"]


def rewind(geometry: BaseGeometry) -> BaseGeometry:
    """``geometry`` with every polygon's exterior ring counter-clockwise and its holes clockwise (EPSG:4326).

    Points and lines come back unchanged (the same object); so does a polygon that already follows the rule.
    """
    if isinstance(geometry, Polygon):
        return geometry if _follows(geometry) else orient(geometry, sign=1.0)
    if isinstance(geometry, MultiPolygon):
        if all(_follows(part) for part in geometry.geoms):
            return geometry
        return MultiPolygon([orient(part, sign=1.0) for part in geometry.geoms])
    if isinstance(geometry, GeometryCollection):
        parts = [rewind(part) for part in geometry.geoms]
        if all(new is old for new, old in zip(parts, geometry.geoms, strict=True)):
            return geometry
        return GeometryCollection(parts)
    return geometry


def wrong_rings(raw: object) -> list[str]:
    """The rings of a raw GeoJSON geometry (a mapping) wound against RFC 7946, described for a message.

    ``["polygon 1, exterior ring: clockwise", ...]``; empty when every ring is right or the geometry has no polygon.
    Rings too short or degenerate to have an orientation are left to the validity checks.
    """
    found: list[str] = []
    for label, index, ring in _rings(raw):
        ccw = _is_ccw(ring)
        if ccw is None:
            continue
        if index == 0 and not ccw:
            found.append(f"{label}exterior ring: clockwise")
        elif index > 0 and ccw:
            found.append(f"{label}hole {index}: counter-clockwise")
    return found


def rewind_raw(raw: Any) -> Any:
    """A copy of raw GeoJSON geometry ``raw`` with each wrongly wound ring's positions reversed; nothing else changes.

    Positions keep their numbers exactly (reversing a closed ring keeps it closed); anything that is not a Polygon,
    MultiPolygon or GeometryCollection is returned as it is.
    """
    if not isinstance(raw, Mapping):
        return raw
    kind = raw.get("type")
    if kind == "Polygon" and isinstance(raw.get("coordinates"), list):
        return {**raw, "coordinates": _rewound_polygon(raw["coordinates"])}
    if kind == "MultiPolygon" and isinstance(raw.get("coordinates"), list):
        return {**raw, "coordinates": [_rewound_polygon(p) if isinstance(p, list) else p for p in raw["coordinates"]]}
    if kind == "GeometryCollection" and isinstance(raw.get("geometries"), list):
        return {**raw, "geometries": [rewind_raw(g) for g in raw["geometries"]]}
    return raw


# --- helpers ---------------------------------------------------------------------------------------------------


def _follows(polygon: Polygon) -> bool:
    if polygon.is_empty:
        return True
    return bool(polygon.exterior.is_ccw) and not any(ring.is_ccw for ring in polygon.interiors)


def _rewound_polygon(rings: list[Any]) -> list[Any]:
    out: list[Any] = []
    for index, ring in enumerate(rings):
        ccw = _is_ccw(ring)
        wrong = ccw is not None and (ccw if index > 0 else not ccw)
        out.append(list(reversed(ring)) if wrong else ring)
    return out


def _rings(raw: object) -> Iterator[tuple[str, int, Any]]:
    """(label prefix, ring index in its polygon, ring positions) for every ring of a raw geometry."""
    if not isinstance(raw, Mapping):
        return
    kind = raw.get("type")
    coordinates = raw.get("coordinates")
    if kind == "Polygon" and isinstance(coordinates, list):
        for index, ring in enumerate(coordinates):
            yield "", index, ring
    elif kind == "MultiPolygon" and isinstance(coordinates, list):
        for number, polygon in enumerate(coordinates, start=1):
            for index, ring in enumerate(polygon if isinstance(polygon, list) else []):
                yield f"polygon {number}, ", index, ring
    elif kind == "GeometryCollection" and isinstance(raw.get("geometries"), list):
        for number, part in enumerate(raw["geometries"], start=1):
            for label, index, ring in _rings(part):
                yield f"geometry {number}, {label}", index, ring


def _is_ccw(ring: object) -> bool | None:
    """Orientation of a raw ring of [lon, lat] positions; ``None`` when it has none (too short, not numbers, flat)."""
    if not isinstance(ring, Sequence) or len(ring) < 4:
        return None
    try:
        linear = LinearRing([(float(p[0]), float(p[1])) for p in ring])
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    if linear.is_empty or Polygon(linear).area == 0.0:
        return None
    return bool(linear.is_ccw)
