"""Rewrite layer files so every polygon is wound as RFC 7946 wants: exterior rings counter-clockwise, holes clockwise.

Usage: ``python scripts/rewind_layers.py [LAYERS_DIR]`` (default: ``layers/``). Only the order of the positions of a
wrongly wound ring changes (it is reversed; the numbers stay exactly as written). A file is written back (atomically)
in the layers' own format, JSON indented by 2 with UTF-8 text, and only when one of its rings changed. The loader
already rewinds on load and ``python -m geo validate`` reports such rings as ``winding``; this fixes the files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.atomic import write_text  # noqa: E402
from geo.winding import rewind_raw, wrong_rings  # noqa: E402


def rewind_file(path: Path) -> int:
    """Rewind the rings of one FeatureCollection file; return the number of features changed (0: not rewritten)."""
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    changed = 0
    for feature in data.get("features", []) if isinstance(data, dict) else []:
        if isinstance(feature, dict) and wrong_rings(feature.get("geometry")):
            feature["geometry"] = rewind_raw(feature["geometry"])
            changed += 1
    if changed:
        same_format = json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n" == text
        write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        note = "" if same_format else " (the file was not in the layers' format: it is now indented by 2)"
        print(f"{path}: {changed} feature(s) rewound{note}")
    return changed


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else REPO / "layers"
    files = sorted(folder.glob("*.geojson"))
    if not files:
        print(f"no .geojson files in {folder}", file=sys.stderr)
        return 1
    total = sum(rewind_file(path) for path in files)
    print(f"{total} feature(s) rewound in {len(files)} file(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
