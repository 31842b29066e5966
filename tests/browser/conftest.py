"""Browser-test fixtures; the guarded pages and the app server live in :mod:`tests.browser.harness`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from geo.chapters import load_chapters
from geo.config import DEFAULT_LAYERS_DIR, Settings
from geo.io import load_catalog
from geo.model import Catalog
from geo.render import MapOptions, build_document
from tests.browser.harness import AppServer, Guard, launch, open_page, start_app, stop_app


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = launch(playwright)
        yield instance
        instance.close()


@pytest.fixture
def guarded(browser: Browser) -> Iterator[tuple[Page, Guard]]:
    """A 1280x800 page that blocks and records outside requests; fails the test on any, or on console errors."""
    page, guard = open_page(browser)
    yield page, guard
    page.context.close()
    guard.check()


@pytest.fixture(scope="session")
def shipped() -> Catalog:
    result = load_catalog(Settings(layers_dir=DEFAULT_LAYERS_DIR))
    assert result.problems == ()
    return result.catalog


@pytest.fixture(scope="session")
def export_file(shipped: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data as one HTML file, opening on 10 Nov 2020."""
    path = tmp_path_factory.mktemp("export") / "map.html"
    path.write_text(build_document(shipped, MapOptions(day=dt.date(2020, 11, 10)), today=dt.date.today()),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    server = start_app()
    yield server
    stop_app(server)


@pytest.fixture(scope="session")
def lesson(shipped: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data with the shipped chapters as one HTML file, opening on 10 Nov 2020 (a classroom's map)."""
    chapters = load_chapters(DEFAULT_LAYERS_DIR, layer_ids=[layer.id for layer in shipped.layers], today=dt.date.today())
    path = tmp_path_factory.mktemp("lesson") / "lesson.html"
    path.write_text(build_document(shipped, MapOptions(day=dt.date(2020, 11, 10), chapters=chapters),
                                   today=dt.date.today()), encoding="utf-8")
    return path


@pytest.fixture
def app_page(browser: Browser, app_server: AppServer) -> Iterator[tuple[Page, Guard]]:
    """A 1400x1000 guarded page for the app (the shared server); fails the test on outside requests or errors."""
    page, guard = open_page(browser, width=1400, height=1000)
    yield page, guard
    page.context.close()
    guard.check()
