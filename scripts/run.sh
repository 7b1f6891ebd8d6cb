#!/usr/bin/env bash
# Installs what is missing, builds PlateProof in release mode and runs it.
# Usage: scripts/run.sh [plateproof arguments]   (default: serve, the HTTP service on SQLite)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
swift build -c release --product plateproof
if [[ $# -eq 0 ]]; then set -- serve; fi
exec .build/release/plateproof "$@"
