"""What the panels beside the map show for a date, as plain rows (no Streamlit here).

* :func:`on_map_rows`: the text alternative, one row per feature on the map (name, kind, dates, layer, confidence);
* :func:`events_near`: key events within a window of the date, nearest first;
* :func:`personnel_series`: every sourced personnel figure, for a chart over time (with its source and precision);
* :func:`change_items`: the features of a "what changed" list (:mod:`geo.changes`), in words.

Names are in the reader's language with contested places written out both ways.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from geo.i18n import date_words, strings
from geo.model import Catalog, Feature, Figure
from geo.toponyms import resolve, resolve_optional

__all__ = ["ChangeItem", "EventRow", "FigurePoint", "Row", "change_items", "dates_words", "events_near", "feature_name",
           "layer_title", "on_map_rows", "personnel_series"]


@dataclass(frozen=True, slots=True)
class Row:
    """One feature on the map, in words."""

    id: str
    name: str
    kind: str
    dates: str
    layer: str
    confidence: str


@dataclass(frozen=True, slots=True)
class EventRow:
    """A key event near the date."""

    id: str
    date: str
    name: str
    description: str
    days_away: int


@dataclass(frozen=True, slots=True)
class FigurePoint:
    """A personnel figure: who (feature name), when (as-of, first day of its precision), how many, and who says so.

    ``as_of_words`` is the as-of date at its own precision ("February 2010", "2013"); ``approx`` is the data's mark
    for "about", "up to", "some"; ``unit`` and ``note`` are the data's words (English), ``source_date`` is "" when
    the source is undated.
    """

    feature: str
    feature_id: str
    as_of: dt.date
    as_of_words: str
    value: float
    approx: bool
    unit: str
    note: str
    publisher: str
    title: str
    source_date: str
    source_url: str


@dataclass(frozen=True, slots=True)
class ChangeItem:
    """A feature in a "what changed" list: its name, and the day it began (appeared) or its last day (ended)."""

    id: str
    name: str
    when: str
    layer: str


def feature_name(feature: Feature, catalog: Catalog, lang: str, *, swap: bool = False) -> str:
    """The feature's name in ``lang`` (English when it has none), contested places both ways."""
    return resolve(feature.names.get(lang, feature.names["en"]), lang, catalog.toponyms, swap=swap)


def layer_title(layer_id: str, catalog: Catalog, lang: str) -> str:
    """The layer's title in ``lang``; the manifest's title for a layer our translations do not know."""
    key = f"layer.{layer_id}"
    title = strings(lang)(key)
    if title != key:
        return title
    return next((layer.title for layer in catalog.layers if layer.id == layer_id), layer_id)


def dates_words(feature: Feature, lang: str) -> str:
    """"10 November 2020 – 26 August 2022", "2009 – ongoing" (in ``lang``)."""
    text = strings(lang)
    end = date_words(feature.end, lang) if feature.end else text("ongoing")
    start = date_words(feature.start, lang)
    return start if feature.end == feature.start else f"{start} – {end}"


def on_map_rows(
    catalog: Catalog, day: dt.date, *, lang: str, layers: frozenset[str] | None = None, swap: bool = False
) -> list[Row]:
    """One row per feature active on ``day`` in the visible ``layers`` (``None`` = the manifest's visible ones)."""
    text = strings(lang)
    shown = layers if layers is not None else frozenset(layer.id for layer in catalog.layers if layer.visible)
    titles = {layer.id: layer_title(layer.id, catalog, lang) for layer in catalog.layers}
    return [
        Row(
            id=f.id,
            name=feature_name(f, catalog, lang, swap=swap),
            kind=text(f"kind.{f.kind}"),
            dates=dates_words(f, lang),
            layer=titles.get(f.layer, f.layer),
            confidence=text(f"confidence_{f.confidence}") + (" · " + text("approximate") if f.approximate else ""),
        )
        for f in catalog.active_on(day, layers=shown)
    ]


def events_near(
    catalog: Catalog, day: dt.date, *, lang: str, window_days: int = 365, limit: int = 6, swap: bool = False
) -> list[EventRow]:
    """Key events (layer ``events``) within ``window_days`` of ``day``, nearest first, at most ``limit``."""
    rows = []
    for layer in catalog.layers:
        if layer.id != "events":
            continue
        for f in layer.features:
            away = (f.interval.first - day).days
            if abs(away) <= window_days:
                rows.append(EventRow(f.id, date_words(f.start, lang), feature_name(f, catalog, lang, swap=swap),
                                     resolve(f.description, "en", catalog.toponyms, swap=swap), away))
    return sorted(rows, key=lambda r: (abs(r.days_away), r.days_away))[:limit]


def personnel_series(catalog: Catalog, *, lang: str, swap: bool = False) -> list[FigurePoint]:
    """Every ``personnel`` figure in the data, ordered by feature and date.

    A figure repeated on several features (one source, one date, one value: the peacekeeping zone's strength is on
    each of the zone's revisions) is kept once, on the feature that began first, so a chart draws it once.
    """
    seen: set[tuple[str, str, float, str]] = set()
    points = []
    for f in sorted(catalog.features, key=lambda f: (f.interval.first, f.id)):
        for fig in f.figures:
            key = (fig.label, fig.as_of.isoformat(), fig.value, fig.source.url)
            if fig.label != "personnel" or key in seen:
                continue
            seen.add(key)
            points.append(_point(f, fig, catalog, lang, swap))
    return sorted(points, key=lambda p: (p.feature, p.as_of, p.value))


def change_items(features: tuple[Feature, ...], catalog: Catalog, *, lang: str, ended: bool = False,
                 swap: bool = False) -> list[ChangeItem]:
    """The features of a change list in words: the first day (``ended=False``) or the last day of each."""
    text = strings(lang)
    items = []
    for f in features:
        day = f.end if ended else f.start
        items.append(ChangeItem(f.id, feature_name(f, catalog, lang, swap=swap),
                                date_words(day, lang) if day is not None else text("ongoing"),
                                layer_title(f.layer, catalog, lang)))
    return items


def _point(f: Feature, fig: Figure, catalog: Catalog, lang: str, swap: bool) -> FigurePoint:
    source = fig.source
    return FigurePoint(
        feature=feature_name(f, catalog, lang, swap=swap), feature_id=f.id, as_of=fig.as_of.first_day(),
        as_of_words=date_words(fig.as_of, lang), value=fig.value, approx=fig.approx, unit=fig.unit or "",
        note=resolve_optional(fig.note, "en", catalog.toponyms, swap=swap) or "", publisher=source.publisher,
        title=source.title, source_date=date_words(source.date, lang) if source.date else "", source_url=source.url,
    )
