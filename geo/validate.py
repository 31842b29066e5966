"""The rules a feature must follow, checked one feature at a time, every problem reported.

The JSON Schema in ``layers/schema/feature.schema.json`` fixes the shape of a feature; this module adds the rules a
schema cannot express: dates that exist and are in order, valid non-empty geometry inside the region, (lon, lat) not
swapped, at most six decimals, known contested-place tokens, figure sources that exist, start dates that are not in
the future, polygon rings wound as RFC 7946 wants (``winding``: reported, the feature kept, since geo.io rewinds
it); :mod:`geo.rawchecks` adds the checks on the raw JSON (finite numbers, coordinate shapes, the vertex budget,
blank text, id format). Each broken rule becomes one :class:`~geo.errors.Problem` naming the file, the feature and the
rule.

Coordinates are EPSG:4326, (lon, lat). Nothing here reads files: :mod:`geo.io` does, and calls these checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.config import MAX_FEATURE_VERTICES, Bounds
from geo.errors import Problem, clip
from geo.model import LANGUAGES, OPTIONAL_LANGUAGES, Feature, Figure, Source
from geo.rawchecks import geometry_problems, id_problems, non_finite_numbers, text_problems, uses_tokens, vertex_count
from geo.safefile import FileRefused, NonFinite, read_json
from geo.temporal import Interval, PartialDate
from geo.toponyms import TOKEN_KEY_RE, Toponyms
from geo.winding import wrong_rings

__all__ = ["RULES", "FeatureRules", "check_feature", "check_toponyms", "load_validator"]

#: Every rule name a Problem can carry, with what it means (also documented in layers/README.md).
RULES: Mapping[str, str] = MappingProxyType(
    {
        "file-size": "the file is larger than the limit and was not read",
        "not-a-file": "the path is a FIFO, a device, a folder or a link to one, not a regular file; it was not read",
        "unreadable": "the file or folder cannot be read (permissions, or it vanished)",
        "utf-8": "the file is not UTF-8 text",
        "json": "the file is not valid JSON, or is nested deeper than 32 levels",
        "feature-collection": "the file is not a GeoJSON FeatureCollection",
        "manifest": "the manifest is missing, or a layer entry or dataset field does not follow its schema or is "
                    "impossible (a date that does not exist or is in the future, a NaN in the view)",
        "missing-layer": "a layer listed in the manifest has no file",
        "schema-file": "a schema in layers/schema cannot be read or is not a valid JSON Schema",
        "schema": "the feature does not follow layers/schema/feature.schema.json",
        "id-missing": "the feature has no id",
        "id-format": "the id is not kebab-case ASCII of at most 80 characters",
        "id-duplicate": "the id is already used by another feature (ids are unique across all layers)",
        "date": "a date is not ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD), not a calendar date, or a start in the future",
        "date-order": "the end is before the start",
        "geometry-invalid": "the geometry cannot be read or is not valid (string coordinates, an unclosed ring, "
                            "self-intersection, too few points...)",
        "vertex-budget": "a feature or a file has more vertices than the map can draw (see layers/README.md)",
        "number": "a number is NaN or infinite (1e400 reads as infinite)",
        "geometry-empty": "the geometry has no coordinates",
        "winding": "a polygon's exterior ring is clockwise or a hole counter-clockwise (RFC 7946 wants exterior rings "
                   "counter-clockwise, holes clockwise); the feature is kept, rewound, but the file should be fixed",
        "lon-lat-swapped": "coordinates look like (lat, lon); GeoJSON order is (lon, lat)",
        "outside-region": "a coordinate lies outside the region's bounding box",
        "coordinate-precision": "a coordinate has more than the allowed decimals",
        "source": "the feature has no usable source (title, publisher, date, http(s) URL)",
        "figure": "a figure points at a source the feature does not have",
        "toponym": "the text uses a {token} that layers/toponyms.json does not define",
        "name": "a required name is missing, empty or blank",
        "text": "a text field is blank (only spaces)",
        "derived": "a derived geometry cannot be built (unknown or non-line feature, geometry given as well, or an "
                   "include/exclude rule that cuts the line or splits the strip)",
        "border": "a point or vertex lies outside every country in its `country` list (more than the tolerance, "
                  "300 m by default, from each, measured in EPSG:32638)",
        "country": "the `country` list is missing (where the dataset requires it), names an unknown code, names a "
                   "country or area the feature never reaches, or omits one it lies in",
        "succession": "a feature that succeeds another leaves days with neither shown (a gap) or with both (an "
                      "overlap) that its `succeeds` entry does not declare",
        "source-policy": "layers/source_policy.json is missing parts or does not follow its schema",
        "source-blocked": "a source is on a domain identified as a disinformation outlet (layers/source_policy.json)",
        "source-mirror": "a source is a mirror or repost (layers/source_policy.json) and does not say why no original is cited",
        "figure-wikipedia": "a figure rests on Wikipedia (any edition) alone; cite the publication Wikipedia cites",
        "data-currency": "data_as_of is too long after the newest source, or a date in the data lies after data_as_of",
        "chapter-layers": "a chapter (layers/chapters.json) shows a layer that does not exist",
        "chapter-order": "the chapters are not in date order",
        "place-schema": "a label in places.json does not follow layers/schema/places.schema.json",
        "place-id-duplicate": "two labels in places.json have the same id",
        "place-region": "a label lies outside the region's bounding box (often: lat and lon swapped)",
        "place-token": "a label names a {token} that layers/toponyms.json does not define",
        "place-country": "a label is not inside its recognised state (2 km tolerance for the simplified borders)",
        "place-area": "a label is not inside the area it names (2 km tolerance for the simplified borders)",
        "place-line": "a label names a reference feature that geo/data/reference.geojson does not have",
        "place-zoom": "max_zoom not above min_zoom, or a capital that does not always show",
    }
)


@dataclass(frozen=True, slots=True)
class FeatureRules:
    """What the checks need besides the feature: the schema validator, the region and the contested names."""

    validator: jsonschema.protocols.Validator
    region: Bounds
    toponyms: Toponyms | None  #: ``None`` when toponyms.json is broken (tokens are then not checked one by one)
    max_decimals: int = 6
    today: dt.date | None = None  #: a start after this day is refused; ``None``: not checked
    max_vertices: int = MAX_FEATURE_VERTICES


def load_validator(schema_path: Path, *, limit: int = 1024 * 1024) -> jsonschema.protocols.Validator:
    """A Draft 2020-12 validator for the feature schema at ``schema_path``.

    Raises ``ValueError`` (the file cannot be read or is not JSON) or ``jsonschema.SchemaError``.
    """
    try:
        schema = read_json(schema_path, limit)
    except FileRefused as exc:
        raise ValueError(f"{exc.rule}: {exc.detail}") from None
    if not isinstance(schema, dict):
        raise ValueError("the schema must be a JSON object")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def feature_label(raw: object, index: int) -> str:
    """The feature's id for messages, or ``#<index>`` when it has none."""
    if isinstance(raw, Mapping):
        props = raw.get("properties")
        if isinstance(props, Mapping) and isinstance(props.get("id"), str) and props["id"]:
            return clip(str(props["id"]))
    return f"#{index}"


