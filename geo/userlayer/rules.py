"""The rules a user's row must follow for its dates, texts, link and id; every problem reported, none fatal.

The rules are the dataset's where they apply (:mod:`geo.validate`): dates are ISO 8601 with year, month or day
precision (:class:`geo.temporal.PartialDate`, so ``2023-02-30`` and ``2023-00-00`` are refused), the end is not
before the start (``last_day(end) >= first_day(start)``), texts are plain text of bounded length, links are http(s).
Texts are data, never code: they are kept exactly as written (nothing stripped or rewritten); a text with a control
character other than tab and newline (CR only as part of CR LF), or with a lone surrogate, is refused.

Dates become day numbers (days since 1970-01-01, :func:`geo.temporal.day_number`): ``first`` = first_day(start),
``last`` = last_day(end), :data:`OPEN_END` for an open end. Each distinct date text is parsed once (a 100,000-row
file has a few thousand distinct dates), so the check costs a dictionary look-up per row.

Every check takes the positions' values and a :class:`~geo.userlayer.problems.Findings`; a broken rule marks the
row left out (``url`` only drops the link).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from geo.temporal import PartialDate, day_number
from geo.userlayer.problems import Findings

__all__ = ["ID_PATTERN", "OPEN_END", "TextLimits", "check_dates", "check_ids", "check_text", "check_urls", "text_cells"]

#: The day number that stands for an open end ("still there"): the largest Int32. Sorts after every real day.
OPEN_END = 2**31 - 1
#: What an id may be: 1 to 80 of A-Z a-z 0-9 . _ : - (safe in a URL fragment, a CSS selector and a file name).
ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,80}")
_BAD_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]|\r(?!\n)")
_URL = re.compile(r"https?://(?:[^\s/?#@\x00-\x1f\x7f]+@)?(?:\[[0-9A-Fa-f:.]+\]|[^\s/?#:@\[\]\x00-\x1f\x7f]+)"
                  r"(?::\d{1,5})?(?:[/?#][^\s\x00-\x1f\x7f]*)?", re.IGNORECASE)
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d")
_DAY_FIRST = re.compile(r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}$")
_OK, _MISSING, _INVALID = 0, 1, 2
_ID_BAD = re.compile(r"[^A-Za-z0-9._:\n-]")


@dataclass(frozen=True, slots=True)
class TextLimits:
    """Most characters (Python ``len``, code points) each text may have."""

    name: int = 300
    kind: int = 80
    description: int = 5000
    url: int = 2000


def shown(value: str, width: int = 60) -> str:
    """A value quoted for a message, cut to ``width`` characters."""
    return repr(value if len(value) <= width else value[: width - 1] + "…")


def text_cells(values: Sequence[object], column: str, findings: Findings, *, all_text: bool = False) -> list[str | None]:
    """The cells as text: strings as they are (empty = ``None``), whole numbers written out, others refused.

    A GeoJSON property may be a number (``"id": 17``, ``"start": 2008``): it becomes ``"17"``/``"2008"``. A
    boolean, list or object is refused (rule ``text``). NaN (an empty GeoPackage number) is ``None``.
    ``all_text`` says the caller knows every cell is a ``str`` (CSV).
    """
    if all_text or set(map(type, values)) <= {str}:  # CSV: every cell is text (checked at C speed)
        return [v or None for v in values]  # type: ignore[misc]  # all str, checked above
    out: list[str | None] = []
    for i, value in enumerate(values):
        if value is None or isinstance(value, str):
            out.append(value or None)
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            findings.add(i, column, "text", f"{column} is {type(value).__name__} {str(value)[:60]}, not text")
            out.append(None)
        elif isinstance(value, float) and not math.isfinite(value):
            out.append(None)
        elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            out.append(str(int(value)))
        else:
            out.append(str(value))
    return out


def check_text(values: Sequence[str | None], column: str, limit: int, findings: Findings) -> None:
    """Refuse texts longer than ``limit`` or with a forbidden character; the text itself is never changed."""
    # the common case, all fine, is decided at C speed over the present texts; positions are found only on a hit
    too_long = max(map(len, filter(None, values)), default=0) > limit
    if too_long:
        for i, text in enumerate(values):
            if text is not None and len(text) > limit:
                findings.add(i, column, "text", f"{column} has {len(text):,} characters; at most {limit:,} are allowed")
    if _BAD_CHAR.search(" ".join(filter(None, values))) is None:  # one scan for the whole column
        return
    for i, text in enumerate(values):
        match = None if text is None else _BAD_CHAR.search(text)
        if match is not None:
            char = match.group()[0]
            what = "half of a surrogate pair, not text" if 0xD800 <= ord(char) <= 0xDFFF else "a control character"
            findings.add(i, column, "text", f"{column} contains U+{ord(char):04X} ({what}) at character "
                                            f"{match.start() + 1}; only tab and newline are allowed")


def check_urls(values: Sequence[str | None], column: str, limit: int, findings: Findings) -> list[str | None]:
    """Keep http(s) URLs; leave out every other value (rule ``url``: the row is kept, the link is not).

    A URL is ``http://`` or ``https://``, a host (name, IPv4 or [IPv6]), an optional port and path, no spaces or
    control characters, at most ``limit`` characters. Each distinct value is checked once.
    """
    verdicts: dict[str, str] = {}
    for value in set(values):
        if value is not None:
            verdicts[value] = _url_problem(value, limit)
    if not any(verdicts.values()):
        return list(values)
    out: list[str | None] = []
    for i, value in enumerate(values):
        why = "" if value is None else verdicts[value]
        if why:
            findings.add(i, column, "url", f"{shown(value or '')} {why}; the link is left out, the row is kept")
        out.append(None if why else value)
    return out


def _url_problem(value: str, limit: int) -> str:
    """What is wrong with a link, or ``""``."""
    if len(value) > limit:
        return f"has {len(value):,} characters (at most {limit:,})"
    if _URL.fullmatch(value) is None:
        hint = "; write https://..." if not value.lower().startswith(("http:", "https:")) and "." in value else ""
        return f"is not an http(s) URL{hint}"
    return ""


def check_dates(
    start: Sequence[str | None] | None, start_column: str | None,
    date: Sequence[str | None] | None, date_column: str | None,
    end: Sequence[str | None] | None, end_column: str | None, *, findings: Findings,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Day numbers ``(first, last)`` per position under the rule ``first_day(start) <= D <= last_day(end)``.

    A row's ``start`` dates it when given; an empty ``end`` then means open (:data:`OPEN_END`). A row without a
    start but with a ``date`` is an event of that date: ``2023-05-03`` is one day, ``2023-05`` the whole of May,
    unless its ``end`` says otherwise. A row with neither is left out (rule ``date``).

    Parameters
    ----------
    start, date, end
        The texts of the ``start``, ``date`` and ``end`` columns (``None`` = the file has no such column), each
        with the column's name for messages.

    Returns
    -------
    first, last
        int64 day numbers since 1970-01-01; ``last`` is :data:`OPEN_END` when open. Meaningless where a row
        has a problem (it is left out).
    """
    n = findings.rows.shape[0]
    first = np.zeros(n, dtype=np.int64)
    last = np.full(n, OPEN_END, dtype=np.int64)
    decided = np.zeros(n, dtype=np.bool_)
    from_column = np.full(n, -1, dtype=np.int8)
    sources = ((start, start_column, False), (date, date_column, True))
    for k, (values, column, one_day) in enumerate(sources):
        if values is None or column is None:
            continue
        f_days, l_days, status = _day_numbers(values)
        here = ~decided & (status != _MISSING)
        for i in np.flatnonzero(here & (status == _INVALID)).tolist():
            findings.add(i, column, "date", f"{column}: {_parse(values[i] or '')}")
        ok = here & (status == _OK)
        first[ok] = f_days[ok]
        if one_day:
            last[ok] = l_days[ok]
        from_column[here] = k
        decided |= here
    names = " and ".join(c for c in (start_column, date_column) if c is not None)
    empty = f"{names} {'is' if ' and ' not in names else 'are'} empty; every row needs a date"
    for i in np.flatnonzero(~decided).tolist():
        findings.add(i, start_column or date_column or "-", "date", empty)
    if end is not None and end_column is not None:
        _, e_last, e_status = _day_numbers(end)
        for i in np.flatnonzero(e_status == _INVALID).tolist():
            findings.add(i, end_column, "date", f"{end_column}: {_parse(end[i] or '')}")
        use = e_status == _OK
        last[use] = e_last[use]
        for i in np.flatnonzero((last < first) & ~findings.bad).tolist():
            values, column, _ = sources[from_column[i]]
            findings.add(i, end_column, "date-order",
                         f"{end_column} {end[i]} is before {column} {values[i] if values is not None else ''}")
    return first, last


