#!/usr/bin/env bash
# Chooses the verifier's decision thresholds on ../shared/plates and ../shared/canteen by trying
# every combination below (plateproof sweep), and prints the rates with leave-one-source-out
# estimates: for each source of 20 photos or more, the rates on it with thresholds chosen on the
# others. The defaults in VerifierConfiguration are the chosen point; extra arguments go to sweep.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product plateproof >&2
exec .build/release/plateproof sweep ../shared/plates ../shared/canteen \
    --grid approve_at_most=0.06,0.07,0.08,0.09,0.1 \
    --grid reject_at_least=0.14,0.16,0.18,0.21 \
    --grid food_elsewhere_to_block=0.003,0.005,0.008,0.012 \
    --grid max_unexamined_tableware=0.01,0.02,0.04,0.08 \
    --grid min_dish_share_to_approve=0.1,0.14,0.18 \
    --grid food_elsewhere_to_reject=0.04,0.06,0.08 \
    "$@"
