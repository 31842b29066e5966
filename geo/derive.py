"""Derived geometries: a strip of given width around another feature's line, shaped by rules written in the data.

A feature with ``derived`` has ``"geometry": null``; its geometry is built here once every layer is read::

    "derived": {
      "buffer_of": "lachin-road-2020",          # a (multi)line feature
      "width_m": 5000,                           # total width, metres (width_m / 2 each side)
      "exclude": [{"place": "shusha", "lon": 46.74989, "lat": 39.76006, "radius_m": 1000, "why": "..."}],
      "include": [{"place": "sus", "lon": 46.51278, "lat": 39.62694, "radius_m": 500, "why": "..."}]
    }

Order: the strip is the buffer of the line; each ``include`` adds the convex hull of a disc of ``radius_m`` around
the place and the strip's cross-section at the nearest point of the line (so the strip reaches the place and stays
one piece); each ``exclude`` then removes a disc of ``radius_m`` around the place together with its "shadow" (the part of
the strip behind the disc as seen from the line), so the strip gets a bite, never a hole. An ``exclude`` disc may not touch
the line itself (the road would leave its own corridor) and the result must be one polygon: either is a ``derived``
problem. Everything is computed in UTM 38N (EPSG:32638, metres) and returned in EPSG:4326 (lon, lat), rounded to 6
decimals. The rules are data: the why of each one is in the file, and tests check each constraint by name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import shapely
import shapely.affinity
from shapely.geometry import LineString, MultiLineString, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from geo.errors import Problem
from geo.geometry import from_utm, round_coordinates, to_utm
from geo.model import Feature, Layer

__all__ = ["DerivationError", "build_derived", "derive_strip"]

_QUAD_SEGS = 8


class DerivationError(ValueError):
    """A derived geometry cannot be built as its rules say; the message says why."""


def derive_strip(line: BaseGeometry, spec: Mapping[str, Any]) -> BaseGeometry:
    """The strip of ``spec`` around ``line`` (EPSG:4326, lon/lat), in EPSG:4326; see the module docstring.

    Raises
    ------
    DerivationError
        When an exclusion disc touches the line or the result is not one polygon.
    """
    if not isinstance(line, (LineString, MultiLineString)):
        raise DerivationError(f"is a {line.geom_type}, not a line")
    width = float(spec["width_m"])
    road = to_utm(line)
    strip = road.buffer(width / 2.0, quad_segs=_QUAD_SEGS)
    for rule in _rules(spec, "include"):
        place = to_utm(Point(rule["lon"], rule["lat"]))
        on_road = nearest_points(road, place)[0]
        lobe = shapely.union(place.buffer(float(rule["radius_m"]), quad_segs=_QUAD_SEGS),
                             on_road.buffer(width / 2.0, quad_segs=_QUAD_SEGS)).convex_hull
        strip = strip.union(lobe)
    for rule in _rules(spec, "exclude"):
        place = to_utm(Point(rule["lon"], rule["lat"]))
        disc = place.buffer(float(rule["radius_m"]), quad_segs=_QUAD_SEGS)
        if disc.intersects(road):
            gap = place.distance(road)
            raise DerivationError(f"exclude {rule['place']!r}: the {rule['radius_m']:g} m disc touches the line itself "
                                  f"(the line passes {gap:.0f} m from the place)")
        strip = strip.difference(_shadow(road, place, disc, width))
    if not isinstance(strip, Polygon):
        raise DerivationError(f"the strip falls apart into a {strip.geom_type} of "
                              f"{len(getattr(strip, 'geoms', []))} parts")
    return round_coordinates(from_utm(strip), 6)


def build_derived(layers: Sequence[Layer], files: Mapping[str, str], problems: list[Problem]) -> list[Layer]:
    """Build each ``derived`` feature's geometry now that every layer is read; a failure is a ``derived`` problem."""
    by_id = {f.id: f for layer in layers for f in layer.features}
    out: list[Layer] = []
    for layer in layers:
        kept: list[Feature] = []
        for feature in layer.features:
            spec = feature.properties.get("derived")
            if spec is None:
                kept.append(feature)
                continue
            base = by_id.get(spec["buffer_of"])
            file = files.get(feature.id, f"{layer.id}.geojson")
            if base is None:
                problems.append(Problem(file, feature.id, "derived",
                                        f"derived.buffer_of {spec['buffer_of']!r} is no such feature"))
                continue
            try:
                geometry = derive_strip(base.geometry, spec)
            except DerivationError as exc:
                problems.append(Problem(file, feature.id, "derived", f"derived.buffer_of {spec['buffer_of']!r} {exc}"
                                        if "not a line" in str(exc) else str(exc)))
                continue
            kept.append(replace(feature, geometry=geometry))
        out.append(replace(layer, features=tuple(kept)))
    return out


def _shadow(road: BaseGeometry, place: Point, disc: BaseGeometry, width: float) -> BaseGeometry:
    """The disc and everything behind it as seen from the line: the hull of the disc and the disc pushed ``width``
    metres further away from the nearest point of the line (so the strip gets a bite, never a hole)."""
    on_road = nearest_points(road, place)[0]
    dx, dy = place.x - on_road.x, place.y - on_road.y
    norm = max((dx * dx + dy * dy) ** 0.5, 1e-9)
    far = shapely.affinity.translate(disc, dx / norm * width, dy / norm * width)
    return shapely.union(disc, far).convex_hull


def _rules(spec: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = spec.get(key, [])
    return list(value) if isinstance(value, list) else []
