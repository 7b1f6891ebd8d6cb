#!/usr/bin/env bash
# Sourced by the HTTP test scripts: starts `plateproof serve` on a free loopback port with a
# fresh data folder, and stops it on exit.
# After sourcing: $PLATEPROOF (the binary), $DATA (the data folder), $BASE (http://127.0.0.1:PORT).
PLATEPROOF="${PLATEPROOF:-$(swift build --show-bin-path)/plateproof}"
DATA="$(mktemp -d)"
LOG="$DATA/serve.log"
# No quality-control draw: it would put a random share of machine decisions on the review page.
"$PLATEPROOF" serve --port 0 --data "$DATA" --workers 1 --qa-rate 0 --log-level warning 2>"$LOG" &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do
    BASE="$(grep -o 'http://127.0.0.1:[0-9]*' "$LOG" | head -1 || true)"
    [[ -n "$BASE" ]] && break
    sleep 0.1
done
[[ -n "$BASE" ]] || { echo "plateproof serve did not start:" >&2; cat "$LOG" >&2; exit 1; }
