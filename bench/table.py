"""The performance table: medians and percentiles, the machine, and the Markdown report with budgets and verdicts."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.metadata
import math
import os
import platform
import statistics
from collections.abc import Sequence
from pathlib import Path

from bench.exported import ExportResult
from bench.plan import APPROACHES, BUDGET, FG, FLOOR, NAIVE, OURS
from bench.sessions import Session


def median(xs: Sequence[float]) -> float | None:
    return statistics.median(xs) if xs else None


def pct(xs: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100)."""
    if not xs:
        return None
    ordered = sorted(xs)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def fmt(x: float | None, spec: str = ".1f", unit: str = "") -> str:
    return "–" if x is None else f"{x:{spec}}{unit}"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "**FAIL**")


def machine() -> list[str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = []
    for name in ("streamlit", "folium", "streamlit-folium", "branca", "playwright", "folium-offline"):
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return [f"nproc {os.cpu_count()}, {cpu}, {platform.system()} {platform.release()}",
            f"Python {platform.python_version()}; " + ", ".join(versions)]


def report(sessions: list[Session], export: ExportResult, *, chromium: str, runs: int, elapsed: float,
           load: tuple[float, float]) -> str:
    by = {a: [s for s in sessions if s.approach == a] for a in APPROACHES}

    def pooled(a: str, attr: str) -> list[float]:
        return [x for s in by[a] for x in getattr(s, attr)]

    def total(a: str, attr: str) -> int:
        return sum(getattr(s, attr) for s in by[a])

    fp = {a: [s.first_paint_s for s in by[a] if s.first_paint_s is not None] for a in APPROACHES}
    step = {a: pooled(a, "steps_ms") for a in APPROACHES}
    med = {a: median(step[a]) for a in APPROACHES}
    lines: list[str] = []
    add = lines.append
    add(f"# Performance: presence map vs streamlit-folium peers ({dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z})")
    add("")
    for line in machine():
        add(f"- {line}")
    add(f"- Chromium {chromium} (Debian, headless); {runs} run(s) per app, fresh server + fresh context each; "
        f"whole benchmark {elapsed:.0f} s")
    add(f"- load average (1 min) at start / end: {load[0]:.2f} / {load[1]:.2f} (anything else running on the machine "
        "shows here and slows every number)")
    add("")
    add("| metric | ours | naive | feature_group_to_add | budget (ours) | verdict |")
    add("|---|---|---|---|---|---|")

    def row(name: str, cells: dict[str, str], budget: str = "", ok: bool | None = None) -> None:
        add(f"| {name} | {cells.get(OURS, '–')} | {cells.get(NAIVE, '–')} | {cells.get(FG, '–')} | {budget} | "
            f"{verdict(ok) if budget else ''} |")

    def spread(xs: list[float], spec: str, unit: str) -> str:
        if not xs:
            return "–"
        return f"{fmt(median(xs), spec)}{unit} ({fmt(min(xs), spec)}–{fmt(max(xs), spec)})"

    row("server start → first map painted, median (min–max)", {a: spread(fp[a], ".2f", " s") for a in APPROACHES},
        f"≤ {BUDGET['first_paint_s']} s", None if not fp[OURS] else median(fp[OURS]) <= BUDGET["first_paint_s"])
    floor = [s.first_paint_s for s in sessions if s.approach == FLOOR and s.first_paint_s is not None]
    row("… Streamlit's own floor: a blank app (title + slider), server start → &lt;h1&gt; painted",
        {OURS: spread(floor, ".2f", " s")})
    row("slider step → map repainted, median (ms)", {a: fmt(med[a], ".1f") for a in APPROACHES},
        f"≤ {BUDGET['step_ms']:.0f} ms", None if med[OURS] is None else med[OURS] <= BUDGET["step_ms"])
    row("… p90 / max (ms)", {a: f"{fmt(pct(step[a], 90), '.1f')} / {fmt(max(step[a]) if step[a] else None, '.1f')}"
                             for a in APPROACHES})
    row("… steps measured (missed)", {a: f"{len(step[a])} ({total(a, 'steps_missed')})" for a in APPROACHES})
    kept = {a: (total(a, "zoom_kept"), total(a, "zoom_checked")) for a in APPROACHES}
    row("zoom/pan kept (zoom 9 on Stepanakert)", {a: f"{k}/{n}" for a, (k, n) in kept.items()}, "every step",
        None if not kept[OURS][1] else kept[OURS][0] == kept[OURS][1] == total(OURS, "steps_tried"))
    req = {a: total(a, "http_during_steps") / max(1, total(a, "steps_tried")) for a in APPROACHES}
    row("HTTP requests per step", {a: fmt(req[a], ".2f") for a in APPROACHES}, "0",
        None if not by[OURS] else req[OURS] == 0)
    row("WebSocket frames sent inside repaint windows (per step)",
        {a: fmt(total(a, "ws_sent_in_windows") / max(1, len(step[a])), ".2f") for a in APPROACHES}, "0",
        None if not step[OURS] else total(OURS, "ws_sent_in_windows") == 0)
    row("WebSocket frames sent during the stepping (≈ reruns asked for), per step",
        {a: fmt(total(a, "ws_sent_during_steps") / max(1, total(a, "steps_tried")), ".2f") for a in APPROACHES})
    pan = pooled(OURS, "panels_ms")
    missed = total(OURS, "panels_missed")
    row(f"panels catch up after release (&lt;h3&gt; date), median (ms), n={len(pan)}"
        + (f", {missed} missed" if missed else ""), {OURS: fmt(median(pan), '.0f')},
        f"≤ {BUDGET['panels_ms']:.0f} ms", None if not pan else (median(pan) <= BUDGET["panels_ms"] and not missed))
    row("… max (ms)", {OURS: fmt(max(pan) if pan else None, '.0f')}, f"≤ {BUDGET['panels_ms']:.0f} ms",
        None if not pan else max(pan) <= BUDGET["panels_ms"])
    row("outside requests: answered from folium-offline / blocked",
        {a: f"{total(a, 'outside_fulfilled')} / {sum(len(s.outside_blocked) for s in by[a])}" for a in APPROACHES},
        "0 / 0", None if not by[OURS] else (total(OURS, "outside_fulfilled") == 0
                                          and not any(s.outside_blocked for s in by[OURS])))
    add("")
    add("| ratio (medians) | value | budget | verdict |")
    add("|---|---|---|---|")
    for peer in (FG, NAIVE):
        r = med[peer] / med[OURS] if med[peer] and med[OURS] else None
        budget = f"≥ {BUDGET['step_ratio_fg']:.0f}×" if peer == FG else ""
        ok = None if r is None else r >= BUDGET["step_ratio_fg"]
        add(f"| step: {peer} / ours | {fmt(r, '.1f', '×')} | {budget} | {verdict(ok) if budget else ''} |")
    for peer in (FG, NAIVE):
        r = median(fp[peer]) / median(fp[OURS]) if fp[peer] and fp[OURS] else None
        add(f"| first paint: {peer} / ours | {fmt(r, '.2f', '×')} | | |")
    add("")
    add("| exported HTML (`python -m geo export --format html`) | value | budget | verdict |")
    add("|---|---|---|---|")
    kb = export.path_bytes / 1000
    ratio = export.path_bytes / export.folium_inlined_bytes if export.folium_inlined_bytes else None
    add(f"| size of our file | {export.path_bytes:,} B ({kb:.0f} KB) | ≤ {BUDGET['export_kb']:.0f} KB | "
        f"{verdict(kb <= BUDGET['export_kb'])} |")
    add(f"| folium `map.save()`, same data, assets inlined (with CDN links: {export.folium_cdn_bytes:,} B) | "
        f"{export.folium_inlined_bytes:,} B | | |")
    add(f"| ours / folium's | {fmt(None if ratio is None else ratio * 100, '.1f', ' %')} | "
        f"< {BUDGET['export_ratio'] * 100:.0f} % | "
        f"{verdict(None if ratio is None else ratio < BUDGET['export_ratio'])} |")
    epaint = export.first_paint_ms
    add(f"| file:// navigation start → first map painted, median (min–max), {len(epaint)} runs | "
        f"{spread(epaint, '.0f', ' ms')} | ≤ {BUDGET['export_paint_ms']:.0f} ms | "
        f"{verdict(None if not epaint else median(epaint) <= BUDGET['export_paint_ms'])} |")
    dcl = export.dom_content_loaded_ms
    add(f"| … of which navigation start → DOMContentLoaded (parsing the file, Leaflet, presence.js), median | "
        f"{fmt(median(dcl), '.0f', ' ms')} | | |")
    est = export.steps_ms
    add(f"| file:// slider step, median / p90 / max (ms), n={len(est)}"
        + (f", {export.steps_missed} missed" if export.steps_missed else "")
        + f" | {fmt(median(est))} / {fmt(pct(est, 90))} / {fmt(max(est) if est else None)} | "
        f"≤ {BUDGET['export_step_ms']:.0f} ms | "
        f"{verdict(None if not est else median(est) <= BUDGET['export_step_ms'])} |")
    add(f"| file:// requests leaving the machine (blocked) | {len(export.outside_blocked)} | 0 | "
        f"{verdict(not export.outside_blocked)} |")
    add("")
    visible = sorted(set(pooled(OURS, "visible_counts")))
    if visible:
        add(f"Features on our map during the stepping: {visible[0]}–{visible[-1]} "
            f"({len(visible)} distinct counts), so the steps do add and remove features.")
    problems = [f"- {s.approach} run {s.run}: {s.error}" for s in sessions if s.error]
    problems += [f"- {s.approach} run {s.run}: blocked {u}" for s in sessions for u in s.outside_blocked[:3]]
    problems += [f"- {s.approach} run {s.run}: page error {e[:160]}" for s in sessions for e in s.page_errors[:3]]
    problems += [f"- {s.approach} run {s.run}: console error {e[:160]}" for s in sessions for e in s.console_errors[:3]]
    problems += [f"- export: {e}" for e in ([export.error] if export.error else [])]
    problems += [f"- export: page error {e[:160]}" for e in export.page_errors[:3]]
    if problems:
        add("")
        add("Problems seen:")
        lines.extend(problems)
    return "\n".join(lines)

