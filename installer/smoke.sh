#!/usr/bin/env bash
# Smoke test of a frozen bundle or an installed examroom (STYLE item 18): it starts, its
# commands answer, the bundled migrations and content packs are found, every Qt library it
# ships resolves, and the headless modes that exist start and exit 0.
#
#   installer/smoke.sh dist/examroom          the bundle just built
#   installer/smoke.sh /opt/examroom          an installed package (used by test-deb.sh)
#
# Runs with a throw-away configuration and data directory, so it never touches
# /etc/examroom/config.toml or a real kiosk's data.
set -euo pipefail
BUNDLE=$(cd "${1:?usage: smoke.sh BUNDLE_DIR}" && pwd)
EXE="$BUNDLE/examroom"
[ -x "$EXE" ] || { echo "smoke: $EXE is not an executable" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'mode = "kiosk"\ndata_dir = "%s/data"\nlanguage = "fr"\n' "$tmp" > "$tmp/config.toml"
export EXAMROOM_CONFIG="$tmp/config.toml"
export QT_QPA_PLATFORM=offscreen
fail=0
step() {  # step NAME CMD...: run, report, remember a failure
  local name=$1; shift
  local t0; t0=$(date +%s%N)
  if "$@" >"$tmp/out" 2>&1; then
    printf 'smoke ok   %-28s %5d ms\n' "$name" $(( ($(date +%s%N) - t0) / 1000000 ))
  else
    local rc=$?
    printf 'smoke FAIL %-28s (exit %d)\n' "$name" "$rc"; sed 's/^/    /' "$tmp/out" | tail -20
    fail=1
  fi
}
not_built() { "$EXE" "$@" >/dev/null 2>&1; [ $? -eq 2 ]; }

step "--version" "$EXE" --version
grep -q '^examroom ' "$tmp/out" || { echo "smoke: --version printed $(cat "$tmp/out")"; fail=1; }
step "server --help" "$EXE" server --help
step "content check (bundled)" "$EXE" content check "$BUNDLE/_internal/resources/content"
# Runs the server's Alembic migrations from the bundled scripts on a fresh SQLite file.
step "server migrate (alembic)" "$EXE" server migrate
# The local store's migrations (every kiosk's first start) run in `kiosk --headless` below.

# A page drawn and a PDF written then rendered back (pypdfium2's native library bundled).
step "kiosk --self-check" "$EXE" kiosk --self-check "$tmp/self-check"
# The English catalogues are in the bundle and load: the same check with language = "en".
sed 's/^language = "fr"/language = "en"/' "$tmp/config.toml" > "$tmp/config-en.toml"
step "kiosk --self-check (en)" env EXAMROOM_CONFIG="$tmp/config-en.toml" \
  "$EXE" kiosk --self-check "$tmp/self-check-en"
grep -q '"language": "en"' "$tmp/self-check-en/self-check.json" &&
  grep -q '"join_title": "Join a session"' "$tmp/self-check-en/self-check.json" ||
  { echo "smoke FAIL the English catalogues did not load:"; cat "$tmp/self-check-en/self-check.json"; fail=1; }

# Headless starts of the modes, once they are built (exit 2 = "not built yet").
for mode in kiosk demo; do
  if not_built "$mode" --headless; then
    echo "smoke skip $mode --headless (not built yet in this version)"
  else
    step "$mode --headless" timeout 120 "$EXE" "$mode" --headless
  fi
done

# The uninstallers' check: the kiosk store just created has nothing pending (exit 0); a
# data directory with a server database is never called synced (exit 1).
if [ -x "$BUNDLE/examroom-check-synced" ]; then
  mkdir -p "$tmp/kiosk-only"
  cp "$tmp/data/"kiosk.sqlite* "$tmp/kiosk-only/" 2>/dev/null || true
  step "check-synced (kiosk store)" "$BUNDLE/examroom-check-synced" "$tmp/kiosk-only"
  step "check-synced (server db)" sh -c '"$1" "$2"; [ $? -eq 1 ]' - \
    "$BUNDLE/examroom-check-synced" "$tmp/data"
fi

# Every shared library in the bundle finds its dependencies inside the bundle or among the
# system libraries the .deb depends on (a plugin whose library was left out would only fail
# on a lab PC, at the first screen). The two xcb libraries below are Depends of the .deb,
# not bundled, so they may be absent on a build machine.
if command -v ldd >/dev/null && [ "$(uname -s)" = Linux ]; then
  missing=$(find "$BUNDLE" -name '*.so*' -type f -print0 |
    LD_LIBRARY_PATH="$BUNDLE/_internal:$BUNDLE/_internal/PySide6/Qt/lib" xargs -0 -n 50 ldd 2>/dev/null |
    grep 'not found' | grep -vE 'libxcb-icccm\.so\.4|libxcb-keysyms\.so\.1' | sort -u || true)
  if [ -n "$missing" ]; then
    echo "smoke FAIL libraries missing from the bundle:"; echo "$missing" | sed 's/^/    /'
    fail=1
  else
    echo "smoke ok   every bundled library finds its dependencies"
  fi
fi
[ "$fail" = 0 ] && echo "smoke: all passed ($BUNDLE)" || echo "smoke: FAILED ($BUNDLE)"
exit "$fail"
