"""Lossless packing of GeoJSON geometry for the map document's transport (``geo/static/src/geopack.js`` unpacks it).

The basemap and the reference layers (rivers, lakes, roads) are GeoJSON FeatureCollections in EPSG:4326 whose
coordinates carry at most 4 decimals (``geo.geometry.round_coordinates``). In the data block they are the bulk of
the bytes that do not compress well: ``[43.2944,41.0841],[43.3167,41.0826]`` repeats the leading digits of every
position. Packed, every line or ring becomes ONE flat list of integers in units of 1e-4 degree: the first position
absolute, every further one as the difference from the one before::

    [[43.2944, 41.0841], [43.3167, 41.0826]]  ->  [432944, 410841, 223, -15]

Axis order stays GeoJSON's (lon, lat): even entries are longitudes, odd entries latitudes.

The packing is exact or it does not happen: a geometry is packed only when every coordinate ``x`` is a finite
number with ``round(x * 1e4) / 1e4 == x`` (and not ``-0.0``), every position has exactly two numbers and the type is
one of Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon. Anything else (3-D positions, more
decimals, a GeometryCollection, ``null``) keeps its plain ``coordinates``. Decoding divides the integer by 1e4
(never multiplies by 1e-4): IEEE-754 division is correctly rounded, so ``q / 1e4`` is the double nearest to the
decimal ``q·10⁻⁴``, which is exactly the double the JSON literal of the original coordinate parses to, in Python and
in JavaScript alike.

A packed geometry is ``{"type": ..., "packed": <nested lists of int>}`` (no ``coordinates`` key), with the nesting of
``coordinates`` one level shallower (a line's list of positions is one flat list; a Point is ``[x, y]``). The payload
says what is packed in ``payload["packed"] = {"scale": 10000, "collections": ["basemap", "reference"]}``; a payload
without that key is plain GeoJSON throughout and needs no unpacking.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final

__all__ = ["SCALE", "pack_collection", "pack_geometry", "pack_payload", "unpack_geometry", "unpack_payload"]

#: Integers per degree: coordinates are packed in units of 1e-4° (about 11 m of latitude).
SCALE: Final[int] = 10_000

#: How deep each packable geometry type nests its lines (0: a position, 1: a list of positions, …).
_DEPTH: Final[dict[str, int]] = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}


class _Lossy(ValueError):
    """A coordinate or position that cannot be packed exactly (internal: the geometry is left as it is)."""


def _quantum(value: Any) -> int:
    """``value`` (degrees) as an integer number of 1e-4°, or :class:`_Lossy` if that is not exact."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Lossy(f"not a number: {value!r}")
    x = float(value)
    if not math.isfinite(x) or (x == 0.0 and math.copysign(1.0, x) < 0):
        raise _Lossy(f"not packable: {value!r}")
    q = round(x * SCALE)
    if q / SCALE != x:
        raise _Lossy(f"more than 4 decimals: {value!r}")
    return q


def _position(position: Any) -> tuple[int, int]:
    if not isinstance(position, (list, tuple)) or len(position) != 2:
        raise _Lossy(f"not a 2-D position: {position!r}")
    return _quantum(position[0]), _quantum(position[1])


def _pack_line(positions: Any) -> list[int]:
    """A list of (lon, lat) positions → ``[x0, y0, dx1, dy1, …]`` in 1e-4° (deltas from the previous position)."""
    if not isinstance(positions, (list, tuple)):
        raise _Lossy(f"not a list of positions: {positions!r}")
    out: list[int] = []
    px = py = 0
    for position in positions:
        x, y = _position(position)
        out += (x - px, y - py)
        px, py = x, y
    return out


def _pack(coords: Any, depth: int) -> Any:
    if depth == 0:
        return list(_position(coords))
    if depth == 1:
        return _pack_line(coords)
    if not isinstance(coords, (list, tuple)):
        raise _Lossy(f"not a list: {coords!r}")
    return [_pack(part, depth - 1) for part in coords]


def pack_geometry(geometry: Any) -> Any:
    """The geometry packed (a new dict), or ``geometry`` itself when it cannot be packed exactly (see module doc)."""
    if not isinstance(geometry, dict) or "coordinates" not in geometry:
        return geometry
    depth = _DEPTH.get(str(geometry.get("type")))
    if depth is None:
        return geometry
    try:
        packed = _pack(geometry["coordinates"], depth)
    except _Lossy:
        return geometry
    out = {key: value for key, value in geometry.items() if key != "coordinates"}
    out["packed"] = packed
    return out


def _unpack_line(flat: Sequence[int]) -> list[list[float]]:
    if len(flat) % 2:
        raise ValueError(f"packed line of odd length {len(flat)}")
    out: list[list[float]] = []
    x = y = 0
    for i in range(0, len(flat), 2):
        x += flat[i]
        y += flat[i + 1]
        out.append([x / SCALE, y / SCALE])
    return out


def _unpack(packed: Any, depth: int) -> Any:
    if depth == 0:
        return [packed[0] / SCALE, packed[1] / SCALE]
    if depth == 1:
        return _unpack_line(packed)
    return [_unpack(part, depth - 1) for part in packed]


def unpack_geometry(geometry: Any) -> Any:
    """A packed geometry as plain GeoJSON (a new dict, coordinates as floats); any other value unchanged.

    Raises
    ------
    ValueError
        If the geometry says it is packed but its type is not one that can be (a corrupt payload).
    """
    if not isinstance(geometry, dict) or "packed" not in geometry:
        return geometry
    depth = _DEPTH.get(str(geometry.get("type")))
    if depth is None:
        raise ValueError(f"packed geometry of unknown type {geometry.get('type')!r}")
    out = {key: value for key, value in geometry.items() if key != "packed"}
    out["coordinates"] = _unpack(geometry["packed"], depth)
    return out


def _map_features(collection: Any, fn: Callable[[Any], Any]) -> Any:
    if not isinstance(collection, dict) or not isinstance(collection.get("features"), list):
        return collection
    features = [
        {**f, "geometry": fn(f["geometry"])} if isinstance(f, dict) and "geometry" in f else f
        for f in collection["features"]
    ]
    return {**collection, "features": features}


def pack_collection(collection: Any) -> Any:
    """A FeatureCollection with every geometry that packs exactly packed (a new dict; the input is not changed)."""
    return _map_features(collection, pack_geometry)


def pack_payload(payload: dict[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """``payload`` (a new top-level dict) with the FeatureCollections under ``keys`` packed and ``payload["packed"]``
    set; keys that are absent or not FeatureCollections are left out of the marker. The input is not changed."""
    if "packed" in payload:
        raise ValueError("payload is already packed")
    out = dict(payload)
    done: list[str] = []
    for key in keys:
        value = payload.get(key)
        if isinstance(value, dict) and isinstance(value.get("features"), list):
            out[key] = pack_collection(value)
            done.append(key)
    if done:
        out["packed"] = {"scale": SCALE, "collections": done}
    return out


def unpack_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """``payload`` as plain GeoJSON (a new top-level dict without ``packed``); an unpacked payload is returned as is.

    Raises
    ------
    ValueError
        If ``payload["packed"]`` names a scale other than :data:`SCALE`.
    """
    marker = payload.get("packed")
    if marker is None:
        return payload
    if not isinstance(marker, dict) or marker.get("scale") != SCALE:
        raise ValueError(f"packed payload with unsupported marker {marker!r} (expected scale {SCALE})")
    out = {key: value for key, value in payload.items() if key != "packed"}
    for key in marker.get("collections", []):
        out[key] = _map_features(payload.get(key), unpack_geometry)
    return out