def check_feature(
    raw: object, *, file: str, index: int, layer: str, rules: FeatureRules
) -> tuple[Feature | None, list[Problem]]:
    """Check one raw GeoJSON feature and build it.

    Returns the :class:`Feature` (``None`` when any rule is broken) and every problem found. A feature whose
    geometry is ``derived`` comes back with an empty geometry; :mod:`geo.io` builds it once all layers are read.
    """
    label = feature_label(raw, index)
    vertices = vertex_count(raw.get("geometry")) if isinstance(raw, Mapping) else 0
    if vertices > rules.max_vertices:  # refused before any other work: a huge geometry costs seconds per check
        return None, [Problem(file, label, "vertex-budget", f"{vertices:,} vertices; a feature may have at most "
                                                           f"{rules.max_vertices:,} (simplify the line or split it)")]
    problems = [Problem(file, label, rule, detail) for rule, detail in _schema_problems(raw, rules)]
    if not isinstance(raw, Mapping) or not isinstance(raw.get("properties"), Mapping):
        return None, problems
    props: Mapping[str, Any] = raw["properties"]

    def report(rule: str, detail: str) -> None:
        problems.append(Problem(file, label, rule, detail))

    id_checked = any(p.rule in ("id-format", "id-missing") for p in problems)  # the schema has said it already
    for rule, detail in [*non_finite_numbers(raw), *([] if id_checked else id_problems(props)),
                         *text_problems(props, rules.toponyms)]:
        report(rule, detail)
    if rules.toponyms is None and uses_tokens(props):
        report("toponym", "names a contested place, but layers/toponyms.json could not be read")
    interval = _interval(props, report, rules.today)
    geometry = _geometry(raw.get("geometry"), props, rules, report)
    schema_ok = not problems
    sources = _sources(props.get("sources"), report)
    figures = _figures(props.get("figures"), sources, report, rules.today) if schema_ok else ()
    if problems or interval is None or geometry is None:
        return None, problems
    names = {"en": props["name"]} | {
        lang: props[f"name_{lang}"] for lang in LANGUAGES[1:] + OPTIONAL_LANGUAGES if f"name_{lang}" in props
    }
    feature = Feature(
        id=props["id"],
        layer=layer,
        geometry=geometry,
        names=MappingProxyType(names),
        kind=props["kind"],
        operator=props["operator"],
        interval=interval,
        confidence=props["confidence"],
        approximate=props["approximate"],
        description=props["description"],
        sources=sources,
        figures=figures,
        approximate_note=props.get("approximate_note"),
        date_note=props.get("date_note"),
        place=props.get("place"),
        properties=MappingProxyType(dict(props)),
    )
    # a ring wound the wrong way is reported, and the feature kept: geo.io rewinds every geometry (RFC 7946)
    wrong = wrong_rings(raw.get("geometry"))
    if wrong:
        report("winding", f"{'; '.join(wrong[:3])}{' ...' if len(wrong) > 3 else ''}: RFC 7946 wants exterior rings "
                          "counter-clockwise and holes clockwise (`python scripts/rewind_layers.py` fixes the file)")
    return feature, problems


