"""The processes of a simulated room, and the small JSON client the simulator uses.

The central server and the room relay run as real `examroom` processes, killed with
SIGKILL like a crash; each kiosk runs in an OS process forked by a zygote (its own SQLite
file and half-sent requests die with it, and nothing else). `Http` talks to the server
for the set-up, the simulated invigilator and the verdict, with retries.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import requests

from app.simulate.kiosk import KioskSpec

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Child:
    """A process of the room: killed with SIGKILL (the crash under test) or stopped."""

    proc: subprocess.Popen[bytes] | None
    stop_signal: ClassVar[int] = signal.SIGTERM

    def _wait_answering(self, url: str, log: Path, what: str, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if requests.get(url + "/api/health", timeout=1).ok:
                    return
            if self.proc is not None and self.proc.poll() is not None:
                break
            time.sleep(0.1)
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"the {what} did not start:\n{tail}")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(30)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(self.stop_signal)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(15)
        self.proc = None


@dataclass
class ServerProcess(_Child):
    """`examroom server` started by the simulator; killed with SIGKILL, restarted as-is."""

    data_dir: Path
    db: str | None
    port: int = field(default_factory=_free_port)
    proc: subprocess.Popen[bytes] | None = None
    workers: int = 1
    """`examroom server --workers N` (PostgreSQL): N processes, killed together."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """SIGKILL the server and its worker processes (its own process group)."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(30)
        self.proc = None

    def _cmd(self, *args: str) -> list[str]:
        db = ["--db", self.db] if self.db else []
        return [sys.executable, "-m", "app", "server", *args, *db]

    @property
    def env(self) -> dict[str, str]:
        return os.environ | {"EXAMROOM_DATA_DIR": str(self.data_dir)}

    def create_admin(self, email: str, centre: str, password: str) -> None:
        done = subprocess.run(
            self._cmd("create-admin", "--email", email, "--centre", centre),
            input=password + "\n", text=True, capture_output=True, env=self.env, cwd=ROOT,
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(f"create-admin failed: {done.stderr[-2000:]}")

    def start(self, timeout_s: float = 60) -> None:
        with open(self.data_dir / "server.log", "ab") as log:
            workers = ["--workers", str(self.workers)] if self.workers > 1 else []
            self.proc = subprocess.Popen(
                [*self._cmd("--port", str(self.port), *workers)],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_healthy(timeout_s)

    def wait_healthy(self, timeout_s: float) -> None:
        self._wait_answering(self.url, self.data_dir / "server.log", "server", timeout_s)


@dataclass
class RelayProcess(_Child):
    """`python -m app.relay run`: the station's relay for one session, killable like a PC."""

    stop_signal: ClassVar[int] = signal.SIGINT

    data_dir: Path
    session_id: int
    password: str
    central_url: str
    port: int = field(default_factory=_free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 60) -> None:
        with open(self.data_dir / "relay.log", "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "app.relay", "run", "--session", str(self.session_id),
                 "--data-dir", str(self.data_dir), "--host", "127.0.0.1",
                 "--port", str(self.port), "--central", self.central_url],
                cwd=ROOT, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
            )
        assert self.proc.stdin is not None
        self.proc.stdin.write((self.password + "\n").encode())
        self.proc.stdin.close()
        self._wait_answering(self.url, self.data_dir / "relay.log", "relay", timeout_s)

    def status(self) -> dict[str, Any] | None:
        try:
            return dict(requests.get(self.url + "/api/relay/status", timeout=5).json())
        except (requests.RequestException, ValueError):
            return None


class Http:
    """Small JSON client with retries, for the set-up, the invigilator and the verdict."""

    def __init__(self, base: str, *, timeout_s: float = 30.0) -> None:
        self.base = base.rstrip("/")
        self.timeout_s = timeout_s
        self.session = requests.Session()

    def call(self, method: str, path: str, token: str | None = None, *,
             attempts: int = 1, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        last: Exception | None = None
        for attempt in range(attempts):
            try:
                r = self.session.request(method, self.base + path, headers=headers,
                                         timeout=self.timeout_s, **kw)
            except requests.RequestException as exc:
                last = exc
            else:
                if r.status_code < 500:
                    if r.status_code >= 400:
                        raise HttpRefused(r.status_code, f"{method} {path}: {r.text[:300]}")
                    return r.json() if r.content else None
                last = RuntimeError(f"{method} {path}: HTTP {r.status_code}")
            time.sleep(min(2.0, 0.2 * 2**attempt))
        raise RuntimeError(f"{method} {path} failed {attempts} times: {last}")


class HttpRefused(Exception):
    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status


# ---------------------------------------------------------------------------
# Kiosk worker processes


class Zygote:
    """The fork server of kiosk processes (see `app.simulate.kiosk.zygote`)."""

    def __init__(self, directory: Path) -> None:
        env = os.environ | {
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONUNBUFFERED": "1",
            "EXAMROOM_ZYGOTE_LOG": str(directory / "zygote.log"),
        }
        with open(directory / "zygote.out", "ab") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "app.simulate.kiosk", "--zygote"],
                cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                text=True, bufsize=1,
            )
        self._lock = threading.Lock()

    def spawn(self, spec_file: Path) -> int:
        with self._lock:
            assert self.proc.stdin is not None and self.proc.stdout is not None
            self.proc.stdin.write(f"{spec_file}\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        if not line.strip():
            raise RuntimeError("the kiosk fork server died")
        return int(line)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(30)
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()


def _alive(pid: int) -> bool:
    """Running and not a zombie (the zygote reaps its children on SIGCHLD)."""
    try:
        os.kill(pid, 0)
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@dataclass
class Worker:
    """One OS process running one kiosk (or a pack of them, for the load run)."""

    index: int
    specs: list[KioskSpec]
    spec_file: Path
    zygote: Zygote
    pid: int | None = None
    restart_at: float | None = None
    starts: int = 0
    crashes: int = 0

    def start(self) -> None:
        self.pid = self.zygote.spawn(self.spec_file)
        self.starts += 1
        self.restart_at = None

    @property
    def alive(self) -> bool:
        return self.pid is not None and _alive(self.pid)

    @property
    def exited(self) -> bool:
        """Started, and gone without being killed by the room (a crash)."""
        return self.pid is not None and not _alive(self.pid)

    def signal(self, sig: int) -> None:
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, sig)

    def kill(self) -> None:
        self.signal(signal.SIGKILL)
        self.wait(30)
        self.pid = None

    def wait(self, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        while self.alive:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True
