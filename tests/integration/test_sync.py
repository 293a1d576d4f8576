"""The sync client against a live server: push, pull, outage, kill -9, exactly once."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from app.domain.clocks import SystemClock
from app.domain.events import Event, EventKind
from app.services.http import Backoff, Unreachable
from app.services.store import LocalStore
from app.services.sync import HttpTransport, PushResult, SyncEngine
from tests.helpers.live_server import Driver, LiveServer

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path / "server")
    live.data_dir.mkdir()
    live.create_accounts()
    live.start()
    try:
        yield live
    finally:
        live.stop()


def started_candidate(server: LiveServer) -> dict[str, Any]:
    """A session with one candidate who joined, was confirmed present and started."""
    d = Driver(server.url)
    admin = d.login_admin()
    session = d.create_session(admin)
    sid = session["id"]
    cand = d.add_candidate(admin, sid, "Ada", "Lovelace")
    kit = d.kit(admin, sid)
    joined = d.call("POST", "/api/candidate/join", json={
        "session_number": sid, "first_name": "ada", "last_name": "LOVELACE",
        "birthdate": "2010-05-04", "device_id": "pc-1"})
    inv = d.login_invigilator(sid, kit["session_password"])
    d.action(inv, "PresenceConfirmed", cand["id"])
    test = d.call("POST", "/api/candidate/start", joined["token"],
                  json={"access_code": kit["access_code"], "device_id": "pc-1"})
    return {"driver": d, "sid": sid, "cid": cand["id"], "token": joined["token"],
            "inv": inv, "test": test}


def answer_all(store: LocalStore, ctx: dict[str, Any], count: int) -> list[Event]:
    ids = [c["id"] for c in ctx["test"]["challenges"]][:count]
    return [
        store.append(EventKind.ANSWER_SUBMITTED, session_id=ctx["sid"], candidate_id=ctx["cid"],
                     payload={"challenge_id": cid, "answer": 1})
        for cid in ids
    ]


def server_answers(ctx: dict[str, Any]) -> list[str]:
    d: Driver = ctx["driver"]
    data = d.call("GET", f"/api/sessions/{ctx['sid']}/events", ctx["inv"],
                  params={"after": 0, "wait": 0, "limit": 1000})
    return [e["id"] for e in data["events"] if e["kind"] == "AnswerSubmitted"]


async def until(predicate: Any, timeout_s: float = 20) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.05)


def engine_for(store: LocalStore, ctx: dict[str, Any], url: str, executor: ThreadPoolExecutor,
               statuses: list[bool], pulled: list[Event]) -> SyncEngine:
    token = ctx["token"]
    return SyncEngine(
        store=store, transport=HttpTransport(url, lambda: token, timeout_s=2),
        session_id=ctx["sid"], clock=SystemClock(), store_executor=executor, wait_s=1,
        on_status=lambda online, _since: statuses.append(online),
        on_pulled=pulled.extend,
    )


def test_answers_reach_the_server_once_through_an_outage_and_a_kill(
    server: LiveServer, tmp_path: Path
) -> None:
    ctx = started_candidate(server)
    store = LocalStore.open(tmp_path / "kiosk.sqlite", device_id="pc-1", clock=SystemClock())
    store.record_pulled([Event.from_wire(ctx["test"]["test_started_event"])])
    executor = ThreadPoolExecutor(1)
    statuses: list[bool] = []
    pulled: list[Event] = []

    async def scenario() -> None:
        engine = engine_for(store, ctx, server.url, executor, statuses, pulled)
        engine.start()
        first = answer_all(store, ctx, 3)
        engine.poke()
        # The status is set just after the acks are stored: wait for both.
        await until(lambda: not store.pending() and bool(statuses) and statuses[-1] is True)
        # The server dies; the kiosk keeps recording; nothing is lost.
        server.kill()
        ids = [c["id"] for c in ctx["test"]["challenges"]]
        more = [store.append(EventKind.ANSWER_SUBMITTED, session_id=ctx["sid"],
                             candidate_id=ctx["cid"], payload={"challenge_id": c, "answer": 2})
                for c in ids[3:6]]
        engine.poke()
        await until(lambda: statuses[-1] is False)
        assert len(store.pending()) == 3
        server.start()
        await until(lambda: not store.pending(), timeout_s=15)
        await engine.stop()
        on_server = server_answers(ctx)
        assert sorted(on_server) == sorted(e.id for e in [*first, *more])

    asyncio.run(scenario())
    executor.shutdown()
    store.close()


def test_the_kiosk_learns_what_the_invigilator_did(server: LiveServer, tmp_path: Path) -> None:
    ctx = started_candidate(server)
    store = LocalStore.open(tmp_path / "kiosk.sqlite", device_id="pc-1", clock=SystemClock())
    executor = ThreadPoolExecutor(1)
    statuses: list[bool] = []
    pulled: list[Event] = []

    async def scenario() -> None:
        engine = engine_for(store, ctx, server.url, executor, statuses, pulled)
        engine.start()
        await until(lambda: statuses and statuses[-1] is True)
        ctx["driver"].action(ctx["inv"], "TimeAdded", ctx["cid"], minutes=12)
        await until(lambda: any(e.kind is EventKind.TIME_ADDED for e in pulled), timeout_s=5)
        await engine.stop()

    asyncio.run(scenario())
    state = store.state(ctx["sid"]).state
    assert state.candidates[ctx["cid"]].time_added.total_seconds() == 12 * 60
    executor.shutdown()
    store.close()


def test_a_repeated_push_is_acknowledged_not_duplicated(server: LiveServer,
                                                        tmp_path: Path) -> None:
    ctx = started_candidate(server)
    store = LocalStore.open(tmp_path / "kiosk.sqlite", device_id="pc-1", clock=SystemClock())
    events = answer_all(store, ctx, 2)
    transport = HttpTransport(server.url, lambda: ctx["token"])
    first = transport.push(events)
    again = transport.push(events)  # the answer to the first push was "lost"
    assert first.acked == again.acked and not again.refused
    assert sorted(server_answers(ctx)) == sorted(e.id for e in events)
    store.close()


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    import random

    backoff = Backoff(base_s=0.25, cap_s=4.0, rng=random.Random(1))
    delays = [backoff.next_delay() for _ in range(10)]
    assert all(0.125 <= d <= 4.0 for d in delays)
    assert delays[0] <= 0.25 and max(delays[-3:]) > 2.0
    backoff.reset()
    assert backoff.next_delay() <= 0.25


class SilentTransport:
    """A server that answers a push with neither ack nor refusal (a bug we must not spin on)."""

    def push(self, events: Any) -> PushResult:
        return PushResult()

    def pull(self, session_id: int, after: int, wait_s: float) -> tuple[list[Event], int]:
        raise Unreachable("offline")

    def abort(self) -> None:
        """Nothing in flight: every call answers at once."""


def test_a_push_answered_with_nothing_does_not_spin(tmp_path: Path) -> None:
    store = LocalStore.open(tmp_path / "k.sqlite", device_id="pc-1", clock=SystemClock())
    store.append(EventKind.CANDIDATE_JOINED, session_id=1, candidate_id=2)
    statuses: list[bool] = []
    executor = ThreadPoolExecutor(1)

    async def scenario() -> None:
        engine = SyncEngine(store=store, transport=SilentTransport(), session_id=1,
                            clock=SystemClock(), store_executor=executor,
                            on_status=lambda online, _s: statuses.append(online), pull=False)
        engine.start()
        await until(lambda: statuses == [False], timeout_s=5)
        await engine.stop()
        assert isinstance(engine.since, datetime)

    asyncio.run(scenario())
    executor.shutdown()
    assert len(store.pending()) == 1
    store.close()


def test_stopping_ends_a_long_poll_in_flight_and_leaves_no_thread(
    server: LiveServer, tmp_path: Path
) -> None:
    """A station's Quitter or a kiosk's end during a 20 s long-poll: the engine's workers
    are gone when stop() returns (a worker outliving its engine freed asyncio and Qt
    objects on its own thread later: issue 21)."""
    import threading

    ctx = started_candidate(server)
    store = LocalStore.open(tmp_path / "k.sqlite", device_id="pc-1", clock=SystemClock())
    store_ex = ThreadPoolExecutor(1)
    pulled: list[int] = []
    before = set(threading.enumerate())  # this engine's workers only, not an earlier test's

    async def scenario() -> float:
        engine = SyncEngine(
            store=store, transport=HttpTransport(server.url, lambda: ctx["token"]),
            session_id=ctx["sid"], clock=SystemClock(), store_executor=store_ex, wait_s=20,
            on_pulled=lambda events: pulled.append(len(events)),
        )
        engine.start()
        await until(lambda: bool(pulled), timeout_s=10)  # caught up: now a long-poll waits
        await asyncio.sleep(0.5)
        loop = asyncio.get_running_loop()
        begun = loop.time()
        await engine.stop()
        return loop.time() - begun

    took = asyncio.run(scenario())
    left = [t.name for t in set(threading.enumerate()) - before
            if t.name.startswith("sync-net")]
    assert left == [], left
    assert took < 20, f"stop waited for the 20 s long-poll to end by itself ({took:.1f} s)"
    store_ex.shutdown()
    store.close()
