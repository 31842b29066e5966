"""The app's start-up cache: the map document, built once per data version and day, kept on disk.

Building the document needs folium, shapely, pyproj and a validated catalog (about a second here); serving a cached
copy needs only this module. The key is a SHA-256 of everything the document is made of (layers, chapters,
translations, basemap, our JS/CSS/templates, the vendored Leaflet) plus the day (the slider ends today), so a
changed feature or a new day builds a new document. Only light standard-library imports here, on purpose.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

__all__ = ["cached_document", "document_key", "manifest_facts", "store_document"]

_PACKAGE = Path(__file__).resolve().parent
_PACKAGE_PARTS = ("static", "templates", "locales", "data")
_KEEP = 4  # documents kept per cache folder (older ones are removed)


def document_key(layers_dir: Path, today: dt.date, *, extra: str = "") -> str:
    """A digest of every input of the app's map document (files' bytes and names), ``today`` and ``extra``."""
    digest = hashlib.sha256(f"{today.isoformat()}|{extra}".encode())
    files = sorted(p for p in layers_dir.rglob("*") if p.is_file() and p.suffix in (".json", ".geojson"))
    files += sorted(p for part in _PACKAGE_PARTS for p in (_PACKAGE / part).rglob("*") if p.is_file())
    files += sorted(_PACKAGE.glob("*.py"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def cached_document(cache_dir: Path, key: str) -> Path | None:
    """The folder holding ``index.html`` for ``key``, or ``None`` if it was never built."""
    folder = cache_dir / key
    return folder if (folder / "index.html").is_file() else None


def store_document(cache_dir: Path, key: str, html: str) -> Path:
    """Write ``index.html`` for ``key`` (atomically) and remove all but the newest few other documents."""
    folder = cache_dir / key
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / "index.html.tmp"
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(folder / "index.html")
    others = sorted((p for p in cache_dir.iterdir() if p.is_dir() and p != folder), key=lambda p: p.stat().st_mtime)
    for old in others[: max(0, len(others) - (_KEEP - 1))]:
        shutil.rmtree(old, ignore_errors=True)
    return folder


def manifest_facts(layers_dir: Path) -> tuple[dt.date, tuple[str, ...]]:
    """The dataset's first date and the layer ids listed in ``manifest.json``, read without the validation stack.

    Falls back to 1992-01-01 and no layers if the manifest is missing or broken (the catalog loader reports why).
    """
    try:
        manifest = json.loads((layers_dir / "manifest.json").read_text(encoding="utf-8"))
        first = dt.date.fromisoformat(manifest["dataset"]["first_date"])
        ids = tuple(str(layer["id"]) for layer in manifest["layers"])
    except (OSError, ValueError, KeyError, TypeError):
        return dt.date(1992, 1, 1), ()
    extra = tuple(sorted(p.stem for p in layers_dir.glob("*.geojson") if p.stem not in ids))
    return first, ids + extra
