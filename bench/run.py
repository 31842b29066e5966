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
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from playwright.sync_api import Browser, Frame, Page, Route, sync_playwright  # noqa: E402

from geo.config import Settings  # noqa: E402
from geo.i18n import date_words  # noqa: E402
from geo.io import load_catalog  # noqa: E402
from geo.model import Catalog  # noqa: E402
from geo.temporal import day_number  # noqa: E402
from tests.browser.harness import AppServer, Guard, is_local, launch, map_frame, start_app, stop_app  # noqa: E402

OURS, NAIVE, FG, FLOOR = "ours", "naive", "feature_group_to_add", "streamlit_floor"
APPROACHES = (OURS, NAIVE, FG)
# Streamlit's own startup floor on this machine: the same server start → first <h1> painted, for a blank app
FLOOR_APP = 'import streamlit as st\n\nst.title("blank")\nst.slider("x", 0, 10, 5)\n'
SCRIPTS = {OURS: REPO / "app.py", NAIVE: REPO / "bench/peers/naive_app.py",
           FG: REPO / "bench/peers/feature_group_app.py"}
START = dt.date(1993, 3, 1)  # the stepping starts here: features change from year to year
PEER_STEP_DAYS = 365
VIEW = (39.82, 46.75, 9)  # Stepanakert, zoom 9: the reader's view that must survive every step
VIEWPORT = {"width": 1280, "height": 900}
PEER_SLIDER = '[data-testid="stSlider"] input[type=range], [data-testid="stSlider"] [role=slider]'

BUDGET = {
    "step_ms": 16.0, "step_ratio_fg": 8.0, "first_paint_s": 2.5, "panels_ms": 300.0,
    "export_kb": 500.0, "export_ratio": 0.40, "export_paint_ms": 300.0, "export_step_ms": 16.0,
}

# Installed in every frame (context.add_init_script). All times are performance.timeOrigin + performance.now():
# epoch milliseconds on the machine's clock, comparable across frames and with Python's time.time() * 1000.
# A component iframe starts as about:blank and then navigates to a same-origin URL; Chromium reuses the Window for the
# new document and does NOT run init scripts in it (only in the about:blank one; rAF callbacks and document listeners
# die with that document, timers and window listeners survive). So the about:blank probe polls with a timer until the
# document is swapped and then installs itself into the new document, long before any map is drawn there.
PROBE_JS = r"""
(() => {
  const install = () => {
  if (document.__benchProbe) return;
  document.__benchProbe = true;
  const now = () => performance.timeOrigin + performance.now();
  // frames report first paints and data-day paints to the top page too, so a frame that is replaced (the naive
  // peer remounts its iframe) cannot take its numbers with it
  const toTop = (kind, key, t) => {
    try {
      const T = window.top;
      T.__benchTop = T.__benchTop || { paints: [], days: {} };
      if (kind === 'paint') T.__benchTop.paints.push(t);
      else if (!(key in T.__benchTop.days)) T.__benchTop.days[key] = t;
    } catch (e) { /* a cross-origin top: nothing to report to */ }
  };
  window.__benchTop = window.__benchTop || { paints: [], days: {} };
  const B = window.__bench = {
    firstPaint: null, firstPaintNow: null, firstH1: null, keys: [], changes: [], days: {},
    ws: [], wsRecv: 0, wsLast: 0, panel: null,
  };
  // 1. first frame with features drawn: our map through its hook, a folium map by its SVG paths
  const drawn = () => {
    if (window.PresenceMap) {
      const pm = window.presenceMap;
      return !!(pm && pm.ready && pm.visibleFeatureIds().length > 0);
    }
    return !!document.querySelector('.leaflet-interactive');
  };
  const born = performance.now();
  const loop = () => {
    let ok = false;
    try { ok = drawn(); } catch (e) { ok = false; }
    if (ok) {
      B.firstPaintNow = performance.now();
      B.firstPaint = performance.timeOrigin + B.firstPaintNow;
      const nav = performance.getEntriesByType('navigation')[0];
      B.domContentLoaded = nav ? nav.domContentLoadedEventEnd : null;
      toTop('paint', null, B.firstPaint);
      return;
    }
    if (performance.now() - born < 60000) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  // 1b. the page's first <h1> with text (Streamlit's own startup floor, measured on a blank app)
  const h1 = () => {
    const h = document.querySelector('h1');
    if (h && h.textContent.trim()) { B.firstH1 = now(); return; }
    if (performance.now() - born < 60000) requestAnimationFrame(h1);
  };
  if (window === window.top) requestAnimationFrame(h1);
  // 2. key presses (t0), captured before any handler of the page (window listeners outlive a swapped document)
  if (!window.__benchKeys) {
    window.__benchKeys = true;
    window.addEventListener('keydown', () => { window.__bench.keys.push(now()); }, true);
  }
  // 3. our map: the first animation frame after each date change (t1)
  document.addEventListener('presence:datechange', (ev) => {
    const date = ev.detail && ev.detail.date;
    requestAnimationFrame(() => {
      const t = now();
      let visible = null;
      try { visible = window.presenceMap.visibleFeatureIds().length; } catch (e) { visible = null; }
      window.__bench.changes.push({ date, t, visible });
    });
  });
  // 4. the peers: the first animation frame after <span class="bench-day" data-day="N"> entered the document (t1)
  const pending = new Set();
  const note = (span) => {
    const d = span.getAttribute('data-day');
    if (!d || d in window.__bench.days || pending.has(d)) return;
    pending.add(d);
    requestAnimationFrame(() => {
      const t = now();
      window.__bench.days[d] = t;
      toTop('day', d, t);
      pending.delete(d);
    });
  };
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        if (n.matches('.bench-day')) note(n);
        for (const s of n.querySelectorAll('.bench-day')) note(s);
      }
    }
  }).observe(document, { childList: true, subtree: true });
  // 5. WebSocket frames the page sends (Streamlit's BackMsgs = rerun requests) and the last traffic either way
  const WS = window.WebSocket;
  if (WS && !WS.prototype.__benchWrapped) {
    const send = WS.prototype.send;
    WS.prototype.send = function benchSend(data) {
      const t = now();
      window.__bench.ws.push(t);
      window.__bench.wsLast = t;
      if (!this.__benchListening) {
        this.__benchListening = true;
        this.addEventListener('message', () => { window.__bench.wsRecv += 1; window.__bench.wsLast = now(); });
      }
      return send.call(this, data);
    };
    WS.prototype.__benchWrapped = true;
  }
  };
  install();
  if (location.href === 'about:blank') {
    const blank = document;
    const born = Date.now();
    const watch = () => {
      if (document !== blank) { install(); return; }
      if (Date.now() - born < 60000) setTimeout(watch, 2);
    };
    setTimeout(watch, 2);
  }
})();
"""

