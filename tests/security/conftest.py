"""A live server per module, on SQLite and on PostgreSQL, and a room with a started test.

Each test of tests/security/ plays one attack of issue 17 as an outsider would, over HTTP
against a real `examroom server`, and asserts the refusal.
"""

from __future__ import annotations

import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.domain import event_signing
from app.domain.events import EventKind, new_event
from tests.helpers.live_server import Driver, LiveServer

PG_BASE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

FIRST, LAST, BORN = "Ada", "Lovelace", "2010-05-04"


def pg_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    schema = None
    if request.param == "postgresql":
        if not pg_available():
            pytest.skip("PostgreSQL: nothing answers at 127.0.0.1:5432")
        schema = f"security_{int(time.time() * 1000)}_{uuid.uuid4().hex[:6]}"
        subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "test",
                        "-c", f"CREATE SCHEMA {schema}"], check=True)
    server = LiveServer(
        tmp_path_factory.mktemp("server"),
        db_url=f"{PG_BASE}?options=-csearch_path%3D{schema}" if schema else None,
    )
    server.create_accounts()
    server.start(timeout_s=60)
    try:
        yield server
    finally:
        server.stop()
        if schema:
            subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "test",
                            "-c", f"DROP SCHEMA {schema} CASCADE"], check=False)


@dataclass
class Kiosk:
    """A candidate token held by one device, with that device's event numbering."""

    url: str
    token: str
    device_id: str
    session_id: int
    candidate_id: int
    seq: int = 0
    http: requests.Session = field(default_factory=requests.Session)
    signer: Ed25519PrivateKey | None = None
    """The device's key registered with its join: its events are then signed."""

    def call(self, method: str, path: str, **kw: Any) -> requests.Response:
        return self.http.request(method, self.url + path, timeout=30,
                                 headers={"Authorization": f"Bearer {self.token}"}, **kw)

    def event(self, kind: EventKind, payload: dict[str, Any] | None = None,
              **envelope: Any) -> dict[str, Any]:
        self.seq += 1
        wire = new_event(
            kind, session_id=self.session_id, candidate_id=self.candidate_id,
            device_id=self.device_id, device_seq=self.seq, monotonic_ms=self.seq,
            wall_time=datetime.now(UTC), payload=payload,
        )
        if self.signer is not None:
            wire = event_signing.sign(wire, self.signer)
        return wire.to_wire() | envelope

    def push(self, *events: dict[str, Any]) -> dict[str, Any]:
        r = self.call("POST", "/api/sync/events", json={"events": list(events)})
        assert r.status_code == 200, r.text
        return dict(r.json())


@dataclass
class Room:
    url: str
    driver: Driver
    admin: str
    sid: int
    kit: dict[str, Any]
    inv: str
    cid: int
    real: Kiosk
    test: dict[str, Any]

    def join(self, device_id: str, signer: Ed25519PrivateKey | None = None) -> Kiosk:
        body = {"session_number": self.sid, "first_name": FIRST, "last_name": LAST,
                "birthdate": BORN, "device_id": device_id, "device_name": f"PC-{device_id}"}
        if signer is not None:
            body["public_key"] = event_signing.public_key_text(signer)
        r = requests.post(self.url + "/api/candidate/join", json=body, timeout=30)
        assert r.status_code == 200, r.text
        out = r.json()
        return Kiosk(self.url, out["token"], device_id, self.sid, int(out["candidate_id"]),
                     signer=signer)

    def events(self, kind: str) -> list[dict[str, Any]]:
        data = self.driver.call("GET", f"/api/sessions/{self.sid}/events", self.inv,
                                params={"after": 0, "limit": 1000})
        return [e for e in data["events"] if e["kind"] == kind]


def started_room(live: LiveServer, *, signed: bool = False) -> Room:
    """A session whose candidate Ada started her test on the PC `pc-real` (which
    registered a signing key with its join when `signed`)."""
    d = Driver(live.url)
    admin = d.login_admin()
    sid = int(d.create_session(admin)["id"])
    cid = int(d.add_candidate(admin, sid, FIRST, LAST, BORN)["id"])
    kit = d.kit(admin, sid)
    inv = d.login_invigilator(sid, kit["session_password"])
    room = Room(live.url, d, admin, sid, kit, inv, cid, None, {})  # type: ignore[arg-type]
    real = room.join("pc-real", event_signing.new_private_key() if signed else None)
    d.action(inv, "PresenceConfirmed", cid)
    r = real.call("POST", "/api/candidate/start",
                  json={"access_code": kit["access_code"], "device_id": "pc-real"})
    assert r.status_code == 200, r.text
    room.real, room.test = real, r.json()
    return room
