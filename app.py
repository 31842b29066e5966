"""Streamlit shell: the map of Russian military presence in the South Caucasus, moved through time.

Run: ``streamlit run app.py``. All logic lives in ``geo/``; this file only wires widgets, the URL and the panels.

The map is the same self-contained document that ``python -m geo export --format html`` writes, served by Streamlit
as a static custom component (no CDN, no tile server). Its date slider filters in the browser, so a slider step
needs no Python rerun; when the reader lets go, the map reports its state and the panels and URL catch up.

Layout (``app.css``): the map is the page. A short title block and the map fill exactly one window (the map takes
the height the title leaves, in CSS ``dvh``, so it follows the window with no rerun); the panels are in the sidebar,
one small function each (:data:`SIDEBAR_PANELS`), and the chart is below the map. The map's own controls (language,
presentation mode, chapters) are the only ones: the app follows what the map reports.

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
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

import streamlit as st
import streamlit.components.v1 as components

from geo.appcache import ServedDocument, cached_document, data_digest, document_key, manifest_facts, serve_document
from geo.config import DEFAULT_LAYERS_DIR, Settings
from geo.i18n import Strings, date_words, strings
from geo.live import LiveCatalog, Snapshot
from geo.mdsafe import md
from geo.state import MapState, state_from_component, state_from_query, state_to_query
from geo.temporal import day_number

if TYPE_CHECKING:
    from geo.chapters import Chapter
    from geo.model import Catalog

#: The map's height before the page's style sizes it to the window (and when it is served inline, unstyled).
MAP_HEIGHT = 640
HERE = Path(__file__).resolve().parent
LOG = logging.getLogger("presence-map")
#: The largest upload of a reader's own layer, in MB (= geo.config.MAX_LAYER_BYTES; also .streamlit/config.toml).
UPLOAD_MB = 50


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


@functools.cache
def page_style(presenting: bool) -> str:
    """The page's stylesheet (``app.css``, plus ``app-presentation.css`` in presentation mode) as a ``<style>``."""
    names = ("app.css", "app-presentation.css") if presenting else ("app.css",)
    return "<style>\n" + "\n".join((HERE / name).read_text(encoding="utf-8") for name in names) + "</style>"


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


class Bounds(TypedDict):
    """What a link may ask for: dates from ``first`` to ``today``, the layers that exist."""

    first: dt.date
    layer_ids: tuple[str, ...]
    today: dt.date


@dataclasses.dataclass(frozen=True)
class Page:
    """What every panel of one run needs: the data served, the reader's state and the date they came from."""

    catalog: Catalog
    snapshot: Snapshot
    state: MapState
    text: Strings
    previous: dt.date | None
    layers_dir: str
    today: dt.date


