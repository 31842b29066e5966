"""Every handout (14 chapters x en ru hy az ka) keeps every word, and is a tagged PDF with its language and title.

The handouts are printed by :mod:`tests.browser.handout_job` in two processes (one Chromium each, one per CI core)
through :func:`geo.classroom.write_handout`, whose layout (``handout.js``) refuses to print when any text box would
end outside its page or under a clip (measured in the browser before printing). Here the PDFs are read back with
pypdf: the words, the pages, the type size of the chapter, the tags, the fonts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from typing import Any

import pytest
from pypdf import PdfReader

from geo.chapters import Chapter, load_chapters
from geo.config import DEFAULT_LAYERS_DIR
from geo.i18n import strings
from geo.model import LANGUAGES, Catalog
from tests.browser.harness import REPO

A4_LANDSCAPE_PT = (842, 595)
FLOOR_PT = 9


def squash(text: str) -> str:
    """Text as extracted from a PDF and as written, made comparable: compatibility forms (ligatures) folded, soft
    hyphens dropped, every run of whitespace one space, and no space after a hyphen, dash or slash (a line may break
    there). Applied to both sides alike; no character of the words themselves is dropped."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"(?<=[-\u2010\u2011\u2013\u2014/]) ", "", text).strip()


@pytest.fixture(scope="module")
def chapters(shipped: Catalog) -> tuple[Chapter, ...]:
    return load_chapters(DEFAULT_LAYERS_DIR, layer_ids=[layer.id for layer in shipped.layers], today=dt.date.today())


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """All 70 handouts, printed by two job processes side by side, each read back once (text per page, and the
    size in points of every piece of text)."""
    out = tmp_path_factory.mktemp("handouts")
    halves = [LANGUAGES[0::2], LANGUAGES[1::2]]
    jobs = [subprocess.Popen([sys.executable, "-m", "tests.browser.handout_job", str(out), *(f"{lang}:*" for lang in half)],
                             cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for half in halves]
    rows: list[dict[str, Any]] = []
    for job in jobs:
        stdout, stderr = job.communicate(timeout=1500)
        assert job.returncode == 0, stderr[-3000:]
        rows += [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    for row in rows:
        reader = PdfReader(row["path"])
        row["reader"] = reader
        row["pages"] = len(reader.pages)
        row["texts"] = []
        row["sizes"] = []

        def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float, into: list = row["sizes"]) -> None:
            if text.strip():
                into.append((abs(size * tm[3] * cm[3]), text))

        for page in reader.pages:
            row["texts"].append(page.extract_text(visitor_text=visit))
    return rows


def test_all_seventy_handouts_were_printed(printed, chapters):
    assert len(chapters) == 14
    assert sorted((r["lang"], r["chapter"]) for r in printed) == sorted(
        (lang, c.number) for lang in LANGUAGES for c in chapters)
    pages = {lang: dict(sorted(Counter(r["pages"] for r in printed if r["lang"] == lang).items())) for lang in LANGUAGES}
    print("handout pages per language ({pages: handouts}):", pages)
    print("seconds per handout:", sorted(r["seconds"] for r in printed)[len(printed) // 2], "(median)")
    assert all(r["pages"] in (1, 2) for r in printed), pages


def test_every_handout_keeps_every_word(printed, chapters):
    lost = []
    for row in printed:
        chapter = chapters[row["chapter"] - 1]
        lang = row["lang"]
        for page in row["reader"].pages:
            width, height = (float(v) for v in page.mediabox.upper_right)
            assert abs(width - A4_LANDSCAPE_PT[0]) <= 2 and abs(height - A4_LANDSCAPE_PT[1]) <= 2, row["path"]
        text = squash(" ".join(row["texts"]))
        first = squash(row["texts"][0])
        # the map's page keeps the title and the whole chapter text; questions and sources may be on page 2
        wanted = [("title", chapter.title[lang], first), ("text", chapter.text[lang], first)]
        wanted += [(f"question {i}", q, text) for i, q in enumerate(chapter.questions[lang], 1)]
        wanted += [(f"source {i}", s.title, text) for i, s in enumerate(chapter.sources, 1)]
        for what, words, where in wanted:
            if squash(words) not in where:
                lost.append(f"{lang} chapter {chapter.number}: {what}: {words[:60]!r}")
    assert lost == []


def test_the_chapter_is_never_set_below_nine_points(printed, chapters):
    small = []
    for row in printed:
        chapter = chapters[row["chapter"] - 1]
        lang = row["lang"]
        words = squash(" ".join([chapter.text[lang], *chapter.questions[lang], *(s.title for s in chapter.sources)]))
        for size, piece in row["sizes"]:
            piece = squash(piece)
            if len(piece) >= 12 and piece in words and size < FLOOR_PT - 0.05:
                small.append((row["lang"], row["chapter"], round(size, 2), piece[:40]))
    assert small == []


def test_a_handout_is_a_tagged_pdf_with_its_language_title_and_embedded_fonts(printed, chapters):
    for row in printed:
        if row["chapter"] not in (1, 6):
            continue
        reader = row["reader"]
        root = reader.trailer["/Root"]
        assert root["/MarkInfo"]["/Marked"].value is True, row["path"]
        assert "/StructTreeRoot" in root, row["path"]
        assert root["/Lang"] == row["lang"], row["path"]
        title = reader.metadata.title
        assert title == f"{chapters[row['chapter'] - 1].title[row['lang']]} — {strings(row['lang'])('app_title')}"
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                if font.get("/Subtype") == "/Type3":  # glyphs drawn in the PDF itself (the labels' halo text)
                    assert "/CharProcs" in font and "/ToUnicode" in font, row["path"]  # and still text
                    continue
                descendants = font.get("/DescendantFonts") or [font]
                descriptor = descendants[0].get_object()["/FontDescriptor"]
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]


def test_page_two_holds_only_what_may_move(printed, chapters):
    """Page 2 starts with the chapter's title again; the chapter text is never on it (it stays beside the map)."""
    for row in printed:
        if row["pages"] == 1:
            continue
        chapter = chapters[row["chapter"] - 1]
        second = squash(row["texts"][1])
        assert squash(chapter.title[row["lang"]]) in second, row["path"]
        assert squash(chapter.text[row["lang"]])[:80] not in second, row["path"]
        assert squash(chapter.sources[-1].title) in second, row["path"]  # the sources go first
