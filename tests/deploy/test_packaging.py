"""The installers' pieces, fast: the .deb's layout (from a fake bundle), the maintainer
scripts, the uninstall check on real local stores, the kiosk autostart wrapper, the Windows
script's consistency.

The heavy checks (build the real bundle, install the .deb in a debootstrap root) are in
test_bundle.py, skipped with a printed reason when the tools are not there.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from app.domain.clocks import SystemClock
from app.services.store import LocalStore

ROOT = Path(__file__).resolve().parents[2]
DEBIAN = ROOT / "installer" / "debian"
WINDOWS = ROOT / "installer" / "windows"
CHECK = DEBIAN / "check-synced.py"

needs_dpkg = pytest.mark.skipif(
    shutil.which("dpkg-deb") is None, reason="dpkg-deb not installed (Debian/Ubuntu only)"
)


def fake_bundle(path: Path) -> Path:
    """What build-deb.sh needs of a bundle: an `examroom` that answers --version."""
    (path / "_internal").mkdir(parents=True)
    (path / "_internal" / "lib.so").write_bytes(b"\0")
    exe = path / "examroom"
    exe.write_text("#!/bin/sh\necho 'examroom 0.1.0'\n")
    exe.chmod(0o755)
    check = path / "examroom-check-synced"
    check.write_text("#!/bin/sh\nexit 0\n")
    check.chmod(0o755)
    return path


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-deb not installed (Debian/Ubuntu only)")
    tmp = tmp_path_factory.mktemp("deb")
    bundle = fake_bundle(tmp / "examroom")
    out = subprocess.run(
        ["bash", str(DEBIAN / "build-deb.sh"), str(bundle), str(tmp / "out")],
        capture_output=True, text=True, check=True,
        env=os.environ | {"DEB_COMPRESSION": "gzip"},
    )
    path = Path(out.stdout.strip().splitlines()[-1])
    assert path.name == "examroom_0.1.0-1_amd64.deb"
    return path


def dpkg_deb(*args: str) -> str:
    return subprocess.run(["dpkg-deb", *args], capture_output=True, text=True, check=True).stdout


@needs_dpkg
def test_the_deb_control_fields(deb: Path) -> None:
    info = dpkg_deb("--info", str(deb))
    fields = dict(re.findall(r"^ ([A-Za-z-]+): (.*)$", info, re.M))
    assert fields["Package"] == "examroom"
    assert fields["Version"] == "0.1.0-1"
    assert fields["Architecture"] == "amd64"
    for dep in ("libc6 (>= 2.36)", "libgl1", "libegl1", "libxcb-icccm4", "libxcb-keysyms1"):
        assert dep in fields["Depends"]
    for script in ("postinst", "prerm", "postrm", "conffiles"):
        assert re.search(rf"^\s+\d+ bytes,\s+\d+ lines\s+\*?\s+{script}\b", info, re.M), script
    assert dpkg_deb("--field", str(deb), "Package").strip() == "examroom"
    conffiles = subprocess.run(
        ["dpkg-deb", "--ctrl-tarfile", str(deb)], capture_output=True, check=True
    ).stdout
    assert b"./conffiles" in subprocess.run(
        ["tar", "-t"], input=conffiles, capture_output=True, check=True
    ).stdout


@needs_dpkg
def test_the_deb_file_layout(deb: Path) -> None:
    lines = dpkg_deb("--contents", str(deb)).splitlines()
    entries = {line.split()[-1] if "->" not in line else line.split()[-3]: line for line in lines}
    expected = {
        "./opt/examroom/examroom": "-rwxr-xr-x root/root",
        "./opt/examroom/examroom-check-synced": "-rwxr-xr-x root/root",
        "./opt/examroom/_internal/lib.so": "-rw-r--r-- root/root",
        "./etc/examroom/config.toml": "-rw-r--r-- root/root",
        "./etc/xdg/autostart/examroom-kiosk.desktop": "-rw-r--r-- root/root",
        "./usr/lib/examroom/kiosk-session": "-rwxr-xr-x root/root",
        "./usr/lib/examroom/setup-kiosk-account": "-rwxr-xr-x root/root",
        "./usr/lib/systemd/user/examroom-kiosk.service": "-rw-r--r-- root/root",
        "./usr/lib/systemd/system/examroom-server.service": "-rw-r--r-- root/root",
        "./usr/share/doc/examroom/copyright": "-rw-r--r-- root/root",
    }
    for path, mode_owner in expected.items():
        assert path in entries, f"{path} missing from the .deb"
        assert entries[path].startswith(mode_owner), entries[path]
    link = next(line for line in lines if "./usr/bin/examroom " in line)
    assert link.startswith("lrwxrwxrwx root/root") and link.endswith("-> /opt/examroom/examroom")
    # Nothing outside the FHS places the package owns, and no data directory (postinst
    # creates it, so that dpkg never deletes the answers it holds).
    tops = {p.split("/")[1] for p in entries if p.count("/") >= 2}
    assert tops == {"etc", "opt", "usr"}
    assert not any(p.startswith("./var/") for p in entries)


def test_the_maintainer_scripts_are_valid_posix_shell() -> None:
    for name in ("postinst", "prerm", "postrm", "kiosk-session", "setup-kiosk-account"):
        script = DEBIAN / name
        assert os.access(script, os.X_OK), f"{name} is not executable"
        assert script.read_text().startswith("#!/bin/sh\n")
        subprocess.run(["sh", "-n", str(script)], check=True)
    for name in ("build-deb.sh",):
        subprocess.run(["bash", "-n", str(DEBIAN / name)], check=True)
    for name in ("build.sh", "smoke.sh", "test-deb.sh"):
        subprocess.run(["bash", "-n", str(ROOT / "installer" / name)], check=True)


def test_the_conffile_list_matches_the_files() -> None:
    conffiles = (DEBIAN / "conffiles").read_text().split()
    # Debian policy: every file the package puts in /etc is a conffile.
    assert conffiles == ["/etc/examroom/config.toml", "/etc/xdg/autostart/examroom-kiosk.desktop"]
    build = (DEBIAN / "build-deb.sh").read_text()
    installed_in_etc = re.findall(r'install -m \d+ "[^"]+" "\$pkg(/etc/[^"]+)"', build)
    assert sorted(installed_in_etc) == sorted(conffiles)


# -- the uninstall check on real local stores ------------------------------------------------


def make_store(path: Path, *, pending: int) -> None:
    """A real local store (the app's own schema), with `pending` own events not synced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with LocalStore.open(path, device_id="test-device", clock=SystemClock()):
        pass
    db = sqlite3.connect(path)
    for seq in range(pending):
        db.execute(
            "INSERT INTO events (id, session_id, candidate_id, kind, payload, device_id,"
            " device_seq, monotonic_ms, wall_time, seen_seq, origin, sync_state) VALUES"
            " (?, 1, 1, 'AnswerSubmitted', '{}', 'test-device', ?, 0,"
            " '2026-01-01T00:00:00.000000Z', 0, 'own', 'pending')",
            (str(uuid.uuid4()), seq + 1),
        )
    db.commit()
    db.close()


def check_synced(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CHECK), *args], capture_output=True, text=True, timeout=60
    )


