"""Helpers of the invigilator-station tests: a scripted kiosk over HTTP, a session set up
on a live server, a desk wired as the composition root wires it, and an asyncio runner on
a qasync loop (the desk is a QObject with QTimers)."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Callable, Coroutine
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget

from app.domain.clocks import SystemClock
from app.domain.events import Event, EventKind, new_event
from app.services.desk import InvigilatorDesk
from app.services.invigilator_api import InvigilatorApi
from app.services.store import LocalStore
from app.services.sync import (
    PulledCallback,
    PushResult,
    StatusCallback,
    SyncedCallback,
    SyncEngine,
    Transport,
)
from tests.helpers.live_server import Driver, LiveServer

T = TypeVar("T")

OPEN_STORES: list[LocalStore] = []
"""Stores made by `make_desk`; the composition root closes its store, so the tests do
(`close_desk_stores`, called after every test by tests/conftest.py), whatever became of
the desk."""


def run_on_qasync(qapp: Any, coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on a qasync loop inside the running QApplication."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        asyncio.set_event_loop(None)
        loop.close()


async def until(predicate: Callable[[], Any], timeout_s: float = 10.0,
                what: str = "condition") -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{what} not reached in {timeout_s} s")
        await asyncio.sleep(0.02)


@dataclass
class Session:
    driver: Driver
    admin: str
    sid: int
    password: str
    access_code: str
    candidates: dict[str, dict[str, Any]] = field(default_factory=dict)


def make_session(server: LiveServer, people: list[tuple[str, str]] | None = None,
                 **extra_times: float) -> Session:
    """A session with candidates (first, last), birthdate 2010-05-04, certifiable."""
    d = Driver(server.url)
    admin = d.login_admin()
    sid = d.create_session(admin)["id"]
    out = Session(d, admin, sid, "", "")
    for first, last in people or [("Ada", "Lovelace"), ("Alan", "Turing")]:
        out.candidates[first] = d.add_candidate(admin, sid, first, last,
                                                extra_time=extra_times.get(first, 0.0))
    kit = d.kit(admin, sid)
    out.password, out.access_code = kit["session_password"], kit["access_code"]
    return out


class Kiosk:
    """A candidate's kiosk reduced to its HTTP calls: what the station must see, and
    what it must learn from the station."""

    def __init__(self, session: Session, first: str, last: str,
                 birthdate: str = "2010-05-04") -> None:
        self.s = session
        self.device = f"pc-{uuid.uuid4().hex[:6]}"
        self.first, self.last, self.birthdate = first, last, birthdate
        self.token = ""
        self.cid = 0
        self.test: dict[str, Any] = {}
        self.seq = 0
        self.seen = 0

    def join(self) -> dict[str, Any]:
        data = self.s.driver.call("POST", "/api/candidate/join", json={
            "session_number": self.s.sid, "first_name": self.first, "last_name": self.last,
            "birthdate": self.birthdate, "device_id": self.device})
        self.token, self.cid = data["token"], data["candidate_id"]
        return dict(data)

    def start(self) -> dict[str, Any]:
        self.test = dict(self.s.driver.call(
            "POST", "/api/candidate/start", self.token,
            json={"access_code": self.s.access_code, "device_id": self.device}))
        return self.test

    def status(self) -> dict[str, Any]:
        return dict(self.s.driver.call("GET", "/api/candidate/status", self.token))

    def heartbeat(self) -> None:
        self.s.driver.call("POST", "/api/candidate/heartbeat", self.token,
                           json={"device_id": self.device})

    def challenge_ids(self) -> list[str]:
        return [c["id"] for c in self.test["challenges"]]

    def push(self, kind: EventKind, **payload: Any) -> dict[str, Any]:
        self.seq += 1
        event = new_event(kind, session_id=self.s.sid, candidate_id=self.cid,
                          payload=payload, device_id=self.device, device_seq=self.seq,
                          monotonic_ms=self.seq, wall_time=datetime.now(UTC),
                          seen_seq=self.seen)
        result = self.s.driver.call("POST", "/api/sync/events", self.token,
                                    json={"events": [event.to_wire()]})
        assert result["acked"], result
        return dict(result)

    def pulled(self) -> list[Event]:
        """Every event this kiosk may read (its candidate's and the session-wide ones)."""
        data = self.s.driver.call("GET", f"/api/sessions/{self.s.sid}/events", self.token,
                                  params={"after": 0, "wait": 0, "limit": 1000})
        events = [Event.from_wire(e) for e in data["events"]]
        if events:
            self.seen = max(e.server_seq or 0 for e in events)
        return events

    def kinds_seen(self) -> list[EventKind]:
        return [e.kind for e in self.pulled()]


class HeldPushes:
    """A sync transport whose pushes wait while `held` is set: a station's actions
    reaching the server late, after what kiosks sent meanwhile."""

    def __init__(self, inner: Transport) -> None:
        self.inner = inner
        self._released = threading.Event()
        self._released.set()

    def hold(self) -> None:
        self._released.clear()

    def release(self) -> None:
        self._released.set()

    def push(self, events: list[Event]) -> PushResult:
        self._released.wait(30)
        return self.inner.push(events)

    def pull(self, session_id: int, after: int, wait_s: float) -> tuple[list[Event], int]:
        return self.inner.pull(session_id, after, wait_s)

    def abort(self) -> None:
        self._released.set()
        self.inner.abort()


def close_desk_stores() -> None:
    """Close the stores `make_desk` opened during the test (as the station does at exit);
    called after every test by tests/conftest.py."""
    while OPEN_STORES:
        OPEN_STORES.pop().close()


def make_desk(server_url: str, data_dir: Path, *, poll_s: float = 0.5,
              wait_s: float = 5.0, device_id: str = "station-1",
              timeout_s: float = 2.0, pushes: list[HeldPushes] | None = None,
              ) -> tuple[InvigilatorDesk, LocalStore, InvigilatorApi]:
    """The desk as `examroom invigilator` builds it, with short timeouts for tests.

    With `pushes`, the sync transport is wrapped in a HeldPushes appended to that list.
    """
    clock = SystemClock()
    store = LocalStore.open(data_dir / "station.sqlite", device_id=device_id, clock=clock)
    OPEN_STORES.append(store)
    api = InvigilatorApi(server_url, timeout_s=timeout_s)

    def sync(*, session_id: int, store_executor: Executor, on_status: StatusCallback,
             on_pulled: PulledCallback, on_pushed: SyncedCallback) -> SyncEngine:
        transport: Transport = api.transport(timeout_s=timeout_s)
        if pushes is not None:
            pushes.append(HeldPushes(transport))
            transport = pushes[-1]
        return SyncEngine(store=store, transport=transport,
                          session_id=session_id, clock=clock, store_executor=store_executor,
                          wait_s=wait_s, on_status=on_status, on_pulled=on_pulled,
                          on_pushed=on_pushed)

    desk = InvigilatorDesk(store=store, api=api, clock=clock, sync=sync, poll_s=poll_s)
    return desk, store, api


def named(root: QWidget, name: str) -> Any:
    """The visible widget whose accessible name is `name` (as a screen reader finds it)."""
    found = [w for w in root.findChildren(QWidget)
             if w.accessibleName() == name and w.isVisible()]
    assert found, f"no visible control named {name!r}"
    return found[0]