FIND_MAP_JS = "() => Object.values(window).find((v) => v && window.L && v instanceof window.L.Map) || null"
SET_VIEW_JS = """([lat, lon, zoom]) => {
  const m = Object.values(window).find((v) => v && window.L && v instanceof window.L.Map);
  if (!m) return null;
  m.setView([lat, lon], zoom, { animate: false });
  const c = m.getCenter();
  return { lat: c.lat, lon: c.lng, zoom: m.getZoom() };
}"""
GET_VIEW_JS = """() => {
  const m = Object.values(window).find((v) => v && window.L && v instanceof window.L.Map);
  if (!m) return null;
  const c = m.getCenter();
  return { lat: c.lat, lon: c.lng, zoom: m.getZoom() };
}"""
# Letting go of the slider: set the value, 'input', then 'change' (t0 right before 'change').
RELEASE_JS = """(day) => {
  const s = document.querySelector('input[type=range]');
  s.value = String(day);
  s.dispatchEvent(new Event('input', { bubbles: true }));
  const t0 = performance.timeOrigin + performance.now();
  s.dispatchEvent(new Event('change', { bubbles: true }));
  return t0;
}"""
# Main page: the first animation frame in which an <h3> reads exactly `expected`.
WATCH_H3_JS = """(expected) => {
  const B = window.__bench;
  B.panel = null;
  const shows = () => Array.from(document.querySelectorAll('h3')).some((h) => h.textContent.trim() === expected);
  if (shows()) return false;
  const mo = new MutationObserver(() => {
    if (B.panel !== null || !shows()) return;
    B.panel = -1;
    mo.disconnect();
    requestAnimationFrame(() => { B.panel = performance.timeOrigin + performance.now(); });
  });
  mo.observe(document.body, { childList: true, subtree: true, characterData: true });
  setTimeout(() => mo.disconnect(), 20000);
  return true;
}"""


