"""A live server (SQLite or PostgreSQL) and a room in it, for tests/security.

`live_server` is a module fixture parametrised over both databases; import it into a
test module (`from tests.helpers.security_room import live_server`). `Room` sets up a
session with candidates as an attacker would find it: started tests, a known session
password and access code.
"""

from __future__ import annotations

import json
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from tests.helpers.live_server import Driver, LiveServer
from tests.server.conftest import PG_BASE, pg_available


def _psql(sql: str) -> None:
    subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "test",
                    "-c", sql], check=False, capture_output=True)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    schema = None
    db_url = None
    if request.param == "postgresql":
        if not pg_available():
            reason = "PostgreSQL: nothing answers at 127.0.0.1:5432"
            print(f"SKIP {reason}")
            pytest.skip(reason)
        schema = f"sec_{uuid.uuid4().hex[:12]}"
        _psql(f"CREATE SCHEMA {schema}")
        db_url = f"{PG_BASE}?options=-csearch_path%3D{schema}"
    live = LiveServer(tmp_path_factory.mktemp("server"), db_url=db_url)
    live.create_accounts()
    live.start()
    try:
        yield live
    finally:
        live.stop()
        if schema is not None:
            _psql(f"DROP SCHEMA {schema} CASCADE")


@dataclass
class Room:
    """A session of the live server with `n` candidates; helpers for raw calls."""

    live: LiveServer
    n: int = 2
    driver: Driver = field(init=False)
    admin: str = field(init=False)
    sid: int = field(init=False)
    cands: list[dict[str, Any]] = field(init=False)
    kit: dict[str, Any] = field(init=False)
    inv: str = field(init=False)
    seqs: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.driver = Driver(self.live.url)
        self.admin = self.driver.login_admin()
        self.sid = int(self.driver.create_session(self.admin)["id"])
        tag = uuid.uuid4().hex[:6]
        self.cands = [
            self.driver.add_candidate(self.admin, self.sid, "Ada", f"Sec{tag}{i}",
                                      f"2010-05-{i + 1:02d}")
            for i in range(self.n)
        ]
        self.kit = self.driver.kit(self.admin, self.sid)
        self.inv = self.driver.login_invigilator(self.sid, self.kit["session_password"])

    @property
    def url(self) -> str:
        return self.live.url

    def raw(self, method: str, path: str, token: str | None = None,
            headers_extra: dict[str, str] | None = None, **kw: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        headers |= headers_extra or {}
        return self.driver.http.request(method, self.url + path, headers=headers, timeout=30,
                                        **kw)

    def join(self, i: int, device: str | None = None) -> str:
        c = self.cands[i]
        r = self.raw("POST", "/api/candidate/join", json={
            "session_number": self.sid, "first_name": c["first_name"],
            "last_name": c["last_name"], "birthdate": c["birthdate"],
            "device_id": device or f"pc-{i}"})
        assert r.status_code == 200, r.text
        return str(r.json()["token"])

    def start(self, i: int, token: str, device: str | None = None) -> dict[str, Any]:
        self.driver.action(self.inv, "PresenceConfirmed", self.cands[i]["id"])
        r = self.raw("POST", "/api/candidate/start", token,
                     json={"access_code": self.kit["access_code"],
                           "device_id": device or f"pc-{i}"})
        assert r.status_code == 200, r.text
        return dict(r.json())

    def event(self, kind: str, i: int | None, device: str = "pc-0",
              **payload: Any) -> dict[str, Any]:
        """A well-formed event of candidate `i` (None: session-wide), as a device makes it."""
        seq = self.seqs[device] = self.seqs.get(device, 0) + 1
        return {
            "id": str(uuid.uuid4()), "session_id": self.sid,
            "candidate_id": None if i is None else self.cands[i]["id"], "kind": kind,
            "payload": payload, "device_id": device, "device_seq": seq,
            "monotonic_ms": seq * 1000, "wall_time": datetime.now(UTC).isoformat(),
            "seen_seq": 0,
        }

    def push(self, token: str, *events: dict[str, Any]) -> requests.Response:
        """Encoded here, not by requests' json=, which refuses NaN and infinities since
        requests 2.34: a hostile kiosk sends them all the same, and Python's json.loads,
        the push's parser, reads them."""
        return self.raw("POST", "/api/sync/events", token,
                        data=json.dumps({"events": list(events)}),
                        headers_extra={"Content-Type": "application/json"})
