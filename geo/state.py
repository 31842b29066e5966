"""A reader's view of the map (date, layers, language, view, name order) and its form in a URL query.

``?date=2021-05-01&layers=lachin_corridor,peacekeeping_zone&lang=ru&view=39.8,46.7,9&swap=1`` reproduces exactly what
a reader saw. Parsing never raises: a bad value falls back to the default and adds a notice saying so.
The view is (lat, lon, zoom), Leaflet's order, EPSG:4326 degrees.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from geo.config import LANGUAGES
from geo.i18n import DEFAULT_LANGUAGE, strings
from geo.mdsafe import md_values
from geo.temporal import parse_day
from geo.view import View

__all__ = ["MAX_CHAPTER", "MapState", "Notice", "parse_chapter", "state_from_component", "state_from_query",
           "state_to_query"]

#: Chapter numbers a link may carry: 1..MAX_CHAPTER in ASCII digits.
MAX_CHAPTER = 999
_CHAPTER_RE = re.compile(r"[1-9][0-9]{0,2}")


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the reader should know about their link (a bad date that was replaced, ...)."""

    key: str
    values: Mapping[str, str] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        """The notice in ``lang``, as plain text."""
        return strings(lang)(self.key, **self.values)

    def markdown(self, lang: str) -> str:
        """The notice in ``lang`` for a Markdown element: the values (from the link) escaped, shown literally."""
        return strings(lang)(self.key, **md_values(self.values))


@dataclass(frozen=True, slots=True)
class MapState:
    """What one reader sees."""

    day: dt.date
    lang: str = DEFAULT_LANGUAGE
    layers: frozenset[str] | None = None
    view: View | None = None
    swap: bool = False
    chapter: int | None = None


def state_from_query(
    query: Mapping[str, str], *, first: dt.date, layer_ids: Collection[str], today: dt.date,
    default_day: dt.date | None = None,
) -> tuple[MapState, tuple[Notice, ...]]:
    """Read a URL query into a :class:`MapState`; bad values fall back to defaults, each with a :class:`Notice`.

    ``first`` and ``today`` bound the dates a link may ask for; ``layer_ids`` are the layers that exist.
    """
    notices: list[Notice] = []
    fallback = default_day or today
    lang = query.get("lang", DEFAULT_LANGUAGE)
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    day = fallback
    if "date" in query:
        try:
            day = parse_day(query["date"])
            if not first <= day <= today:
                raise ValueError("out of range")
        except ValueError:
            day = fallback
            notices.append(Notice("bad_url_date", {"value": query["date"][:40], "min": first.isoformat(),
                                                   "max": today.isoformat(), "date": fallback.isoformat()}))
    layers = None
    if "layers" in query:
        layers = frozenset(part for part in query["layers"].split(",") if part in layer_ids)
    chapter = parse_chapter(query.get("chapter"))
    return MapState(day=day, lang=lang, layers=layers, view=_view(query.get("view")),
                    swap=query.get("swap") == "1", chapter=chapter), tuple(notices)


def state_to_query(state: MapState) -> dict[str, str]:
    """The URL query that reproduces ``state`` (only what differs from defaults besides the date)."""
    query = {"date": state.day.isoformat()}
    if state.lang != DEFAULT_LANGUAGE:
        query["lang"] = state.lang
    if state.layers is not None:
        query["layers"] = ",".join(sorted(state.layers))
    if state.view is not None:
        query["view"] = f"{state.view.lat:.4f},{state.view.lon:.4f},{state.view.zoom:g}"
    if state.swap:
        query["swap"] = "1"
    if state.chapter is not None:
        query["chapter"] = str(state.chapter)
    return query


def state_from_component(
    value: object, current: MapState, *, first: dt.date, layer_ids: Collection[str], today: dt.date
) -> MapState:
    """The state the map reported (``{"date", "lang", "layers", "view", "swap"}``), validated; else ``current``."""
    if not isinstance(value, Mapping):
        return current
    query: dict[str, str] = {}
    if isinstance(value.get("date"), str):
        query["date"] = value["date"]
    if isinstance(value.get("lang"), str):
        query["lang"] = value["lang"]
    if isinstance(value.get("layers"), list):
        query["layers"] = ",".join(str(v) for v in value["layers"])
    view = value.get("view")
    if isinstance(view, Mapping):
        query["view"] = f"{view.get('lat')},{view.get('lon')},{view.get('zoom')}"
    if value.get("swap") is True:
        query["swap"] = "1"
    if isinstance(value.get("chapter"), int):
        query["chapter"] = str(value["chapter"])
    state, notices = state_from_query(query, first=first, layer_ids=layer_ids, today=today, default_day=current.day)
    return state if not notices else current


def parse_chapter(text: str | None) -> int | None:
    """A chapter number from a link: ``1``..``999`` in ASCII digits, else ``None`` (``"²"``, 5,000 digits, ``"07"``)."""
    if text is None or not _CHAPTER_RE.fullmatch(text):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_CHAPTER else None


def _view(text: str | None) -> View | None:
    if not text:
        return None
    try:
        lat, lon, zoom = (float(part) for part in text.split(","))
    except ValueError:
        return None
    if not (30 <= lat <= 50 and 30 <= lon <= 60 and 3 <= zoom <= 18):
        return None
    return View(lat=lat, lon=lon, zoom=zoom)
