#!/usr/bin/env bash
# Install everything the tests need (Python packages into .venv, Debian's chromium and nodejs, npm packages) and run the
# whole suite (the JavaScript unit tests run inside it: tests/test_assets.py).
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

# Node.js for the map's JavaScript: its unit tests (tests/js, `node --test`) and the check that geo/static/dist is what
# geo/static/src builds to. Debian's nodejs and npm when missing; esbuild pinned in package.json + package-lock.json,
# installed with `npm ci` into node_modules/ (again only when the lock file changed).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "Installing Debian's nodejs and npm for the JavaScript build and unit tests..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "warning: Node $(node --version) is older than 20, the version the JavaScript tests are written for" >&2
fi
LOCK_SUM="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -x node_modules/.bin/esbuild ] || [ "$(cat node_modules/.lock-sha256 2>/dev/null)" != "$LOCK_SUM" ]; then
  # --ignore-scripts: no package may run code at install (vnu-jar's postinstall would download a Java runtime from
  # GitHub; Debian's is installed below); esbuild needs none (its binary is an optional dependency)
  npm ci --no-audit --no-fund --loglevel=error --ignore-scripts
  echo "$LOCK_SUM" > node_modules/.lock-sha256
fi

# Java for the W3C Nu HTML Checker (vnu.jar, npm package vnu-jar pinned in package.json; tests/test_html_validity.py).
if ! command -v java >/dev/null 2>&1; then
  echo "Installing Debian's default-jre-headless for the HTML validity test..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
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
