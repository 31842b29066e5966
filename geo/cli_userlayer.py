"""The command line's user layers: a reader's own dated files on the map and in the data.

``python -m geo export --format html|png|geojson --add-layer FILE [--add-layer FILE ...]`` with, per added layer in
the order given, ``--add-layer-title``, ``--add-layer-color #RRGGBB``, ``--add-layer-symbol`` and ``--map
TARGET=COLUMN,...`` (the i-th of each goes with the i-th ``--add-layer``); ``--strict`` makes any bad row an error.
``python -m geo validate --user-layer FILE [--map ...]`` checks files without exporting (exit 1 on any problem).

Bad rows are reported on standard error as ``file:row:column: rule: detail`` (at most :data:`PROBLEM_LINES` lines a
file, then a count), left out, and the good rows kept. A file that cannot be used at all (size, format, columns, no
rows) or, with ``--strict``, any problem: every problem is printed and nothing is written (exit 1). Wired from
:mod:`geo.cli` (one block each in ``build_parser``, ``_validate`` and ``_export``).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from geo.errors import UsageError
from geo.userlayer.columns import ColumnMap
from geo.userlayer.layer import UserLayer, UserLayerOptions, UserLayerResult, layer_id_for
from geo.userlayer.onmap import PALETTE, SYMBOLS, MapUserLayer, user_features
from geo.userlayer.problems import RowProblem, UserLayerError
from geo.userlayer.read import read_user_layer

__all__ = ["PROBLEM_LINES", "AddedLayers", "add_export_arguments", "add_validate_arguments", "load_added_layers",
           "validate_user_layers"]

#: Problems printed per file before the rest are only counted.
PROBLEM_LINES = 50
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
#: Rules that make a whole file unusable (the others leave out a row or a value).
_FILE_RULES = frozenset({"file", "file-size", "utf-8", "format", "columns", "empty"})


@dataclass(frozen=True, slots=True)
class AddedLayers:
    """The layers ``--add-layer`` read: as checked columns (for data exports) and styled for the map."""

    layers: tuple[UserLayer, ...] = ()
    on_map: tuple[MapUserLayer, ...] = ()

    def features(self, first: dt.date, last: dt.date | None = None) -> list[dict[str, Any]]:
        """GeoJSON features of every added layer active on ``first`` (or at some day of ``first`` .. ``last``)."""
        return [f for layer in self.layers for f in user_features(layer, first=first, last=last)]


def _color(text: str) -> str:
    if _COLOR.fullmatch(text) is None:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a colour #RRGGBB (for example #C51B7D)")
    return text


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    """``--add-layer`` and its per-layer options, ``--map``, ``--strict`` (one argument group)."""
    group = parser.add_argument_group(
        "your own layers", "a CSV, GeoJSON or GeoPackage file of dated features on the same slider (HTML, PNG) or "
        "in the data (GeoJSON); the i-th title/colour/symbol/--map goes with the i-th --add-layer")
    group.add_argument("--add-layer", action="append", default=[], metavar="FILE", help="a file to add (repeatable)")
    group.add_argument("--add-layer-title", action="append", default=[], metavar="TITLE",
                       help="its title in the legend (default: the file's name)")
    group.add_argument("--add-layer-color", action="append", default=[], type=_color, metavar="#RRGGBB",
                       help=f"its colour (default: {', '.join(PALETTE)} in turn)")
    group.add_argument("--add-layer-symbol", action="append", default=[], choices=SYMBOLS,
                       help="its point symbol (default: circle, square, triangle, ... in turn)")
    group.add_argument("--map", action="append", default=[], metavar="TARGET=COLUMN,...",
                       help="its columns when the names differ, e.g. start=Datum,lat=Y,lon=X")
    group.add_argument("--strict", action="store_true", help="any bad row is an error (default: left out, reported)")


def add_validate_arguments(parser: argparse.ArgumentParser) -> None:
    """``--user-layer FILE`` (repeatable) and ``--map`` for ``validate``."""
    group = parser.add_argument_group("your own layers", "check a CSV, GeoJSON or GeoPackage file instead of the dataset")
    group.add_argument("--user-layer", action="append", default=[], metavar="FILE", help="a file to check (repeatable)")
    group.add_argument("--map", action="append", default=[], metavar="TARGET=COLUMN,...",
                       help="the i-th file's columns when the names differ, e.g. start=Datum,lat=Y,lon=X")


def _per_layer(values: Sequence[Any], files: Sequence[str], flag: str, owner: str) -> None:
    if len(values) > len(files):
        raise UsageError(f"{flag} was given {len(values)} times for {len(files)} {owner}; give at most one per file, "
                         "in the same order")


def _options(files: Sequence[str], maps: Sequence[str], *, taken: Collection[str], reserved: frozenset[str],
             strict: bool, titles: Sequence[str] = ()) -> list[tuple[str, UserLayerOptions]]:
    """Each file's read options: a layer id from its name, unique among ``taken`` (``-2``, ``-3``... added)."""
    used = set(taken)
    out = []
    for k, file in enumerate(files):
        if not file.strip() or "\0" in file:
            raise UsageError("--add-layer: not a usable file name")
        base = layer_id_for(file)[:36]
        layer_id, n = base, 1
        while layer_id in used:
            n += 1
            layer_id = f"{base}-{n}"
        used.add(layer_id)
        columns = ColumnMap.parse(maps[k]) if k < len(maps) else ColumnMap()
        title = titles[k] if k < len(titles) else None
        if title is not None and not title.strip():
            raise UsageError("--add-layer-title: a title cannot be empty")
        out.append((file, UserLayerOptions(layer_id=layer_id, title=title, columns=columns, strict=strict,
                                           reserved_ids=reserved)))
    return out


