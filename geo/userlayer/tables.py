"""A user's file as a table: named columns of raw cells, a row label per row, and the geometry cells if any.

Three formats, told apart by their content (the file name is not trusted for it):

* **GeoPackage**: starts with the SQLite magic ``SQLite format 3\\0``. Read through pyogrio from memory (the
  bytes already read, never the path again), with ``datetime_as_string=True`` so that dates stay text; the first
  layer unless one is named. Geometry cells are WKB; the CRS is the layer's.
* **GeoJSON**: a FeatureCollection (RFC 7946: EPSG:4326, (lon, lat)). Columns are the union of the features'
  ``properties`` keys; a feature's top-level ``id`` is column ``id`` when no property is called ``id``. Geometry
  cells are the raw geometry objects. A legacy ``crs`` member is honoured.
* **CSV** (anything else): UTF-8 text, the first record is the header. The delimiter is the one of ``,`` ``;``
  tab ``|`` that occurs most in the header line (``,`` on a tie). Quoted fields may span lines; a row's label is
  the line its record starts on (header = line 1). Blank records are skipped and counted; a record with more or
  fewer fields than the header is left out (rule ``csv``).

Cells stay raw here (CSV: ``str``; GeoJSON: any JSON value; GeoPackage: numpy values); :mod:`geo.userlayer.rules`
turns the used columns into text and checks them.
"""

from __future__ import annotations

import csv
import json
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import add, itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from geo.userlayer.problems import RowProblem, UserLayerError, file_problem, row_problem
from geo.userlayer.source import SourceBytes, decode_utf8

__all__ = ["GPKG_MAGIC", "RawTable", "read_table", "sniff_format"]

GPKG_MAGIC = b"SQLite format 3\x00"
_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}


@dataclass(frozen=True, slots=True)
class RawTable:
    """The rows of a file before any rule is checked.

    Parameters
    ----------
    file
        The file's name for messages.
    format
        ``csv``, ``geojson`` or ``gpkg``.
    header
        Column (property, field) names in file order.
    rows
        One label per row (int64): CSV line number (1-based, header = 1) or feature index (0-based).
    cells
        ``cells(column)`` gives that column's raw values, one per row (``None`` where a feature lacks it).
    geometry
        GeoJSON: the raw geometry objects; GeoPackage: WKB bytes (``None`` = no geometry); CSV: ``None``.
    crs
        The CRS the coordinates are in as the file states it (``None`` = EPSG:4326).
    problems
        Rows already left out while reading (CSV field counts, GeoJSON features that are not objects).
    notes
        What was decided while reading (delimiter, blank lines, layer chosen, times of day ignored).
    header_row
        CSV: the line of the header (1 unless blank lines come first); ``None`` for the other formats.
    datetime_fields
        GeoPackage fields that hold date-times; their cells are cut to the date (``YYYY-MM-DD``).
    """

    file: str
    format: str
    header: tuple[str, ...]
    rows: npt.NDArray[np.int64]
    cells: Callable[[str], Sequence[object]]
    geometry: Sequence[object] | None
    crs: str | None
    problems: tuple[RowProblem, ...]
    notes: tuple[str, ...]
    header_row: int | None = None
    datetime_fields: tuple[str, ...] = ()

    def __len__(self) -> int:
        return int(self.rows.shape[0])


def sniff_format(data: bytes) -> str:
    """``gpkg``, ``geojson`` or ``csv`` from the first bytes; ``UserLayerError``-worthy kinds give ``zip``/``xls``."""
    if data.startswith(GPKG_MAGIC):
        return "gpkg"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return "geojson" if head[:1] in (b"{", b"[") else "csv"


def read_table(source: SourceBytes, *, gpkg_layer: str | None = None) -> RawTable:
    """Read the file into a :class:`RawTable` (see the module docstring).

    Raises
    ------
    UserLayerError
        ``format``, ``utf-8`` or ``empty``: the file as a whole cannot be read.
    """
    kind = sniff_format(source.data)
    if kind in ("zip", "xls"):
        what = "a ZIP archive (an Excel .xlsx workbook or a zipped shapefile?)" if kind == "zip" else "an Excel .xls workbook"
        raise UserLayerError([file_problem(source.file, "format", f"the file is {what}; save it as CSV (UTF-8), "
                                                                  "GeoJSON or GeoPackage")])
    if kind == "gpkg":
        return _read_gpkg(source, gpkg_layer)
    text = decode_utf8(source)
    return _read_geojson(source.file, text) if kind == "geojson" else _read_csv(source.file, text)