def main() -> None:
    settings = Settings(layers_dir=Path(os.environ.get("PRESENCE_MAP_LAYERS", DEFAULT_LAYERS_DIR)))
    today = settings.today
    layers_dir = str(settings.layers_dir)
    first, layer_ids = manifest_facts(settings.layers_dir)
    bounds = Bounds(first=first, layer_ids=layer_ids, today=today)

    new_reader = "state" not in st.session_state
    if new_reader:  # start from the link they followed
        state, notices = state_from_query(st.query_params.to_dict(), **bounds)
        st.session_state.state = state
        st.session_state.nav = {"day": state.day.isoformat(), "lang": state.lang, "swap": state.swap,
                                "layers": sorted(state.layers) if state.layers is not None else None,
                                "view": [state.view.lat, state.view.lon, state.view.zoom] if state.view else None,
                                "chapter": state.chapter}
        st.session_state.notices = notices
        st.session_state.chapter_applied = False
        st.session_state.previous_day = None
        st.session_state.setdefault("presenting", False)
    # what the map reported last (a new date, a language chosen in the map, presentation mode): applied before
    # anything is drawn, so the title and the browser tab are in the language the reader just chose
    state = _follow_the_map(st.session_state.state, bounds)
    presenting = bool(st.session_state.presenting)
    text = strings(state.lang)
    st.set_page_config(page_title=text("app_title"), layout="wide",
                       initial_sidebar_state="collapsed" if new_reader else None)  # default favicon: local
    st.html(page_style(presenting))

    live = live_catalog(layers_dir)
    served_now = live.peek()  # None until this process has loaded the catalog once (then: no data read here)
    digest = served_now.digest if served_now is not None else data_digest(settings.layers_dir)
    cache_dir = str(settings.cache_dir) if settings.cache_dir else None
    user_layers = _user_layer_args(layer_ids, live, today)  # the reader's upload, as the map's data (hook)
    with st.container(key="stage"):  # the title block and the map: one window high (app.css)
        if not presenting:
            with st.container(key="titlebar", horizontal=True, gap="medium", vertical_alignment="bottom"):
                st.title(text("app_title"), anchor=False, width="content")
                st.caption(text("app_subtitle"), width="content")
        for notice in st.session_state.notices:
            st.warning(notice.markdown(state.lang), icon="⚠️")  # the link's text is escaped: shown, never a link
        _show_map(map_document(layers_dir, today.isoformat(), digest, cache_dir), presenting, user_layers)
    # --- the map is on its way to the browser; now the heavier parts ---------------------------------------------
    snapshot = live.get(today)
    if not st.session_state.chapter_applied and state.chapter is not None:
        state = _open_chapter(state, snapshot.chapters)
        st.session_state.chapter_applied = True
    st.session_state.state = state
    st.query_params.from_dict(state_to_query(state))
    if presenting:  # the map (with its chapter panel) is the whole page
        return
    page = Page(snapshot.result.catalog, snapshot, state, text, st.session_state.previous_day, layers_dir, today)
    with st.sidebar:
        for panel in SIDEBAR_PANELS:
            panel(page)
    for panel in BELOW_PANELS:
        panel(page)


def _follow_the_map(state: MapState, bounds: Bounds) -> MapState:
    """The state after the map's last report (``st.session_state.map``, validated); remembers the date left behind
    (for "what changed") and whether the map is in presentation mode."""
    value = st.session_state.get("map")
    new_state = state_from_component(value, state, **bounds)
    if isinstance(value, dict) and isinstance(value.get("presenting"), bool):
        st.session_state.presenting = value["presenting"]
    if new_state == state:
        return state
    st.session_state.notices = ()
    if new_state.day != state.day:
        st.session_state.previous_day = state.day
    st.session_state.state = new_state
    return new_state


def _show_map(served: ServedDocument, presenting: bool, user_layers: list[dict[str, Any]]) -> Any:
    """The map component on the served document (inline HTML, without the bridge, if no folder could be used).

    The arguments are the reader's link (``nav``), not the map's last report: the map is never told to go back to
    where it was a rerun ago. Presentation mode is passed as the page has it, so a map document that is replaced
    (new data, a new day) opens as the page around it is. ``user_layers``: the reader's uploaded layers as data (the
    document itself holds only the dataset).
    """
    nav = st.session_state.nav
    if served.folder is None:
        components.html(served.html, height=MAP_HEIGHT)
        return None
    return map_component(str(served.folder))(
        day=day_number(dt.date.fromisoformat(nav["day"])), lang=nav["lang"], layers=nav["layers"], swap=nav["swap"],
        view=dict(zip(("lat", "lon", "zoom"), nav["view"], strict=True)) if nav["view"] else None,
        chapter=nav["chapter"], presentation=presenting, height=MAP_HEIGHT, user_layers=user_layers,
        key="map", default=None,
    )


def _open_chapter(state: MapState, lesson: tuple[Chapter, ...]) -> MapState:
    """A link to a chapter opens at its date and layers (the map goes there itself)."""
    if state.chapter is not None and 1 <= state.chapter <= len(lesson):
        chapter = lesson[state.chapter - 1]
        return dataclasses.replace(state, day=chapter.day, layers=frozenset(chapter.layers))
    return dataclasses.replace(state, chapter=None)


# --- the sidebar: one function per panel, in this order ----------------------------------------------------------


def _date_panel(page: Page) -> None:
    """The date in words (the heading the panels catch up to)."""
    st.subheader(date_words(page.state.day, page.state.lang), anchor=False)


