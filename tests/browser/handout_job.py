"""Prints handouts in ONE Chromium (its own process: Playwright's sync API cannot nest in the tests' browser).

``python -m tests.browser.handout_job OUTDIR LANG:CHAPTER ...`` (``LANG:*`` for every chapter) writes
``OUTDIR/<lang>-<NN>.pdf`` for each with :func:`geo.classroom.write_handout` and prints one JSON line per handout:
lang, chapter, path, seconds. A handout whose layout would cut a text fails the job (``layoutHandout`` throws).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

from geo.chapters import load_chapters
from geo.classroom import write_handout
from geo.config import DEFAULT_LAYERS_DIR, Settings
from geo.io import load_catalog
from geo.snapshot import Chromium


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog(Settings(layers_dir=DEFAULT_LAYERS_DIR)).catalog
    today = dt.date.today()
    chapters = load_chapters(DEFAULT_LAYERS_DIR, layer_ids=[layer.id for layer in catalog.layers], today=today)
    jobs = []
    for spec in argv[1:]:
        lang, _, which = spec.partition(":")
        numbers = range(1, len(chapters) + 1) if which == "*" else [int(which)]
        jobs += [(lang, n) for n in numbers]
    with Chromium() as chromium:
        for lang, n in jobs:
            start = time.monotonic()
            path = write_handout(catalog, chapters, n, out / f"{lang}-{n:02d}.pdf", lang=lang, today=today,
                                 chromium=chromium)
            print(json.dumps({"lang": lang, "chapter": n, "path": str(path),
                              "seconds": round(time.monotonic() - start, 2)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
