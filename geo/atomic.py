"""Files written atomically: into a temporary file in the target's folder, flushed to disk, moved into place.

A reader of the target sees the old file or the complete new one, never a part of it; a run killed midway leaves
the old file (or nothing) at the target, and at most a hidden ``.<name>.<random>.tmp<suffix>`` file beside it.
Every file the project writes (HTML, PNG, PDF, CSV, GeoJSON, zip, the app's cache) goes through this module.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_open", "atomic_path", "write_bytes", "write_text"]


@contextmanager
def atomic_path(target: Path, *, mode: int = 0o666) -> Iterator[Path]:
    """A fresh temporary path beside ``target`` for a writer that wants a file name (zipfile, Chromium).

    The temporary name keeps ``target``'s suffix (Chromium picks the image format from it). When the block ends
    without an exception the file is flushed to disk and moved onto ``target`` with :func:`os.replace`; otherwise it
    is removed and ``target`` is untouched. ``mode`` is the new file's permission bits before the umask. A symbolic
    link is written through (the file it points to is replaced); a device or pipe (``/dev/stdout``) is written to
    directly and never replaced.
    """
    target = Path(target)
    if target.is_symlink():  # write through the link: replace the file it points to, not the link itself
        target = Path(os.path.realpath(target))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(target))
    if info is not None and not stat.S_ISREG(info.st_mode):
        yield target  # a device or a pipe (/dev/stdout): nothing to replace, and it must never be replaced
        return
    folder = target.parent
    temp = folder / f".{target.stem}.{secrets.token_hex(6)}.tmp{target.suffix}"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode)
    except OSError as exc:
        raise OSError(exc.errno, f"cannot write a file beside it ({exc.strerror})", str(target)) from None
    os.close(fd)
    try:
        yield temp
        _fsync(temp)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_folder(folder)


@contextmanager
def atomic_open(target: Path, text: bool = True, *, mode: int = 0o666, encoding: str = "utf-8",
                newline: str | None = None) -> Iterator[IO[Any]]:
    """A file object (text by default) whose content replaces ``target`` only once the block completes."""
    with atomic_path(target, mode=mode) as temp:
        handle: IO[Any] = temp.open("w", encoding=encoding, newline=newline) if text else temp.open("wb")
        with handle:
            yield handle
            handle.flush()


def write_text(target: Path, text: str, *, mode: int = 0o666, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``target`` atomically; return ``target``."""
    with atomic_open(target, mode=mode, encoding=encoding, newline="") as handle:
        handle.write(text)
    return Path(target)


def write_bytes(target: Path, data: bytes, *, mode: int = 0o666) -> Path:
    """Write ``data`` to ``target`` atomically; return ``target``."""
    with atomic_open(target, text=False, mode=mode) as handle:
        handle.write(data)
    return Path(target)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: some file systems cannot sync a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
