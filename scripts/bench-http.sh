#!/usr/bin/env bash
# Measures uploads: wrk POSTs one photo again and again (a new Idempotency-Key each time) to a
# release `plateproof serve` with its embedded workers running, on loopback.
# Usage: scripts/bench-http.sh PHOTO [SECONDS] [CONNECTIONS] [WORKERS]
set -euo pipefail
cd "$(dirname "$0")/.."
photo="$(realpath "$1")"
seconds="${2:-20}" connections="${3:-8}" workers="${4:-2}"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
swift build -c release --product plateproof >/dev/null
PLATEPROOF="$(swift build -c release --show-bin-path)/plateproof"
DATA="$(mktemp -d)"
"$PLATEPROOF" serve --port 0 --data "$DATA" --workers "$workers" --log-level warning 2>"$DATA/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$DATA/serve.log" && break; sleep 0.1; done
base="$(grep -o 'http://127.0.0.1:[0-9]*' "$DATA/serve.log" | head -1)"
key="$("$PLATEPROOF" keys create --role uploader --name load --data "$DATA" 2>/dev/null)"
echo "photo $(stat -c %s "$photo") bytes, ${seconds}s, $connections connections, $workers embedded workers"
wrk -t 2 -c "$connections" -d "${seconds}s" --latency -s scripts/load-upload.lua "$base" -- "$photo" "$key"
echo "claims stored: $(curl -s -H "Authorization: Bearer $key" "$base/healthz")"
