"""Benchmark peer (a), "naive": an ``st.slider`` over day numbers; every rerun filters the catalog and builds a new
folium map, shown with ``st_folium(m, key="map", returned_objects=[])``.

Run by ``bench/run.py`` (``streamlit run bench/peers/naive_app.py``); not part of the product. The helpers here are
shared with ``feature_group_app.py`` and with ``bench/run.py`` (folium's own ``map.save()`` of the same data), so this
module does nothing at import time: the Streamlit page is drawn only when it runs as the main script.

Environment: ``BENCH_START_DAY`` (int, days since 1970-01-01) is the slider's first value; default 1 March 1993.
The slider moves in steps of 365 days. A ``DivIcon`` marker ``<span class="bench-day" data-day="N">`` is drawn inside
what changes (here: the whole map), so the benchmark can see in the browser when day ``N`` has been painted.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import folium  # noqa: E402

from geo.config import DEFAULT_LAYERS_DIR, Settings  # noqa: E402
from geo.io import load_catalog  # noqa: E402
from geo.model import Catalog  # noqa: E402
from geo.records import feature_collection  # noqa: E402
from geo.temporal import day_number, from_day_number  # noqa: E402

STEP_DAYS = 365
DEFAULT_START = dt.date(1993, 3, 1)
MAP_HEIGHT = 640


def start_day() -> int:
    """The slider's first value (days since 1970-01-01), from ``BENCH_START_DAY`` or 1 March 1993."""
    raw = os.environ.get("BENCH_START_DAY")
    return int(raw) if raw else day_number(DEFAULT_START)


def slider_bounds(catalog: Catalog, today: dt.date, start: int) -> tuple[int, int]:
    """(min, max) day numbers on a 365-day grid through ``start`` inside [first date, today]."""
    first, last = day_number(catalog.dataset.first_date), day_number(today)
    return start - STEP_DAYS * ((start - first) // STEP_DAYS), start + STEP_DAYS * ((last - start) // STEP_DAYS)


def load(layers_dir: Path = DEFAULT_LAYERS_DIR) -> Catalog:
    """The shipped catalog (the same data the app shows)."""
    return load_catalog(Settings(layers_dir=layers_dir)).catalog


def base_map(catalog: Catalog) -> folium.Map:
    """An empty folium map at the dataset's view, no tiles (the benchmark blocks the internet)."""
    lon, lat, zoom = catalog.dataset.view
    return folium.Map(location=[lat, lon], zoom_start=zoom, tiles=None)


def add_layers(parent: Any, catalog: Catalog, day: int | None) -> None:
    """One ``folium.GeoJson`` per layer (points as CircleMarker) with the features active on ``day``.

    ``day=None``: every feature of every layer (folium's whole map, for the export comparison); otherwise only the
    layers shown by default, as the app does.
    """
    for layer in catalog.layers:
        if day is None:
            features = layer.features
        elif layer.visible:
            features = catalog.active_on(from_day_number(day), layers=frozenset({layer.id}))
        else:
            continue
        if not features:
            continue
        color = layer.style.color
        folium.GeoJson(
            points_apart(feature_collection(features, catalog)),
            name=layer.title,
            marker=folium.CircleMarker(radius=6, fill=True, fill_opacity=0.8),
            style_function=lambda _feature, c=color: {"color": c, "fillColor": c, "weight": 2, "fillOpacity": 0.25},
            tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
        ).add_to(parent)


def points_apart(collection: dict[str, Any]) -> dict[str, Any]:
    """MultiPoint features split into one Point feature each (same properties).

    folium's ``GeoJson(marker=CircleMarker(...))`` breaks on a MultiPoint (Leaflet makes it a layer group, and folium's
    code then calls ``getElement`` on it: "t.getElement is not a function", nothing after it is drawn).
    """
    out = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        if geometry["type"] != "MultiPoint":
            out.append(feature)
            continue
        for i, coords in enumerate(geometry["coordinates"]):
            out.append({**feature, "id": f"{feature['id']}#{i}", "geometry": {"type": "Point", "coordinates": coords}})
    return {**collection, "features": out}


def add_day_marker(parent: Any, catalog: Catalog, day: int) -> None:
    """The benchmark's paint probe: an invisible DivIcon whose html carries the day number.

    It sits in its own small FeatureGroup: folium adds a group to its parent after the group's children, so the marker
    never shows Leaflet's default icon (an image from the CDN) before ``setIcon`` swaps in the DivIcon.
    """
    lon, lat, _zoom = catalog.dataset.view
    probe = folium.FeatureGroup(name="bench probe", control=False)
    folium.Marker(
        location=[lat, lon],
        icon=folium.DivIcon(html=f'<span class="bench-day" data-day="{day}"></span>', icon_size=(1, 1)),
    ).add_to(probe)
    probe.add_to(parent)


def page_with_slider(title: str) -> tuple[Catalog, int]:
    """What both peers share: the page, the cached catalog, the day slider (day numbers) and the date heading."""
    import streamlit as st

    st.set_page_config(page_title=title, layout="wide")
    catalog = st.cache_resource(load)()
    start = start_day()
    low, high = slider_bounds(catalog, dt.date.today(), start)
    day = st.slider("Day (days since 1970-01-01)", min_value=low, max_value=high, value=start, step=STEP_DAYS)
    st.subheader(from_day_number(day).isoformat())
    return catalog, day


def main() -> None:
    from streamlit_folium import st_folium

    catalog, day = page_with_slider("bench peer: naive")
    m = base_map(catalog)
    add_layers(m, catalog, day)
    add_day_marker(m, catalog, day)
    st_folium(m, key="map", returned_objects=[], height=MAP_HEIGHT, use_container_width=True)


if __name__ == "__main__":
    main()
