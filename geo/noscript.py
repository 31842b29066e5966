"""The map's text alternative for readers without JavaScript (feed readers, AMP-like pages, text browsers).

:func:`noscript_listing` lists what the map shows at its opening date, layer by layer: each feature's name (contested
places written out, in the reader's order), kind, dates, confidence and sources (title, publisher, date, and the
link where it is an http(s) URL). It is built from the same catalog and the same rule as the map (a feature is on the
map on day D iff first_day(start) <= D <= last_day(end), in a layer shown at start), in the document's language.
Each source is listed once, numbered, after the features (which cite the numbers): the 10 November 2020 statement
alone backs a dozen features, and the text must stay small beside the 500 KB budget of an exported file.

Everything here is plain text in frozen dataclasses; ``geo/templates/presence_layer.html.j2`` renders it inside
``<noscript>`` through the one autoescaping environment of :mod:`geo.elements` (text is escaped, never compiled).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from geo.i18n import Strings, date_words, strings
from geo.model import Catalog, Feature, Source
from geo.toponyms import resolve

__all__ = ["Noscript", "NoscriptFeature", "NoscriptLayer", "NoscriptSource", "noscript_listing"]


@dataclass(frozen=True, slots=True)
class NoscriptSource:
    """A source as the reader sees it; ``url`` is ``None`` when it is not an http(s) address (then no link)."""

    title: str
    meta: str  #: "publisher, date"
    url: str | None


@dataclass(frozen=True, slots=True)
class NoscriptFeature:
    """One line of the listing."""

    name: str
    kind: str
    dates: str
    confidence: str
    sources: str  #: the numbers of its sources in :attr:`Noscript.sources` ("1, 4, 7"), empty when none


@dataclass(frozen=True, slots=True)
class NoscriptLayer:
    """A layer shown at start and its features on the opening date."""

    title: str
    features: tuple[NoscriptFeature, ...]


@dataclass(frozen=True, slots=True)
class Noscript:
    """The whole text alternative: heading ("title — date"), notes, the layers, and what the map says about itself."""

    lang: str
    heading: str
    note: str
    on_map: str
    empty: str | None  #: the "nothing on the map" sentence when no layer has a feature that day
    layers: tuple[NoscriptLayer, ...]
    sources: tuple[NoscriptSource, ...]  #: every source cited above, once, in order of first citation (numbered 1..)
    sources_label: str
    about: str
    status: str


def noscript_listing(catalog: Catalog, *, title: str, day: dt.date, lang: str, layers: Sequence[str],
                     swap: bool = False) -> Noscript:
    """What is on the map on ``day`` in the layers ``layers`` (ids, shown at start), as text in ``lang``."""
    text = strings(lang)
    numbers: dict[Source, int] = {}  # each source listed once (many features cite the same statement)
    groups: list[NoscriptLayer] = []
    for layer in catalog.layers:
        if layer.id not in layers:
            continue
        features = tuple(_feature(f, catalog, lang, swap, numbers) for f in layer.features if f.interval.contains(day))
        if features:
            groups.append(NoscriptLayer(_label(text, f"layer.{layer.id}", layer.title), features))
    day_text = date_words(day, lang)
    return Noscript(
        lang=lang,
        heading=f"{title} — {day_text}",
        note=text("noscript_note"),
        on_map=text("on_map_title", date=day_text),
        empty=None if groups else text("on_map_empty"),
        layers=tuple(groups),
        sources=tuple(_source(source, lang) for source in numbers),
        sources_label=text("sources"),
        about=text("about_text"),
        status=text("status_note"),
    )


def _feature(feature: Feature, catalog: Catalog, lang: str, swap: bool, numbers: dict[Source, int]) -> NoscriptFeature:
    text = strings(lang)
    name = resolve(feature.names.get(lang, feature.name), lang, catalog.toponyms, swap=swap)
    return NoscriptFeature(
        name=name,
        kind=_label(text, f"kind.{feature.kind}", feature.kind),
        dates=_dates(feature, lang),
        confidence=_label(text, f"confidence_{feature.confidence}", feature.confidence),
        sources=", ".join(str(numbers.setdefault(s, len(numbers) + 1)) for s in feature.sources),
    )


def _dates(feature: Feature, lang: str) -> str:
    """"from 10 November 2020 until 31 March 2022", "from August 2008 — ongoing", or the one day of an event."""
    text = strings(lang)
    start, end = feature.start, feature.end
    if end is not None and end == start:
        return date_words(start, lang)
    if end is None:
        return text("date_range_open", start=date_words(start, lang))
    return text("date_range", start=date_words(start, lang), end=date_words(end, lang))


def _source(source: Source, lang: str) -> NoscriptSource:
    when = date_words(source.date, lang) if source.date else strings(lang)("undated")
    meta = f"{source.publisher}, {when}" if source.publisher else when
    url = source.url if source.url.startswith(("https://", "http://")) else None
    return NoscriptSource(title=source.title or source.url, meta=meta, url=url)


def _label(text: Strings, key: str, fallback: str) -> str:
    """A UI string, or ``fallback`` when no language has ``key`` (an extra layer, a new kind)."""
    value = text(key)
    return fallback if value == key else value
