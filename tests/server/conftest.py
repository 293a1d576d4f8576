"""Server test fixtures, parametrised over SQLite and the local PostgreSQL.

PostgreSQL tests use a fresh schema per test module (dropped afterwards), so they never
see another module's rows. They are skipped, with the reason printed, only when nothing
answers at 127.0.0.1:5432.
"""

from __future__ import annotations

import socket
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

with warnings.catch_warnings():
    # WORKAROUND: starlette 1.x deprecates httpx in its TestClient (wants httpx2, not in
    # the dev dependencies); the warning is raised at import, where pytest makes it fatal.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from app.domain.competences import COMPETENCE_CODES
from app.domain.content import Challenge, ChallengeType
from app.domain.events import EventKind, new_event
from app.server.admin_service import create_account
from app.server.app import create_app
from app.server.db import make_engine, make_sessionmaker, migrate
from app.server.settings import ServerSettings
from app.services.content import ContentBank
from tests.helpers.clock import FakeClock

PG_BASE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PASSWORD = "correct horse battery"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pg_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def make_bank() -> ContentBank:
    """5 QCU per competence, levels 1-5, distinct skills; proposal 1 is always right."""
    entries = []
    for code in COMPETENCE_CODES:
        for level in range(1, 6):
            entries.append(
                (
                    Challenge(
                        id=f"c{code.replace('.', '')}-{level}",
                        competence=code,
                        level=level,
                        skill=f"@skill{code}-{level}",
                        type=ChallengeType.QCU,
                        instruction=f"Question {code} niveau {level}",
                        proposals=("Bonne réponse", "Mauvaise réponse"),
                        solution=1,
                    ),
                    Path("."),
                )
            )
    return ContentBank(entries)


BANK = make_bank()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'server.sqlite'}"
        return
    if not pg_available():
        reason = "PostgreSQL: nothing answers at 127.0.0.1:5432"
        print(f"SKIP {reason}")
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin_engine = sa.create_engine(PG_BASE)
    with admin_engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    yield f"{PG_BASE}?options=-csearch_path%3D{schema}"
    with admin_engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin_engine.dispose()


