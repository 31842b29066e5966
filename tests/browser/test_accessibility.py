"""Accessibility of the map document: axe-core (WCAG 2 A/AA) with no violations, keyboard, names, reduced motion."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geo.i18n import strings
from geo.model import LANGUAGES
from tests.browser.harness import REPO, open_page, wait_for_map


def axe_script() -> Path:
    """axe-core from the npm registry, unpacked by scripts/test.sh (PRESENCE_MAP_AXE) into .cache/."""
    candidates = [Path(os.environ["PRESENCE_MAP_AXE"])] if os.environ.get("PRESENCE_MAP_AXE") else []
    candidates += sorted(REPO.glob(".cache/axe-core-*/axe.min.js"))
    for path in candidates:
        if path.exists():
            return path
    pytest.fail("axe-core is missing: run `bash scripts/test.sh` (it fetches axe-core from the npm registry)")


#: WCAG 2.0/2.1/2.2 A and AA, plus "visible label is part of the accessible name" (WCAG 2.5.3; axe marks it
#: experimental, so it is switched on by name).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
               "rules": {"label-content-name-mismatch": {"enabled": True}}}


def violations(page) -> list[str]:
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [f"{v['id']} [{v['impact']}]: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
            for v in result["violations"]]


def open_a_popup_by_keyboard(page) -> None:
    page.evaluate("() => document.querySelector('.leaflet-pane [role=button][tabindex=\"0\"]').focus()")
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup")
    # faded in and panned into view (axe reads colours and boxes as they are painted)
    page.wait_for_function("() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    page.wait_for_timeout(400)


@pytest.mark.parametrize(("lang", "width", "height"), [("en", 1280, 800), ("ka", 390, 844), ("hy", 1280, 800),
                                                       ("ru", 390, 844)])
def test_axe_finds_no_violation(browser, lesson, lang, width, height):
    """No violation at all (so none serious or critical) with the chapter panel, the list, a popup open."""
    page, guard = open_page(browser, width=width, height=height)
    page.goto(lesson.as_uri() + f"#lang={lang}&chapter=6")
    wait_for_map(page)
    page.evaluate("() => presenceMap._complete")
    chapters = page.locator(".pm-chap .pm-panel__toggle")
    if chapters.get_attribute("aria-expanded") != "true":
        chapters.click()  # phones start with the chapter folded
    assert violations(page) == [], "chapter panel open"
    page.get_by_role("button", name=strings(lang)("show_list")).click()  # the text alternative
    page.evaluate("() => presenceMap.setDate('2020-11-11')")  # and its "what changed" section
    page.wait_for_selector(".pm-changed:not([hidden])", timeout=3000)
    assert violations(page) == [], "list open"
    open_a_popup_by_keyboard(page)
    assert violations(page) == [], "popup open"
    page.context.close()
    guard.check()


def test_controls_are_reachable_by_keyboard_with_a_visible_focus(browser, export_file):
    page, guard = open_page(browser)
    page.goto(export_file.as_uri())
    wait_for_map(page)
    reached = set()
    wanted = {("INPUT", "range"), ("BUTTON", "button"), ("SELECT", "select-one"), ("INPUT", "checkbox")}
    for _ in range(250):
        if wanted <= reached:
            break
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
            return {tag: e.tagName, type: e.type || '', label: e.getAttribute('aria-label') || e.textContent.trim(),
                    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none'}; }""")
        if info["tag"] in ("INPUT", "BUTTON", "SELECT", "A"):
            assert info["outline"], f"no visible focus on {info}"
            reached.add((info["tag"], info["type"]))
    assert wanted <= reached, reached
    page.context.close()
    guard.check()


def test_slider_and_buttons_are_named_in_every_language(browser, lesson):
    page, guard = open_page(browser)
    page.goto(lesson.as_uri())
    wait_for_map(page)
    for lang in LANGUAGES:
        page.evaluate("code => presenceMap.setLanguage(code)", lang)
        text = strings(lang)
        assert page.get_by_role("slider", name=text("slider_label")).count() == 1, lang
        assert page.get_by_role("button", name=text("play")).count() == 1, lang
        assert page.get_by_role("button", name=text("chapter_next")).count() >= 1, lang
        assert page.evaluate("document.documentElement.lang") == lang
    page.context.close()
    guard.check()


def test_reduced_motion_no_autoplay_and_instant_chapters(browser, lesson):
    page, guard = open_page(browser, reduced_motion="reduce")
    page.goto(lesson.as_uri())
    wait_for_map(page)
    assert page.locator(".pm-is-playing").count() == 0
    date = page.evaluate("presenceMap.getDate()")
    page.wait_for_timeout(500)
    assert page.evaluate("presenceMap.getDate()") == date  # nothing moves by itself
    page.evaluate("presenceMap.goToChapter(3)")
    view = page.evaluate("presenceMap.getState().view")
    page.wait_for_timeout(300)
    assert page.evaluate("presenceMap.getState().view") == view  # no flight: the jump was instant
    page.context.close()
    guard.check()