def check_toponyms(raw: object) -> list[str]:
    """Problems of the contested-names table, as plain messages (the file is ``toponyms.json``)."""
    if not isinstance(raw, Mapping):
        return ["the file must be an object of token -> {variants: [...]}"]
    messages: list[str] = []
    for key, entry in raw.items():
        if key.startswith("$"):
            continue
        variants = entry.get("variants") if isinstance(entry, Mapping) else None
        if not isinstance(variants, list) or len(variants) < 2:
            messages.append(f"{key}: needs at least two variants (a contested name has more than one form)")
            continue
        if not TOKEN_KEY_RE.fullmatch(key):
            messages.append(f"{key[:80]!r}: a token is a-z, 0-9 and _, starting with a letter")
            continue
        for i, variant in enumerate(variants):
            missing = [k for k in ("usage", *LANGUAGES)
                       if not (isinstance(variant, Mapping) and isinstance(variant.get(k), str) and variant[k].strip())]
            if missing:
                messages.append(f"{key}: variant {i} lacks {', '.join(missing)} (non-blank text)")
            elif any(not isinstance(v, str) for v in variant.values()):
                messages.append(f"{key}: variant {i} has a value that is not text")
    return messages


# --- the rules -------------------------------------------------------------------------------------------------


def _schema_problems(raw: object, rules: FeatureRules) -> Iterator[tuple[str, str]]:
    try:
        errors = sorted(rules.validator.iter_errors(raw), key=lambda e: [str(p) for p in e.absolute_path])
    except (OverflowError, ValueError, RecursionError) as exc:  # jsonschema computing with an infinite number
        yield "number", f"the feature cannot be checked against the schema: {exc}"
        return
    for error in errors:
        if isinstance(error.instance, NonFinite):
            continue  # reported once, as rule "number"
        path = ".".join(str(p) for p in error.absolute_path) or "feature"
        yield _rule_for(error), f"{path}: {error.message}"


def _rule_for(error: jsonschema.ValidationError) -> str:
    path = [str(p) for p in error.absolute_path]
    if error.validator == "required" and path == ["properties"]:
        missing = str(error.message).split("'")[1] if "'" in str(error.message) else ""
        if missing == "id":
            return "id-missing"
        if missing.startswith("name"):
            return "name"
        if missing == "sources":
            return "source"
    if len(path) >= 2 and path[0] == "properties":
        field = path[1]
        if field in ("start", "end"):
            return "date"
        if field == "sources":
            return "source"
        if field.startswith("name"):
            return "name"
        if field == "id":
            return "id-format"
    if path == ["id"]:
        return "id-format"
    return "schema"


def _interval(props: Mapping[str, Any], report: Any, today: dt.date | None) -> Interval | None:
    start = _date(props.get("start"), "start", report)
    end_raw = props.get("end")
    end = None if end_raw is None else _date(end_raw, "end", report)
    if start is None or (end_raw is not None and end is None):
        return None
    if today is not None and start.first_day() > today:
        report("date", f"start {start} is after today ({today}); the map shows what was, not what may be")
        return None
    if end is not None and end.last_day() < start.first_day():
        report("date-order", f"end {end} is before start {start}")
        return None
    return Interval(start, end)


