"""Streamlit shell: the map of Russian military presence in the South Caucasus, moved through time.

Run: ``streamlit run app.py``. All logic lives in ``geo/``; this file only wires widgets, the URL and the panels.

The map is the same self-contained document that ``python -m geo export --format html`` writes, served by Streamlit
as a static custom component (no CDN, no tile server). Its date slider filters in the browser, so a slider step
needs no Python rerun; when the reader lets go, the map reports its state and the panels and URL catch up.

Start-up order matters (budget: server start to first map painted <= 2.5 s, Streamlit alone takes ~2 s): the map is
emitted first, from a document cached on disk (``geo.appcache``), using only light modules; the catalog, folium,
shapely and the panels' modules are imported after it has been sent to the browser.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st
import streamlit.components.v1 as components

from geo.appcache import ServedDocument, cached_document, data_digest, document_key, manifest_facts, serve_document
from geo.config import DEFAULT_LAYERS_DIR, LANGUAGES, Settings
from geo.i18n import date_words, language_label, strings
from geo.live import LiveCatalog, Snapshot
from geo.mdsafe import md
from geo.state import MapState, state_from_component, state_from_query, state_to_query
from geo.temporal import day_number

if TYPE_CHECKING:
    from geo.chapters import Chapter
    from geo.model import Catalog

MAP_HEIGHT = 640
PRESENTATION_HEIGHT = 720
LOG = logging.getLogger("presence-map")


def reload_seconds() -> float:
    """How often the layer files are looked at for edits (``PRESENCE_MAP_RELOAD_SECONDS``, default 3 s)."""
    try:
        value = float(os.environ.get("PRESENCE_MAP_RELOAD_SECONDS", "3"))
    except ValueError:
        return 3.0
    return value if 0 <= value <= 3600 else 3.0


@st.cache_resource(show_spinner=False)
def live_catalog(layers_dir: str) -> LiveCatalog:
    """The process's catalog of this folder, reloaded when its files change (one per process, for every session)."""
    return LiveCatalog(Path(layers_dir), every_s=reload_seconds())


@st.cache_resource(show_spinner=False, max_entries=8)
def map_document(layers_dir: str, today: str, digest: str, cache_dir: str | None) -> ServedDocument:
    """The map document of this data and day: from the private cache if there (verified), else built now.

    Kept while cached (it holds the lock that keeps other processes from evicting it); never raises for a cache
    problem (see :mod:`geo.appcache`).
    """
    day = dt.date.fromisoformat(today)
    cache = Path(cache_dir) if cache_dir else None
    served = cached_document(cache, document_key(digest, day, extra="app"), LOG)
    if served is not None:
        return served
    from geo.render import MapOptions, build_document  # heavy: only when there is no cached document

    snapshot = live_catalog(layers_dir).get(day)
    options = MapOptions(day=day, bridge=True, chapters=snapshot.chapters)
    html = build_document(snapshot.result.catalog, options, today=day)
    return serve_document(cache, document_key(snapshot.digest, day, extra="app"), html, LOG)


@st.cache_resource(show_spinner=False, max_entries=8)
def map_component(folder: str) -> Any:
    """The map as a static custom component served from ``folder``."""
    return components.declare_component("presence_map", path=folder)


@st.cache_data(show_spinner=False, max_entries=64)
def download(layers_dir: str, digest: str, day: str, kind: str, layers: tuple[str, ...] | None, lang: str, swap: bool,
             view: tuple[float, float, float] | None, today: str) -> str:
    """The data of one date as GeoJSON / CSV, or the map as a self-contained HTML file (cached on simple keys)."""
    import json

    from geo.records import csv_text, feature_collection
    from geo.render import MapOptions, build_document
    from geo.view import View

    catalog = live_catalog(layers_dir).get(dt.date.fromisoformat(today)).result.catalog
    shown = frozenset(layers) if layers is not None else None
    if kind == "html":
        options = MapOptions(day=dt.date.fromisoformat(day), lang=lang, visible=shown, swap=swap,
                             view=View(*view) if view else None)
        return build_document(catalog, options, today=dt.date.fromisoformat(today))
    features = catalog.active_on(dt.date.fromisoformat(day), layers=shown)
    if kind == "geojson":
        return json.dumps(feature_collection(features, catalog), ensure_ascii=False, indent=1)
    return csv_text(features, catalog)


