import datetime as dt
import json
import shutil

import pytest

from geo.chapters import load_chapters
from geo.config import DEFAULT_LAYERS_DIR, Settings
from geo.errors import DataError
from geo.io import load_catalog
from geo.model import LANGUAGES

TODAY = dt.date.today()


@pytest.fixture(scope="module")
def shipped():
    catalog = load_catalog(Settings()).catalog
    chapters = load_chapters(DEFAULT_LAYERS_DIR, layer_ids=[layer.id for layer in catalog.layers], today=TODAY)
    return catalog, chapters


def test_ten_to_fifteen_chapters_in_date_order_from_the_1990s_to_2025(shipped):
    _, chapters = shipped
    assert 10 <= len(chapters) <= 15
    assert [c.number for c in chapters] == list(range(1, len(chapters) + 1))
    assert chapters[0].day.year <= 1995 and chapters[-1].day.year >= 2025


def test_every_chapter_in_every_language_with_questions_and_sources(shipped):
    _, chapters = shipped
    for chapter in chapters:
        for lang in LANGUAGES:
            assert chapter.title[lang].strip() and chapter.text[lang].strip(), (chapter.id, lang)
            assert 2 <= len(chapter.questions[lang]) <= 3, (chapter.id, lang)
            assert "{" not in chapter.text[lang], "contested-name tokens are not resolved in chapters"
        assert chapter.sources and all(s.url.startswith(("https://", "http://")) for s in chapter.sources)


def test_each_chapter_shows_something(shipped):
    catalog, chapters = shipped
    for chapter in chapters:
        assert catalog.active_on(chapter.day, layers=frozenset(chapter.layers)), chapter.id


@pytest.mark.parametrize(
    ("key", "words"),
    [("must be", "chapters"), ("date", "outside"), ("layers", "unknown layer")],
)
def test_bad_chapters_are_reported(tmp_path, key, words):
    root = tmp_path / "layers"
    shutil.copytree(DEFAULT_LAYERS_DIR / "schema", root / "schema")
    data = json.loads((DEFAULT_LAYERS_DIR / "chapters.json").read_text(encoding="utf-8"))
    if key == "must be":
        data["chapters"] = data["chapters"][:3]
    elif key == "date":
        data["chapters"][-1]["date"] = "2999-01-01"
    else:
        data["chapters"][0]["layers"] = ["nope"]
    (root / "chapters.json").write_text(json.dumps(data), encoding="utf-8")
    layer_ids = [layer.id for layer in load_catalog(Settings()).catalog.layers]
    with pytest.raises(DataError) as info:
        load_chapters(root, layer_ids=layer_ids, today=TODAY)
    assert words in str(info.value)
    assert "layers/chapters.json" in str(info.value)
