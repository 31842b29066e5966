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
import math
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
from geo.framing import Bounds, parse_bbox
from geo.gpkg import write_gpkg
from geo.i18n import strings
from geo.io import LoadResult, load_catalog
from geo.model import LANGUAGES
from geo.places import load_places
from geo.records import feature_collection, features_between, text_table, write_csv
from geo.render import Headline, MapOptions, build_document
from geo.snapshot import PAGES, Chromium, render_pdf, render_png
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
        "export", help="the data as GeoJSON, CSV or GeoPackage, or a self-contained HTML map, PNG image or PDF page",
        description="GeoJSON/CSV/GeoPackage: the features active on --date, or on any day of --from..--to (each "
                    "with its interval: valid_from, valid_to). HTML: one offline file with its own date slider "
                    "(opens at --date; --from/--to limit the slider). PNG and PDF: a still image and a vector "
                    "one-page map through headless Chromium. Maps open framed on --bbox, else on the features "
                    "active over the slider's range; --title, --subtitle, --notes and --byline draw a headline.",
    )
    _add_layers(export)
    # --- INTEROP: formats (data and map) and the file name extensions they take --------------------------------
    export.add_argument("--format", choices=DATA_FORMATS + MAP_FORMATS,
                        help="what to write (default: from the --output file name's extension)")
    export.add_argument("--date", help="YYYY-MM-DD (default: today)")
    export.add_argument("--from", dest="first", metavar="DATE",
                        help="GeoJSON/CSV/GeoPackage: from this day (with --to: a period); HTML: the slider's first day")
    export.add_argument("--to", dest="last", metavar="DATE",
                        help="GeoJSON/CSV/GeoPackage: until this day; HTML: the slider's last day")
    # --- end INTEROP --------------------------------------------------------------------------------------------
    export.add_argument("--only", help="comma-separated layer ids (default: all layers)")
    export.add_argument("--lang", default="en", choices=LANGUAGES, help="HTML/PNG: interface and name language")
    export.add_argument("--swap-names", action="store_true", help="HTML/PNG: reversed order of contested names")
    export.add_argument("--bbox", metavar="W,S,E,N",
                        help="maps: the view to open on, lon/lat degrees (EPSG:4326), e.g. 45.9,39.3,47.3,40.3")
    export.add_argument("--title", help="maps: the headline (plain text; also the page title)")
    export.add_argument("--subtitle", help="maps: the line under the headline")
    export.add_argument("--notes", help="maps: notes under the map (define the categories); the date is added")
    export.add_argument("--byline", help="maps: who made the map (\"Map: …\")")
    export.add_argument("--width", type=int, default=1200, help="PNG width in CSS px (default 1200)")
    export.add_argument("--height", type=int, default=800, help="PNG height in CSS px (default 800)")
    export.add_argument("--scale", default=None, metavar="1..3",
                        help="PNG: device pixel ratio, same layout with SCALE times the pixels (default 1)")
    export.add_argument("--page", choices=tuple(PAGES), default=None, help="PDF: paper size (default a4)")
    orientation = export.add_mutually_exclusive_group()
    orientation.add_argument("--landscape", dest="portrait", action="store_false", default=None,
                             help="PDF: landscape page (default)")
    orientation.add_argument("--portrait", dest="portrait", action="store_true", help="PDF: portrait page")
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


def _bbox(text: str | None) -> Bounds | None:
    """``--bbox W,S,E,N``: four numbers, W < E, S < N, inside the map's region."""
    if text is None:
        return None
    try:
        return parse_bbox(text)
    except ValueError as exc:
        raise UsageError(f"--bbox {exc}") from None


def _scale(text: str | None) -> float:
    """``--scale``: a device pixel ratio from 1 to 3 (1.5 allowed); 1 when not given."""
    if text is None:
        return 1.0
    value = float(text) if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{1,3})?", text.strip()) else math.nan
    if not 1 <= value <= 3:
        raise UsageError(f"--scale: {text[:20]!r} is not a device pixel ratio from 1 to 3 (e.g. 2)")
    return value


