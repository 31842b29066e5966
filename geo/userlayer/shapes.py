"""Where each row is: checked coordinates and geometries, in EPSG:4326 with (lon, lat) axis order.

Rows are placed by ``lat``/``lon`` columns (CSV), by WKT (CSV), by GeoJSON geometry objects or by GeoPackage WKB.
The rules are the dataset's (:mod:`geo.validate`): numbers, in -180..180 / -90..90, inside the region's box
(:data:`geo.config.REGION`) at every vertex, a geometry that can be read, is not empty and is valid (OGC simple
features: no self-intersecting ring, ...), and of a drawable type. When the coordinates are outside the box but
swapped would be inside, the rule is ``lon-lat-swapped``. The dataset's six-decimal rule does not apply: a user's
coordinates are rounded to 5 decimals (about 1 m) when the layer is packed.

Points never become shapely objects when they come from columns or GeoJSON ``Point`` objects: they stay two
float64 arrays, checked with numpy. Lines and polygons (and points read from WKT/WKB) are shapely geometries,
checked with shapely's vectorised functions. A Z coordinate is dropped (and said so in the notes). A GeoPackage
or a legacy GeoJSON ``crs`` in another CRS is reprojected to EPSG:4326 with pyproj (``always_xy``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.config import Bounds
from geo.userlayer.problems import Findings, UserLayerError, file_problem
from geo.userlayer.rules import shown

__all__ = ["GEOMETRY_KINDS", "Placement", "place_by_columns", "place_by_geojson", "place_by_wkb", "place_by_wkt"]

#: Geometry kind codes, as packed: 0 point, 1 multipoint, 2 (multi)line, 3 (multi)polygon.
GEOMETRY_KINDS: Mapping[str, int] = MappingProxyType({"point": 0, "multipoint": 1, "line": 2, "polygon": 3})
# shapely type id -> kind code (LinearRing counts as a line; GeometryCollection is refused)
_KIND_OF_TYPE: Mapping[int, int] = MappingProxyType({0: 0, 4: 1, 1: 2, 2: 2, 5: 2, 3: 3, 6: 3})
_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*$")

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Placement:
    """Where each position is.

    Parameters
    ----------
    lon, lat
        The anchor of each position in EPSG:4326 degrees: the point itself, or a point on the line/polygon
        (``shapely.point_on_surface``). NaN where the row has a problem.
    kind
        uint8 geometry kind per position (:data:`GEOMETRY_KINDS`).
    shapes
        Position -> geometry (2D, EPSG:4326, (lon, lat)) for every position that is not a single point.
    notes
        What was done to the coordinates (Z dropped, reprojected).
    """

    lon: FloatArray
    lat: FloatArray
    kind: npt.NDArray[np.uint8]
    shapes: Mapping[int, BaseGeometry]
    notes: tuple[str, ...] = ()


def place_by_columns(lat: Sequence[str | None], lat_column: str, lon: Sequence[str | None], lon_column: str,
                     *, region: Bounds, findings: Findings) -> Placement:
    """Points from ``lat``/``lon`` text columns (decimal degrees, EPSG:4326)."""
    lat_values = _numbers(lat, lat_column, findings)
    lon_values = _numbers(lon, lon_column, findings)
    _check_points(lon_values, lat_values, (lon_column, lat_column), region, findings)
    n = len(lat)
    return Placement(lon_values, lat_values, np.zeros(n, dtype=np.uint8), MappingProxyType({}))


def place_by_wkt(values: Sequence[str | None], column: str, *, region: Bounds, findings: Findings) -> Placement:
    """Geometries from WKT text (EPSG:4326, ``POINT (lon lat)``)."""
    array = np.array(values, dtype=object)
    geoms = shapely.from_wkt(array, on_invalid="ignore")
    for i in np.flatnonzero(shapely.is_missing(geoms)).tolist():
        if values[i] is None:
            findings.add(int(i), column, "geometry-empty", f"{column} is empty; every row needs a geometry")
            continue
        try:
            shapely.from_wkt(values[i], on_invalid="raise")
            detail = "cannot be read"
        except shapely.errors.GEOSException as exc:
            detail = str(exc).split("\n")[0]
        findings.add(int(i), column, "geometry-invalid", f"{column} is not WKT: {detail}")
    return _check_geometries(geoms, column, region, findings, ())


def place_by_wkb(values: Sequence[object], crs: str | None, *, file: str, region: Bounds, findings: Findings) -> Placement:
    """Geometries from GeoPackage WKB, reprojected to EPSG:4326 when the layer's CRS is another."""
    array = np.array([v if isinstance(v, bytes) else None for v in values], dtype=object)
    geoms = shapely.from_wkb(array, on_invalid="ignore")
    for i in np.flatnonzero(shapely.is_missing(geoms)).tolist():
        if values[i] is None:
            findings.add(int(i), "geometry", "geometry-empty", "the feature has no geometry")
        else:
            findings.add(int(i), "geometry", "geometry-invalid", "the geometry cannot be read (bad WKB)")
    transformer, notes = _transformer(crs, file)
    return _check_geometries(_reproject(geoms, transformer), "geometry", region, findings, notes)


