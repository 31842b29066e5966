"""Dates with precision and the one temporal rule of the project.

A date in the data is ISO 8601 with year, month or day precision (``2009``, ``2008-08``, ``2020-11-10``).
It stands for an interval of days: ``2008-08`` is 1 to 31 August 2008. **A feature is active on day D iff
first_day(start) <= D <= last_day(end)**; an open end (``None``) never closes. Both ends are inclusive.

Days are also handled as integers, "day numbers": days since 1970-01-01 (the Unix epoch, proleptic
Gregorian). The browser's filter uses the same numbers, so Python and JavaScript compare the same integers.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Protocol, TypeVar

__all__ = [
    "EPOCH",
    "Dated",
    "Interval",
    "PartialDate",
    "Precision",
    "active_on",
    "day_number",
    "from_day_number",
    "parse_day",
]

EPOCH = dt.date(1970, 1, 1)
#: ASCII digits only (``\d`` would take Arabic-Indic digits) and nothing after the date (``$`` allows a newline).
_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


class Precision(str, Enum):
    """How much of a date is known."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """An ISO 8601 date known to a year, a month or a day.

    Parameters
    ----------
    year, month, day
        ``month`` and ``day`` are ``None`` when not known; ``day`` requires ``month``.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # Month 0 and day 0 do not exist (``self.month or 1`` would silently read 2023-00-00 as 1 January).
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month must be in 1..12, got {self.month}")
        if self.day is not None and self.day < 1:
            raise ValueError(f"day must be in 1..31, got {self.day}")
        # Let the calendar check the rest (raises ValueError on 2021-02-30, year 0, ...).
        dt.date(self.year, self.month if self.month is not None else 1, self.day if self.day is not None else 1)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ``ValueError`` with the text on anything else."""
        match = _DATE_RE.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"{_clip(text)!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")
        month, day = (int(g) if g else None for g in match.groups()[1:])
        try:
            return cls(int(match.group(1)), month, day)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a calendar date ({exc})") from None  # short: it matched the pattern

    @property
    def precision(self) -> Precision:
        """Year, month or day."""
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def first_day(self) -> dt.date:
        """The first calendar day this date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The last calendar day this date can mean."""
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, self.month, self.day)

    def isoformat(self) -> str:
        """The date as written in the data (``2008``, ``2008-08`` or ``2008-08-07``)."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return self.isoformat()


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed interval of days: from the first day of ``start`` to the last day of ``end`` (``None`` = open)."""

    start: PartialDate
    end: PartialDate | None

    @property
    def first(self) -> dt.date:
        """First active day."""
        return self.start.first_day()

    @property
    def last(self) -> dt.date | None:
        """Last active day, or ``None`` when the interval is still open."""
        return None if self.end is None else self.end.last_day()

    def contains(self, day: dt.date) -> bool:
        """The project's temporal rule: ``first_day(start) <= day <= last_day(end)``."""
        last = self.last
        return self.first <= day and (last is None or day <= last)

    def day_numbers(self) -> tuple[int, int | None]:
        """(first, last) as day numbers since 1970-01-01; last is ``None`` when open. Used by the browser filter."""
        last = self.last
        return day_number(self.first), None if last is None else day_number(last)


class Dated(Protocol):
    """Anything with an ``interval``: features, chapters."""

    @property
    def interval(self) -> Interval: ...


_D = TypeVar("_D", bound=Dated)


def active_on(items: Iterable[_D], day: dt.date) -> Iterator[_D]:
    """Yield the items active on ``day`` under the rule ``first_day(start) <= day <= last_day(end)``."""
    return (item for item in items if item.interval.contains(day))


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01 (negative before). The integer the browser compares."""
    return (day - EPOCH).days


def from_day_number(number: int) -> dt.date:
    """Inverse of :func:`day_number`."""
    return EPOCH + dt.timedelta(days=number)


def parse_day(text: str) -> dt.date:
    """Parse a full ``YYYY-MM-DD`` day (for command-line and URL input); ``ValueError`` names the text."""
    date = PartialDate.parse(text.strip())
    if date.precision is not Precision.DAY:
        raise ValueError(f"{_clip(text)!r} is not a full day; write YYYY-MM-DD")
    return date.first_day()


def _clip(text: object, limit: int = 40) -> object:
    """``text`` cut for an error message (a 5 MB "date" must not become a 5 MB message)."""
    return text[:limit] + "…" if isinstance(text, str) and len(text) > limit else text
