"""Headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) with every outside request blocked.

Each page gets a :class:`Guard` that aborts any request leaving the machine and records it, and records console
errors and uncaught exceptions; the test fails afterwards if any of them happened.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from geo.config import DEFAULT_LAYERS_DIR, Settings
from geo.io import load_catalog
from geo.render import MapOptions, build_document

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--mute-audio",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser


def is_local(url: str) -> bool:
    """file:, data:, blob:, about: and loopback http(s)/ws(s) stay on the machine."""
    parsed = urlparse(url)
    if parsed.scheme in ("file", "data", "blob", "about", "chrome-error"):
        return True
    return parsed.hostname in LOCAL_HOSTS


@dataclass
class Guard:
    """What a page tried that it must not: outside requests, console errors, uncaught exceptions."""

    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        url = route.request.url
        self.requests.append(url)
        if is_local(url):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort("blockedbyclient")

    def check(self) -> None:
        assert self.outside == [], f"requests that left the machine: {self.outside}"
        assert self.page_errors == [], f"uncaught errors: {self.page_errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: run `bash scripts/test.sh`, which installs it")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


def open_page(browser: Browser, *, width: int = 1280, height: int = 800, reduced_motion: str = "no-preference") -> tuple[Page, Guard]:
    """A new page in a fresh context, guarded; the caller closes ``page.context`` and calls ``guard.check()``."""
    context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion=reduced_motion)
    guard = Guard()
    context.route("**/*", guard.route)
    page = context.new_page()
    page.on("console", lambda msg: guard.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: guard.page_errors.append(str(exc)))
    return page, guard


@pytest.fixture
def guarded(browser: Browser) -> Iterator[tuple[Page, Guard]]:
    page, guard = open_page(browser)
    yield page, guard
    page.context.close()
    guard.check()


@pytest.fixture(scope="session")
def shipped():
    """The shipped catalog (loaded once)."""
    result = load_catalog(Settings(layers_dir=DEFAULT_LAYERS_DIR))
    assert result.problems == ()
    return result.catalog


@pytest.fixture(scope="session")
def export_file(shipped, tmp_path_factory) -> Path:
    """The shipped data exported as one HTML file, opening on 10 Nov 2020."""
    path = tmp_path_factory.mktemp("export") / "map.html"
    html = build_document(shipped, MapOptions(day=dt.date(2020, 11, 10)), today=dt.date.today())
    path.write_text(html, encoding="utf-8")
    return path


def wait_for_map(page: Page) -> None:
    """Until the map document has mounted (the scripting hook exists)."""
    page.wait_for_function("() => window.presenceMap && typeof window.presenceMap.getDate === 'function'",
                           timeout=15_000)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class AppServer:
    url: str
    process: subprocess.Popen[bytes]


def start_app(layers_dir: Path | None = None) -> AppServer:
    """``streamlit run app.py`` on a free loopback port; waits (bounded) until /_stcore/health answers."""
    port = free_port()
    env = dict(os.environ)
    if layers_dir is not None:
        env["PRESENCE_MAP_LAYERS"] = str(layers_dir)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return AppServer(url, process)
        except OSError:
            time.sleep(0.1)  # poll interval, bounded by the deadline
    process.kill()
    raise RuntimeError("streamlit did not answer /_stcore/health within 60 s")


def stop_app(server: AppServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    server = start_app()
    yield server
    stop_app(server)
