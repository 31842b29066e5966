"""The one map builder: a catalog and options in, one self-contained HTML document out.

The same document is what the Streamlit app shows (with ``bridge=True``) and what ``export --format html`` writes.
Every feature is sent once, with its first and last active day as integers (days since 1970-01-01); the browser
adds and removes features when the date changes (``geo/static/src/``, built into ``geo/static/dist/presence.js``), so
moving the slider needs no server.

Geometry goes out as GeoJSON in EPSG:4326, (lon, lat), rounded to 5 decimals (about 1 m). Lengths and areas shown in
popups are measured here in EPSG:32638.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import shapely

from geo.assets import basemap, read_asset, verify_assets
from geo.chapters import Chapter
from geo.config import Settings
from geo.elements import Document, InlineScript, InlineStyle, OfflineMap, PresenceLayer
from geo.framing import Bounds, chapter_bounds, range_bounds, view_for
from geo.geometry import round_coordinates
from geo.i18n import DEFAULT_LANGUAGE, date_patterns, language_label, map_strings, strings
from geo.model import LANGUAGES, Catalog, Feature, Source
from geo.noscript import noscript_listing
from geo.places import PlaceSet, load_places, places_payload, reference
from geo.records import measures
from geo.temporal import day_number
from geo.toponyms import has_tokens, resolve, resolve_optional
from geo.userlayer.onmap import MapUserLayer
from geo.view import View

__all__ = ["ONLINE_TILES", "PAYLOAD_SCHEMA_VERSION", "Bounds", "Headline", "MapOptions", "View", "build_document",
           "build_payload", "needs_user_layer_script"]

PAYLOAD_SCHEMA_VERSION = 1
#: The optional online layer: offered, off by default, never needed to draw the data.
ONLINE_TILES = {
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": "© OpenStreetMap contributors",
}


@dataclass(frozen=True, slots=True)
class Headline:
    """The newsroom frame drawn on an exported map (plain text; every field optional).

    ``title`` and ``subtitle`` sit top left; ``notes`` (define the categories) and ``byline`` go in the footer with
    the date in words ("Situation on …; data as of …"), following the slider, and the source line. A document with
    a Headline always carries that footer, even with no text given.
    """

    title: str | None = None
    subtitle: str | None = None
    notes: str | None = None
    byline: str | None = None


@dataclass(frozen=True, slots=True)
class MapOptions:
    """What one map document shows.

    Parameters
    ----------
    day
        The date the map opens at.
    first, last
        The slider's range; ``None`` = the dataset's first date / ``today``.
    lang
        Interface and name language (en, ru, hy, az, ka).
    visible
        Layer ids shown at start; ``None`` = the manifest's defaults.
    only
        Layer ids included at all; ``None`` = every layer.
    swap
        Show contested names in the reversed order.
    view
        Initial view (kept as it is: no fitting); ``None`` = fit ``bbox``, else the features active over the slider's
        range among the visible layers, else the dataset's view.
    bbox
        The box the map opens on (EPSG:4326 lon/lat, :mod:`geo.framing`), fitted into the part of the map the
        panels leave free; ignored when ``view`` is given.
    title
        Page title (plain text); ``None`` = the headline's title, else the dataset's title.
    headline
        The headline block and footer of an export (:class:`Headline`); ``None`` = none (the app, handouts).
    bridge
        Talk to Streamlit (inside the app); ``False`` for exported files.
    online_tiles
        Offer (not show) an online tile layer.
    chapters
        Guided chapters to include (empty = none).
    places
        Place labels (:func:`geo.places.load_places`); ``None`` = read the shipped ``layers/places.json``.
    user_layers
        A reader's own layers (:class:`geo.userlayer.onmap.MapUserLayer`), shown at start, on the same slider. Each
        travels in an inert data block of its own; the slider starts no later than their first day.
    """

    day: dt.date
    lang: str = DEFAULT_LANGUAGE
    first: dt.date | None = None
    last: dt.date | None = None
    visible: frozenset[str] | None = None
    only: frozenset[str] | None = None
    swap: bool = False
    view: View | None = None
    bbox: Bounds | None = None
    title: str | None = None
    headline: Headline | None = None
    bridge: bool = False
    online_tiles: bool = True
    chapters: tuple[Chapter, ...] = field(default_factory=tuple)
    places: PlaceSet | None = None
    user_layers: tuple[MapUserLayer, ...] = field(default_factory=tuple)


def build_payload(catalog: Catalog, options: MapOptions, *, today: dt.date) -> dict[str, Any]:
    """The data the browser needs, as plain JSON-ready values (format read by ``geo/static/src/payload.js``)."""
    if options.lang not in LANGUAGES:
        raise ValueError(f"unknown language {options.lang!r}; choose one of {', '.join(LANGUAGES)}")
    first = options.first or _first_day(catalog, options.user_layers)
    last = min(options.last or today, today)
    if first > last:
        raise ValueError(f"the range starts ({first}) after it ends ({last})")
    day = min(max(options.day, first), last)
    layers = [layer for layer in catalog.layers if options.only is None or layer.id in options.only]
    visible = [layer.id for layer in layers if (layer.visible if options.visible is None else layer.id in options.visible)]
    bounds, view = _opening(catalog, options, first, last, frozenset(visible))
    features = [f for layer in layers for f in layer.features]
    sources: dict[Source, int] = {}
    feature_records = [_feature(f, catalog, sources) for f in features]
    chapter_records = [_chapter(c, sources, catalog) for c in options.chapters]
    place_record = places_payload(_places(catalog, options), catalog.toponyms)
    translations = map_strings()  # the app's and the CLI's own strings stay out of the document
    return {
        "schema": PAYLOAD_SCHEMA_VERSION,
        "dataset": {
            "title": catalog.dataset.title,
            "version": catalog.dataset.version,
            "data_as_of": catalog.dataset.data_as_of.isoformat(),
            "licence": catalog.dataset.licence,
            "credit": catalog.dataset.credit,
            "basemap_credit": "Made with Natural Earth",
            # the short names of the other sources, for the source line ("…; Natural Earth; GeoNames (CC BY 4.0)")
            "reference_credits": ["Natural Earth", *(["GeoNames (CC BY 4.0)"] if place_record["items"] else [])],
        },
        "range": {"min": day_number(first), "max": day_number(last)},
        "initial": {
            "day": day_number(day),
            "lang": options.lang,
            "layers": visible,
            "swap": options.swap,
            "view": {"lat": view.lat, "lon": view.lon, "zoom": view.zoom},
            # fitted in the browser into the part of the map the panels leave free (framing.js); null = keep view
            "bounds": bounds.leaflet() if bounds else None,
        },
        "headline": _headline(options.headline),
        "languages": [{"code": code, "label": language_label(code)} for code in LANGUAGES],
        "strings": translations,
        "dates": {code: date_patterns(code) for code in LANGUAGES},
        # titles, descriptions and kind labels in every language come from "strings" (layer.<id>, kind.<id>);
        # the English text here is the fallback for extra layers that have no translation
        "layers": [
            {"id": layer.id, "order": layer.order, "color": layer.style.color, "title": layer.title,
             "description": layer.description}
            for layer in layers
        ],
        "kinds": [{"id": kind, "label": kind} for kind in sorted({f.kind for f in features})],
        "sources": [_source(s) for s in sources],
        "features": feature_records,
        "marks": [
            {"day": day_number(f.interval.first), "id": f.id}
            for f in features
            if f.layer == "events" and first <= f.interval.first <= last
        ],
        "basemap": basemap(),
        # place labels and reference layers (geo/places.py; contract in geo/data/README.md)
        "places": place_record,
        "reference": reference(),
        "chapters": chapter_records,
        "options": {"bridge": options.bridge, "tiles": ONLINE_TILES if options.online_tiles else None},
        # the reader's own layers: style and facts here, each one's data in a block of its own (geo.elements)
        "user_layers": _user_layers(options.user_layers, {layer.id for layer in catalog.layers}),
    }


def build_document(catalog: Catalog, options: MapOptions, *, today: dt.date) -> str:
    """The complete HTML page: Leaflet, our JS and CSS, the data and the basemap inside; no network needed."""
    verify_assets()
    payload = build_payload(catalog, options, today=today)
    text = strings(options.lang)
    title = options.title or (options.headline.title if options.headline else None) or text("app_title")
    document = Document(
        title=title,
        description=text("app_subtitle"),
        lang=options.lang,
        version=catalog.dataset.version,
    )
    initial = payload["initial"]["view"]
    fmap = OfflineMap(
        aria_label=title,
        location=[initial["lat"], initial["lon"]],
        zoom_start=initial["zoom"],
        min_zoom=4,
        max_zoom=14,
        control_scale=True,
        zoom_control=True,
        prefer_canvas=False,
        attribution_control=True,
        world_copy_jump=False,
        zoom_snap=0.5,  # half steps: chapters and handouts can frame an area between two zoom levels
    )
    document.add_child(fmap)
    header = document.header
    header.add_child(InlineStyle(read_asset("leaflet.css")), name="leaflet_css")
    header.add_child(InlineStyle(_static("presence.css")), name="presence_css")
    header.add_child(InlineScript(read_asset("leaflet.js")), name="leaflet_js")
    header.add_child(InlineScript(_static("presence.js")), name="presence_js")
    if needs_user_layer_script(options):  # the second script registers with the first: both inline, no loader
        header.add_child(InlineStyle(_static("presence-userlayer.css")), name="presence_userlayer_css")
        header.add_child(InlineScript(_static("presence-userlayer.js")), name="presence_userlayer_js")
    day = dt.date.fromordinal(dt.date(1970, 1, 1).toordinal() + payload["initial"]["day"])
    noscript = noscript_listing(catalog, title=title, day=day, lang=options.lang, layers=payload["initial"]["layers"],
                                swap=options.swap)  # INTEROP: the text alternative (<noscript>)
    # Zopfli for the documents that leave the machine (the 500 KB budget); zlib for the app's own (its cold start)
    PresenceLayer(payload, noscript=noscript, user_layers=options.user_layers, thorough=not options.bridge).add_to(fmap)
    return document.render()


def needs_user_layer_script(options: MapOptions) -> bool:
    """Whether the document inlines the user-layer script and stylesheet (``presence-userlayer.js``/``.css``):
    when it carries added layers, or it is the app's document (``bridge``: uploads come as component data at run
    time). A default export leaves them out (about 33 KB it does not need); the map refuses, with a clear error,
    user layers it has no script for."""
    return bool(options.user_layers) or options.bridge


# --- pieces ----------------------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _static(name: str) -> str:
    """Our own JS or CSS as built from ``geo/static/src/`` (``npm run build``: esbuild, minified; committed in
    ``geo/static/dist/``, so no Node is needed at run time), inlined as is."""
    return resources.files("geo").joinpath("static", "dist", name).read_text(encoding="utf-8")


def _opening(catalog: Catalog, options: MapOptions, first: dt.date, last: dt.date,
             visible: frozenset[str]) -> tuple[Bounds | None, View]:
    """The box to fit at opening (``None``: keep the view) and the fallback view (its estimate for a 700 × 500 px
    map, shown until the script has fitted it)."""
    if options.view is not None:
        return None, options.view
    bounds = options.bbox or range_bounds(catalog, first, last, layers=visible)
    if bounds is not None:
        return bounds, view_for(bounds)
    lon, lat, zoom = catalog.dataset.view
    return None, View(lat=lat, lon=lon, zoom=zoom)


def _headline(headline: Headline | None) -> dict[str, str | None] | None:
    if headline is None:
        return None

    def clean(text: str | None) -> str | None:
        """One line of plain text (runs of white space become one space), ``None`` when empty."""
        return (" ".join(text.split()) or None) if text is not None else None

    return {"title": clean(headline.title), "subtitle": clean(headline.subtitle), "notes": clean(headline.notes),
            "byline": clean(headline.byline)}


def _places(catalog: Catalog, options: MapOptions) -> PlaceSet:
    """The labels to send: the caller's, or the shipped file's (a broken file: no labels, the map still works)."""
    return options.places if options.places is not None else load_places(Settings(), catalog.toponyms)


def _names(feature: Feature, catalog: Catalog, *, swap: bool = False) -> dict[str, str]:
    """The feature's name in every language, contested places written out (``swap``: in reversed order)."""
    return {code: resolve(feature.names.get(code, feature.names["en"]), code, catalog.toponyms, swap=swap)
            for code in LANGUAGES}


