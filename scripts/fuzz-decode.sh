#!/usr/bin/env bash
# Fuzzes the decoder (libFuzzer + AddressSanitizer), seeded with TestImages and the shared corpus.
# Usage: scripts/fuzz-decode.sh [seconds]   (default 600). Crashes are written to Fuzz/crash-*.
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
seconds="${1:-600}"
swift build -c debug --sanitize=fuzzer --sanitize=address --product DecodeFuzzer
mkdir -p corpus
find ../TestImages ../../shared/conformance -type f \( -name '*.jpg' -o -name '*.jpeg' -o -name '*.png' \) \
    -size -200k -exec cp -n {} corpus/ \; 2>/dev/null || true
exec .build/debug/DecodeFuzzer corpus -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 \
    -timeout=10 -artifact_prefix=./crash-
