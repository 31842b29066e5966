"""The manifest (``layers/manifest.json``): the dataset's facts and the list of layers, checked entry by entry.

One bad layer entry (an id such as ``../../etc/passwd``, a missing colour) loses only itself: the other entries are
kept, and a file whose layer entry was refused is still read as an extra layer. One bad dataset field (an impossible
``data_as_of``, a NaN in the view) falls back to a neutral default. Each problem is reported with rule ``manifest``;
the commands that publish a map refuse to go on while there is one (see :mod:`geo.cli`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema

from geo.config import Settings
from geo.errors import Problem
from geo.model import Dataset
from geo.rawchecks import non_finite_numbers
from geo.safefile import FileRefused, NonFinite, read_json
from geo.temporal import PartialDate, Precision

__all__ = ["LAYER_ID_RE", "LayerEntry", "Manifest", "default_manifest", "read_manifest"]

#: A layer id (also the file's stem): the schema's pattern, matched whole (``$`` would allow a trailing newline).
LAYER_ID_RE = re.compile(r"[a-z][a-z0-9_]*")
_COLOR_RE = re.compile(r"#[0-9A-Fa-f]{6}")
MANIFEST_SCHEMA = "schema/manifest.schema.json"
_SCHEMA_BYTES = 1024 * 1024
_DEFAULT_TITLE = "Russian military presence in the South Caucasus"
_DEFAULT_FIRST = dt.date(1992, 1, 1)
_DEFAULT_VIEW = (44.5, 41.0, 6.5)


@dataclass(frozen=True, slots=True)
class LayerEntry:
    """One layer as the manifest lists it; ``color`` is ``#RRGGBB``."""

    id: str
    title: str
    description: str
    order: int
    visible: bool
    color: str


@dataclass(frozen=True, slots=True)
class Manifest:
    """The dataset's facts (defaults where a field was refused) and the layer entries that passed."""

    dataset: Dataset
    layers: tuple[LayerEntry, ...]
    #: ``dataset.borders`` as written (``tolerance_m``, ``require_country``; read by :func:`geo.borders.border_rules`).
    borders: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


def default_manifest(settings: Settings) -> Manifest:
    """No layers and the default dataset facts (for a folder without a usable manifest)."""
    return Manifest(_dataset({}, set(), settings), ())


def read_manifest(root: Path, file: str, settings: Settings, problems: list[Problem]) -> Manifest:
    """Read and check ``root/manifest.json``; every problem is appended to ``problems`` (``file`` names it)."""

    def report(detail: str) -> None:
        problems.append(Problem(file, "-", "manifest", detail))

    try:
        data = read_json(root / "manifest.json", settings.max_layer_bytes)
    except FileRefused as exc:
        problems.append(Problem(file, "-", exc.rule, exc.detail))
        return default_manifest(settings)
    try:
        validator = jsonschema.Draft202012Validator(read_json(root / MANIFEST_SCHEMA, _SCHEMA_BYTES))
        errors = list(validator.iter_errors(data))
    except (OverflowError, ValueError, RecursionError) as exc:  # jsonschema computing with an infinite number
        report(f"cannot be checked against {MANIFEST_SCHEMA}: {exc}")
        return default_manifest(settings)
    except (FileRefused, jsonschema.SchemaError, TypeError, AttributeError) as exc:
        detail = f"{exc.rule}: {exc.detail}" if isinstance(exc, FileRefused) else (str(exc).splitlines() or ["?"])[0]
        problems.append(Problem(file.replace("manifest.json", MANIFEST_SCHEMA), "-", "schema-file", f"cannot use it: {detail}"))
        return default_manifest(settings)

    bad_fields: set[str] = set()
    bad_entries: set[int] = set()
    for error in errors:
        path = list(error.absolute_path)
        if isinstance(error.instance, NonFinite) and path[:1] == ["dataset"]:
            continue  # reported once below, by the finite-number check
        report(f"{'.'.join(str(p) for p in path) or 'manifest'}: {error.message}")
        if len(path) >= 2 and path[0] == "dataset":
            bad_fields.add(str(path[1]))
        elif len(path) >= 2 and path[0] == "layers" and isinstance(path[1], int):
            bad_entries.add(path[1])
        elif path in ([], ["dataset"]) and error.validator == "type":
            bad_fields.add("*")
    meta = data.get("dataset") if isinstance(data, Mapping) else None
    meta = meta if isinstance(meta, Mapping) else {}
    bad_fields |= _dataset_problems(meta, settings, report)
    raw_layers = data.get("layers") if isinstance(data, Mapping) else None
    entries = _entries(raw_layers if isinstance(raw_layers, list) else [], bad_entries, report)
    borders = meta.get("borders") if "borders" not in bad_fields else None
    return Manifest(_dataset(meta, bad_fields, settings), entries,
                    MappingProxyType(dict(borders)) if isinstance(borders, Mapping) else MappingProxyType({}))