def _feature(feature: Feature, catalog: Catalog, sources: dict[Source, int]) -> dict[str, Any]:
    first, last = feature.interval.day_numbers()
    geometry = json.loads(shapely.to_geojson(round_coordinates(feature.geometry, 5)))
    record: dict[str, Any] = {
        "id": feature.id,
        "layer": feature.layer,
        "kind": feature.kind,
        "s": first,
        "e": last,
        "g": geometry,
        "name": _names(feature, catalog),
        "operator": resolve(feature.operator, "en", catalog.toponyms),
        "confidence": feature.confidence,
        "approximate": feature.approximate,
        "approximate_note": resolve_optional(feature.approximate_note, "en", catalog.toponyms),
        "start": feature.start.isoformat(),
        "end": feature.end.isoformat() if feature.end else None,
        "date_note": resolve_optional(feature.date_note, "en", catalog.toponyms),
        "figures": [
            {"label": fig.label, "value": fig.value, "unit": resolve_optional(fig.unit, "en", catalog.toponyms),
             "approx": fig.approx, "as_of": fig.as_of.isoformat(),
             "note": resolve_optional(fig.note, "en", catalog.toponyms), "source": _source_index(fig.source, sources)}
            for fig in feature.figures
        ],
        "description": resolve(feature.description, "en", catalog.toponyms),
        "sources": [_source_index(s, sources) for s in feature.sources],
        "measures": measures(feature) | _width(feature),
    }
    if any(has_tokens(text) for text in feature.names.values()):
        record["name_swapped"] = _names(feature, catalog, swap=True)
    if has_tokens(feature.description):
        record["description_swapped"] = resolve(feature.description, "en", catalog.toponyms, swap=True)
    return record