def _date(value: object, key: str, report: Any) -> PartialDate | None:
    if not isinstance(value, str):
        return None  # the schema has reported it
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        if "calendar" in str(exc):  # a well-formed date that does not exist; the schema cannot see this
            report("date", f"{key}: {exc}")
        return None


def _geometry(raw: object, props: Mapping[str, Any], rules: FeatureRules, report: Any) -> BaseGeometry | None:
    if "derived" in props:
        if raw is not None:
            report("derived", "a derived feature must have \"geometry\": null (it is computed from derived.buffer_of)")
            return None
        return shapely.Point()  # placeholder; geo.io builds the buffer
    if raw is None:
        report("geometry-empty", "geometry is null (only derived features may have no geometry)")
        return None
    if not isinstance(raw, Mapping):
        return None  # the schema has reported it
    found = geometry_problems(raw, max_vertices=rules.max_vertices)
    for rule, detail in found:
        report(rule, detail)
    if found:
        return None
    try:
        geometry = shape(raw)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, shapely.errors.GEOSException) as exc:
        report("geometry-invalid", f"cannot read {raw.get('type')} geometry: {exc}")
        return None
    if geometry.is_empty:
        report("geometry-empty", f"the {geometry.geom_type} has no coordinates")
        return None
    coords = shapely.get_coordinates(geometry)
    bad_place = [(x, y) for x, y in coords if not rules.region.contains(x, y)]
    if bad_place:
        x, y = bad_place[0]
        if all(rules.region.contains(lat, lon) for lon, lat in bad_place):
            report("lon-lat-swapped", f"({x}, {y}) is outside the region, ({y}, {x}) is inside: write [lon, lat]")
        else:
            report("outside-region", f"({x}, {y}) is outside lon {rules.region.west}..{rules.region.east}, "
                   f"lat {rules.region.south}..{rules.region.north}")
        return None
    if not geometry.is_valid:
        report("geometry-invalid", shapely.is_valid_reason(geometry))
        return None
    too_precise = [v for v in _raw_numbers(raw.get("coordinates")) if _decimals(v) > rules.max_decimals]
    if too_precise:
        report("coordinate-precision", f"{too_precise[0]!r} has more than {rules.max_decimals} decimals")
        return None
    return geometry


def _raw_numbers(value: object) -> Iterator[float]:
    if isinstance(value, (int, float)):
        yield float(value)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        for item in value:
            yield from _raw_numbers(item)


def _decimals(value: float) -> int:
    text = repr(value)
    if "e" in text or "E" in text:
        return 99
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def _sources(raw: object, report: Any) -> tuple[Source, ...]:
    if not isinstance(raw, list):
        return ()
    sources: list[Source] = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping):
            continue
        url = item.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            continue  # the schema has reported it
        date_raw = item.get("date")
        date = None
        if isinstance(date_raw, str):
            try:
                date = PartialDate.parse(date_raw)
            except ValueError as exc:
                report("source", f"sources.{i}.date: {exc}")
        sources.append(Source(str(item.get("title", "")), str(item.get("publisher", "")), date, url, item.get("note")))
    return tuple(sources)


def _figures(raw: object, sources: tuple[Source, ...], report: Any, today: dt.date | None) -> tuple[Figure, ...]:
    if not isinstance(raw, list):
        return ()
    figures: list[Figure] = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping) or not isinstance(item.get("source"), int):
            continue
        if not 0 <= item["source"] < len(sources):
            report("figure", f"figures.{i}.source is {item['source']}, but the feature has {len(sources)} source(s)")
            continue
        try:
            as_of = PartialDate.parse(item.get("as_of", ""))
        except ValueError as exc:
            report("date", f"figures.{i}.as_of: {exc}")
            continue
        if today is not None and as_of.first_day() > today:
            report("date", f"figures.{i}.as_of {as_of} is after today ({today})")
            continue
        figures.append(
            Figure(
                label=item["label"],
                value=float(item["value"]),
                as_of=as_of,
                source=sources[item["source"]],
                unit=item.get("unit"),
                approx=bool(item.get("approx", False)),
                note=item.get("note"),
            )
        )
    return tuple(figures)
