"""The bytes of a user's file: read once, from a regular file or from memory, never more than the limit.

The size limit (:data:`geo.config.MAX_LAYER_BYTES`, 50 MB = 52,428,800 bytes) is checked on the bytes actually
read, not on what ``stat`` says: a file that grows while it is read, or a special file that reports size 0, cannot
get past it. Only regular files are opened (never a FIFO, a device or a directory), without blocking. An upload
(bytes already in memory, as the app receives them) is checked the same way and never written to disk.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from geo.userlayer.problems import UserLayerError, file_problem

__all__ = ["SourceBytes", "decode_utf8", "describe_limit", "read_source"]


@dataclass(frozen=True, slots=True)
class SourceBytes:
    """A file's content and the name it is reported under.

    Parameters
    ----------
    file
        The name problems are reported under (the path as given, or the upload's file name).
    data
        The file's bytes, at most the limit.
    """

    file: str
    data: bytes


def describe_limit(limit: int) -> str:
    """The limit as a person reads it: ``50 MB (52,428,800 bytes)``."""
    return f"{limit / (1024 * 1024):g} MB ({limit:,} bytes)"


def read_source(source: Path | bytes, *, file: str | None, limit: int) -> SourceBytes:
    """Read a user's file (a path, or bytes already in memory) and check its size.

    Parameters
    ----------
    source
        A path to a regular file, or the file's bytes (an upload).
    file
        The name to report; defaults to ``str(source)`` for a path; required for bytes.
    limit
        The most bytes accepted.

    Raises
    ------
    UserLayerError
        ``file`` (missing, not a regular file, unreadable) or ``file-size`` (over the limit).
    """
    if isinstance(source, bytes):
        if file is None:
            raise ValueError("bytes need a file name to report problems under")
        data = source
    else:
        file = str(source) if file is None else file
        data = _read_regular_file(source, file, limit)
    if len(data) > limit:
        size = f"has {len(data):,} bytes, more than" if isinstance(source, bytes) else "is larger than"
        raise UserLayerError([file_problem(file, "file-size", f"the file {size} the limit of {describe_limit(limit)}; "
                                                              "not read (split it, or leave out columns)")])
    return SourceBytes(file, data)


def _read_regular_file(path: Path, file: str, limit: int) -> bytes:
    """Open without blocking (a FIFO would block), refuse anything but a regular file, read at most limit + 1 bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UserLayerError([file_problem(file, "file", f"cannot open the file: {exc.strerror or exc}")]) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            raise UserLayerError([file_problem(file, "file", f"{what}; give a CSV, GeoJSON or GeoPackage file")])
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UserLayerError([file_problem(file, "file", f"cannot read the file: {exc.strerror or exc}")]) from None
    finally:
        os.close(fd)


def decode_utf8(source: SourceBytes) -> str:
    """The file as text: UTF-8, a leading byte-order mark allowed and removed.

    Raises
    ------
    UserLayerError
        ``utf-8``, naming the first bad byte's line and position, and how to fix it.
    """
    try:
        return source.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = source.data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (source.data.rfind(b"\n", 0, exc.start) + 1) + 1
        guess = " (it looks like UTF-16; save as UTF-8)" if source.data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise UserLayerError([file_problem(
            source.file, "utf-8",
            f"byte {exc.start} (line {line}, byte {column} of the line) is not UTF-8 ({exc.reason}){guess}; "
            "save the file as UTF-8 (in a spreadsheet: CSV UTF-8)")]) from None
