"""Place labels (``layers/places.json``) and the basemap's reference layers, ready for the browser.

``places.json`` is data: settlements, sites, countries, regions, seas, rivers, lakes and the Aras railway, each
with a stable id, a position in EPSG:4326 (lon, lat), the internationally recognised state it lies in, a rank, the
Leaflet zoom from which it shows, an editorial ``story`` score and its names in en/ru/hy/az/ka. A contested place
names a token of ``toponyms.json`` instead of names, so both forms appear side by side exactly as in the features'
names (:func:`geo.toponyms.resolve`).

Loading follows the project's bad-input contract: every problem is a :class:`~geo.errors.Problem`
(``file: place-id: rule: detail``), a broken place loses only itself, a broken file loses only the labels, and
nothing raises. The format sent to the browser is documented in ``geo/data/README.md`` ("Payload contract").
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import jsonschema
import shapely
import shapely.affinity
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from geo.config import LANGUAGES, Settings
from geo.errors import Problem
from geo.io import read_json_file
from geo.toponyms import Toponyms, resolve, tokens_in

__all__ = [
    "BORDER_TOLERANCE_DEG",
    "LANG_TAGS",
    "PLACES_CREDIT",
    "PLACES_FILE",
    "PLACES_PAYLOAD_VERSION",
    "PLACES_SCHEMA",
    "REFERENCE_PATH",
    "REGION_ALTS",
    "Place",
    "PlaceSet",
    "load_places",
    "places_payload",
    "reference",
]

PLACES_FILE: Final[str] = "places.json"
PLACES_SCHEMA: Final[str] = "schema/places.schema.json"
#: The reference layers inside the ``geo`` package (EPSG:4326, lon/lat), built by ``scripts/build_basemap.py``.
REFERENCE_PATH: Final[str] = "data/reference.geojson"
PLACES_PAYLOAD_VERSION: Final[int] = 1
#: Credit line for the labels' positions (GeoNames asks for attribution under CC BY 4.0).
PLACES_CREDIT: Final[str] = "Place positions: GeoNames (CC BY 4.0), Natural Earth"
#: BCP 47 tag to put in the ``lang`` attribute of a label in each interface language.
LANG_TAGS: Final[Mapping[str, str]] = MappingProxyType({"en": "en", "ru": "ru", "hy": "hy", "az": "az-Latn", "ka": "ka"})
#: How far (degrees, ≈ 2 km) a place may lie outside its state's or area's simplified outline.
BORDER_TOLERANCE_DEG: Final[float] = 0.02
#: ISO 3166-1 alpha-2 of ``places.json`` -> id of the country outline in ``geo/data/basemap.geojson``.
_OUTLINE_OF_COUNTRY: Final[Mapping[str, str]] = MappingProxyType(
    {"AM": "ARM", "AZ": "AZE", "GE": "GEO", "RU": "RUS", "TR": "TUR", "IR": "IRN"})
#: How many more label points (``alts``) a region label of the story gets inside its area's outline.
REGION_ALTS: Final[int] = 8
#: ``area`` -> id of the basemap overlay it must lie in (areas without an outline there are not checked).
_OUTLINE_OF_AREA: Final[Mapping[str, str]] = MappingProxyType(
    {"abkhazia": "abkhazia", "south_ossetia": "south_ossetia", "nagorno_karabakh": "nkao_1991"})


@dataclass(frozen=True, slots=True)
class Place:
    """One label. ``lon``/``lat`` in EPSG:4326 degrees; ``names`` maps a language to text that may hold tokens."""

    id: str
    kind: str
    rank: int
    min_zoom: float
    story: int
    lon: float
    lat: float
    country: str | None
    names: Mapping[str, str]
    max_zoom: float | None = None
    area: str | None = None
    approximate: bool = False
    line: str | None = None
    token: str | None = None
    source: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class PlaceSet:
    """The places that loaded and the problems found (empty when the file is missing: no labels, no error)."""

    places: tuple[Place, ...] = ()
    problems: tuple[Problem, ...] = ()
    file: str = PLACES_FILE


def load_places(settings: Settings, toponyms: Toponyms) -> PlaceSet:
    """Read and check ``settings.layers_dir / places.json``; see the module docstring for the contract.

    Rules (named in each problem): ``json``/``utf-8``/``file-size`` (the file), ``place-schema`` (a place breaks
    ``schema/places.schema.json``), ``place-id-duplicate``, ``place-region`` (outside ``settings.region``),
    ``place-token`` (an unknown contested-name token), ``place-country`` / ``place-area`` (not inside the outline of
    its state / area, within :data:`BORDER_TOLERANCE_DEG`), ``place-line`` (no such reference feature),
    ``place-zoom`` (max_zoom not above min_zoom; a capital that does not always show).
    """
    root = settings.layers_dir
    path = root / PLACES_FILE
    file = f"{root.name}/{PLACES_FILE}"
    if not path.exists():
        return PlaceSet(file=file)
    # checking 144 places against the schema takes ~0.3 s: the result is kept while the files and inputs are the same
    key = (*_stamp(path), *_stamp(root / PLACES_SCHEMA))
    return _load_cached(settings, json.dumps(_plain(toponyms), sort_keys=True, ensure_ascii=False), key)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


def _plain(toponyms: Toponyms) -> dict[str, list[dict[str, str]]]:
    return {token: [dict(v) for v in variants] for token, variants in toponyms.items()}


@lru_cache(maxsize=8)
def _load_cached(settings: Settings, toponyms_json: str, key: tuple[int, ...]) -> PlaceSet:
    """:func:`load_places`, once per (settings, toponyms, file version); ``key`` only makes a changed file a miss."""
    toponyms: Toponyms = {k: tuple(v) for k, v in json.loads(toponyms_json).items()}
    root = settings.layers_dir
    path = root / PLACES_FILE
    file = f"{root.name}/{PLACES_FILE}"
    problems: list[Problem] = []
    data = read_json_file(path, file, settings, problems)
    if data is None:
        return PlaceSet((), tuple(problems), file)
    try:
        validator = jsonschema.Draft202012Validator(json.loads((root / PLACES_SCHEMA).read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        return PlaceSet((), (Problem(file, "-", "place-schema", f"cannot read {PLACES_SCHEMA}: {exc}"),), file)
    raw_places = data.get("places") if isinstance(data, Mapping) else None
    if not isinstance(raw_places, list):
        return PlaceSet((), (Problem(file, "-", "place-schema", 'the file must be an object with a "places" list'),), file)
    by_place: dict[int, list[jsonschema.ValidationError]] = {}
    for error in validator.iter_errors(data):
        where = list(error.absolute_path)
        if len(where) >= 2 and where[0] == "places" and isinstance(where[1], int):
            by_place.setdefault(where[1], []).append(error)
        else:
            problems.append(Problem(file, "-", "place-schema", _message(error, skip=0)))
    outlines = _outlines()
    line_ids = frozenset(f["properties"]["id"] for f in reference()["features"])
    kept: list[Place] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_places):
        label = str(raw.get("id")) if isinstance(raw, Mapping) and isinstance(raw.get("id"), str) else f"#{index}"
        errors = by_place.get(index, [])
        if errors:
            problems.extend(Problem(file, label, "place-schema", _message(e, skip=2)) for e in errors)
            continue
        found = list(_check(raw, settings, toponyms, outlines, line_ids))
        if label in seen:
            found.append(("place-id-duplicate", f"the id {label!r} is used twice"))
        problems.extend(Problem(file, label, rule, detail) for rule, detail in found)
        if found:
            continue
        seen.add(label)
        kept.append(_place(raw))
    return PlaceSet(tuple(kept), tuple(problems), file)


def places_payload(place_set: PlaceSet, toponyms: Toponyms) -> dict[str, Any]:
    """The labels as JSON-ready values for the browser (format: ``geo/data/README.md``, "Payload contract").

    Items are sorted by placement priority (rank, then story score descending, then id), so a greedy placer that
    takes them in order is deterministic. Coordinates are EPSG:4326 degrees, ``lon`` and ``lat`` named (GeoJSON
    order is (lon, lat); Leaflet's ``L.latLng`` takes ``[lat, lon]``).
    """
    items = [_item(place, toponyms) for place in sorted(place_set.places, key=lambda p: (p.rank, -p.story, p.id))]
    return {"version": PLACES_PAYLOAD_VERSION, "credit": PLACES_CREDIT, "lang_tags": dict(LANG_TAGS), "items": items}


def reference() -> dict[str, Any]:
    """The reference layers (rivers, lakes, roads, railways) as a GeoJSON FeatureCollection (a fresh dict).

    EPSG:4326, (lon, lat); water at 4 decimals, roads and railways at 3. Each feature has ``kind`` (``river`` |
    ``lake`` | ``road`` | ``railway``), ``id``, ``min_zoom`` (Leaflet zoom from which it is drawn), ``place`` (the
    ``places.json`` id of its label, or absent/``null``) and, for roads, ``class`` (``major`` | ``road`` | ``minor``). A missing
    file gives an empty collection: the map draws without reference layers.
    """
    data: dict[str, Any] = json.loads(_reference_text())
    return data


def label_alts(outline: BaseGeometry, first: tuple[float, float], count: int = REGION_ALTS) -> list[list[float]]:
    """More points [lon, lat] (EPSG:4326, 3 decimals) to centre an area's label on when its own point has no room.

    Picked from a 9 × 9 grid over the outline's bounds, only points inside the outline, deepest first (distance to
    the edge, measured with longitudes shrunk by cos(latitude) so a degree east counts as far as it is on the
    ground), each at least a sixth of the bounds' diagonal from the label point ``first`` and from every point
    picked before it; at most ``count``. Deterministic (ties by lon, then lat).
    """
    w, s, e, n = outline.bounds
    k = math.cos(math.radians((s + n) / 2))
    flat = shapely.affinity.scale(outline, xfact=k, yfact=1.0, origin=(0.0, 0.0))
    edge = flat.boundary
    steps = 9
    grid = [(w + (e - w) * (i + 0.5) / steps, s + (n - s) * (j + 0.5) / steps) for i in range(steps) for j in range(steps)]
    inside = [(x, y, float(edge.distance(Point(x * k, y)))) for x, y in grid if flat.contains(Point(x * k, y))]
    inside.sort(key=lambda t: (-round(t[2], 9), t[0], t[1]))
    spacing = math.hypot((e - w) * k, n - s) / 6
    picked: list[tuple[float, float]] = [first]
    for x, y, _ in inside:
        if len(picked) > count:
            break
        if all(math.hypot((x - px) * k, y - py) >= spacing for px, py in picked):
            picked.append((x, y))
    return [[round(x, 3), round(y, 3)] for x, y in picked[1:]]


# --- helpers ---------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _reference_text() -> str:
    node = resources.files("geo")
    for part in REFERENCE_PATH.split("/"):
        node = node.joinpath(part)
    try:
        return node.read_text(encoding="utf-8")
    except FileNotFoundError:
        return '{"type":"FeatureCollection","features":[]}'


@lru_cache(maxsize=1)
def _plain_outlines() -> Mapping[str, BaseGeometry]:
    """The basemap's area outlines as drawn (not grown), keyed by their basemap id."""
    from geo.assets import basemap

    return MappingProxyType({f["properties"]["id"]: shape(f["geometry"]) for f in basemap()["features"]
                             if f["geometry"]["type"] in ("Polygon", "MultiPolygon")})


