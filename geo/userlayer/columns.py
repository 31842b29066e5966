"""Which column of a user's file holds what: names found case-insensitively, or a mapping the user gives.

A *target* is what the layer needs (``start``, ``lat``, ...); a *column* is what the file calls it. Targets and the
names they are found under, compared after stripping spaces and ignoring case:

=============== ================================ ====================================================
target          found as                         meaning
=============== ================================ ====================================================
``lat``         ``lat``, ``latitude``            latitude, decimal degrees, EPSG:4326 (CSV only)
``lon``         ``lon``, ``lng``, ``longitude``  longitude, decimal degrees, EPSG:4326 (CSV only)
``wkt``         ``wkt``, ``geometry``            WKT geometry in EPSG:4326, (lon, lat) order (CSV only)
``start``       ``start``                        first date (partial ISO date); empty ``end`` = open
``date``        ``date``                         for rows without a start: an event of that day (month,
                                                 year); an empty ``end`` = the date's own last day
``end``         ``end``                          last date (partial ISO date)
``id``          ``id``                           the feature's id (kept when given)
``name``        ``name``                         plain text
``kind``        ``kind``                         plain text, a category
``url``         ``url``, ``source``              an http(s) link to the source
``description`` ``description``                  plain text
=============== ================================ ====================================================

A :class:`ColumnMap` names columns when the file's names differ: ``ColumnMap.parse("start=Datum,lat=Y,lon=X")``
(the CLI's ``--map``, the app's selects). A mapped target overrides what the names would give; mapping any
geometry target (``lat``/``lon``/``wkt``) or any date target (``start``/``date``) turns off the search for the
others of its group.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from geo.errors import UsageError
from geo.userlayer.problems import RowProblem, UserLayerError, file_problem

__all__ = ["DATE_TARGETS", "GEOMETRY_TARGETS", "TARGETS", "ColumnMap", "Columns", "resolve_columns"]

#: Every target and the column names (compared case-insensitively) it is found under, in the order tried.
TARGETS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "lat": ("lat", "latitude"),
        "lon": ("lon", "lng", "longitude"),
        "wkt": ("wkt", "geometry"),
        "start": ("start",),
        "date": ("date",),
        "end": ("end",),
        "id": ("id",),
        "name": ("name",),
        "kind": ("kind",),
        "url": ("url", "source"),
        "description": ("description",),
    }
)
#: Targets that place a row (CSV only; GeoJSON and GeoPackage carry their own geometry).
GEOMETRY_TARGETS: tuple[str, ...] = ("lat", "lon", "wkt")
#: Targets that date a row.
DATE_TARGETS: tuple[str, ...] = ("start", "date")


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Targets mapped to the file's column names, e.g. ``(("start", "Datum"), ("lat", "Y"))``.

    Parameters
    ----------
    pairs
        ``(target, column)`` pairs; each target at most once, each a key of :data:`TARGETS`.
    """

    pairs: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for target, column in self.pairs:
            if target not in TARGETS:
                raise UsageError(f"unknown column target {target!r}; the targets are {', '.join(TARGETS)}")
            if target in seen:
                raise UsageError(f"the column target {target!r} is mapped twice")
            if not column.strip():
                raise UsageError(f"the column for {target!r} is empty; write {target}=COLUMN")
            seen.add(target)

    @classmethod
    def parse(cls, text: str | Iterable[str]) -> ColumnMap:
        """Parse ``"start=Datum,lat=Y"`` (or several such strings, as a repeatable ``--map`` gives them).

        Targets are matched case-insensitively; column names are kept as written (spaces around ``=`` and ``,``
        are ignored). Raises :class:`~geo.errors.UsageError` naming the bad part.
        """
        parts = [text] if isinstance(text, str) else list(text)
        pairs: list[tuple[str, str]] = []
        for part in parts:
            for item in part.split(","):
                if not item.strip():
                    continue
                target, sep, column = item.partition("=")
                if not sep:
                    raise UsageError(f"{item.strip()!r} is not TARGET=COLUMN (for example start=Datum)")
                pairs.append((target.strip().lower(), column.strip()))
        return cls(tuple(pairs))

    def get(self, target: str) -> str | None:
        """The column mapped to ``target``, or ``None``."""
        return next((column for t, column in self.pairs if t == target), None)

    def __str__(self) -> str:
        return ",".join(f"{t}={c}" for t, c in self.pairs)


