"""`app.relay.upstream.Upstream`: the relay's loop to the central server (decision 0004).

Both ends run in this process: the central server behind a TestClient, the relay's app
built from the package the central server gave (`build_relay_app`). The wire between them
is a stand-in for the upstream's `HttpClient` that can be cut, or can lose an answer
after central has stored the push (a crash or a cut cable between push and ack). The
rules under test: each relay event reaches the central server exactly once, in the
relay's order, whatever is lost or replayed; an event that reached both ends is stored
once on each; the relay keeps its log while the link is down.
"""

from __future__ import annotations

import threading
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.orm import Session as DbSession

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's TestClient deprecation (see server conftest)
    from fastapi.testclient import TestClient

from app.domain import relay_trust as trust
from app.domain.events import Event, EventKind, Role, new_event
from app.models.server import Certification, ExamSession, RelayLink
from app.models.server import Event as EventRow
from app.relay.package import StoredPackage
from app.relay.server import build_relay_app
from app.relay.upstream import Upstream
from app.server import candidate_service
from app.server.app import create_app
from app.server.auth import Principal
from app.server.context import ServerContext
from app.server.db import make_engine, make_sessionmaker
from app.server.settings import ServerSettings
from app.services.http import ApiRefused, Unreachable
from app.wire.candidate import JoinIn
from app.wire.relay import RelayPackage
from tests.helpers.clock import FakeClock
from tests.server.conftest import BANK, Api

