"""`examroom kiosk --supervise`: keep the kiosk running on a lab PC, without a shell.

Started at log-on of the kiosk account (the Windows scheduled task, the Debian autostart
wrapper or systemd user unit), it runs `examroom kiosk` and starts it again after every
exit but the deliberate one, EXIT_STAFF (the invigilator left the kiosk with the session
password): a crash, a kill, a bad configuration IT may fix from afar, a store that cannot
be opened yet, another kiosk holding the lock. It replaces `kiosk-session.ps1` (issue 23):
school policies often restrict PowerShell, and its event log source was never registered.

- **Back-off, no busy loop**: 2 s after an exit, doubling after each quick failure (a run
  shorter than 30 s) up to 60 s; a run of 30 s or more starts the count again. The pause is
  an `Event.wait`, so a stop request ends it at once.
- **Logs in the data folder** (`logs/supervisor.log`, rotated like the others): each start,
  each exit with its status and run time. The kiosk's own stdout/stderr (Python's fatal
  errors, Qt's messages) go to `logs/kiosk-output.log`, kept to two files of 1 MB.
- **Program gone**: before each start it checks that the program is still there; if an
  uninstall (or an upgrade emptying the program folder) took it away, it stops with
  EXIT_PROGRAM_GONE instead of failing to start it forever.
- **One per data folder**: a second supervisor exits at once with EXIT_ALREADY_RUNNING.
- **Stopping**: SIGTERM or SIGHUP (the Debian package's prerm, the end of the session)
  ends the kiosk, then the supervisor (status 0).
- **Windows**: the supervisor is `examroomw.exe` (no console window); it starts the kiosk
  as `examroom.exe` (a console program, so its output can be captured) with
  CREATE_NO_WINDOW, so no console ever flashes on the kiosk's screen.

Everything that touches the system (start a process, wait, the clock, the lock) is passed
in, so tests drive every path without sleeping (tests/unit/test_supervisor.py).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

from app.config import Config
from app.exit_codes import EXIT_ALREADY_RUNNING, EXIT_PROGRAM_GONE, EXIT_STAFF

log = logging.getLogger(__name__)

OUTPUT_LOG = "kiosk-output.log"
OUTPUT_MAX_BYTES = 1_000_000
LOCK_NAME = "supervisor.lock"
CREATE_NO_WINDOW = 0x08000000  # subprocess.CREATE_NO_WINDOW, which exists on Windows only


class Child(Protocol):
    def wait(self) -> int: ...

    def terminate(self) -> None: ...


@dataclass
class Backoff:
    """The pause before the next start: short after a long run, growing while it fails."""

    first_s: float = 2.0
    max_s: float = 60.0
    quick_run_s: float = 30.0
    quick_failures: int = field(default=0, init=False)

    def after(self, run_s: float) -> float:
        self.quick_failures = self.quick_failures + 1 if run_s < self.quick_run_s else 1
        return float(min(self.max_s, self.first_s * 2 ** (self.quick_failures - 1)))


class Supervisor:
    """Runs `command` until it exits with EXIT_STAFF, the program is gone, or stop()."""

    def __init__(
        self,
        *,
        command: Sequence[str],
        program: Path,
        start: Callable[[Sequence[str]], Child],
        clock: Callable[[], float] = time.monotonic,
        pause: Callable[[float], bool] | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        """`pause(seconds)` waits and returns True if a stop came meanwhile (tests pass
        one that only records the pause)."""
        self.command = list(command)
        self.program = program
        self._start = start
        self._clock = clock
        self.backoff = backoff or Backoff()
        self._stopping = threading.Event()
        self._pause = pause or self._stopping.wait
        self._child: Child | None = None
        self.starts = 0

    def stop(self) -> None:
        """Stop the kiosk and the supervisor (a signal handler or another thread)."""
        self._stopping.set()
        child = self._child
        if child is not None:
            with suppress(OSError):  # already gone
                child.terminate()

    def run(self) -> int:
        while not self._stopping.is_set():
            if not self.program.exists():
                log.error("%s is gone (uninstalled or being upgraded): stopping", self.program)
                return EXIT_PROGRAM_GONE
            started = self._clock()
            try:
                self._child = self._start(self.command)
            except OSError as exc:
                log.error("cannot start the kiosk (%s): %s", " ".join(self.command), exc)
                status: int | None = None
            else:
                self.starts += 1
                log.info("kiosk started (start %d)", self.starts)
                status = self._child.wait()
                self._child = None
            ran = self._clock() - started
            if self._stopping.is_set():
                break
            if status == EXIT_STAFF:
                log.info("kiosk left by the staff after %.0f s: stopping", ran)
                return EXIT_STAFF
            pause = self.backoff.after(ran)
            log.warning("kiosk exited with status %s after %.0f s; starting it again in %.0f s",
                        status, ran, pause)
            if self._pause(pause) or self._stopping.is_set():
                break
        log.info("supervisor stopped")
        return 0


def kiosk_command(
    *, frozen: bool, executable: Path, windows: bool, global_args: Sequence[str],
    kiosk_args: Sequence[str],
) -> tuple[list[str], Path]:
    """The kiosk's command line, and the file whose absence means "uninstalled".

    Frozen on Windows, the supervisor is examroomw.exe and the kiosk runs as the console
    program beside it (see the module's docstring); from sources, `python -m app`.
    """
    if frozen:
        program = executable
        console = executable.with_name("examroom.exe")
        if windows and console.is_file():
            program = console
        return [str(program), *global_args, "kiosk", *kiosk_args], program
    package = Path(__file__).resolve().parent
    return [str(executable), "-m", "app", *global_args, "kiosk", *kiosk_args], package


def run(argv: list[str], config: Config, *, global_args: Sequence[str] = ()) -> int:
    """The composition root of the supervisor (called by app.cli for `kiosk --supervise`)."""
    kiosk_args = [a for a in argv if a != "--supervise"]
    lock = take_lock(config.data_dir / LOCK_NAME)
    if lock is None:
        log.warning("another supervisor already runs the kiosk of %s", config.data_dir)
        return EXIT_ALREADY_RUNNING
    command, program = kiosk_command(
        frozen=bool(getattr(sys, "frozen", False)), executable=Path(sys.executable),
        windows=sys.platform == "win32", global_args=global_args, kiosk_args=kiosk_args)
    output = config.log_dir / OUTPUT_LOG
    supervisor = Supervisor(command=command, program=program,
                            start=lambda cmd: start_process(cmd, output))
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, lambda _n, _f: supervisor.stop())
    log.info("supervising the kiosk: %s", " ".join(command))
    try:
        return supervisor.run()
    finally:
        lock.close()


def start_process(command: Sequence[str], output: Path) -> subprocess.Popen[bytes]:
    """Start the kiosk with its stdout/stderr appended to `output` (rotated at 1 MB)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with suppress(OSError):
        if output.stat().st_size > OUTPUT_MAX_BYTES:
            os.replace(output, output.with_name(output.name + ".1"))
    with output.open("ab") as out:
        flags = CREATE_NO_WINDOW if sys.platform == "win32" else 0
        return subprocess.Popen(list(command), stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, creationflags=flags)


def take_lock(path: Path) -> IO[str] | None:
    """An exclusive lock held while the supervisor lives (released by the OS if it dies)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+", encoding="ascii")
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle
