"""House rules that a reviewer would otherwise check by hand."""

import ast
import subprocess
import sys
from pathlib import Path

GEO = Path(__file__).resolve().parent.parent / "geo"


def test_geo_never_imports_streamlit():
    for path in GEO.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] in ("streamlit", "streamlit_folium") for n in names), path


def test_ruff_and_mypy_pass():
    root = GEO.parent
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "geo", "app.py"], cwd=root, capture_output=True,
                          text=True, check=False)
    assert ruff.returncode == 0, ruff.stdout
    mypy = subprocess.run([sys.executable, "-m", "mypy"], cwd=root, capture_output=True, text=True, check=False)
    assert mypy.returncode == 0, mypy.stdout