def _report(problems: Sequence[RowProblem], file: str, err: TextIO) -> None:
    for problem in problems[:PROBLEM_LINES]:
        print(problem, file=err)
    if len(problems) > PROBLEM_LINES:
        print(f"{file}: ... and {len(problems) - PROBLEM_LINES:,} more problem(s) not shown "
              "(`python -m geo validate --user-layer FILE` lists them all)", file=err)


def _read(file: str, options: UserLayerOptions, err: TextIO) -> UserLayerResult | None:
    """The read, with its problems printed; ``None`` (and why) when the file cannot be used."""
    try:
        result = read_user_layer(Path(file), options)
    except UserLayerError as exc:
        problems = [p for p in exc.problems if isinstance(p, RowProblem)]
        _report(problems, file, err)
        whole = any(p.rule in _FILE_RULES for p in problems)
        why = "the file cannot be used" if whole or not options.strict else "with --strict every problem is an error"
        print(f"error: {file}: {len(exc.problems):,} problem(s); {why}; nothing was written", file=err)
        return None
    _report(result.problems, file, err)
    for note in result.notes:
        print(f"note: {file}: {note}", file=err)
    print(result.summary() + (" (the rows with problems are left out)" if result.rows_left_out else ""), file=err)
    return result


def load_added_layers(args: argparse.Namespace, *, layer_ids: Collection[str], feature_ids: frozenset[str],
                      err: TextIO) -> AddedLayers | None:
    """Read every ``--add-layer`` (problems on ``err``); ``None`` when one cannot be used (the caller exits 1).

    ``layer_ids`` and ``feature_ids`` are the dataset's: an added layer gets an id of its own, and a row that
    gives a dataset feature's id is left out.
    """
    files: list[str] = args.add_layer
    for values, flag in ((args.add_layer_title, "--add-layer-title"), (args.add_layer_color, "--add-layer-color"),
                         (args.add_layer_symbol, "--add-layer-symbol"), (args.map, "--map")):
        _per_layer(values, files, flag, "--add-layer file(s)")
    if not files:
        return AddedLayers()
    if args.format not in ("html", "png", "pdf", "geojson"):
        raise UsageError(f"--add-layer works with --format html, png, pdf or geojson, not {args.format}")
    layers: list[UserLayer] = []
    styled: list[MapUserLayer] = []
    reserved = set(feature_ids)
    for k, (file, options) in enumerate(_options(files, args.map, taken=layer_ids, reserved=frozenset(reserved),
                                                 strict=args.strict, titles=args.add_layer_title)):
        result = _read(file, dataclasses.replace(options, reserved_ids=frozenset(reserved)), err)
        if result is None:
            return None
        layer = result.layer
        reserved.update(layer.ids)
        layers.append(layer)
        styled.append(MapUserLayer.from_layer(
            layer, title=options.title,
            color=args.add_layer_color[k] if k < len(args.add_layer_color) else PALETTE[k % len(PALETTE)],
            symbol=args.add_layer_symbol[k] if k < len(args.add_layer_symbol) else SYMBOLS[k % len(SYMBOLS)]))
    return AddedLayers(tuple(layers), tuple(styled))


def validate_user_layers(args: argparse.Namespace, out: TextIO, err: TextIO, *, layer_ids: Collection[str],
                         feature_ids: frozenset[str]) -> int:
    """``validate --user-layer``: every problem of every file on ``out`` (no cap), a summary each; 1 on any."""
    files: list[str] = args.user_layer
    _per_layer(args.map, files, "--map", "--user-layer file(s)")
    bad = False
    for file, options in _options(files, args.map, taken=layer_ids, reserved=feature_ids, strict=False):
        try:
            result = read_user_layer(Path(file), options)
        except UserLayerError as exc:
            for problem in exc.problems:
                print(problem, file=out)
            print(f"{file}: cannot be used ({len(exc.problems):,} problem(s))", file=err)
            bad = True
            continue
        for problem in result.problems:
            print(problem, file=out)
        for note in result.notes:
            print(f"note: {file}: {note}", file=err)
        print(result.summary(), file=err if result.problems else out)
        bad = bad or bool(result.problems)
    return 1 if bad else 0