@lru_cache(maxsize=1)
def _outlines() -> Mapping[str, BaseGeometry]:
    """Country and overlay outlines of the basemap, keyed by their basemap id, grown by the border tolerance."""
    from geo.assets import basemap  # light, but only needed here

    out = {}
    for feature in basemap()["features"]:
        geom = shape(feature["geometry"])
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            grown = geom.buffer(BORDER_TOLERANCE_DEG)
            shapely.prepare(grown)
            out[feature["properties"]["id"]] = grown
    return MappingProxyType(out)


def _message(error: jsonschema.ValidationError, *, skip: int) -> str:
    """The error in words, its path shown from inside the place (``skip`` = 2 drops ``places.<n>``)."""
    where = ".".join(str(p) for p in list(error.absolute_path)[skip:])
    if error.validator == "oneOf" and not where and skip:
        return 'give either "names" (five languages) or "token" (a key of toponyms.json), not both'
    return f"{where}: {error.message}" if where else str(error.message)


def _check(raw: Mapping[str, Any], settings: Settings, toponyms: Toponyms, outlines: Mapping[str, BaseGeometry],
           line_ids: frozenset[str]) -> Iterator[tuple[str, str]]:
    lon, lat = float(raw["lon"]), float(raw["lat"])
    if not settings.region.contains(lon, lat):
        r = settings.region
        yield "place-region", f"({lon}, {lat}) is outside lon {r.west}..{r.east}, lat {r.south}..{r.north} (is it lat, lon?)"
    texts = [f"{{{raw['token']}}}"] if "token" in raw else [str(v) for v in raw["names"].values()]
    for token in {t for text in texts for t in tokens_in(text)}:
        if token not in toponyms:
            yield "place-token", f"{{{token}}} is not in toponyms.json"
    point = Point(lon, lat)
    country = raw.get("country")
    outline = outlines.get(_OUTLINE_OF_COUNTRY.get(str(country), ""))
    if country is not None and outline is not None and not outline.contains(point):
        yield "place-country", f"({lon}, {lat}) is not inside {country} (tolerance {BORDER_TOLERANCE_DEG}°)"
    area_outline = outlines.get(_OUTLINE_OF_AREA.get(str(raw.get("area")), ""))
    if area_outline is not None and not area_outline.contains(point):
        yield "place-area", f"({lon}, {lat}) is not inside {raw['area']} (tolerance {BORDER_TOLERANCE_DEG}°)"
    if raw.get("line") is not None and raw["line"] not in line_ids:
        yield "place-line", f"no reference feature {raw['line']!r} in geo/{REFERENCE_PATH}"
    if raw.get("max_zoom") is not None and float(raw["max_zoom"]) <= float(raw["min_zoom"]):
        yield "place-zoom", f"max_zoom {raw['max_zoom']} is not above min_zoom {raw['min_zoom']}"
    if raw["kind"] == "capital" and float(raw["min_zoom"]) > 4:
        yield "place-zoom", f"a capital always shows: min_zoom {raw['min_zoom']} must be 4 or less"


