"""The typed data model: sources, figures, features, layers and the catalog that holds them.

Everything here is immutable. Geometries are shapely objects in EPSG:4326 with (lon, lat) axis order, exactly as
in the GeoJSON files; nothing in the model is projected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from shapely.geometry.base import BaseGeometry

from geo.config import LANGUAGES
from geo.temporal import Interval, PartialDate, active_on

__all__ = [
    "LANGUAGES",
    "OPTIONAL_LANGUAGES",
    "Catalog",
    "Dataset",
    "Feature",
    "Figure",
    "Layer",
    "LayerStyle",
    "Source",
]

#: Languages a feature may carry a name in where one exists (Abkhaz, Ossetian).
OPTIONAL_LANGUAGES: tuple[str, ...] = ("ab", "os")


@dataclass(frozen=True, slots=True)
class Source:
    """A published source: who said it, when, where. ``date`` is ``None`` for an undated page."""

    title: str
    publisher: str
    date: PartialDate | None
    url: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """A number known about a feature on a date (personnel, vehicles, ...), with the source that gives it."""

    label: str
    value: float
    as_of: PartialDate
    source: Source
    unit: str | None = None
    approx: bool = False
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Feature:
    """One dated, sourced thing on the map.

    ``geometry`` is in EPSG:4326, (lon, lat). ``names`` maps a language code to the name in that language, with
    contested-place tokens (``{stepanakert}``) not yet resolved; see :mod:`geo.toponyms`. ``properties`` keeps the
    feature's properties exactly as read from the file (for exports).
    """

    id: str
    layer: str
    geometry: BaseGeometry
    names: Mapping[str, str]
    kind: str
    operator: str
    interval: Interval
    confidence: str
    approximate: bool
    description: str
    sources: tuple[Source, ...]
    figures: tuple[Figure, ...] = ()
    approximate_note: str | None = None
    date_note: str | None = None
    place: str | None = None
    properties: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def name(self) -> str:
        """The English name (tokens unresolved)."""
        return self.names["en"]

    @property
    def start(self) -> PartialDate:
        """Start date as written in the data."""
        return self.interval.start

    @property
    def end(self) -> PartialDate | None:
        """End date as written in the data (``None`` = ongoing)."""
        return self.interval.end


@dataclass(frozen=True, slots=True)
class LayerStyle:
    """How a layer is drawn: one colour (hex ``#RRGGBB``); symbols come from each feature's ``kind``."""

    color: str


@dataclass(frozen=True, slots=True)
class Layer:
    """A layer as listed in the manifest, with the features of its GeoJSON file."""

    id: str
    title: str
    description: str
    order: int
    visible: bool
    style: LayerStyle
    features: tuple[Feature, ...] = ()


@dataclass(frozen=True, slots=True)
class Dataset:
    """Dataset-wide facts from the manifest: title, version, the "data as of" day, licence, credit, initial view.

    ``view`` is (lon, lat, zoom): centre in EPSG:4326, lon first, and a Leaflet zoom level.
    """

    title: str
    version: str
    data_as_of: dt.date
    first_date: dt.date
    licence: str
    credit: str
    view: tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class Catalog:
    """All layers that loaded, in manifest order, plus the contested-place table."""

    dataset: Dataset
    layers: tuple[Layer, ...]
    toponyms: Mapping[str, tuple[Mapping[str, str], ...]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def features(self) -> tuple[Feature, ...]:
        """Every feature of every layer, layer by layer in manifest order."""
        return tuple(feature for layer in self.layers for feature in layer.features)

    def layer(self, layer_id: str) -> Layer:
        """The layer with this id; ``KeyError`` names it when missing."""
        for layer in self.layers:
            if layer.id == layer_id:
                return layer
        raise KeyError(f"no layer {layer_id!r}; layers are {[layer.id for layer in self.layers]}")

    def feature(self, feature_id: str) -> Feature:
        """The feature with this id; ``KeyError`` names it when missing."""
        for feature in self.features:
            if feature.id == feature_id:
                return feature
        raise KeyError(f"no feature {feature_id!r}")

    def active_on(self, day: dt.date, *, layers: frozenset[str] | None = None) -> tuple[Feature, ...]:
        """The features on the map on ``day`` (see :func:`geo.temporal.active_on`), optionally only some layers."""
        pool: Iterator[Feature] = (f for f in self.features if layers is None or f.layer in layers)
        return tuple(active_on(pool, day))
