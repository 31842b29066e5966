"""The W3C Nu HTML Checker (vnu.jar from the npm package vnu-jar, pinned in package.json; Java installed by
scripts/test.sh) finds no error in the exported documents, apart from two CSS properties the checker's grammar does
not know yet (Leaflet's own ``mix-blend-mode: plus-lighter``, and ``paint-order``, CSS Fill and Stroke Level 3, which
draws the place labels' halo under their letters), nor in the --embed snippet placed in an article page."""

import datetime as dt
import json
import shutil
import subprocess

import pytest

from geo.chapters import load_chapters
from geo.config import DEFAULT_LAYERS_DIR, Settings
from geo.export import embed_snippet
from geo.io import load_catalog
from geo.render import MapOptions, build_document
from tests.conftest import REPO

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: What we accept, and why: Leaflet 1.9's own stylesheet uses a value the checker's CSS grammar lacks.
LEAFLET_CSS = "“plus-lighter” is not a “mix-blend-mode” value"
#: The labels' halo (css/labels.css): ``paint-order: stroke fill`` is in every current browser; the checker lacks it.
PAINT_ORDER = "“paint-order”: Property “paint-order” doesn't exist"


def nu_errors(*paths):
    """Every error the checker reports for ``paths``: (file name, line, message, extract)."""
    java = shutil.which("java")
    assert java, "Java is missing: `bash scripts/test.sh` installs Debian's default-jre-headless"
    assert VNU.is_file(), f"{VNU} is missing: run `npm ci` (scripts/test.sh does)"
    done = subprocess.run([java, "-Xss2m", "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, paths)],
                          capture_output=True, text=True, timeout=600, check=False)
    report = json.loads(done.stderr or done.stdout)
    return [(m.get("url", "").rsplit("/", 1)[-1], m.get("lastLine"), m["message"], m.get("extract", ""))
            for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    catalog = load_catalog(Settings()).catalog
    today = dt.date.today()
    chapters = load_chapters(DEFAULT_LAYERS_DIR, layer_ids=[layer.id for layer in catalog.layers], today=today)
    folder = tmp_path_factory.mktemp("nu")
    made = {
        "default.html": MapOptions(day=today),
        "busy-day.html": MapOptions(day=dt.date(2023, 9, 20), lang="hy"),  # the longest text alternative
        "chapters.html": MapOptions(day=dt.date(2020, 11, 10), lang="ka", chapters=chapters, swap=True),
    }
    for name, options in made.items():
        (folder / name).write_text(build_document(catalog, options, today=today), encoding="utf-8")
    article = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>An article</title></head>\n"
               "<body><main><h1>An article</h1><p>Text.</p>\n"
               + embed_snippet("default.html", title="Russian military presence <map> & \"quotes\"")
               + "\n</main></body></html>\n")
    (folder / "article.html").write_text(article, encoding="utf-8")
    return folder, [*made, "article.html"]


def test_the_exported_documents_and_the_embed_snippet_have_no_error(documents):
    folder, names = documents
    errors = nu_errors(*(folder / name for name in names))
    leaflet = [e for e in errors if LEAFLET_CSS in e[2]]
    assert {e[0] for e in leaflet} == {"default.html", "busy-day.html", "chapters.html"}  # the checker read the CSS
    halo = [e for e in errors if PAINT_ORDER in e[2]]
    assert {e[0] for e in halo} <= {"default.html", "busy-day.html", "chapters.html"}  # only in our stylesheet
    others = [e for e in errors if LEAFLET_CSS not in e[2] and PAINT_ORDER not in e[2]]
    assert others == [], "\n".join(f"{f}:{line}: {msg} [{extract[:80]!r}]" for f, line, msg, extract in others)