def _first_day(catalog: Catalog, user_layers: tuple[MapUserLayer, ...]) -> dt.date:
    """The slider's default first day: the dataset's, or an added layer's first day if that is earlier."""
    first = catalog.dataset.first_date
    for layer in user_layers:
        days = layer.days()
        if days is not None:
            first = min(first, dt.date(1970, 1, 1) + dt.timedelta(days=days[0]))
    return first


def _user_layers(user_layers: tuple[MapUserLayer, ...], dataset_ids: set[str]) -> list[dict[str, Any]]:
    """The added layers' descriptions; refuses an id that is a dataset layer's or another added layer's."""
    seen = set(dataset_ids)
    for layer in user_layers:
        if layer.id in seen:
            raise ValueError(f"user layer id {layer.id!r} is already used on the map; give each layer its own id")
        seen.add(layer.id)
    return [layer.describe(i) for i, layer in enumerate(user_layers)]


def _chapter(chapter: Chapter, sources: dict[Source, int], catalog: Catalog) -> dict[str, Any]:
    lon, lat, zoom = chapter.view
    bounds = chapter_bounds(catalog, chapter)
    return {
        "id": chapter.id,
        "number": chapter.number,
        "day": day_number(chapter.day),
        "end": day_number(chapter.end) if chapter.end else None,
        "view": {"lat": lat, "lon": lon, "zoom": zoom},
        # goToChapter fits these (the chapter's features on its date); the view above is the fallback
        "bounds": bounds.leaflet() if bounds else None,
        "layers": list(chapter.layers),
        "title": dict(chapter.title),
        "text": dict(chapter.text),
        "questions": {lang: list(qs) for lang, qs in chapter.questions.items()},
        "sources": [_source_index(s, sources) for s in chapter.sources],
    }


def _width(feature: Feature) -> dict[str, float]:
    derived = feature.properties.get("derived")
    return {"width_km": round(float(derived["width_m"]) / 1000.0, 1)} if derived else {}


def _source_index(source: Source, sources: dict[Source, int]) -> int:
    return sources.setdefault(source, len(sources))


def _source(source: Source) -> dict[str, Any]:
    return {"title": source.title, "publisher": source.publisher,
            "date": source.date.isoformat() if source.date else None, "url": source.url}

