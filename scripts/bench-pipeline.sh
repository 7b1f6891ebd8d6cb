#!/usr/bin/env bash
# Full-pipeline claims/s: queues every photo under DIR (one account per photo), then K `worker --drain`
# processes decide them all (decode, verifier, evidence, duplicates, ledger); prints claims/s.
# Usage: scripts/bench-pipeline.sh DB DIR K [CONCURRENCY]
#   DB: an SQLite file or postgres://… (start from an empty one); blobs go to a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
db="$1" dir="$2" processes="$3" concurrency="${4:-1}"
PLATEPROOF="${PLATEPROOF:-$(swift build -c release --show-bin-path)/plateproof}"
data="$(mktemp -d /tmp/plateproof-bench-pipeline.XXXXXX)"
trap 'rm -rf "$data"' EXIT
storage=(--db "$db" --data "$data")
count=0
while IFS= read -r -d '' photo; do
    "$PLATEPROOF" enqueue "$photo" --account "bench-$count" "${storage[@]}" >/dev/null
    count=$((count + 1))
done < <(find "$dir" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) -print0)
start=$(date +%s.%N)
for _ in $(seq 1 "$processes"); do
    "$PLATEPROOF" worker --drain --concurrency "$concurrency" --qa-rate 0 "${storage[@]}" 2>/dev/null &
done
wait
end=$(date +%s.%N)
python3 -c "print(f'$processes worker process(es) x $concurrency: $count claims in {$end - $start:.2f} s = {$count / ($end - $start):.1f} claims/s')"
