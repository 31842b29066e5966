"""One app session: a fresh Streamlit server and a fresh browser context; first paint, the reader's view, slider
steps, and (ours) the panels catching up. Ours steps inside the map; the peers (``bench/peers/``) rerun Streamlit."""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Frame, Page

from bench.plan import FLOOR, FLOOR_APP, OURS, PEER_SLIDER, SCRIPTS, VIEW
from bench.probes import GET_VIEW_JS, RELEASE_JS, SET_VIEW_JS, WATCH_H3_JS, OfflineGuard, frame_eval, open_guarded, poll, settle
from geo.i18n import date_words
from tests.browser.harness import AppServer, Guard, map_frame, start_app, stop_app


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