def _day_numbers(values: Sequence[str | None]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int8]]:
    """(first day, last day, status) per value; each distinct text parsed once, the rest is array indexing."""
    distinct = list(set(values))
    code = {value: k for k, value in enumerate(distinct)}
    firsts = np.zeros(len(distinct), dtype=np.int64)
    lasts = np.zeros(len(distinct), dtype=np.int64)
    status = np.full(len(distinct), _INVALID, dtype=np.int8)
    days = [k for k, v in enumerate(distinct) if v is not None and len(v) == 10 and v.isascii()]
    fast_first, fast_ok = _full_days([distinct[k] for k in days])  # type: ignore[misc]  # not None, checked
    picked = np.asarray(days, dtype=np.int64)[fast_ok]
    firsts[picked] = lasts[picked] = fast_first[fast_ok]
    status[picked] = _OK
    for k in np.flatnonzero(status != _OK).tolist():  # partial dates, odd texts, impossible days: the slow path
        value = distinct[k]
        parsed = None if value is None else _parse(value)
        if isinstance(parsed, tuple):
            firsts[k], lasts[k] = parsed
        status[k] = _OK if isinstance(parsed, tuple) else _MISSING if parsed is None else _INVALID
    index = np.fromiter(map(code.__getitem__, values), dtype=np.int64, count=len(values))
    return firsts[index], lasts[index], status[index]


