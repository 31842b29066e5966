"""A reader's upload, from bytes in memory to what the map component gets: read and checked once, styled, packed.

Used by the app (``app.py``'s upload panel); nothing here writes to disk or keeps anything between calls: the app
keeps the :class:`Upload` in the reader's own session, and the map gets :func:`component_args` as data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass

from geo.config import MAX_LAYER_BYTES
from geo.userlayer.columns import ColumnMap
from geo.userlayer.layer import UserLayerOptions, UserLayerResult, layer_id_for
from geo.userlayer.onmap import MapUserLayer
from geo.userlayer.problems import RowProblem, UserLayerError
from geo.userlayer.read import read_user_layer
from geo.userlayer.source import read_source
from geo.userlayer.tables import read_table

__all__ = ["Upload", "component_args", "file_columns", "read_upload", "upload_digest"]


@dataclass(frozen=True, slots=True)
class Upload:
    """One read of an uploaded file.

    Parameters
    ----------
    file
        The file's name as uploaded (plain text).
    digest
        SHA-256 of the bytes and the column mapping (what the read depends on).
    result
        The read (kept rows, problems, counts), or ``None`` when the file cannot be used.
    problems
        Every problem (of the result, or the reason the file cannot be used).
    """

    file: str
    digest: str
    result: UserLayerResult | None
    problems: tuple[RowProblem, ...]

    @property
    def columns_missing(self) -> bool:
        """True when the file was refused because columns were not found (the reader should map them)."""
        return self.result is None and any(p.rule == "columns" for p in self.problems)


def upload_digest(data: bytes, columns: ColumnMap) -> str:
    """What identifies a read: the bytes and the mapping."""
    digest = hashlib.sha256(data)
    digest.update(repr(columns.pairs).encode("utf-8"))
    return digest.hexdigest()


def read_upload(data: bytes, file: str, *, columns: ColumnMap, layer_ids: Collection[str],
                reserved: frozenset[str], max_bytes: int = MAX_LAYER_BYTES) -> Upload:
    """Read ``data`` (an uploaded file, in memory) with the rules of :func:`geo.userlayer.read.read_user_layer`.

    The layer's id is made from the file's name, apart from ``layer_ids`` (the dataset's); rows giving an id in
    ``reserved`` (the dataset's features) are left out. Never raises for bad data: the problems are in the result.
    """
    digest = upload_digest(data, columns)
    base = layer_id_for(file)[:36]
    layer_id, n = base, 1
    while layer_id in layer_ids:
        n += 1
        layer_id = f"{base}-{n}"
    options = UserLayerOptions(layer_id=layer_id, columns=columns, reserved_ids=reserved, max_bytes=max_bytes)
    try:
        result = read_user_layer(data, options, file=file)
    except UserLayerError as exc:
        problems = tuple(p for p in exc.problems if isinstance(p, RowProblem))
        return Upload(file, digest, None, problems)
    return Upload(file, digest, result, result.problems)


def file_columns(data: bytes, file: str, *, max_bytes: int = MAX_LAYER_BYTES) -> tuple[str, tuple[str, ...]]:
    """The file's format (``csv``, ``geojson``, ``gpkg``) and its column names, for the mapping selects; ``("",
    ())`` when it cannot be read as a table at all."""
    try:
        table = read_table(read_source(data, file=file, limit=max_bytes))
    except UserLayerError:
        return "", ()
    return table.format, tuple(table.header)


def component_args(upload: Upload, *, title: str, color: str, symbol: str) -> dict[str, object] | None:
    """What the map component gets for this upload (the document payload's description of the layer, a key that
    changes with the data and the style, and the packed payload); ``None`` when there is nothing to show."""
    if upload.result is None or len(upload.result.layer) == 0:
        return None
    layer = MapUserLayer.from_layer(upload.result.layer, title=title.strip() or None, color=color, symbol=symbol)
    key = hashlib.sha256(f"{upload.digest}|{layer.title}|{layer.color}|{layer.symbol}".encode()).hexdigest()[:32]
    return {**layer.describe(0), "key": key, "payload": dict(layer.payload)}
