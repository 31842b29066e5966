"""Problems found in the data, and the exception that carries them.

A :class:`Problem` names the file, the feature and the rule it breaks, so that a reader can fix the data without
reading code. Loading never stops at the first problem: every problem of a run is collected and reported together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["DataError", "Problem", "UsageError", "clip"]

#: Longest feature label and detail a message carries (a 1 MB id must not make a 2 MB error line).
MAX_LABEL = 80
MAX_DETAIL = 500


def clip(text: str, limit: int = MAX_LABEL) -> str:
    """``text`` cut to ``limit`` characters, the cut marked with "…"."""
    return text if len(text) <= limit else text[:limit] + "…"


def _one_line(text: str) -> str:
    """Control characters (a newline in an id) written as escapes, so that one problem is one line."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


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

    def __post_init__(self) -> None:
        # cut hostile lengths once, here, whoever builds the problem (a frozen dataclass: set through object)
        object.__setattr__(self, "file", _one_line(self.file))
        object.__setattr__(self, "feature", clip(_one_line(self.feature)))
        object.__setattr__(self, "detail", clip(_one_line(self.detail), MAX_DETAIL))

    def __str__(self) -> str:
        return f"{self.file}: {self.feature}: {self.rule}: {self.detail}"


class DataError(Exception):
    """Raised when data cannot be used; carries every :class:`Problem` found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "invalid data")


class UsageError(Exception):
    """Raised for bad input from a person (a date on the command line, a URL parameter); the message says why."""