def main() -> None:
    settings = Settings(layers_dir=Path(os.environ.get("PRESENCE_MAP_LAYERS", DEFAULT_LAYERS_DIR)))
    today = settings.today
    layers_dir = str(settings.layers_dir)
    first, layer_ids = manifest_facts(settings.layers_dir)
    bounds = {"first": first, "layer_ids": layer_ids, "today": today}

    if "state" not in st.session_state:  # a new reader: start from the link they followed
        state, notices = state_from_query(st.query_params.to_dict(), **bounds)
        st.session_state.state = state
        st.session_state.nav = {"day": state.day.isoformat(), "lang": state.lang, "swap": state.swap,
                                "layers": sorted(state.layers) if state.layers is not None else None,
                                "view": [state.view.lat, state.view.lon, state.view.zoom] if state.view else None,
                                "chapter": state.chapter}
        st.session_state.notices = notices
        st.session_state.chapter_applied = False
    state: MapState = st.session_state.state
    text = strings(state.lang)
    st.set_page_config(page_title=text("app_title"), layout="wide")  # default favicon: served locally

    # the toggle itself is drawn after the map (widgets cost time on a fresh server); its value is in session state
    presenting = bool(st.session_state.get("presentation", False))
    if not presenting:
        st.title(text("app_title"))
        st.caption(text("app_subtitle"))
    for notice in st.session_state.notices:
        st.warning(notice.markdown(state.lang), icon="⚠️")  # the link's text is escaped: shown, never a link

    live = live_catalog(layers_dir)
    served_now = live.peek()  # None until this process has loaded the catalog once (then: no data read here)
    digest = served_now.digest if served_now is not None else data_digest(settings.layers_dir)
    cache_dir = str(settings.cache_dir) if settings.cache_dir else None
    map_col, side = st.columns([3, 2], gap="medium") if not presenting else (st.container(), None)
    with map_col:
        value = _show_map(map_document(layers_dir, today.isoformat(), digest, cache_dir), presenting)
    # --- the map is on its way to the browser; now the heavier parts ---------------------------------------------
    with map_col:
        st.toggle(text("presentation"), key="presentation")
    snapshot = live.get(today)
    result = snapshot.result
    catalog = result.catalog
    if not st.session_state.chapter_applied and state.chapter is not None:
        state = _open_chapter(state, snapshot.chapters)
        st.session_state.chapter_applied = True
    new_state = state_from_component(value, state, **bounds)
    if new_state != state:
        st.session_state.notices = ()
        state = new_state
        text = strings(state.lang)
    st.session_state.state = state
    st.query_params.from_dict(state_to_query(state))
    _maintainer_notice(snapshot, map_col, text)
    if side is None:  # presentation: the map (with its chapter panel) is the whole page
        return
    with side:
        _side_panels(catalog, state, text)
    below_left, below_right = st.columns([3, 2], gap="medium")
    with below_left:
        _personnel_chart(catalog, state, text)
    with below_right:
        _downloads_and_about(catalog, state, text, layers_dir, snapshot.digest, today)


def _show_map(served: ServedDocument, presenting: bool) -> Any:
    """The map component on the served document (inline HTML, without the bridge, if no folder could be used)."""
    nav = st.session_state.nav
    height = PRESENTATION_HEIGHT if presenting else MAP_HEIGHT
    if served.folder is None:
        components.html(served.html, height=height)
        return None
    return map_component(str(served.folder))(
        day=day_number(dt.date.fromisoformat(nav["day"])), lang=nav["lang"], layers=nav["layers"], swap=nav["swap"],
        view=dict(zip(("lat", "lon", "zoom"), nav["view"], strict=True)) if nav["view"] else None,
        chapter=nav["chapter"], presentation=presenting, height=height, key="map", default=None,
    )


def _maintainer_notice(snapshot: Snapshot, where: Any, text: Any) -> None:
    """Problems of the data, and of a refused edit, in a closed expander under the map (for the maintainer)."""
    problems = snapshot.problems
    if not problems and not snapshot.refused:
        return
    lines = [str(p) for p in problems]
    if snapshot.refused:
        lines = [f"A change to the layer files was NOT applied: it brings {len(snapshot.refused)} new problem(s). "
                 "The map keeps the last good data until they are fixed:", *(str(p) for p in snapshot.refused),
                 *(["", *lines] if lines else [])]
    with where, st.expander(text("data_problems", count=len(problems) + len(snapshot.refused))):
        st.code("\n".join(lines), language=None)


