"""Fixtures for the direct tests of `app/server/*_service.py`: no HTTP, the service
functions called with a SQLAlchemy session, on SQLite and PostgreSQL (`db_url`, one fresh
schema per module, from tests/server/conftest.py).

`World` builds a session step by step through the services themselves (admin_service,
candidate_service, sync_service), as the routers would, so each test reads as the day.
Argon2 is made cheap for these modules: a session costs two hashes and a start one
check, seconds each at the production cost, and no rule tested here depends on it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from app.domain.competences import COMPETENCE_CODES
from app.domain.events import Event, EventKind, Role, new_event
from app.models.server import Account, Candidate, ExamSession
from app.server import admin_service, auth, candidate_service, sync_service
from app.server.app import create_app
from app.server.context import ServerContext
from app.server.settings import ServerSettings
from app.wire.admin import CandidateCreate, SessionCreate
from app.wire.candidate import JoinIn
from tests.helpers.clock import FakeClock
from tests.server.conftest import BANK


@pytest.fixture(scope="module", autouse=True)
def _cheap_argon2() -> Iterator[None]:
    saved = auth._HASHER
    auth._HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    auth._HASHER = saved


@pytest.fixture(scope="module")
def ctx(db_url: str, clock: FakeClock, _cheap_argon2: None) -> Iterator[ServerContext]:
    context: ServerContext = create_app(
        ServerSettings(db_url=db_url, max_wait_s=0.5), clock=clock, bank=BANK
    ).state.ctx
    yield context
    context.engine.dispose()


@pytest.fixture
def db(ctx: ServerContext) -> Iterator[Session]:
    with ctx.sessions() as session:
        yield session


@pytest.fixture
def world(ctx: ServerContext, db: Session, clock: FakeClock) -> World:
    return World(ctx, db, clock)


PROFILE = {code: {"level": 3, "pix": 24} for code in COMPETENCE_CODES[:6]}


@dataclass
class World:
    """One centre's admin, and helpers that run the day through the services."""

    ctx: ServerContext
    db: Session
    clock: FakeClock
    seqs: dict[str, int] = field(default_factory=dict)
    admin: auth.Principal = field(init=False)

    def __post_init__(self) -> None:
        self.admin = self.new_admin()

    def new_admin(self, centre: str | None = None) -> auth.Principal:
        account: Account = admin_service.create_account(
            self.db, email=f"admin-{uuid.uuid4().hex[:8]}@example.org",
            password="correct horse battery", role="admin",
            centre=centre or f"Collège {uuid.uuid4().hex[:6]}", now=self.clock.now(),
        )
        return auth.Principal(Role.ADMIN, account_id=account.id, centre_id=account.centre_id)

    def session(self, admin: auth.Principal | None = None, **over: Any) -> ExamSession:
        body: dict[str, Any] = {
            "site": "Collège Anne Frank", "room": "Salle 208", "invigilators": ["Paul Eluard"],
            "date": self.clock.now().date() + timedelta(days=1), "start_time": "09:00",
        } | over
        session, _password, _code = admin_service.create_session(
            self.db, admin or self.admin, SessionCreate.model_validate(body), self.clock.now()
        )
        return session

    def candidate(self, session: ExamSession, **over: Any) -> Candidate:
        body: dict[str, Any] = {
            "last_name": "Lovelace", "first_name": f"Ada{uuid.uuid4().hex[:12]}",
            "birthdate": "2010-12-10", "profile": PROFILE,
        } | over
        return admin_service.add_candidate(
            self.db, session, CandidateCreate.model_validate(body), self.clock.now()
        )

    def inv(self, session: ExamSession) -> auth.Principal:
        return auth.Principal(Role.INVIGILATOR, session_id=session.id)

    def kiosk(self, cand: Candidate, device: str = "pc-1") -> auth.Principal:
        """The candidate joined from `device` (candidate_service.join): their principal."""
        joined = candidate_service.join(self.ctx, self.db, JoinIn(
            session_number=cand.session_id, first_name=cand.first_name,
            last_name=cand.last_name, birthdate=cand.birthdate, device_id=device,
        ))
        assert joined.candidate_id == cand.id
        return auth.Principal(Role.KIOSK, session_id=cand.session_id, candidate_id=cand.id,
                              device_id=device)

    def event(
        self, kind: EventKind, session_id: int, candidate_id: int | None = None,
        device: str = "pc-1", seen_seq: int = 0, **payload: Any,
    ) -> Event:
        seq = self.seqs[device] = self.seqs.get(device, 0) + 1
        return new_event(
            kind, session_id=session_id, candidate_id=candidate_id, payload=payload,
            device_id=device, device_seq=seq, monotonic_ms=seq * 1000,
            wall_time=self.clock.now(), seen_seq=seen_seq,
        )

    def push(self, who: auth.Principal, *events: Event) -> tuple[list[Any], list[Any]]:
        acked, refused = sync_service.push(self.ctx, self.db, who, [e.to_wire() for e in events])
        return acked, refused

    def started(
        self, session: ExamSession, cand: Candidate, device: str = "pc-1"
    ) -> tuple[auth.Principal, list[str]]:
        """Joined, presence confirmed, access code typed: the kiosk and its questions."""
        kiosk = self.kiosk(cand, device)
        _acked, refused = self.push(
            self.inv(session),
            self.event(EventKind.PRESENCE_CONFIRMED, session.id, cand.id, "station"),
        )
        assert not refused, refused
        code = admin_service.kit(self.db, session).access_code
        test = candidate_service.start_test(self.ctx, self.db, kiosk, code, device)
        return kiosk, [c.id for c in test.challenges]

    def answer_all(
        self, kiosk: auth.Principal, challenges: list[str], wrong: set[int] | None = None,
        end: bool = True,
    ) -> None:
        assert kiosk.session_id is not None
        wrong = wrong or set()
        device = kiosk.device_id or "pc-1"  # the PC the test belongs to (issue 17)
        events = [
            self.event(EventKind.ANSWER_SUBMITTED, kiosk.session_id, kiosk.candidate_id, device,
                       challenge_id=cid, answer=2 if i in wrong else 1)
            for i, cid in enumerate(challenges)
        ]
        if end:
            events.append(self.event(EventKind.TEST_ENDED, kiosk.session_id,
                                     kiosk.candidate_id, device, by="candidate"))
        _acked, refused = self.push(kiosk, *events)
        assert not refused, refused
