#!/usr/bin/env bash
# Installs what is missing, builds PlateProof and runs every test.
# The conformance and accuracy tests read ../shared beside the checkout and fail if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh --test
scripts/validate.sh
swift build --build-tests
swift test --skip-build
