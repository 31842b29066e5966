"""geo.classroom.chapter_options: a handout opens framed on its chapter's features (the stored view as fallback)."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.chapters import load_chapters
from geo.classroom import chapter_options
from geo.config import DEFAULT_LAYERS_DIR, Settings
from geo.errors import UsageError
from geo.framing import chapter_bounds
from geo.io import load_catalog
from geo.view import View


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
