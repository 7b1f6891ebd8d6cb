#!/usr/bin/env bash
# Fuzzes the HTTP API from its own OpenAPI document with schemathesis (PyPI): every operation, with
# an admin key, generated and mutated inputs, stateful sequences. Fails on any 5xx, on a response
# that breaks the document, or on an unexpected error in the server's log.
# Usage: scripts/fuzz-api.sh [MAX_EXAMPLES]   (default 100 per operation)
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
if grep -q "unexpected error" "$LOG"; then
    echo "the server logged unexpected errors:" >&2
    grep "unexpected error" "$LOG" >&2
    exit 1
fi
