"""Checks on a feature as read from JSON, before it becomes shapely geometry and typed values.

What the JSON Schema cannot say, checked here without recursion (a hostile file must not overflow the stack):

* numbers that are not finite: ``NaN``, ``Infinity``, ``1e400`` (rule ``number``; :mod:`geo.safefile` reads them
  as :class:`~geo.safefile.NonFinite` text, a float NaN is caught as well);
* coordinates that are strings, positions that are not ``[lon, lat]``, lines with one position, rings that are not
  closed (rule ``geometry-invalid``), and more vertices than the budget (rule ``vertex-budget``);
* text that is blank (rules ``name`` and ``text``), contested-place tokens in any text field (rule ``toponym``);
* ids that only look kebab-case (a trailing newline passes the schema's ``$``; rule ``id-format``).

Each check returns ``(rule, detail)`` pairs; :mod:`geo.validate` turns them into problems. Coordinates are EPSG:4326,
(lon, lat).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from geo.safefile import NonFinite
from geo.toponyms import RESOLVED_FIGURE_KEYS, RESOLVED_KEYS, Toponyms, tokens_in

__all__ = [
    "ID_RE",
    "MAX_ID_LENGTH",
    "geometry_problems",
    "id_problems",
    "non_finite_numbers",
    "text_problems",
    "vertex_count",
]

#: A feature id: kebab-case ASCII, at most :data:`MAX_ID_LENGTH` characters (matched whole, not with ``$``).
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_LENGTH = 80

#: How deep the positions sit in each geometry type's ``coordinates`` (Point: the position itself).
_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}
#: The position sequences that must be lines (>= 2 positions) or closed rings (>= 4, first == last).
_SEQUENCE = {"LineString": "line", "MultiLineString": "line", "Polygon": "ring", "MultiPolygon": "ring"}
_PROBLEMS_PER_CHECK = 3  # enough to see the pattern; a million broken positions are not a million lines


Pair = tuple[str, str]


def non_finite_numbers(value: object, *, skip: frozenset[str] = frozenset({"geometry"})) -> list[Pair]:
    """``number`` problems for every NaN/Infinity (``1e400`` reads as Infinity) in ``value``, by JSON path."""
    found: list[Pair] = []
    stack: list[tuple[str, object]] = [("", value)]
    while stack and len(found) < _PROBLEMS_PER_CHECK:
        path, item = stack.pop()
        if _not_finite(item):
            found.append(("number", f"{path or 'value'} is {_number_name(item)}; numbers must be finite"))
        elif isinstance(item, Mapping):
            stack.extend((f"{path}.{k}" if path else str(k), v) for k, v in item.items() if not (not path and k in skip))
        elif isinstance(item, list):
            stack.extend((f"{path}.{i}", v) for i, v in enumerate(item))
    return found


def vertex_count(geometry: object) -> int:
    """How many positions a raw GeoJSON geometry has (0 when it cannot be read; :func:`geometry_problems` says why)."""
    if not isinstance(geometry, Mapping) or geometry.get("type") not in _DEPTH:
        return 0
    nodes = _level(geometry.get("coordinates"), _DEPTH[geometry["type"]])
    return len(nodes) if nodes is not None else 0


def geometry_problems(geometry: object, *, max_vertices: int) -> list[Pair]:
    """Problems of a raw GeoJSON geometry's coordinates, found before shapely reads them."""
    if not isinstance(geometry, Mapping) or geometry.get("type") not in _DEPTH:
        return []  # the schema reports the type
    kind = geometry["type"]
    coords = geometry.get("coordinates")
    depth = _DEPTH[kind]
    positions = _level(coords, depth)
    if positions is None:
        return [("geometry-invalid", f"a {kind}'s coordinates must be arrays nested {depth + 1} deep")]
    if len(positions) > max_vertices:
        return [("vertex-budget", f"{len(positions):,} vertices; a feature may have at most {max_vertices:,} "
                                  "(simplify the line or split the feature)")]
    found = list(_position_problems(positions))
    if kind in _SEQUENCE and not found:
        sequences = _level(coords, depth - 1) or []
        found += _sequence_problems(sequences, _SEQUENCE[kind])
    return found[:_PROBLEMS_PER_CHECK]


