"""geo: a sourced, time-stamped dataset of Russian military presence in the South Caucasus, and its maps.

This package never imports Streamlit. It re-exports the few names most users need.
"""

from geo.config import Settings
from geo.errors import DataError, Problem, UsageError
from geo.io import LoadResult, load_catalog
from geo.model import Catalog, Feature, Layer, Source
from geo.temporal import Interval, PartialDate, active_on

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