def place_by_geojson(values: Sequence[object], crs: str | None, *, file: str, region: Bounds,
                     findings: Findings) -> Placement:
    """Geometries from GeoJSON geometry objects; ``Point`` objects take a fast path that builds no shapely object."""
    n = len(values)
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    fast = np.zeros(n, dtype=np.bool_)
    geoms = np.full(n, None, dtype=object)
    with_z = 0
    for i, raw in enumerate(values):
        if raw is None:
            findings.add(i, "geometry", "geometry-empty", "geometry is null; every feature needs a geometry")
            continue
        coords = raw.get("coordinates") if isinstance(raw, dict) and raw.get("type") == "Point" else None
        if isinstance(coords, list) and len(coords) in (2, 3) and all(
                type(c) in (int, float) for c in coords):
            lon[i], lat[i] = coords[0], coords[1]
            fast[i] = True
            with_z += len(coords) == 3
            continue
        if isinstance(raw, dict) and "coordinates" in raw and not _numeric(raw["coordinates"]):
            findings.add(i, "geometry", "geometry-invalid", f"the {raw.get('type')} has coordinates that are not "
                                                            "JSON numbers (text, true/false or null)")
            continue
        try:
            geoms[i] = shape(raw)  # errors are caught below
        except (ValueError, TypeError, AttributeError, IndexError, KeyError, shapely.errors.GEOSException) as exc:
            kind = raw.get("type") if isinstance(raw, dict) else type(raw).__name__
            findings.add(i, "geometry", "geometry-invalid", f"cannot read the {kind} geometry: {exc}")
    transformer, notes = _transformer(crs, file)
    if transformer is not None and fast.any():
        lon[fast], lat[fast] = transformer.transform(lon[fast], lat[fast])
    _check_points(lon, lat, ("geometry", "geometry"), region, findings, only=fast)
    if with_z:
        notes = (*notes, f"{with_z:,} point(s) have a third (Z) coordinate; it is not used")
    placed = _check_geometries(_reproject(geoms, transformer), "geometry", region, findings, notes)
    lon = np.where(fast, lon, placed.lon)
    lat = np.where(fast, lat, placed.lat)
    return Placement(lon, lat, placed.kind, placed.shapes, placed.notes)


def _numeric(value: object) -> bool:
    """True for a number or nested lists of numbers (JSON numbers only: no text, no booleans, no null)."""
    if type(value) in (int, float):
        return True
    return isinstance(value, list) and all(_numeric(v) for v in value)


# --- checks ----------------------------------------------------------------------------------------------------


