#!/usr/bin/env python3
"""Cut the Natural Earth layers the basemap's reference layers use down to the map's region (run once, by hand).

The outputs in this folder are what ``scripts/build_basemap.py --reference`` reads, so the build runs offline. This
script documents (and repeats) how they were made from the upstream files; see ``README.md`` here for the upstream
repositories, commits and SHA-256 sums. Geometry stays EPSG:4326, (lon, lat); coordinates are rounded to 5
decimals; only features touching the region (lon 36..51.5, lat 37..45.5) are kept, clipped to it, with a few
attributes.

Usage::

    python scripts/basemap_sources/extract.py NE_DIR     # NE_DIR holds the unpacked ne_10m_*.json files
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import box, mapping, shape

REGION = (36.0, 37.0, 51.5, 45.5)
HERE = Path(__file__).resolve().parent

#: upstream file -> (output file, attributes kept)
LINES_AND_POLYGONS = {
    "ne_10m_rivers_lake_centerlines.json": ("ne_10m_rivers_lake_centerlines_caucasus.geojson",
                                            ("name", "featurecla", "scalerank", "min_zoom")),
    "ne_10m_rivers_europe.json": ("ne_10m_rivers_europe_caucasus.geojson", ("name", "featurecla", "scalerank", "min_zoom")),
    "ne_10m_lakes.json": ("ne_10m_lakes_caucasus.geojson", ("name", "featurecla", "scalerank", "min_zoom")),
    "ne_10m_lakes_europe.json": ("ne_10m_lakes_europe_caucasus.geojson", ("name", "featurecla", "scalerank", "min_zoom")),
}
PLACES = ("ne_10m_populated_places.json", "ne_10m_populated_places_caucasus.geojson",
          ("NAME", "NAME_EN", "NAME_RU", "ADM0_A3", "FEATURECLA", "SCALERANK", "LABELRANK", "min_zoom", "GEONAMEID",
           "wikidataid", "POP_MAX"))


def _round(geom: Any) -> Any:
    return shapely.transform(geom, lambda xy: np.round(xy, 5))


def _write(path: Path, features: list[dict[str, Any]]) -> None:
    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    path.write_text('{"type":"FeatureCollection","features":[\n' + body + "\n]}\n", encoding="utf-8")
    print(f"{path.name}: {len(features)} features, {path.stat().st_size:,} bytes")


def main(ne_dir: Path) -> None:
    region = box(*REGION)
    for source, (target, keep) in LINES_AND_POLYGONS.items():
        data = json.loads((ne_dir / source).read_text(encoding="utf-8"))
        out = []
        for feature in data["features"]:
            if not feature.get("geometry"):
                continue
            geom = shape(feature["geometry"])
            if not geom.intersects(region):
                continue
            clipped = _round(shapely.clip_by_rect(geom, *REGION))
            if clipped.is_empty:
                continue
            props = {k: feature["properties"].get(k) for k in keep}
            out.append({"type": "Feature", "properties": props, "geometry": mapping(clipped)})
        _write(HERE / target, out)
    source, target, keep = PLACES
    data = json.loads((ne_dir / source).read_text(encoding="utf-8"))
    out = []
    for feature in data["features"]:
        geom = shape(feature["geometry"])
        if region.contains(geom):
            props = {k: feature["properties"].get(k) for k in keep}
            out.append({"type": "Feature", "properties": props, "geometry": mapping(_round(geom))})
    _write(HERE / target, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
