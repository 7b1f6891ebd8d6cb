#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 (Debian's, as the postgres user, in a temporary
# folder, on a free loopback port) and PLATEPROOF_TEST_POSTGRES_URL pointing at it; stops it after.
# A test can take the server down for a while: it writes the seconds to $PLATEPROOF_TEST_POSTGRES_CONTROL/outage,
# this script stops the server, touches …/stopped, waits, starts it again and touches …/started.
# Usage: scripts/with-postgres.sh COMMAND [ARGS…]
set -euo pipefail
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[[ -x "$bin/initdb" ]] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 2; }
as_postgres() { if [[ $(id -un) == postgres ]]; then "$@"; else runuser -u postgres -- "$@"; fi; }
folder="$(mktemp -d /tmp/plateproof-pg.XXXXXX)"
chown postgres "$folder"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
as_postgres "$bin/initdb" -D "$folder/data" -U postgres -A trust --no-sync >/dev/null
options="-p $port -k $folder -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
control="$folder/control"
mkdir -p "$control"
export PGDATA="$folder/data" PGPORT="$port" PLATEPROOF_TEST_POSTGRES_CONTROL="$control"
outages() {
    while sleep 0.1; do
        [[ -f "$control/outage" ]] || continue
        seconds="$(cat "$control/outage")"
        rm -f "$control/outage" "$control/stopped" "$control/started"
        as_postgres "$bin/pg_ctl" -D "$folder/data" -m fast -w stop >/dev/null && touch "$control/stopped"
        sleep "$seconds"
        as_postgres "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -o "$options" start >/dev/null && touch "$control/started"
    done
}
stop() {
    [[ -n "${watcher:-}" ]] && kill "$watcher" 2>/dev/null || true
    as_postgres "$bin/pg_ctl" -D "$folder/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$folder"
}
trap stop EXIT
as_postgres "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -o "$options" start >/dev/null
as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres plateproof_test
export PLATEPROOF_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/plateproof_test"
outages &
watcher=$!
"$@"
