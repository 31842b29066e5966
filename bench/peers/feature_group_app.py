"""Benchmark peer (b), "feature_group_to_add": a fixed base map; every rerun builds only a ``folium.FeatureGroup``
with the features active on the slider's day and hands it to ``st_folium(m, feature_group_to_add=fg, key="map",
returned_objects=[])``, which swaps it in the browser (zoom and pan survive).

Run by ``bench/run.py``; not part of the product. Same data, slider and paint probe as ``naive_app.py`` (the
``DivIcon`` with ``data-day`` sits inside the FeatureGroup, i.e. inside what changes).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # streamlit does this too; needed when imported elsewhere

import folium
from naive_app import MAP_HEIGHT, add_day_marker, add_layers, base_map, page_with_slider


def main() -> None:
    from streamlit_folium import st_folium

    catalog, day = page_with_slider("bench peer: feature_group_to_add")
    m = base_map(catalog)
    fg = folium.FeatureGroup(name="features")
    add_layers(fg, catalog, day)
    add_day_marker(fg, catalog, day)
    st_folium(m, feature_group_to_add=fg, key="map", returned_objects=[], height=MAP_HEIGHT,
              use_container_width=True)


if __name__ == "__main__":
    main()
