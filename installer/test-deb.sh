#!/usr/bin/env bash
# Install, run, remove and purge the examroom .deb in a CLEAN Debian 12 root (debootstrap,
# variant minbase; no container engine needed), as IT would on a lab PC.
#
#   installer/test-deb.sh [path/to/examroom_*.deb]     (as root; default: newest in dist/)
#
# Checks, in order:
#   1. `apt-get install ./examroom_*.deb` pulls its dependencies and succeeds;
#   2. the layout: /opt/examroom, /usr/bin/examroom, conffile /etc/examroom/config.toml,
#      autostart entry, systemd units, group "examroom", /var/lib/examroom root:examroom 2770;
#   3. `examroom --version`; `setup-kiosk-account` creates the kiosk account;
#   4. as that account: `examroom kiosk --headless` (store created and migrated in
#      /var/lib/examroom), then the real kiosk window (Qt, offscreen platform) up to its first
#      screen and a clean exit (cold start timed by installer/first_screen.py);
#   5. the autostart wrapper: runs for the kiosk account, not for another one, and restarts
#      the kiosk after a kill -9;
#   6. `apt-get remove`: program gone, configuration and data kept;
#   7. `apt-get purge` with an event still pending: data KEPT, reason printed;
#   8. reinstall, event acknowledged, remove + purge: data and /etc/examroom gone.
#
# The pristine root is cached in $EXAMROOM_CACHE (default /var/cache/examroom-installer, not
# in git) and copied for each run. Needs: debootstrap, python3, network to Debian's mirror
# (the package's dependencies), root. Took 99 s here (bench/RESULTS.md), + 29 s for the
# first debootstrap.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT_DIR=$PWD
[ "$(id -u)" = 0 ] || { echo "test-deb: run as root (debootstrap, chroot, mount)" >&2; exit 1; }

DEB=${1:-$(ls -t dist/examroom_*_amd64.deb 2>/dev/null | head -n 1)}
[ -f "$DEB" ] || { echo "test-deb: no .deb (build it: installer/build.sh)" >&2; exit 1; }
DEB=$(cd "$(dirname "$DEB")" && pwd)/$(basename "$DEB")
CACHE=${EXAMROOM_CACHE:-/var/cache/examroom-installer}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
BASE="$CACHE/bookworm-minbase"
T0=$(date +%s)

