"""The browser side of the benchmark: the probe every frame gets (``bench/probe.js``), the small scripts evaluated in
the pages, and guarded pages (every request leaving the machine blocked or answered from the folium-offline table).

All times are taken in the browser (``performance.timeOrigin + performance.now()``); Python only starts things and
reads the numbers back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Frame, Page, Route

from bench.plan import VIEWPORT
from tests.browser.harness import Guard, is_local

PROBE_JS = (Path(__file__).parent / "probe.js").read_text(encoding="utf-8")

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