@dataclass(frozen=True, slots=True)
class Columns:
    """The columns a file's rows are read from.

    Parameters
    ----------
    found
        Target -> the column's name exactly as the file writes it (only targets that are used).
    unused
        The file's columns that no target uses, in file order.
    notes
        What the reader should know about the choice (a column left unused because another won, ...).
    """

    found: Mapping[str, str]
    unused: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def get(self, target: str) -> str | None:
        """The column used for ``target``, or ``None``."""
        return self.found.get(target)


def resolve_columns(
    header: Sequence[str], column_map: ColumnMap, *, file: str, csv: bool, header_row: int = 1
) -> Columns:
    """Decide which column holds each target.

    Parameters
    ----------
    header
        The file's column (or property) names, in file order.
    column_map
        Targets the user named; they win over names found.
    file
        The file's name for messages.
    csv
        True for CSV (geometry comes from ``lat``/``lon`` or ``wkt`` columns); False for GeoJSON and GeoPackage
        (geometry comes from the file, mapping a geometry target is an error).
    header_row
        CSV: the header's line, the row column problems are reported on.

    Raises
    ------
    UserLayerError
        Every problem with the columns at once (rule ``columns``, row 1 for CSV): a mapped column the file does
        not have, a target found under two columns, no date, no geometry.
    """
    problems: list[RowProblem] = []
    hint_header = ", ".join(repr(h) for h in header) or "(no columns)"
    by_key: dict[str, list[str]] = {}
    for name in header:
        by_key.setdefault(name.strip().casefold(), []).append(name)
    found: dict[str, str] = {}
    notes: list[str] = []
    problem_row = header_row if csv else None

    def fail(target: str, detail: str) -> None:
        problems.append(file_problem(file, "columns", detail, row=problem_row, column=target))

    for target, column in column_map.pairs:
        if not csv and target in GEOMETRY_TARGETS:
            fail(target, f"{target}={column}: the geometry of a GeoJSON or GeoPackage file comes from the file itself")
            continue
        exact = [h for h in header if h == column]
        matches = exact or by_key.get(column.strip().casefold(), [])
        if not matches:
            fail(target, f"{target}={column}: the file has no column {column!r}; its columns are {hint_header}")
        elif len(matches) > 1:
            fail(target, f"{target}={column}: {len(matches)} columns are called {column!r}; rename one")
        else:
            found[target] = matches[0]

    mapped = set(found) | {t for t, _ in column_map.pairs}
    taken = set(found.values())
    skip = set(mapped)
    if mapped & set(GEOMETRY_TARGETS):
        skip |= set(GEOMETRY_TARGETS)
    if mapped & set(DATE_TARGETS):
        skip |= set(DATE_TARGETS)
    if not csv:
        skip |= set(GEOMETRY_TARGETS)
    for target, names in TARGETS.items():
        if target in skip:
            continue
        candidates = [h for key in names for h in by_key.get(key, []) if h not in taken]
        if len(candidates) > 1:
            fail(target, f"columns {', '.join(repr(c) for c in candidates)} could all be {target}; "
                         f"choose one with {target}=COLUMN")
        elif candidates:
            found[target] = candidates[0]
            taken.add(candidates[0])

    _settle_groups(found, notes)
    if "start" not in found and "date" not in found and not any(p.column in DATE_TARGETS for p in problems):
        fail("start", f"no date column: looked for 'start' or 'date' (any case); the columns are {hint_header}; "
                      "name one with start=COLUMN or date=COLUMN")
    if csv and not problems:
        has_point = "lat" in found and "lon" in found
        if not has_point and "wkt" not in found:
            half = next((t for t in ("lat", "lon") if t in found), None)
            detail = (f"found {half} ({found[half]!r}) but no {'lon' if half == 'lat' else 'lat'} column" if half
                      else "no coordinates: looked for lat/latitude + lon/lng/longitude, or wkt/geometry (any case)")
            fail("lat" if half != "lat" else "lon", f"{detail}; the columns are {hint_header}")
    if problems:
        raise UserLayerError(problems)
    unused = tuple(h for h in header if h not in set(found.values()))
    return Columns(MappingProxyType(found), unused, tuple(notes))


def _settle_groups(found: dict[str, str], notes: list[str]) -> None:
    """Keep one way of placing a row; say which column lost. (``start`` and ``date`` may both be used: a row
    without a start is dated by its date.)"""
    if "lat" in found and "lon" in found and "wkt" in found:
        notes.append(f"points are read from {found['lat']!r}/{found['lon']!r}; column {found.pop('wkt')!r} is not used")
    elif "wkt" in found:
        for half in ("lat", "lon"):
            if half in found:
                notes.append(f"geometry is read from {found['wkt']!r}; column {found.pop(half)!r} is not used")
