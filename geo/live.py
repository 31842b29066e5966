"""The catalog a long-running app serves, reloaded when the layer files change.

The app keeps one :class:`LiveCatalog` per layers folder for its whole life (one process serves every reader).
:meth:`LiveCatalog.get` looks at the data files' fingerprint (name, size, modification time in ns and inode of each)
at most every ``every_s`` seconds; when it changed, the folder is read again:

* an edit that brings no new problem replaces the served data: new readers see it without a restart;
* an edit that brings a new problem (a syntax error, a broken feature, a broken chapter) is refused: the last good
  data stays on the map, and the refused edit's problems are kept in :attr:`Snapshot.refused` for the maintainer
  (and logged), not shown to readers as an error.

Importing this module is light (the loader is imported on first use), so the app can ask for the cached document
before the validation stack is loaded.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from geo.appcache import data_digest
from geo.config import Settings

if TYPE_CHECKING:
    from geo.chapters import Chapter
    from geo.errors import Problem
    from geo.io import LoadResult

__all__ = ["LiveCatalog", "Snapshot", "fingerprint"]

Fingerprint = tuple[tuple[str, int, int, int], ...]
_LOG = logging.getLogger("geo.live")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The data being served: the load result, the chapters, the data digest, and a refused edit's problems."""

    result: LoadResult
    chapters: tuple[Chapter, ...]
    chapter_problems: tuple[Problem, ...]
    digest: str
    fingerprint: Fingerprint
    day: dt.date
    refused: tuple[Problem, ...] = ()

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem of the data served (layers and chapters)."""
        return self.result.problems + self.chapter_problems


def fingerprint(layers_dir: Path) -> Fingerprint:
    """(name, size, mtime_ns, inode) of every data file (see :func:`geo.appcache.data_digest`); cheap, never raises."""
    entries: list[tuple[str, int, int, int]] = []
    for folder in (layers_dir, layers_dir / "schema"):
        try:
            names = sorted(n for n in os.listdir(folder) if n.endswith((".json", ".geojson")))
        except OSError as exc:
            entries.append((f"{folder}: {exc.strerror}", -1, -1, -1))
            continue
        for name in names:
            try:
                info = os.stat(folder / name)
            except OSError:
                entries.append((f"{folder.name}/{name}", -1, -1, -1))
            else:
                entries.append((f"{folder.name}/{name}", info.st_size, info.st_mtime_ns, info.st_ino))
    return tuple(entries)


class LiveCatalog:
    """The catalog of one layers folder, reloaded on change; thread-safe (Streamlit runs sessions in threads)."""

    def __init__(self, layers_dir: Path, *, every_s: float = 3.0, clock: Callable[[], float] = time.monotonic,
                 loader: Callable[[Settings], LoadResult] | None = None) -> None:
        self.layers_dir = layers_dir
        self.every_s = every_s
        self._clock = clock
        self._loader = loader
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._seen: tuple[Fingerprint, dt.date] | None = None
        self._checked_at = float("-inf")

    def peek(self) -> Snapshot | None:
        """What is served now, without looking at the files (``None`` before the first :meth:`get`)."""
        return self._snapshot

    def get(self, today: dt.date) -> Snapshot:
        """The data to serve on ``today``: reloaded if the files changed since the last look (at most every_s)."""
        with self._lock:
            now = self._clock()
            if self._snapshot is not None and now - self._checked_at < self.every_s:
                return self._snapshot
            self._checked_at = now
            seen = (fingerprint(self.layers_dir), today)
            if self._snapshot is not None and seen == self._seen:
                return self._snapshot
            self._seen = seen
            fresh = self._load(today, seen[0])
            self._snapshot = self._choose(self._snapshot, fresh)
            return self._snapshot

    # --- internals -------------------------------------------------------------------------------------------

    def _load(self, today: dt.date, seen: Fingerprint) -> Snapshot:
        from geo.chapters import load_chapters
        from geo.errors import DataError
        from geo.io import load_catalog

        loader = self._loader or load_catalog
        for _ in range(3):  # the files may change while they are read: the digest must be of what was loaded
            before = data_digest(self.layers_dir)
            result = loader(Settings(layers_dir=self.layers_dir, today=today))
            chapter_problems: tuple[Problem, ...] = ()
            try:
                chapters = load_chapters(self.layers_dir, layer_ids=[layer.id for layer in result.catalog.layers],
                                         today=today)
            except DataError as exc:
                chapters, chapter_problems = (), exc.problems
            if data_digest(self.layers_dir) == before:
                break
        return Snapshot(result, chapters, chapter_problems, before, seen, today)

    @staticmethod
    def _choose(served: Snapshot | None, fresh: Snapshot) -> Snapshot:
        """The fresh data unless it brings a problem the served data does not have."""
        if served is None:
            return fresh
        known = {str(p) for p in served.problems}
        new = tuple(p for p in fresh.problems if str(p) not in known)
        if not new:
            if served.digest != fresh.digest:
                _LOG.info("layer files changed: serving the new data (%s)", fresh.digest[:12])
            return fresh
        _LOG.warning("layer files changed, but the change brings %d new problem(s); the last good data stays on the "
                     "map. First: %s", len(new), new[0])
        return replace(served, refused=new)