def _changes_panel(page: Page) -> None:
    """What changed since the date the reader came from (or the last change before this date), computed once here."""
    from geo.changes import changes_for
    from geo.panels import change_items

    state, text = page.state, page.text
    found = changes_for(page.catalog, state.day, previous=page.previous, layers=state.layers)
    with st.expander(text("changes_title"), expanded=True):
        if found is None:
            st.caption(text("changes_nothing"))
            return
        words = {"start": date_words(found.start, state.lang), "end": date_words(found.end, state.lang)}
        if found.last_change:
            lead = (text("changes_on_this_day") if found.end == state.day
                    else text("changes_last", date=words["end"]))
        elif found.moved_back:
            lead = text("changes_between", **words)
        else:
            lead = text("changes_since", date=words["start"])
        st.markdown(f"**{lead}**")  # our own words and dates: no data text
        if found.empty:
            st.caption(text("changes_none"))
            return
        one_day = (found.end - found.start).days == 1  # every item has the same date: said once, in the lead
        for features, key, ended in ((found.appeared, "changes_appeared", False), (found.ended, "changes_ended", True)):
            if not features:
                continue
            items = change_items(features, page.catalog, lang=state.lang, ended=ended, swap=state.swap)
            when = "changes_until" if ended else "changes_from"
            lines = [f"- {md(i.name)}" + ("" if one_day else f" — {text(when, date=i.when)}")  # names: data, escaped
                     for i in items]
            st.markdown(f"{text(key, count=len(items))}\n\n" + "\n".join(lines))


def _on_map_panel(page: Page) -> None:
    """The text alternative: one row per feature on the map."""
    from geo.panels import on_map_rows

    state, text = page.state, page.text
    rows = on_map_rows(page.catalog, state.day, lang=state.lang, layers=state.layers, swap=state.swap)
    label = f"{text('on_map_title', date=date_words(state.day, state.lang))} — {text('features_count', count=len(rows))}"
    with st.expander(label, expanded=False):
        if not rows:
            st.info(text("on_map_empty"))
            return
        st.dataframe(
            [{text("col_name"): r.name, text("col_kind"): r.kind, text("col_dates"): r.dates,
              text("col_layer"): r.layer, text("col_confidence"): r.confidence} for r in rows],
            hide_index=True, width="stretch", height=min(38 + 35 * len(rows), 420),
        )


def _events_panel(page: Page) -> None:
    """Key events within a year of the date, nearest first."""
    from geo.panels import events_near

    state, text = page.state, page.text
    with st.expander(text("events_near", date=date_words(state.day, state.lang)), expanded=True):
        events = events_near(page.catalog, state.day, lang=state.lang, swap=state.swap)
        if events:
            st.markdown("\n".join(f"- **{md(e.date)}** — {md(e.name)}" for e in events))
        else:
            st.caption(text("no_events_near"))


def _downloads_panel(page: Page) -> None:
    """This date's data (GeoJSON, CSV) and this map (one HTML file), built only when clicked."""
    state, text = page.state, page.text
    shown = tuple(sorted(state.layers)) if state.layers is not None else None
    view = (state.view.lat, state.view.lon, state.view.zoom) if state.view else None
    day = state.day.isoformat()
    for kind, label, mime in (("geojson", "download_geojson", "application/geo+json"),
                              ("csv", "download_csv", "text/csv"),
                              ("html", "download_html", "text/html")):
        st.download_button(  # deferred: the file is built only when the reader clicks
            text(label),
            # with the reader's own layer the map is built for this session only, never cached (hook)
            data=_user_layer_download(kind, page.catalog, state, page.today) or functools.partial(
                download, page.layers_dir, page.snapshot.digest, day, kind, shown, state.lang, state.swap, view,
                page.today.isoformat()),
            file_name=f"presence-map-{day}.{kind}", mime=mime, key=f"download-{kind}", width="stretch",
            on_click="ignore",
        )


def _about_panel(page: Page) -> None:
    """What the map is, its status note and the dataset's version and licence."""
    catalog, text = page.catalog, page.text
    with st.expander(text("about")):
        st.write(text("about_text"))
        st.caption(text("status_note"))
        st.caption(f"{md(catalog.dataset.title)}, v{md(catalog.dataset.version)}, "
                   f"{text('data_as_of', date=date_words(catalog.dataset.data_as_of, page.state.lang))}. "
                   f"{md(catalog.dataset.licence)}.")


