"""Benchmark peer (b), "feature_group_to_add": a fixed base map; every rerun builds only a ``folium.FeatureGroup``
with the features active on the slider's day and hands it to ``st_folium(m, feature_group_to_add=fg, key="map",
returned_objects=[])``, which swaps it in the browser (zoom and pan survive).

Run by ``bench/run.py``; not part of the product. Same data, slider and paint probe as ``naive_app.py`` (the
``DivIcon`` with ``data-day`` sits inside the FeatureGroup, i.e. inside what changes).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # streamlit does this too; needed when imported elsewhere

import folium
from naive_app import MAP_HEIGHT, STEP_DAYS, add_day_marker, add_layers, base_map, load, slider_bounds, start_day

from geo.temporal import from_day_number


def main() -> None:
    import streamlit as st
    from streamlit_folium import st_folium

    st.set_page_config(page_title="bench peer: feature_group_to_add", layout="wide")
    catalog = st.cache_resource(load)()
    today = dt.date.today()
    start = start_day()
    low, high = slider_bounds(catalog, today, start)
    day = st.slider("Day (days since 1970-01-01)", min_value=low, max_value=high, value=start, step=STEP_DAYS)
    st.subheader(from_day_number(day).isoformat())
    m = base_map(catalog)
    fg = folium.FeatureGroup(name="features")
    add_layers(fg, catalog, day)
    add_day_marker(fg, catalog, day)
    st_folium(m, feature_group_to_add=fg, key="map", returned_objects=[], height=MAP_HEIGHT,
              use_container_width=True)


if __name__ == "__main__":
    main()
