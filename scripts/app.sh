#!/usr/bin/env bash
# Install the project into .venv and start the map app (http://localhost:8501). Works with no internet after install.
# Usage: bash scripts/app.sh [streamlit options, e.g. --server.port 8502]
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
echo "Starting the map at http://localhost:8501 (Ctrl+C stops it)"
exec .venv/bin/python -m streamlit run app.py "$@"
