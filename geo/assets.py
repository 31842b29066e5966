"""Pinned third-party front-end assets and the offline basemap, read from the installed ``geo`` package.

This module is the ONE place where vendored front-end files are pinned (name, version, path, SHA-256, licence).
Everything is read from package data through :mod:`importlib.resources`, so it works from a source checkout and
from an installed wheel alike, with no network access.

* Leaflet 1.9.4 (BSD-2-Clause) from ``npm pack leaflet@1.9.4``: ``dist/leaflet.js`` unchanged; ``dist/leaflet.css``
  with its three ``url(images/*.png)`` references inlined as ``data:`` URIs and the IE-only
  ``behavior: url(#default#VML)`` line removed, so the CSS needs no other file, then minified by esbuild (the same
  rules; only ``black``/``white``/``bold`` are written ``#000``/``#fff``/``700``). ``scripts/vendor_leaflet_css.mjs``
  does all of it from the tarball, checking every hash on the way.
* ``data/basemap.geojson``: Natural Earth (public domain) countries, breakaway areas, the former NKAO and the 1994
  line of contact, built by ``scripts/build_basemap.py``. Geometry is stored in EPSG:4326 with (lon, lat) axis
  order; areas and lengths must be computed in a projected CRS (the project uses UTM 38N, EPSG:32638).

See ``THIRD_PARTY_NOTICES.md`` and ``geo/data/README.md`` for provenance and licences.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Final

__all__ = [
    "ASSETS",
    "BASEMAP_PATH",
    "LEAFLET_VERSION",
    "Asset",
    "AssetError",
    "basemap",
    "get_asset",
    "read_asset",
    "verify_assets",
]

#: Package whose data files hold the assets.
_PACKAGE: Final[str] = "geo"

#: Version of the vendored Leaflet.
LEAFLET_VERSION: Final[str] = "1.9.4"

#: Path of the basemap GeoJSON inside the ``geo`` package (EPSG:4326, lon/lat).
BASEMAP_PATH: Final[str] = "data/basemap.geojson"


class AssetError(RuntimeError):
    """A pinned asset is missing, unknown or does not match its recorded SHA-256."""


@dataclass(frozen=True, slots=True)
class Asset:
    """One pinned third-party front-end file shipped as package data.

    Attributes
    ----------
    name : str
        Key used by :func:`read_asset`, e.g. ``"leaflet.js"``.
    version : str
        Upstream version of the library the file comes from.
    path : str
        Path relative to the ``geo`` package, with ``/`` separators.
    sha256 : str
        Hex SHA-256 of the file's bytes as shipped.
    licence : str
        SPDX identifier of the file's licence.
    """

    name: str
    version: str
    path: str
    sha256: str
    licence: str

    def resource(self) -> Traversable:
        """Return the file as an :mod:`importlib.resources` traversable inside the ``geo`` package."""
        node = resources.files(_PACKAGE)
        for part in self.path.split("/"):
            node = node.joinpath(part)
        return node


_LEAFLET_DIR: Final[str] = f"static/vendor/leaflet-{LEAFLET_VERSION}"

#: Every vendored front-end asset, pinned by SHA-256.
ASSETS: Final[tuple[Asset, ...]] = (
    Asset(
        name="leaflet.js",
        version=LEAFLET_VERSION,
        path=f"{_LEAFLET_DIR}/leaflet.js",
        sha256="db49d009c841f5ca34a888c96511ae936fd9f5533e90d8b2c4d57596f4e5641a",
        licence="BSD-2-Clause",
    ),
    Asset(
        name="leaflet.css",
        version=LEAFLET_VERSION,
        path=f"{_LEAFLET_DIR}/leaflet.css",
        sha256="b2c185f702ac2ac9c11669476e8650b33805554529d25472a56ed16618657d39",
        licence="BSD-2-Clause",
    ),
)

_BY_NAME: Final[dict[str, Asset]] = {asset.name: asset for asset in ASSETS}


def get_asset(name: str) -> Asset:
    """Return the pinned :class:`Asset` called ``name``.

    Raises
    ------
    AssetError
        If no asset has that name.
    """
    try:
        return _BY_NAME[name]
    except KeyError:
        raise AssetError(f"unknown asset {name!r}; known: {', '.join(sorted(_BY_NAME))}") from None


def read_asset(name: str) -> str:
    """Return the text (UTF-8) of the pinned asset ``name``, e.g. ``read_asset("leaflet.js")``.

    Raises
    ------
    AssetError
        If the asset is unknown or its file is missing from the installed package.
    """
    asset = get_asset(name)
    try:
        return asset.resource().read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AssetError(f"asset {name!r} missing: geo/{asset.path} is not in the installed package") from None


def verify_assets() -> None:
    """Check that every pinned asset exists and matches its SHA-256.

    Raises
    ------
    AssetError
        Naming the first file that is missing or whose hash differs.
    """
    for asset in ASSETS:
        try:
            data = asset.resource().read_bytes()
        except FileNotFoundError:
            raise AssetError(f"asset {asset.name!r} missing: geo/{asset.path}") from None
        digest = hashlib.sha256(data).hexdigest()
        if digest != asset.sha256:
            raise AssetError(
                f"asset {asset.name!r} (geo/{asset.path}) has SHA-256 {digest}, expected {asset.sha256}; "
                "the file was modified or replaced — re-vendor it and update geo/assets.py"
            )


@lru_cache(maxsize=1)
def _basemap_text() -> str:
    node = resources.files(_PACKAGE)
    for part in BASEMAP_PATH.split("/"):
        node = node.joinpath(part)
    try:
        return node.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AssetError(f"basemap missing: geo/{BASEMAP_PATH} (run scripts/build_basemap.py)") from None


def basemap() -> dict[str, Any]:
    """Return the offline basemap as a GeoJSON FeatureCollection (a fresh dict on every call).

    Geometry is EPSG:4326 with (lon, lat) axis order, 4 decimals, inside lon 36..52, lat 36..46. Each feature has
    ``kind`` (``country`` | ``breakaway`` | ``former_nkao`` | ``ceasefire_line_1994``), ``id`` (ISO alpha-3 for
    countries, e.g. ``"GEO"``; ``abkhazia``, ``south_ossetia``, ``nkao_1991``, ``ceasefire_1994`` otherwise),
    ``name``, ``name_ru``, ``name_hy``, ``name_az``, ``name_ka`` and, for non-country features, ``status``.
    Georgia and Azerbaijan are whole; the breakaway areas and the former NKAO overlap them and are drawn on top.
    """
    data: dict[str, Any] = json.loads(_basemap_text())
    return data
