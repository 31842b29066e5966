"""The command line: ``python -m geo validate | list | export | handout | pack`` (also ``presence-map``).

Exit codes: 0 success; 1 data problems (``validate``), nothing to check, or data so broken that a map made from it
would be silently degraded (a layer file, the manifest, the schema or the contested names unusable: ``export``,
``handout`` and ``pack`` refuse); 2 bad usage (a bad date, a bad option, a folder that cannot be read or written).
Errors are one readable line each on standard error, never a traceback. Every file is written atomically.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from geo.atomic import atomic_open
from geo.chapters import CHAPTERS_FILE, Chapter, load_chapters
from geo.classroom import write_handout, write_pack
from geo.cli_userlayer import AddedLayers, add_export_arguments, add_validate_arguments, load_added_layers, validate_user_layers
from geo.config import DEFAULT_LAYERS_DIR, Settings
from geo.errors import DataError, UsageError
from geo.export import TextProgress, each_event, embed_snippet
from geo.i18n import strings
from geo.io import LoadResult, load_catalog
from geo.model import LANGUAGES
from geo.places import load_places
from geo.records import feature_collection, text_table, write_csv
from geo.render import MapOptions, build_document
from geo.snapshot import Chromium, render_png
from geo.temporal import parse_day

__all__ = ["build_parser", "main"]


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
        print(f"error: {_one_line(str(exc))}", file=err)
        return 2
    except BrokenPipeError:  # `python -m geo list | head`
        return 0
    except OSError as exc:  # the disk is full, a folder cannot be written, ...
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {_one_line(where + (exc.strerror or str(exc)))}", file=err)
        return 2
    except KeyboardInterrupt:
        print("interrupted; nothing half-written was left at the target", file=err)
        return 130


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="A sourced, time-stamped map of Russian military presence in the South Caucasus.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check every layer; print each problem; exit 1 on any")
    _add_layers(validate)
    add_validate_arguments(validate)  # --user-layer, --map (geo/cli_userlayer.py)
    validate.set_defaults(handler=_validate)

    listing = sub.add_parser("list", help="a table of what is on the map on a day")
    _add_layers(listing)
    listing.add_argument("--date", help="YYYY-MM-DD (default: today)")
    listing.set_defaults(handler=_list)

    export = sub.add_parser(
        "export", help="the map of a day as GeoJSON or CSV, or as a self-contained HTML map or PNG image",
        description="GeoJSON/CSV: the features active on --date. HTML: one offline file with its own date slider "
                    "(opens at --date; --from/--to limit the slider). PNG: a still image through headless Chromium.",
    )
    _add_layers(export)
    export.add_argument("--format", choices=("geojson", "csv", "html", "png"), required=True)
    export.add_argument("--date", help="YYYY-MM-DD (default: today)")
    export.add_argument("--from", dest="first", metavar="DATE", help="HTML: the slider's first day")
    export.add_argument("--to", dest="last", metavar="DATE", help="HTML: the slider's last day")
    export.add_argument("--only", help="comma-separated layer ids (default: all layers)")
    export.add_argument("--lang", default="en", choices=LANGUAGES, help="HTML/PNG: interface and name language")
    export.add_argument("--swap-names", action="store_true", help="HTML/PNG: reversed order of contested names")
    export.add_argument("--title", help="HTML/PNG: the page title (plain text)")
    export.add_argument("--width", type=int, default=1200, help="PNG width in px (default 1200)")
    export.add_argument("--height", type=int, default=800, help="PNG height in px (default 800)")
    export.add_argument("--embed", action="store_true", help="HTML: also print an iframe snippet for the file")
    export.add_argument("--each-event", action="store_true", help="HTML: one file per key event into --output DIR")
    export.add_argument("--chapters", action="store_true", help="HTML: include the guided chapters (teaching)")
    export.add_argument("--output", default="-", help="file to write, or - for standard output (default)")
    add_export_arguments(export)  # --add-layer and its options, --map, --strict (geo/cli_userlayer.py)
    export.set_defaults(handler=_export)

    handout = sub.add_parser("handout", help="an A4 PDF page for a chapter: map, legend, text, questions, sources")
    _add_layers(handout)
    handout.add_argument("--chapter", type=_chapter_number, required=True, help="chapter number (1-based)")
    handout.add_argument("--lang", default="en", choices=LANGUAGES)
    handout.add_argument("--swap-names", action="store_true", help="reversed order of contested names")
    handout.add_argument("--output", required=True, help="the PDF file to write")
    handout.set_defaults(handler=_handout)

    pack = sub.add_parser("pack", help="a zip for teaching offline: chaptered map, handouts, data, README")
    _add_layers(pack)
    pack.add_argument("--lang", default="en", choices=LANGUAGES)
    pack.add_argument("--swap-names", action="store_true", help="reversed order of contested names")
    pack.add_argument("--output", required=True, help="the .zip file to write")
    pack.set_defaults(handler=_pack)
    return parser


def _add_layers(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--layers", type=Path, default=DEFAULT_LAYERS_DIR, metavar="DIR",
                        help=f"layers folder (default: {DEFAULT_LAYERS_DIR})")


def _load(args: argparse.Namespace) -> LoadResult:
    if not args.layers.is_dir():
        raise UsageError(f"{args.layers} is not a folder")
    try:
        os.listdir(args.layers)
    except OSError as exc:
        raise UsageError(f"cannot read the layers folder {args.layers}: {exc.strerror or exc}") from None
    return load_catalog(Settings(layers_dir=args.layers))


def _chapter_number(text: str) -> int:
    """``--chapter``: 1 to 999 in ASCII digits (``int()`` would take "²"-like digits and 5,000-digit numbers)."""
    if not re.fullmatch(r"[1-9][0-9]{0,2}", text):
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a chapter number (1, 2, 3, ...)")
    return int(text)


def _complete(result: LoadResult, err: TextIO) -> bool:
    """False (and every problem printed) when a whole file is unusable: a map made now would be silently degraded."""
    broken = [p for p in result.problems if p.feature == "-"]
    if not broken:
        _warn(result, err)
        return True
    for problem in result.problems:
        print(problem, file=err)
    print(f"error: {len(broken)} problem(s) make a whole file unusable; nothing was written "
          "(fix them, then run `python -m geo validate`)", file=err)
    return False


def _one_line(text: str) -> str:
    return " ".join(text.split())[:2000]


def _day(text: str | None, today: dt.date, flag: str = "--date") -> dt.date:
    if text is None:
        return today
    try:
        day = parse_day(text)
    except ValueError as exc:
        raise UsageError(f"{flag}: {exc}") from None
    if day > today:
        raise UsageError(f"{flag} {day} is after today ({today}); the map shows what was, not what may be")
    return day


def _warn(result: LoadResult, err: TextIO) -> None:
    if result.problems:
        print(f"warning: {len(result.problems)} problem(s) in the data; run `python -m geo validate`; "
              "the features with problems are left out", file=err)


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    result = _load(args)
    if args.user_layer:  # --- user layers: check those files (geo/cli_userlayer.py) ---
        return validate_user_layers(args, out, err, layer_ids=[layer.id for layer in result.catalog.layers],
                                    feature_ids=frozenset(f.id for f in result.catalog.features))
    places = load_places(Settings(layers_dir=args.layers), result.catalog.toponyms)
    problems = (*result.problems, *places.problems)
    for problem in problems:
        print(problem, file=out)
    if result.files_checked == 0:
        print(f"error: no layer file checked in {args.layers}", file=err)
        return 1
    summary = (f"{result.files_checked} file(s), {result.features_checked} feature(s) checked, "
               f"{len(problems)} problem(s)")
    if places.places or places.problems:
        summary += f"; {len(places.places)} place label(s) in {places.file}"
    print(summary, file=err if problems else out)
    return 1 if problems else 0


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
    day = _day(args.date, dt.date.today())
    if args.each_event and args.format != "html":
        raise UsageError("--each-event writes HTML files into a folder: give --format html --output DIR/")
    if args.output != "-" and not args.each_event:
        _target(args.output)
    if not _complete(result, err):
        return 1
    only = _only(args.only, result)
    # --- user layers (--add-layer, geo/cli_userlayer.py): read and checked before anything is written ---
    added = load_added_layers(args, layer_ids=[layer.id for layer in result.catalog.layers],
                              feature_ids=frozenset(f.id for f in result.catalog.features), err=err)
    if added is None:
        return 1
    if args.format in ("html", "png"):
        return _export_map(args, result, day, only, out, err, added)
    features = result.catalog.active_on(day, layers=only)
    extra = added.features(day)  # user layers: their features active on --date
    if args.format == "geojson":
        collection = feature_collection(features, result.catalog)
        collection["features"] += extra
        text = json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
        _write(args.output, text, out)
    elif args.output == "-":
        write_csv(features, result.catalog, out)
    else:
        with atomic_open(_target(args.output), newline="") as handle:
            write_csv(features, result.catalog, handle)
    if args.output != "-":
        print(f"wrote {len(features)} feature(s) active on {day} to {args.output}"
              + (f", and {len(extra):,} of your layers' feature(s)" if extra else ""), file=err)
    return 0


def _export_map(args: argparse.Namespace, result: LoadResult, day: dt.date, only: frozenset[str] | None,
                out: TextIO, err: TextIO, added: AddedLayers) -> int:
    today = dt.date.today()
    first = _day(args.first, today, "--from") if args.first is not None else None
    last = _day(args.last, today, "--to") if args.last is not None else None
    if first and last and first > last:
        raise UsageError(f"--from {first} is after --to {last}")
    if args.date is None and last is not None:
        day = last
    chapters = _chapters(args, result) if args.chapters else ()
    places = load_places(Settings(layers_dir=args.layers), result.catalog.toponyms)
    for problem in places.problems:
        print(f"warning: {problem} (the place is left out)", file=err)
    options = MapOptions(day=day, lang=args.lang, first=first, last=last, only=only, swap=args.swap_names,
                         title=args.title, chapters=chapters, places=places, user_layers=added.on_map)
    catalog = result.catalog
    if args.each_event:
        if args.format != "html" or args.output == "-":
            raise UsageError("--each-event writes HTML files into a folder: give --format html --output DIR/")
        _folder(args.output)
        written = each_event(catalog, options, Path(args.output), today=today, progress=TextProgress(err))
        print(f"wrote {len(written)} file(s) to {args.output}", file=err)
        return 0
    html = build_document(catalog, options, today=today)
    if args.format == "png":
        if args.output == "-":
            raise UsageError("--format png needs --output FILE.png")
        render_png(html, _target(args.output), width=args.width, height=args.height)
        print(f"wrote {args.output} ({args.width}x{args.height} px, {day})", file=err)
        return 0
    _write(args.output, html, out)
    if args.output != "-":
        size = Path(args.output).stat().st_size
        print(f"wrote {args.output} ({size / 1024:.0f} KB, opens at {day}; works offline)", file=err)
        if args.embed:
            title = args.title or strings(args.lang)("app_title")
            print(embed_snippet(Path(args.output).name, title=title), file=out)
    elif args.embed:
        raise UsageError("--embed needs --output FILE.html (the snippet points at the file)")
    return 0


def _chapters(args: argparse.Namespace, result: LoadResult) -> tuple[Chapter, ...]:
    try:
        chapters = load_chapters(args.layers, layer_ids=[layer.id for layer in result.catalog.layers],
                                 today=dt.date.today())
    except DataError as exc:
        raise UsageError("the chapters have problems:\n" + "\n".join(str(p) for p in exc.problems)) from None
    if not chapters:
        raise UsageError(f"no chapters: {args.layers / CHAPTERS_FILE} is missing")
    return chapters


def _handout(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    result = _load(args)
    output = _target(args.output)
    if not _complete(result, err):
        return 1
    chapters = _chapters(args, result)
    if not 1 <= args.chapter <= len(chapters):
        raise UsageError(f"--chapter must be 1..{len(chapters)}, got {args.chapter}")
    with Chromium() as chromium:
        write_handout(result.catalog, chapters, args.chapter, output, lang=args.lang,
                      today=dt.date.today(), chromium=chromium, swap=args.swap_names)
    print(f"wrote {args.output} (chapter {args.chapter}: {chapters[args.chapter - 1].title[args.lang]})", file=err)
    return 0


def _pack(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    result = _load(args)
    output = _target(args.output)
    if not _complete(result, err):
        return 1
    chapters = _chapters(args, result)
    path = write_pack(result.catalog, chapters, output, lang=args.lang, today=dt.date.today(),
                      progress=TextProgress(err), swap=args.swap_names)
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB: map.html, {len(chapters)} handouts, data, README)",
          file=err)
    return 0


def _only(text: str | None, result: LoadResult) -> frozenset[str] | None:
    if text is None:
        return None
    wanted = frozenset(part.strip() for part in text.split(",") if part.strip())
    if not wanted:
        raise UsageError("--only: give one or more layer ids, separated by commas")
    known = {layer.id for layer in result.catalog.layers}
    unknown = sorted(wanted - known)
    if unknown:
        raise UsageError(f"--only: unknown layer(s) {', '.join(unknown)}; layers are {', '.join(sorted(known))}")
    return wanted


def _target(path: str) -> Path:
    """``--output FILE``, checked before any work: its folder exists, and it is not a folder itself."""
    if "\0" in path or not path.strip():
        raise UsageError("--output: not a usable file name")
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"--output: {target} is a folder; give a file name")
    if not target.parent.is_dir():
        raise UsageError(f"--output: folder {target.parent} does not exist")
    return target


def _folder(path: str) -> Path:
    """``--output DIR`` for ``--each-event``: created if missing; its parent must exist."""
    if "\0" in path or not path.strip():
        raise UsageError("--output: not a usable folder name")
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--output: {folder} is a file; --each-event needs a folder")
    if not folder.parent.is_dir():
        raise UsageError(f"--output: folder {folder.parent} does not exist")
    return folder


def _write(path: str, text: str, out: TextIO) -> None:
    if path == "-":
        out.write(text)
        return
    with atomic_open(_target(path), newline="") as handle:
        handle.write(text)