def _problems_panel(page: Page) -> None:
    """Problems of the data, and of a refused edit, in a closed expander (for the maintainer)."""
    snapshot = page.snapshot
    problems = snapshot.problems
    if not problems and not snapshot.refused:
        return
    lines = [str(p) for p in problems]
    if snapshot.refused:
        lines = [f"A change to the layer files was NOT applied: it brings {len(snapshot.refused)} new problem(s). "
                 "The map keeps the last good data until they are fixed:", *(str(p) for p in snapshot.refused),
                 *(["", *lines] if lines else [])]
    with st.expander(page.text("data_problems", count=len(problems) + len(snapshot.refused))):
        st.code("\n".join(lines), language=None)


# --- the reader's own layer (issue 14): upload, columns, report; kept in this session only --------------------------
# Nothing of it is written to disk or to a cache shared by sessions: the file, its read and its packed payload live in
# st.session_state (dropped by Streamlit when the session ends) and reach the map as component data.

_USER_KEYS = ("user_layer", "user_layer_args", "user_layer_file_id")


def _user_layer_args(layer_ids: Any, live: LiveCatalog, today: dt.date) -> list[dict[str, Any]]:
    """The uploaded layer as the map component's data: read once per file and column mapping, packed once per style."""
    uploaded = st.session_state.get("user_layer_file")
    if uploaded is None:
        for key in _USER_KEYS:
            st.session_state.pop(key, None)
        return []
    from geo.config import MAX_LAYER_BYTES
    from geo.userlayer.columns import ColumnMap
    from geo.userlayer.onmap import PALETTE
    from geo.userlayer.upload import component_args, read_upload, upload_digest

    data = uploaded.getvalue()
    columns = ColumnMap(tuple((target, column) for target, column in _chosen_columns().items()))
    upload = st.session_state.get("user_layer")
    if upload is None or upload.digest != upload_digest(data, columns):
        reserved = frozenset(f.id for f in live.get(today).result.catalog.features)
        upload = read_upload(data, uploaded.name, columns=columns, layer_ids=layer_ids, reserved=reserved,
                             max_bytes=MAX_LAYER_BYTES)  # also past Streamlit's own limit: the same 50 MB
        st.session_state.user_layer = upload
    if st.session_state.get("user_layer_file_id") != uploaded.file_id:  # a new file: its name is the first title
        st.session_state.user_layer_file_id = uploaded.file_id
        st.session_state.user_layer_title = uploaded.name[:200]
    style = (st.session_state.get("user_layer_title") or uploaded.name[:200],
             st.session_state.get("user_layer_color") or PALETTE[0], st.session_state.get("user_layer_symbol") or "circle")
    cached = st.session_state.get("user_layer_args")
    if cached is None or cached[0] != (upload.digest, style):
        args = component_args(upload, title=style[0], color=style[1], symbol=style[2])
        cached = ((upload.digest, style), [args] if args else [])
        st.session_state.user_layer_args = cached
    return list(cached[1])


def _chosen_columns() -> dict[str, str]:
    """The reader's column selects (those shown in the last run and not left empty)."""
    from geo.userlayer.columns import TARGETS

    return {target: str(st.session_state[f"user_map_{target}"]) for target in TARGETS
            if st.session_state.get(f"user_map_{target}")}


