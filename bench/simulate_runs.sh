#!/usr/bin/env bash
# The long runs of `examroom simulate` recorded in bench/RESULTS.md (issue 9).
#
# Each PostgreSQL run gets a fresh schema in the `test` database (as the server tests do),
# so runs never see each other's rows. Summaries go to $OUT/<name>.json, progress to
# $OUT/<name>.err. Usage: bench/simulate_runs.sh [OUT] [run names...]
# A smaller load run: LOAD_KIOSKS=150 LOAD_DURATION=180 PIN=1 bench/simulate_runs.sh OUT load
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

# With PIN=1 (issue 22): the room (every kiosk process) runs on CPU $KIOSK_CPU and the
# spawned server, once it is up, is moved to CPU $SERVER_CPU (PostgreSQL is the system's
# and is left where it is). Each server process writes its own time per push to
# $OUT/<name>.push-times.json.<pid> (app/server/push_timing.py).
pin_server() {  # re-pin the spawned server(s) of simulate $1 until it ends
  while kill -0 "$1" 2>/dev/null; do
    for pid in $(pgrep -P "$1" -f "app server" 2>/dev/null); do
      taskset -a -p -c "${SERVER_CPU:-1}" "$pid" >/dev/null 2>&1
      for child in $(pgrep -P "$pid" 2>/dev/null); do
        taskset -a -p -c "${SERVER_CPU:-1}" "$child" >/dev/null 2>&1
      done
    done
    sleep 2
  done
}

run() {
  local name=$1
  shift
  echo "== $name: examroom simulate $*" >"$OUT/$name.err"
  local pin=()
  if [ "${PIN:-0}" = 1 ]; then pin=(taskset -c "${KIOSK_CPU:-0}"); fi
  EXAMROOM_PUSH_TIMES="$OUT/$name.push-times.json" \
    "${pin[@]}" /usr/bin/time -v .venv/bin/python -m app simulate "$@" --workdir "$OUT/$name" \
    >"$OUT/$name.json" 2>>"$OUT/$name.err" &
  local sim=$!
  if [ "${PIN:-0}" = 1 ]; then
    # /usr/bin/time's child is the simulator; its children are the server and the kiosks
    sleep 1
    pin_server "$(pgrep -P "$sim" -f "app simulate" | head -1)" &
  fi
  wait "$sim"
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
      run load --spawn-server --db "$(fresh_db load)" --kiosks "${LOAD_KIOSKS:-500}" \
        --duration "${LOAD_DURATION:-300}" \
        --kiosks-per-process 25 --no-proxy --seed 13 --drain-timeout 600 --arrival 60 \
        --sync-wait 20 ${LOAD_ARGS:-} ;;
    relay)   # 40 kiosks through the room relay; central down from 5 s to 8 min (the whole
             # tests run with no internet), the relay kill -9'ed 3 times, then the drain
      run relay --spawn-server --db "$(fresh_db relay)" --kiosks 40 --duration 600 \
        --relay --relay-kills 3 --outage 480 --outage-at 5 --kill-rate 20 --net-faults 0.04 \
        --seed 14 --drain-timeout 600 ;;
  esac
done