if [ ! -x "$BASE/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
  echo "== debootstrap bookworm (minbase) into $BASE (cached for the next runs)"
  rm -rf "$BASE.tmp"; mkdir -p "$CACHE"
  debootstrap --variant=minbase bookworm "$BASE.tmp" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 ||
    { tail -20 "$CACHE/debootstrap.log"; exit 1; }
  mv "$BASE.tmp" "$BASE"
fi

R=$(mktemp -d /var/tmp/examroom-deb-test.XXXXXX)
procs_in_root() {  # every process whose root is the test root (started by this script)
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$R" ] && echo "${p#/proc/}"
  done
  return 0
}
cleanup() {
  set +e
  # Nothing this script started may outlive it (a wrapper once span for hours, its root gone).
  left=$(procs_in_root)
  [ -z "$left" ] || { echo "test-deb: killing what is still running in $R: $left" >&2; kill -9 $left; sleep 1; }
  for m in "$R/dev/pts" "$R/dev" "$R/proc" "$R/sys"; do
    mountpoint -q "$m" && umount -l "$m"
  done
  [ -n "${KEEP_ROOT:-}" ] && { echo "root kept in $R"; return; }
  # Never delete through a mount still in place (it would reach the host's /dev).
  if grep -q " $R/" /proc/mounts; then
    echo "test-deb: $R still has mounts; not deleting it" >&2; return
  fi
  rm -rf --one-file-system "$R"
}
trap cleanup EXIT
echo "== fresh root $R (copy of the cached minbase)"
cp -a "$BASE/." "$R/"
mount --bind /dev "$R/dev"; mount -t devpts devpts "$R/dev/pts" 2>/dev/null || true
mount -t proc proc "$R/proc"; mount -t sysfs sys "$R/sys"
cp /etc/resolv.conf "$R/etc/resolv.conf"
# No service may start inside the chroot (there is no init).
printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d"; chmod 755 "$R/usr/sbin/policy-rc.d"
cp "$DEB" "$R/tmp/"
PKG="/tmp/$(basename "$DEB")"
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
in_root() { chroot "$R" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
  DEBIAN_FRONTEND=noninteractive "$@"; }
as_kiosk() { chroot --userspec=examroom-kiosk:examroom-kiosk --groups=examroom "$R" env -i \
  PATH=/usr/bin:/bin HOME=/home/examroom-kiosk USER=examroom-kiosk LC_ALL=C.UTF-8 \
  QT_QPA_PLATFORM=offscreen "$@"; }
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*" >&2; exit 1; }

echo "== 1. apt-get install ./$(basename "$DEB")"
in_root apt-get update -qq
t=$(date +%s)
in_root apt-get install -y -qq "$PKG" > "$R/tmp/install.log" 2>&1 || { tail -30 "$R/tmp/install.log"; fail "install"; }
ok "installed with its dependencies in $(( $(date +%s) - t )) s"

echo "== 2. layout"
for f in /opt/examroom/examroom /opt/examroom/examroom-check-synced /usr/lib/examroom/kiosk-session \
         /usr/lib/examroom/setup-kiosk-account; do
  [ -x "$R$f" ] || fail "$f missing or not executable"
done
[ "$(readlink "$R/usr/bin/examroom")" = /opt/examroom/examroom ] || fail "/usr/bin/examroom link"
for f in /etc/examroom/config.toml /etc/xdg/autostart/examroom-kiosk.desktop \
         /usr/lib/systemd/user/examroom-kiosk.service /usr/lib/systemd/system/examroom-server.service; do
  [ -f "$R$f" ] || fail "$f missing"
done
in_root dpkg-query -W -f='${Conffiles}\n' examroom | grep -q /etc/examroom/config.toml || fail "conffile"
# (stat inside the root: the host's /etc/group does not know the group examroom)
[ "$(in_root stat -c %U:%G:%a /var/lib/examroom)" = root:examroom:2770 ] ||
  fail "/var/lib/examroom is $(in_root stat -c %U:%G:%a /var/lib/examroom)"
in_root getent passwd examroom >/dev/null || fail "system user examroom"
ok "files, conffile, group/user examroom, /var/lib/examroom root:examroom 2770"

echo "== 3. examroom --version, kiosk account"
in_root examroom --version | grep -q '^examroom ' || fail "--version"
ok "$(in_root examroom --version)"
in_root /usr/lib/examroom/setup-kiosk-account >/dev/null || fail "setup-kiosk-account"
in_root id -nG examroom-kiosk | grep -qw examroom || fail "kiosk account not in group examroom"
ok "setup-kiosk-account: examroom-kiosk created, in group examroom"

echo "== 4. the installed kiosk starts (as the kiosk account, config from /etc/examroom)"
out=$(as_kiosk examroom kiosk --headless) || fail "kiosk --headless: $out"
echo "$out" | grep -q '"kiosk": "ok"' || fail "kiosk --headless printed: $out"
[ -f "$R/var/lib/examroom/kiosk.sqlite" ] || fail "no /var/lib/examroom/kiosk.sqlite"
ok "kiosk --headless: $out"
python3 installer/first_screen.py --cold --runs 1 -- chroot --userspec=examroom-kiosk:examroom-kiosk \
  --groups=examroom "$R" env -i PATH=/usr/bin:/bin HOME=/home/examroom-kiosk LC_ALL=C.UTF-8 \
  QT_QPA_PLATFORM=offscreen examroom kiosk --windowed --remote-control | tee "$R/tmp/first.txt" ||
  fail "kiosk window"
python3 installer/first_screen.py --runs 3 -- chroot --userspec=examroom-kiosk:examroom-kiosk \
  --groups=examroom "$R" env -i PATH=/usr/bin:/bin HOME=/home/examroom-kiosk LC_ALL=C.UTF-8 \
  QT_QPA_PLATFORM=offscreen examroom kiosk --windowed --remote-control | tail -n 1 |
  sed 's/^/warm /' || fail "kiosk window (warm)"
# The quit must exit 0 (EXIT_STAFF): the supervisor restarts every other exit.
ok "kiosk window up to its first screen"

echo "== 5. autostart wrapper"
as_kiosk /usr/lib/examroom/kiosk-session --check || fail "kiosk-session --check refuses the kiosk account"
in_root useradd --create-home teacher
chroot --userspec=teacher:teacher "$R" env -i PATH=/usr/bin:/bin HOME=/home/teacher \
  /usr/lib/examroom/kiosk-session --check && fail "kiosk-session runs for an account outside the group"
ok "kiosk-session --check: yes for examroom-kiosk, no for teacher"
as_kiosk /usr/lib/examroom/kiosk-session > "$R/tmp/session.log" 2>&1 &
session=$!
root_pid() {  # newest process matching $1 running inside this root (not the host's)
  local p
  for p in $(pgrep -f "$1" | sort -rn); do
    [ "$(readlink "/proc/$p/root" 2>/dev/null)" = "$R" ] && { echo "$p"; return; }
  done
}
kiosk_pid() { root_pid "examroom kiosk$"; }
supervisor_pid() { root_pid "examroom kiosk --supervise$"; }
first=""
for _ in $(seq 1 60); do first=$(kiosk_pid); [ -n "$first" ] && break; sleep 0.5; done
[ -n "$first" ] || fail "kiosk-session started no kiosk"
sleep 3
kill -9 "$first"
second=""
for _ in $(seq 1 40); do
  second=$(kiosk_pid); [ -n "$second" ] && [ "$second" != "$first" ] && break; second=""; sleep 0.5
done
[ -n "$second" ] || fail "the kiosk was not restarted after kill -9"
ok "the supervisor restarted the kiosk after kill -9 (pid $first -> $second)"
# SIGTERM to the supervisor stops its kiosk too; nothing of it may outlive this step.
sup=$(supervisor_pid)
[ -n "$sup" ] || fail "no supervisor (examroom kiosk --supervise) in the kiosk session"
kill "$sup" 2>/dev/null || true
kill "$session" 2>/dev/null || true; wait "$session" 2>/dev/null || true
for _ in $(seq 1 20); do [ -z "$(kiosk_pid)$(supervisor_pid)" ] && break; sleep 0.5; done
[ -z "$(kiosk_pid)$(supervisor_pid)" ] || fail "a kiosk or its supervisor outlived SIGTERM"

echo "== 6. apt-get remove"
in_root apt-get remove -y -qq examroom > "$R/tmp/remove.log" 2>&1 || { cat "$R/tmp/remove.log"; fail "remove"; }
[ ! -e "$R/opt/examroom/examroom" ] && [ ! -e "$R/usr/bin/examroom" ] || fail "program left after remove"
[ -f "$R/etc/examroom/config.toml" ] || fail "config removed by remove"
[ -f "$R/var/lib/examroom/kiosk.sqlite" ] || fail "data removed by remove"
ok "remove: program gone, config and data kept"

echo "== 7. purge while an answer is still pending: data kept"
in_root apt-get install -y -qq "$PKG" >/dev/null 2>&1 || fail "reinstall"
python3 - "$R/var/lib/examroom/kiosk.sqlite" <<'PY'
import sqlite3, sys, uuid
db = sqlite3.connect(sys.argv[1])
db.execute(
    "INSERT INTO events (id, session_id, candidate_id, kind, payload, device_id, device_seq,"
    " monotonic_ms, wall_time, seen_seq, origin, sync_state) VALUES"
    " (?, 1, 1, 'AnswerSubmitted', '{}', 'test', 1, 0, '2026-01-01T00:00:00.000000Z', 0,"
    " 'own', 'pending')", (str(uuid.uuid4()),))
db.commit()
PY
in_root apt-get purge -y -qq examroom > "$R/tmp/purge1.log" 2>&1 || { cat "$R/tmp/purge1.log"; fail "purge"; }
[ -f "$R/var/lib/examroom/kiosk.sqlite" ] || fail "purge deleted data that was not synced"
grep -q "KEEPS /var/lib/examroom" "$R/tmp/purge1.log" || fail "purge did not say why it kept the data"
grep -q "1 event(s) not yet sent" "$R/tmp/purge1.log" || fail "purge did not name the pending event"
[ ! -e "$R/etc/examroom/config.toml" ] || fail "purge left the conffile"
ok "purge with 1 pending event: data kept, message:"
grep -A3 "KEEPS" "$R/tmp/purge1.log" | sed 's/^/       /'

echo "== 8. purge once everything is synced: data gone"
in_root apt-get install -y -qq "$PKG" >/dev/null 2>&1 || fail "reinstall"
python3 - "$R/var/lib/examroom/kiosk.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE events SET sync_state = 'acked', server_seq = 1,"
           " received_at = '2026-01-01T00:00:01.000000Z' WHERE sync_state = 'pending'")
db.commit()
PY
in_root apt-get purge -y -qq examroom > "$R/tmp/purge2.log" 2>&1 || { cat "$R/tmp/purge2.log"; fail "purge"; }
[ ! -e "$R/var/lib/examroom" ] || fail "purge kept synced data: $(cat "$R/tmp/purge2.log")"
[ ! -e "$R/etc/examroom" ] || fail "purge left /etc/examroom"
[ ! -e "$R/opt/examroom" ] || fail "purge left /opt/examroom"
ok "purge when synced: /var/lib/examroom, /etc/examroom, /opt/examroom gone"

left=$(procs_in_root)
[ -z "$left" ] || fail "processes still running in the test root: $(for p in $left; do tr '\0' ' ' < /proc/$p/cmdline; echo; done)"
ok "nothing started by this test is still running"
echo "test-deb: all passed in $(( $(date +%s) - T0 )) s ($(basename "$DEB"))"
