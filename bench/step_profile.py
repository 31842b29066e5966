"""Where a slider step's time goes at N user points: thread CPU per step, by phase, from a Chromium trace.

    python bench/step_profile.py                      # N = 100,000, 20 one-month steps
    python bench/step_profile.py --n 10000 --steps 30 --keep /tmp/prof

Builds the same export as ``bench/scale.py`` (``geo export --add-layer``, the rows of ``bench/scale_data.py``), opens
it in headless Chromium (every outside request blocked), sets the benchmark's view, warms up with 5 steps, then
records a ``devtools.timeline`` trace of the steps (each: ``presenceMap.setDate``, then the next frame, then 30–47 ms of
quiet, as ``bench/scale_page.py`` does). Prints the wall-clock step median (noisy on a shared machine) and, per step,
the *thread CPU* time (``tdur``: what the load does not inflate) of the renderer's main thread by phase (animation
frame callbacks = our canvas paint; timers; style and layout; pre-paint; paint; commit) and of the compositor (viz).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scale_data import VIEW, iso, make_rows, step_days, write_ours
from bench.scale_page import FIND, FRAME_DONE, SET_VIEW

STEPS_JS = """async (steps) => {
  const frameDone = () => new Promise(r => requestAnimationFrame(() => { const c = new MessageChannel();
    c.port1.onmessage = r; c.port2.postMessage(0); }));
  const out = [];
  let k = 0;
  for (const day of steps) {
    k += 1;
    await new Promise(r => setTimeout(r, 30 + 16.7 * ((k * 0.6180339887) % 1)));  // as bench/scale_page.py
    const t0 = performance.now();
    presenceMap.setDate(day);
    const t1 = performance.now();
    await frameDone();
    out.push([performance.now() - t0, t1 - t0, presenceMap.getUserLayers()[0].paintMs]);
  }
  return out;
}"""
#: The trace categories that hold the events of PHASES (with thread CPU times).
CATEGORIES = ("toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "blink", "cc", "viz")
#: (thread, trace event name, what it is) for the table.
PHASES = (
    ("CrRendererMain", "RunTask", "main thread, all tasks"),
    ("CrRendererMain", "FireAnimationFrame", "  animation frame callbacks (the canvas paint)"),
    ("CrRendererMain", "TimerFire", "  timers (setDate in the pause's timer, debounced listeners)"),
    ("CrRendererMain", "LocalFrameView::UpdateStyleAndLayout", "  style and layout"),
    ("CrRendererMain", "PrePaint", "  pre-paint"),
    ("CrRendererMain", "Paint", "  paint"),
    ("CrRendererMain", "Commit", "  commit to the compositor"),
    ("VizCompositorThread", "Display::DrawAndSwap", "compositor: drawing the frame (software)"),
)


def median(xs: list[float]) -> float:
    ordered = sorted(xs)
    return ordered[len(ordered) // 2]


def profile(html: Path, days: list[int], trace: Path) -> list[list[float]]:
    """Opens ``html``, warms up, traces ``days[6:]`` as steps; returns [[step ms, setDate ms, paint ms], ...]."""
    from playwright.sync_api import sync_playwright

    from tests.browser.harness import Guard, launch

    guard = Guard()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.route("**/*", guard.route)
        page = context.new_page()
        page.set_default_timeout(0)
        page.goto(html.as_uri() + f"#date={iso(days[0])}")
        page.wait_for_function("() => window.presenceMap && presenceMap.ready", polling=100)
        page.evaluate("() => {" + FIND + "}")
        page.evaluate(SET_VIEW, list(VIEW))
        page.evaluate("(d) => presenceMap.setDate(d)", iso(days[0]))
        page.evaluate(FRAME_DONE)
        page.evaluate(STEPS_JS, [iso(d) for d in days[1:6]])
        browser.start_tracing(page=page, path=str(trace), categories=list(CATEGORIES))
        samples: list[list[float]] = page.evaluate(STEPS_JS, [iso(d) for d in days[6:]])
        browser.stop_tracing()
        browser.close()
    if guard.outside or guard.page_errors:
        raise RuntimeError(f"outside requests {guard.outside}, page errors {guard.page_errors}")
    return samples


def cpu_by_phase(trace: Path) -> dict[str, Counter[str]]:
    """Thread CPU (ms) summed by thread name and event name over the trace's complete events."""
    data = json.loads(trace.read_text(encoding="utf-8"))
    events = data["traceEvents"] if isinstance(data, dict) else data
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"}
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for e in events:
        if e.get("ph") == "X" and "dur" in e:
            out[names.get((e["pid"], e["tid"]), "?")][e["name"]] += e.get("tdur", e["dur"]) / 1000
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--keep", type=Path, default=None, help="keep the files in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        _, csv = make_rows(args.n)
        (folder / "rows.csv").write_bytes(csv)
        days = step_days(args.steps + 5)  # day 0, 5 warm-up steps, then the traced steps
        write_ours(folder / "rows.csv", folder / "ours.html", days[0])
        load_before = os.getloadavg()[0]
        samples = profile(folder / "ours.html", days, folder / "trace.json")
        cpu = cpu_by_phase(folder / "trace.json")
    n = len(samples)
    print(f"N = {args.n:,}, {n} steps; load {load_before:.2f} → {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} cores")
    print(f"wall clock, median: step {median([s[0] for s in samples]):.1f} ms, setDate itself "
          f"{median([s[1] for s in samples]):.1f} ms, canvas paint {median([s[2] for s in samples]):.1f} ms")
    print("thread CPU per step (ms):")
    for thread, event, label in PHASES:
        print(f"  {cpu[thread][event] / n:7.2f}  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
