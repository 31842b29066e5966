"""A user layer as the map shows it: the packed payload plus its title, colour and symbol (frozen), and the
records of its features active on a day for the GeoJSON export.

:class:`MapUserLayer` is what :class:`geo.render.MapOptions` carries (``user_layers``). The map document embeds its
payload in an inert block of its own (``geo.elements.PresenceLayer``), so the dataset's payload stays small and the
big block is decoded once, in the browser, by ``geo/static/src/userlayer/decode.js``. A layer of up to
:data:`SVG_MAX` features is drawn like the dataset (SVG markers: focusable, keyboard), a bigger one on a canvas.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
from shapely.geometry import Point, mapping

from geo.temporal import day_number
from geo.userlayer.layer import UserLayer
from geo.userlayer.payload import FORMAT, VERSION, build_payload
from geo.userlayer.rules import OPEN_END

__all__ = ["PALETTE", "RENDERERS", "SVG_MAX", "SYMBOLS", "MapUserLayer", "user_features"]

#: The symbols a user layer can be drawn with (``geo/static/src/userlayer/symbols.js`` draws them).
SYMBOLS: tuple[str, ...] = ("circle", "square", "triangle", "diamond", "cross")
#: Default colours of added layers, in order: strong, and apart from the dataset's Okabe-Ito colours.
PALETTE: tuple[str, ...] = ("#C51B7D", "#7B3294", "#8C510A", "#01665E", "#B2182B")
#: ``auto``: SVG up to :data:`SVG_MAX` features, else canvas; or forced.
RENDERERS: tuple[str, ...] = ("auto", "canvas", "svg")
#: The largest layer drawn with SVG markers (each a focusable element) when the renderer is ``auto``.
SVG_MAX = 2000
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
_TITLE_MAX = 200


@dataclass(frozen=True, slots=True)
class MapUserLayer:
    """One added layer of a map document.

    Parameters
    ----------
    payload
        The packed layer (:func:`geo.userlayer.payload.build_payload`, format ``presence-map/user-layer`` v1).
    title
        The legend's and the layers panel's title (plain text, escaped where shown), at most 200 characters.
    color
        ``#RRGGBB``.
    symbol
        One of :data:`SYMBOLS`.
    renderer
        One of :data:`RENDERERS`.
    """

    payload: Mapping[str, Any]
    title: str
    color: str
    symbol: str = "circle"
    renderer: str = "auto"

    def __post_init__(self) -> None:
        if self.payload.get("format") != FORMAT or self.payload.get("version") != VERSION:
            raise ValueError(f"a user layer's payload must be {FORMAT} version {VERSION}")
        if not isinstance(self.title, str) or not self.title.strip() or len(self.title) > _TITLE_MAX:
            raise ValueError(f"a user layer's title must be 1 to {_TITLE_MAX} characters")
        if _COLOR.fullmatch(self.color) is None:
            raise ValueError(f"colour {self.color!r} is not #RRGGBB")
        if self.symbol not in SYMBOLS:
            raise ValueError(f"symbol {self.symbol!r} is not one of {', '.join(SYMBOLS)}")
        if self.renderer not in RENDERERS:
            raise ValueError(f"renderer {self.renderer!r} is not one of {', '.join(RENDERERS)}")
        object.__setattr__(self, "payload", MappingProxyType(dict(self.payload)))

    @classmethod
    def from_layer(cls, layer: UserLayer, *, color: str, symbol: str = "circle", title: str | None = None,
                   renderer: str = "auto") -> MapUserLayer:
        """Pack ``layer`` (gzip level 6) and style it; ``title`` defaults to the layer's (cut to 200 characters).

        The payload names the file by its name only: a reader of the map never sees the folder it came from.
        """
        payload = build_payload(layer)
        payload["layer"] = {**payload["layer"], "file": _file_name(layer.file)}
        return cls(payload, title=(title or layer.title)[:_TITLE_MAX], color=color, symbol=symbol, renderer=renderer)

    @property
    def id(self) -> str:
        """The layer id (also the prefix of generated feature ids)."""
        return str(self.payload["layer"]["id"])

    @property
    def count(self) -> int:
        """How many features the layer has."""
        return int(self.payload["count"])

    def drawn_with(self) -> str:
        """``svg`` or ``canvas``: what the browser draws this layer with."""
        if self.renderer != "auto":
            return self.renderer
        return "svg" if self.count <= SVG_MAX else "canvas"

    def days(self) -> tuple[int, int] | None:
        """(first start, last closed end) as day numbers, or ``None`` for an empty layer."""
        days = self.payload.get("days")
        return (int(days["min"]), int(days["max"])) if days else None

    def describe(self, block: int) -> dict[str, Any]:
        """What the dataset's payload says of this layer; its data is in the document's user block number ``block``."""
        layer = self.payload["layer"]
        return {"id": self.id, "title": self.title, "color": self.color.lower(), "symbol": self.symbol,
                "renderer": self.drawn_with(), "count": self.count, "file": layer.get("file"),
                "geometry": self.payload.get("geometry"), "bbox": self.payload.get("bbox"), "block": block}


def user_features(layer: UserLayer, *, first: dt.date, last: dt.date | None = None) -> Iterator[dict[str, Any]]:
    """GeoJSON features (EPSG:4326, (lon, lat)) of ``layer`` active on ``first`` (or at any day of ``first`` ..
    ``last``, both inclusive), in file order.

    Properties: ``id``, ``layer``, ``layer_title``, ``name``, ``kind``, ``start`` and ``end`` (the first and last
    active day, ISO; ``end`` ``None`` when open), ``url``, ``description``, ``row`` (the row in the file).
    """
    lo = day_number(first)
    hi = day_number(last) if last is not None else lo
    if hi < lo:
        raise ValueError(f"the range starts ({first}) after it ends ({last})")
    chosen = np.flatnonzero((layer.first <= hi) & (layer.last >= lo))
    for i in chosen.tolist():
        geometry = layer.shapes.get(i) or Point(float(layer.lon[i]), float(layer.lat[i]))
        end = int(layer.last[i])
        yield {
            "type": "Feature",
            "id": layer.ids[i],
            "properties": {
                "layer": layer.id,
                "layer_title": layer.title,
                "name": _text(layer.name, i),
                "kind": _text(layer.kind, i),
                "start": _iso(int(layer.first[i])),
                "end": None if end == OPEN_END else _iso(end),
                "url": _text(layer.url, i),
                "description": _text(layer.description, i),
                "row": int(layer.rows[i]),
            },
            "geometry": mapping(geometry),
        }


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _text(column: tuple[str | None, ...] | None, i: int) -> str | None:
    return None if column is None else column[i]


def _iso(day: int) -> str:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()
