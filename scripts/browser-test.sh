#!/usr/bin/env bash
# Runs the review page's browser test: headless Chromium (Debian chromium, chromium-driver) driven
# by Selenium (PyPI) against a fresh `plateproof serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c "import selenium" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check "selenium==4.51.0"
source scripts/start-test-server.sh
python3 scripts/browser-test.py "$BASE" "$DATA" "$PLATEPROOF"
