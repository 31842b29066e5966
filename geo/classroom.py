"""Classroom material: an A4 handout per chapter and an offline pack (chaptered map, handouts, data, README).

Handouts are the map document itself, opened at the chapter and printed by headless Chromium with the document's
print stylesheet as a tagged PDF: map, date, legend and the chapter on page 1, its type fitted in the browser
(11 pt down to 9 pt, ``handout.js``); sources and then questions that do not fit go to page 2. Nothing is ever cut:
a layout that would end a text outside its page is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from geo.atomic import atomic_path
from geo.chapters import Chapter
from geo.errors import UsageError
from geo.export import Progress
from geo.framing import chapter_bounds
from geo.i18n import date_words, strings
from geo.model import Catalog
from geo.records import csv_text, feature_collection
from geo.render import MapOptions, build_document
from geo.snapshot import Chromium
from geo.view import View

__all__ = ["chapter_options", "handout_setup", "teacher_readme", "write_handout", "write_pack"]


def chapter_options(chapters: Sequence[Chapter], number: int, *, lang: str, swap: bool = False,
                    catalog: Catalog | None = None) -> MapOptions:
    """Map options that open the chaptered document at chapter ``number`` (1-based).

    With the ``catalog``, the map opens framed on the chapter's features (:func:`geo.framing.chapter_bounds`: its
    layers' features active on its date); without it, or when it has none, on the chapter's stored view.
    """
    if not 1 <= number <= len(chapters):
        raise UsageError(f"--chapter must be 1..{len(chapters)}, got {number}")
    chapter = chapters[number - 1]
    lon, lat, zoom = chapter.view
    bounds = chapter_bounds(catalog, chapter) if catalog is not None else None
    return MapOptions(day=chapter.day, lang=lang, swap=swap, visible=frozenset(chapter.layers),
                      view=None if bounds else View(lat=lat, lon=lon, zoom=zoom), bbox=bounds,
                      chapters=tuple(chapters))


def write_handout(catalog: Catalog, chapters: Sequence[Chapter], number: int, output: Path, *, lang: str,
                  today: dt.date, chromium: Chromium, swap: bool = False) -> Path:
    """Chapter ``number``'s handout, an A4 landscape tagged PDF of one or two pages, laid out in the browser before
    it is printed (``presenceMap.layoutHandout``). The layout refuses to print, and Chromium's error says which text,
    when any text box would end outside its page or under a clip."""
    options = chapter_options(chapters, number, lang=lang, swap=swap, catalog=catalog)
    title = f"{chapters[number - 1].title[lang]} — {strings(lang)('app_title')}"
    html = build_document(catalog, replace(options, title=title), today=today)
    return chromium.pdf(html, output, setup=handout_setup(number))


def handout_setup(number: int) -> str:
    """The JS run in the print viewport before printing: open chapter ``number`` and lay its handout out."""
    return f"() => {{ window.presenceMap.goToChapter({int(number)}); return window.presenceMap.layoutHandout(); }}"


def teacher_readme(catalog: Catalog, chapters: Sequence[Chapter], *, lang: str, today: dt.date) -> str:
    """The pack's README in ``lang``: what is inside, how to open it offline, the chapter list, how to cite."""
    text = strings(lang)
    lines = [
        text("app_title"),
        "=" * len(text("app_title")),
        "",
        text("pack_readme", date=date_words(today, lang), version=catalog.dataset.version),
        "",
        f"{text('chapters')}:",
        *(f"  {c.number:2d}. {date_words(c.day, lang)} — {c.title[lang]}" for c in chapters),
        "",
        text("status_note"),
        "",
        f"{catalog.dataset.title}, v{catalog.dataset.version}; "
        f"{text('data_as_of', date=date_words(catalog.dataset.data_as_of, lang))}. {catalog.dataset.licence}.",
    ]
    return "\n".join(lines) + "\n"


def write_pack(catalog: Catalog, chapters: Sequence[Chapter], output: Path, *, lang: str, today: dt.date,
               progress: Progress | None = None, swap: bool = False) -> Path:
    """A zip with ``map.html`` (chaptered, offline), ``handouts/NN-<id>.pdf``, ``data/`` (GeoJSON, CSV), README.txt."""
    if not chapters:
        raise UsageError("there are no chapters (layers/chapters.json) to pack")
    steps = len(chapters) + 2
    done = 0

    def tick(name: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps, Path(name))

    output.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(output) as temp, zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as pack:
        first = chapter_options(chapters, 1, lang=lang, swap=swap)
        pack.writestr("map.html", build_document(catalog, replace(first, visible=None, view=None), today=today))
        tick("map.html")
        with Chromium() as chromium:
            for chapter in chapters:
                name = f"handouts/{chapter.number:02d}-{chapter.id}.pdf"
                target = chromium.scratch / f"{chapter.number:02d}.pdf"
                write_handout(catalog, chapters, chapter.number, target, lang=lang, today=today, chromium=chromium,
                              swap=swap)
                pack.write(target, name)
                tick(name)
        everything = catalog.features
        pack.writestr("data/presence-map.geojson",
                      json.dumps(feature_collection(everything, catalog, swap=swap), ensure_ascii=False, indent=1))
        pack.writestr("data/presence-map.csv", csv_text(everything, catalog, swap=swap))
        pack.writestr("README.txt", teacher_readme(catalog, chapters, lang=lang, today=today))
        tick("data")
    return output