def _numbers(values: Sequence[str | None], column: str, findings: Findings) -> FloatArray:
    """Parse decimal numbers; empty, unreadable or non-finite cells are problems (rule ``coordinate``) and NaN."""
    reported = np.zeros(len(values), dtype=np.bool_)
    try:
        out = np.array(list(map(float, values)), dtype=np.float64)  # type: ignore[arg-type]  # None -> TypeError
    except (TypeError, ValueError):
        out = np.full(len(values), np.nan)
        for i, v in enumerate(values):
            try:
                out[i] = float(v)  # type: ignore[arg-type]  # None -> TypeError
            except (TypeError, ValueError):
                reported[i] = True
                if v is None:
                    findings.add(i, column, "coordinate", f"{column} is empty; every row needs coordinates")
                else:
                    hint = " (write a decimal point, not a comma)" if _DECIMAL_COMMA.match(v) else ""
                    findings.add(i, column, "coordinate", f"{column} {shown(v)} is not a number{hint}")
    for i in np.flatnonzero(~np.isfinite(out) & ~reported).tolist():  # "nan", "inf" are not coordinates
        findings.add(i, column, "coordinate", f"{column} {shown(values[i] or '')} is not a finite number")
        out[i] = np.nan
    return out


def _check_points(lon: FloatArray, lat: FloatArray, columns: tuple[str, str], region: Bounds, findings: Findings,
                  *, only: npt.NDArray[np.bool_] | None = None) -> None:
    """Range and region checks for (lon, lat) degree arrays; ``only`` limits them to some positions."""
    known = np.isfinite(lon) & np.isfinite(lat)
    if only is not None:  # positions whose numbers were not checked yet (GeoJSON allows NaN and Infinity)
        for i in np.flatnonzero(only & ~known).tolist():
            findings.add(i, columns[0], "coordinate", f"({lon[i]}, {lat[i]}) is not a pair of finite numbers")
        known &= only
    with np.errstate(invalid="ignore"):
        bad_range = known & ~((np.abs(lon) <= 180) & (np.abs(lat) <= 90))
        inside = (lon >= region.west) & (lon <= region.east) & (lat >= region.south) & (lat <= region.north)
        swapped = (lat >= region.west) & (lat <= region.east) & (lon >= region.south) & (lon <= region.north)
    lon_column, lat_column = columns
    for i in np.flatnonzero(bad_range).tolist():
        column = lon_column if not abs(lon[i]) <= 180 else lat_column
        findings.add(int(i), column, "coordinate", f"({lon[i]:g}, {lat[i]:g}) is not a longitude in -180..180 and a "
                     "latitude in -90..90 (projected metres? give degrees in EPSG:4326)")
    for i in np.flatnonzero(known & ~bad_range & ~inside).tolist():
        x, y = float(lon[i]), float(lat[i])
        if swapped[i]:
            findings.add(int(i), lat_column, "lon-lat-swapped", f"(lon {x:g}, lat {y:g}) is outside the region, "
                         f"(lon {y:g}, lat {x:g}) is inside: are the lat and lon columns swapped?")
        else:
            findings.add(int(i), lon_column, "outside-region", f"(lon {x:g}, lat {y:g}) is outside lon "
                         f"{region.west:g}..{region.east:g}, lat {region.south:g}..{region.north:g}")


