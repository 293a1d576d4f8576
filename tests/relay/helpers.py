"""A central server and a room relay in subprocesses, and a session prepared for the relay.

The relay runs as `python -m app.relay run` so a test can SIGKILL it mid-session exactly
as a crash or a pulled plug would, and restart it on the same data directory and port.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from app.relay.package import prepare, relay_public_key
from tests.helpers.live_server import ROOT, Driver, LiveServer, free_port, wait_answering


@dataclass
class LiveRelay:
    data_dir: Path
    session_id: int
    password: str
    central_url: str | None
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 30) -> LiveRelay:
        log = open(self.data_dir / "relay-test.log", "ab")  # noqa: SIM115 - kept by Popen
        args = [sys.executable, "-m", "app.relay", "run", "--session", str(self.session_id),
                "--data-dir", str(self.data_dir), "--host", "127.0.0.1",
                "--port", str(self.port), "--interval", "0.3", "--retry-cap", "0.5"]
        if self.central_url:
            args += ["--central", self.central_url]
        self.proc = subprocess.Popen(args, cwd=ROOT, stdin=subprocess.PIPE, stdout=log,
                                     stderr=subprocess.STDOUT)
        log.close()
        assert self.proc.stdin is not None
        self.proc.stdin.write((self.password + "\n").encode())
        self.proc.stdin.close()
        wait_answering(self.url, self.proc, self.data_dir / "relay-test.log", "relay",
                       timeout_s, on_failure=self.stop)
        return self

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
        self.proc = None

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def status(self) -> dict[str, Any]:
        return dict(requests.get(f"{self.url}/api/relay/status", timeout=5).json())

    def wait_drained(self, timeout_s: float = 30) -> dict[str, Any]:
        """Until the relay has nothing left for the central server."""
        deadline = time.monotonic() + timeout_s
        while True:
            status = self.status()
            if status["pending_upstream"] == 0 and status["central_reachable"]:
                return status
            if time.monotonic() > deadline:
                raise AssertionError(f"relay not drained: {status}")
            time.sleep(0.2)


@dataclass
class Prepared:
    central: LiveServer
    session_id: int
    candidates: list[dict[str, Any]]
    kit: dict[str, Any]
    admin: str
    station_dir: Path


def prepared_session(tmp_path: Path, n_candidates: int = 2, *,
                     content: Path | None = None) -> Prepared:
    """Central server up, a session with candidates, the package prepared on the station."""
    central = LiveServer(tmp_path / "central", content=content)
    central.data_dir.mkdir()
    central.create_accounts()
    central.start()
    d = Driver(central.url)
    admin = d.login_admin()
    sid = d.create_session(admin)["id"]
    names = [("Ada", "Lovelace"), ("Alan", "Turing"), ("Grace", "Hopper")]
    cands = [d.add_candidate(admin, sid, first, last) for first, last in names[:n_candidates]]
    kit = d.kit(admin, sid)
    station_dir = tmp_path / "station"
    d.register_relay_key(admin, relay_public_key(station_dir))
    prepare(central.url, sid, kit["session_password"], station_dir)
    return Prepared(central, sid, cands, kit, admin, station_dir)


def join_and_start(d: Driver, p: Prepared, inv: str, cand: dict[str, Any],
                   device: str) -> dict[str, Any]:
    """Join, presence, access code on whatever end `d` talks to; the test and the token."""
    joined = d.call("POST", "/api/candidate/join", json={
        "session_number": p.session_id, "first_name": cand["first_name"],
        "last_name": cand["last_name"], "birthdate": cand["birthdate"], "device_id": device})
    d.action(inv, "PresenceConfirmed", cand["id"])
    test = d.call("POST", "/api/candidate/start", joined["token"],
                  json={"access_code": p.kit["access_code"], "device_id": device})
    return {"token": joined["token"], "test": test, "cid": cand["id"]}


def central_events(p: Prepared) -> list[dict[str, Any]]:
    d = Driver(p.central.url)
    inv = d.login_invigilator(p.session_id, p.kit["session_password"])
    data = d.call("GET", f"/api/sessions/{p.session_id}/events", inv,
                  params={"after": 0, "wait": 0, "limit": 1000})
    return list(data["events"])
