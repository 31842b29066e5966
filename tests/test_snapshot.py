"""geo.snapshot without a browser: the printable page sizes and the checks made before Chromium starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.errors import UsageError
from geo.snapshot import A4_LANDSCAPE_PX, page_px, render_pdf, render_png


def test_page_sizes_in_css_px_less_the_margins():
    assert page_px() == A4_LANDSCAPE_PX == (1062, 733)  # (297 - 16) mm and (210 - 16) mm at 96 dpi
    assert page_px("a4", landscape=False) == (733, 1062)
    assert page_px("a3") == (1526, 1062)
    assert page_px("letter") == (995, 755)  # 11 x 8.5 in less 2 x 8 mm, rounded down


def test_bad_sizes_are_refused_before_chromium(tmp_path: Path):
    with pytest.raises(UsageError, match="--page must be one of a4, a3, letter"):
        page_px("a5")
    with pytest.raises(UsageError, match="--page"):
        render_pdf("<html></html>", tmp_path / "x.pdf", page_size="tabloid")
    with pytest.raises(UsageError, match="--scale must be 1..3"):
        render_png("<html></html>", tmp_path / "x.png", scale=3.5)
    assert list(tmp_path.iterdir()) == []
