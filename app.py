"""Streamlit shell: the map of Russian military presence in the South Caucasus, moved through time.

Run: ``streamlit run app.py``. All logic lives in ``geo/``; this file only wires widgets, the URL and the panels.

The map is the same self-contained document that ``python -m geo export --format html`` writes, served by Streamlit
as a static custom component (no CDN, no tile server). Its date slider filters in the browser, so a slider step
needs no Python rerun; when the reader lets go, the map reports its state and the panels and URL catch up.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from geo.chapters import Chapter, load_chapters
from geo.config import DEFAULT_LAYERS_DIR, Settings
from geo.errors import DataError
from geo.i18n import date_words, language_label, strings
from geo.io import LoadResult, load_catalog
from geo.model import LANGUAGES
from geo.panels import events_near, on_map_rows, personnel_series
from geo.records import csv_text, feature_collection
from geo.render import MapOptions, View, build_document
from geo.state import MapState, state_from_component, state_from_query, state_to_query
from geo.temporal import day_number

MAP_HEIGHT = 640
PRESENTATION_HEIGHT = 720


@st.cache_resource(show_spinner=False)
def load(layers_dir: str) -> LoadResult:
    """The catalog, read once per process (immutable; shared by every session)."""
    return load_catalog(Settings(layers_dir=Path(layers_dir)))


@st.cache_resource(show_spinner=False)
def chapters(layers_dir: str, today: str) -> tuple[Chapter, ...]:
    """The guided chapters (empty if the layers folder has none or they do not validate: the map still works)."""
    catalog = load(layers_dir).catalog
    try:
        return load_chapters(Path(layers_dir), layer_ids=[layer.id for layer in catalog.layers],
                             today=dt.date.fromisoformat(today))
    except DataError:
        return ()


@st.cache_resource(show_spinner=False)
def map_component(layers_dir: str, today: str) -> Any:
    """Build the map document once, write it where Streamlit serves component files, and declare the component."""
    catalog = load(layers_dir).catalog
    options = MapOptions(day=dt.date.fromisoformat(today), bridge=True, chapters=chapters(layers_dir, today))
    html = build_document(catalog, options, today=dt.date.fromisoformat(today))
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / f"presence-map-{digest}"
    folder.mkdir(exist_ok=True)
    (folder / "index.html").write_text(html, encoding="utf-8")
    return components.declare_component("presence_map", path=str(folder))


@st.cache_data(show_spinner=False, max_entries=64)
def download(layers_dir: str, day: str, kind: str, layers: tuple[str, ...] | None, lang: str, swap: bool,
             view: tuple[float, float, float] | None, today: str) -> str:
    """The data of one date as GeoJSON / CSV, or the map as a self-contained HTML file (cached on simple keys)."""
    catalog = load(layers_dir).catalog
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
    result = load(layers_dir)
    catalog = result.catalog

    if "state" not in st.session_state:  # a new reader: start from the link they followed
        state, notices = state_from_query(st.query_params.to_dict(), catalog, today=today)
        lesson = chapters(layers_dir, today.isoformat())
        if state.chapter is not None:  # a link to a chapter opens at its date and layers
            if 1 <= state.chapter <= len(lesson):
                chapter = lesson[state.chapter - 1]
                state = dataclasses.replace(state, day=chapter.day, layers=frozenset(chapter.layers))
            else:
                state = dataclasses.replace(state, chapter=None)
        st.session_state.state = state
        st.session_state.nav = {"day": state.day.isoformat(), "lang": state.lang, "swap": state.swap,
                                "layers": sorted(state.layers) if state.layers is not None else None,
                                "view": [state.view.lat, state.view.lon, state.view.zoom] if state.view else None,
                                "chapter": state.chapter}
        st.session_state.notices = notices
    state: MapState = st.session_state.state
    text = strings(state.lang)
    st.set_page_config(page_title=text("app_title"), page_icon="🗺️", layout="wide")

    presenting = st.toggle(text("presentation"), key="presentation",
                           help=text("about_text") if chapters(layers_dir, today.isoformat()) else None)
    if not presenting:
        st.title(text("app_title"))
        st.caption(text("app_subtitle"))
    for notice in st.session_state.notices:
        st.warning(notice.text(state.lang), icon="⚠️")
    if result.problems:
        with st.expander(text("data_problems", count=len(result.problems))):
            st.code("\n".join(str(p) for p in result.problems), language=None)

    map_col, side = st.columns([3, 2], gap="medium") if not presenting else (st.container(), None)
    with map_col:
        nav = st.session_state.nav
        value = map_component(layers_dir, today.isoformat())(
            day=day_number(dt.date.fromisoformat(nav["day"])), lang=nav["lang"], layers=nav["layers"], swap=nav["swap"],
            view=dict(zip(("lat", "lon", "zoom"), nav["view"], strict=True)) if nav["view"] else None,
            chapter=nav["chapter"], presentation=presenting,
            height=PRESENTATION_HEIGHT if presenting else MAP_HEIGHT, key="map", default=None,
        )
        new_state = state_from_component(value, state, catalog, today=today)
        if new_state != state:
            st.session_state.state = state = new_state
            st.session_state.notices = ()
            text = strings(state.lang)
        st.query_params.from_dict(state_to_query(state))

    if side is None:  # presentation: the map (with its chapter panel) is the whole page
        return
    with side:
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
            st.markdown("\n".join(f"- **{_md(e.date)}** — {_md(e.name)}" for e in events))
        else:
            st.caption(text("no_events_near"))

    below_left, below_right = st.columns([3, 2], gap="medium")
    with below_left:
        _personnel_chart(catalog, state, text)
    with below_right:
        shown = tuple(sorted(state.layers)) if state.layers is not None else None
        view = (state.view.lat, state.view.lon, state.view.zoom) if state.view else None
        day = state.day.isoformat()
        for kind, label, mime in (("geojson", "download_geojson", "application/geo+json"),
                                  ("csv", "download_csv", "text/csv"),
                                  ("html", "download_html", "text/html")):
            st.download_button(  # deferred: the file is built only when the reader clicks
                text(label),
                data=functools.partial(download, layers_dir, day, kind, shown, state.lang, state.swap, view,
                                       today.isoformat()),
                file_name=f"presence-map-{day}.{kind}", mime=mime, key=f"download-{kind}", width="stretch",
                on_click="ignore",
            )
        with st.expander(text("about")):
            st.write(text("about_text"))
            st.caption(text("status_note"))
            st.caption(f"{catalog.dataset.title}, v{catalog.dataset.version}, "
                       f"{text('data_as_of', date=date_words(catalog.dataset.data_as_of, state.lang))}. "
                       f"{catalog.dataset.licence}.")
        st.selectbox(text("language"), LANGUAGES, index=LANGUAGES.index(state.lang), format_func=language_label,
                     key="lang_select", on_change=_set_language)


def _set_language() -> None:
    lang = st.session_state.lang_select
    st.session_state.state = MapState(**{**_fields(st.session_state.state), "lang": lang})
    st.session_state.nav = {**st.session_state.nav, "lang": lang}


def _fields(state: MapState) -> dict[str, Any]:
    return {name: getattr(state, name) for name in ("day", "lang", "layers", "view", "swap", "chapter")}


def _personnel_chart(catalog: Any, state: MapState, text: Any) -> None:
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


def _md(value: str) -> str:
    """Plain text safe inside Markdown: Markdown and HTML specials are backslash-escaped."""
    specials = "\\`*_{}[]()#+-.!|<>&~"
    return "".join("\\" + ch if ch in specials else ch for ch in value)


main()