# --------------------------------------------------------------------------------------------- guarded pages


@dataclass
class OfflineGuard(Guard):
    """The harness's Guard, plus: outside requests for files in the folium-offline table are answered from it
    (and counted in ``fulfilled``); anything else leaving the machine is blocked (``outside``)."""

    table: dict[str, str] = field(default_factory=dict)
    fulfilled: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        url = route.request.url
        if is_local(url) or url not in self.table:
            super().route(route)
            return
        self.requests.append(url)
        self.fulfilled.append(url)
        kind = "text/css" if url.endswith(".css") else "application/javascript"
        route.fulfill(status=200, body=self.table[url], headers={
            "content-type": f"{kind}; charset=utf-8", "access-control-allow-origin": "*"})


def open_guarded(browser: Browser, guard: Guard) -> Page:
    """Like ``harness.open_page``, with our guard and the probe in every frame."""
    context = browser.new_context(viewport=VIEWPORT)
    context.route("**/*", guard.route)
    context.add_init_script(PROBE_JS)
    page = context.new_page()
    page.on("console", lambda msg: guard.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: guard.page_errors.append(str(exc)))
    return page


def frame_eval(frame: Frame, script: str, arg: Any = None) -> Any:
    """Evaluate in a frame that may be navigating or gone: ``None`` then."""
    try:
        return frame.evaluate(script, arg)
    except Exception:
        return None


def poll(page: Page, probe: Callable[[], Any], *, timeout_s: float, every_ms: int = 10) -> Any:
    """Call ``probe`` until it returns something truthy (bounded); waits with page.wait_for_timeout, which keeps
    Playwright's dispatcher (and so the Guard's route handler) running, unlike time.sleep."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        page.wait_for_timeout(every_ms)


def settle(page: Page, *, quiet_ms: float = 300, timeout_s: float = 6.0) -> None:
    """Until the main page's WebSocket has been quiet (no frame either way) for ``quiet_ms`` (bounded)."""
    def quiet() -> bool:
        last = frame_eval(page.main_frame, "() => [window.__bench.wsLast, performance.timeOrigin + performance.now()]")
        return bool(last) and last[1] - last[0] >= quiet_ms
    page.wait_for_timeout(quiet_ms / 2)
    poll(page, quiet, timeout_s=timeout_s, every_ms=50)


# --------------------------------------------------------------------------------------------- one session


@dataclass
class Session:
    approach: str
    run: int
    first_paint_s: float | None = None
    steps_ms: list[float] = field(default_factory=list)
    steps_tried: int = 0
    steps_missed: int = 0
    zoom_kept: int = 0
    zoom_checked: int = 0
    http_during_steps: int = 0
    ws_sent_in_windows: int = 0
    ws_sent_during_steps: int = 0
    panels_ms: list[float] = field(default_factory=list)
    panels_missed: int = 0
    visible_counts: list[int] = field(default_factory=list)
    outside_fulfilled: int = 0
    outside_blocked: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    error: str | None = None


def run_session(browser: Browser, approach: str, run: int, *, step_dates: Sequence[dt.date], peer_days: Sequence[int],
                panel_days: Sequence[int], table: dict[str, str], tmp: Path) -> Session:
    """Fresh server + fresh context: first paint, view, slider steps, (ours) panels. Always cleans up."""
    out = Session(approach, run)
    guard = OfflineGuard(table=table)
    server: AppServer | None = None
    page: Page | None = None
    try:
        env = {"TMPDIR": str(tmp), "XDG_CACHE_HOME": str(tmp)}  # what the server writes goes where we clean up
        if approach != OURS:
            env["BENCH_START_DAY"] = str(peer_days[0])
        script = tmp / "floor_app.py" if approach == FLOOR else SCRIPTS[approach]
        if approach == FLOOR:
            script.write_text(FLOOR_APP, encoding="utf-8")
        server = start_app(script=script, extra_env=env)
        page = open_guarded(browser, guard)
        if approach == FLOOR:
            page.goto(server.url + "/", wait_until="commit", timeout=30_000)
            h1 = poll(page, lambda: frame_eval(page.main_frame, "() => window.__bench && window.__bench.firstH1"),
                      timeout_s=60, every_ms=100)
            if h1 is None:
                raise TimeoutError("the blank Streamlit app showed no <h1> within 60 s")
            out.first_paint_s = (h1 - server.started_at * 1000) / 1000
            return out
        query = f"/?date={step_dates[0].isoformat()}" if approach == OURS else "/"
        page.goto(server.url + query, wait_until="commit", timeout=30_000)
        first = poll(page, lambda: min(frame_eval(page.main_frame, "() => window.__benchTop.paints") or [],
                                       default=None), timeout_s=60, every_ms=100)
        if first is None:
            raise TimeoutError(f"{approach}: no map painted within 60 s")
        out.first_paint_s = (first - server.started_at * 1000) / 1000
        if approach == OURS:
            _steps_ours(page, guard, out, step_dates, panel_days)
        else:
            _steps_peer(page, guard, out, peer_days)
    except Exception as exc:
        out.error = f"{type(exc).__name__}: {exc}"
        traceback.print_exc(file=sys.stderr)
    finally:
        if page is not None:
            page.context.close()
        if server is not None:
            stop_app(server)
    out.outside_fulfilled = len(guard.fulfilled)
    out.outside_blocked = list(guard.outside)
    out.page_errors = list(guard.page_errors)
    out.console_errors = list(guard.console_errors)
    return out


