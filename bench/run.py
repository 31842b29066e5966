"""The performance table: our map vs two streamlit-folium peers, and the exported HTML file, in one run.

Usage (from the repository root, with the project's venv)::

    python bench/run.py              # 5 runs per app (fresh server + fresh browser context each), ~3-4 min
    python bench/run.py --quick      # 1 run, 8 slider steps, 10 panel updates
    python bench/run.py --runs 3 --json results.json

Method (``bench/README.md`` has the details): headless Debian Chromium through ``tests/browser/harness.py``, every
request leaving the machine blocked and recorded (the peers' CDN files are answered from the ``folium-offline`` table
and counted). Every time is taken inside the browser (``performance.timeOrigin + performance.now()``, the machine's
clock) by a probe installed in every frame with ``context.add_init_script``; Python only starts things and reads the
numbers back. Exit status 0 even when a budget fails (the table says FAIL), 1 when the benchmark itself crashed.

The pieces: ``plan.py`` (approaches, budgets, schedule), ``probes.py`` + ``probe.js`` (what runs in the browser),
``sessions.py`` (one app session: ours or a peer from ``peers/``), ``exported.py`` (the exported file), ``table.py``
(the report).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.exported import ExportResult, folium_inlined, measure_export  # noqa: E402
from bench.plan import APPROACHES, FLOOR, START, plan  # noqa: E402
from bench.sessions import Session, run_session  # noqa: E402
from bench.table import report  # noqa: E402
from geo.config import Settings  # noqa: E402
from geo.io import load_catalog  # noqa: E402
from tests.browser.harness import launch  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh server + context per app, each (default 5)")
    parser.add_argument("--steps", type=int, default=32, help="slider steps per app over all runs (default 32)")
    parser.add_argument("--panels", type=int, default=12, help="panel updates over all runs (default 12, ≥10)")
    parser.add_argument("--quick", action="store_true", help="1 run, 8 steps, 10 panel updates")
    parser.add_argument("--json", type=Path, help="also write the raw samples here")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.steps, args.panels = 1, 8, 10
    if args.runs < 1 or args.steps < 1 or args.panels < 1:
        parser.error("--runs, --steps and --panels must be ≥ 1")

    try:
        from offlinefolium.elements import _res as cdn_table
    except ImportError:
        print("folium-offline is missing: pip install folium-offline==0.20.0.2", file=sys.stderr)
        return 1
    table = {url: text for url, text in cdn_table.items() if isinstance(text, str)}

    began = time.monotonic()
    load_start = os.getloadavg()[0]
    crashed = False
    work = Path(tempfile.mkdtemp(prefix="presence-bench-"))
    try:
        settings = Settings()
        catalog = load_catalog(settings).catalog
        server_tmp = work / "tmp"
        server_tmp.mkdir()
        schedule = plan(catalog, args.runs, args.steps, args.panels, settings.today)
        export_path = work / "map.html"
        done = subprocess.run([sys.executable, "-m", "geo", "export", "--format", "html", "--output", str(export_path)],
                              cwd=REPO, timeout=120, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"python -m geo export failed ({done.returncode}): {done.stderr[-2000:]}")
        export = ExportResult()
        try:
            export.folium_cdn_bytes, export.folium_inlined_bytes = folium_inlined(catalog, table, work)
        except Exception as exc:
            export.error = f"folium map.save(): {type(exc).__name__}: {exc}"
            crashed = True
        sessions: list[Session] = []
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                chromium = browser.version
                for r, item in enumerate(schedule):
                    cycle = (*APPROACHES, FLOOR)
                    order = cycle[r % 4:] + cycle[:r % 4]  # rotate, so no app is always first
                    for approach in order:
                        t = time.monotonic()
                        sessions.append(run_session(browser, approach, r, step_dates=item["dates"],
                                                    peer_days=item["days"], panel_days=item["panels"], table=table,
                                                    tmp=server_tmp))
                        print(f"run {r + 1}/{args.runs}: {approach}: {time.monotonic() - t:.1f} s"
                              + (f" ({sessions[-1].error})" if sessions[-1].error else ""), file=sys.stderr, flush=True)
                print("exported file …", file=sys.stderr, flush=True)
                all_dates = [START.replace(year=START.year + i) for i in range(len(
                    [d for item in schedule for d in item["dates"][1:]]) + 1)]
                try:
                    measured = measure_export(browser, export_path, runs=args.runs, dates=all_dates)
                    measured.path_bytes = export_path.stat().st_size
                    measured.folium_cdn_bytes, measured.folium_inlined_bytes = (export.folium_cdn_bytes,
                                                                               export.folium_inlined_bytes)
                    measured.error = export.error
                    export = measured
                except Exception as exc:
                    export.path_bytes = export_path.stat().st_size
                    export.error = f"{type(exc).__name__}: {exc}"
                    traceback.print_exc(file=sys.stderr)
                    crashed = True
            finally:
                browser.close()
        crashed = crashed or any(s.error for s in sessions)
        print(report(sessions, export, chromium=chromium, runs=args.runs, elapsed=time.monotonic() - began,
                     load=(load_start, os.getloadavg()[0])))
        if args.json:
            args.json.write_text(json.dumps({"sessions": [asdict(s) for s in sessions], "export": asdict(export)},
                                            indent=1), encoding="utf-8")
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
