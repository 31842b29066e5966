"""The map by keyboard and screen reader: the skip link, the features as one tab stop (roving tabindex, arrows in
reading order), Enter/Space opens a popup with focus in it and back on close, a phone's popup keeps focus, and the
live region that says what changed once the slider rests (two languages), with the list's "what changed" section."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.i18n import strings
from tests.browser.harness import open_page, wait_for_map

ACTIVE = """() => { const e = document.activeElement; return {tag: e.tagName, cls: e.getAttribute('class') || '',
  role: e.getAttribute('role'), type: e.type || '',
  name: e.getAttribute('aria-label') || (e.labels && e.labels.length ? e.labels[0].textContent.trim() : e.textContent.trim()),
  svg: e instanceof SVGElement, popup: !!e.closest('.leaflet-popup'), body: e === document.body}; }"""


def opened(browser, doc: Path, *, width=1280, height=800, fragment=""):
    page, guard = open_page(browser, width=width, height=height)
    page.goto(doc.as_uri() + fragment)
    wait_for_map(page)
    page.evaluate("() => presenceMap._complete")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return page, guard


def tab_to_slider(page, limit=200):
    """The focus stops from the top of the page to the slider (inclusive)."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(ACTIVE)
        stops.append(info)
        if info["type"] == "range":
            return stops
    raise AssertionError(f"the slider was not reached in {limit} Tabs: {stops[-5:]}")


def focus_first_symbol(page):
    """Tabs from the top of the page to the features' one tab stop."""
    for _ in range(20):
        page.keyboard.press("Tab")
        info = page.evaluate(ACTIVE)
        if "leaflet-marker-icon" in info["cls"] or "pm-feat" in info["cls"]:
            assert info["role"] == "button" and info["name"], info
            return info
    raise AssertionError("no feature within the first 20 Tabs")


def test_the_skip_link_is_the_first_stop_and_goes_to_the_slider(browser, lesson):
    for lang in ("en", "hy"):
        page, guard = opened(browser, lesson, fragment=f"#lang={lang}")
        page.keyboard.press("Tab")
        first = page.evaluate(ACTIVE)
        assert first["tag"] == "A" and first["name"] == strings(lang)("skip_to_date"), first
        box = page.evaluate("() => document.activeElement.getBoundingClientRect().width")
        assert box > 40  # shown when focused
        page.keyboard.press("Enter")
        assert page.evaluate(ACTIVE)["type"] == "range"
        assert page.evaluate("location.hash") == f"#lang={lang}"  # the map's own link is untouched
        page.context.close()
        guard.check()


@pytest.mark.parametrize(("width", "height", "most"), [(1280, 800, 40), (390, 844, 26)])
def test_the_features_are_one_tab_stop_and_no_unnamed_shape_is_one(browser, lesson, width, height, most):
    page, guard = opened(browser, lesson, width=width, height=height)
    stops = tab_to_slider(page)
    symbols = [s for s in stops if "leaflet-marker-icon" in s["cls"] or "pm-feat" in s["cls"]]
    assert len(symbols) == 1, symbols
    assert [s for s in stops if s["svg"] and not s["name"]] == []  # no unnamed SVG shape
    assert all(s["name"] for s in stops), [s for s in stops if not s["name"]]
    # 73 Tabs at 1280 x 800 and 60 at 390 x 844 before the features became one stop and the basemap left the order
    assert len(stops) <= most, len(stops)
    print(f"Tabs to the slider at {width}x{height}: {len(stops)}")
    page.context.close()
    guard.check()


def walk(page, key="ArrowRight", limit=300):
    """Presses ``key`` until focus stops moving; returns each focused feature's name and, for a marker, its layer
    point (the icon's translate3d: pixels at this zoom, y growing southward, not moved by panning)."""
    seen = []
    for _ in range(limit):
        info = page.evaluate("""() => { const e = document.activeElement;
            const m = /translate3d\\(([-\\d.]+)px, ([-\\d.]+)px/.exec(e.style.transform || '');
            return {name: e.getAttribute('aria-label'), marker: e.classList.contains('leaflet-marker-icon'),
                    x: m ? +m[1] : null, y: m ? +m[2] : null}; }""")
        if seen and info == seen[-1]:
            return seen
        seen.append(info)
        page.keyboard.press(key)
    raise AssertionError("focus never stopped moving")


