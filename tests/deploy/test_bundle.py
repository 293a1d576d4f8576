"""Heavy deployment checks, run when their tools and outputs are there (else skipped with
the reason printed by pytest -ra):

- the frozen bundle in dist/examroom passes installer/smoke.sh (STYLE item 18);
- with EXAMROOM_TEST_DEB=1, as root with debootstrap: installer/test-deb.sh installs the
  .deb in a clean Debian 12 root, starts the kiosk, removes and purges it (about 3 min).

Build first with `installer/build.sh` (about 2 min for the bundle, 10 s for the .deb).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "examroom"

pytestmark = pytest.mark.slow


def test_the_frozen_bundle_passes_its_smoke_test() -> None:
    if not (BUNDLE / "examroom").is_file():
        pytest.skip("no frozen bundle in dist/examroom: build it with installer/build.sh")
    done = subprocess.run(
        ["bash", str(ROOT / "installer" / "smoke.sh"), str(BUNDLE)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "smoke: all passed" in done.stdout


def test_the_deb_installs_runs_and_purges_in_a_clean_root() -> None:
    if os.environ.get("EXAMROOM_TEST_DEB") != "1":
        pytest.skip("set EXAMROOM_TEST_DEB=1 to install the .deb in a debootstrap root (~3 min)")
    if os.geteuid() != 0 or shutil.which("debootstrap") is None:
        pytest.skip("installer/test-deb.sh needs root and debootstrap")
    if not list((ROOT / "dist").glob("examroom_*_amd64.deb")):
        pytest.skip("no .deb in dist/: build it with installer/build.sh")
    done = subprocess.run(
        ["bash", str(ROOT / "installer" / "test-deb.sh")],
        capture_output=True, text=True, timeout=1200,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "test-deb: all passed" in done.stdout