# --- CSV -------------------------------------------------------------------------------------------------------


def _read_csv(file: str, text: str) -> RawTable:
    first_line = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=lambda d: (first_line.count(d), d == ","))
    notes = [] if delimiter == "," else [f"columns are separated by {_DELIMITER_NAMES[delimiter]}s"]
    reader = csv.reader(_lines(text), delimiter=delimiter)
    try:
        header = next(reader, None)
        while header is not None and not any(header):
            header = next(reader, None)  # blank lines before the header
        if header is None:
            raise UserLayerError([file_problem(file, "empty", "the file is empty: no header, no rows")])
        header_row = reader.line_num
        records = list(reader)  # at C speed; line numbers below
    except csv.Error as exc:
        raise UserLayerError([file_problem(file, "format", f"line {reader.line_num}: {exc} (is a quote not closed?)")]) from None
    if reader.line_num - header_row == len(records):
        lines = np.arange(header_row + 1, header_row + 1 + len(records), dtype=np.int64)  # one line per record
    else:
        lines = _record_lines(text, delimiter, header_row, len(records))  # a quoted value spans lines
    width = len(header)
    widths = np.fromiter(map(len, records), dtype=np.int64, count=len(records))
    filled = np.fromiter(map(any, records), dtype=np.bool_, count=len(records))
    problems = [
        row_problem(file, int(lines[i]), "-", "csv", f"{widths[i]} fields where the header has {width}"
                                                     " (a delimiter or quote inside a value?)")
        for i in np.flatnonzero(filled & (widths != width)).tolist()
    ]
    good = filled & (widths == width)
    if not good.all():
        records = [records[i] for i in np.flatnonzero(good).tolist()]
        lines = lines[good]
    blank = int((~filled).sum())
    if blank:
        notes.append(f"{blank:,} blank row(s) skipped")
    index = {name: i for i, name in reversed(list(enumerate(header)))}
    taken: dict[int, list[str]] = {}

    def cells(column: str) -> Sequence[object]:
        # one column at C speed (itemgetter over the rows; zip(*rows) would make an iterator per row)
        i = index[column]
        if i not in taken:
            taken[i] = list(map(itemgetter(i), records))
        return taken[i]

    return RawTable(file, "csv", tuple(header), lines, cells, None, None, tuple(problems), tuple(notes), header_row)


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, as ``csv`` wants them (LF or CR LF; CR alone when the file has no LF).

    Splitting here instead of wrapping the text in ``io.StringIO`` saves a 4-bytes-a-character copy (36 MB for a
    9 MB file); other line separators (U+2028, ...) are text inside a value, never line ends.
    """
    end = "\n" if "\n" in text or "\r" not in text else "\r"  # "CSV (Macintosh)" from Excel ends lines with CR
    parts = text.split(end)
    last = parts.pop()
    return chain(map(add, parts, repeat(end)), [last] if last else [])  # at C speed


def _record_lines(text: str, delimiter: str, header_row: int, count: int) -> npt.NDArray[np.int64]:
    """The line each record after the header starts on, when some record spans lines (a quoted newline)."""
    reader = csv.reader(_lines(text), delimiter=delimiter)
    while reader.line_num < header_row:
        next(reader)
    starts = np.empty(count, dtype=np.int64)
    for k in range(count):
        starts[k] = reader.line_num + 1
        next(reader)
    return starts


# --- GeoJSON ---------------------------------------------------------------------------------------------------


def _read_geojson(file: str, text: str) -> RawTable:
    def fail(detail: str) -> UserLayerError:
        return UserLayerError([file_problem(file, "format", detail)])

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(f"not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    if not isinstance(data, Mapping) or data.get("type") != "FeatureCollection":
        kind = data.get("type") if isinstance(data, Mapping) else type(data).__name__
        raise fail(f"the top level is {kind!r}, not a GeoJSON FeatureCollection")
    raw_features = data.get("features")
    if not isinstance(raw_features, list):
        raise fail('"features" must be a list')
    problems: list[RowProblem] = []
    props: list[Mapping[str, Any]] = []
    geometry: list[object] = []
    rows: list[int] = []
    top_ids: list[object] = []
    for i, feature in enumerate(raw_features):
        if not isinstance(feature, Mapping) or feature.get("type") != "Feature":
            problems.append(row_problem(file, i, "-", "format", "not a GeoJSON Feature object"))
            continue
        p = feature.get("properties")
        if p is not None and not isinstance(p, Mapping):
            problems.append(row_problem(file, i, "properties", "format", '"properties" must be an object or null'))
            continue
        props.append(p or {})
        geometry.append(feature.get("geometry"))
        top_ids.append(feature.get("id"))
        rows.append(i)
    header = list(dict.fromkeys(key for p in props for key in p))
    columns: dict[str, Sequence[object]] = {}
    if any(v is not None for v in top_ids) and not any(h.strip().casefold() == "id" for h in header):
        header.append("id")
        columns["id"] = top_ids

    def cells(column: str) -> Sequence[object]:
        if column in columns:
            return columns[column]
        return [p.get(column) for p in props]

    return RawTable(file, "geojson", tuple(header), np.asarray(rows, dtype=np.int64), cells, geometry,
                    _legacy_crs(data.get("crs")), tuple(problems), ())


def _legacy_crs(raw: object) -> str | None:
    """The name in a pre-RFC 7946 ``crs`` member (``urn:ogc:def:crs:EPSG::3857``), or ``None``."""
    if isinstance(raw, Mapping) and isinstance(raw.get("properties"), Mapping):
        name = raw["properties"].get("name")
        if isinstance(name, str) and name.strip():
            return name.strip()
    return None


# --- GeoPackage ------------------------------------------------------------------------------------------------


def _read_gpkg(source: SourceBytes, layer: str | None) -> RawTable:
    import pyogrio
    import pyogrio.errors
    from pyogrio.raw import read as ogr_read

    file = source.file
    try:
        # pyogrio reads bytes through GDAL's /vsimem/ under a name without ".gpkg", so GDAL warns about the
        # extension; that warning (only that one) is noise here.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*non conformant file extension", category=RuntimeWarning)
            layers = [str(name) for name, _ in pyogrio.list_layers(source.data)]
            if not layers:
                raise UserLayerError([file_problem(file, "empty", "the GeoPackage has no layer")])
            chosen = layer if layer is not None else layers[0]
            if chosen not in layers:
                raise UserLayerError([file_problem(file, "format", f"no layer {chosen!r}; the layers are {', '.join(layers)}")])
            meta, _, wkb, fields = ogr_read(source.data, layer=chosen, datetime_as_string=True)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError,
            pyogrio.errors.GeometryError) as exc:
        raise UserLayerError([file_problem(file, "format", f"cannot read the GeoPackage: {exc}")]) from None
    notes = [f"read layer {chosen!r} of {len(layers)} ({', '.join(layers)})"] if len(layers) > 1 else []
    header = tuple(str(name) for name in meta["fields"])
    by_name: dict[str, Sequence[object]] = {}
    for name, ogr_type, values in zip(header, meta["ogr_types"], fields, strict=True):
        if ogr_type == "OFTDateTime":  # a date-time: its date is what the map uses (said in the notes when used)
            by_name.setdefault(name, [None if v is None else str(v)[:10] for v in values.tolist()])
        else:
            by_name.setdefault(name, values.tolist())
    count = len(wkb) if wkb is not None else (len(fields[0]) if fields else 0)
    geometry: Sequence[object] = list(wkb) if wkb is not None else [None] * count
    datetimes = tuple(name for name, ogr_type in zip(header, meta["ogr_types"], strict=True) if ogr_type == "OFTDateTime")
    return RawTable(file, "gpkg", header, np.arange(count, dtype=np.int64), by_name.__getitem__, geometry,
                    None if meta.get("crs") is None else str(meta["crs"]), (), tuple(notes), None, datetimes)
