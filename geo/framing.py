"""Framing: the part of the map a document opens on, as lon/lat bounds.

Every bound here is in EPSG:4326 degrees, ``(west, south, east, north)`` = (min lon, min lat, max lon, max lat), the
order of ``--bbox W,S,E,N`` and of shapely's ``bounds``. Leaflet wants ``[[south, west], [north, east]]``
(:meth:`Bounds.leaflet`). The browser fits the bounds (``fitBounds``, at the map's half-step zoom, into the part of
the map the open panels leave free: ``geo/static/src/framing.js``); the centre and zoom computed here
(:func:`view_for`) are only the fallback view of a document opened before its script runs.

Three framings: the one asked for (``--bbox``), the features active over the slider's range (an export without
``--bbox``), and the features of a chapter's layers active on its date (handouts and ``goToChapter``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable

from geo.chapters import Chapter
from geo.config import Bounds
from geo.model import Catalog, Feature
from geo.view import View

__all__ = ["MAX_FIT_ZOOM", "MIN_SPAN_DEG", "REGION", "Bounds", "active_over", "chapter_bounds", "features_bounds",
           "parse_bbox", "range_bounds", "view_box", "view_for"]

#: Bounds smaller than this (degrees, each side) are widened around their centre: one point is not a view.
MIN_SPAN_DEG = 0.2
#: The most a framing zooms in (Leaflet zoom); the browser applies the same cap.
MAX_FIT_ZOOM = 11.0

#: A plain decimal number of degrees in ASCII digits (no exponent, no inf/nan, at most 3 digits before the point).
_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:\.[0-9]{0,12})?|\.[0-9]{1,12})")


#: The region the map shows: the basemap's clip (geo/data/README.md, lon 36..51.5, lat 37..45.5).
REGION = Bounds(36.0, 37.0, 51.5, 45.5)


def parse_bbox(text: str, *, region: Bounds = REGION) -> Bounds:
    """``"W,S,E,N"`` (lon/lat degrees, EPSG:4326) → :class:`Bounds`; ``ValueError`` says what is wrong.

    Four plain decimal numbers separated by commas, ``W < E``, ``S < N``, inside ``region``.
    """
    shown = text if len(text) <= 60 else text[:60] + "…"
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 4:
        raise ValueError(f"{shown!r}: give four numbers W,S,E,N (lon/lat degrees), e.g. 45.9,39.3,47.3,40.3")
    bad = [p for p in parts if not _NUMBER.fullmatch(p)]
    if bad:
        raise ValueError(f"{shown!r}: {bad[0][:20]!r} is not a number (write degrees like 45.9)")
    west, south, east, north = (float(p) for p in parts)
    if not west < east:
        raise ValueError(f"{shown!r}: west ({west:g}) must be less than east ({east:g})")
    if not south < north:
        raise ValueError(f"{shown!r}: south ({south:g}) must be less than north ({north:g})")
    box = Bounds(west, south, east, north)
    if not region.covers(box):
        raise ValueError(f"{shown!r} is outside the map's region (lon {region.west:g}..{region.east:g}, "
                         f"lat {region.south:g}..{region.north:g})")
    return box


def features_bounds(features: Iterable[Feature], *, min_span: float = MIN_SPAN_DEG) -> Bounds | None:
    """The box around the features' geometries (widened to ``min_span``), or ``None`` when there are none."""
    west = south = math.inf
    east = north = -math.inf
    for feature in features:
        if feature.geometry is None or feature.geometry.is_empty:
            continue
        w, s, e, n = feature.geometry.bounds
        west, south, east, north = min(west, w), min(south, s), max(east, e), max(north, n)
    if not math.isfinite(west):
        return None
    return Bounds(west, south, east, north).widened(min_span)


def active_over(catalog: Catalog, first: dt.date, last: dt.date, *,
                layers: frozenset[str] | None = None) -> list[Feature]:
    """The features on the map on at least one day of ``first``..``last`` (both inclusive), optionally only some
    layers: the interval overlap form of the active-on rule."""
    out = []
    for feature in catalog.features:
        if layers is not None and feature.layer not in layers:
            continue
        end = feature.interval.last
        if feature.interval.first <= last and (end is None or end >= first):
            out.append(feature)
    return out


def range_bounds(catalog: Catalog, first: dt.date, last: dt.date, *,
                 layers: frozenset[str] | None = None) -> Bounds | None:
    """The box around the features active over the slider's range (``None``: nothing is)."""
    return features_bounds(active_over(catalog, first, last, layers=layers))


def chapter_bounds(catalog: Catalog, chapter: Chapter) -> Bounds | None:
    """The box around the features of the chapter's layers active on its date (``None``: none are).

    The chapter's stored view says where the chapter looks: only the features within its area of interest (the
    view's box on a 960 × 640 px map, half as large again on each axis) are framed, so a context layer that also
    has features far away (the EU missions in Georgia, in a chapter on the Hakari bridge) does not zoom the
    chapter out of its story. When none lie there, all of them are framed.
    """
    features = catalog.active_on(chapter.day, layers=frozenset(chapter.layers))
    lon, lat, zoom = chapter.view
    area = view_box(View(lat=lat, lon=lon, zoom=zoom), width=960, height=640, grow=1.5)
    near = [f for f in features if f.geometry is not None and _inside(f, area)]
    return features_bounds(near or features)


def view_box(view: View, *, width: int, height: int, grow: float = 1.0) -> Bounds:
    """The lon/lat box a ``width`` × ``height`` CSS px Web Mercator map shows at ``view``, ``grow`` times as wide
    and high around its centre (clamped to ±85° latitude)."""
    scale = 256 * 2 ** view.zoom / (2 * math.pi)  # px per Mercator unit
    half_x = width * grow / 2 / scale
    half_y = height * grow / 2 / scale
    centre_y = _merc_y(view.lat)
    return Bounds(view.lon - math.degrees(half_x), _merc_lat(max(centre_y - half_y, -3.13)),
                  view.lon + math.degrees(half_x), _merc_lat(min(centre_y + half_y, 3.13)))


def _inside(feature: Feature, area: Bounds) -> bool:
    """Any part of the feature's box lies in ``area``."""
    w, s, e, n = (float(v) for v in feature.geometry.bounds)
    return w <= area.east and e >= area.west and s <= area.north and n >= area.south


def _merc_y(lat: float) -> float:
    """Web Mercator y of a latitude (degrees), in units of the Earth's radius."""
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _merc_lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def view_for(bounds: Bounds, *, width: int = 700, height: int = 500, snap: float = 0.5,
             max_zoom: float = MAX_FIT_ZOOM) -> View:
    """The centre and the (``snap``-rounded down) Web Mercator zoom that show ``bounds`` in a ``width`` × ``height``
    CSS px map: what Leaflet's fitBounds gives without panels (the fallback view)."""
    # pixels per world at zoom z: 256 * 2**z; the world is 2π in Mercator units
    dx = math.radians(bounds.east - bounds.west) or 1e-9
    dy = (_merc_y(bounds.north) - _merc_y(bounds.south)) or 1e-9
    zoom = min(math.log2(width * 2 * math.pi / (256 * dx)), math.log2(height * 2 * math.pi / (256 * dy)), max_zoom)
    zoom = math.floor(zoom / snap) * snap if snap else zoom
    lat = _merc_lat((_merc_y(bounds.north) + _merc_y(bounds.south)) / 2)
    return View(lat=round(lat, 5), lon=round((bounds.west + bounds.east) / 2, 5), zoom=zoom)
