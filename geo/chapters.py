"""Guided chapters for teaching: ``layers/chapters.json`` (data, not code), checked against its schema.

A chapter is a dated map view (centre lon/lat in EPSG:4326, a Leaflet zoom, the layers to show) with a title, a short
text, two or three discussion questions in each of the five languages, and its sources.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema

from geo.errors import DataError, Problem
from geo.model import LANGUAGES, Source
from geo.rawchecks import ID_RE
from geo.safefile import FileRefused, NonFinite, read_json
from geo.temporal import Interval, PartialDate, Precision

__all__ = ["CHAPTERS_FILE", "Chapter", "load_chapters"]

CHAPTERS_FILE = "chapters.json"
_SCHEMA = "schema/chapters.schema.json"
_LIMIT = 8 * 1024 * 1024


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
    file = f"{layers_dir.name}/{CHAPTERS_FILE}"
    try:
        if not path.exists():
            return ()
        data = read_json(path, _LIMIT)
    except OSError as exc:
        raise DataError([Problem(file, "-", "unreadable", exc.strerror or str(exc))]) from None
    except FileRefused as exc:
        raise DataError([Problem(file, "-", exc.rule, exc.detail)]) from None
    try:
        errors = list(jsonschema.Draft202012Validator(read_json(layers_dir / _SCHEMA, _LIMIT)).iter_errors(data))
    except (FileRefused, jsonschema.SchemaError, TypeError, AttributeError) as exc:
        raise DataError([Problem(f"{layers_dir.name}/{_SCHEMA}", "-", "schema-file", str(exc)[:200])]) from None
    problems = [
        Problem(file, _label(data, error), "number" if isinstance(error.instance, NonFinite) else "schema",
                f"{'.'.join(map(str, error.absolute_path)) or 'file'}: {error.message}")
        for error in errors
    ]
    if problems:
        raise DataError(problems)
    chapters: list[Chapter] = []
    for number, raw in enumerate(data["chapters"], start=1):
        label = str(raw["id"])
        found = _raw_problems(raw)
        if not found:
            try:
                chapters.append(_chapter(raw, number))
            except ValueError as exc:
                found.append(("date", str(exc)))
        problems += [Problem(file, label, rule, detail) for rule, detail in found]
    if problems:
        raise DataError(problems)
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


def _raw_problems(raw: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What the schema cannot see: an id with a trailing newline, blank text."""
    found: list[tuple[str, str]] = []
    if not ID_RE.fullmatch(raw["id"]):
        found.append(("id-format", f"{raw['id'][:80]!r} is not kebab-case"))
    for group in ("title", "text"):
        found += [("text", f"{group}.{lang} is blank") for lang in LANGUAGES if not raw[group][lang].strip()]
    found += [("text", f"questions.{lang} has a blank question")
              for lang in LANGUAGES if any(not q.strip() for q in raw["questions"][lang])]
    return found


def _day(text: str) -> dt.date:
    date = PartialDate.parse(text)
    if date.precision is not Precision.DAY:
        raise ValueError(f"{text!r} is not a full day")
    return date.first_day()


def _chapter(raw: Mapping[str, Any], number: int) -> Chapter:
    """The chapter; ``ValueError`` names a date that does not exist (the schema only checks the pattern)."""
    view = raw["view"]
    return Chapter(
        id=raw["id"],
        number=number,
        day=_day(raw["date"]),
        end=_day(raw["end"]) if raw.get("end") else None,
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
