"""Files for articles: the self-contained HTML map, its embed code, and one map per key event.

The HTML file is :func:`geo.render.build_document` unchanged (the same document the app shows): Leaflet, our JS and
CSS, the data and the Natural Earth basemap are inside it, so it opens from disk with no network.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from geo.atomic import write_text
from geo.elements import render_template
from geo.model import Catalog, Feature
from geo.render import MapOptions, build_document
from geo.toponyms import resolve

__all__ = ["Progress", "TextProgress", "each_event", "embed_snippet", "event_features", "event_file_name"]

#: Called after each file: (done, total, path).
Progress = Callable[[int, int, Path], None]


def embed_snippet(src: str, *, title: str, height: str = "min(80vh, 640px)") -> str:
    """The embed code for an article: a comment on the sandbox, a responsive sandboxed iframe (full width, a sensible
    height, a title for screen readers), and an optional script that lets the map size its frame.

    ``src`` is where the article will serve the HTML file (a relative path or URL); ``title`` and ``height`` (a CSS
    length) are plain text, escaped by the template (``geo/templates/embed.html.j2``). The sandbox is
    ``allow-scripts allow-popups allow-popups-to-escape-sandbox``: the map runs its own script, and its source links
    (``target="_blank"``) open the publications in ordinary tabs.
    """
    return render_template("embed.html.j2", src=src, title=title, height=height)


def event_features(catalog: Catalog, *, first: dt.date | None = None, last: dt.date | None = None) -> list[Feature]:
    """The key events (layer ``events``) by date, optionally within ``first``..``last``."""
    events = [f for layer in catalog.layers if layer.id == "events" for f in layer.features]
    return sorted(
        (f for f in events if (first is None or f.interval.first >= first) and (last is None or f.interval.first <= last)),
        key=lambda f: (f.interval.first, f.id),
    )


def event_file_name(feature: Feature) -> str:
    """``2020-11-10-event-2020-11-10-ceasefire-statement.html``: date first so files sort by time."""
    slug = re.sub(r"[^a-z0-9-]+", "-", feature.id.lower()).strip("-")
    return f"{feature.interval.first.isoformat()}-{slug}.html"


def each_event(
    catalog: Catalog, options: MapOptions, out_dir: Path, *, today: dt.date, progress: Progress | None = None
) -> list[Path]:
    """Write one HTML map per key event, opened on the event's day, titled with its name; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    events = event_features(catalog, first=options.first, last=options.last)
    written: list[Path] = []
    for done, feature in enumerate(events, start=1):
        name = resolve(feature.names.get(options.lang, feature.name), options.lang, catalog.toponyms, swap=options.swap)
        title = f"{name}: {options.title}" if options.title else name
        html = build_document(catalog, replace(options, day=feature.interval.first, title=title), today=today)
        path = out_dir / event_file_name(feature)
        write_text(path, html)
        written.append(path)
        if progress is not None:
            progress(done, len(events), path)
    return written


class TextProgress:
    """A one-line progress bar on a text stream: ``[#####-----] 12/59 file.html``."""

    def __init__(self, stream: TextIO, *, width: int = 30) -> None:
        self.stream = stream
        self.width = width

    def __call__(self, done: int, total: int, path: Path) -> None:
        filled = self.width * done // max(total, 1)
        line = f"\r[{'#' * filled}{'-' * (self.width - filled)}] {done}/{total} {path.name[:50]:<50}"
        self.stream.write(line + ("\n" if done == total else ""))
        self.stream.flush()

