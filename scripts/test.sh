#!/usr/bin/env bash
# Install everything the tests need (Python packages into .venv, Debian's chromium) and run the whole suite.
# Usage: bash scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's chromium for the browser tests, PNG and PDF; DejaVu covers Latin, Cyrillic, Armenian and Georgian.
if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-dejavu-core >/dev/null 2>&1; then
  echo "Installing Debian's chromium and fonts for the browser tests..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    chromium fonts-dejavu-core >/dev/null
fi

# axe-core (accessibility rules) from the npm registry, pinned, unpacked into .cache/ for the browser tests.
AXE_VERSION=4.14.1
AXE_DIR=".cache/axe-core-$AXE_VERSION"
if [ ! -f "$AXE_DIR/axe.min.js" ]; then
  mkdir -p .cache
  (cd .cache && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null && tar xzf "axe-core-$AXE_VERSION.tgz" \
     && rm -rf "axe-core-$AXE_VERSION" && mv package "axe-core-$AXE_VERSION" && rm "axe-core-$AXE_VERSION.tgz")
fi
export PRESENCE_MAP_AXE="$PWD/$AXE_DIR/axe.min.js"

PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"

.venv/bin/python -m pytest "$@"
