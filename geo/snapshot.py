"""Still images of a map document through headless Chromium: PNG for print and social media, PDF for handouts.

Uses Debian's Chromium (``/usr/bin/chromium``) driven by Playwright (``pip install -e ".[print]"``); never downloads a
browser. Every request that would leave the machine is blocked, so a snapshot also proves the document is
self-contained. One :class:`Chromium` can print many pages (a classroom pack prints a handout per chapter).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlparse

from geo.atomic import atomic_path
from geo.errors import UsageError

__all__ = ["A4_LANDSCAPE_PX", "CHROMIUM", "PAGES", "Chromium", "page_px", "render_pdf", "render_png"]

CHROMIUM = Path(os.environ.get("PRESENCE_MAP_CHROMIUM", "/usr/bin/chromium"))
_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--mute-audio"]
#: The printable part of an A4 landscape page (297 x 210 mm less the 8 mm margins of presence.css's @page), in CSS
#: px at 96 dpi: the viewport handouts are laid out in, so the map Leaflet measures is the map that is printed.
A4_LANDSCAPE_PX = (1062, 733)
#: Paper sizes (portrait width x height in mm) for ``export --format pdf --page``.
PAGES = {"a4": (210.0, 297.0), "a3": (297.0, 420.0), "letter": (215.9, 279.4)}
#: The page margin on every side (mm), as presence.css's @page says.
PAGE_MARGIN_MM = 8.0


def page_px(page: str = "a4", *, landscape: bool = True) -> tuple[int, int]:
    """The printable part of a page (less the margins) in CSS px at 96 dpi, rounded down (so it fits one sheet)."""
    if page not in PAGES:
        raise UsageError(f"--page must be one of {', '.join(PAGES)}, got {page[:20]!r}")
    short, long = PAGES[page]
    width, height = (long, short) if landscape else (short, long)
    return (int((width - 2 * PAGE_MARGIN_MM) / 25.4 * 96), int((height - 2 * PAGE_MARGIN_MM) / 25.4 * 96))


def _page_css(page: str, landscape: bool) -> str:
    short, long = PAGES[page]
    width, height = (long, short) if landscape else (short, long)
    return f"@page {{ size: {width}mm {height}mm; margin: {PAGE_MARGIN_MM:g}mm; }}"


class Chromium:
    """Headless Chromium for snapshots; use as a context manager."""

    def __enter__(self) -> Chromium:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise UsageError('PNG and PDF need Playwright: pip install -e ".[print]"') from None
        if not CHROMIUM.exists():
            raise UsageError(f"PNG and PDF need Chromium at {CHROMIUM}: apt-get install chromium")
        self._tmp = tempfile.TemporaryDirectory(prefix="presence-snapshot-")
        self._playwright = sync_playwright().start()
        try:
            with _browser_errors("cannot start Chromium"):
                self._browser = self._playwright.chromium.launch(executable_path=str(CHROMIUM), args=_ARGS,
                                                                 headless=True)
        except BaseException:
            self._playwright.stop()
            self._tmp.cleanup()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._browser.close()
        self._playwright.stop()
        self._tmp.cleanup()

    @property
    def scratch(self) -> Path:
        """A scratch folder that lives as long as this browser session."""
        return Path(self._tmp.name)

    @contextmanager
    def page(self, html: str, *, width: int, height: int, media: str = "screen", setup: str | None = None,
             scale: float = 1.0) -> Iterator[Any]:
        """``html`` opened from a temporary file, mounted, in still-image mode; ``setup`` is JS run before.

        ``scale`` is the device pixel ratio: the same CSS layout (``width`` × ``height`` CSS px), ``scale`` times
        the pixels on each axis.
        """
        path = Path(self._tmp.name) / f"page-{id(html)}.html"
        path.write_text(html, encoding="utf-8")
        context = self._browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale,
                                            reduced_motion="reduce")
        try:
            context.route("**/*", _local_only)
            page = context.new_page()
            page.emulate_media(media=media)  # type: ignore[arg-type]
            page.goto(path.as_uri())
            page.wait_for_function("() => !!(window.presenceMap && window.presenceMap.ready)", timeout=30_000)
            page.evaluate("() => window.presenceMap.setSnapshotMode(true)")
            if setup:  # after the still-image layout is in place, so a chapter's view is fitted to it
                page.evaluate(setup)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            yield page
        finally:
            context.close()
            path.unlink(missing_ok=True)

    def png(self, html: str, output: Path, *, width: int, height: int, setup: str | None = None,
            scale: float = 1.0) -> Path:
        """A PNG of a ``width`` × ``height`` CSS px map at ``scale`` pixels per CSS px (so ``scale * width`` ×
        ``scale * height`` pixels), with the date, legend and credit drawn in (written atomically)."""
        with (_browser_errors("Chromium could not make the PNG"),
              self.page(html, width=width, height=height, setup=setup, scale=scale) as page,
              atomic_path(output) as temp):
            page.screenshot(path=str(temp), full_page=False, type="png", scale="device")
        return output

    def pdf(self, html: str, output: Path, *, setup: str | None = None, page_size: str = "a4",
            landscape: bool = True) -> Path:
        """One page (A4 landscape unless asked) printed with the document's print stylesheet, vector, text kept
        as text (written atomically). The map is laid out in the page's printable area, so what Leaflet measures
        is what is printed."""
        width, height = page_px(page_size, landscape=landscape)
        with (_browser_errors("Chromium could not print the PDF"),
              self.page(html, width=width, height=height, media="print", setup=setup) as page,
              atomic_path(output) as temp):
            if (page_size, landscape) != ("a4", True):  # the stylesheet's @page is A4 landscape
                page.add_style_tag(content=_page_css(page_size, landscape))
            page.pdf(path=str(temp), print_background=True, prefer_css_page_size=True, tagged=True)
        return output


def render_png(html: str, output: Path, *, width: int = 1200, height: int = 800, setup: str | None = None,
               scale: float = 1.0) -> Path:
    """One PNG of a map document (see :meth:`Chromium.png`); sizes 200..4000 CSS px, scale 1..3."""
    if not (200 <= width <= 4000 and 200 <= height <= 4000):
        raise UsageError(f"--width/--height must be 200..4000 px, got {width}x{height}")
    if not 1 <= scale <= 3:
        raise UsageError(f"--scale must be 1..3, got {scale:g}")
    with Chromium() as chromium:
        return chromium.png(html, output, width=width, height=height, setup=setup, scale=scale)


def render_pdf(html: str, output: Path, *, page_size: str = "a4", landscape: bool = True,
               setup: str | None = None) -> Path:
    """One PDF page of a map document (see :meth:`Chromium.pdf`)."""
    page_px(page_size, landscape=landscape)  # checks the page name before Chromium starts
    with Chromium() as chromium:
        return chromium.pdf(html, output, setup=setup, page_size=page_size, landscape=landscape)


@contextmanager
def _browser_errors(what: str) -> Iterator[None]:
    """Playwright's errors (a crashed browser, a map that never started) as one-line :class:`UsageError` s."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        yield
    except PlaywrightError as exc:
        first = (str(exc).strip().splitlines() or ["unknown error"])[0]
        raise UsageError(f"{what}: {first[:300]}") from None


def _local_only(route: Any) -> None:
    scheme = urlparse(route.request.url).scheme
    if scheme in ("file", "data", "blob", "about"):
        route.continue_()
    else:
        route.abort("blockedbyclient")
