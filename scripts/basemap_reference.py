"""The basemap's reference layers: rivers, lakes, main roads and railways, as quiet context under the data.

Read from the public-domain Natural Earth files copied into ``scripts/basemap_sources/`` (provenance and SHA-256
in that folder's ``README.md``), so this part of the build needs no network. Written to
``geo/data/reference.geojson``; the names of the rivers and lakes are not here but in ``layers/places.json``
(each river or lake feature carries the ``place`` id of its label there), so every name lives in one file.

All geometry is EPSG:4326 with (lon, lat) axis order; simplification tolerances are in degrees (0.001° ≈ 85 m of
longitude and 111 m of latitude at 40° N). Water is rounded to 4 decimals (≈ 10 m), roads and railways to 3
(≈ 100 m, under a pixel up to zoom 10): they are context, and the roads the story needs are data layers of their own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge

SOURCES: Final[Path] = Path(__file__).resolve().parent / "basemap_sources"
#: Region kept (min lon, min lat, max lon, max lat), EPSG:4326; the same as the countries'.
REGION_BBOX: Final[tuple[float, float, float, float]] = (36.0, 37.0, 51.5, 45.5)
#: Decimals kept per kind.
DECIMALS: Final[Mapping[str, int]] = {"river": 4, "lake": 4, "road": 3, "railway": 3}
#: Douglas–Peucker tolerance (degrees) per kind.
TOLERANCE_DEG: Final[Mapping[str, float]] = {"river": 0.003, "lake": 0.003, "road": 0.005, "railway": 0.005}

#: Natural Earth river name -> (place id in layers/places.json, Leaflet zoom from which the line is drawn).
RIVERS: Final[Mapping[str, tuple[str, float]]] = {
    "Aras": ("aras", 5.0),
    "Kura": ("kura", 5.0),
    "Terek": ("terek", 6.0),
    "Coruh": ("coruh", 6.0),
    "Rioni": ("rioni", 6.0),
    "Alazani": ("alazani", 6.5),
    "Iori": ("iori", 6.5),
    "Khrami": ("khrami", 6.5),
    "Hrazdan": ("hrazdan", 6.5),
    "Akhurian": ("akhurian", 6.5),
    "Vorotan": ("vorotan", 6.5),
    "Terter": ("terter", 6.5),
    "Pambak": ("pambak", 7.0),
    "Samur": ("samur", 7.0),
}
#: Natural Earth lake name -> (place id, min zoom). Unnamed NE lakes inside the three states are drawn unlabelled.
LAKES: Final[Mapping[str, tuple[str, float]]] = {
    "Lake Sevan": ("lake-sevan", 5.0),
    "Mingevir Reservoir": ("mingachevir-reservoir", 5.0),
    "Lake Van": ("lake-van", 5.0),
    "Lake Urmia": ("lake-urmia", 5.0),
    "Cildir": ("lake-cildir", 7.0),
}
#: A box around Armenia, Azerbaijan and Georgia: unnamed small lakes are kept only inside it.
THREE_STATES_BBOX: Final[tuple[float, float, float, float]] = (40.0, 38.3, 50.9, 43.6)
#: Natural Earth road scalerank -> min zoom (lower scalerank = more important road). NE's "Unknown" roads
#: (scalerank 5–7) are the minor links; they include the Goris–Lachin–Stepanakert road, so they are kept for close
#: views (class "minor").
ROAD_MIN_ZOOM: Final[Mapping[int, float]] = {3: 6.0, 4: 7.0, 5: 8.0, 6: 8.0, 7: 9.0}
RAILWAY_MIN_ZOOM: Final[float] = 7.0


@dataclass(frozen=True, slots=True)
class Summary:
    """What one kind of reference layer holds: features, vertices, bytes of its compact GeoJSON."""

    kind: str
    features: int
    vertices: int
    bytes: int


def _read(name: str) -> list[dict[str, Any]]:
    data = json.loads((SOURCES / name).read_text(encoding="utf-8"))
    return list(data["features"])


def _round(geom: BaseGeometry, decimals: int) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def _lines(geom: BaseGeometry) -> list[LineString]:
    parts = shapely.get_parts(geom)
    return [p for p in parts if isinstance(p, LineString) and not p.is_empty and p.length > 0]


def _clean_lines(geom: BaseGeometry, kind: str) -> BaseGeometry | None:
    """Merge, simplify (Douglas–Peucker, the kind's tolerance), round; drop parts that collapse to a point."""
    merged = linemerge(MultiLineString(_lines(geom))) if len(_lines(geom)) > 1 else geom
    simple = _round(shapely.simplify(merged, TOLERANCE_DEG[kind], preserve_topology=False), DECIMALS[kind])
    kept = [p for p in _lines(simple) if len(set(p.coords)) >= 2]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else MultiLineString(kept)


def _clean_polygon(geom: BaseGeometry, tolerance: float) -> BaseGeometry | None:
    simple = _round(shapely.simplify(geom, tolerance, preserve_topology=True), DECIMALS["lake"])
    simple = shapely.make_valid(simple)
    polys = [p for p in shapely.get_parts(simple) if isinstance(p, Polygon) and p.area > 1e-6]
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def _feature(geom: BaseGeometry, props: dict[str, Any]) -> dict[str, Any]:
    if not geom.is_valid:
        raise ValueError(f"{props['id']}: invalid geometry: {shapely.is_valid_reason(geom)}")
    return {"type": "Feature", "properties": props, "geometry": mapping(geom)}


def rivers() -> list[dict[str, Any]]:
    """The named rivers of :data:`RIVERS`, one feature each (pieces of both NE river files merged)."""
    pieces: dict[str, list[LineString]] = {name: [] for name in RIVERS}
    for name in ("ne_10m_rivers_lake_centerlines_caucasus.geojson", "ne_10m_rivers_europe_caucasus.geojson"):
        for feature in _read(name):
            river = feature["properties"].get("name")
            if river in pieces:
                pieces[river].extend(_lines(shape(feature["geometry"])))
    out = []
    for river, (place, min_zoom) in RIVERS.items():
        if not pieces[river]:
            raise SystemExit(f"no Natural Earth line for the river {river!r}")
        geom = _clean_lines(shapely.union_all(pieces[river]), "river")
        if geom is None:
            raise SystemExit(f"the river {river!r} vanished when simplified")
        out.append(_feature(geom, {"kind": "river", "id": f"river-{place}", "place": place, "min_zoom": min_zoom}))
    return out


def lakes() -> list[dict[str, Any]]:
    """The named lakes of :data:`LAKES` plus unnamed NE lakes inside :data:`THREE_STATES_BBOX`."""
    out = []
    unnamed = 0
    three = shapely.box(*THREE_STATES_BBOX)
    for name in ("ne_10m_lakes_caucasus.geojson", "ne_10m_lakes_europe_caucasus.geojson"):
        for feature in _read(name):
            lake = feature["properties"].get("name")
            geom = shape(feature["geometry"])
            if lake in LAKES:
                place, min_zoom = LAKES[lake]
                props: dict[str, Any] = {"kind": "lake", "id": place, "place": place, "min_zoom": min_zoom}
            elif lake is None and three.contains(geom.representative_point()):
                unnamed += 1
                props = {"kind": "lake", "id": f"lake-unnamed-{unnamed}", "place": None, "min_zoom": 8.0}
            else:
                continue
            far = not three.contains(geom.representative_point())  # Lake Van, Lake Urmia: far context, coarser
            clean = _clean_polygon(geom, TOLERANCE_DEG["lake"] * (2.5 if far else 1.0))
            if clean is not None:
                out.append(_feature(clean, props))
    return sorted(out, key=lambda f: f["properties"]["id"])


def roads() -> list[dict[str, Any]]:
    """Natural Earth 10m roads (ferries left out), merged per scalerank; ``class`` = major (highway), road or minor."""
    groups: dict[tuple[str, int], list[LineString]] = {}
    for feature in _read("roads_ne10m.geojson"):
        props = feature["properties"]
        if props["featureclass"] != "Road":
            continue
        klass = {"Major Highway": "major", "Unknown": "minor"}.get(props["type"], "road")
        groups.setdefault((klass, int(props["scalerank"])), []).extend(_lines(shape(feature["geometry"])))
    out = []
    for (klass, rank), parts in sorted(groups.items()):
        geom = _clean_lines(shapely.union_all(parts), "road")
        if geom is None:
            continue
        min_zoom = 6.0 if klass == "major" else ROAD_MIN_ZOOM.get(rank, 9.0)
        out.append(_feature(geom, {"kind": "road", "id": f"road-{klass}-{rank}", "class": klass, "min_zoom": min_zoom}))
    return out


def railways() -> list[dict[str, Any]]:
    """Natural Earth 10m railways; the Soviet Aras line (Yeraskh–Julfa–Meghri–Horadiz) is its own feature."""
    aras_feature = _read("aras_railway_ne10m.geojson")[0]
    aras = shape(aras_feature["geometry"])
    others = shapely.union_all([g for f in _read("railroads_ne10m.geojson") for g in _lines(shape(f["geometry"]))])
    others = shapely.difference(others, aras.buffer(0.002))
    out = []
    geom = _clean_lines(others, "railway")
    if geom is not None:
        out.append(_feature(geom, {"kind": "railway", "id": "railways", "min_zoom": RAILWAY_MIN_ZOOM}))
    line = _clean_lines(aras, "railway")
    if line is None:
        raise SystemExit("the Aras railway vanished when simplified")
    out.append(_feature(line, {"kind": "railway", "id": "railway-aras", "place": "aras-railway",
                               "status": aras_feature["properties"]["status"], "min_zoom": RAILWAY_MIN_ZOOM}))
    return out


def build() -> list[dict[str, Any]]:
    """Every reference feature, in drawing order (lakes, rivers, roads, railways)."""
    return [*lakes(), *rivers(), *roads(), *railways()]


def summarise(features: Iterable[Mapping[str, Any]]) -> list[Summary]:
    """Features, vertices and compact-JSON bytes per kind."""
    table: dict[str, list[int]] = {}
    for feature in features:
        row = table.setdefault(feature["properties"]["kind"], [0, 0, 0])
        row[0] += 1
        row[1] += int(shapely.get_num_coordinates(shape(feature["geometry"])))
        row[2] += len(json.dumps(feature, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return [Summary(kind, *row) for kind, row in table.items()]
