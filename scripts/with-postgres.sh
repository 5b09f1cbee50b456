#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL 15 server: initdb in a temporary folder, pg_ctl on
# loopback, a database for the tests; EQMS_TEST_POSTGRES_URL names it. The server is stopped and
# the folder removed when the command ends, whatever its outcome.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-packages.sh postgresql
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "error: PostgreSQL's initdb was not found under /usr/lib/postgresql" >&2; exit 1; }
folder=$(mktemp -d /tmp/eqms-postgres-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$folder"
cleanup() {
  as_postgres "$bin/pg_ctl" -D "$folder/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$folder"
}
trap cleanup EXIT
as_postgres "$bin/initdb" -D "$folder/data" -U postgres --auth=trust -E UTF8 >"$folder/initdb.log" 2>&1 \
  || { cat "$folder/initdb.log" >&2; exit 1; }
as_postgres "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" \
  -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c fsync=off" -w start >/dev/null \
  || { cat "$folder/server.log" >&2; exit 1; }
as_postgres "$bin/psql" -h "$folder" -p "$port" -U postgres -q -c "CREATE DATABASE eqms_test" >/dev/null
export EQMS_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/eqms_test"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port for the tests" >&2
"$@"
