"""PNG, handout PDF and the classroom pack, through Debian's Chromium with outside requests blocked."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from PIL import Image
from pypdf import PdfReader

from tests.browser.harness import REPO


def run(*argv):
    """The real command in its own process (Playwright's sync API cannot nest inside the tests' browser)."""
    done = subprocess.run([sys.executable, "-m", "geo", *argv], capture_output=True, text=True, timeout=600,
                          cwd=REPO, check=False)
    return done.returncode, done.stdout, done.stderr


def test_png_has_the_size_asked_and_is_not_blank(tmp_path):
    target = tmp_path / "map.png"
    code, _, err = run("export", "--format", "png", "--date", "2021-01-01", "--width", "900", "--height", "600",
                       "--output", str(target))
    assert code == 0, err
    image = Image.open(target).convert("RGB")
    assert image.size == (900, 600)
    colours = image.getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50  # a map, not a blank page
    dark = sum(count for count, rgb in colours if sum(rgb) < 200)
    assert dark > 500  # text: the date, the legend and the credit are drawn in


def test_handout_is_a4_with_the_chapter_text_on_the_map_page(tmp_path):
    # every chapter x language is checked word for word in test_handouts.py; this is the command line
    target = tmp_path / "handout.pdf"
    code, _, err = run("handout", "--chapter", "6", "--lang", "en", "--output", str(target))
    assert code == 0, err
    reader = PdfReader(target)
    assert len(reader.pages) in (1, 2)  # sources that do not fit beside the map go to page 2
    for page in reader.pages:
        width, height = (float(v) for v in page.mediabox.upper_right)
        assert abs(width - 842) <= 2 and abs(height - 595) <= 2  # A4 landscape, in points
    text = reader.pages[0].extract_text()
    assert "10 November 2020" in text


def test_handout_rejects_a_missing_chapter(tmp_path):
    code, _, err = run("handout", "--chapter", "99", "--output", str(tmp_path / "x.pdf"))
    assert code == 2 and "--chapter must be 1.." in err


def test_pack_has_map_handouts_data_and_readme(tmp_path):
    target = tmp_path / "pack.zip"
    code, _, err = run("pack", "--lang", "ru", "--output", str(target))
    assert code == 0, err
    with zipfile.ZipFile(target) as pack:
        names = pack.namelist()
        assert "map.html" in names and "README.txt" in names
        assert "data/presence-map.geojson" in names and "data/presence-map.csv" in names
        handouts = [n for n in names if n.startswith("handouts/") and n.endswith(".pdf")]
        assert len(handouts) >= 10
        readme = pack.read("README.txt").decode("utf-8")
        assert "Российское военное присутствие" in readme and "map.html" in readme