def _check_map_flags(args: argparse.Namespace) -> None:
    """Flags that only mean something for some formats are refused elsewhere, not silently ignored; the values of
    --bbox and --scale are checked (both before any work)."""
    maps = ("html", "png", "pdf")
    rules = [("--bbox", args.bbox is not None, maps), ("--subtitle", args.subtitle is not None, maps),
             ("--notes", args.notes is not None, maps), ("--byline", args.byline is not None, maps),
             ("--scale", args.scale is not None, ("png",)), ("--page", args.page is not None, ("pdf",)),
             ("--portrait/--landscape", args.portrait is not None, ("pdf",))]
    for flag, given, formats in rules:
        if given and args.format not in formats:
            raise UsageError(f"{flag} is for --format {'/'.join(formats)}, not {args.format}")
    args.bbox = _bbox(args.bbox)
    args.scale = _scale(args.scale)


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
    args.format = _export_format(args)
    day = _day(args.date, dt.date.today())
    if args.each_event and args.format != "html":
        raise UsageError("--each-event writes HTML files into a folder: give --format html --output DIR/")
    _check_map_flags(args)
    if args.output != "-" and not args.each_event:
        _target(args.output)
    if args.format in DATA_FORMATS:
        _data_options(args)
    if not _complete(result, err):
        return 1
    only = _only(args.only, result)
    # --- user layers (--add-layer, geo/cli_userlayer.py): read and checked before anything is written ---
    added = load_added_layers(args, layer_ids=[layer.id for layer in result.catalog.layers],
                              feature_ids=frozenset(f.id for f in result.catalog.features), err=err)
    if added is None:
        return 1
    if args.format in MAP_FORMATS:
        return _export_map(args, result, day, only, out, err, added)
    return _export_data(args, result, day, only, out, err, added)


# --- INTEROP: the data exports (GeoJSON, CSV, GeoPackage): formats, periods, option checks ------------------------

#: Formats that write the data as features and rows; formats that draw the map.
DATA_FORMATS: tuple[str, ...] = ("geojson", "csv", "gpkg")
MAP_FORMATS: tuple[str, ...] = ("html", "png", "pdf")
#: The --output extensions each format takes (the first is the one named in messages).
SUFFIXES: dict[str, tuple[str, ...]] = {
    "geojson": (".geojson", ".json"), "csv": (".csv",), "gpkg": (".gpkg",), "html": (".html", ".htm"), "png": (".png",),
    "pdf": (".pdf",),
}


def _export_format(args: argparse.Namespace) -> str:
    """The format to write: --format, else the one --output's extension names; a mismatch or an extension this
    command does not write (``x.svg``) is a usage error. A name without an extension (``/dev/stdout``) is taken."""
    suffix = "" if args.output == "-" or args.each_event else Path(args.output).suffix.lower()
    named = next((fmt for fmt, suffixes in SUFFIXES.items() if suffix in suffixes), None)
    known = ", ".join(s for suffixes in SUFFIXES.values() for s in suffixes)
    if suffix and named is None:
        raise UsageError(f"--output: {suffix[:20]!r} is not a format this command writes; give a file ending in "
                         f"{known} (or --format)")
    if args.format is None:
        if named is None:
            raise UsageError("give --format (geojson, csv, gpkg, html, png or pdf) or an --output file name ending in "
                             f"{known}")
        return named
    if named is not None and named != args.format:
        raise UsageError(f"--output {Path(args.output).name[:60]!r} names a {named} file, but --format is "
                         f"{args.format}: give a file ending in {SUFFIXES[args.format][0]}")
    return str(args.format)


def _data_options(args: argparse.Namespace) -> None:
    """Refuse options the data formats cannot honour, instead of silently ignoring them."""
    if args.date is not None and (args.first is not None or args.last is not None):
        raise UsageError("--date gives the features of one day, --from/--to those of a period: give one or the other")
    for flag, given in (("--embed", args.embed), ("--chapters", args.chapters), ("--title", args.title is not None)):
        if given:
            raise UsageError(f"{flag} is for --format html (a {args.format} export is data, not a map)")
    if args.format == "gpkg" and args.output == "-":
        raise UsageError("--format gpkg needs --output FILE.gpkg (a GeoPackage is a database file, not a stream)")


