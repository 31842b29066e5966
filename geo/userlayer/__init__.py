"""User layers: a reader's own dated data (CSV, GeoJSON, GeoPackage) read, checked and packed for the map.

One concern per module: :mod:`~geo.userlayer.source` (bytes, size limit, UTF-8), :mod:`~geo.userlayer.tables`
(the three formats), :mod:`~geo.userlayer.columns` (which column is what), :mod:`~geo.userlayer.rules` (dates,
texts, links, ids), :mod:`~geo.userlayer.shapes` (coordinates and geometry), :mod:`~geo.userlayer.read` (the
whole read), :mod:`~geo.userlayer.payload` (the compact browser payload), :mod:`~geo.userlayer.timeindex` (the
reference time index), :mod:`~geo.userlayer.csvsafe` (CSV cells safe from formula injection),
:mod:`~geo.userlayer.onmap` (a layer as the map shows it: payload, title, colour, symbol; its features of a day as
GeoJSON). The format of the payload is specified in :mod:`geo.userlayer.payload` and in ``geo/userlayer/README.md``.

Names are loaded on first use (PEP 562), as in :mod:`geo`: importing :mod:`geo.userlayer.csvsafe` alone pulls in
no numpy or shapely.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "TARGETS": "columns", "ColumnMap": "columns",
    "neutralise_cell": "csvsafe", "neutralise_row": "csvsafe",
    "UserLayer": "layer", "UserLayerOptions": "layer", "UserLayerResult": "layer", "layer_id_for": "layer",
    "DecodedPayload": "payload", "build_payload": "payload", "decode_payload": "payload", "write_payload": "payload",
    "USER_RULES": "problems", "RowProblem": "problems", "UserLayerError": "problems",
    "read_user_layer": "read",
    "MapUserLayer": "onmap", "PALETTE": "onmap", "SYMBOLS": "onmap", "user_features": "onmap",
    "OPEN_END": "rules", "TextLimits": "rules",
    "Step": "timeindex", "TimeIndex": "timeindex",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"geo.userlayer.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'geo.userlayer' has no attribute {name!r}")
