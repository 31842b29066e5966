"""Problems found in a user's layer file, one per broken rule, each naming the file, the row and the column.

A user layer is a file a reader brings (CSV, GeoJSON, GeoPackage). Its problems are printed as
``file:row:column: rule: detail``, the form editors and spreadsheet users know from compilers:

* ``row`` is, for CSV, the 1-based line number in the file where the record starts (the header is line 1, so the
  first data row is line 2); for GeoJSON and GeoPackage it is the feature's 0-based index (its position in
  ``features`` / in the table's read order). ``-`` for a problem of the whole file.
* ``column`` is the column (CSV, GeoPackage field) or property (GeoJSON) as the file names it, ``geometry`` for a
  GeoJSON/GeoPackage geometry, or ``-``.

A :class:`RowProblem` is a :class:`geo.errors.Problem` (``feature`` holds the row as text), so every place that
already shows dataset problems shows these too. :class:`UserLayerError` is a :class:`geo.errors.DataError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from geo.errors import DataError, Problem

__all__ = ["USER_RULES", "VALUE_RULES", "Findings", "RowProblem", "UserLayerError", "file_problem", "row_problem"]

#: Every rule a user-layer problem can carry, with what it means.
USER_RULES: Mapping[str, str] = MappingProxyType(
    {
        "file": "the file cannot be read (missing, not a regular file, unreadable)",
        "file-size": "the file is larger than the limit and was not read",
        "utf-8": "the file is not UTF-8 text",
        "format": "the file is not a CSV, GeoJSON FeatureCollection or GeoPackage that can be read (or a GeoJSON "
                  "feature is not a Feature object)",
        "columns": "a needed column is missing, ambiguous, or a column mapping names a column the file lacks",
        "empty": "the file has no data rows",
        "csv": "the row has a different number of fields than the header",
        "date": "a date is missing, not ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD) or not a calendar date",
        "date-order": "the end is before the start",
        "coordinate": "a coordinate is missing, not a number, or outside -180..180 / -90..90",
        "lon-lat-swapped": "the coordinates look like (lat, lon): swapping them puts the point in the region",
        "outside-region": "a coordinate lies outside the region's bounding box",
        "geometry-invalid": "the geometry cannot be read (WKT/GeoJSON/WKB) or is not valid (self-intersection, ...)",
        "geometry-empty": "the geometry is missing or has no coordinates",
        "geometry-type": "the geometry is not a (Multi)Point, (Multi)LineString or (Multi)Polygon",
        "id": "the id is not 1 to 80 characters of A-Z a-z 0-9 . _ : -",
        "id-duplicate": "the id is already used by an earlier row or by the dataset",
        "text": "a text is too long, is not text, or contains a control character (other than tab and newline)",
        "url": "the URL is not an http(s) URL; it is left out, the row is kept",
    }
)

#: Rules whose problem leaves out one value but keeps the row.
VALUE_RULES: frozenset[str] = frozenset({"url"})


@dataclass(frozen=True, slots=True)
class RowProblem(Problem):
    """One broken rule in one row (or in the whole file).

    Parameters
    ----------
    row
        CSV: the 1-based line number where the record starts (header = line 1). GeoJSON/GeoPackage: the 0-based
        feature index. ``None`` for the whole file.
    column
        The column or property as the file names it; ``geometry``; or ``None``.
    left_out
        True when the row was left out because of this problem; False when only a value was dropped (``url``) or
        the problem is about the whole file.
    """

    row: int | None = None
    column: str | None = None
    left_out: bool = False

    def __str__(self) -> str:
        row = "-" if self.row is None else str(self.row)
        return f"{self.file}:{row}:{self.column or '-'}: {self.rule}: {self.detail}"


def row_problem(file: str, row: int, column: str, rule: str, detail: str) -> RowProblem:
    """A problem of one row; the row is left out unless ``rule`` is in :data:`VALUE_RULES`."""
    return RowProblem(file, str(row), rule, detail, row, column, rule not in VALUE_RULES)


def file_problem(file: str, rule: str, detail: str, *, row: int | None = None, column: str | None = None) -> RowProblem:
    """A problem of the whole file (or of its header: ``row=1`` and the column)."""
    return RowProblem(file, "-" if row is None else str(row), rule, detail, row, column, False)


class UserLayerError(DataError):
    """A user layer cannot be used (a file-level problem, or any problem under ``strict``); carries every problem."""

    def __init__(self, problems: Iterable[RowProblem]) -> None:
        self.row_problems: tuple[RowProblem, ...] = tuple(problems)
        super().__init__(self.row_problems)


class Findings:
    """What the checks of one read found: every problem, and which rows are left out.

    Rows are addressed by position ``i`` (0-based, in table order); problems name the file's row label
    ``rows[i]``. One :class:`Findings` lives for one read and is never shared.

    Parameters
    ----------
    file
        The file's name for messages.
    rows
        The row label of each position (CSV line number, or feature index).
    """

    def __init__(self, file: str, rows: npt.NDArray[np.int64]) -> None:
        self.file = file
        self.rows = rows
        self.bad: npt.NDArray[np.bool_] = np.zeros(rows.shape[0], dtype=np.bool_)
        self.problems: list[RowProblem] = []

    def add(self, i: int, column: str, rule: str, detail: str) -> None:
        """Report a broken rule at position ``i``; the row is left out unless the rule only drops a value."""
        problem = row_problem(self.file, int(self.rows[i]), column, rule, detail)
        self.problems.append(problem)
        if problem.left_out:
            self.bad[i] = True

    def sorted(self) -> tuple[RowProblem, ...]:
        """The problems in row order (stable: within a row, in the order the checks found them)."""
        return tuple(sorted(self.problems, key=lambda p: -1 if p.row is None else p.row))