def test_check_synced_on_real_stores(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_store(data / "kiosk.sqlite", pending=0)
    make_store(data / "station" / "station.sqlite", pending=0)
    done = check_synced(str(data))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "kiosk.sqlite: synced" in done.stdout

    make_store(data / "kiosk-2" / "kiosk.sqlite", pending=2)
    kiosk = data / "kiosk-2" / "kiosk.sqlite"
    before = kiosk.read_bytes()
    done = check_synced(str(data))
    assert done.returncode == 1
    assert f"{kiosk}: 2 event(s) not yet sent to the server" in done.stdout
    assert kiosk.read_bytes() == before, "the check must not modify a store"


def test_check_synced_keeps_server_databases_and_unreadable_files(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "server.sqlite").write_bytes(b"")
    assert check_synced(str(data)).returncode == 1
    (data / "server.sqlite").unlink()
    (data / "kiosk.sqlite").write_bytes(b"this is not a database" * 100)
    done = check_synced(str(data))
    assert done.returncode == 2 and "cannot be read" in done.stdout
    assert check_synced(str(tmp_path / "nothing-here")).returncode == 0


def test_check_synced_reads_data_dir_from_the_config(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_store(data / "kiosk.sqlite", pending=1)
    config = tmp_path / "config.toml"
    config.write_text(f'mode = "kiosk"\ndata_dir = "{data}"\n')
    assert check_synced("--config", str(config)).returncode == 1
    config.write_text('mode = "kiosk"\n')
    done = check_synced("--config", str(config))
    assert done.returncode == 2 and "no data_dir" in done.stderr


# -- the kiosk autostart wrapper -------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell script")
@pytest.mark.parametrize(
    ("mode", "expected"), [("kiosk", 0), ("invigilator", 1), ("admin", 1), ("server", 1)]
)
def test_kiosk_session_runs_only_in_kiosk_mode(tmp_path: Path, mode: str, expected: int) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'# comment\n[examroom]\n  mode = "{mode}"  # what this PC is\n')
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "EXAMROOM_CONFIG": str(config)}
    done = subprocess.run(
        ["sh", str(DEBIAN / "kiosk-session"), "--check"], env=env, capture_output=True
    )
    in_group = os.getuid() == 0 or "examroom" in subprocess.run(
        ["id", "-nG"], capture_output=True, text=True
    ).stdout.split()
    assert done.returncode == (expected if in_group else 1)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell script")
