"""Template, Markdown and XSS payloads in Chromium: the hostile export and the app, every outside request blocked.

The guard fails a test on any request that leaves the machine (an outside image in a Markdown notice would be one),
on console errors and on uncaught exceptions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

import tests.hostile as h
from geo.chapters import load_chapters
from geo.config import Settings
from geo.io import load_catalog
from geo.render import MapOptions, build_document
from tests.browser.harness import AppServer, Guard, map_frame, open_page, start_app, stop_app, wait_for_map

ALL_TEMPLATES = " ".join(h.TEMPLATE)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return h.build(tmp_path_factory.mktemp("hostile") / "layers")


@pytest.fixture(scope="module")
def hostile_file(hostile: Path) -> Path:
    catalog = load_catalog(Settings(layers_dir=hostile)).catalog
    chapters = load_chapters(hostile, layer_ids=[layer.id for layer in catalog.layers], today=dt.date.today())
    path = hostile.parent / "hostile.html"
    path.write_text(build_document(catalog, MapOptions(day=dt.date(2021, 1, 1), title=ALL_TEMPLATES, chapters=chapters),
                                   today=dt.date.today()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_app(hostile: Path) -> Iterator[AppServer]:
    server = start_app(hostile)
    yield server
    stop_app(server)


def no_markup_from_data(page: Page) -> None:
    for selector in ("img[src=x]", "svg[onload]", "a[href*='evil.example']", "img[src*='198.51.100.9']"):
        assert page.locator(selector).count() == 0, selector


def test_the_hostile_export_shows_every_text_as_text(browser, hostile_file):
    page, guard = open_page(browser)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(hostile_file.as_uri())
    wait_for_map(page)
    assert page.title() == ALL_TEMPLATES
    assert page.locator(".pm-map").get_attribute("aria-label") == ALL_TEMPLATES
    body = page.locator("body").inner_text()
    assert h.LAYER_TITLE in body  # the legend
    page.evaluate("() => presenceMap.setLayers(['hostile'])")
    page.get_by_role("button", name="Show the list").click()
    page.locator(".pm-table tbody tr:not([hidden])").first.click()  # the popup of the hostile feature
    popup = page.locator(".leaflet-popup-content").inner_text()
    assert h.FEATURE_NAME in popup and h.TEMPLATE[1] in popup and h.TEMPLATE[2] in popup and h.MD_LINK in popup
    page.evaluate("() => presenceMap.goToChapter(1)")
    assert h.CHAPTER_TITLE in page.locator("body").inner_text()
    text = page.locator("body").inner_text()
    assert "1337" not in text and "PWNED" not in text
    no_markup_from_data(page)
    assert dialogs == []
    page.context.close()
    guard.check()


def test_a_hostile_date_in_the_link_is_shown_literally(browser, hostile_app):
    page, guard = open_page(browser, width=1400, height=1000)
    for payload in (h.MD_LINK, h.MD_IMAGE, h.XSS[0], "www.evil.example/x me@evil.example"):
        page.goto(f"{hostile_app.url}/?date={quote(payload, safe='')}")
        alert = page.locator("[data-testid=stAlert]")
        alert.wait_for(timeout=30_000)
        assert payload[:40] in visible(alert.inner_text())  # the characters, shown; not a link, not an image
        assert alert.locator("a, img").count() == 0
        no_markup_from_data(page)
    map_frame(page)
    page.context.close()
    guard.check()  # an outside image would have been a request


def test_hostile_data_text_in_the_app_is_shown_literally(browser, hostile_app):
    page, guard = _page(browser)
    page.goto(f"{hostile_app.url}/?date=2020-11-12")
    frame = map_frame(page)
    page.locator("[data-testid=stExpandSidebarButton]").click()  # the panels are in the sidebar, closed at first
    page.get_by_text("Events near").first.wait_for(timeout=30_000)
    page.wait_for_function("name => document.body.innerText.replaceAll('\u2060', '').includes(name)", arg=h.EVENT_NAME,
                           timeout=30_000)  # the events near the date, in Markdown
    page.get_by_text("About this map").click()
    about = page.locator("[data-testid=stExpander]").filter(has_text="About this map")
    about.get_by_text("Every feature has").wait_for(timeout=10_000)
    assert h.TITLE in visible(about.inner_text()) and h.LICENCE in visible(about.inner_text())
    no_markup_from_data(page)
    assert frame.locator("a[href*='evil.example']").count() == 0
    page.context.close()
    guard.check()


def visible(text: str) -> str:
    """Text as a reader sees it (the word joiners that break autolinks are invisible)."""
    return text.replace("\u2060", "")


def _page(browser) -> tuple[Page, Guard]:
    return open_page(browser, width=1400, height=1000)


def test_the_map_draws_a_file_at_the_vertex_budget_and_never_gets_more(browser, make_layers, tmp_path):
    """The budget (20,000 vertices a feature, 200,000 a file) is what the map can draw; past it, nothing is sent."""
    from geo.config import MAX_FEATURE_VERTICES, MAX_FILE_VERTICES
    from tests.conftest import make_feature

    def line(fid: str, n: int, lat: float) -> dict:
        coords = [[round(44.0 + i * (2.0 / n), 6), lat] for i in range(n)]
        return make_feature(fid, kind="road", start="2020", end=None, geometry={"type": "LineString",
                                                                                  "coordinates": coords})

    lines = [line(f"line-{i}", MAX_FEATURE_VERTICES, 40.0 + i * 0.05) for i in range(MAX_FILE_VERTICES // MAX_FEATURE_VERTICES)]
    root = make_layers(bases=[make_feature(start="2020", end=None), line("oversized", MAX_FEATURE_VERTICES + 1, 41.0)],
                       roads=lines)
    result = load_catalog(Settings(layers_dir=root))
    assert [(p.feature, p.rule) for p in result.problems] == [("oversized", "vertex-budget")]
    path = tmp_path / "budget.html"
    path.write_text(build_document(result.catalog, MapOptions(day=dt.date(2021, 1, 1)), today=dt.date.today()),
                    encoding="utf-8")
    page, guard = open_page(browser)
    page.goto(path.as_uri())
    wait_for_map(page, timeout_ms=60_000)
    ids = page.evaluate("presenceMap.visibleFeatureIds()")
    assert len(ids) == 11 and "oversized" not in ids and "line-9" in ids
    page.context.close()
    guard.check()
