#!/usr/bin/env bash
# Peak memory of `serve` while N clients upload one large photo at once (multipart, curl), and
# what each was answered. Usage: scripts/bench-upload-memory.sh PHOTO [CLIENTS] [UPLOAD_MEMORY]
# PHOTO is padded after its end to 29 MB, so every body is as large as the default limit allows.
set -euo pipefail
cd "$(dirname "$0")/.."
photo="$(realpath "$1")" clients="${2:-10}" budget="${3:-128000000}"
swift build -c release --product plateproof >/dev/null
PLATEPROOF="$(swift build -c release --show-bin-path)/plateproof"
DATA="$(mktemp -d)"
python3 - "$photo" "$DATA/big.jpg" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(data + bytes((i * 7919) % 251 for i in range(29_000_000 - len(data))))
PY
key="$("$PLATEPROOF" keys create --role uploader --name load --data "$DATA" 2>/dev/null)"
"$PLATEPROOF" serve --port 0 --workers 0 --upload-memory "$budget" --data "$DATA" --log-level warning 2>"$DATA/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$DATA/serve.log" && break; sleep 0.1; done
base="$(grep -o 'http://127.0.0.1:[0-9]*' "$DATA/serve.log" | head -1)"
statuses=()
for i in $(seq 1 "$clients"); do
    curl -s -o /dev/null -w "%{http_code}\n" -H "Authorization: Bearer $key" \
        -F "photo=@$DATA/big.jpg;type=image/jpeg" -F "account=client$i" "$base/v1/claims" > "$DATA/status-$i" &
    statuses+=($!)
done
wait "${statuses[@]}"
echo "$clients uploads of 29 MB, --upload-memory $budget: answers $(cat "$DATA"/status-* | sort | uniq -c | tr -s ' ' | tr '\n' ' ')"
grep VmHWM "/proc/$pid/status"
