"""Guided chapters for teaching: ``layers/chapters.json`` (data, not code), checked against its schema.

A chapter is a dated map view (centre lon/lat in EPSG:4326, a Leaflet zoom, the layers to show) with a title, a short
text, two or three discussion questions in each of the five languages, and its sources.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema

from geo.errors import DataError, Problem
from geo.model import LANGUAGES, Source
from geo.temporal import Interval, PartialDate

__all__ = ["CHAPTERS_FILE", "Chapter", "load_chapters"]

CHAPTERS_FILE = "chapters.json"
_SCHEMA = "schema/chapters.schema.json"


@dataclass(frozen=True, slots=True)
class Chapter:
    """One step of a lesson. ``view`` is (lon, lat, zoom): EPSG:4326 degrees, lon first, and a Leaflet zoom."""

    id: str
    number: int
    day: dt.date
    end: dt.date | None
    view: tuple[float, float, float]
    layers: tuple[str, ...]
    title: Mapping[str, str]
    text: Mapping[str, str]
    questions: Mapping[str, tuple[str, ...]]
    sources: tuple[Source, ...]

    @property
    def interval(self) -> Interval:
        """The chapter's period (its day, or day..end)."""
        start = PartialDate.parse(self.day.isoformat())
        return Interval(start, PartialDate.parse(self.end.isoformat()) if self.end else start)


def load_chapters(layers_dir: Path, *, layer_ids: Sequence[str], today: dt.date) -> tuple[Chapter, ...]:
    """Read and check the chapters; ``DataError`` lists every problem (file, chapter id, rule). No file: no chapters."""
    path = layers_dir / CHAPTERS_FILE
    if not path.exists():
        return ()
    file = f"{layers_dir.name}/{CHAPTERS_FILE}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        schema = json.loads((layers_dir / _SCHEMA).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError([Problem(file, "-", "json", str(exc))]) from None
    problems = [
        Problem(file, _label(data, error), "schema", f"{'.'.join(map(str, error.absolute_path)) or 'file'}: {error.message}")
        for error in jsonschema.Draft202012Validator(schema).iter_errors(data)
    ]
    if problems:
        raise DataError(problems)
    chapters = [_chapter(raw, number) for number, raw in enumerate(data["chapters"], start=1)]
    known = set(layer_ids)
    for chapter in chapters:
        unknown = sorted(set(chapter.layers) - known)
        if unknown:
            problems.append(Problem(file, chapter.id, "chapter-layers", f"unknown layer(s) {', '.join(unknown)}"))
        if not dt.date(1991, 1, 1) <= chapter.day <= today:
            problems.append(Problem(file, chapter.id, "date", f"{chapter.day} is outside 1991..{today}"))
        if chapter.end is not None and chapter.end < chapter.day:
            problems.append(Problem(file, chapter.id, "date-order", f"end {chapter.end} is before {chapter.day}"))
    days = [c.day for c in chapters]
    if days != sorted(days):
        problems.append(Problem(file, "-", "chapter-order", "chapters must be in date order"))
    if len({c.id for c in chapters}) != len(chapters):
        problems.append(Problem(file, "-", "id-duplicate", "chapter ids must be unique"))
    if problems:
        raise DataError(problems)
    return tuple(chapters)


def _label(data: Any, error: jsonschema.ValidationError) -> str:
    path = list(error.absolute_path)
    if len(path) >= 2 and path[0] == "chapters" and isinstance(path[1], int):
        try:
            return str(data["chapters"][path[1]]["id"])
        except (KeyError, IndexError, TypeError):
            return f"#{path[1]}"
    return "-"


def _chapter(raw: Mapping[str, Any], number: int) -> Chapter:
    view = raw["view"]
    return Chapter(
        id=raw["id"],
        number=number,
        day=dt.date.fromisoformat(raw["date"]),
        end=dt.date.fromisoformat(raw["end"]) if raw.get("end") else None,
        view=(float(view["center_lon"]), float(view["center_lat"]), float(view["zoom"])),
        layers=tuple(raw["layers"]),
        title=MappingProxyType({lang: raw["title"][lang] for lang in LANGUAGES}),
        text=MappingProxyType({lang: raw["text"][lang] for lang in LANGUAGES}),
        questions=MappingProxyType({lang: tuple(raw["questions"][lang]) for lang in LANGUAGES}),
        sources=tuple(
            Source(s["title"], s["publisher"], PartialDate.parse(s["date"]) if s.get("date") else None, s["url"])
            for s in raw["sources"]
        ),
    )
