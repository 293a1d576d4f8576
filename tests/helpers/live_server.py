"""A real `examroom server` subprocess on a random local port, and a small HTTP driver.

Used by every test that must talk to the real server over HTTP (sync, kiosk, station,
demo): start, kill -9 and restart it mid-test, on SQLite (default) or PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import requests

from app.domain.competences import COMPETENCE_CODES

ROOT = Path(__file__).resolve().parents[2]
ADMIN_EMAIL = "ref@college.fr"
JURY_EMAIL = "jury@pix.fr"
PASSWORD = "un mot de passe solide"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_answering(url: str, proc: subprocess.Popen[bytes], log: Path, what: str,
                   timeout_s: float, *, on_failure: Callable[[], None]) -> None:
    """Until `url` answers /api/health; else `on_failure()` and the log's tail."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if requests.get(f"{url}/api/health", timeout=1).ok:
                return
        except requests.RequestException:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            text = log.read_text(errors="replace")
            on_failure()
            raise RuntimeError(f"{what} did not start:\n{text[-3000:]}")
        time.sleep(0.1)


@dataclass
class LiveServer:
    """`python -m app server` in a subprocess. `db_url` None: SQLite in `data_dir`."""

    data_dir: Path
    db_url: str | None = None
    port: int = field(default_factory=free_port)
    content: Path | None = None
    """A question bank other than the starter pack (`--content`), e.g. a test pack."""
    proc: subprocess.Popen[bytes] | None = None
    workers: int = 1
    """`--workers N` (PostgreSQL): N server processes on the port."""
    extra_args: tuple[str, ...] = ()
    """More options of `examroom server` (e.g. `--presence-validity 30`)."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        return os.environ | {"EXAMROOM_DATA_DIR": str(self.data_dir)}

    def _db_args(self) -> list[str]:
        return ["--db", self.db_url] if self.db_url else []

    def cli(self, *args: str, stdin: str = "") -> str:
        done = subprocess.run(
            [sys.executable, "-m", "app", "server", *args, *self._db_args()],
            input=stdin, text=True, capture_output=True, env=self.env, cwd=ROOT, timeout=60,
        )
        if done.returncode != 0:
            raise RuntimeError(f"examroom server {args[0]} failed: {done.stderr}")
        return done.stdout

    def create_accounts(self) -> None:
        self.cli("create-admin", "--email", ADMIN_EMAIL, "--centre", "Collège Anne Frank",
                 stdin=PASSWORD + "\n")
        self.cli("create-jury", "--email", JURY_EMAIL, stdin=PASSWORD + "\n")

    def start(self, timeout_s: float = 30) -> LiveServer:
        log = open(self.data_dir / "server-test.log", "ab")  # noqa: SIM115 - kept by Popen
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app", "server", "--port", str(self.port), *self._db_args(),
             *(["--content", str(self.content)] if self.content else []),
             *(["--workers", str(self.workers)] if self.workers > 1 else []),
             *self.extra_args],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()
        wait_answering(self.url, self.proc, self.data_dir / "server-test.log", "server",
                       timeout_s, on_failure=self.stop)
        return self

    def kill(self) -> None:
        """SIGKILL: the server dies mid-request, as in a crash."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
        self.proc = None

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None


class Driver:
    """Admin and invigilator calls a test needs to set up and steer a session."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url
        self.http = requests.Session()

    def call(self, method: str, path: str, token: str | None = None, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        r = self.http.request(method, self.base + path, headers=headers, timeout=30, **kw)
        if r.status_code >= 400:
            raise AssertionError(f"{method} {path}: {r.status_code} {r.text}")
        if r.status_code == 204:
            return None
        if r.headers.get("content-type", "").startswith("application/json"):
            return r.json()
        return r.content

    def register_relay_key(self, admin: str, public_key: str) -> None:
        """The centre's referent registers a relay's key (issue 17): without it central
        gives no relay package."""
        self.call("POST", "/api/admin/relay-keys", admin, json={"public_key": public_key})

    def login_admin(self) -> str:
        body = {"email": ADMIN_EMAIL, "password": PASSWORD}
        return str(self.call("POST", "/api/auth/login", json=body)["token"])

    def create_session(self, admin: str, **overrides: Any) -> dict[str, Any]:
        body = {
            "site": "Collège Anne Frank",
            "room": "Salle 208",
            "invigilators": ["Paul Eluard"],
            "date": (date.today() + timedelta(days=1)).isoformat(),
            "start_time": "09:00",
        } | overrides
        return dict(self.call("POST", "/api/admin/sessions", admin, json=body))

    def add_candidate(self, admin: str, session_id: int, first: str, last: str,
                      birthdate: str = "2010-05-04", *, levels: int = 6, level: int = 2,
                      extra_time: float = 0.0) -> dict[str, Any]:
        """A candidate certifiable on `levels` competences at `level` (Pix 8 per level)."""
        profile = {
            code: {"level": level if i < levels else 0, "pix": 8 * level if i < levels else 0}
            for i, code in enumerate(COMPETENCE_CODES)
        }
        body = {"first_name": first, "last_name": last, "birthdate": birthdate,
                "extra_time": extra_time, "profile": profile}
        return dict(self.call("POST", f"/api/admin/sessions/{session_id}/candidates", admin,
                              json=body))

    def kit(self, admin: str, session_id: int) -> dict[str, Any]:
        return dict(self.call("GET", f"/api/admin/sessions/{session_id}/kit", admin))

    def login_invigilator(self, session_id: int, password: str) -> str:
        body = {"session_number": session_id, "password": password}
        return str(self.call("POST", "/api/invigilator/login", json=body)["token"])

    def action(self, invigilator: str, kind: str, candidate_id: int | None = None,
               **payload: Any) -> Any:
        body = {"kind": kind, "candidate_id": candidate_id, "payload": payload}
        return self.call("POST", "/api/invigilator/actions", invigilator, json=body)

    def candidates(self, invigilator: str) -> list[dict[str, Any]]:
        return list(self.call("GET", "/api/invigilator/candidates", invigilator))
