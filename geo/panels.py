"""What the panels beside the map show for a date, as plain rows (no Streamlit here).

* :func:`on_map_rows`: the text alternative, one row per feature on the map (name, kind, dates, layer, confidence);
* :func:`events_near`: key events within a window of the date, nearest first;
* :func:`personnel_series`: every sourced personnel figure, for a chart over time.

Names are in the reader's language with contested places written out both ways.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from geo.i18n import date_words, strings
from geo.model import Catalog, Feature
from geo.toponyms import resolve

__all__ = ["EventRow", "FigurePoint", "Row", "dates_words", "events_near", "feature_name", "on_map_rows", "personnel_series"]


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
    """A personnel figure: who (feature name), when (as-of, first day of its precision), how many."""

    feature: str
    as_of: dt.date
    value: float
    source_url: str


def feature_name(feature: Feature, catalog: Catalog, lang: str, *, swap: bool = False) -> str:
    """The feature's name in ``lang`` (English when it has none), contested places both ways."""
    return resolve(feature.names.get(lang, feature.names["en"]), lang, catalog.toponyms, swap=swap)


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
    titles = {layer.id: text(f"layer.{layer.id}") for layer in catalog.layers}
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
    """Every ``personnel`` figure in the data, ordered by feature and date."""
    points = [
        FigurePoint(feature_name(f, catalog, lang, swap=swap), fig.as_of.first_day(), fig.value, fig.source.url)
        for f in catalog.features
        for fig in f.figures
        if fig.label == "personnel"
    ]
    return sorted(points, key=lambda p: (p.feature, p.as_of))