def _open_chapter(state: MapState, lesson: tuple[Chapter, ...]) -> MapState:
    """A link to a chapter opens at its date and layers (the map goes there itself)."""
    if state.chapter is not None and 1 <= state.chapter <= len(lesson):
        chapter = lesson[state.chapter - 1]
        return dataclasses.replace(state, day=chapter.day, layers=frozenset(chapter.layers))
    return dataclasses.replace(state, chapter=None)


def _side_panels(catalog: Catalog, state: MapState, text: Any) -> None:
    from geo.panels import events_near, on_map_rows

    st.subheader(date_words(state.day, state.lang))
    rows = on_map_rows(catalog, state.day, lang=state.lang, layers=state.layers, swap=state.swap)
    st.markdown(f"**{text('on_map_title', date=date_words(state.day, state.lang))}** — "
                f"{text('features_count', count=len(rows))}")
    if rows:
        st.dataframe(
            [{text("col_name"): r.name, text("col_kind"): r.kind, text("col_dates"): r.dates,
              text("col_layer"): r.layer, text("col_confidence"): r.confidence} for r in rows],
            hide_index=True, width="stretch", height=min(38 + 35 * len(rows), 320),
        )
    else:
        st.info(text("on_map_empty"))
    st.markdown(f"**{text('events_near', date=date_words(state.day, state.lang))}**")
    events = events_near(catalog, state.day, lang=state.lang, swap=state.swap)
    if events:
        st.markdown("\n".join(f"- **{e.date}** — {md(e.name)}" for e in events))
    else:
        st.caption(text("no_events_near"))


def _downloads_and_about(catalog: Catalog, state: MapState, text: Any, layers_dir: str, digest: str,
                         today: dt.date) -> None:
    shown = tuple(sorted(state.layers)) if state.layers is not None else None
    view = (state.view.lat, state.view.lon, state.view.zoom) if state.view else None
    day = state.day.isoformat()
    for kind, label, mime in (("geojson", "download_geojson", "application/geo+json"),
                              ("csv", "download_csv", "text/csv"),
                              ("html", "download_html", "text/html")):
        st.download_button(  # deferred: the file is built only when the reader clicks
            text(label),
            data=functools.partial(download, layers_dir, digest, day, kind, shown, state.lang, state.swap, view,
                                   today.isoformat()),
            file_name=f"presence-map-{day}.{kind}", mime=mime, key=f"download-{kind}", width="stretch",
            on_click="ignore",
        )
    with st.expander(text("about")):
        st.write(text("about_text"))
        st.caption(text("status_note"))
        st.caption(f"{md(catalog.dataset.title)}, v{md(catalog.dataset.version)}, "
                   f"{text('data_as_of', date=date_words(catalog.dataset.data_as_of, state.lang))}. "
                   f"{md(catalog.dataset.licence)}.")
    st.selectbox(text("language"), LANGUAGES, index=LANGUAGES.index(state.lang), format_func=language_label,
                 key="lang_select", on_change=_set_language)


def _set_language() -> None:
    lang = st.session_state.lang_select
    st.session_state.state = dataclasses.replace(st.session_state.state, lang=lang)
    st.session_state.nav = {**st.session_state.nav, "lang": lang}


def _personnel_chart(catalog: Catalog, state: MapState, text: Any) -> None:
    from geo.panels import personnel_series

    points = personnel_series(catalog, lang=state.lang, swap=state.swap)
    if not points:
        return
    st.markdown(f"**{text('personnel_chart')}**")
    data = [{"feature": p.feature, "date": p.as_of.isoformat(), "personnel": p.value} for p in points]
    st.vega_lite_chart(
        None,
        {
            "data": {"values": data},
            "layer": [
                {"mark": {"type": "line", "point": True},
                 "encoding": {"x": {"field": "date", "type": "temporal", "title": None},
                              "y": {"field": "personnel", "type": "quantitative", "title": None},
                              "color": {"field": "feature", "type": "nominal", "title": None,
                                        "legend": {"orient": "bottom", "columns": 1, "labelLimit": 420}},
                              "tooltip": [{"field": "feature"}, {"field": "date", "type": "temporal"},
                                          {"field": "personnel", "format": ","}]}},
                {"data": {"values": [{"date": state.day.isoformat()}]}, "mark": {"type": "rule", "strokeDash": [4, 3]},
                 "encoding": {"x": {"field": "date", "type": "temporal"}}},
            ],
            "height": 220,
        },
        width="stretch",
    )
    st.caption(text("personnel_note"))


main()