def _map_requests(urls: Sequence[str]) -> int:
    """Requests made while stepping, less Streamlit's own favicon (the host page asks for it again on every rerun,
    the same for all three apps; it has nothing to do with repainting the map)."""
    return sum(1 for url in urls if not url.split("?")[0].endswith("/favicon.png"))


def _windows_ws(page: Page, windows: list[tuple[float, float]], since: int) -> tuple[int, int]:
    sent = frame_eval(page.main_frame, "(n) => window.__bench.ws.slice(n)", since) or []
    inside = sum(1 for t in sent for a, b in windows if a <= t <= b)
    return inside, len(sent)


def _same_view(view: dict[str, float] | None, ref: dict[str, float]) -> bool:
    return bool(view) and view["zoom"] == ref["zoom"] and abs(view["lat"] - ref["lat"]) < 1e-6 \
        and abs(view["lon"] - ref["lon"]) < 1e-6


def _steps_ours(page: Page, guard: Guard, out: Session, dates: Sequence[dt.date], panel_days: Sequence[int]) -> None:
    frame = map_frame(page, timeout_s=30)
    start = dates[0].isoformat()
    if not poll(page, lambda: frame_eval(frame, "() => window.presenceMap.getDate()") == start, timeout_s=15):
        raise TimeoutError(f"ours: the map did not open at {start} (URL ?date=)")
    settle(page)
    ref = frame_eval(frame, SET_VIEW_JS, list(VIEW))
    page.wait_for_timeout(500)  # the map reports a moved view 400 ms after the move (debounced); let that rerun end
    settle(page)
    ref = frame_eval(frame, GET_VIEW_JS) or ref
    frame.locator("input[type=range]").focus()
    page.wait_for_load_state("networkidle")  # the page's own loading (fonts, favicon) is over before we count
    http0 = len(guard.requests)
    ws0 = len(frame_eval(page.main_frame, "() => window.__bench.ws") or [])
    windows: list[tuple[float, float]] = []
    for expected in dates[1:]:
        out.steps_tried += 1
        n0 = frame_eval(frame, "() => window.__bench.changes.length")
        page.keyboard.press("Shift+PageUp")
        done = poll(page, lambda n0=n0: frame_eval(frame, "(n) => window.__bench.changes.length > n", n0), timeout_s=5,
                    every_ms=25)
        if not done:
            out.steps_missed += 1
            continue
        t0, change = frame_eval(frame, "() => [window.__bench.keys.at(-1), window.__bench.changes.at(-1)]")
        if change["date"] != expected.isoformat():
            raise RuntimeError(f"ours: Shift+PageUp went to {change['date']}, expected {expected}")
        out.steps_ms.append(change["t"] - t0)
        windows.append((t0, change["t"]))
        if change["visible"] is not None:
            out.visible_counts.append(change["visible"])
        out.zoom_checked += 1
        out.zoom_kept += _same_view(frame_eval(frame, GET_VIEW_JS), ref)
        page.wait_for_timeout(40)  # a reader pressing the key about 15 times a second
    settle(page, quiet_ms=500)
    out.http_during_steps = _map_requests(guard.requests[http0:])
    out.ws_sent_in_windows, out.ws_sent_during_steps = _windows_ws(page, windows, ws0)
    # panels catch up: release the slider at a new day; the main page's <h3> must show that date in words
    for day in panel_days:
        words = date_words(dt.date(1970, 1, 1) + dt.timedelta(days=day), "en")
        if not page.main_frame.evaluate(WATCH_H3_JS, words):
            continue
        t0 = frame.evaluate(RELEASE_JS, day)
        t1 = poll(page, lambda: (v := frame_eval(page.main_frame, "() => window.__bench.panel")) and v > 0 and v,
                  timeout_s=10, every_ms=25)
        if t1 is None:
            out.panels_missed += 1
        else:
            out.panels_ms.append(t1 - t0)
        settle(page)


