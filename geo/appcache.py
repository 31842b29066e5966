"""The app's start-up cache: the map document, built once per data version and day, kept on disk.

Building the document needs folium, shapely, pyproj and a validated catalog (about a second here); serving a cached
copy needs only this module. Only light standard-library imports here, on purpose.

Safety, because Streamlit serves whatever is in the folder as the map, scripts included:

* the folder is private: per user (``$XDG_CACHE_HOME`` or ``~/.cache``, see :func:`geo.config.user_cache_dir`), a
  real folder (not a symlink), owned by this user, mode 0700. A folder that fails a check is refused, not repaired;
* each document is stored with its SHA-256 beside it and checked on every read; a mismatch is rebuilt;
* a process serving a document holds a shared ``flock`` on it for as long as it serves it, and eviction only removes
  documents that no process holds (tried with a non-blocking exclusive lock), so a running app never loses its map;
* when the cache cannot be used (read-only, a file in its place, not private), the document goes to a private
  temporary folder (``tempfile.mkdtemp``, mode 0700) instead, and if even that fails it is served inline; each case
  is one line in the log, never an error on the reader's page.

The key is a SHA-256 of everything the document is made of: the data files (:func:`data_digest`), our JS/CSS,
templates, translations, basemap and Python, plus the day (the slider ends today).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import shutil
import stat
import tempfile
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from geo.atomic import write_text
from geo.safefile import FileRefused, read_json, read_limited

try:
    import fcntl
except ImportError:  # not on POSIX: no locks, eviction by age only
    fcntl = None  # type: ignore[assignment]

__all__ = ["ServedDocument", "cached_document", "data_digest", "document_key", "manifest_facts", "private_folder",
           "serve_document"]

_PACKAGE = Path(__file__).resolve().parent
_PACKAGE_PARTS = ("static", "templates", "locales", "data")
_KEEP = 4  # unheld documents kept besides the new one
_MAX_AGE_S = 7 * 24 * 3600  # unheld documents older than this are removed even when fewer than _KEEP
_FILE_LIMIT = 64 * 1024 * 1024
_INDEX = "index.html"
_DIGEST = "index.html.sha256"


@dataclass(eq=False)
class ServedDocument:
    """A map document ready to serve: ``folder`` holds ``index.html`` (``None``: serve ``html`` inline).

    ``source`` says where it came from: ``cache`` (verified), ``built`` (stored in the cache now), ``private-temp``
    (the cache could not be used) or ``inline``. While this object lives, the document is locked against eviction.
    """

    folder: Path | None
    source: str
    html: str = ""
    _fd: int | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self._fd is not None:
            weakref.finalize(self, os.close, self._fd)
        if self.source == "private-temp" and self.folder is not None:
            weakref.finalize(self, shutil.rmtree, self.folder, True)


def data_digest(layers_dir: Path, *, limit: int = _FILE_LIMIT) -> str:
    """A SHA-256 of the data files the loader reads (names and bytes), read safely; never raises."""
    digest = hashlib.sha256()
    for path in _data_files(layers_dir):
        digest.update(path.relative_to(layers_dir).as_posix().encode() + b"\0")
        try:
            digest.update(read_limited(path, limit))
        except FileRefused as exc:
            digest.update(f"<{exc.rule}: {exc.detail}>".encode())
    return digest.hexdigest()


def document_key(data: str, today: dt.date, *, extra: str = "") -> str:
    """The cache key of a document: the data's digest, ``today``, ``extra`` and every package file it is built from."""
    digest = hashlib.sha256(f"{data}|{today.isoformat()}|{extra}".encode())
    files = sorted(p for part in _PACKAGE_PARTS for p in (_PACKAGE / part).rglob("*") if p.is_file())
    files += sorted(_PACKAGE.glob("*.py"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def private_folder(path: Path | None, log: logging.Logger) -> Path | None:
    """``path`` created if missing (mode 0700) and checked: a real folder, ours, mode 0700; else ``None`` (logged)."""
    if path is None:
        return None
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(path)
    except OSError as exc:
        log.warning("map cache %s cannot be used (%s); building the map in memory", path, exc.strerror or exc)
        return None
    problem = _not_private(info)
    if problem:
        log.warning("map cache %s refused: %s; building the map in memory (fix: chmod 700, or remove it)", path, problem)
        return None
    return path


def cached_document(cache_dir: Path | None, key: str, log: logging.Logger) -> ServedDocument | None:
    """The verified, locked document for ``key`` from the private cache, or ``None`` (missing, refused, tampered)."""
    folder = private_folder(cache_dir, log)
    if folder is None:
        return None
    entry = folder / key
    try:
        info = os.lstat(entry)
    except OSError:
        return None
    if _not_private(info):
        log.warning("map cache entry %s refused: %s", entry, _not_private(info))
        return None
    fd = _open_locked(entry / _INDEX, shared=True)
    if fd is None:
        return None
    try:
        expected = (entry / _DIGEST).read_text(encoding="ascii").strip()
        data = _read_fd(fd)
    except OSError:
        expected, data = "", b""
    if not expected or hashlib.sha256(data).hexdigest() != expected:
        os.close(fd)
        log.warning("map cache entry %s does not match its SHA-256; rebuilding it", entry)
        return None
    return ServedDocument(entry, "cache", _fd=fd)


def serve_document(cache_dir: Path | None, key: str, html: str, log: logging.Logger) -> ServedDocument:
    """Store ``html`` for ``key`` in the private cache and serve it; on any failure serve it from elsewhere.

    Never raises for a cache problem: the fall-backs are a private temporary folder, then inline HTML.
    """
    folder = private_folder(cache_dir, log)
    if folder is not None:
        try:
            served = _store(folder, key, html)
        except OSError as exc:
            log.warning("map cache %s cannot be written (%s); serving the map from a private temporary folder",
                        folder, exc.strerror or exc)
        else:
            _evict(folder, keep=served.folder, log=log)
            return served
    try:
        temp = Path(tempfile.mkdtemp(prefix="presence-map-"))  # mode 0700, ours
        write_text(temp / _INDEX, html, mode=0o600)
    except OSError as exc:
        log.warning("no private temporary folder for the map (%s); serving it inline", exc.strerror or exc)
        return ServedDocument(None, "inline", html)
    log.info("map document served from %s", temp)
    return ServedDocument(temp, "private-temp")


def manifest_facts(layers_dir: Path) -> tuple[dt.date, tuple[str, ...]]:
    """The dataset's first date and the layer ids listed in ``manifest.json``, read without the validation stack.

    Falls back to 1992-01-01 and the layer files present if the manifest is missing or broken (the catalog loader
    reports why); never raises.
    """
    first: dt.date = dt.date(1992, 1, 1)
    ids: tuple[str, ...] = ()
    try:
        manifest = read_json(layers_dir / "manifest.json", _FILE_LIMIT)
        first = dt.date.fromisoformat(manifest["dataset"]["first_date"])
        ids = tuple(str(layer["id"]) for layer in manifest["layers"])
    except (FileRefused, ValueError, KeyError, TypeError):
        pass
    try:
        stems = sorted(p.stem for p in layers_dir.glob("*.geojson") if p.stem not in ids)
    except OSError:
        stems = []
    return first, ids + tuple(stems)


# --- helpers ---------------------------------------------------------------------------------------------------


def _data_files(layers_dir: Path) -> list[Path]:
    """What :func:`geo.io.load_catalog` and the chapters read: ``*.json``, ``*.geojson`` and ``schema/*.json``."""
    files: list[Path] = []
    for folder in (layers_dir, layers_dir / "schema"):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        files += [folder / n for n in names if n.endswith((".json", ".geojson"))]
    return files


def _not_private(info: os.stat_result) -> str:
    if stat.S_ISLNK(info.st_mode):
        return "it is a symbolic link"
    if not stat.S_ISDIR(info.st_mode):
        return "it is not a folder"
    if info.st_uid != os.geteuid():
        return f"it belongs to user {info.st_uid}, not {os.geteuid()}"
    if info.st_mode & 0o077:
        return f"others may read or write it (mode {stat.S_IMODE(info.st_mode):o})"
    return ""


def _store(folder: Path, key: str, html: str) -> ServedDocument:
    entry = folder / key
    with contextlib.suppress(FileExistsError):
        entry.mkdir(mode=0o700)
    problem = _not_private(os.lstat(entry))
    if problem:
        raise PermissionError(0, f"entry {entry} refused: {problem}")
    write_text(entry / _INDEX, html, mode=0o600)
    write_text(entry / _DIGEST, hashlib.sha256(html.encode("utf-8")).hexdigest() + "\n", mode=0o600)
    os.utime(entry)  # the entry's mtime is its last use
    return ServedDocument(entry, "built", _fd=_open_locked(entry / _INDEX, shared=True))


def _evict(folder: Path, *, keep: Path | None, log: logging.Logger) -> None:
    """Remove old documents no process holds: all but the newest ``_KEEP``, and any older than ``_MAX_AGE_S``."""
    try:
        entries = [p for p in folder.iterdir() if p != keep and p.is_dir() and not p.is_symlink()]
        entries.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        ages = [time.time() - p.stat().st_mtime for p in entries]
    except OSError:  # another process is evicting at the same time: leave it to that one
        return
    for rank, (entry, age) in enumerate(zip(entries, ages, strict=True)):
        if rank < _KEEP and age < _MAX_AGE_S:
            continue
        fd = _open_locked(entry / _INDEX, shared=False)
        if fd is None and (entry / _INDEX).exists():
            continue  # a process serves it
        try:
            shutil.rmtree(entry, ignore_errors=True)
        finally:
            if fd is not None:
                os.close(fd)
        log.info("map cache: removed %s", entry.name)


def _open_locked(path: Path, *, shared: bool) -> int | None:
    """``path`` opened read-only (a regular file, not a link) and locked; ``None`` if missing or (exclusive) held."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError("not a regular file")
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX | fcntl.LOCK_NB)
        if os.stat(path, follow_symlinks=False).st_ino != os.fstat(fd).st_ino:
            raise OSError("replaced while being locked")
    except OSError:
        os.close(fd)
        return None
    return fd


def _read_fd(fd: int) -> bytes:
    chunks = []
    offset = 0
    while chunk := os.pread(fd, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
        if offset > _FILE_LIMIT:
            raise OSError("document too large")
    return b"".join(chunks)

