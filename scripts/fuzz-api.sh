#!/usr/bin/env bash
# Fuzzes the HTTP API from its own OpenAPI document with schemathesis (PyPI): every operation, with
# an admin key, generated and mutated inputs, stateful sequences. Fails on any 5xx, on a response
# that breaks the document, or on an unexpected error in the server's log.
# A second run, with a site-scoped key, also fails when another site's objects reach that key.
# Usage: scripts/fuzz-api.sh [MAX_EXAMPLES] [SITE_RUN_EXAMPLES]   (default 100 and 30 per operation)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v schemathesis >/dev/null || python3 -m pip install --quiet --disable-pip-version-check "schemathesis==4.32.5"
source scripts/start-test-server.sh
ADMIN="$("$PLATEPROOF" keys create --role admin --name fuzzer --data "$DATA" 2>/dev/null)"
# Some stored claims, so generated ids and accounts find something.
"$PLATEPROOF" enqueue --account alice --data "$DATA" TestImages/plates/*.jpg >/dev/null
schemathesis run "$BASE/openapi.yaml" \
    --header "Authorization: Bearer $ADMIN" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --max-examples "${1:-100}" \
    --seed 20261124 \
    --request-timeout 30
# Then as a site's admin, with stateful sequences: another site's claims, accounts and events must
# never reach it (scripts/fuzz_site_check.py fails the run on any).
"$PLATEPROOF" sites create fuzz-north --data "$DATA" >/dev/null
"$PLATEPROOF" sites create fuzz-south --data "$DATA" >/dev/null
SOUTH_CLAIMS="$("$PLATEPROOF" enqueue --account alice --site fuzz-south --data "$DATA" --json TestImages/plates/*.jpg \
    | python3 -c 'import json, sys; print(",".join(str(json.loads(line)["claim_id"]) for line in sys.stdin))')"
"$PLATEPROOF" enqueue --account alice --site fuzz-north --data "$DATA" TestImages/plates/synthetic-food.jpg >/dev/null
NORTH="$("$PLATEPROOF" keys create --role admin --name fuzzer-north --site fuzz-north --data "$DATA" 2>/dev/null)"
PYTHONPATH=scripts SCHEMATHESIS_HOOKS=fuzz_site_check PLATEPROOF_FUZZ_SITE=fuzz-north PLATEPROOF_FUZZ_FOREIGN_CLAIMS="$SOUTH_CLAIMS" \
    schemathesis run "$BASE/openapi.yaml" \
    --header "Authorization: Bearer $NORTH" \
    --checks not_a_server_error,status_code_conformance,response_schema_conformance,no_other_site \
    --max-examples "${2:-30}" \
    --seed 20261202 \
    --request-timeout 30
if grep -q "unexpected error" "$LOG"; then
    echo "the server logged unexpected errors:" >&2
    grep "unexpected error" "$LOG" >&2
    exit 1
fi