def _peer_frame_with_day(page: Page, day: int) -> tuple[Frame | None, float] | None:
    """(the frame that painted ``day``, the paint time as the top page heard it) once painted, else None."""
    t = frame_eval(page.main_frame, "(d) => window.__benchTop.days[String(d)]", day)
    if not t:
        return None
    for frame in page.frames:
        if frame_eval(frame, "(d) => !!(window.__bench && window.__bench.days[String(d)])", day):
            return frame, t
    return None, t  # painted, but that frame is already gone


def _steps_peer(page: Page, guard: Guard, out: Session, days: Sequence[int]) -> None:
    found = poll(page, lambda: _peer_frame_with_day(page, days[0]), timeout_s=20, every_ms=50)
    if found is None:
        raise TimeoutError(f"{out.approach}: the map did not open at day {days[0]}")
    frame = found[0]
    settle(page, quiet_ms=500)
    ref = frame_eval(frame, SET_VIEW_JS, list(VIEW))
    if ref is None:
        raise RuntimeError(f"{out.approach}: no Leaflet map in the map frame")
    page.wait_for_timeout(500)
    settle(page)
    ref = frame_eval(frame, GET_VIEW_JS) or ref
    slider = page.locator(PEER_SLIDER).first  # Streamlit 1.67 (react-aria): an <input type=range> in the thumb
    slider.focus()
    page.wait_for_load_state("networkidle")  # as for ours: page loading is over before we count
    http0 = len(guard.requests)
    ws0 = len(frame_eval(page.main_frame, "() => window.__bench.ws") or [])
    windows: list[tuple[float, float]] = []
    for expected in days[1:]:
        out.steps_tried += 1
        k0 = frame_eval(page.main_frame, "() => window.__bench.keys.length")
        page.keyboard.press("ArrowRight")
        found = poll(page, lambda expected=expected: _peer_frame_with_day(page, expected), timeout_s=10, every_ms=25)
        keys = frame_eval(page.main_frame, "(n) => window.__bench.keys.slice(n)", k0) or []
        if found is None or not keys:
            out.steps_missed += 1
            settle(page)
            continue
        painted_in, t1 = found
        out.steps_ms.append(t1 - keys[0])
        windows.append((keys[0], t1))
        if painted_in is not None:
            frame = painted_in
            out.zoom_checked += 1
            out.zoom_kept += _same_view(frame_eval(frame, GET_VIEW_JS), ref)
        settle(page)  # the rerun(s) a step causes must end before the next step
        if not page.evaluate("(sel) => !!document.activeElement && document.activeElement.matches(sel)", PEER_SLIDER):
            slider.focus()
    settle(page, quiet_ms=500)
    out.http_during_steps = _map_requests(guard.requests[http0:])
    out.ws_sent_in_windows, out.ws_sent_during_steps = _windows_ws(page, windows, ws0)


# --------------------------------------------------------------------------------------------- the exported file


@dataclass
class ExportResult:
    path_bytes: int = 0
    folium_cdn_bytes: int = 0
    folium_inlined_bytes: int = 0
    first_paint_ms: list[float] = field(default_factory=list)
    dom_content_loaded_ms: list[float] = field(default_factory=list)
    steps_ms: list[float] = field(default_factory=list)
    steps_missed: int = 0
    outside_blocked: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    error: str | None = None