def test_kiosk_session_hands_over_to_the_supervisor(tmp_path: Path) -> None:
    """The wrapper only decides whether this session runs the kiosk; the restarts are the
    supervisor's (`examroom kiosk --supervise`, tests/unit/test_supervisor.py)."""
    if os.getuid() != 0:
        pytest.skip("the wrapper runs only for root or members of the group examroom")
    runs = tmp_path / "runs"
    fake = tmp_path / "examroom"
    fake.write_text(f'#!/bin/sh\necho "$*" >> {runs}\nexit 0\n')
    fake.chmod(0o755)
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path),
           "EXAMROOM_MODE": "kiosk", "EXAMROOM_BIN": str(fake)}
    done = subprocess.run(["sh", str(DEBIAN / "kiosk-session")], env=env, timeout=60)
    assert done.returncode == 0
    assert runs.read_text().splitlines() == ["kiosk --supervise"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell script")
def test_kiosk_session_exits_when_the_program_is_gone(tmp_path: Path) -> None:
    """Issue 21: after `apt remove` the old wrapper restarted a missing program forever."""
    if os.getuid() != 0:
        pytest.skip("the wrapper runs only for root or members of the group examroom")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "EXAMROOM_MODE": "kiosk",
           "EXAMROOM_BIN": str(tmp_path / "removed" / "examroom")}
    done = subprocess.run(["sh", str(DEBIAN / "kiosk-session")], env=env, timeout=60,
                          capture_output=True)
    assert done.returncode == 127


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_prerm_stops_running_kiosks_and_their_supervisors(tmp_path: Path) -> None:
    """Before an upgrade or a removal, the bundle's kiosks stop (supervisor first, or it
    would start the kiosk again); the bundle's other programs (a station) are left alone."""
    bundle = tmp_path / "opt-examroom"
    bundle.mkdir()
    fake = bundle / "examroom"  # a real executable, so that /proc/PID/exe points at it
    shutil.copy(os.path.realpath(sys.executable), fake)
    sleeper = "import time; time.sleep(120)"
    procs = {role: subprocess.Popen([str(fake), "-c", sleeper, *args])
             for role, args in (("supervisor", ["kiosk", "--supervise"]),
                                ("kiosk", ["kiosk"]), ("station", ["invigilator"]))}
    try:
        done = subprocess.run(["sh", str(DEBIAN / "prerm"), "upgrade"], capture_output=True,
                              text=True, timeout=60,
                              env=os.environ | {"EXAMROOM_BUNDLE": str(bundle)})
        assert done.returncode == 0, done.stderr
        assert procs["supervisor"].wait(10) == -signal.SIGTERM
        assert procs["kiosk"].wait(10) == -signal.SIGTERM
        assert procs["station"].poll() is None
        assert "stopping running kiosk processes (--supervise)" in done.stderr
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()


# -- the Windows installer script: tests/deploy/test_windows_installer.py -------------------
