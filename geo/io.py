"""Read the layers folder into a :class:`~geo.model.Catalog`, collecting every problem on the way.

The folder holds ``manifest.json`` (dataset metadata and the layer list), ``schema/feature.schema.json``,
``toponyms.json`` (contested names) and one ``<layer_id>.geojson`` FeatureCollection per layer. GeoJSON files not
listed in the manifest are loaded as extra layers after the listed ones.

Loading never raises on bad data and never drops good data because of bad data: a broken file loses only itself, a
broken feature only itself. The caller decides what to do with :attr:`LoadResult.problems` (``validate`` exits 1,
the app shows them). Geometry stays in EPSG:4326, (lon, lat); derived geometries (the 5 km Lachin corridor) are
buffered in EPSG:32638.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema

from geo.borders import border_rules, check_borders
from geo.config import Settings
from geo.derive import build_derived
from geo.errors import Problem
from geo.model import Catalog, Dataset, Feature, Layer, LayerStyle
from geo.sourcepolicy import check_source_policy
from geo.succession import check_successions
from geo.validate import FeatureRules, check_feature, check_toponyms, load_validator

__all__ = ["FEATURE_SCHEMA", "MANIFEST", "TOPONYMS", "LoadResult", "load_catalog", "read_json_file"]

MANIFEST = "manifest.json"
MANIFEST_SCHEMA = "schema/manifest.schema.json"
FEATURE_SCHEMA = "schema/feature.schema.json"
TOPONYMS = "toponyms.json"
_EXTRA_LAYER_COLOR = "#444444"


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The catalog of everything that loaded, the problems found, and how much was checked."""

    catalog: Catalog
    problems: tuple[Problem, ...]
    files_checked: int
    features_checked: int

    @property
    def ok(self) -> bool:
        """True when something was checked and no problem was found."""
        return not self.problems and self.files_checked > 0


def load_catalog(settings: Settings) -> LoadResult:
    """Read and check every layer in ``settings.layers_dir``; see the module docstring."""
    root = settings.layers_dir
    problems: list[Problem] = []
    manifest = _read_manifest(root, settings, problems)
    toponyms = _read_toponyms(root, settings, problems)
    try:
        validator = load_validator(root / FEATURE_SCHEMA)
    except (OSError, ValueError, jsonschema.SchemaError) as exc:
        problems.append(Problem(_display(root / FEATURE_SCHEMA, root), "-", "manifest", f"cannot use the schema: {exc}"))
        return LoadResult(Catalog(_dataset(manifest, settings), ()), tuple(problems), 0, 0)
    rules = FeatureRules(validator, settings.region, toponyms, settings.max_decimals)

    entries = list(manifest.get("layers", [])) if manifest else []
    listed = {entry["id"] for entry in entries}
    extra = sorted(p.stem for p in root.glob("*.geojson") if p.stem not in listed) if root.is_dir() else []
    entries += [
        {"id": stem, "title": stem.replace("_", " "), "description": "", "order": 1000 + i, "visible": True,
         "style": {"color": _EXTRA_LAYER_COLOR}}
        for i, stem in enumerate(extra)
    ]

    layers: list[Layer] = []
    seen: dict[str, str] = {}
    files = features_checked = 0
    for entry in sorted(entries, key=lambda e: e["order"]):
        path = root / f"{entry['id']}.geojson"
        file = _display(path, root)
        raw_features = None
        if not path.exists():
            problems.append(Problem(file, "-", "missing-layer", f"layer {entry['id']!r} is in the manifest but has no file"))
        else:
            files += 1
            raw_features = _read_feature_collection(path, file, settings, problems)
        kept: list[Feature] = []
        for index, raw in enumerate(raw_features or []):
            features_checked += 1
            feature, found = check_feature(raw, file=file, index=index, layer=entry["id"], rules=rules)
            problems.extend(found)
            if feature is None:
                continue
            if feature.id in seen:
                problems.append(Problem(file, feature.id, "id-duplicate", f"already used in {seen[feature.id]}"))
                continue
            seen[feature.id] = file
            kept.append(feature)
        layers.append(
            Layer(
                id=entry["id"],
                title=entry["title"],
                description=entry["description"],
                order=entry["order"],
                visible=entry["visible"],
                style=LayerStyle(color=entry["style"]["color"]),
                features=tuple(kept),
            )
        )
    layers = build_derived(layers, seen, problems)
    problems.extend(check_borders(layers, seen, border_rules(manifest)))
    problems.extend(check_successions(layers, seen))
    catalog = Catalog(_dataset(manifest, settings), tuple(layers), toponyms)
    problems += check_source_policy(root, catalog, lambda path, file: read_json_file(path, file, settings, problems))
    return LoadResult(catalog, tuple(problems), files, features_checked)


