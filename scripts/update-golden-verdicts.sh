#!/usr/bin/env bash
# Rewrites the pinned verifier verdicts on ../shared/plates after a deliberate change of the rules
# (bump VerifierConfiguration.heuristicVersion first).
set -euo pipefail
cd "$(dirname "$0")/.."
PLATEPROOF_WRITE_GOLDEN=1 swift test --filter "GoldenVerdictsTests"
git diff --stat Tests/PlateProofVerifierTests/Golden
