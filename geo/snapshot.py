"""Still images of a map document through headless Chromium: PNG for print and social media, PDF for handouts.

Uses Debian's Chromium (``/usr/bin/chromium``) driven by Playwright (``pip install -e ".[print]"``); never downloads a
browser. Every request that would leave the machine is blocked, so a snapshot proves the document is self-contained.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from geo.errors import UsageError

__all__ = ["CHROMIUM", "render_png", "render_pdf", "chromium_page"]

CHROMIUM = Path(os.environ.get("PRESENCE_MAP_CHROMIUM", "/usr/bin/chromium"))
_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--mute-audio"]


@contextmanager
def chromium_page(html: str, *, width: int, height: int, media: str = "screen") -> Iterator[Any]:
    """Open ``html`` (written to a temporary file) in headless Chromium with outside requests blocked."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise UsageError('PNG and PDF need Playwright: pip install -e ".[print]"') from None
    if not CHROMIUM.exists():
        raise UsageError(f"PNG and PDF need Chromium at {CHROMIUM}: apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="presence-snapshot-") as tmp:
        path = Path(tmp) / "map.html"
        path.write_text(html, encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=_ARGS, headless=True)
            try:
                context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
                context.route("**/*", _local_only)
                page = context.new_page()
                page.emulate_media(media=media)
                page.goto(path.as_uri())
                page.wait_for_function("() => window.presenceMap && window.presenceMap.ready === true", timeout=20_000)
                page.evaluate("() => window.presenceMap.setSnapshotMode(true)")
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                yield page
            finally:
                browser.close()


def render_png(html: str, output: Path, *, width: int = 1200, height: int = 800) -> Path:
    """A ``width`` × ``height`` px PNG of the map document with its date, legend and credit drawn in."""
    if not (200 <= width <= 4000 and 200 <= height <= 4000):
        raise UsageError(f"--width/--height must be 200..4000 px, got {width}x{height}")
    with chromium_page(html, width=width, height=height) as page:
        page.screenshot(path=str(output), full_page=False)
    return output


def render_pdf(html: str, output: Path, *, width: int = 1123, height: int = 794) -> Path:
    """An A4 page (landscape viewport by default) printed with the document's print stylesheet."""
    with chromium_page(html, width=width, height=height, media="print") as page:
        page.pdf(path=str(output), format="A4", print_background=True, prefer_css_page_size=True)
    return output


def _local_only(route: Any) -> None:
    scheme = urlparse(route.request.url).scheme
    if scheme in ("file", "data", "blob", "about"):
        route.continue_()
    else:
        route.abort("blockedbyclient")
