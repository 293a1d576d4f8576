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
RUNS=${*:-"kills outage load relay"}
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
      run kills --spawn-server --db "$(fresh_db kills)" --kiosks 40 --duration "${KILLS_DURATION:-660}" \
        --kill-rate 100 --net-faults "${NET_FAULTS:-0.07}" --server-kills 3 --seed 11 ;;
    outage)  # 40 kiosks, the server stopped 30 minutes (OUTAGE=seconds), then the drain
      run outage --spawn-server --db "$(fresh_db outage)" --kiosks 40 \
        --duration "$(( ${OUTAGE:-1800} + 150 ))" --outage "${OUTAGE:-1800}" --outage-at 60 \
        --kill-rate 4 --net-faults 0.02 --seed 12 ;;
    load)    # 500 kiosks, 25 per process, straight to one server process; candidates sit
             # down over the first minute; each kiosk long-polls 20 s as the kiosk app does
      run load --spawn-server --db "$(fresh_db load)" --kiosks 500 --duration 300 \
        --kiosks-per-process 25 --no-proxy --seed 13 --drain-timeout 600 --arrival 60 \
        --sync-wait 20 ${LOAD_ARGS:-} ;;
    relay)   # 40 kiosks through the room relay; central down from 5 s to 8 min (the whole
             # tests run with no internet), the relay kill -9'ed 3 times, then the drain
      run relay --spawn-server --db "$(fresh_db relay)" --kiosks 40 --duration 600 \
        --relay --relay-kills 3 --outage 480 --outage-at 5 --kill-rate 20 --net-faults 0.04 \
        --seed 14 --drain-timeout 600 ;;
  esac
done
