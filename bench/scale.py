"""Scale: N dated points in one exported map against folium's own time plugins on the same rows, in one run.

    python bench/scale.py                          # N = 1,000, 10,000, 100,000 and 1,000,000 (if memory allows)
    python bench/scale.py --sizes 1000,100000 --steps 24 --timeout 300 --json scale.json

For each N: the CSV (with a few broken rows) goes through ``python -m geo export --format html --add-layer``; folium's
``TimestampedGeoJson`` and ``Timeline`` + ``TimelineSlider`` get the same good rows (``bench/scale_data.py``). Each
file is opened from disk in a fresh headless Chromium, in a child process with a time limit (``bench/scale_page.py``:
first paint, one-month steps, what each step shows, JS heap), every outside request blocked and counted. A peer that
cannot finish in the limit is reported as such. Prints one Markdown table with the load average at the start and at
the end, the ratios peer / ours, and our budget at 100,000 (step median <= 16 ms, first paint <= 2 s, file <= 4 MB).
Exit 0 even when a budget fails; 1 when the benchmark itself broke.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scale_data import (  # noqa: E402
    REPO, VIEW, bad_rows_in, iso, make_rows, step_days, write_json, write_ours, write_peer,
)

APPROACHES = {"ours": "ours (canvas, time index)", "timestamped": "folium TimestampedGeoJson",
              "timeline": "folium Timeline + TimelineSlider"}
BUDGET = {"step_ms": 16.0, "paint_ms": 2000.0, "file_mb": 4.0, "n": 100_000}


@dataclass
class Result:
    approach: str
    n: int
    file_bytes: int = 0
    build_s: float = 0.0
    paint_ms: float | None = None
    steps_ms: list[float] = field(default_factory=list)
    agree: str = "–"
    heap_mb: float | None = None
    outside: int = 0
    note: str = ""


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def mem_available_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 2**20
    return math.inf


def pct(xs: list[float], q: float) -> float | None:
    if not xs:
        return None
    ordered = sorted(xs)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def run_page(approach: str, path: Path, plan: Path, timeout: float) -> dict[str, Any] | str:
    """The child's numbers, or why there are none."""
    try:
        done = subprocess.run([sys.executable, "-m", "bench.scale_page", approach, str(path), str(plan)], cwd=REPO,
                              capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"did not finish in {timeout:.0f} s"
    if done.returncode != 0:
        return "failed: " + " ".join(done.stderr.strip().splitlines()[-1:])[:200]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def one_size(n: int, args: argparse.Namespace, folder: Path) -> list[Result]:
    rows, csv = make_rows(n)
    days = step_days(args.steps)
    csv_path = folder / f"incidents-{n}.csv"
    csv_path.write_bytes(csv)
    plan = folder / f"plan-{n}.json"
    write_json(plan, {"steps": [{"iso": iso(d), "ms": d * 86_400_000} for d in days], "view": list(VIEW)})
    expected = [rows.active(d) for d in days[1:]]
    results = []
    for approach in APPROACHES:
        result = Result(approach, n)
        results.append(result)
        path = folder / f"{approach}-{n}.html"
        try:
            if approach == "ours":
                result.build_s, stderr = write_ours(csv_path, path, days[0])
                reported = sorted({int(line.split(":")[1]) for line in stderr.splitlines()
                                   if line.startswith(str(csv_path) + ":") and line.split(":")[1].isdigit()})
                if reported != bad_rows_in(n):
                    result.note = f"bad rows reported {reported}, expected {bad_rows_in(n)}; "
            else:
                result.build_s = write_peer(rows, approach, path, days[0])
        except (MemoryError, RuntimeError, subprocess.TimeoutExpired) as exc:
            result.note += f"could not be built: {str(exc)[:160]}"
            continue
        result.file_bytes = path.stat().st_size
        got = run_page(approach, path, plan, args.timeout)
        if isinstance(got, str):
            result.note += got
            continue
        result.paint_ms = got["paint_ms"]
        result.steps_ms = [ms for ms, _, _ in got["steps"]]
        shown = [count for _, count, _ in got["steps"]]
        paints = [p for _, _, p in got["steps"] if p is not None]
        if paints:
            result.note += f"canvas paint {statistics.median(paints):.1f} ms (median) of the step; "
        wrong = sum(a != b for a, b in zip(shown, expected, strict=True))
        result.agree = "all" if wrong == 0 else f"{wrong} of {len(expected)} differ"
        result.heap_mb = got["heap_bytes"] / 2**20 if got["heap_bytes"] else None
        result.outside = len(got["outside"])
        if got["page_errors"]:
            result.note += "page errors: " + "; ".join(got["page_errors"])[:160]
        if not args.keep:
            path.unlink()
    changes = [rows.changes(a, b) for a, b in zip(days, days[1:], strict=False)]
    results[0].note = (results[0].note + f"per step: median {statistics.median(expected):,.0f} on the map, "
                       f"{statistics.median(changes):,.0f} enter or leave")
    return results


def fmt(x: float | None, spec: str = ".1f") -> str:
    return "–" if x is None else f"{x:{spec}}"


def ratio(peer: float | None, ours: float | None) -> str:
    return "–" if not peer or not ours else f"{peer / ours:.1f}×"


def table(results: list[Result], header: list[str]) -> str:
    lines = [*header, "",
             "| N | map | file MB | build s | first paint ms | step median ms | step p90 ms | shows the rule's rows | "
             "JS heap MB | outside requests | note |",
             "|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---|"]
    for r in results:
        lines.append(f"| {r.n:,} | {APPROACHES[r.approach]} | {fmt(r.file_bytes / 2**20 if r.file_bytes else None, '.2f')} | "
                     f"{fmt(r.build_s, '.1f')} | {fmt(r.paint_ms, '.0f')} | {fmt(statistics.median(r.steps_ms) if r.steps_ms else None)} | "
                     f"{fmt(pct(r.steps_ms, 90))} | {r.agree} | {fmt(r.heap_mb, '.0f')} | {r.outside} | {r.note} |")
    lines += ["", "| N | peer | step median: peer / ours | first paint: peer / ours | file: peer / ours | JS heap: peer / ours |",
              "|---:|---|---:|---:|---:|---:|"]
    by = {(r.n, r.approach): r for r in results}
    for n in sorted({r.n for r in results}):
        ours = by[(n, "ours")]
        for peer in ("timestamped", "timeline"):
            p = by[(n, peer)]
            med = lambda r: statistics.median(r.steps_ms) if r.steps_ms else None  # noqa: E731
            lines.append(f"| {n:,} | {APPROACHES[peer]} | {ratio(med(p), med(ours)) if p.steps_ms else p.note or '–'} | "
                         f"{ratio(p.paint_ms, ours.paint_ms)} | {ratio(p.file_bytes, ours.file_bytes)} | "
                         f"{ratio(p.heap_mb, ours.heap_mb)} |")
    ours = by.get((BUDGET["n"], "ours"))
    if ours and ours.steps_ms:
        checks = [("step median", statistics.median(ours.steps_ms), BUDGET["step_ms"], "ms"),
                  ("first paint", ours.paint_ms, BUDGET["paint_ms"], "ms"),
                  ("file", ours.file_bytes / 2**20, BUDGET["file_mb"], "MB")]
        lines += ["", f"Budget at N = {BUDGET['n']:,} (ours): " + "; ".join(
            f"{name} {fmt(value)} {unit} (≤ {limit:g}: {'PASS' if value is not None and value <= limit else 'FAIL'})"
            for name, value, limit, unit in checks) + f"; JS heap {fmt(ours.heap_mb, '.0f')} MB (stated)."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--steps", type=int, default=24, help="one-month steps per map (default 24)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds a map may take in the browser")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--keep", type=Path, help="keep the files in this folder")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    started, load_start = time.time(), load()
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True, check=False).stdout
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="scale-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            if n >= 1_000_000 and mem_available_gib() < 12:
                print(f"skipping N = {n:,}: {mem_available_gib():.1f} GiB available", file=sys.stderr)
                continue
            print(f"N = {n:,} ...", file=sys.stderr, flush=True)
            results += one_size(n, args, folder)
    header = [f"# Scale: {', '.join(f'{n:,}' for n in sizes)} dated points, one exported map, "
              f"{args.steps} one-month steps from 1 December 2009",
              "", f"Load average at the start: {load_start}; at the end: {load()}; {time.time() - started:.0f} s in all.",
              f"{chromium.strip()}, headless, 1280 x 800, every request leaving the machine blocked; the peers with "
              "folium's prefer_canvas=True (their fastest renderer), assets inlined from folium-offline; one run each."]
    print(table(results, header))
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
