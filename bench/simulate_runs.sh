#!/usr/bin/env bash
# The long runs of `examroom simulate` recorded in bench/RESULTS.md (issue 9).
#
# Each PostgreSQL run gets a fresh schema in the `test` database (as the server tests do),
# so runs never see each other's rows. Summaries go to $OUT/<name>.json, progress to
# $OUT/<name>.err. Usage: bench/simulate_runs.sh [OUT] [run names...]
set -u
cd "$(dirname "$0")/.."
OUT=${1:-/tmp/simruns}
shift || true
RUNS=${*:-"kills outage load"}
mkdir -p "$OUT"
PG=postgresql+psycopg://postgres@127.0.0.1:5432/test

fresh_db() {
  local schema="sim_$1_$(date +%s)"
  psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE SCHEMA $schema" >/dev/null
  echo "$PG?options=-csearch_path%3D$schema"
}

run() {
  local name=$1
  shift
  echo "== $name: examroom simulate $*" >"$OUT/$name.err"
  /usr/bin/time -v .venv/bin/python -m app simulate "$@" --workdir "$OUT/$name" \
    >"$OUT/$name.json" 2>>"$OUT/$name.err"
  echo "exit $?" >>"$OUT/$name.err"
}

for r in $RUNS; do
  case $r in
    kills)   # 40 kiosks, ~1,000 kiosk kills, ~1,000 network faults, 3 server kills
      run kills --spawn-server --db "$(fresh_db kills)" --kiosks 40 --duration "${KILLS_DURATION:-600}" \
        --kill-rate 100 --net-faults 0.06 --server-kills 3 --seed 11 ;;
    outage)  # 40 kiosks, the server stopped 5 minutes, then the drain
      run outage --spawn-server --db "$(fresh_db outage)" --kiosks 40 --duration 450 \
        --outage 300 --outage-at 60 --kill-rate 4 --net-faults 0.02 --seed 12 ;;
    load)    # 500 kiosks, 25 per process, straight to one server process
      run load --spawn-server --db "$(fresh_db load)" --kiosks 500 --duration 240 \
        --kiosks-per-process 25 --no-proxy --seed 13 --drain-timeout 600 ;;
  esac
done
