"""Shared by the browser tests and ``bench/``: headless Chromium with every outside request blocked, and a
Streamlit server on a free loopback port. No pytest here, so ``bench/run.py`` can use it too.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Browser, Frame, Page, Playwright, Route

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--mute-audio",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
REPO = Path(__file__).resolve().parents[2]


def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless, with the flags that keep it from calling home."""
    if not CHROMIUM.exists():
        raise RuntimeError("Debian's chromium is not installed: run `bash scripts/test.sh`, which installs it")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


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


def open_page(browser: Browser, *, width: int = 1280, height: int = 800,
              reduced_motion: str = "no-preference") -> tuple[Page, Guard]:
    """A page in a fresh context, guarded; the caller closes ``page.context`` and calls ``guard.check()``."""
    context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion=reduced_motion)
    guard = Guard()
    context.route("**/*", guard.route)
    page = context.new_page()
    page.on("console", lambda msg: guard.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: guard.page_errors.append(str(exc)))
    return page, guard


def wait_for_map(page: Page | Frame, timeout_ms: int = 20_000) -> None:
    """Until the map document has mounted and drawn (``presenceMap.ready``)."""
    page.wait_for_function("() => !!(window.presenceMap && window.presenceMap.ready)", timeout=timeout_ms)


def map_frame(page: Page, timeout_s: float = 30.0) -> Frame:
    """The frame of the Streamlit page that holds the map document, once it is ready (bounded wait)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.evaluate("() => !!(window.presenceMap && window.presenceMap.ready)"):
                    return frame
            except Exception:  # a frame navigating away; try again
                continue
        page.wait_for_timeout(50)
    raise TimeoutError("the map component did not become ready")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class AppServer:
    url: str
    process: subprocess.Popen[bytes]
    started_at: float  # time.time() just before the process started (epoch seconds)


def start_app(layers_dir: Path | None = None, script: Path | None = None, *, extra_env: dict[str, str] | None = None) -> AppServer:
    """``streamlit run`` on a free loopback port; waits (bounded) until /_stcore/health answers."""
    port = free_port()
    env = dict(os.environ)
    env.update(extra_env or {})
    if layers_dir is not None:
        env["PRESENCE_MAP_LAYERS"] = str(layers_dir)
    started_at = time.time()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script or REPO / "app.py"), "--server.headless", "true",
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
                    return AppServer(url, process, started_at)
        except OSError:
            time.sleep(0.05)  # poll interval; the loop is bounded by the deadline
    process.kill()
    raise RuntimeError("streamlit did not answer /_stcore/health within 60 s")


def stop_app(server: AppServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
