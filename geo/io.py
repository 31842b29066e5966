"""Read the layers folder into a :class:`~geo.model.Catalog`, collecting every problem on the way.

The folder holds ``manifest.json`` (dataset metadata and the layer list), ``schema/feature.schema.json``,
``toponyms.json`` (contested names) and one ``<layer_id>.geojson`` FeatureCollection per layer. GeoJSON files not
listed in the manifest are loaded as extra layers after the listed ones.

Loading never raises on bad data and never drops good data because of bad data: a broken file loses only itself, a
broken feature only itself. The caller decides what to do with :attr:`LoadResult.problems` (``validate`` exits 1,
the app shows them). Geometry stays in EPSG:4326, (lon, lat); derived geometries (the 5 km Lachin corridor) are
buffered in EPSG:32638; every polygon is then wound as RFC 7946 wants (exterior rings counter-clockwise).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema

from geo.borders import border_rules, check_borders
from geo.config import Settings
from geo.derive import build_derived
from geo.errors import Problem
from geo.manifest import LAYER_ID_RE, LayerEntry, Manifest, default_manifest, read_manifest
from geo.model import Catalog, Feature, Layer, LayerStyle
from geo.rawchecks import uses_tokens, vertex_count
from geo.safefile import FileRefused, read_json
from geo.sourcepolicy import check_source_policy
from geo.succession import check_successions
from geo.toponyms import Toponyms
from geo.validate import FeatureRules, check_feature, check_toponyms, load_validator
from geo.winding import rewind

__all__ = ["FEATURE_SCHEMA", "MANIFEST", "TOPONYMS", "LoadResult", "load_catalog", "read_json_file"]

MANIFEST = "manifest.json"
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
    try:
        names = frozenset(os.listdir(root))
    except OSError as exc:
        problems.append(Problem(_display(root, root), "-", "unreadable",
                                f"cannot read the layers folder: {exc.strerror or exc}"))
        return LoadResult(Catalog(default_manifest(settings).dataset, ()), tuple(problems), 0, 0)
    if MANIFEST in names:
        manifest = read_manifest(root, _display(root / MANIFEST, root), settings, problems)
    else:
        problems.append(Problem(_display(root / MANIFEST, root), "-", "manifest", f"no {MANIFEST} in {root}"))
        manifest = default_manifest(settings)
    toponyms = _read_toponyms(root, names, settings, problems)
    try:
        validator = load_validator(root / FEATURE_SCHEMA)
    except (OSError, ValueError, jsonschema.SchemaError) as exc:
        problems.append(Problem(_display(root / FEATURE_SCHEMA, root), "-", "schema-file",
                                f"cannot use the schema: {(str(exc).splitlines() or ['?'])[0]}"))
        return LoadResult(Catalog(manifest.dataset, ()), tuple(problems), 0, 0)
    rules = FeatureRules(validator, settings.region, toponyms, settings.max_decimals, today=settings.today,
                         max_vertices=settings.max_feature_vertices)

    layers: list[Layer] = []
    seen: dict[str, str] = {}
    files = features_checked = blocked = 0
    for entry in sorted(_layer_entries(root, names, manifest, problems), key=lambda e: e.order):
        path = root / f"{entry.id}.geojson"
        file = _display(path, root)
        raw_features = None
        if path.name not in names:
            problems.append(Problem(file, "-", "missing-layer", f"layer {entry.id!r} is in the manifest but has no file"))
        else:
            files += 1
            raw_features = _read_feature_collection(path, file, settings, problems)
        kept: list[Feature] = []
        vertices = 0
        for index, raw in enumerate(raw_features or []):
            features_checked += 1
            if toponyms is None and _names_contested_place(raw):
                blocked += 1  # one cause, reported once below
                continue
            feature, found = check_feature(raw, file=file, index=index, layer=entry.id, rules=rules)
            problems.extend(found)
            if feature is None:
                continue
            vertices += vertex_count(raw["geometry"])
            if vertices > settings.max_file_vertices:
                problems.append(Problem(file, feature.id, "vertex-budget",
                                        f"the file's features reach {vertices:,} vertices here; a layer file may have "
                                        f"at most {settings.max_file_vertices:,} (split the layer)"))
                vertices -= vertex_count(raw["geometry"])
                continue
            if feature.id in seen:
                problems.append(Problem(file, feature.id, "id-duplicate", f"already used in {seen[feature.id]}"))
                continue
            seen[feature.id] = file
            kept.append(feature)
        layers.append(Layer(id=entry.id, title=entry.title, description=entry.description, order=entry.order,
                            visible=entry.visible, style=LayerStyle(color=entry.color), features=tuple(kept)))
    if blocked:
        problems.append(Problem(_display(root / TOPONYMS, root), "-", "toponym",
                                f"{blocked} feature(s) name contested places and are left out: "
                                f"{TOPONYMS} is missing or broken"))
    layers = _rewound(build_derived(layers, seen, problems))
    problems.extend(check_borders(layers, seen, border_rules({"dataset": {"borders": manifest.borders}})))
    problems.extend(check_successions(layers, seen))
    catalog = Catalog(manifest.dataset, tuple(layers), toponyms or MappingProxyType({}))
    problems += check_source_policy(root, catalog, lambda path, file: read_json_file(path, file, settings, problems))
    return LoadResult(catalog, tuple(problems), files, features_checked)


def read_json_file(path: Path, file: str, settings: Settings, problems: list[Problem]) -> Any | None:
    """Read a data file through :func:`geo.safefile.read_json`; ``None`` (and a problem) on failure."""
    try:
        return read_json(path, settings.max_layer_bytes)
    except FileRefused as exc:
        problems.append(Problem(file, "-", exc.rule, exc.detail))
        return None


# --- helpers ---------------------------------------------------------------------------------------------------


def _rewound(layers: list[Layer]) -> list[Layer]:
    """Every polygon wound as RFC 7946 wants (exterior counter-clockwise, holes clockwise), derived strips included,
    so the map and every export carry the same rings (:func:`geo.winding.rewind`; a wrong file is a ``winding``
    problem)."""
    out: list[Layer] = []
    for layer in layers:
        features = tuple(f if (g := rewind(f.geometry)) is f.geometry else replace(f, geometry=g) for f in layer.features)
        out.append(layer if all(a is b for a, b in zip(features, layer.features, strict=True))
                   else replace(layer, features=features))
    return out


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _layer_entries(root: Path, names: frozenset[str], manifest: Manifest, problems: list[Problem]) -> list[LayerEntry]:
    """The manifest's entries, then every other ``<id>.geojson`` of the folder as an extra (grey) layer."""
    listed = {entry.id for entry in manifest.layers}
    extra: list[LayerEntry] = []
    for name in sorted(names):
        stem = name.removesuffix(".geojson")
        if not name.endswith(".geojson") or stem in listed:
            continue
        if not LAYER_ID_RE.fullmatch(stem):
            problems.append(Problem(_display(root / name, root), "-", "manifest",
                                    "not in manifest.json, and its name is not a layer id (a-z, 0-9, _); not read"))
            continue
        extra.append(LayerEntry(stem, stem.replace("_", " "), "", 1000 + len(extra), True, _EXTRA_LAYER_COLOR))
    return [*manifest.layers, *extra]


def _names_contested_place(raw: object) -> bool:
    props = raw.get("properties") if isinstance(raw, Mapping) else None
    return isinstance(props, Mapping) and uses_tokens(props)


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


def _read_toponyms(root: Path, names: frozenset[str], settings: Settings,
                   problems: list[Problem]) -> Toponyms | None:
    """The contested-names table; ``None`` when it is missing or broken (its features are then left out)."""
    path = root / TOPONYMS
    file = _display(path, root)
    if TOPONYMS not in names:
        return None
    data = read_json_file(path, file, settings, problems)
    if data is None:
        return None
    messages = check_toponyms(data)
    problems.extend(Problem(file, "-", "toponym", message) for message in messages[:20])
    if len(messages) > 20:
        problems.append(Problem(file, "-", "toponym", f"... and {len(messages) - 20} more"))
    if messages:
        return None
    return MappingProxyType(
        {key: tuple(MappingProxyType(dict(v)) for v in entry["variants"])
         for key, entry in data.items() if not key.startswith("$")}
    )
