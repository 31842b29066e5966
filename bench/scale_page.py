"""One map file in headless Chromium, for ``bench/scale.py``: opened from disk with every outside request blocked;
first paint, one-month slider steps, what each step shows, and the JS heap. Run as a child process (so a peer that
takes too long is killed, and its memory goes with it)::

    python -m bench.scale_page APPROACH FILE.html STEPS.json  → one JSON line on stdout

Times are taken in the page (``performance.now()``, ms since the navigation started):

* **first paint**: the first frame in which features are drawn, seen after that frame's work is done (a message
  posted from its ``requestAnimationFrame`` callback). Ours: a user layer reports ``drawn > 0``; folium's (canvas
  renderer, ``prefer_canvas=True``): the map's ``L.Canvas`` has layers and no redraw pending.
* **step**: t0 just before the step is asked for (ours ``presenceMap.setDate``; TimestampedGeoJson
  ``map.timeDimension.setCurrentTime``; Timeline ``TimelineSliderControl.setTime``, what their sliders call), t1 when
  the next frame's work is done (as above): the step's own work plus its drawing, whatever the plugin defers to the
  frame. Between steps 30 ms of quiet plus 0–16.7 ms more, spread evenly over the steps (the golden-ratio sequence):
  a reader's input comes at any moment of the 60 Hz frame, and a fixed pause would start every step at one moment of
  it (the time to the next frame then depends on the length of the step before, not on the step).
* **shown**: the features on the map after the step (ours: the layer's count; TimestampedGeoJson: its current
  layer's; Timeline: its layers), compared by the parent with what the rule makes active.
* **heap**: CDP ``Performance.getMetrics`` ``JSHeapUsedSize`` after a forced garbage collection, after the steps.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from tests.browser.harness import Guard, launch

FRAME_DONE = "() => new Promise(r => requestAnimationFrame(() => { const c = new MessageChannel(); " \
             "c.port1.onmessage = r; c.port2.postMessage(0); }))"
FIND = """
  window.__scaleMap = () => Object.values(window).find(v => v && window.L && v instanceof window.L.Map);
  window.__scaleTD = () => Object.values(window).find(v => v && v._baseLayer && '_currentLayer' in v);
  window.__scaleTL = () => Object.values(window).find(v => v && window.L && window.L.Timeline && v instanceof window.L.Timeline);
  window.__scaleCtl = () => Object.values(window).find(v => v && window.L && window.L.TimelineSliderControl &&
    v instanceof window.L.TimelineSliderControl);
  window.__scaleCanvasDrawn = () => { const m = window.__scaleMap(); const r = m && m._renderer;
    return !!(r && r._drawFirst && !r._redrawRequest); };
"""
PREDICATES = {
    "ours": "() => !!(window.presenceMap && presenceMap.getUserLayers && presenceMap.getUserLayers().some(l => l.drawn > 0))",
    "timestamped": "() => window.__scaleCanvasDrawn()",
    "timeline": "() => window.__scaleCanvasDrawn()",
}
PROBE = FIND + """
  window.__scale = { paint: null };
  (function loop() {
    requestAnimationFrame(() => {
      const c = new MessageChannel();
      c.port1.onmessage = () => {
        try { if (window.__scalePredicate()) window.__scale.paint = performance.now(); } catch (e) { /* not yet */ }
        if (window.__scale.paint === null) loop();
      };
      c.port2.postMessage(0);
    });
  })();
"""
STEP = {
    "ours": "(t) => presenceMap.setDate(t.iso)",
    "timestamped": "(t) => window.__scaleMap().timeDimension.setCurrentTime(t.ms)",
    "timeline": "(t) => window.__scaleCtl().setTime(t.ms)",
}
SHOWN = {
    "ours": "() => presenceMap.getUserLayers()[0].active",
    "timestamped": "() => { const l = window.__scaleTD(); return l._currentLayer ? l._currentLayer.getLayers().length : 0; }",
    "timeline": "() => window.__scaleTL().getLayers().length",
}
STEPS_JS = """async ([steps, step, shown, paint]) => {
  const doStep = eval(step); const count = eval(shown); const own = eval(paint);
  const frameDone = () => new Promise(r => requestAnimationFrame(() => { const c = new MessageChannel();
    c.port1.onmessage = r; c.port2.postMessage(0); }));
  const out = [];
  let k = 0;
  for (const t of steps) {
    k += 1;
    await new Promise(r => setTimeout(r, 30 + 16.7 * ((k * 0.6180339887) % 1)));
    const t0 = performance.now();
    doStep(t);
    await frameDone();
    out.push([performance.now() - t0, count(), own()]);
  }
  return out;
}"""
#: Our canvas's own paint time in the step (null for the peers: their drawing is inside the step's time).
PAINT = {
    "ours": "() => presenceMap.getUserLayers()[0].paintMs",
    "timestamped": "() => null",
    "timeline": "() => null",
}
SET_VIEW = """([lat, lon, zoom]) => { window.__scaleMap().setView([lat, lon], zoom, {animate: false}); }"""


def measure(approach: str, path: Path, steps: list[dict[str, Any]], view: list[float]) -> dict[str, Any]:
    """Open ``path`` and take the numbers (see the module docstring)."""
    guard = Guard()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.route("**/*", guard.route)
        context.add_init_script(f"window.__scalePredicate = {PREDICATES[approach]};" + PROBE)
        page = context.new_page()
        page.on("pageerror", lambda exc: guard.page_errors.append(str(exc)))
        page.set_default_timeout(0)  # the parent's time limit kills this process instead
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        page.goto(path.as_uri() + (f"#date={steps[0]['iso']}" if approach == "ours" else ""), wait_until="commit")
        page.wait_for_function("() => window.__scale && window.__scale.paint !== null", polling=100)
        paint = page.evaluate("() => window.__scale.paint")
        if approach == "ours":
            page.wait_for_function("() => window.presenceMap && presenceMap.ready", polling=100)
        page.evaluate(SET_VIEW, view)
        if approach == "timestamped":  # the step days must be available times, or setCurrentTime snaps elsewhere
            page.evaluate("(ts) => { window.__scaleMap().timeDimension.setAvailableTimes(ts, 'union'); }",
                          [s["ms"] for s in steps])
        page.evaluate(f"(t) => {{ ({STEP[approach]})(t); }}", steps[0])
        page.evaluate(FRAME_DONE)
        samples = page.evaluate(STEPS_JS, [steps[1:], STEP[approach], SHOWN[approach], PAINT[approach]])
        cdp.send("HeapProfiler.enable")
        cdp.send("HeapProfiler.collectGarbage")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        browser.close()
    return {"paint_ms": paint, "steps": samples, "heap_bytes": metrics.get("JSHeapUsedSize"),
            "outside": guard.outside, "page_errors": guard.page_errors[:5]}


def main() -> int:
    approach, path, steps_file = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    plan = json.loads(steps_file.read_text(encoding="utf-8"))
    print(json.dumps(measure(approach, path, plan["steps"], plan["view"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
