"""Frozen settings passed into every function that needs them. There are no mutable module globals."""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "DEFAULT_LAYERS_DIR",
    "LANGUAGES",
    "MAX_FEATURE_VERTICES",
    "MAX_FILE_VERTICES",
    "MAX_LAYER_BYTES",
    "REGION",
    "STORAGE_CRS",
    "UTM_CRS",
    "Bounds",
    "Settings",
    "user_cache_dir",
]

#: Languages of the interface and of every feature name (English is ``name``): en, ru, hy, az, ka.
LANGUAGES: tuple[str, ...] = ("en", "ru", "hy", "az", "ka")

#: Where the shipped layers live (the repository's ``layers/`` folder, beside the package).
DEFAULT_LAYERS_DIR = Path(__file__).resolve().parent.parent / "layers"
#: A layer file larger than this is refused before it is parsed (bytes).
MAX_LAYER_BYTES = 50 * 1024 * 1024
#: The vertex budget (documented in layers/README.md): most positions one feature may have, and one layer file.
#: Past it a feature is left out with a ``vertex-budget`` problem, so the map never receives more than it can draw.
MAX_FEATURE_VERTICES = 20_000
MAX_FILE_VERTICES = 200_000
#: Storage CRS of every geometry: WGS 84 longitude/latitude, (lon, lat) axis order.
STORAGE_CRS = "EPSG:4326"
#: Metric CRS for lengths, areas and buffers: UTM zone 38N, metres.
UTM_CRS = "EPSG:32638"


@dataclass(frozen=True, slots=True)
class Bounds:
    """A lon/lat box in EPSG:4326 degrees (west, south, east, north): finite, ``west <= east``, ``south <= north``
    (checked). The one box type of the package: data checks, framing (``--bbox``) and user layers."""

    west: float
    south: float
    east: float
    north: float

    def __post_init__(self) -> None:
        values = (self.west, self.south, self.east, self.north)
        if not all(math.isfinite(v) for v in values):
            raise ValueError("bounds must be finite numbers")
        if self.west > self.east or self.south > self.north:
            raise ValueError(f"bounds out of order: W {self.west} E {self.east}, S {self.south} N {self.north}")

    def contains(self, lon: float, lat: float) -> bool:
        """True when the point (lon, lat) lies inside or on the box."""
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    def covers(self, other: Bounds) -> bool:
        """True when the box ``other`` lies inside (or on the edge of) this box."""
        return (self.west <= other.west and other.east <= self.east
                and self.south <= other.south and other.north <= self.north)

    def leaflet(self) -> list[list[float]]:
        """``[[south, west], [north, east]]`` (Leaflet's lat-lon order), rounded to 5 decimals (about 1 m)."""
        return [[round(self.south, 5), round(self.west, 5)], [round(self.north, 5), round(self.east, 5)]]

    def widened(self, min_span: float) -> Bounds:
        """At least ``min_span`` degrees wide and high, around the same centre."""
        dx = max(0.0, min_span - (self.east - self.west)) / 2
        dy = max(0.0, min_span - (self.north - self.south)) / 2
        return Bounds(self.west - dx, self.south - dy, self.east + dx, self.north + dy)


#: The region every feature must lie in: the Black Sea coast to the Caspian, the Greater Caucasus to the Aras.
REGION = Bounds(west=36.0, south=36.0, east=52.0, north=46.0)


@dataclass(frozen=True, slots=True)
class Settings:
    """What a run needs to know, fixed at its start.

    Parameters
    ----------
    layers_dir
        Folder with ``manifest.json``, ``schema/``, ``toponyms.json`` and the ``<layer>.geojson`` files.
    today
        The last day a reader can choose; an open ``end`` is active up to it. Defaults to the system date.
    region
        Box every coordinate must fall in (EPSG:4326, lon/lat).
    max_layer_bytes
        Files larger than this are refused before parsing.
    max_decimals
        Most decimals a stored coordinate may have (6 decimals ≈ 0.1 m).
    max_feature_vertices, max_file_vertices
        The vertex budget per feature and per layer file.
    cache_dir
        Where the app keeps the map documents it built (see :mod:`geo.appcache`): a private per-user folder,
        ``None`` when there is no home folder (documents are then kept in a private temporary folder).
    """

    layers_dir: Path = DEFAULT_LAYERS_DIR
    today: dt.date = field(default_factory=dt.date.today)
    region: Bounds = REGION
    max_layer_bytes: int = MAX_LAYER_BYTES
    max_decimals: int = 6
    max_feature_vertices: int = MAX_FEATURE_VERTICES
    max_file_vertices: int = MAX_FILE_VERTICES
    cache_dir: Path | None = field(default_factory=lambda: user_cache_dir())


def user_cache_dir() -> Path | None:
    """``$XDG_CACHE_HOME/presence-map`` (an absolute ``XDG_CACHE_HOME`` only), else ``~/.cache/presence-map``.

    Never the shared temporary folder: there anyone can plant a file under a predictable name.
    """
    base = os.environ.get("XDG_CACHE_HOME", "")
    if base and os.path.isabs(base):
        return Path(base) / "presence-map"
    try:
        return Path.home() / ".cache" / "presence-map"
    except (RuntimeError, KeyError):  # no HOME and no password entry
        return None
