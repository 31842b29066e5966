"""Points on the right side of every border: each feature's ``country`` list checked against finer outlines.

Every feature says which countries and areas it lies in or crosses (``country``: codes such as ``AM``, ``AZ``,
``GE-AB``; see :data:`CODES`). This module tests every point, every vertex and every 100 m along each line and ring
against outlines finer than the basemap:

* countries from OpenStreetMap (``geo/data/borders_osm.geojson``, © OpenStreetMap contributors, ODbL 1.0, kept in
  its own file), which follow the Aras and the other river borders within tens of metres;
* areas inside a country from Natural Earth (``geo/data/areas_ne.geojson``, public domain).

A position "is in" a region when it lies within the tolerance (default 300 m, :data:`TOLERANCE_M`) of the region's
outline or inside it; it is "deep in" a region when it is inside and farther than the tolerance from its edge. The
rules (problem names are registered in :data:`geo.validate.RULES`):

* ``border``: a position is in none of the declared countries (e.g. a vertex on the Iranian bank of the Aras, or a
  (lat, lon) pair that still falls inside the region box: a swapped Gyumri lands in Russia);
* ``country``: a code is declared that no position is in, a position is deep in a country or area the list omits,
  a code is unknown, or (when the dataset requires it) the list is missing.

All distances are measured in UTM zone 38N (EPSG:32638, metres); storage is EPSG:4326 with (lon, lat) axis order.
The scale error of UTM 38N is under 0.4 % over the region (lon 39.5–47.5), i.e. about 1 m on the tolerance.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.errors import Problem
from geo.geometry import to_utm
from geo.model import Feature, Layer

__all__ = ["AREA_CODES", "CODES", "COUNTRY_CODES", "TOLERANCE_M", "BorderRules", "Outlines", "border_rules",
           "check_borders", "load_outlines", "regions_of"]

DATA_DIR = Path(__file__).resolve().parent / "data"
#: The outline files: OSM-derived countries (ODbL, its own file) and Natural Earth areas (public domain).
OUTLINE_FILES: tuple[Path, ...] = (DATA_DIR / "borders_osm.geojson", DATA_DIR / "areas_ne.geojson")
#: Default tolerance, metres in EPSG:32638: a position this close to a region's outline counts as in it.
TOLERANCE_M = 300.0
#: Positions are sampled along lines and rings at least this often (metres), so a segment cannot cut a corner.
STEP_M = 100.0

#: Countries: ISO 3166-1 alpha-2, within their internationally recognised borders (Georgia includes Abkhazia and
#: South Ossetia, Azerbaijan includes Nakhchivan and Nagorno-Karabakh).
COUNTRY_CODES: Mapping[str, str] = MappingProxyType({
    "AM": "Armenia", "AZ": "Azerbaijan", "GE": "Georgia", "IR": "Iran", "RU": "Russia", "TR": "Turkey",
})
#: Areas that matter for the story, each inside one country (the code's prefix).
AREA_CODES: Mapping[str, str] = MappingProxyType({
    "AZ-NX": "Nakhchivan Autonomous Republic (ISO 3166-2:AZ-NX)",
    "GE-AB": "Abkhazia (ISO 3166-2:GE-AB; de facto outside Georgian control since 1993)",
    "GE-SO": "South Ossetia / Tskhinvali region (project code; de facto outside Georgian control)",
    "AZ-NK20": ("the part of Nagorno-Karabakh left under Armenian control by the 10 November 2020 statement, with the "
                "2020 Lachin corridor: the Russian peacekeepers' area 2020–2024 (project code; Natural Earth 5.x)"),
})
CODES: Mapping[str, str] = MappingProxyType({**COUNTRY_CODES, **AREA_CODES})


@dataclass(frozen=True, slots=True)
class Outlines:
    """The regions to test against, in EPSG:32638 (prepared for fast queries), keyed by code."""

    regions: Mapping[str, BaseGeometry]
    edges: Mapping[str, BaseGeometry]


@dataclass(frozen=True, slots=True)
class BorderRules:
    """How to check: the outline files, the tolerance in metres (EPSG:32638), whether ``country`` is required."""

    files: tuple[Path, ...] = OUTLINE_FILES
    tolerance_m: float = TOLERANCE_M
    require_country: bool = False
    step_m: float = field(default=STEP_M)


def border_rules(manifest: Mapping[str, Any]) -> BorderRules:
    """The rules a dataset asks for in ``manifest.json`` (``dataset.borders``: ``tolerance_m``, ``require_country``)."""
    dataset = manifest.get("dataset") if isinstance(manifest, Mapping) else None
    spec = dataset.get("borders") if isinstance(dataset, Mapping) else None
    if not isinstance(spec, Mapping):
        return BorderRules()
    return BorderRules(tolerance_m=float(spec.get("tolerance_m", TOLERANCE_M)),
                       require_country=bool(spec.get("require_country", False)))


@lru_cache(maxsize=4)
def load_outlines(files: tuple[Path, ...]) -> Outlines:
    """Read the outline files (GeoJSON, EPSG:4326, (lon, lat), a ``code`` per feature) and project them to UTM 38N."""
    regions: dict[str, BaseGeometry] = {}
    for path in files:
        for raw in json.loads(path.read_text(encoding="utf-8"))["features"]:
            code = raw["properties"]["code"]
            geometry = to_utm(shape(raw["geometry"]))
            regions[code] = shapely.union(regions[code], geometry) if code in regions else geometry
    edges = {code: shapely.boundary(geometry) for code, geometry in regions.items()}
    for geometry in (*regions.values(), *edges.values()):
        shapely.prepare(geometry)
    return Outlines(MappingProxyType(regions), MappingProxyType(edges))


def regions_of(geometry: BaseGeometry, outlines: Outlines, tolerance_m: float = TOLERANCE_M) -> tuple[set[str], set[str]]:
    """The codes ``geometry`` (EPSG:4326) is in (within ``tolerance_m``) and the codes it is deep in, over all samples."""
    samples = _samples(to_utm(geometry), STEP_M)
    near, deep = _classify(samples, outlines, tolerance_m)
    return ({c for c, hits in near.items() if hits.any()}, {c for c, hits in deep.items() if hits.any()})


def check_borders(layers: Iterable[Layer], files: Mapping[str, str], rules: BorderRules = BorderRules()) -> list[Problem]:
    """Check every feature's ``country`` against the outlines; one :class:`Problem` per broken rule and feature.

    ``files`` maps a feature id to the file it came from (for the messages).
    """
    outlines = load_outlines(rules.files)
    problems: list[Problem] = []
    for layer in layers:
        for feature in layer.features:
            file = files.get(feature.id, f"{layer.id}.geojson")
            problems.extend(Problem(file, feature.id, rule, detail) for rule, detail in _check(feature, outlines, rules))
    return problems


# --- the checks ------------------------------------------------------------------------------------------------


def _check(feature: Feature, outlines: Outlines, rules: BorderRules) -> list[tuple[str, str]]:
    declared_raw = feature.properties.get("country")
    if declared_raw is None:
        return [("country", "no `country`: list the countries and areas the feature lies in or crosses "
                            f"({_suggest(feature, outlines, rules)})")] if rules.require_country else []
    declared = [str(c) for c in declared_raw]
    unknown = [c for c in declared if c not in CODES]
    if unknown:
        return [("country", f"unknown code(s) {', '.join(unknown)}; known: {', '.join(CODES)}")]
    if feature.geometry.is_empty:
        return []
    found: list[tuple[str, str]] = []
    utm = to_utm(feature.geometry)
    samples = _samples(utm, rules.step_m)
    near, deep = _classify(samples, outlines, rules.tolerance_m)
    countries = [c for c in declared if c in COUNTRY_CODES]
    ok = np.zeros(len(samples), dtype=bool)
    for code in countries:
        ok |= near[code]
    if not ok.all():
        index = int(np.flatnonzero(~ok)[0])
        found.append(("border", _where(feature, samples, index, outlines, countries, int((~ok).sum()))))
    for code in declared:
        if not near[code].any():
            distance = float(shapely.distance(outlines.regions[code], shapely.multipoints(samples))) / 1000.0
            found.append(("country", f"`country` lists {code} ({CODES[code]}) but no part of the feature is in it "
                                     f"(nearest {distance:.1f} km; tolerance {rules.tolerance_m:g} m)"))
    missing = sorted(c for c, hits in deep.items() if hits.any() and c not in declared)
    if missing:
        found.append(("country", f"the feature lies in {', '.join(missing)} but `country` omits "
                                 f"{'it' if len(missing) == 1 else 'them'} (country: {', '.join(declared)})"))
    return found


def _suggest(feature: Feature, outlines: Outlines, rules: BorderRules) -> str:
    if feature.geometry.is_empty:
        return "geometry not built"
    samples = _samples(to_utm(feature.geometry), rules.step_m)
    near, deep = _classify(samples, outlines, rules.tolerance_m)
    codes = sorted(c for c, hits in deep.items() if hits.any()) or sorted(c for c, hits in near.items() if hits.any())
    return "it lies in " + (", ".join(codes) if codes else "no known country")


def _where(feature: Feature, samples: np.ndarray, index: int, outlines: Outlines, countries: Sequence[str],
           count: int) -> str:
    from geo.geometry import from_utm  # local: only for the message

    point = shapely.points(samples[index])
    lon, lat = shapely.get_coordinates(from_utm(point))[0]
    inside = [c for c in COUNTRY_CODES if shapely.contains(outlines.regions[c], point)]
    nearest = min(countries, key=lambda c: shapely.distance(outlines.regions[c], point)) if countries else None
    gap = f", {float(shapely.distance(outlines.regions[nearest], point)) / 1000.0:.2f} km from {nearest}" if nearest else ""
    vertex = _vertex_label(feature.geometry, lon, lat)
    return (f"{vertex} ({lon:.5f}, {lat:.5f}) lies in {', '.join(inside) or 'no mapped country'}{gap}, outside "
            f"`country` ({', '.join(countries) or 'no country listed'}); {count} sample(s) of the feature are outside")


def _vertex_label(geometry: BaseGeometry, lon: float, lat: float) -> str:
    coords = shapely.get_coordinates(geometry)
    hits = np.flatnonzero((np.abs(coords[:, 0] - lon) < 5e-6) & (np.abs(coords[:, 1] - lat) < 5e-6))
    if geometry.geom_type == "Point":
        return "the point"
    if hits.size:
        return f"vertex {int(hits[0])}"
    return "a point between vertices"


def _samples(utm: BaseGeometry, step_m: float) -> np.ndarray:
    """Every vertex plus points at most ``step_m`` apart along every line and ring, as an (n, 2) array in metres."""
    if utm.geom_type in ("Point", "MultiPoint"):
        return np.asarray(shapely.get_coordinates(utm), dtype=float)
    polygonal = utm.geom_type in ("Polygon", "MultiPolygon")
    lines = shapely.get_parts(shapely.boundary(utm) if polygonal else utm)
    return np.asarray(shapely.get_coordinates(shapely.segmentize(lines, step_m)), dtype=float)


def _classify(samples: np.ndarray, outlines: Outlines, tolerance_m: float) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    points = shapely.points(samples)
    near: dict[str, np.ndarray] = {}
    deep: dict[str, np.ndarray] = {}
    for code, region in outlines.regions.items():
        near[code] = np.asarray(shapely.dwithin(region, points, tolerance_m), dtype=bool)
        inside = np.asarray(shapely.contains_xy(region, samples[:, 0], samples[:, 1]), dtype=bool)
        close_to_edge = np.asarray(shapely.dwithin(outlines.edges[code], points, tolerance_m), dtype=bool)
        deep[code] = inside & ~close_to_edge
    return near, deep
