#!/usr/bin/env bash
# Load benchmark (issue #23, performance): cold pages right after a write, readers beside a writer,
# the server's memory, and evidence creation through the web form and the API; on SQLite and on a
# throw-away PostgreSQL server (scripts/with-postgres.sh), side by side. The measuring is done by
# scripts/bench_load.py (Python 3 standard library, one process per client); it prints a table with
# each bound as met / not met and writes bench-load.json. Needs a release build of eqms (make bench
# builds it; EQMS_BINARY names another). Sizes and durations come from the environment:
#   EQMS_BENCH_LOAD_RECORDS=20000,100000   EQMS_BENCH_LOAD_SECONDS=30   EQMS_BENCH_LOAD_TRIES=20
#   EQMS_BENCH_LOAD_READERS=16   EQMS_BENCH_LOAD_WRITES_PER_SECOND=10   EQMS_BENCH_LOAD_TIMEOUT=5
#   EQMS_BENCH_LOAD_CREATE_CLIENTS=1,8,32   EQMS_BENCH_LOAD_CREATE_SECONDS=10
#   EQMS_BENCH_LOAD_BACKENDS=sqlite,postgres   EQMS_BENCH_LOAD_OUT=bench-load.json
# A quick check against a debug build:
#   EQMS_BINARY=.build/debug/eqms EQMS_BENCH_LOAD_RECORDS=2000,10000 EQMS_BENCH_LOAD_SECONDS=5 \
#     bash scripts/bench-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${EQMS_BINARY:-.build/release/eqms}
[ -x "$binary" ] || { echo "error: $binary is not built (make bench builds it; EQMS_BINARY names another)" >&2; exit 1; }
case ",${EQMS_BENCH_LOAD_BACKENDS:-sqlite,postgres}," in
  *,postgres,*) exec bash scripts/with-postgres.sh python3 scripts/bench_load.py ;;
  *) exec python3 scripts/bench_load.py ;;
esac
