"""Shared fixtures: a small layers folder built in a temporary directory, with the real schema and toponyms."""

from __future__ import annotations

import copy
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from geo.config import DEFAULT_LAYERS_DIR, Settings

REPO = Path(__file__).resolve().parent.parent
LAYERS = DEFAULT_LAYERS_DIR


def make_feature(fid: str = "test-base", **props: Any) -> dict[str, Any]:
    """A valid feature (a point near Gyumri, lon/lat), with ``props`` overriding its properties."""
    geometry = props.pop("geometry", {"type": "Point", "coordinates": [43.8465, 40.7894]})
    base: dict[str, Any] = {
        "id": fid,
        "name": f"Test base {fid}",
        "name_ru": "Тестовая база",
        "name_hy": "Փորձնական բազա",
        "name_az": "Sınaq bazası",
        "name_ka": "სატესტო ბაზა",
        "kind": "military-base",
        "operator": "Russian Ministry of Defence",
        "start": "2008-08",
        "end": "2010",
        "confidence": "confirmed",
        "approximate": False,
        "description": "A feature for tests.",
        "sources": [{"title": "A source", "publisher": "A publisher", "date": "2010-01-02", "url": "https://example.org/a"}],
    }
    base.update(props)
    return {"type": "Feature", "properties": base, "geometry": geometry}


MANIFEST: dict[str, Any] = {
    "dataset": {
        "title": "Test dataset", "version": "0.1.0", "data_as_of": "2026-01-01", "first_date": "1992-01-01",
        "licence": "CC BY 4.0", "credit": "tests", "view": {"center_lon": 44.6, "center_lat": 41.2, "zoom": 7},
    },
    "layers": [
        {"id": "bases", "title": "Bases", "description": "Bases.", "order": 1, "visible": True, "style": {"color": "#0072B2"}},
        {"id": "roads", "title": "Roads", "description": "Roads.", "order": 2, "visible": True, "style": {"color": "#E69F00"}},
    ],
}

LayersFactory = Callable[..., Path]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright's sync API (greenlets) must not run before AppTest compiles the app."""
    def in_browser(item: pytest.Item) -> bool:
        return "tests/browser/" in str(item.path).replace("\\", "/")

    for item in items:
        if in_browser(item):
            item.add_marker(pytest.mark.browser)
    items.sort(key=in_browser)


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The app's document cache in a folder of this test run (inherited by the app and command subprocesses)."""
    before = os.environ.get("XDG_CACHE_HOME")
    folder = tmp_path_factory.mktemp("xdg-cache")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def make_layers(tmp_path: Path) -> LayersFactory:
    """Build a layers folder: ``make_layers(bases=[features], roads=[features], raw={"x.geojson": "text"})``."""

    def build(manifest: dict[str, Any] | None = None, raw: dict[str, str | bytes] | None = None,
              **layers: list[dict[str, Any]]) -> Path:
        root = tmp_path / "layers"
        root.mkdir(exist_ok=True)
        shutil.copytree(LAYERS / "schema", root / "schema", dirs_exist_ok=True)
        shutil.copy(LAYERS / "toponyms.json", root / "toponyms.json")
        (root / "manifest.json").write_text(json.dumps(manifest or MANIFEST), encoding="utf-8")
        for layer_id, features in layers.items():
            doc = {"type": "FeatureCollection", "features": copy.deepcopy(features)}
            (root / f"{layer_id}.geojson").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        for name, content in (raw or {}).items():
            path = root / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return build


@pytest.fixture
def small_layers(make_layers: LayersFactory) -> Path:
    """Two valid layers: a base (Aug 2008 – 2010) and a road (2020-11-10 – 2022-08-26) with a derived corridor."""
    road = make_feature(
        "test-road", kind="road", start="2020-11-10", end="2022-08-26",
        geometry={"type": "LineString", "coordinates": [[46.34168, 39.51111], [46.54694, 39.64083], [46.7528, 39.8177]]},
    )
    corridor = make_feature("test-corridor", kind="corridor", start="2020-11-10", end="2022-08-26", geometry=None,
                            derived={"buffer_of": "test-road", "width_m": 5000})
    return make_layers(bases=[make_feature("test-base")], roads=[road, corridor])


@pytest.fixture
def small_settings(small_layers: Path) -> Settings:
    return Settings(layers_dir=small_layers)
