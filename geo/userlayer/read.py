"""Read and check a user's dated layer: a file (or upload) in, a :class:`~geo.userlayer.layer.UserLayerResult` out.

The steps, each in its own module: the bytes (:mod:`~geo.userlayer.source`: regular file, 50 MB limit on the
bytes read, UTF-8), the table (:mod:`~geo.userlayer.tables`: CSV, GeoJSON or GeoPackage), the columns
(:mod:`~geo.userlayer.columns`), then the rules: dates, texts, link, id (:mod:`~geo.userlayer.rules`) and place
(:mod:`~geo.userlayer.shapes`). A bad row is left out and counted, every good row is kept; with ``strict`` any
problem fails the read. A problem of the whole file (size, encoding, format, columns) always fails it.

Example
-------
>>> result = read_user_layer(Path("events.csv"), UserLayerOptions(layer_id="events"))  # doctest: +SKIP
>>> print(result.summary()); print("\\n".join(map(str, result.problems)))               # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from geo.userlayer.columns import resolve_columns
from geo.userlayer.layer import UserLayer, UserLayerOptions, UserLayerResult
from geo.userlayer.problems import Findings, UserLayerError, file_problem
from geo.userlayer.rules import check_dates, check_ids, check_text, check_urls, text_cells
from geo.userlayer.shapes import Placement, place_by_columns, place_by_geojson, place_by_wkb, place_by_wkt
from geo.userlayer.source import read_source
from geo.userlayer.tables import RawTable, read_table

__all__ = ["read_user_layer"]

_T = TypeVar("_T")


def read_user_layer(source: Path | bytes, options: UserLayerOptions, *, file: str | None = None) -> UserLayerResult:
    """Read, check and keep the good rows of a user's CSV, GeoJSON or GeoPackage file.

    Parameters
    ----------
    source
        A path to a regular file, or the file's bytes (an upload, never written to disk).
    options
        Layer id, column mapping, strictness, region, limits (frozen).
    file
        The name problems are reported under; defaults to the path; required for bytes.

    Returns
    -------
    UserLayerResult
        The layer of kept rows (coordinates in EPSG:4326, (lon, lat); day numbers), every problem, counts, notes.

    Raises
    ------
    UserLayerError
        A problem of the whole file, or (``strict``) any problem; it carries every problem found.
    """
    data = read_source(source, file=file, limit=options.max_bytes)
    table = read_table(data, gpkg_layer=options.gpkg_layer)
    columns = resolve_columns(table.header, options.columns, file=data.file, csv=table.format == "csv",
                              header_row=table.header_row or 1)
    if len(table) == 0 and not table.problems:
        raise UserLayerError([file_problem(data.file, "empty", "the file has no data rows")])
    findings = Findings(data.file, table.rows)

    def text(target: str) -> list[str | None] | None:
        column = columns.get(target)
        return None if column is None else text_cells(table.cells(column), column, findings, all_text=table.format == "csv")

    first, last = check_dates(text("start"), columns.get("start"), text("date"), columns.get("date"), text("end"),
                              columns.get("end"), findings=findings)
    placement = _place(table, columns.found, text, options, findings)
    texts: dict[str, list[str | None] | None] = {}
    for target, limit in (("name", options.limits.name), ("kind", options.limits.kind),
                          ("description", options.limits.description)):
        texts[target] = values = text(target)
        if values is not None:
            check_text(values, columns.found[target], limit, findings)
    urls = text("url")
    texts["url"] = None if urls is None else check_urls(urls, columns.found["url"], options.limits.url, findings)
    ids = check_ids(text("id"), columns.get("id"), layer_id=options.layer_id, reserved=options.reserved_ids,
                    findings=findings)

    keep = np.flatnonzero(~findings.bad)
    layer = UserLayer(
        id=options.layer_id,
        title=options.title or data.file.replace("\\", "/").rsplit("/", 1)[-1],
        file=data.file,
        format=table.format,
        ids=tuple(_take(ids, keep)),
        rows=table.rows[keep],
        lon=placement.lon[keep],
        lat=placement.lat[keep],
        first=first[keep],
        last=last[keep],
        geometry=placement.kind[keep],
        shapes=MappingProxyType(_renumber(placement.shapes, keep)),
        **{target: None if values is None else tuple(_take(values, keep)) for target, values in texts.items()},
    )
    problems = tuple(sorted((*table.problems, *findings.problems), key=lambda p: -1 if p.row is None else p.row))
    if options.strict and problems:
        raise UserLayerError(problems)
    notes = [*table.notes, *columns.notes, *placement.notes]
    if columns.get("start") is not None and columns.get("end") is None:
        notes.append(f"there is no end column: every row stays on the map from its {columns.found['start']!r} on")
    for name in table.datetime_fields:
        if name in columns.found.values():
            notes.append(f"field {name!r} holds date-times; their date is used, the time of day is not")
    if columns.unused:
        notes.append(f"column(s) not used: {', '.join(repr(c) for c in columns.unused)}")
    rows_read = len(table) + len(table.problems)
    return UserLayerResult(layer, problems, rows_read, rows_read - len(layer), columns.found, tuple(notes))


def _place(table: RawTable, found: Mapping[str, str], text: Callable[[str], list[str | None] | None],
           options: UserLayerOptions, findings: Findings) -> Placement:
    """Place each row by the file's geometry, or by CSV ``lat``/``lon`` or ``wkt`` columns."""
    region = options.region
    if table.format == "geojson":
        return place_by_geojson(table.geometry or [], table.crs, file=table.file, region=region, findings=findings)
    if table.format == "gpkg":
        return place_by_wkb(table.geometry or [], table.crs, file=table.file, region=region, findings=findings)
    lat, lon = text("lat"), text("lon")
    if lat is not None and lon is not None:
        return place_by_columns(lat, found["lat"], lon, found["lon"], region=region, findings=findings)
    return place_by_wkt(text("wkt") or [], found["wkt"], region=region, findings=findings)


def _take(values: Sequence[_T], keep: npt.NDArray[np.intp]) -> list[_T]:
    """``values`` at the kept positions (all of them, cheaply, when nothing was left out)."""
    if len(keep) == len(values):
        return list(values)
    if len(keep) == 0:
        return []
    picked = itemgetter(*keep.tolist())(values)
    return [picked] if len(keep) == 1 else list(picked)


def _renumber(shapes: Mapping[int, _T], keep: npt.NDArray[np.intp]) -> dict[int, _T]:
    """Shapes keyed by their new position among the kept rows (``keep`` is sorted)."""
    old = np.fromiter(shapes, dtype=np.int64, count=len(shapes))
    new = np.searchsorted(keep, old)
    return {int(n): shapes[int(o)] for o, n in zip(old, new, strict=True) if n < len(keep) and keep[n] == o}