def _user_layer_panel(text: Any) -> None:
    """The upload control (50 MB, stated and enforced), the column selects, the report of left-out rows (as text,
    never Markdown), and the layer's title, colour and symbol."""
    from geo.userlayer.columns import GEOMETRY_TARGETS, TARGETS
    from geo.userlayer.onmap import PALETTE, SYMBOLS
    from geo.userlayer.upload import file_columns

    st.markdown(f"**{text('upload_heading')}**")
    uploaded = st.file_uploader(text("upload_label"), type=["csv", "tsv", "txt", "geojson", "json", "gpkg"],
                                key="user_layer_file", help=text("upload_help"), max_upload_size=UPLOAD_MB)
    st.caption(text("upload_private"))
    upload = st.session_state.get("user_layer")
    if uploaded is None or upload is None:
        return
    shown = [str(p) for p in upload.problems[:20]]
    more = [text("upload_more_problems", count=f"{len(upload.problems) - 20:,}")] if len(upload.problems) > 20 else []
    if upload.result is None:
        st.error(text("upload_failed"))
        st.code("\n".join(shown + more), language=None)
    else:
        result = upload.result
        st.text(text("upload_kept", file=upload.file, kept=f"{len(result.layer):,}", read=f"{result.rows_read:,}",
                     left=f"{result.rows_left_out:,}"))
        if shown:
            st.text(text("upload_problems"))
            st.code("\n".join(shown + more), language=None)
    choose = st.checkbox(text("upload_choose_columns"), key="user_layer_choose")
    if choose or upload.columns_missing:
        fmt, header = file_columns(uploaded.getvalue(), uploaded.name)
        found = dict(upload.result.columns) if upload.result is not None else {}
        by_name = {name.strip().lower(): name for name in header}
        for target, names in TARGETS.items():
            if fmt != "csv" and target in (*GEOMETRY_TARGETS,):
                continue
            guess = found.get(target) or next((by_name[n] for n in names if n in by_name), "")
            options = ["", *header]
            st.selectbox(text(f"target.{target}"), options, index=options.index(guess) if guess in options else 0,
                         key=f"user_map_{target}", format_func=lambda c: c or text("upload_none"))
    st.text_input(text("upload_title"), key="user_layer_title", max_chars=200)
    st.color_picker(text("upload_color"), value=PALETTE[0], key="user_layer_color")
    st.selectbox(text("upload_symbol"), SYMBOLS, key="user_layer_symbol", format_func=lambda s: text(f"symbol.{s}"))


def _user_layer_download(kind: str, catalog: Catalog, state: MapState, today: dt.date) -> Any:
    """The "Download this map" file with the reader's layer in it (built on click, for this session only), or None."""
    cached = st.session_state.get("user_layer_args")
    if kind != "html" or not cached or not cached[1]:
        return None
    args = cached[1][0]

    def build() -> str:
        from geo.render import MapOptions, build_document
        from geo.userlayer.onmap import MapUserLayer

        layer = MapUserLayer(args["payload"], title=args["title"], color=args["color"], symbol=args["symbol"])
        options = MapOptions(day=state.day, lang=state.lang, visible=state.layers, swap=state.swap, view=state.view,
                             user_layers=(layer,))
        return build_document(catalog, options, today=today)

    return build


# -------------------------------------------------------------------------------------------------------------------


def _upload_panel(page: Page) -> None:
    """The reader's own layer: upload, columns, report, style (kept in this session only)."""
    _user_layer_panel(page.text)


#: The sidebar, top to bottom (closed on first open: the map is the page). A new panel is one function of a
#: :class:`Page` added here.
SIDEBAR_PANELS: tuple[Callable[[Page], None], ...] = (
    _date_panel, _changes_panel, _events_panel, _upload_panel, _downloads_panel, _about_panel, _problems_panel,
)


# --- below the map -----------------------------------------------------------------------------------------------


def _chart_panel(page: Page) -> None:
    """Personnel figures over time (geo.chart: log scale, hollow approximate points, a rule at the date)."""
    import pandas as pd

    from geo.chart import chart_data, chart_rows, personnel_spec
    from geo.panels import personnel_series

    state, text = page.state, page.text
    points = personnel_series(page.catalog, lang=state.lang, swap=state.swap)
    if not points:
        return
    with st.expander(text("personnel_chart"), expanded=True):
        forces = len({p.feature_id for p in points})
        span = {"first": page.catalog.dataset.first_date, "last": page.today}
        st.vega_lite_chart(  # a new date changes only the data: the drawn chart is updated, not built again
            pd.DataFrame(chart_data(points, day=state.day, lang=state.lang, **span)),
            personnel_spec(points, lang=state.lang, **span),
            width="stretch", key="personnel-chart", alt=text("chart_alt", count=len(points), forces=forces),
        )
        st.caption(text("personnel_note"))
    rows = chart_rows(points, state.lang)
    with st.expander(text("chart_table")):  # the same figures, for a screen reader and for copying
        st.dataframe([{text("col_name"): r["feature"], text("chart_figure"): r["figure"],
                       text("chart_as_of"): r["as_of_words"], text("sources"): r["source"],
                       text("chart_note"): r["note"]} for r in rows], hide_index=True, width="stretch")


#: Below the map, top to bottom: what needs the width.
BELOW_PANELS: tuple[Callable[[Page], None], ...] = (_chart_panel, _on_map_panel)


main()