def id_problems(props: Mapping[str, Any]) -> list[Pair]:
    """``id-format`` when the id is a string the schema let through but is not whole kebab-case."""
    value = props.get("id")
    if not isinstance(value, str):
        return []  # missing or not a string: the schema reports it
    if len(value) > MAX_ID_LENGTH:
        return [("id-format", f"the id is {len(value):,} characters long; at most {MAX_ID_LENGTH}")]
    if not ID_RE.fullmatch(value):
        return [("id-format", f"{value!r} is not kebab-case (a-z, 0-9 and single hyphens)")]
    return []


def text_problems(props: Mapping[str, Any], toponyms: Toponyms | None) -> list[Pair]:
    """Blank text in any field, and tokens that ``toponyms`` does not define in any field where tokens are resolved.

    ``toponyms`` is ``None`` when ``toponyms.json`` could not be read; unknown tokens are then not reported one by
    one (the broken file is the one cause, reported once by :mod:`geo.io`).
    """
    found: list[Pair] = []
    for key, text, resolved in _texts(props):
        if not text.strip():
            found.append(("name" if key.startswith("name") else "text", f"{key} is blank"))
        if resolved and toponyms is not None:
            found += [("toponym", f"{key} uses {{{token}}}, which layers/toponyms.json does not define")
                      for token in tokens_in(text) if token not in toponyms]
    return found


def uses_tokens(props: Mapping[str, Any]) -> bool:
    """True when a field where tokens are resolved names a contested place."""
    return any(resolved and tokens_in(text) for _, text, resolved in _texts(props))


# --- helpers ---------------------------------------------------------------------------------------------------


def _level(coords: object, depth: int) -> list[Any] | None:
    """The items ``depth`` array levels below ``coords`` (``[coords]`` for depth 0); ``None`` if one is not an array."""
    nodes: list[Any] = [coords]
    for _ in range(depth):
        below: list[Any] = []
        for node in nodes:
            if not isinstance(node, list):
                return None
            below.extend(node)
        nodes = below
    return nodes


def _position_problems(positions: list[Any]) -> Iterator[Pair]:
    shown = 0
    for index, position in enumerate(positions):
        detail = _position_detail(position)
        if detail is not None:
            rule = "number" if "finite" in detail else "geometry-invalid"
            yield rule, f"position {index}: {detail}"
            shown += 1
            if shown == _PROBLEMS_PER_CHECK:
                return


def _position_detail(position: object) -> str | None:
    if not isinstance(position, list):
        return f"{_short(position)} is not a [lon, lat] array"
    if len(position) != 2:
        return f"has {len(position)} numbers; write [lon, lat]"
    for value in position:
        if _not_finite(value):
            return f"{_number_name(value)} is not finite"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"{_short(value)} is a {type(value).__name__}, not a number"
    return None


def _sequence_problems(sequences: list[Any], kind: str) -> list[Pair]:
    found: list[Pair] = []
    for index, sequence in enumerate(sequences):
        if kind == "line" and len(sequence) < 2:
            found.append(("geometry-invalid", f"line {index} has {len(sequence)} position(s); a line needs 2"))
        elif kind == "ring" and len(sequence) < 4:
            found.append(("geometry-invalid", f"ring {index} has {len(sequence)} position(s); a ring needs 4"))
        elif kind == "ring" and sequence[0] != sequence[-1]:
            found.append(("geometry-invalid", f"ring {index} is not closed: it starts at {sequence[0]} and ends at "
                                              f"{sequence[-1]} (repeat the first position at the end)"))
    return found


def _texts(props: Mapping[str, Any]) -> Iterator[tuple[str, str, bool]]:
    """(key, text, tokens resolved there) for every text of a feature's properties."""
    for key, value in props.items():
        if isinstance(value, str) and key not in ("id", "start", "end", "kind", "confidence"):
            yield key, value, key in RESOLVED_KEYS
    for group, resolved_keys in (("figures", RESOLVED_FIGURE_KEYS), ("sources", ())):
        items = props.get(group)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, Mapping):
                for key, value in item.items():
                    if isinstance(value, str) and key not in ("label", "as_of", "date", "url"):
                        yield f"{group}.{i}.{key}", value, key in resolved_keys


def _not_finite(value: object) -> bool:
    return isinstance(value, NonFinite) or (isinstance(value, float) and not math.isfinite(value))


def _number_name(value: object) -> str:
    """The number as the file wrote it (``NaN``, ``Infinity``, ``1e400``)."""
    if isinstance(value, NonFinite):
        return str(value)[:40]
    return "NaN" if value != value else ("Infinity" if isinstance(value, float) and value > 0 else "-Infinity")


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