# --- the checks ------------------------------------------------------------------------------------------------


def _dataset_problems(meta: Mapping[str, Any], settings: Settings, report: Any) -> set[str]:
    """What the schema cannot see: finite numbers, calendar dates in order and not in the future, blank text."""
    bad: set[str] = set()
    for _, detail in non_finite_numbers(meta, skip=frozenset()):
        report(f"dataset.{detail}")
        bad.add("view")
    days: dict[str, dt.date] = {}
    for key in ("data_as_of", "first_date"):
        day = _day(meta.get(key))
        if isinstance(meta.get(key), str) and day is None:
            report(f"dataset.{key}: {meta[key][:40]!r} is not a calendar day (YYYY-MM-DD)")
            bad.add(key)
        elif day is not None and day > settings.today:
            report(f"dataset.{key}: {day} is after today ({settings.today})")
            bad.add(key)
        elif day is not None:
            days[key] = day
    if "first_date" in days and "data_as_of" in days and days["first_date"] > days["data_as_of"]:
        report(f"dataset.first_date: {days['first_date']} is after data_as_of {days['data_as_of']}")
        bad.add("first_date")
    for key in ("title", "licence", "credit"):
        if isinstance(meta.get(key), str) and not meta[key].strip():
            report(f"dataset.{key} is blank")
            bad.add(key)
    return bad


def _entries(raw: list[Any], bad: set[int], report: Any) -> tuple[LayerEntry, ...]:
    entries: list[LayerEntry] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        if index in bad:
            continue  # the schema has reported it
        entry = _entry(item)
        where = f"layers.{index}"
        if isinstance(entry, str):
            report(f"{where}: {entry}")
        elif entry.id in seen:
            report(f"{where}.id: {entry.id!r} is listed twice")
        else:
            seen.add(entry.id)
            entries.append(entry)
    return tuple(entries)


def _entry(item: object) -> LayerEntry | str:
    """The entry, or why it cannot be used (checked here too: the schema is data and may be edited)."""
    if not isinstance(item, Mapping):
        return "is not an object"
    layer_id, title, description = item.get("id"), item.get("title"), item.get("description")
    order, visible, style = item.get("order"), item.get("visible"), item.get("style")
    color = style.get("color") if isinstance(style, Mapping) else None
    if not isinstance(layer_id, str) or not LAYER_ID_RE.fullmatch(layer_id):
        return f"id {str(layer_id)[:80]!r} is not a layer id (a-z, 0-9, _; starting with a letter)"
    if not (isinstance(title, str) and title.strip() and isinstance(description, str) and description.strip()):
        return f"the title or description of {layer_id!r} is missing or blank"
    if isinstance(order, bool) or not isinstance(order, int) or not isinstance(visible, bool):
        return f"{layer_id!r} needs an integer order and a true/false visible"
    if not isinstance(color, str) or not _COLOR_RE.fullmatch(color):
        return f"{layer_id!r} needs style.color as #RRGGBB"
    return LayerEntry(layer_id, title, description, order, visible, color)


def _dataset(meta: Mapping[str, Any], bad: set[str], settings: Settings) -> Dataset:
    def text(key: str, default: str) -> str:
        value = meta.get(key)
        return value if isinstance(value, str) and key not in bad and "*" not in bad else default

    def day(key: str, default: dt.date) -> dt.date:
        value = _day(meta.get(key)) if key not in bad and "*" not in bad else None
        return value or default

    view = meta.get("view")
    raw = [view.get(k) for k in ("center_lon", "center_lat", "zoom")] if isinstance(view, Mapping) else []
    numbers = [float(n) for n in raw if isinstance(n, (int, float)) and not isinstance(n, bool)]
    usable = "view" not in bad and "*" not in bad and len(numbers) == 3
    return Dataset(
        title=text("title", _DEFAULT_TITLE),
        version=text("version", "0.0.0"),
        data_as_of=day("data_as_of", settings.today),
        first_date=day("first_date", _DEFAULT_FIRST),
        licence=text("licence", ""),
        credit=text("credit", ""),
        view=(numbers[0], numbers[1], numbers[2]) if usable else _DEFAULT_VIEW,
    )


def _day(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        date = PartialDate.parse(value)
    except ValueError:
        return None
    return date.first_day() if date.precision is Precision.DAY else None
