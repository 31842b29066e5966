"""A checked user layer, the options it was read with, and the result of a read (the layer, problems, counts).

A :class:`UserLayer` holds columns, not feature objects: one position per kept row, numpy arrays for coordinates
(EPSG:4326 degrees, lon and lat apart) and day numbers (days since 1970-01-01), tuples for ids and texts. The
arrays are read-only. The temporal rule is the project's: a feature is on the map on day D iff
``first <= D <= last`` (``last`` = :data:`~geo.userlayer.rules.OPEN_END` when open).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import numpy.typing as npt
from shapely.geometry.base import BaseGeometry

from geo.config import MAX_LAYER_BYTES, REGION, Bounds
from geo.errors import UsageError
from geo.temporal import day_number
from geo.userlayer.columns import ColumnMap
from geo.userlayer.problems import RowProblem
from geo.userlayer.rules import TextLimits

__all__ = ["LAYER_ID_PATTERN", "UserLayer", "UserLayerOptions", "UserLayerResult", "layer_id_for"]

#: A layer id: lower-case letters, digits, ``_`` and ``-``, starting with a letter or digit, at most 40.
LAYER_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


def layer_id_for(file_name: str) -> str:
    """A layer id made from a file's name: ``Shelling incidents 2023.csv`` -> ``shelling-incidents-2023``."""
    stem = file_name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem).strip("-")[:40].strip("-")
    return slug or "layer"


@dataclass(frozen=True, slots=True)
class UserLayerOptions:
    """How to read one user layer.

    Parameters
    ----------
    layer_id
        The layer's id (:data:`LAYER_ID_PATTERN`); rows without an id get ``<layer_id>-<row>``.
    title
        The layer's title for the legend (plain text); ``None`` = the file's name.
    columns
        Columns named by the user (``--map``); the rest are found by name.
    strict
        Any problem makes the read fail (:class:`~geo.userlayer.problems.UserLayerError` with every problem).
    region
        The box every coordinate must lie in (EPSG:4326 degrees).
    max_bytes
        The most bytes a file may have (checked on the bytes read): 50 MB.
    limits
        Most characters per text.
    reserved_ids
        Ids already used on the map (the dataset's); a row giving one is left out (``id-duplicate``).
    gpkg_layer
        The GeoPackage layer to read; ``None`` = the first.
    """

    layer_id: str
    title: str | None = None
    columns: ColumnMap = field(default_factory=ColumnMap)
    strict: bool = False
    region: Bounds = REGION
    max_bytes: int = MAX_LAYER_BYTES
    limits: TextLimits = field(default_factory=TextLimits)
    reserved_ids: frozenset[str] = frozenset()
    gpkg_layer: str | None = None

    def __post_init__(self) -> None:
        if LAYER_ID_PATTERN.fullmatch(self.layer_id) is None:
            raise UsageError(f"layer id {self.layer_id!r} must be 1 to 40 of a-z 0-9 _ - (starting with a letter or digit)")
        if self.max_bytes <= 0:
            raise UsageError(f"the size limit must be positive, got {self.max_bytes}")


def _frozen(array: npt.NDArray[np.generic]) -> None:
    array.setflags(write=False)


@dataclass(frozen=True, slots=True)
class UserLayer:
    """The kept rows of a user's file, as columns (one position per row, in file order).

    Parameters
    ----------
    id, title
        Layer id and title (plain text).
    file, format
        The file's name and format (``csv``, ``geojson``, ``gpkg``).
    ids
        Each feature's id (the file's, or ``<id>-<row>``).
    rows
        Each feature's row label in the file (CSV line number, or 0-based feature index), int64.
    lon, lat
        Anchor coordinates, EPSG:4326 degrees, float64: the point, or a point on the line/polygon.
    first, last
        Day numbers (days since 1970-01-01, int64): first_day(start) and last_day(end); ``last`` is
        :data:`~geo.userlayer.rules.OPEN_END` when the end is open.
    geometry
        uint8 geometry kind per feature (:data:`~geo.userlayer.shapes.GEOMETRY_KINDS`; 0 = point).
    shapes
        Position -> 2D geometry (EPSG:4326, (lon, lat)) for features that are not single points.
    name, kind, url, description
        Plain text per feature, ``None`` when absent; ``None`` for the whole column when the file has none.
    """

    id: str
    title: str
    file: str
    format: str
    ids: tuple[str, ...]
    rows: npt.NDArray[np.int64]
    lon: npt.NDArray[np.float64]
    lat: npt.NDArray[np.float64]
    first: npt.NDArray[np.int64]
    last: npt.NDArray[np.int64]
    geometry: npt.NDArray[np.uint8]
    shapes: Mapping[int, BaseGeometry] = field(default_factory=lambda: MappingProxyType({}))
    name: tuple[str | None, ...] | None = None
    kind: tuple[str | None, ...] | None = None
    url: tuple[str | None, ...] | None = None
    description: tuple[str | None, ...] | None = None

    def __post_init__(self) -> None:
        n = len(self.ids)
        for array in (self.rows, self.lon, self.lat, self.first, self.last, self.geometry):
            if array.shape != (n,):
                raise ValueError(f"every column needs {n} values, one has shape {array.shape}")
            _frozen(array)
        for column in (self.name, self.kind, self.url, self.description):
            if column is not None and len(column) != n:
                raise ValueError(f"every text column needs {n} values, one has {len(column)}")

    def __len__(self) -> int:
        return len(self.ids)

    def active(self, day: dt.date | int) -> npt.NDArray[np.bool_]:
        """Which features are on the map on ``day`` (a date or a day number): ``first <= day <= last``."""
        number = day_number(day) if isinstance(day, dt.date) else int(day)
        return (self.first <= number) & (number <= self.last)

    def active_ids(self, day: dt.date | int) -> list[str]:
        """The ids of the features on the map on ``day``, in file order."""
        return [self.ids[i] for i in np.flatnonzero(self.active(day))]


@dataclass(frozen=True, slots=True)
class UserLayerResult:
    """What a read gives: the layer of the good rows, every problem, the counts, and notes for the reader.

    Parameters
    ----------
    layer
        The kept rows.
    problems
        Every problem, in row order (file problems first).
    rows_read
        Data rows in the file (blank rows not counted).
    rows_left_out
        Rows left out because of a problem (``rows_read - len(layer)``).
    columns
        Target -> the file's column it was read from.
    notes
        What the reader should know that is not a problem (delimiter, columns not used, reprojection...).
    """

    layer: UserLayer
    problems: tuple[RowProblem, ...]
    rows_read: int
    rows_left_out: int
    columns: Mapping[str, str]
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def summary(self) -> str:
        """One line: ``events.csv: 99,997 of 100,000 rows kept, 3 left out (3 problems)``."""
        problems = f" ({len(self.problems):,} problem{'s' * (len(self.problems) != 1)})" if self.problems else ""
        return (f"{self.layer.file}: {len(self.layer):,} of {self.rows_read:,} rows kept, "
                f"{self.rows_left_out:,} left out{problems}")