def _full_days(texts: Sequence[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Day numbers of ASCII ``YYYY-MM-DD`` texts that are calendar days (the rest: ok = False, left to
    :class:`~geo.temporal.PartialDate`). Vectorised; the same answers as ``PartialDate.parse`` (tested)."""
    if not texts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.bool_)
    raw = np.array(texts, dtype="S10")  # the caller passes ASCII texts of 10 characters
    digits = raw.view(np.uint8).reshape(-1, 10).astype(np.int64) - ord("0")
    shape_ok = (digits[:, 4] == ord("-") - ord("0")) & (digits[:, 7] == ord("-") - ord("0"))
    shape_ok &= ((digits[:, [0, 1, 2, 3, 5, 6, 8, 9]] >= 0) & (digits[:, [0, 1, 2, 3, 5, 6, 8, 9]] <= 9)).all(axis=1)
    year = digits[:, 0] * 1000 + digits[:, 1] * 100 + digits[:, 2] * 10 + digits[:, 3]
    month = digits[:, 5] * 10 + digits[:, 6]
    day = digits[:, 8] * 10 + digits[:, 9]
    ok = shape_ok & (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
    months = np.where(ok, (year - 1970) * 12 + month - 1, 0).astype("datetime64[M]")
    month_start = months.astype("datetime64[D]").astype(np.int64)
    month_length = (months + 1).astype("datetime64[D]").astype(np.int64) - month_start
    ok &= day <= month_length
    return month_start + day - 1, ok


def _parse(text: str) -> tuple[int, int] | str:
    """(first day, last day) as day numbers, or what is wrong, in words."""
    value = text.strip()
    try:
        date = PartialDate.parse(value)
    except ValueError as exc:
        if _DATETIME.match(value):
            return f"{shown(text)} has a time of day; write the date only (YYYY-MM-DD)"
        if _DAY_FIRST.match(value):
            return f"{shown(text)} is not ISO 8601; write YYYY-MM-DD (year first), YYYY-MM or YYYY"
        return str(exc) if len(text) <= 60 else f"{shown(text)} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)"
    try:
        return day_number(date.first_day()), day_number(date.last_day())
    except ValueError as exc:
        return f"{shown(text)} is not a calendar date ({exc})"


def check_ids(
    values: Sequence[str | None] | None, column: str | None, *, layer_id: str,
    reserved: frozenset[str] | Mapping[str, str], findings: Findings,
) -> list[str]:
    """Each position's id: the file's when given (and valid), else ``<layer_id>-<row>``.

    Ids must match :data:`ID_PATTERN` (rule ``id``) and be unique: a later row with an id already used (by an
    earlier row, or by the dataset: ``reserved``) is left out (rule ``id-duplicate``), naming the first.
    """
    rows = findings.rows.tolist()
    made = [f"{layer_id}-{row}" for row in rows]
    if values is None:
        ids = made
    else:
        ids = [made[i] if v is None else v for i, v in enumerate(values)]
        present = [v for v in values if v is not None]
        joined = "\n".join(present)
        if _ID_BAD.search(joined) is not None or (present and max(map(len, present)) > 80):
            for i, value in enumerate(values):
                if value is not None and ID_PATTERN.fullmatch(value) is None:
                    findings.add(i, column or "-", "id", f"{shown(value)} is not 1 to 80 characters of A-Z a-z 0-9 . _ : -")
    if len(set(ids)) == len(ids) and (not reserved or not any(fid in reserved for fid in ids)):
        return ids
    first_row: dict[str, int] = {}
    for i, fid in enumerate(ids):
        given = values is not None and values[i] is not None
        if fid in reserved:
            findings.add(i, column or "-", "id-duplicate", f"{fid!r} is already the id of a feature of the map's dataset")
        elif fid in first_row:
            whose = "the id" if given else "the id made for this row,"
            findings.add(i, column or "-", "id-duplicate", f"{whose} {fid!r} is already used by row {first_row[fid]}")
        else:
            first_row[fid] = rows[i]
    return ids