def folium_inlined(catalog: Catalog, table: dict[str, str], folder: Path) -> tuple[int, int]:
    """folium's own ``map.save()`` of the same data (all layers, tiles=None): (bytes with CDN links, bytes with
    every ``<script src>``/``<link href>`` replaced by the file's content from the folium-offline table)."""
    from bench.peers.naive_app import add_layers, base_map

    m = base_map(catalog)
    add_layers(m, catalog, None)
    path = folder / "folium.html"
    m.save(str(path))
    html = path.read_text(encoding="utf-8")
    cdn_bytes = len(html.encode("utf-8"))
    for url, content in table.items():
        html = html.replace(f'<script src="{url}"></script>', f"<script>{content}</script>")
        html = html.replace(f'<link rel="stylesheet" href="{url}"/>', f"<style>{content}</style>")
    left = [u for u in table if f'src="{u}"' in html or f'href="{u}"' in html]
    if left or 'src="http' in html or 'stylesheet" href="http' in html:
        raise RuntimeError(f"folium's page still links outside after inlining: {left}")
    return cdn_bytes, len(html.encode("utf-8"))


def measure_export(browser: Browser, path: Path, *, runs: int, dates: Sequence[dt.date]) -> ExportResult:
    """Open the file from disk ``runs`` times, each in a fresh guarded context: first paint, then the steps."""
    out = ExportResult(path_bytes=path.stat().st_size)
    for _ in range(runs):
        guard = Guard()
        page = open_guarded(browser, guard)
        try:
            _export_once(page, path, dates, out)
        finally:
            page.context.close()
        out.outside_blocked += guard.outside
        out.page_errors += guard.page_errors
    return out


def _export_once(page: Page, path: Path, dates: Sequence[dt.date], out: ExportResult) -> None:
    main = page.main_frame
    page.goto(path.as_uri() + f"#date={dates[0].isoformat()}", wait_until="commit", timeout=30_000)
    painted = poll(page, lambda: frame_eval(main, "() => window.__bench.firstPaintNow"), timeout_s=30, every_ms=50)
    if painted is None:
        raise TimeoutError("the exported file drew no features within 30 s")
    out.first_paint_ms.append(painted)  # performance.now() counts from the navigation start
    dcl = frame_eval(main, "() => window.__bench.domContentLoaded")
    if dcl:
        out.dom_content_loaded_ms.append(dcl)
    if not poll(page, lambda: frame_eval(main, "() => window.presenceMap.getDate()") == dates[0].isoformat(),
                timeout_s=10):
        raise TimeoutError(f"the exported file did not open at #date={dates[0]}")
    page.locator("input[type=range]").focus()
    for expected in dates[1:]:
        n0 = main.evaluate("() => window.__bench.changes.length")
        page.keyboard.press("Shift+PageUp")
        if not poll(page, lambda n0=n0: frame_eval(main, "(n) => window.__bench.changes.length > n", n0),
                    timeout_s=5, every_ms=25):
            out.steps_missed += 1
            continue
        t0, change = main.evaluate("() => [window.__bench.keys.at(-1), window.__bench.changes.at(-1)]")
        if change["date"] != expected.isoformat():
            raise RuntimeError(f"export: Shift+PageUp went to {change['date']}, expected {expected}")
        out.steps_ms.append(change["t"] - t0)
        page.wait_for_timeout(40)


# --------------------------------------------------------------------------------------------- report


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


# --------------------------------------------------------------------------------------------- main


def plan(catalog: Catalog, runs: int, steps: int, panels: int, today: dt.date) -> list[dict[str, Any]]:
    """Per run: the dates ours steps through (1-year steps), the peers' day numbers (365-day steps), the panel days.
    The steps form one sequence from 1 March 1993, split over the runs (run r continues where run r-1 stopped)."""
    years = today.year - START.year - (1 if (today.month, today.day) < (START.month, START.day) else 0)
    steps = max(1, min(steps, years))
    per_run = math.ceil(steps / runs)
    per_run_panels = math.ceil(panels / runs)
    first, last = day_number(catalog.dataset.first_date), day_number(today)
    rng = random.Random(20261122)
    out = []
    for r in range(runs):
        lo, hi = r * per_run, min(steps, (r + 1) * per_run)
        n = max(1, hi - lo)
        dates = [START.replace(year=START.year + lo + i) for i in range(n + 1)]
        days = [day_number(START) + PEER_STEP_DAYS * (lo + i) for i in range(n + 1)]
        panel_days: list[int] = []
        while len(panel_days) < per_run_panels:
            d = rng.randint(first, last)
            if d != day_number(dates[-1]) and d not in panel_days:
                panel_days.append(d)
        out.append({"dates": dates, "days": days, "panels": panel_days})
    return out


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
