#!/usr/bin/env bash
# Formats every Swift file with the repository's .swift-format and fails if that changed anything.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format -i -r Sources Tests Package.swift Fuzz
git diff --exit-code -- Sources Tests Package.swift Fuzz
