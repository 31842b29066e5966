"""Reloading the layers in a running app: a good edit is served, a broken edit keeps the last good data."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from streamlit.testing.v1 import AppTest

from geo.config import DEFAULT_LAYERS_DIR
from geo.live import LiveCatalog, fingerprint
from tests.conftest import make_feature

TODAY = dt.date(2026, 6, 1)
APP = str(Path(__file__).resolve().parent.parent / "app.py")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def rename(root: Path, layer: str, fid: str, name: str) -> None:
    path = root / f"{layer}.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        if feature["properties"]["id"] == fid:
            feature["properties"]["name"] = name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_good_edit_is_served_after_the_interval(small_layers):
    clock = Clock()
    live = LiveCatalog(small_layers, every_s=3, clock=clock)
    assert live.peek() is None
    first = live.get(TODAY)
    assert live.peek() is first and first.result.catalog.feature("test-base").name == "Test base test-base"
    rename(small_layers, "bases", "test-base", "Renamed base")
    assert live.get(TODAY) is first  # looked at most every 3 s
    clock.now = 3.5
    second = live.get(TODAY)
    assert second.result.catalog.feature("test-base").name == "Renamed base"
    assert second.digest != first.digest and second.refused == ()


def test_a_broken_edit_keeps_the_last_good_data(small_layers):
    clock = Clock()
    live = LiveCatalog(small_layers, every_s=0, clock=clock)
    good = live.get(TODAY)
    (small_layers / "roads.geojson").write_text('{"type": "FeatureCollection", "features": [}', encoding="utf-8")
    kept = live.get(TODAY)
    assert kept.result is good.result and kept.digest == good.digest  # the map and panels keep the good data
    assert [p.rule for p in kept.refused] == ["json"] and kept.refused[0].file == "layers/roads.geojson"
    assert live.get(TODAY) is kept  # not read again until the files change again
    rename(small_layers, "bases", "test-base", "Fixed later")
    (small_layers / "roads.geojson").unlink()
    still = live.get(TODAY)
    assert [p.rule for p in still.refused] == ["missing-layer"] and still.result is good.result
    shutil.copy(DEFAULT_LAYERS_DIR / "toponyms.json", small_layers / "toponyms.json")  # touch nothing else
    doc = {"type": "FeatureCollection", "features": [make_feature("test-road", kind="road")]}
    (small_layers / "roads.geojson").write_text(json.dumps(doc), encoding="utf-8")
    fixed = live.get(TODAY)
    assert fixed.refused == () and fixed.result.catalog.feature("test-base").name == "Fixed later"


def test_the_fingerprint_sees_edits_and_never_raises(small_layers, tmp_path):
    before = fingerprint(small_layers)
    rename(small_layers, "bases", "test-base", "x")
    assert fingerprint(small_layers) != before
    assert fingerprint(tmp_path / "nope")  # a missing folder is a fingerprint too, not an exception


def test_the_app_shows_an_edit_without_a_restart_and_keeps_data_on_a_broken_one(tmp_path, monkeypatch):
    root = tmp_path / "layers"
    shutil.copytree(DEFAULT_LAYERS_DIR, root)
    monkeypatch.setenv("PRESENCE_MAP_LAYERS", str(root))
    monkeypatch.setenv("PRESENCE_MAP_RELOAD_SECONDS", "0")
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["date"] = "2021-01-01"
    at.run()
    assert not at.exception

    def names() -> str:
        return " ".join(at.dataframe[0].value.iloc[:, 0])

    assert "102nd Military Base" in names()
    rename(root, "gyumri_base", "ru-102nd-military-base-gyumri", "Edited 102nd base")
    at.run()
    assert "Edited 102nd base" in names() and not at.code  # no notice for a good edit
    (root / "gyumri_base.geojson").write_text("{ broken", encoding="utf-8")
    at.run()
    assert not at.exception and not at.error and not at.warning  # nothing alarming for readers
    assert "Edited 102nd base" in names()  # the last good data stays
    notice = "\n".join(c.value for c in at.code)
    assert "was NOT applied" in notice and "layers/gyumri_base.geojson: -: json" in notice
