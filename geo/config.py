"""Frozen settings passed into every function that needs them. There are no mutable module globals."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DEFAULT_LAYERS_DIR", "LANGUAGES", "MAX_LAYER_BYTES", "REGION", "STORAGE_CRS", "UTM_CRS", "Bounds", "Settings"]

#: Languages of the interface and of every feature name (English is ``name``): en, ru, hy, az, ka.
LANGUAGES: tuple[str, ...] = ("en", "ru", "hy", "az", "ka")

#: Where the shipped layers live (the repository's ``layers/`` folder, beside the package).
DEFAULT_LAYERS_DIR = Path(__file__).resolve().parent.parent / "layers"
#: A layer file larger than this is refused before it is parsed (bytes).
MAX_LAYER_BYTES = 50 * 1024 * 1024
#: Storage CRS of every geometry: WGS 84 longitude/latitude, (lon, lat) axis order.
STORAGE_CRS = "EPSG:4326"
#: Metric CRS for lengths, areas and buffers: UTM zone 38N, metres.
UTM_CRS = "EPSG:32638"


@dataclass(frozen=True, slots=True)
class Bounds:
    """A lon/lat box in EPSG:4326 degrees (west, south, east, north)."""

    west: float
    south: float
    east: float
    north: float

    def contains(self, lon: float, lat: float) -> bool:
        """True when (lon, lat) lies inside or on the box."""
        return self.west <= lon <= self.east and self.south <= lat <= self.north


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
    cache_dir
        Where the app keeps the map documents it built (see :mod:`geo.appcache`).
    """

    layers_dir: Path = DEFAULT_LAYERS_DIR
    today: dt.date = field(default_factory=dt.date.today)
    region: Bounds = REGION
    max_layer_bytes: int = MAX_LAYER_BYTES
    max_decimals: int = 6
    cache_dir: Path = field(default_factory=lambda: Path(tempfile.gettempdir()) / "presence-map")
