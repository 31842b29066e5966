"""The exported HTML file: its size against folium's own ``map.save()`` of the same data with assets inlined, and,
opened from disk, its first paint and slider steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Page

from bench.probes import frame_eval, open_guarded, poll
from geo.model import Catalog
from tests.browser.harness import Guard


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