def _place(raw: Mapping[str, Any]) -> Place:
    token = raw.get("token")
    names = {code: f"{{{token}}}" for code in LANGUAGES} if token else dict(raw["names"])
    return Place(
        id=raw["id"], kind=raw["kind"], rank=int(raw["rank"]), min_zoom=float(raw["min_zoom"]), story=int(raw["story"]),
        lon=float(raw["lon"]), lat=float(raw["lat"]), country=raw.get("country"), names=MappingProxyType(names),
        max_zoom=float(raw["max_zoom"]) if raw.get("max_zoom") is not None else None, area=raw.get("area"),
        approximate=bool(raw.get("approximate", False)), line=raw.get("line"), token=token,
        source=MappingProxyType(dict(raw["source"])),
    )


def _item(place: Place, toponyms: Toponyms) -> dict[str, Any]:
    def names(*, swap: bool) -> dict[str, str]:
        return {code: resolve(place.names.get(code, place.names["en"]), code, toponyms, swap=swap) for code in LANGUAGES}

    contested = any(tokens_in(text) for text in place.names.values())
    item: dict[str, Any] = {
        "id": place.id, "kind": place.kind, "rank": place.rank, "min_zoom": place.min_zoom, "story": place.story,
        "lon": place.lon, "lat": place.lat, "country": place.country, "contested": contested,
        "name": names(swap=False),
    }
    if place.max_zoom is not None:
        item["max_zoom"] = place.max_zoom
    if place.area:
        item["area"] = place.area
        outline = _plain_outlines().get(_OUTLINE_OF_AREA.get(place.area, ""))
        if place.kind == "region" and place.story >= 3 and outline is not None:
            item["alts"] = label_alts(outline, (place.lon, place.lat))
            w, s, e, n = outline.bounds
            item["area_bounds"] = [[round(w, 3), round(s, 3)], [round(e, 3), round(n, 3)]]
    if place.approximate:
        item["approximate"] = True
    if place.line:
        item["line"] = place.line
    if contested:
        item["name_swapped"] = names(swap=True)
    local = {code: text for code, text in place.names.items() if code in ("ab", "os")}
    if local:
        item["name_local"] = local
    return item
