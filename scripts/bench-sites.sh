#!/usr/bin/env bash
# Measures the main reads at scale: 200 sites and 20,000 claims (50 accounts a site, the same ids at
# every site), written straight into a migrated database, then wrk on each read of a release
# `plateproof serve` on loopback, with a site-scoped key and with a platform-wide one: requests/s, p50
# and p99 latency per read. (The query plans behind them: `swift test --filter SiteScaleTests` prints them.)
# Usage: scripts/bench-sites.sh sqlite|postgres [SECONDS]   (postgres: inside scripts/with-postgres.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
engine="${1:-sqlite}" seconds="${2:-10}"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
swift build -c release --product plateproof >/dev/null
PLATEPROOF="$(swift build -c release --show-bin-path)/plateproof"
DATA="$(mktemp -d)"
storage=(--data "$DATA")
if [[ $engine == postgres ]]; then
    : "${PLATEPROOF_TEST_POSTGRES_URL:?run inside scripts/with-postgres.sh}"
    name="bench_sites_$RANDOM"
    psql "$PLATEPROOF_TEST_POSTGRES_URL" -qc "CREATE DATABASE $name"
    url="${PLATEPROOF_TEST_POSTGRES_URL%/*}/$name"
    storage+=(--db "$url")
fi
"$PLATEPROOF" migrate "${storage[@]}" >/dev/null
sites=200 claims=20000
start=$(( $(date +%s) - claims ))
# The same rows on both engines, numbered from a table `series` of 0 to $claims.
rows="
INSERT INTO sites (id, name, created_at) SELECT 's' || i, 'site ' || i, 0 FROM series WHERE i < $sites;
INSERT INTO claims (site, uploader, idempotency_key, account, activity, photo_sha256, status, decision, claimed_at, decided_at)
    SELECT 's' || (i % $sites), 'u', 'k' || i, 'a' || (i / $sites % 50), 'clean-plate', PAD64,
        'approved', 'approve', $start + i, $start + i FROM series WHERE i >= 1;
INSERT INTO ledger_entries (site, account, kind, amount, claim_id, claim_sequence, reason, created_at)
    SELECT site, account, 'claim_credit', 200, id, 0, 'bench', claimed_at FROM claims;
INSERT INTO events (type, claim_id, site, account, status, decided_by, at)
    SELECT 'claim.approved', id, site, account, 'approved', 'bench', claimed_at FROM claims;
INSERT INTO groups (site, id, created_at) SELECT id, 'dorm', 0 FROM sites WHERE id != 'default';
INSERT INTO group_members (site, group_id, account) SELECT DISTINCT site, 'dorm', account FROM claims
    WHERE account IN ('a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9');
ANALYZE;"
if [[ $engine == postgres ]]; then
    pad="lpad(i::TEXT, 64, '0')"
    psql "$url" -q -v ON_ERROR_STOP=1 \
        -c "CREATE TEMP TABLE series AS SELECT generate_series(0, $claims) AS i; ${rows//PAD64/$pad}"
else
    pad="printf('%064d', i)"
    python3 - "$DATA/plateproof.sqlite" "$claims" "${rows//PAD64/$pad}" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TEMP TABLE series (i INTEGER)")
db.executemany("INSERT INTO series VALUES (?)", [(i,) for i in range(int(sys.argv[2]) + 1)])
db.executescript(sys.argv[3])
db.commit()
PY
fi
"$PLATEPROOF" serve --port 0 "${storage[@]}" --workers 1 --log-level warning 2>"$DATA/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$DATA/serve.log" && break; sleep 0.1; done
base="$(grep -o 'http://127.0.0.1:[0-9]*' "$DATA/serve.log" | head -1)"
scoped="$("$PLATEPROOF" keys create --role moderator --name bench-s7 --site s7 "${storage[@]}" 2>/dev/null)"
platform="$("$PLATEPROOF" keys create --role admin --name bench-platform "${storage[@]}" 2>/dev/null)"
claim=$(( 7 + sites * 3 ))  # a claim of s7
echo "$engine: $sites sites, $claims claims; ${seconds}s per read, 2 threads, 8 connections"
printf '%-44s %10s %10s %10s\n' read requests/s p50 p99
for read in "scoped /v1/leaderboard" "scoped /v1/leaderboard?group=dorm" "scoped /v1/events?limit=100" \
    "scoped /v1/accounts/a3" "scoped /v1/claims/$claim" "platform /v1/leaderboard?site=s7" "platform /v1/events?limit=100"; do
    who="${read%% *}" path="${read#* }"
    key="$scoped"; [[ $who == platform ]] && key="$platform"
    status="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" "$base$path")"
    [[ $status == 200 ]] || { echo "$read answered $status" >&2; exit 1; }
    out="$(wrk -t 2 -c 8 -d "${seconds}s" --latency -H "Authorization: Bearer $key" "$base$path")"
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    p50="$(awk '$1 == "50%" {print $2}' <<<"$out")" p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
    printf '%-44s %10s %10s %10s\n' "$who $path" "$rps" "$p50" "$p99"
done