@dataclass
class Api:
    """A TestClient with helpers that build a realistic session step by step."""

    client: TestClient
    clock: FakeClock
    db_url: str
    device_seq: dict[str, int] = field(default_factory=dict)

    def h(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def register_relay_key(self, admin: str, public_key: str) -> None:
        """The centre's referent registers a relay's key (issue 17)."""
        r = self.client.post("/api/admin/relay-keys", headers=self.h(admin),
                             json={"public_key": public_key})
        assert r.status_code == 201, r.text

    def admin(self, centre: str | None = None) -> str:
        email = f"admin-{uuid.uuid4().hex[:8]}@example.org"
        engine = make_engine(self.db_url)
        with make_sessionmaker(engine)() as db:
            create_account(
                db,
                email=email,
                password=PASSWORD,
                role="admin",
                centre=centre or f"Collège {uuid.uuid4().hex[:6]}",
                now=self.clock.now(),
            )
        engine.dispose()
        return self.login(email)

    def jury(self) -> str:
        email = f"jury-{uuid.uuid4().hex[:8]}@example.org"
        engine = make_engine(self.db_url)
        with make_sessionmaker(engine)() as db:
            create_account(
                db, email=email, password=PASSWORD, role="jury", centre=None, now=self.clock.now()
            )
        engine.dispose()
        return self.login(email)

    def login(self, email: str) -> str:
        r = self.client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
        assert r.status_code == 200, r.text
        return str(r.json()["token"])

    def session(self, admin: str, **over: Any) -> dict[str, Any]:
        body = {
            "site": "Collège Anne Frank",
            "room": "Salle 208",
            "invigilators": ["Paul Eluard"],
            "date": (self.clock.now().date() + timedelta(days=1)).isoformat(),
            "start_time": "09:00",
        } | over
        r = self.client.post("/api/admin/sessions", json=body, headers=self.h(admin))
        assert r.status_code == 201, r.text
        return dict(r.json())

    def candidate(self, admin: str, session_id: int, **over: Any) -> dict[str, Any]:
        body = {
            "last_name": "Lovelace",
            "first_name": "Ada",
            "birthdate": "2010-12-10",
            "extra_time": "33%",
            "email": "lovelace@example.org",
            "profile": {code: {"level": 3, "pix": 24} for code in COMPETENCE_CODES[:6]},
        } | over
        r = self.client.post(
            f"/api/admin/sessions/{session_id}/candidates", json=body, headers=self.h(admin)
        )
        assert r.status_code == 201, r.text
        return dict(r.json())

    def kit(self, admin: str, session_id: int) -> dict[str, Any]:
        r = self.client.get(f"/api/admin/sessions/{session_id}/kit", headers=self.h(admin))
        assert r.status_code == 200, r.text
        return dict(r.json())

    def invigilator(self, admin: str, session_id: int) -> str:
        kit = self.kit(admin, session_id)
        r = self.client.post(
            "/api/invigilator/login",
            json={"session_number": session_id, "password": kit["session_password"]},
        )
        assert r.status_code == 200, r.text
        return str(r.json()["token"])

    def join(self, session_id: int, cand: dict[str, Any], device: str = "pc-1") -> str:
        r = self.client.post(
            "/api/candidate/join",
            json={
                "session_number": session_id,
                "first_name": cand["first_name"],
                "last_name": cand["last_name"],
                "birthdate": cand["birthdate"],
                "device_id": device,
            },
        )
        assert r.status_code == 200, r.text
        return str(r.json()["token"])

    def event(
        self,
        kind: EventKind,
        session_id: int,
        candidate_id: int | None = None,
        device: str = "pc-1",
        **payload: Any,
    ) -> dict[str, Any]:
        seq = self.device_seq[device] = self.device_seq.get(device, 0) + 1
        return new_event(
            kind,
            session_id=session_id,
            candidate_id=candidate_id,
            payload=payload,
            device_id=device,
            device_seq=seq,
            monotonic_ms=seq * 1000,
            wall_time=self.clock.now(),
        ).to_wire()

    def push(self, token: str, *events: dict[str, Any]) -> dict[str, Any]:
        r = self.client.post(
            "/api/sync/events", json={"events": list(events)}, headers=self.h(token)
        )
        assert r.status_code == 200, r.text
        return dict(r.json())

    def started(self, admin: str) -> tuple[int, dict[str, Any], str, str, dict[str, Any]]:
        """A session with one candidate whose test has started: (sid, cand, inv, kiosk, test)."""
        session = self.session(admin)
        sid = session["id"]
        cand = self.candidate(admin, sid)
        inv = self.invigilator(admin, sid)
        kiosk = self.join(sid, cand)
        out = self.push(inv, self.event(EventKind.PRESENCE_CONFIRMED, sid, cand["id"], "station"))
        assert not out["refused"], out
        code = self.kit(admin, sid)["access_code"]
        r = self.client.post(
            "/api/candidate/start",
            json={"access_code": code, "device_id": "pc-1"},
            headers=self.h(kiosk),
        )
        assert r.status_code == 200, r.text
        return sid, cand, inv, kiosk, dict(r.json())


@pytest.fixture(scope="module")
def clock() -> FakeClock:
    now = datetime.now(UTC).replace(microsecond=0)
    return FakeClock(now=now)


@pytest.fixture(scope="module")
def server_settings(db_url: str) -> ServerSettings:
    return ServerSettings(db_url=db_url, max_wait_s=2.0)


@pytest.fixture(scope="module")
def api(server_settings: ServerSettings, clock: FakeClock) -> Iterator[Api]:
    app = create_app(server_settings, clock=clock, bank=BANK)
    with TestClient(app) as client:
        yield Api(client=client, clock=clock, db_url=server_settings.db_url)


@pytest.fixture
def migrated(db_url: str) -> str:
    engine = make_engine(db_url)
    migrate(engine)
    engine.dispose()
    return db_url


def today() -> date:
    return datetime.now(UTC).date()
