"""`examroom demo` as a newcomer lives it (issue 19 item 6), real processes, offscreen:
a killed kiosk comes back by itself (the power-cut story); SIGTERM and Ctrl+C end
everything the demo started, with exit 0, no traceback, and its temporary folder gone."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.demo import KioskKeeper, end_with_the_station
from tests.helpers.live_server import ROOT


def children(pid: int) -> dict[int, str]:
    """The live child processes of `pid` and their command lines (Linux /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            state = stat.rsplit(")", 1)[1].split()[0]
            if ppid == pid and state != "Z":
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(
                    b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError, IndexError):
            continue
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_for(what: str, predicate, timeout_s: float = 90):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"{what} not seen in {timeout_s:.0f} s")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_the_demo_restarts_a_killed_kiosk_and_stops_everything_cleanly(
    tmp_path: Path, stop: signal.Signals
) -> None:
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
    # Its own process group, as in a terminal: Ctrl+C goes to the whole group.
    demo = subprocess.Popen([sys.executable, "-m", "app", "demo", "--kiosks", "1"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    lines: queue.Queue[str] = queue.Queue()
    out: list[str] = []

    def read() -> None:
        assert demo.stdout is not None
        for line in demo.stdout:
            out.append(line)
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    try:
        wait_for("the stop help", lambda: any("coupure de courant" in line for line in out))
        kiosk = wait_for("the kiosk process", lambda: [
            pid for pid, cmd in children(demo.pid).items() if " kiosk " in cmd])[0]
        server = [pid for pid, cmd in children(demo.pid).items() if " server " in cmd]
        assert server, children(demo.pid)
        assert list(tmp_path.glob("examroom-demo-*"))
        time.sleep(2)  # the kiosk is up (its window, its store)
        os.kill(kiosk, signal.SIGKILL)  # the power cut
        again = wait_for("the kiosk started again", lambda: [
            pid for pid, cmd in children(demo.pid).items() if " kiosk " in cmd and pid != kiosk])
        assert any("redémarre" in line for line in out)
        time.sleep(1)
        if stop == signal.SIGINT:
            os.killpg(demo.pid, stop)  # Ctrl+C in the terminal: the foreground group
        else:
            demo.send_signal(stop)
        code = demo.wait(60)
        err = demo.stderr.read() if demo.stderr else ""
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
        for pipe in (demo.stdout, demo.stderr):
            if pipe is not None:
                pipe.close()
    assert code == 0, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    wait_for("every process of the demo gone",
             lambda: not any(alive(pid) for pid in [*server, *again]), timeout_s=15)
    assert not list(tmp_path.glob("examroom-demo-*")), "the demo's temporary folder is left"


class FakeProc:
    def __init__(self, status: int | None = None) -> None:
        self.status = status
        self.terminated = False

    def poll(self) -> int | None:
        return self.status

    def terminate(self) -> None:
        self.terminated = True
        self.status = -15

    def wait(self, timeout: float | None = None) -> int | None:
        return self.status

    def kill(self) -> None:
        self.status = -9


def test_the_keeper_restarts_killed_kiosks_ends_on_a_closed_one_and_gives_up_on_a_crash_loop(
) -> None:
    now = [0.0]
    started: list[int] = []
    procs = [FakeProc(), FakeProc()]

    def start(i: int) -> FakeProc:
        started.append(i)
        return FakeProc()

    said: list[str] = []
    keeper = KioskKeeper(procs, start, clock=lambda: now[0], say=said.append)  # type: ignore[arg-type]
    assert not keeper.check() and not started
    now[0] = 60.0
    procs[1].status = -9  # killed: the power cut
    assert not keeper.check()
    assert started == [1] and keeper.restarts == 1 and "redémarre" in said[-1]
    for _ in range(KioskKeeper.MAX_QUICK_DEATHS + 1):  # dies as soon as it starts
        keeper.procs[1].status = 1  # type: ignore[attr-defined]
        keeper.check()
    assert "abandon" in said[-1]
    count = len(started)
    keeper.check()
    assert len(started) == count  # given up: not started again and again
    keeper.procs[0].status = 0  # type: ignore[attr-defined]  # its window closed on purpose
    assert keeper.check()
    keeper.stop()


def test_quitter_on_the_station_or_closing_it_ends_the_demo_an_expired_login_does_not(
    qapp: object,
) -> None:
    from types import SimpleNamespace

    from PySide6.QtCore import QObject, Signal

    class Window(QObject):
        closed = Signal()

    class Desk(QObject):
        logged_out = Signal(str)

    station = SimpleNamespace(window=Window(), desk=Desk())
    ended: list[bool] = []
    end_with_the_station(station, lambda: ended.append(True))
    station.desk.logged_out.emit("La session a expiré.")
    assert not ended
    station.desk.logged_out.emit("")  # "Quitter", confirmed
    assert ended == [True]
    station.window.closed.emit()
    assert ended == [True, True]
