#!/usr/bin/env bash
# Regenerates TestImages/ from Tests/PlateProofImagingTests/Fixtures/FixtureGenerator.swift.
set -euo pipefail
cd "$(dirname "$0")/.."
PLATEPROOF_WRITE_FIXTURES=1 swift test --filter "FixtureTests/committedFixturesAreCurrent"
git status --short TestImages