def _export_data(args: argparse.Namespace, result: LoadResult, day: dt.date, only: frozenset[str] | None,
                 out: TextIO, err: TextIO, added: AddedLayers) -> int:
    """GeoJSON, CSV or GeoPackage of the features on the map on ``day``, or on any day of --from..--to. The added
    layers' features (--add-layer) go into GeoJSON only; for CSV and GeoPackage a note says they were left out."""
    catalog = result.catalog
    today = dt.date.today()
    if args.first is None and args.last is None:
        features = catalog.active_on(day, layers=only)
        extra = added.features(day)
        when = f"active on {day}"
    else:
        first = _day(args.first, today, "--from") if args.first is not None else catalog.dataset.first_date
        last = _day(args.last, today, "--to") if args.last is not None else today
        if first > last:
            raise UsageError(f"--from {first} is after --to {last}")
        features = features_between(catalog, first, last, layers=only)
        extra = added.features(first, last)
        when = f"active on some day of {first}..{last} (each with valid_from/valid_to)"
    swap = args.swap_names
    if extra and args.format != "geojson":
        print(f"note: the {len(extra):,} feature(s) of your added layers are in GeoJSON exports only "
              f"(--format geojson); this {args.format} file has the dataset's", file=err)
        extra = []
    if args.format == "gpkg":
        tables = [(layer.id, [f for f in features if f.layer == layer.id])
                  for layer in catalog.layers if only is None or layer.id in only]
        write_gpkg(_target(args.output), tables, catalog, swap=swap)
        print(f"wrote {len(features)} feature(s) {when} to {args.output} ({len(tables)} table(s), EPSG:4326)", file=err)
        return 0
    if args.format == "geojson":
        collection = feature_collection(features, catalog, swap=swap)
        collection["features"] += extra  # the added layers' features, as they were read
        text = json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
        _write(args.output, text, out)
    elif args.output == "-":
        write_csv(features, catalog, out, swap=swap)
    else:
        with atomic_open(_target(args.output), newline="") as handle:
            write_csv(features, catalog, handle, swap=swap)
    if args.output != "-":
        print(f"wrote {len(features)} feature(s) {when} to {args.output}"
              + (f", and {len(extra):,} of your layers' feature(s)" if extra else ""), file=err)
    return 0


# --- end INTEROP ------------------------------------------------------------------------------------------------


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
    headline = Headline(title=args.title, subtitle=args.subtitle, notes=args.notes, byline=args.byline)
    options = MapOptions(day=day, lang=args.lang, first=first, last=last, only=only, swap=args.swap_names,
                         bbox=args.bbox, title=args.title, headline=headline, chapters=chapters, places=places,
                         user_layers=added.on_map)
    catalog = result.catalog
    if args.each_event:
        if args.format != "html" or args.output == "-":
            raise UsageError("--each-event writes HTML files into a folder: give --format html --output DIR/")
        _folder(args.output)
        written = each_event(catalog, options, Path(args.output), today=today, progress=TextProgress(err))
        print(f"wrote {len(written)} file(s) to {args.output}", file=err)
        return 0
    if args.format in ("png", "pdf") and args.output == "-":
        raise UsageError(f"--format {args.format} needs --output FILE.{args.format}")
    html = build_document(catalog, options, today=today)
    if args.format == "png":
        scale = args.scale
        render_png(html, _target(args.output), width=args.width, height=args.height, scale=scale)
        pixels = f"{round(args.width * scale)}x{round(args.height * scale)} px"
        print(f"wrote {args.output} ({pixels}{f' at scale {scale:g}' if scale != 1 else ''}, {day})", file=err)
        return 0
    if args.format == "pdf":
        page, landscape = args.page or "a4", not args.portrait
        render_pdf(html, _target(args.output), page_size=page, landscape=landscape)
        print(f"wrote {args.output} (one {page.upper()} {'landscape' if landscape else 'portrait'} page, {day})",
              file=err)
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
