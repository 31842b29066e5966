"""Geometry helpers: projection to UTM 38N, lengths, areas, buffers and geodesic distances.

Storage is EPSG:4326 with (lon, lat) axis order. Anything metric is computed in UTM zone 38N (EPSG:32638, metres)
or on the WGS 84 ellipsoid, never in degrees.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry.base import BaseGeometry

from geo.config import STORAGE_CRS, UTM_CRS

__all__ = ["area_km2", "buffer_m", "from_utm", "geodesic_km", "length_km", "round_coordinates", "to_utm"]


@lru_cache(maxsize=2)
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


@lru_cache(maxsize=1)
def _geod() -> Geod:
    return Geod(ellps="WGS84")


def to_utm(geometry: BaseGeometry) -> BaseGeometry:
    """Project an EPSG:4326 (lon, lat) geometry to EPSG:32638 (easting, northing in metres)."""
    return _project(geometry, _transformer(STORAGE_CRS, UTM_CRS))


def from_utm(geometry: BaseGeometry) -> BaseGeometry:
    """Project an EPSG:32638 geometry back to EPSG:4326 (lon, lat)."""
    return _project(geometry, _transformer(UTM_CRS, STORAGE_CRS))


def _project(geometry: BaseGeometry, transformer: Transformer) -> BaseGeometry:
    def apply(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, apply)


def length_km(geometry: BaseGeometry) -> float:
    """Length of a (multi)line in kilometres, measured in EPSG:32638. Points and polygons give their outline/0."""
    return float(to_utm(geometry).length) / 1000.0


def area_km2(geometry: BaseGeometry) -> float:
    """Area of a (multi)polygon in square kilometres, measured in EPSG:32638; 0 for points and lines."""
    return float(to_utm(geometry).area) / 1_000_000.0


def buffer_m(geometry: BaseGeometry, width_m: float) -> BaseGeometry:
    """A strip ``width_m`` metres wide in total (``width_m / 2`` each side), built in EPSG:32638, returned in 4326.

    Used for the Lachin corridor: the 10 November 2020 statement sets it 5 km wide.
    """
    if width_m <= 0:
        raise ValueError(f"width must be positive, got {width_m} m")
    return from_utm(to_utm(geometry).buffer(width_m / 2.0, quad_segs=8))


def geodesic_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Distance between two (lon, lat) points on the WGS 84 ellipsoid, in kilometres."""
    _, _, metres = _geod().inv(lon1, lat1, lon2, lat2)
    return float(metres) / 1000.0


def round_coordinates(geometry: BaseGeometry, decimals: int = 6) -> BaseGeometry:
    """Round every coordinate to ``decimals`` places (6 decimals ≈ 0.1 m), keeping (lon, lat) order."""
    return shapely.transform(geometry, lambda coords: np.round(coords, decimals))
