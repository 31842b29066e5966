"""A map view: where the reader is looking. Kept apart so light modules (URL state) need not import the renderer."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["View"]


@dataclass(frozen=True, slots=True)
class View:
    """A map view: centre (lat, lon in EPSG:4326 degrees; Leaflet's order) and a Leaflet zoom level."""

    lat: float
    lon: float
    zoom: float
