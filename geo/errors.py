"""Problems found in the data, and the exception that carries them.

A :class:`Problem` names the file, the feature and the rule it breaks, so that a reader can fix the data without
reading code. Loading never stops at the first problem: every problem of a run is collected and reported together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["DataError", "Problem", "UsageError"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule.

    Parameters
    ----------
    file
        The file's name as the reader knows it (relative to the layers folder where possible).
    feature
        The feature's id, ``#<n>`` (0-based position) when it has none, or ``-`` for a problem of the whole file.
    rule
        A short, stable rule name such as ``date-order`` or ``lon-lat-swapped`` (listed in ``layers/README.md``).
    detail
        What exactly is wrong, in words.
    """

    file: str
    feature: str
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.file}: {self.feature}: {self.rule}: {self.detail}"


class DataError(Exception):
    """Raised when data cannot be used; carries every :class:`Problem` found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "invalid data")


class UsageError(Exception):
    """Raised for bad input from a person (a date on the command line, a URL parameter); the message says why."""
