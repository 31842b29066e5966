"""geo: a sourced, time-stamped dataset of Russian military presence in the South Caucasus, and its maps.

This package never imports Streamlit. It re-exports the names most users need, loaded on first use (PEP 562) so that
importing a light module such as ``geo.config`` does not pull in the geometry and validation stack.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "Catalog",
    "DataError",
    "Feature",
    "Interval",
    "Layer",
    "LoadResult",
    "PartialDate",
    "Problem",
    "Settings",
    "Source",
    "UsageError",
    "active_on",
    "load_catalog",
]

__version__ = "1.0.0"

_WHERE = {
    "Catalog": "geo.model", "Feature": "geo.model", "Layer": "geo.model", "Source": "geo.model",
    "DataError": "geo.errors", "Problem": "geo.errors", "UsageError": "geo.errors",
    "Interval": "geo.temporal", "PartialDate": "geo.temporal", "active_on": "geo.temporal",
    "LoadResult": "geo.io", "load_catalog": "geo.io", "Settings": "geo.config",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")
