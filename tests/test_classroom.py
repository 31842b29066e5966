"""Classroom material without a browser: the handout's setup script, the greyscale rule for the layers a
chapter shows together (the print is checked word for word in tests/browser/test_handouts.py), and the framing:
a handout opens on its chapter's features (the stored view as fallback)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from geo.chapters import load_chapters
from geo.classroom import chapter_options, handout_setup
from geo.config import DEFAULT_LAYERS_DIR, Settings
from geo.errors import UsageError
from geo.framing import chapter_bounds
from geo.io import load_catalog
from geo.model import Catalog
from geo.view import View

#: Two layers drawn with the same marks (the same kinds: same symbols, lines, hatches, dashes) must differ by at
#: least this much in relative luminance to stay apart on a greyscale print (about 3:1 steps need more; this is the
#: floor at which two fills still read as two greys).
MIN_GREY_STEP = 0.08


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = load_catalog(Settings(layers_dir=DEFAULT_LAYERS_DIR))
    assert result.problems == ()
    return result.catalog


def luminance(colour: str) -> float:
    """WCAG relative luminance of "#RRGGBB" (what a greyscale print keeps of a colour)."""
    r, g, b = (int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))

    def linear(u: float) -> float:
        return u / 12.92 if u <= 0.04045 else ((u + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def test_the_handout_setup_opens_the_chapter_and_lays_it_out():
    assert handout_setup(6) == "() => { window.presenceMap.goToChapter(6); return window.presenceMap.layoutHandout(); }"
    assert "'" not in handout_setup(1) and "\"" not in handout_setup(1)  # a number, never text, reaches the script


def test_a_chapter_out_of_range_is_a_usage_error(catalog):
    chapters = load_chapters(DEFAULT_LAYERS_DIR, layer_ids=[layer.id for layer in catalog.layers], today=dt.date.today())
    with pytest.raises(UsageError, match=r"--chapter must be 1\.\.14"):
        chapter_options(chapters, 15, lang="en")


def test_layers_shown_together_stay_apart_in_greyscale(catalog):
    """Per chapter: any two of its layers are told apart by their marks (kinds: symbols, line and area styles) or,
    drawn alike, by a clear step of grey. Colour alone never carries the difference."""
    chapters = load_chapters(DEFAULT_LAYERS_DIR, layer_ids=[layer.id for layer in catalog.layers], today=dt.date.today())
    by_id = {layer.id: layer for layer in catalog.layers}
    kinds = {layer.id: frozenset(f.kind for f in catalog.features if f.layer == layer.id) for layer in catalog.layers}
    alike = []
    for chapter in chapters:
        for a, b in itertools.combinations(sorted(chapter.layers), 2):
            if kinds[a] & kinds[b] and abs(luminance(by_id[a].style.color) - luminance(by_id[b].style.color)) < MIN_GREY_STEP:
                alike.append((chapter.number, a, b, sorted(kinds[a] & kinds[b])))
    assert alike == []




@pytest.fixture(scope="module")
def shipped():
    catalog = load_catalog(Settings()).catalog
    chapters = load_chapters(DEFAULT_LAYERS_DIR, layer_ids=[layer.id for layer in catalog.layers],
                             today=dt.date.today())
    return catalog, chapters


def test_with_the_catalog_a_chapter_opens_on_its_features(shipped):
    catalog, chapters = shipped
    for number, chapter in enumerate(chapters, start=1):
        options = chapter_options(chapters, number, lang="hy", catalog=catalog)
        assert options.bbox == chapter_bounds(catalog, chapter) and options.bbox is not None, chapter.id
        assert options.view is None and options.day == chapter.day
        assert options.visible == frozenset(chapter.layers)


def test_without_it_the_stored_view(shipped):
    _, chapters = shipped
    options = chapter_options(chapters, 2, lang="en")
    lon, lat, zoom = chapters[1].view
    assert options.view == View(lat=lat, lon=lon, zoom=zoom) and options.bbox is None


def test_a_missing_chapter_is_a_usage_error(shipped):
    _, chapters = shipped
    with pytest.raises(UsageError, match="--chapter must be 1.."):
        chapter_options(chapters, len(chapters) + 1, lang="en")