def read_json_file(path: Path, file: str, settings: Settings, problems: list[Problem]) -> Any | None:
    """Read a JSON file, refusing files over the size limit before parsing; ``None`` (and a problem) on failure."""
    try:
        size = path.stat().st_size
        if size > settings.max_layer_bytes:
            problems.append(Problem(file, "-", "file-size",
                                    f"{size:,} bytes is over the {settings.max_layer_bytes:,}-byte limit; not read"))
            return None
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(file, "-", "missing-layer", f"cannot read the file: {exc.strerror or exc}"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(file, "-", "utf-8", f"byte {exc.start} is not UTF-8 ({exc.reason}); save the file as UTF-8"))
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(Problem(file, "-", "json", f"line {exc.lineno}, column {exc.colno}: {exc.msg}"))
        return None


# --- helpers ---------------------------------------------------------------------------------------------------


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _read_feature_collection(path: Path, file: str, settings: Settings, problems: list[Problem]) -> list[Any] | None:
    data = read_json_file(path, file, settings, problems)
    if data is None:
        return None
    if not isinstance(data, Mapping) or data.get("type") != "FeatureCollection":
        kind = data.get("type") if isinstance(data, Mapping) else type(data).__name__
        problems.append(Problem(file, "-", "feature-collection", f"top level is {kind!r}, not a FeatureCollection"))
        return None
    features = data.get("features")
    if not isinstance(features, list):
        problems.append(Problem(file, "-", "feature-collection", "\"features\" must be a list"))
        return None
    return features


def _read_manifest(root: Path, settings: Settings, problems: list[Problem]) -> Mapping[str, Any]:
    path = root / MANIFEST
    file = _display(path, root)
    if not path.exists():
        problems.append(Problem(file, "-", "manifest", f"no {MANIFEST} in {root}"))
        return {}
    data = read_json_file(path, file, settings, problems)
    if data is None:
        return {}
    try:
        schema = json.loads((root / MANIFEST_SCHEMA).read_text(encoding="utf-8"))
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    except (OSError, ValueError) as exc:
        problems.append(Problem(file, "-", "manifest", f"cannot read {MANIFEST_SCHEMA}: {exc}"))
        return {}
    for error in errors:
        where = ".".join(str(p) for p in error.absolute_path) or "manifest"
        problems.append(Problem(file, "-", "manifest", f"{where}: {error.message}"))
    return {} if errors else data


def _read_toponyms(root: Path, settings: Settings, problems: list[Problem]) -> Mapping[str, tuple[Mapping[str, str], ...]]:
    path = root / TOPONYMS
    file = _display(path, root)
    if not path.exists():
        return MappingProxyType({})
    data = read_json_file(path, file, settings, problems)
    if data is None:
        return MappingProxyType({})
    messages = check_toponyms(data)
    problems.extend(Problem(file, "-", "toponym", message) for message in messages)
    if messages:
        return MappingProxyType({})
    return MappingProxyType(
        {key: tuple(MappingProxyType(dict(v)) for v in entry["variants"])
         for key, entry in data.items() if not key.startswith("$")}
    )


def _dataset(manifest: Mapping[str, Any], settings: Settings) -> Dataset:
    meta = manifest.get("dataset", {}) if manifest else {}
    view = meta.get("view", {})
    return Dataset(
        title=meta.get("title", "Russian military presence in the South Caucasus"),
        version=meta.get("version", "0.0.0"),
        data_as_of=dt.date.fromisoformat(meta["data_as_of"]) if "data_as_of" in meta else settings.today,
        first_date=dt.date.fromisoformat(meta["first_date"]) if "first_date" in meta else dt.date(1992, 1, 1),
        licence=meta.get("licence", ""),
        credit=meta.get("credit", ""),
        view=(float(view.get("center_lon", 44.5)), float(view.get("center_lat", 41.0)), float(view.get("zoom", 6.5))),
    )
