"""Template, Markdown and XSS payloads in the data, the command line and the link, through every output.

Text is data, never code: each payload must come out literally (HTML export, each-event files, PNG, handout PDF,
classroom pack, CSV, the app), with exit 0, never evaluated (no 1337 for {{ 7*191 }}), never a link or markup.
The browser half (the export and the app in Chromium) is tests/browser/test_hostile.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import branca.element
import pytest
from PIL import Image
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

import tests.hostile as h
from geo.cli import main
from geo.config import Settings
from geo.elements import read_payload
from geo.io import load_catalog
from geo.mdsafe import md
from geo.render import MapOptions, build_document

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")
ALL_TEMPLATES = " ".join(h.TEMPLATE)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return h.build(tmp_path_factory.mktemp("hostile") / "layers")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def command(*argv: str) -> subprocess.CompletedProcess[str]:
    """The real command in its own process (Playwright's sync API must not run inside the test process here)."""
    return subprocess.run([sys.executable, "-m", "geo", *argv], capture_output=True, text=True, timeout=900,
                          cwd=REPO, check=False)


def assert_not_evaluated(text: str) -> None:
    for evil in h.EVIL:
        assert evil not in text, evil


def test_the_hostile_data_validates(hostile):
    code, out, _ = run("validate", "--layers", str(hostile))
    assert code == 0, out  # a payload is data, and data may say anything


def test_no_template_is_ever_compiled_from_text(hostile, monkeypatch):
    """The mechanism: branca's Element(text) compiles text as a template; nothing we render may reach it."""
    compiled: list[str] = []
    original = branca.element.Element.__init__

    def spy(self, template=None, template_name=None):
        if template is not None:
            compiled.append(template)
        original(self, template, template_name)

    monkeypatch.setattr(branca.element.Element, "__init__", spy)
    catalog = load_catalog(Settings(layers_dir=hostile)).catalog
    build_document(catalog, MapOptions(day=dt.date(2021, 1, 1), title=ALL_TEMPLATES), today=dt.date.today())
    assert [t for t in compiled if not t.startswith("<meta http-equiv")] == []  # only branca's own constant


@pytest.mark.parametrize("title", [*h.TEMPLATE, "{%", "{{", "{#", "{% endif %}", "}}", ALL_TEMPLATES])
def test_html_export_keeps_the_title_literally(hostile, tmp_path, title):
    target = tmp_path / "map.html"
    code, out, err = run("export", "--layers", str(hostile), "--format", "html", "--date", "2021-01-01",
                         "--title", title, "--output", str(target), "--embed")
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    texts = h.Texts(html)
    assert texts.title == title
    assert title in texts.attributes["aria-label"]
    assert texts.noscript.startswith(title + " — ")
    assert h.Texts(out).attributes["title"] == [title]  # the iframe snippet
    assert_not_evaluated(texts.title + texts.noscript + " ".join(texts.attributes["aria-label"]))


def test_html_export_keeps_data_text_literally(hostile, tmp_path):
    target = tmp_path / "map.html"
    code, _, err = run("export", "--layers", str(hostile), "--format", "html", "--chapters", "--output", str(target))
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    payload = read_payload(html)
    assert payload["dataset"]["title"] == h.TITLE and payload["dataset"]["licence"] == h.LICENCE
    assert payload["layers"][0]["title"] == h.LAYER_TITLE
    feature = next(f for f in payload["features"] if f["id"] == h.FEATURE_ID)
    assert feature["name"]["en"] == h.FEATURE_NAME and feature["description"] == h.FEATURE_DESCRIPTION
    assert feature["figures"][0]["note"] == h.TEMPLATE[0]
    event = next(f for f in payload["features"] if f["id"] == h.EVENT_ID)
    assert event["name"]["ru"] == h.EVENT_NAME
    assert payload["chapters"][0]["title"]["en"] == h.CHAPTER_TITLE
    texts = h.Texts(html)
    assert "img" not in texts.tags and "svg" not in texts.tags  # no markup from the data anywhere in the page
    assert_not_evaluated(texts.title + texts.noscript)


def test_each_event_titles_its_files_with_the_event_name_literally(hostile, tmp_path):
    folder = tmp_path / "events"
    code, _, err = run("export", "--layers", str(hostile), "--format", "html", "--each-event", "--from", "2020-11-01",
                       "--to", "2020-11-30", "--title", h.TEMPLATE[1], "--output", str(folder))
    assert code == 0, err
    page = folder / "2020-11-10-event-2020-11-10-ceasefire-statement.html"
    texts = h.Texts(page.read_text(encoding="utf-8"))
    assert texts.title == f"{h.EVENT_NAME}: {h.TEMPLATE[1]}"
    assert_not_evaluated(texts.title + texts.noscript)


def test_the_png_is_made_from_a_document_with_the_text_literally(hostile, tmp_path, monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr("geo.cli.render_png", lambda html, output, **_: seen.append(html))
    code, _, err = run("export", "--layers", str(hostile), "--format", "png", "--title", ALL_TEMPLATES,
                       "--output", str(tmp_path / "map.png"))
    assert code == 0, err
    (html,) = seen
    assert h.Texts(html).title == ALL_TEMPLATES
    assert read_payload(html)["dataset"]["title"] == h.TITLE


def test_csv_cells_cannot_be_formulas(hostile):
    code, out, _ = run("export", "--layers", str(hostile), "--format", "csv", "--date", "2021-01-01")
    assert code == 0
    row = next(r for r in csv.DictReader(io.StringIO(out)) if r["id"] == h.FEATURE_ID)
    assert row["operator"].startswith("'=HYPERLINK")
    assert row["approximate_note"].startswith("'@SUM")
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


@pytest.mark.browser
def test_png_renders_with_a_hostile_title(hostile, tmp_path):
    target = tmp_path / "map.png"
    done = command("export", "--layers", str(hostile), "--format", "png", "--date", "2021-01-01", "--width", "700",
                   "--height", "500", "--title", ALL_TEMPLATES, "--output", str(target))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    image = Image.open(target).convert("RGB")
    assert image.size == (700, 500)
    colours = image.getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50


@pytest.mark.browser
def test_handout_prints_the_chapter_title_literally(hostile, tmp_path):
    target = tmp_path / "handout.pdf"
    done = command("handout", "--layers", str(hostile), "--chapter", "1", "--output", str(target))
    assert done.returncode == 0, done.stderr
    reader = PdfReader(target)
    text = " ".join(reader.pages[0].extract_text().split())
    assert "{{ 7*191 }}" in text and "{# c" in text and "{% if 1 %}x{% endif %}" in text
    assert_not_evaluated(text)
    assert h.CHAPTER_TITLE in (reader.metadata.title or "")


def test_pack_keeps_every_text_literally(hostile, tmp_path, monkeypatch):
    """The pack's map, README and data, and the document of every handout in it (printed by a stand-in for
    Chromium that keeps the document it was given; the real print is test_handout_prints_the_chapter_title_literally)."""
    import geo.classroom
    from geo.chapters import load_chapters
    from geo.classroom import write_pack

    class Printer:
        def __init__(self) -> None:
            self.scratch = tmp_path

        def __enter__(self) -> Printer:
            return self

        def __exit__(self, *_: object) -> None:
            return None

        def pdf(self, html: str, output: Path, *, setup: str | None = None) -> Path:
            output.write_text(html, encoding="utf-8")
            return output

    monkeypatch.setattr(geo.classroom, "Chromium", Printer)
    catalog = load_catalog(Settings(layers_dir=hostile)).catalog
    chapters = load_chapters(hostile, layer_ids=[layer.id for layer in catalog.layers], today=dt.date.today())
    target = write_pack(catalog, chapters, tmp_path / "pack.zip", lang="en", today=dt.date.today())
    with zipfile.ZipFile(target) as pack:
        readme = pack.read("README.txt").decode("utf-8")
        html = pack.read("map.html").decode("utf-8")
        handouts = [pack.read(n).decode("utf-8") for n in pack.namelist() if n.startswith("handouts/")]
        csv_text = pack.read("data/presence-map.csv").decode("utf-8")
    assert h.CHAPTER_TITLE in readme and h.TITLE in readme
    assert read_payload(html)["chapters"][0]["title"]["en"] == h.CHAPTER_TITLE
    assert len(handouts) == len(chapters)
    assert h.Texts(handouts[0]).title.startswith(h.CHAPTER_TITLE + " — ")
    for document in (html, *handouts):
        texts = h.Texts(document)
        assert_not_evaluated(texts.title + texts.noscript)
    assert_not_evaluated(readme)
    assert "'=HYPERLINK" in csv_text


# --- the app: URL and data text never become Markdown --------------------------------------------------------


def app(monkeypatch: pytest.MonkeyPatch, layers: Path, **query: str) -> AppTest:
    monkeypatch.setenv("PRESENCE_MAP_LAYERS", str(layers))
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def markdown_sources(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
    parts += [e.value for e in at.error] + [s.value for s in at.subheader]
    return "\n".join(parts)


@pytest.mark.parametrize("payload", [*h.MARKDOWN, h.XSS[0], h.TEMPLATE[0], "2021-01-01\n# heading"])
def test_a_bad_date_in_the_link_is_shown_not_rendered(hostile, monkeypatch, payload):
    at = app(monkeypatch, hostile, date=payload)
    (warning,) = at.warning
    assert md(payload[:40]) in warning.value  # every Markdown and HTML special is escaped
    assert "\n" not in warning.value and payload[:40] not in warning.value


def test_dataset_and_event_text_is_escaped_in_the_app(hostile, monkeypatch):
    at = app(monkeypatch, hostile, date="2020-11-12")
    sources = markdown_sources(at)
    assert md(h.TITLE) in sources and md(h.LICENCE) in sources  # the About caption
    assert md(h.EVENT_NAME) in sources  # the events near the date
    for raw in (h.MD_LINK, h.MD_IMAGE, h.XSS[0], h.TEMPLATE[0]):
        assert raw not in sources
    names = " ".join(at.dataframe[0].value.iloc[:, 0])
    assert h.FEATURE_NAME in names  # a table cell is text, shown as it is


def test_hostile_chapter_numbers_in_the_link_are_ignored(hostile, monkeypatch):
    for chapter in ("²", "1" * 5000, "0"):  # every other form: tests/test_state.py
        at = app(monkeypatch, hostile, chapter=chapter, date="2021-01-01")
        assert at.subheader[0].value == "1 January 2021"