def test_arrows_move_between_the_features_in_reading_order(browser, lesson):
    page, guard = opened(browser, lesson)
    focus_first_symbol(page)
    seen = walk(page, "ArrowRight")
    assert len(seen) >= 10 and len({s["name"] for s in seen}) == len(seen)  # every feature once
    rows = [s["y"] for s in seen if s["marker"]]
    assert len(rows) >= 8 and rows == sorted(rows)  # north to south (west to east only breaks exact ties)
    back = walk(page, "ArrowLeft")
    assert [s["name"] for s in back] == [s["name"] for s in reversed(seen)]
    page.keyboard.press("End")
    assert page.evaluate(ACTIVE)["name"] == seen[-1]["name"]
    page.keyboard.press("Home")
    assert page.evaluate(ACTIVE)["name"] == seen[0]["name"]
    # exactly one feature is in the tab order: the one focused last
    assert page.evaluate("() => [...document.querySelectorAll('.leaflet-pane [tabindex=\\'0\\']')]"
                         ".map(e => e.getAttribute('aria-label'))") == [seen[0]["name"]]
    page.context.close()
    guard.check()


@pytest.mark.parametrize("key", ["Enter", " "])
def test_enter_or_space_opens_the_popup_and_escape_gives_focus_back(browser, lesson, key):
    page, guard = opened(browser, lesson)
    symbol = focus_first_symbol(page)
    page.keyboard.press(key)
    page.wait_for_selector(".leaflet-popup")
    inside = page.evaluate(ACTIVE)
    assert inside["popup"], inside  # focus moved into the popup
    title = page.locator(".leaflet-popup .pm-pop__title").inner_text()
    assert symbol["name"].startswith(title)
    page.keyboard.press("Escape")
    page.wait_for_selector(".leaflet-popup", state="detached")  # Leaflet fades it out
    back = page.evaluate(ACTIVE)
    assert back["name"] == symbol["name"] and back["role"] == "button", back
    page.context.close()
    guard.check()


def test_a_popup_closed_on_a_phone_does_not_drop_focus_to_the_body(browser, lesson):
    page, guard = opened(browser, lesson, width=390, height=844)
    page.locator(".leaflet-marker-pane .leaflet-marker-icon").first.click(force=True)
    page.wait_for_selector(".leaflet-popup")
    close = page.locator(".leaflet-popup-close-button")
    close.focus()  # what a tap does first (the phone's layers header may cover the button for Playwright's click)
    close.dispatch_event("click")
    page.wait_for_selector(".leaflet-popup", state="detached")
    after = page.evaluate(ACTIVE)
    assert not after["body"], after
    page.context.close()
    guard.check()


def spoken(page) -> str:
    return page.evaluate("() => document.querySelector('.pm-live').textContent")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_live_region_says_what_changed_once_the_slider_rests(browser, lesson, lang):
    page, guard = opened(browser, lesson, fragment=f"#lang={lang}&date=2020-11-08")
    region = page.locator(".pm-live")
    assert region.get_attribute("aria-live") == "polite" and region.get_attribute("role") == "status"
    assert page.locator(".pm-time__date").get_attribute("aria-live") is None  # one voice, not one per step
    before = set(page.evaluate("presenceMap.visibleFeatureIds()"))
    page.locator(".pm-time__slider").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # 10 November 2020, two steps in a row
    page.wait_for_timeout(250)
    assert spoken(page) == ""  # not while the date still moves
    after = set(page.evaluate("presenceMap.visibleFeatureIds()"))
    appeared, gone = after - before, before - after
    assert len(appeared) >= 5
    page.wait_for_function("() => document.querySelector('.pm-live').textContent !== ''", timeout=3000)
    text = spoken(page)
    date = page.evaluate("() => document.querySelector('.pm-time__date').textContent")
    assert text.startswith(date)
    n = len(appeared)
    if lang == "en":
        assert f"{n} features appeared (" in text, text
        if gone:
            assert f"{len(gone)} ended (" in text
    else:
        form = "one" if n % 10 == 1 and n % 100 != 11 else "few" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "many"
        assert strings("ru")(f"change_appeared_{form}", n=n) in text, text
    # the list shows the same change with every name
    page.get_by_role("button", name=strings(lang)("show_list")).click()
    section = page.locator(".pm-changed")
    assert section.is_visible()
    names = section.locator(".pm-changed__names--appeared li").all_inner_texts()
    assert len(names) == n
    for name in names[:5]:
        assert name in text
    page.context.close()
    guard.check()


def test_the_step_buttons_are_named_by_their_visible_text_first(browser, lesson):
    page, guard = opened(browser, lesson, fragment="#lang=ru")
    for button in page.locator(".pm-time__step").all():
        visible = button.inner_text().strip()
        assert button.get_attribute("aria-label").startswith(visible + ", "), visible
    page.context.close()
    guard.check()
