#!/usr/bin/env bash
# Installs what is missing, builds PlateProof and runs every test: the Swift suites, the API fuzzer
# (schemathesis) and the review page's browser test (Chromium).
# The conformance and accuracy tests read ../shared beside the checkout and fail if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh --test
scripts/validate.sh
swift build --build-tests
# The store contract suites also run on a throwaway PostgreSQL. They, and the webhook crash test that
# reads PostgreSQL in the test process, run on their own, so that the CPU-bound suites (verifier,
# robustness, worker processes) cannot starve their transactions past the store's 10 s deadline on a
# 2-core machine. The scale-out test takes the database down midway, so it runs last.
own='PlateProofStoreTests|WebhookCrashTests'
scripts/with-postgres.sh bash -c "swift test --skip-build --skip ScaleOutTests --skip '$own' \
    && swift test --skip-build --filter '$own' && swift test --skip-build --filter ScaleOutTests"
# The HTTP service from outside: fuzzed from its OpenAPI document, and the review page in a browser.
scripts/fuzz-api.sh 100
scripts/browser-test.sh
