#!/usr/bin/env bash
# Build the frozen bundle (dist/examroom/) and the Debian package (dist/examroom_<v>_amd64.deb)
# from a clean clone, then smoke-test the bundle (STYLE item 18).
#
#   installer/build.sh                 bundle + smoke test + .deb
#   installer/build.sh --bundle-only   bundle + smoke test
#   installer/build.sh --deb-only      .deb from an existing dist/examroom/
#
# Needs: Python 3.11, the Qt system libraries that ./dev installs, dpkg-deb (Debian/Ubuntu).
# PyInstaller comes from the `build` extra of pyproject.toml (installed in build/venv). Outputs go to dist/ and build/
# (both ignored by git). See docs/deploy.md and installer/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

do_bundle=1
do_deb=1
case "${1:-}" in
  --bundle-only) do_deb=0 ;;
  --deb-only) do_bundle=0 ;;
  "") ;;
  *) echo "usage: installer/build.sh [--bundle-only|--deb-only]" >&2; exit 2 ;;
esac

# The build has its own virtual environment (default build/venv), made from pyproject.toml
# alone: what is bundled is exactly what the project declares, whatever else a developer
# installed in .venv, and a change to .venv during a build cannot break it.
VENV=${EXAMROOM_BUILD_VENV:-build/venv}
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

if [ "$do_bundle" = 1 ]; then
  if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
  fi
  if [ ! -f "$VENV/.installed" ] || [ pyproject.toml -nt "$VENV/.installed" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip
    # Not editable: the spec imports `app` from this source tree (pathex), the venv only
    # brings the dependencies and PyInstaller.
    "$VENV/bin/python" -m pip install -q '.[build]'
    "$VENV/bin/python" -m pip uninstall -q -y examroom
    touch "$VENV/.installed"
  fi
  start=$(date +%s)
  rm -rf dist/examroom build/pyinstaller
  # The English catalogues (app/translations/*.qm) go into the bundle as data.
  "$VENV/bin/python" tools/i18n.py release
  "$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller installer/examroom.spec
  echo "bundle built in $(( $(date +%s) - start )) s: $(du -sh dist/examroom | cut -f1) in dist/examroom"
  installer/smoke.sh dist/examroom
fi

if [ "$do_deb" = 1 ]; then
  installer/debian/build-deb.sh dist/examroom dist
fi
