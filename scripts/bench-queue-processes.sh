#!/usr/bin/env bash
# Queue throughput across worker processes: queues JOBS no-op jobs, then K `bench-queue --phase
# process` processes lease and complete them together; prints jobs/s for the process phase.
# Usage: scripts/bench-queue-processes.sh DB JOBS K   (DB: an SQLite file or postgres://…; start from an empty one)
set -euo pipefail
cd "$(dirname "$0")/.."
db="$1" jobs="$2" processes="$3"
PLATEPROOF="${PLATEPROOF:-$(swift build -c release --show-bin-path)/plateproof}"
"$PLATEPROOF" bench-queue --db "$db" --jobs "$jobs" --phase enqueue >/dev/null
start=$(date +%s.%N)
for _ in $(seq 1 "$processes"); do "$PLATEPROOF" bench-queue --db "$db" --jobs "$jobs" --phase process >/dev/null & done
wait
end=$(date +%s.%N)
python3 -c "print(f'$processes process(es): $jobs jobs in {$end - $start:.2f} s = {$jobs / ($end - $start):.0f} jobs/s')"
