"""The command line: ``python -m geo validate | list | export`` (also installed as ``presence-map``).

Exit codes: 0 success, 1 data problems (``validate``) or nothing to check, 2 bad usage (a bad date, a bad option).
Errors are one readable line each on standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from geo.config import DEFAULT_LAYERS_DIR, Settings
from geo.errors import UsageError
from geo.io import LoadResult, load_catalog
from geo.records import feature_collection, text_table, write_csv
from geo.temporal import parse_day

__all__ = ["main", "build_parser"]


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message
        return int(exc.code or 0)
    handler: Callable[[argparse.Namespace, TextIO, TextIO], int] = args.handler
    try:
        return handler(args, out, err)
    except UsageError as exc:
        print(f"error: {exc}", file=err)
        return 2
    except BrokenPipeError:  # `python -m geo list | head`
        return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="A sourced, time-stamped map of Russian military presence in the South Caucasus.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check every layer; print each problem; exit 1 on any")
    _add_layers(validate)
    validate.set_defaults(handler=_validate)

    listing = sub.add_parser("list", help="a table of what is on the map on a day")
    _add_layers(listing)
    listing.add_argument("--date", help="YYYY-MM-DD (default: today)")
    listing.set_defaults(handler=_list)

    export = sub.add_parser("export", help="the map of a day as GeoJSON or CSV")
    _add_layers(export)
    export.add_argument("--format", choices=("geojson", "csv"), required=True)
    export.add_argument("--date", help="YYYY-MM-DD (default: today)")
    export.add_argument("--only", help="comma-separated layer ids (default: all layers)")
    export.add_argument("--output", default="-", help="file to write, or - for standard output (default)")
    export.set_defaults(handler=_export)
    return parser


def _add_layers(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--layers", type=Path, default=DEFAULT_LAYERS_DIR, metavar="DIR",
                        help=f"layers folder (default: {DEFAULT_LAYERS_DIR})")


def _load(args: argparse.Namespace) -> LoadResult:
    if not args.layers.is_dir():
        raise UsageError(f"{args.layers} is not a folder")
    return load_catalog(Settings(layers_dir=args.layers))


def _day(text: str | None, today: dt.date) -> dt.date:
    if text is None:
        return today
    try:
        day = parse_day(text)
    except ValueError as exc:
        raise UsageError(f"--date: {exc}") from None
    if day > today:
        raise UsageError(f"--date {day} is after today ({today}); the map shows what was, not what may be")
    return day


def _warn(result: LoadResult, err: TextIO) -> None:
    if result.problems:
        print(f"warning: {len(result.problems)} problem(s) in the data; run `python -m geo validate`; "
              "the features with problems are left out", file=err)


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    result = _load(args)
    for problem in result.problems:
        print(problem, file=out)
    if result.files_checked == 0:
        print(f"error: no layer file checked in {args.layers}", file=err)
        return 1
    summary = (f"{result.files_checked} file(s), {result.features_checked} feature(s) checked, "
               f"{len(result.problems)} problem(s)")
    print(summary, file=err if result.problems else out)
    return 1 if result.problems else 0


def _list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    result = _load(args)
    _warn(result, err)
    day = _day(args.date, dt.date.today())
    features = result.catalog.active_on(day)
    print(f"On the map on {day.isoformat()}: {len(features)} feature(s)", file=out)
    if features:
        print(text_table(features, result.catalog), file=out)
    return 0


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    result = _load(args)
    _warn(result, err)
    day = _day(args.date, dt.date.today())
    only = _only(args.only, result)
    features = result.catalog.active_on(day, layers=only)
    if args.format == "geojson":
        text = json.dumps(feature_collection(features, result.catalog), ensure_ascii=False, indent=1) + "\n"
        _write(args.output, text, out)
    else:
        if args.output == "-":
            write_csv(features, result.catalog, out)
        else:
            with _open(args.output) as handle:
                write_csv(features, result.catalog, handle)
    if args.output != "-":
        print(f"wrote {len(features)} feature(s) active on {day} to {args.output}", file=err)
    return 0


def _only(text: str | None, result: LoadResult) -> frozenset[str] | None:
    if not text:
        return None
    wanted = frozenset(part.strip() for part in text.split(",") if part.strip())
    known = {layer.id for layer in result.catalog.layers}
    unknown = sorted(wanted - known)
    if unknown:
        raise UsageError(f"--only: unknown layer(s) {', '.join(unknown)}; layers are {', '.join(sorted(known))}")
    return wanted


def _open(path: str) -> TextIO:
    target = Path(path)
    if target.parent and not target.parent.exists():
        raise UsageError(f"--output: folder {target.parent} does not exist")
    return target.open("w", encoding="utf-8", newline="")


def _write(path: str, text: str, out: TextIO) -> None:
    if path == "-":
        out.write(text)
        return
    with _open(path) as handle:
        handle.write(text)