def _check_geometries(geoms: npt.NDArray[Any], column: str, region: Bounds, findings: Findings,
                      notes: tuple[str, ...]) -> Placement:
    """Type, emptiness, region and validity of shapely geometries (``None`` = already reported)."""
    n = geoms.shape[0]
    kind = np.zeros(n, dtype=np.uint8)
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    present = ~shapely.is_missing(geoms)
    if not present.any():
        return Placement(lon, lat, kind, MappingProxyType({}), notes)
    type_ids = shapely.get_type_id(geoms)
    ok = present.copy()
    for i in np.flatnonzero(present).tolist():
        if int(type_ids[i]) not in _KIND_OF_TYPE:
            findings.add(int(i), column, "geometry-type", f"a {geoms[i].geom_type} cannot be drawn; give (Multi)Point, "
                                                          "(Multi)LineString or (Multi)Polygon")
            ok[i] = False
    empty = ok & shapely.is_empty(geoms)
    for i in np.flatnonzero(empty).tolist():
        findings.add(int(i), column, "geometry-empty", f"the {geoms[i].geom_type} has no coordinates")
    ok &= ~empty
    with_z = ok & shapely.has_z(geoms)
    if with_z.any():
        geoms = geoms.copy()
        geoms[with_z] = shapely.force_2d(geoms[with_z])
        notes = (*notes, f"{int(with_z.sum()):,} geometr(y/ies) have a Z coordinate; it is not used")
    coords, index = shapely.get_coordinates(geoms[ok], return_index=True)
    positions = np.flatnonzero(ok)
    x, y = coords[:, 0], coords[:, 1]
    with np.errstate(invalid="ignore"):
        outside = ~((x >= region.west) & (x <= region.east) & (y >= region.south) & (y <= region.north))
    for k in np.unique(index[outside]).tolist():  # index is sorted: each geometry's vertices are one slice
        i = int(positions[k])
        part = slice(int(np.searchsorted(index, k, "left")), int(np.searchsorted(index, k, "right")))
        vx, vy, bad = x[part], y[part], outside[part]
        bx, by = float(vx[bad][0]), float(vy[bad][0])
        flipped = (vy[bad] >= region.west) & (vy[bad] <= region.east) & (vx[bad] >= region.south) & (vx[bad] <= region.north)
        if flipped.all():
            findings.add(i, column, "lon-lat-swapped", f"({bx:g}, {by:g}) is outside the region, ({by:g}, {bx:g}) is "
                         "inside: write (lon, lat)")
        else:
            findings.add(i, column, "outside-region", f"({bx:g}, {by:g}) is outside lon {region.west:g}.."
                         f"{region.east:g}, lat {region.south:g}..{region.north:g}")
        ok[i] = False
    valid = shapely.is_valid(geoms)
    for i in np.flatnonzero(ok & ~valid).tolist():
        findings.add(int(i), column, "geometry-invalid", f"the {geoms[i].geom_type} is not valid: "
                                                         f"{shapely.is_valid_reason(geoms[i])}")
        ok[i] = False
    kind[ok] = [_KIND_OF_TYPE[int(t)] for t in type_ids[ok]]
    is_point = ok & (kind == GEOMETRY_KINDS["point"])
    anchors = np.full(n, None, dtype=object)
    anchors[ok & ~is_point] = shapely.point_on_surface(geoms[ok & ~is_point])
    anchors[is_point] = geoms[is_point]
    if ok.any():
        xy = shapely.get_coordinates(anchors[ok])
        lon[ok], lat[ok] = xy[:, 0], xy[:, 1]
    shapes = {int(i): geoms[i] for i in np.flatnonzero(ok & ~is_point)}
    return Placement(lon, lat, kind, MappingProxyType(shapes), notes)


# --- CRS -------------------------------------------------------------------------------------------------------


def _transformer(crs: str | None, file: str) -> tuple[Any, tuple[str, ...]]:
    """A pyproj transformer to EPSG:4326 (lon, lat), or ``None`` when the CRS is already EPSG:4326/CRS84."""
    if crs is None:
        return None, ()
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError

    try:
        source = CRS.from_user_input(crs)
    except CRSError as exc:
        raise UserLayerError([file_problem(file, "format", f"the file's CRS {crs[:80]!r} is not known: {exc}")]) from None
    if source.equals(CRS.from_epsg(4326), ignore_axis_order=True):
        return None, ()
    name = source.to_string()
    return Transformer.from_crs(source, "EPSG:4326", always_xy=True), (f"coordinates reprojected from {name} to EPSG:4326",)


def _reproject(geoms: npt.NDArray[Any], transformer: Any) -> npt.NDArray[Any]:
    """The geometries in EPSG:4326 (lon, lat); unchanged when ``transformer`` is ``None``."""
    if transformer is None:
        return geoms

    def to_lonlat(coords: FloatArray) -> FloatArray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    out: npt.NDArray[Any] = shapely.transform(geoms, to_lonlat)
    return out
