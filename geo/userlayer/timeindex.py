"""The time index: which features enter and leave the map when the date moves, touching only those that change.

This is the reference implementation the browser's port (JavaScript) must match, on the same fixture
(``tests/fixtures/userlayers/timeindex.json``). Its input is what the payload carries (:mod:`geo.userlayer.payload`):
per feature ``start`` and ``end`` day numbers (days since 1970-01-01; ``end`` = ``open_end`` when open), and the
two orders ``by_start`` and ``by_end`` (feature indices sorted by start and by end, ties by index).

The rule: feature f is on the map on day D iff ``start[f] <= D <= end[f]``. Moving from day ``a`` to day ``b``:

* forward (``a < b``): **entered** = features with ``a < start <= b`` and ``end >= b``; **left** = features with
  ``a <= end < b`` and ``start <= a``.
* backward (``b < a``): **entered** = features with ``b <= end < a`` and ``start <= b``; **left** = features with
  ``b < start <= a`` and ``end >= a``.
* ``a == b``: nothing changes.

The candidates are one contiguous run of ``by_start`` (found by binary search on the sorted starts) and one of
``by_end``: a step costs O(log N + candidates), and the candidates are exactly the features whose start or end lies
between the two days, so the cost grows with the number of changes, not with N. (A candidate that both starts and
ends between the two days is looked at and does not change; such a feature was on the map for a moment in between.)
Results are feature indices in ascending order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Step", "TimeIndex"]

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Step:
    """What one move of the date changes.

    Parameters
    ----------
    entered, left
        Feature indices (ascending, int64) that come onto / go off the map.
    examined
        How many candidates the step looked at (the cost; bounded by the features whose start or end lies
        between the two days).
    """

    entered: IntArray
    left: IntArray
    examined: int


@dataclass(frozen=True, slots=True)
class TimeIndex:
    """Start and end days of every feature, with both orders and the sorted days they are searched by.

    Build it with :meth:`build` (from start/end alone) or :meth:`from_orders` (from a payload's columns).
    """

    start: IntArray
    end: IntArray
    by_start: IntArray
    by_end: IntArray
    sorted_start: IntArray
    sorted_end: IntArray

    @classmethod
    def build(cls, start: npt.ArrayLike, end: npt.ArrayLike) -> TimeIndex:
        """Index features by their day numbers (``end`` may hold the open-end sentinel)."""
        s = np.asarray(start, dtype=np.int64)
        e = np.asarray(end, dtype=np.int64)
        return cls.from_orders(s, e, np.argsort(s, kind="stable"), np.argsort(e, kind="stable"))

    @classmethod
    def from_orders(cls, start: npt.ArrayLike, end: npt.ArrayLike, by_start: npt.ArrayLike,
                    by_end: npt.ArrayLike) -> TimeIndex:
        """Index features with the orders a payload carries; refuses orders that do not sort the days."""
        s, e = np.asarray(start, dtype=np.int64), np.asarray(end, dtype=np.int64)
        bs, be = np.asarray(by_start, dtype=np.int64), np.asarray(by_end, dtype=np.int64)
        if not (s.shape == e.shape == bs.shape == be.shape and s.ndim == 1):
            raise ValueError("start, end, by_start and by_end must be 1-D and of one length")
        n = s.shape[0]
        for name, order, days in (("by_start", bs, s), ("by_end", be, e)):
            if n and not np.array_equal(np.sort(order), np.arange(n)):
                raise ValueError(f"{name} is not a permutation of 0..{n - 1}")
            if np.any(np.diff(days[order]) < 0):
                raise ValueError(f"{name} does not sort the days")
        for array in (s, e, bs, be):
            array.setflags(write=False)
        return cls(s, e, bs, be, s[bs], e[be])

    def __len__(self) -> int:
        return int(self.start.shape[0])

    def active(self, day: int) -> IntArray:
        """Indices (ascending) of the features on the map on ``day``: ``start <= day <= end``."""
        return np.flatnonzero((self.start <= day) & (day <= self.end)).astype(np.int64)

    def step(self, a: int, b: int) -> Step:
        """The features that enter and leave when the date moves from day ``a`` to day ``b`` (rules above)."""
        if a == b:
            empty = np.zeros(0, dtype=np.int64)
            return Step(empty, empty, 0)
        lo, hi = min(a, b), max(a, b)
        # starts in (lo, hi] and ends in [lo, hi): two runs found by binary search
        by_start = self.by_start[np.searchsorted(self.sorted_start, lo, "right"): np.searchsorted(self.sorted_start, hi, "right")]
        by_end = self.by_end[np.searchsorted(self.sorted_end, lo, "left"): np.searchsorted(self.sorted_end, hi, "left")]
        if a < b:
            entered = by_start[self.end[by_start] >= b]
            left = by_end[self.start[by_end] <= a]
        else:
            entered = by_end[self.start[by_end] <= b]
            left = by_start[self.end[by_start] >= a]
        return Step(np.sort(entered), np.sort(left), int(by_start.shape[0] + by_end.shape[0]))
