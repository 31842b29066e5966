"""Reading data files that may be hostile: regular files only, a size limit, UTF-8, JSON with a depth limit.

Every file of the layers folder (layers, manifest, schemas, toponyms, chapters) is read through :func:`read_json`:

* only a regular file is read: a symlink to ``/dev/zero`` or a FIFO is refused (the file is opened with
  ``O_NONBLOCK``, so opening a FIFO does not wait, then checked with ``fstat``);
* at most ``limit + 1`` bytes are read, and the limit is checked on the bytes actually read (a file that grows, or
  lies about its size, cannot exhaust memory);
* JSON nesting is checked without recursion before parsing, so ``json.loads`` never meets a 100,000-deep array
  (``RecursionError``), and numbers that Python cannot hold (a 5,000-digit integer) are reported, not raised;
* ``NaN``, ``Infinity`` and (in files under 2 MB) numbers too large for a float (``1e400``) are kept as
  :class:`NonFinite` (their text, a ``str``), so that no later step computes with them (jsonschema's ``multipleOf``
  crashes on NaN and infinity) and the checks can name the feature that has one (rule ``number``). In a larger file
  ``1e400`` reads as ``inf``, which the same checks report.

Failures raise :class:`FileRefused` with a stable rule name (see ``layers/README.md``) and a one-line detail.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from pathlib import Path
from typing import Any

__all__ = ["EXACT_BELOW", "MAX_JSON_DEPTH", "FileRefused", "NonFinite", "json_depth", "parse_json", "read_json", "read_limited"]

#: The deepest nesting of arrays and objects a data file may have. A GeoJSON MultiPolygon inside a
#: FeatureCollection is 7 deep; the limit leaves room and keeps every recursive step (the schema check) safe.
MAX_JSON_DEPTH = 32

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_ONLY_BRACKETS = {c: None for c in range(128) if chr(c) not in "[]{}"}  # JSON outside strings is ASCII
_PAIR = re.compile(r"\[\]|\{\}")
#: Below this size every float goes through a Python hook that keeps 1e400 as NonFinite text; above it, that hook
#: (one call per number) would cost seconds, and an overflowed float stays ``inf`` for the checks to report.
EXACT_BELOW = 2 * 1024 * 1024


class NonFinite(str):
    """A JSON number that is not a finite float (``NaN``, ``Infinity``, ``-Infinity``, ``1e400``), kept as its text."""

    __slots__ = ()


def _float(text: str) -> float | NonFinite:
    value = float(text)
    return value if math.isfinite(value) else NonFinite(text)


class FileRefused(Exception):
    """A file that was not read or not parsed: ``rule`` is the rule name, ``detail`` says why in one line."""

    def __init__(self, rule: str, detail: str) -> None:
        super().__init__(detail)
        self.rule = rule
        self.detail = detail


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit``; :class:`FileRefused` otherwise.

    Rules: ``not-a-file`` (a device, FIFO, socket or folder), ``file-size`` (over ``limit`` bytes), ``unreadable``
    (the operating system refused: permissions, a vanished file, ...).
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileRefused("unreadable", f"cannot open the file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused("not-a-file", f"is a {_kind(info.st_mode)}, not a regular file; not read")
        if info.st_size > limit:
            raise FileRefused("file-size", f"{info.st_size:,} bytes is over the {limit:,}-byte limit; not read")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise FileRefused("file-size", f"more than the {limit:,}-byte limit; not read")
        return b"".join(chunks)
    except OSError as exc:
        raise FileRefused("unreadable", f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def json_depth(text: str, limit: int) -> int:
    """How deep ``[`` / ``{`` nest in JSON ``text`` (strings skipped), up to ``limit + 1``; no recursion, no Python
    loop per character: each pass removes the innermost pairs (C speed), and there are at most ``limit + 1`` passes.
    """
    return _depth(_STRING.sub("", text), limit)


def _depth(outside_strings: str, limit: int) -> int:
    brackets = outside_strings.translate(_ONLY_BRACKETS)
    depth = 0
    while brackets and depth <= limit:
        inner = _PAIR.sub("", brackets)
        if inner == brackets:  # unbalanced: json.loads will say where
            break
        brackets = inner
        depth += 1
    return depth


def parse_json(text: str, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON ``text`` after checking its depth; :class:`FileRefused` (rule ``json``) on anything wrong.

    ``NaN``, ``Infinity`` and ``1e400`` come back as :class:`NonFinite` (see the module docstring).
    ``RecursionError`` never escapes: the depth is checked first, without recursion.
    """
    outside_strings = _STRING.sub("", text)
    if _depth(outside_strings, max_depth) > max_depth:
        raise FileRefused("json", f"nested more than {max_depth} levels deep; at most {max_depth} are allowed")
    try:
        if len(text) < EXACT_BELOW:
            return json.loads(text, parse_constant=NonFinite, parse_float=_float)
        return json.loads(text, parse_constant=NonFinite)
    except json.JSONDecodeError as exc:
        raise FileRefused("json", f"line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer of 5,000 digits
        raise FileRefused("json", f"cannot be read as JSON: {str(exc)[:200]}") from None


def read_json(path: Path, limit: int, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """:func:`read_limited` + UTF-8 (a BOM is allowed) + :func:`parse_json`."""
    data = read_limited(path, limit)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused("utf-8", f"byte {exc.start} is not UTF-8 ({exc.reason}); save the file as UTF-8") from None
    return parse_json(text, max_depth=max_depth)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "FIFO (named pipe)"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket")):
        if test(mode):
            return name
    return "special file"
