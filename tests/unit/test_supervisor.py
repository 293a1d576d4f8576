"""The kiosk's supervisor (`examroom kiosk --supervise`): which exits start the kiosk again,
how long it waits, when it stops; with processes, clock and pauses faked, then once for
real through the command line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from app.exit_codes import (
    EXIT_ALREADY_RUNNING,
    EXIT_CONFIG,
    EXIT_PROGRAM_GONE,
    EXIT_STAFF,
    EXIT_STORE,
)
from app.supervisor import Backoff, Supervisor, kiosk_command, take_lock

ROOT = Path(__file__).resolve().parents[2]


class FakeKiosk:
    """A kiosk process that runs for `run_s` seconds of the fake clock, then exits."""

    def __init__(self, world: World, status: int, run_s: float) -> None:
        self.world, self.status, self.run_s = world, status, run_s
        self.terminated = False

    def wait(self) -> int:
        self.world.now += self.run_s
        if self.world.stop_during_run:
            self.world.supervisor.stop()
        return -15 if self.terminated else self.status

    def terminate(self) -> None:
        self.terminated = True


class World:
    """Scripted exits, a fake clock and recorded pauses: no test ever sleeps."""

    def __init__(self, tmp_path: Path, exits: list[tuple[int, float]]) -> None:
        self.now = 0.0
        self.exits = exits
        self.started: list[list[str]] = []
        self.pauses: list[float] = []
        self.stop_during_run = False
        self.program = tmp_path / "examroom"
        self.program.write_text("")
        self.on_start: list[object] = []
        self.supervisor = Supervisor(
            command=["examroom", "kiosk"], program=self.program, start=self.start,
            clock=lambda: self.now, pause=self.pause)

    def start(self, command: Sequence[str]) -> FakeKiosk:
        self.started.append(list(command))
        if not self.exits:
            raise AssertionError("started once too often")
        status, run_s = self.exits.pop(0)
        if status == -1:
            raise FileNotFoundError(2, "No such file or directory")
        kiosk = FakeKiosk(self, status, run_s)
        return kiosk

    def pause(self, seconds: float) -> bool:
        self.pauses.append(seconds)
        self.now += seconds
        return False


def test_every_exit_but_the_staff_exit_starts_the_kiosk_again(tmp_path: Path) -> None:
    # kill -9, a crash, a bad configuration, a store not ready, another kiosk: all retried.
    world = World(tmp_path, [(-9, 600), (1, 5), (EXIT_CONFIG, 1), (EXIT_STORE, 1),
                             (EXIT_ALREADY_RUNNING, 1), (EXIT_STAFF, 900)])
    assert world.supervisor.run() == EXIT_STAFF
    assert len(world.started) == 6 and world.supervisor.starts == 6
    # 2 s after a long run, then doubling while the kiosk keeps failing fast.
    assert world.pauses == [2, 4, 8, 16, 32]


def test_the_pause_grows_to_a_minute_and_starts_again_after_a_long_run() -> None:
    backoff = Backoff()
    assert [backoff.after(1) for _ in range(8)] == [2, 4, 8, 16, 32, 60, 60, 60]
    assert backoff.after(30) == 2
    assert backoff.after(0.5) == 4


def test_a_program_that_cannot_be_started_is_retried_with_pauses(tmp_path: Path) -> None:
    """Not a busy loop: a start that fails waits like an exit does."""
    world = World(tmp_path, [(-1, 0), (-1, 0), (EXIT_STAFF, 10)])
    assert world.supervisor.run() == EXIT_STAFF
    assert world.pauses == [2, 4] and world.supervisor.starts == 1


def test_it_stops_when_the_program_is_gone(tmp_path: Path) -> None:
    world = World(tmp_path, [(1, 3), (1, 3), (1, 3)])

    def uninstall(seconds: float) -> bool:
        world.pauses.append(seconds)
        if len(world.pauses) == 2:
            world.program.unlink()  # apt remove, or an upgrade emptying the folder
        return False

    world.supervisor._pause = uninstall
    assert world.supervisor.run() == EXIT_PROGRAM_GONE
    assert len(world.started) == 2


def test_a_stop_ends_the_kiosk_and_the_supervisor(tmp_path: Path) -> None:
    world = World(tmp_path, [(1, 3), (1, 3)])
    world.stop_during_run = True
    assert world.supervisor.run() == 0
    assert len(world.started) == 1 and world.pauses == []


def test_one_supervisor_per_data_folder(tmp_path: Path) -> None:
    first = take_lock(tmp_path / "supervisor.lock")
    assert first is not None
    assert take_lock(tmp_path / "supervisor.lock") is None
    first.close()
    again = take_lock(tmp_path / "supervisor.lock")
    assert again is not None
    again.close()


def test_the_kiosk_command() -> None:
    exe = Path("C:/Program Files/examroom/examroomw.exe")
    # Frozen on Windows without the console program beside it: examroomw.exe itself.
    command, program = kiosk_command(frozen=True, executable=exe, windows=True,
                                     global_args=["--config", "c.toml"], kiosk_args=[])
    assert command == [str(exe), "--config", "c.toml", "kiosk"] and program == exe
    command, program = kiosk_command(frozen=False, executable=Path("/usr/bin/python3"),
                                     windows=False, global_args=["-v"],
                                     kiosk_args=["--server", "http://x"])
    assert command == ["/usr/bin/python3", "-m", "app", "-v", "kiosk", "--server", "http://x"]
    assert program == ROOT / "app"


def test_the_frozen_windows_supervisor_runs_the_console_program(tmp_path: Path) -> None:
    (tmp_path / "examroom.exe").write_bytes(b"")
    exe = tmp_path / "examroomw.exe"
    command, program = kiosk_command(frozen=True, executable=exe, windows=True,
                                     global_args=[], kiosk_args=[])
    assert command == [str(tmp_path / "examroom.exe"), "kiosk"]
    assert program == tmp_path / "examroom.exe"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_the_real_supervisor_logs_restarts_and_stops_on_sigterm(tmp_path: Path) -> None:
    """`python -m app kiosk --supervise` for real, with a configuration the kiosk refuses:
    the supervisor keeps going (IT may fix the file), logs each exit in the data folder,
    and stops with the kiosk on SIGTERM."""
    data = tmp_path / "data"
    config = tmp_path / "config.toml"
    config.write_text(f'mode = "kisok"\ndata_dir = "{data}"\n', encoding="utf-8")
    log = data / "logs" / "supervisor.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "--config", str(config), "kiosk", "--supervise"],
        cwd=ROOT, env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if log.is_file() and log.read_text().count("exited with status 78") >= 2:
                break
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = log.read_text(encoding="utf-8")
    assert text.count("exited with status 78") >= 2, text
    assert "starting it again in 2 s" in text and "starting it again in 4 s" in text
    assert "supervisor stopped" in text
    assert "configuration error" in (data / "logs" / "startup-errors.log").read_text()
    assert "key 'mode'" in (data / "logs" / "kiosk-output.log").read_text()
