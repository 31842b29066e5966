"""Tests for geo.assets: pinned front-end files and the offline basemap (EPSG:4326, lon/lat; areas in EPSG:32638); and
our own JS/CSS: built from geo/static/src by esbuild, unit-tested in Node."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import shape

from geo import assets

REGION = (36.0, 36.0, 52.0, 46.0)  # min lon, min lat, max lon, max lat
NAME_KEYS = ("name", "name_ru", "name_hy", "name_az", "name_ka")
KINDS = {"country", "breakaway", "former_nkao", "ceasefire_line_1994"}


@pytest.fixture(scope="module")
def collection() -> dict[str, Any]:
    return assets.basemap()


@pytest.fixture(scope="module")
def by_id(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["properties"]["id"]: f for f in collection["features"]}


def _positions(coords: Any) -> Iterator[tuple[float, float]]:
    """Yield every (lon, lat) position of a GeoJSON coordinates array, whatever its nesting."""
    if isinstance(coords[0], (int, float)):
        yield float(coords[0]), float(coords[1])
    else:
        for item in coords:
            yield from _positions(item)


@pytest.mark.parametrize("asset", assets.ASSETS, ids=lambda a: a.name)
def test_asset_exists_and_matches_sha256(asset: assets.Asset) -> None:
    data = asset.resource().read_bytes()
    assert hashlib.sha256(data).hexdigest() == asset.sha256
    assert asset.version == assets.LEAFLET_VERSION
    assert asset.licence == "BSD-2-Clause"


def test_verify_assets_passes() -> None:
    assets.verify_assets()


def test_verify_assets_names_the_bad_file(monkeypatch: pytest.MonkeyPatch) -> None:
    bad = assets.Asset("leaflet.js", "1.9.4", assets.ASSETS[0].path, "0" * 64, "BSD-2-Clause")
    monkeypatch.setattr(assets, "ASSETS", (bad,))
    with pytest.raises(assets.AssetError, match=r"leaflet\.js"):
        assets.verify_assets()


def test_read_asset() -> None:
    js = assets.read_asset("leaflet.js")
    assert f"Leaflet {assets.LEAFLET_VERSION}" in js[:200]
    assert ".leaflet-container" in assets.read_asset("leaflet.css")
    with pytest.raises(assets.AssetError, match="unknown asset"):
        assets.read_asset("jquery.js")


def test_leaflet_css_is_self_contained() -> None:
    css = assets.read_asset("leaflet.css")
    urls = re.findall(r"url\(\s*['\"]?([^)'\"]*)", css)
    assert urls, "expected the inlined images"
    assert [u for u in urls if not u.startswith("data:")] == []


def test_basemap_is_feature_collection(collection: dict[str, Any]) -> None:
    assert collection["type"] == "FeatureCollection"
    assert collection["features"]
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["properties"]["kind"] in KINDS
        assert shape(feature["geometry"]).is_valid, feature["properties"]["id"]


def test_basemap_coordinates_inside_region(collection: dict[str, Any]) -> None:
    min_lon, min_lat, max_lon, max_lat = REGION
    for feature in collection["features"]:
        for lon, lat in _positions(feature["geometry"]["coordinates"]):
            assert min_lon <= lon <= max_lon and min_lat <= lat <= max_lat, (feature["properties"]["id"], lon, lat)


def test_basemap_has_required_features(by_id: dict[str, dict[str, Any]]) -> None:
    for key in ("ARM", "AZE", "GEO", "RUS", "TUR", "IRN"):
        assert by_id[key]["properties"]["kind"] == "country"
    assert by_id["abkhazia"]["properties"]["kind"] == "breakaway"
    assert by_id["south_ossetia"]["properties"]["kind"] == "breakaway"
    assert by_id["nkao_1991"]["properties"]["kind"] == "former_nkao"
    assert by_id["ceasefire_1994"]["properties"]["kind"] == "ceasefire_line_1994"
    for key in ("abkhazia", "south_ossetia", "nkao_1991"):
        assert by_id[key]["geometry"]["type"] in {"Polygon", "MultiPolygon"}
        assert by_id[key]["properties"]["status"]


def test_georgia_whole_and_azerbaijan_keeps_nakhchivan(by_id: dict[str, dict[str, Any]]) -> None:
    georgia = shape(by_id["GEO"]["geometry"])
    for key in ("abkhazia", "south_ossetia"):
        part = shape(by_id[key]["geometry"])
        assert georgia.intersection(part).area > 0.99 * part.area
    azerbaijan = shape(by_id["AZE"]["geometry"])
    assert azerbaijan.contains(shape({"type": "Point", "coordinates": [45.41, 39.21]}))  # Nakhchivan city
    nkao = shape(by_id["nkao_1991"]["geometry"])
    assert azerbaijan.intersection(nkao).area > 0.99 * nkao.area


def test_every_feature_has_five_names(collection: dict[str, Any]) -> None:
    for feature in collection["features"]:
        props = feature["properties"]
        for key in NAME_KEYS:
            assert isinstance(props.get(key), str) and props[key].strip(), (props["id"], key)


def test_basemap_file_size() -> None:
    data = resources.files("geo").joinpath("data", "basemap.geojson").read_bytes()
    assert len(data) <= 100 * 1024


@pytest.mark.parametrize(
    ("feature_id", "low", "high"),
    [("abkhazia", 7_500, 9_500), ("south_ossetia", 3_500, 4_500), ("nkao_1991", 4_000, 4_600)],
)
def test_breakaway_areas_plausible(by_id: dict[str, dict[str, Any]], feature_id: str, low: float, high: float) -> None:
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32638", always_xy=True)  # (lon, lat) -> (easting, northing)
    utm = shapely.transform(shape(by_id[feature_id]["geometry"]), lambda xy: np.column_stack(to_utm.transform(*xy.T)))
    km2 = utm.area / 1e6
    assert low <= km2 <= high, f"{feature_id}: {km2:,.0f} km²"


# --- our own JS and CSS: sources in geo/static/src, one built script and stylesheet in geo/static/dist -----------

REPO = Path(__file__).resolve().parents[1]
STATIC = REPO / "geo" / "static"
#: The core script and stylesheet, and the user layers' pair (inlined only where a document shows them).
BUILT = ("presence.js", "presence.css", "presence-userlayer.js", "presence-userlayer.css")


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: `bash scripts/test.sh` installs Debian's nodejs and npm, then runs `npm ci`")
    return node


def test_built_files_are_what_the_sources_give(tmp_path: Path) -> None:
    """`npm run build` (esbuild, pinned) into a temporary folder gives byte for byte the committed geo/static/dist."""
    if not (REPO / "node_modules" / "esbuild").is_dir():
        pytest.fail("esbuild is not installed: run `npm ci` (bash scripts/test.sh does)")
    done = subprocess.run([_node(), "scripts/build_js.mjs", "--outdir", str(tmp_path)], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for name in BUILT:
        assert (tmp_path / name).read_bytes() == (STATIC / "dist" / name).read_bytes(), (
            f"geo/static/dist/{name} is not what geo/static/src gives: run `npm run build` and commit the result")


def test_node_unit_tests_pass() -> None:
    """The JavaScript unit tests (tests/js, Node's built-in runner) pass, and there are enough of them."""
    files = sorted(str(p.relative_to(REPO)) for p in (REPO / "tests" / "js").glob("*.test.mjs"))
    done = subprocess.run([_node(), "--test", "--test-reporter=tap", *files], cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    counts = dict(re.findall(r"^# (pass|fail) (\d+)$", done.stdout, re.M))
    failed = [line for line in done.stdout.splitlines() if line.lstrip().startswith("not ok")]
    assert done.returncode == 0 and counts.get("fail") == "0", "\n".join(failed) or done.stdout[-3000:] + done.stderr
    assert int(counts["pass"]) >= 30


def test_documents_inline_the_built_files() -> None:
    from geo.render import _static

    for name in BUILT:
        text = (STATIC / "dist" / name).read_text(encoding="utf-8")
        assert text.startswith(f"/* {name}: generated by scripts/build_js.mjs")
        assert _static(name) == text


def test_sources_are_small_modules_with_a_header() -> None:
    """One concern per module: every hand-written JS/CSS file ≤ 400 lines and opens with a comment naming it."""
    sources = sorted((STATIC / "src").rglob("*.js")) + sorted((STATIC / "src").rglob("*.css"))
    assert len(sources) >= 30
    for path in sources:
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(STATIC / "src").as_posix()
        assert len(text.splitlines()) <= 400, f"{rel}: {len(text.splitlines())} lines"
        assert text.startswith("/*") and rel in text[:200], f"{rel}: no header comment naming the file"
    # no hand-written script or style outside src/ (dist/ is generated, vendor/ is Leaflet's)
    loose = [p for p in STATIC.rglob("*") if p.suffix in {".js", ".css"}
             and p.relative_to(STATIC).parts[0] not in {"src", "dist", "vendor"}]
    assert loose == []


def test_the_package_ships_the_built_files() -> None:
    patterns = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    for name in BUILT:
        assert any(Path("static", "dist", name).match(p) for p in patterns["geo"]), name