M = TypeVar("M", bound=BaseModel)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The central server (SQLite; the relay's end is SQLite whatever central runs)."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('central') / 'central.sqlite'}"
    clock = FakeClock(now=datetime.now(UTC).replace(microsecond=0))
    settings = ServerSettings(db_url=db_url, max_wait_s=1.0, presence_validity_minutes=25)
    app = create_app(settings, clock=clock, bank=BANK)
    with TestClient(app) as client:
        yield Api(client=client, clock=clock, db_url=db_url)


@dataclass
class Wire:
    """The relay's link to central: what `HttpClient.model` does, over the TestClient.

    `down`: nothing reaches central. `lose_answers`: that many calls reach central, which
    acts on them, and their answer is lost on the way back.
    """

    client: TestClient
    token: str
    down: bool = False
    lose_answers: int = 0
    calls: list[tuple[str, str, Any]] = field(default_factory=list)

    def model(self, model: type[M], method: str, path: str, **kwargs: Any) -> M:
        if self.down:
            raise Unreachable("the cable is cut")
        if len(self.calls) > 200:  # a relay that pushes the same events forever
            raise AssertionError("the relay keeps calling central: not exactly once")
        r = self.client.request(
            method, path, headers={"Authorization": f"Bearer {self.token}"}, **kwargs
        )
        self.calls.append((method, path, kwargs.get("json")))
        if self.lose_answers > 0:
            self.lose_answers -= 1
            raise Unreachable("the answer was lost")
        if r.status_code >= 400:
            raise ApiRefused("http_error", r.text, status=r.status_code)
        return model.model_validate(r.json())

    def pushes(self) -> list[list[str]]:
        """The ids of each push that reached central, in order."""
        return [[e["id"] for e in body["events"]] for m, _p, body in self.calls if m == "POST"]


@dataclass
class Room:
    api: Api
    sid: int
    inv: str
    candidate_id: int
    package: RelayPackage
    key: bytes
    data_dir: Path
    clock: FakeClock
    device: str
    ctxs: list[ServerContext] = field(default_factory=list)
    seq: int = 0

    def relay(self, wire: Wire | None = None) -> tuple[Upstream, Wire]:
        """The relay (re)started on its data directory, as after a crash, with its link."""
        app, upstream = build_relay_app(
            data_dir=self.data_dir, stored=StoredPackage(self.package, self.key),
            central_url="http://central.invalid", clock=self.clock,
        )
        self.ctxs.append(app.state.ctx)
        wire = wire or Wire(self.api.client, self.package.relay_token)
        upstream._http = wire  # type: ignore[assignment]
        return upstream, wire

    def on_relay(self, upstream: Upstream, n: int = 1) -> list[Event]:
        """`n` station actions recorded by the relay, in its own numbering."""
        ctx = upstream.log.ctx
        out = []
        for _ in range(n):
            self.seq += 1
            event = self.event(self.seq)
            with ctx.sessions() as db:
                result = ctx.eventlog.append(db, [event], Role.INVIGILATOR, now=self.clock.now())
            assert result.acked, result.refused
            out.append(event.model_copy(update={"server_seq": result.acked[0].server_seq}))
        return out

    def event(self, seq: int, device: str = "", seen_seq: int = 0) -> Event:
        return new_event(
            EventKind.TIME_ADDED, session_id=self.sid, candidate_id=self.candidate_id,
            payload={"minutes": 1}, device_id=device or self.device, device_seq=seq,
            monotonic_ms=seq, wall_time=self.clock.now(), seen_seq=seen_seq,
        )

    def central(self) -> dict[str, int]:
        """The session's events on central: id to central's number, in central's order."""
        r = self.api.client.get(
            f"/api/sessions/{self.sid}/events", headers=self.api.h(self.inv),
            params={"after": 0, "wait": 0, "limit": 1000},
        )
        assert r.status_code == 200, r.text
        return {e["id"]: e["server_seq"] for e in r.json()["events"]}

    def central_ids(self) -> list[str]:
        return list(self.central())

    def central_events(self) -> list[dict[str, Any]]:
        r = self.api.client.get(
            f"/api/sessions/{self.sid}/events", headers=self.api.h(self.inv),
            params={"after": 0, "wait": 0, "limit": 1000},
        )
        assert r.status_code == 200, r.text
        return list(r.json()["events"])

    @contextmanager
    def api_db(self) -> Iterator[DbSession]:
        """A session on central's database."""
        engine = make_engine(self.api.db_url)
        try:
            with make_sessionmaker(engine)() as db:
                yield db
        finally:
            engine.dispose()

    def relay_ids(self, upstream: Upstream) -> list[str]:
        ctx = upstream.log.ctx
        with ctx.sessions() as db:
            return [e.id for e in ctx.eventlog.all_events(db, self.sid)]


@dataclass(frozen=True)
class Session:
    sid: int
    inv: str
    candidate_id: int
    package: RelayPackage
    key: bytes


@pytest.fixture(scope="module")
def session(api: Api) -> Session:
    """One session on central with a started candidate, and its relay package, for the
    module: each test runs a fresh relay on it (password hashing makes a session cost
    seconds; the tests compare central's log before and after, so they can share it)."""
    admin = api.admin()
    sid = api.session(admin)["id"]
    cand = api.candidate(admin, sid)
    api.candidate(admin, sid, first_name="Alan", last_name="Turing")  # starts on the relay
    inv = api.invigilator(admin, sid)
    kiosk = api.join(sid, cand)
    api.push(inv, api.event(EventKind.PRESENCE_CONFIRMED, sid, cand["id"], "station"))
    code = api.kit(admin, sid)["access_code"]
    r = api.client.post("/api/candidate/start", json={"access_code": code, "device_id": "pc-1"},
                        headers=api.h(kiosk))
    assert r.status_code == 200, r.text
    key = trust.new_private_key()
    api.register_relay_key(admin, trust.b64(trust.public_bytes(key)))
    r = api.client.get("/api/invigilator/package", headers=api.h(inv),
                       params={"relay_public_key": trust.b64(trust.public_bytes(key))})
    assert r.status_code == 200, r.text
    return Session(sid, inv, cand["id"], RelayPackage.parse(r.json()), trust.private_bytes(key))


@pytest.fixture
def room(api: Api, session: Session, tmp_path: Path) -> Iterator[Room]:
    """A fresh relay for the session, and a station device of its own."""
    room = Room(api, session.sid, session.inv, session.candidate_id, session.package,
                session.key, tmp_path / "relay", api.clock,
                device=f"station-{uuid.uuid4().hex[:6]}")
    yield room
    for ctx in room.ctxs:
        ctx.engine.dispose()


def test_the_relay_keeps_centrals_presence_validity(room: Room) -> None:
    """Issue 20 item 3: the server's setting is the relay's rule too, carried by the package."""
    assert room.package.session.presence_validity_minutes == 25
    room.relay()
    assert room.ctxs[-1].settings.presence_validity_minutes == 25
    assert room.ctxs[-1].eventlog._presence_validity == timedelta(minutes=25)


def test_relay_events_reach_central_once_in_relay_order(room: Room) -> None:
    upstream, wire = room.relay()
    before = room.central_ids()
    mine = [e.id for e in room.on_relay(upstream, 5)]
    assert upstream.status()["pending_upstream"] == 5

    upstream.sync_once()

    assert room.central_ids() == before + mine
    assert upstream.reachable is True and upstream.last_contact is not None
    status = upstream.status()
    assert (status["pending_upstream"], status["refused_upstream"]) == (0, 0)
    # Nothing left to push: a second sync pushes nothing, and central's events that came
    # back down (the relay's own among them) are not recorded on the relay twice.
    relay_before = room.relay_ids(upstream)
    pushes = len(wire.pushes())
    upstream.sync_once()
    assert len(wire.pushes()) == pushes
    assert room.relay_ids(upstream) == relay_before
    assert room.central_ids() == before + mine


def test_small_batches_keep_the_relay_order(room: Room) -> None:
    upstream, wire = room.relay()
    upstream.batch = 2
    before = room.central_ids()
    mine = [e.id for e in room.on_relay(upstream, 5)]
    upstream.sync_once()
    assert wire.pushes()[:3] == [mine[0:2], mine[2:4], mine[4:5]]
    assert room.central_ids() == before + mine


def test_a_crash_between_push_and_ack_pushes_again_and_central_stores_once(
    room: Room,
) -> None:
    """Central stored the batch; the relay never heard back, then died. On restart it
    pushes the same events again: central acknowledges them as repeats, with the numbers
    it gave the first time, and stores nothing twice."""
    upstream, wire = room.relay()
    before = room.central_ids()
    mine = [e.id for e in room.on_relay(upstream, 3)]
    wire.lose_answers = 1
    with pytest.raises(Unreachable):
        upstream.sync_once()
    assert upstream.reachable is False
    assert room.central_ids() == before + mine  # central has them...
    assert upstream.status()["pending_upstream"] == 3  # ...the relay does not know it
    central_seq = room.central()

    restarted, wire2 = room.relay()  # the relay process starts again on its data dir
    assert restarted.status()["pending_upstream"] == 3
    restarted.sync_once()

    assert wire2.pushes()[0] == mine  # the same events, in the same order
    assert room.central_ids() == before + mine  # each once
    assert restarted.status()["pending_upstream"] == 0
    assert restarted.status()["refused_upstream"] == 0
    with restarted.log.ctx.sessions() as db:
        links = {eid: db.get(RelayLink, eid) for eid in mine}
    for eid, link in links.items():
        assert link is not None and link.state == "pushed"
        assert link.central_seq == central_seq[eid]  # central's first numbering


def test_a_replayed_push_is_acknowledged_with_the_same_numbers(room: Room) -> None:
    upstream, wire = room.relay()
    before = room.central_ids()
    room.on_relay(upstream, 2)
    upstream.sync_once()
    body = next(b for m, _p, b in wire.calls if m == "POST")
    first = room.api.client.post("/api/relay/events", json=body,
                                 headers=room.api.h(room.package.relay_token))
    again = room.api.client.post("/api/relay/events", json=body,
                                 headers=room.api.h(room.package.relay_token))
    assert first.status_code == again.status_code == 200
    assert first.json()["acked"] == again.json()["acked"]
    assert not again.json()["refused"]
    assert len(room.central_ids()) == len(before) + 2


def test_an_event_sent_to_both_ends_is_stored_once_on_each(room: Room) -> None:
    """A station action that reached central directly (over the school's network) and
    the relay too: pushed by the relay, central acknowledges it without a copy; or
    pulled first by the relay, the relay never pushes it."""
    upstream, wire = room.relay()
    pushed_first, pulled_first = room.event(101), room.event(102)
    with upstream.log.ctx.sessions() as db:
        result = upstream.log.ctx.eventlog.append(
            db, [pushed_first], Role.INVIGILATOR, now=room.clock.now()
        )
    assert result.acked
    room.api.push(room.inv, pushed_first.to_wire())
    upstream.sync_once()
    assert room.central_ids().count(pushed_first.id) == 1
    assert room.relay_ids(upstream).count(pushed_first.id) == 1

    room.api.push(room.inv, pulled_first.to_wire())
    upstream.sync_once()  # pulled: now on the relay, linked, so never pushed
    with upstream.log.ctx.sessions() as db:
        result = upstream.log.ctx.eventlog.append(
            db, [pulled_first], Role.INVIGILATOR, now=room.clock.now()
        )
    assert result.acked  # a repeat on the relay too: the same number, no copy
    upstream.sync_once()
    assert all(pulled_first.id not in push for push in wire.pushes())
    assert room.central_ids().count(pulled_first.id) == 1
    assert room.relay_ids(upstream).count(pulled_first.id) == 1
    assert upstream.status()["pending_upstream"] == 0


def test_seen_seq_goes_up_in_centrals_numbering(room: Room) -> None:
    """A station that had seen everything on the relay had seen everything the relay had
    pulled from central: its event reaches central saying so, in central's numbers."""
    upstream, wire = room.relay()
    upstream.sync_once()  # the relay has all of central's events
    central_top = max(room.central().values())
    ctx = upstream.log.ctx
    with ctx.sessions() as db:
        relay_top = max(e.server_seq or 0 for e in ctx.eventlog.all_events(db, room.sid))
        event = room.event(401, seen_seq=relay_top)
        assert ctx.eventlog.append(db, [event], Role.INVIGILATOR, now=room.clock.now()).acked
    upstream.sync_once()
    (sent,) = [e for _m, _p, body in wire.calls if body for e in body["events"]
               if e["id"] == event.id]
    assert sent["seen_seq"] == central_top
    r = room.api.client.get(
        f"/api/sessions/{room.sid}/events", headers=room.api.h(room.inv),
        params={"after": central_top, "wait": 0, "limit": 1000},
    )
    (stored,) = [e for e in r.json()["events"] if e["id"] == event.id]
    assert stored["seen_seq"] == central_top


def test_a_test_started_on_the_relay_reaches_central_once_with_its_number(room: Room) -> None:
    """A candidate starts on the relay (the prepared test, its reserved number); the push
    carrying TestStarted loses its answer and the relay restarts: central holds one
    certification with that number, and the TestStarted once."""
    upstream, wire = room.relay()
    ctx = upstream.log.ctx
    alan = next(c for c in room.package.candidates if c.first_name == "Alan")
    prepared = next(p for p in room.package.prepared_tests if p.candidate_id == alan.id)
    with ctx.sessions() as db:
        joined = candidate_service.join(ctx, db, JoinIn(
            session_number=room.sid, first_name="Alan", last_name="Turing",
            birthdate=alan.birthdate, device_id="pc-alan"))
        presence = new_event(EventKind.PRESENCE_CONFIRMED, session_id=room.sid,
                             candidate_id=alan.id, device_id=room.device, device_seq=900,
                             monotonic_ms=900, wall_time=room.clock.now())
        assert ctx.eventlog.append(db, [presence], Role.INVIGILATOR, now=room.clock.now()).acked
        who = Principal(Role.KIOSK, session_id=room.sid, candidate_id=joined.candidate_id)
        test = candidate_service.start_test(ctx, db, who, room.package.session.access_code,
                                            "pc-alan")
    assert test.certification_number == prepared.certification_number
    wire.lose_answers = 1
    with pytest.raises(Unreachable):
        upstream.sync_once()
    restarted, _wire2 = room.relay()
    restarted.sync_once()
    assert restarted.status()["pending_upstream"] == 0
    assert restarted.status()["refused_upstream"] == 0
    started = [e for e in room.central_events() if e["kind"] == "TestStarted"
               and e["candidate_id"] == alan.id]
    assert len(started) == 1
    assert started[0]["payload"]["certification_number"] == prepared.certification_number
    with room.api_db() as db:
        certs = list(db.scalars(sa.select(Certification.id)
                                .where(Certification.candidate_id == alan.id)))
    assert certs == [prepared.certification_number]


def test_central_events_come_down_once_even_after_a_restart(room: Room) -> None:
    upstream, _wire = room.relay()
    upstream.absorb([Event.from_wire(raw) for raw in room.package.events])
    upstream.sync_once()
    kiosk_side = room.event(201)
    room.api.push(room.inv, kiosk_side.to_wire())
    upstream.sync_once()
    assert room.relay_ids(upstream).count(kiosk_side.id) == 1
    before = room.relay_ids(upstream)
    restarted, _wire2 = room.relay()  # pull cursor back to 0: everything comes again
    restarted.sync_once()
    assert room.relay_ids(restarted) == before


def test_the_link_down_keeps_the_log_and_drains_when_it_returns(room: Room) -> None:
    upstream, wire = room.relay()
    before = room.central_ids()
    wire.down = True
    mine = [e.id for e in room.on_relay(upstream, 2)]
    with pytest.raises(Unreachable):
        upstream.sync_once()
    assert upstream.reachable is False
    assert upstream.status()["pending_upstream"] == 2
    mine += [e.id for e in room.on_relay(upstream, 1)]
    wire.down = False
    upstream.sync_once()
    assert upstream.reachable is True
    assert room.central_ids() == before + mine


def test_a_refusal_from_central_counts_as_unreachable_and_keeps_the_log(room: Room) -> None:
    """A token central no longer takes: the relay has no one else to ask, keeps its log
    and shows the link as down (the upstream module doc)."""
    upstream, wire = room.relay()
    wire.token = "not-a-token"
    room.on_relay(upstream, 1)
    with pytest.raises(Unreachable, match="POST /api/relay/events"):
        upstream.sync_once()
    assert upstream.reachable is False
    assert upstream.status()["pending_upstream"] == 1


def test_an_event_central_refuses_is_counted_and_not_pushed_again(room: Room) -> None:
    upstream, wire = room.relay()
    room.on_relay(upstream, 1)
    upstream.sync_once()
    # An event no relayed role may produce slipped into the relay's log (it cannot in
    # the product; here by hand): central refuses it, the relay counts it and moves on.
    stray = new_event(EventKind.RESULTS_PUBLISHED, session_id=room.sid, device_id="jury",
                      device_seq=1, monotonic_ms=1)
    with upstream.log.ctx.sessions() as db:
        top = max(e.server_seq or 0 for e in upstream.log.ctx.eventlog.all_events(db, room.sid))
        db.add(EventRow(
            id=stray.id, session_id=room.sid, server_seq=top + 1, kind=stray.kind.value,
            candidate_id=None, device_id="jury", device_seq=1, monotonic_ms=1,
            wall_time=stray.wall_time, received_at=room.clock.now(), seen_seq=0,
            payload={}, role="jury",
        ))
        db.execute(sa.update(ExamSession).where(ExamSession.id == room.sid)
                   .values(last_seq=top + 1))
        db.commit()
    pushes = len(wire.pushes())
    upstream.sync_once()
    assert upstream.status()["refused_upstream"] == 1
    assert upstream.refused_upstream == 1
    assert upstream.status()["pending_upstream"] == 0
    upstream.sync_once()
    assert len(wire.pushes()) == pushes + 1  # once, not again


def test_no_central_configured_is_unreachable(room: Room) -> None:
    upstream, _wire = room.relay()
    upstream._http = None
    with pytest.raises(Unreachable, match="no central server configured"):
        upstream.sync_once()


def test_the_loop_drains_then_stops_when_asked(room: Room) -> None:
    upstream, wire = room.relay()
    before = room.central_ids()
    wire.down = True
    mine = [e.id for e in room.on_relay(upstream, 2)]
    stop = threading.Event()
    thread = threading.Thread(
        target=upstream.run, args=(stop,), kwargs={"interval_s": 0.05, "retry_cap_s": 0.05}
    )
    thread.start()
    try:
        deadline = datetime.now(UTC).timestamp() + 10
        while upstream.reachable is not False and datetime.now(UTC).timestamp() < deadline:
            stop.wait(0.02)
        assert upstream.reachable is False
        wire.down = False
        while upstream.status()["pending_upstream"] and datetime.now(UTC).timestamp() < deadline:
            stop.wait(0.02)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    assert room.central_ids() == before + mine
