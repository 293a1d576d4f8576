"""Shared pieces of the kiosk tests: a live server on the kiosk test pack, a session ready
for a candidate, a qasync loop, an exam runner wired to a real store and real HTTP, and
correct answers for the pack's questions (tests/data/make_kiosk_pack.py)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import uuid
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from app.domain.clocks import Clock, SystemClock
from app.domain.content import ChallengeType, FieldFormat
from app.domain.kiosk_flow import QuestionView
from app.services.candidate_api import CandidateApi
from app.services.exam import ExamRunner
from app.services.store import LocalStore
from app.services.sync import HttpTransport
from tests.helpers.live_server import ROOT, Driver, LiveServer

PACK = ROOT / "tests" / "data" / "kiosk_pack"
OPEN_KIOSKS: list[Kiosk] = []
"""Kiosks made by `make_kiosk` and not closed yet (closed by the loop fixture if need be)."""


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server per test module (starting one costs seconds); each test opens its own
    session on it, so tests do not see each other's candidates."""
    live = LiveServer(tmp_path_factory.mktemp("server"), content=PACK)
    live.create_accounts()
    live.start()
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture
def server(shared_server: LiveServer) -> LiveServer:
    """The module's server, running (a test that killed it may have failed before restart)."""
    if shared_server.proc is None or shared_server.proc.poll() is not None:
        shared_server.start()
    return shared_server


@dataclass
class Room:
    """One session with its candidates, steered through the admin and invigilator API."""

    server: LiveServer
    driver: Driver
    sid: int
    kit: dict[str, Any]
    inv: str
    candidates: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def access_code(self) -> str:
        return str(self.kit["access_code"])

    @property
    def password(self) -> str:
        return str(self.kit["session_password"])

    @property
    def resume_code(self) -> str:
        """Typed on a kiosk for an offline resume (not the session password: issue 17)."""
        return str(self.kit["resume_code"])

    def cid(self, first: str = "Ada") -> int:
        return int(self.candidates[first]["id"])

    def act(self, kind: str, first: str | None = "Ada", **payload: Any) -> Any:
        return self.driver.action(self.inv, kind, self.cid(first) if first else None, **payload)

    def events(self, kind: str | None = None) -> list[dict[str, Any]]:
        data = self.driver.call(
            "GET", f"/api/sessions/{self.sid}/events", self.inv,
            params={"after": 0, "wait": 0, "limit": 1000},
        )
        return [e for e in data["events"] if kind is None or e["kind"] == kind]

    def state(self, first: str = "Ada") -> dict[str, Any]:
        cid = self.cid(first)
        return next(c for c in self.driver.candidates(self.inv) if c["candidate_id"] == cid)


def open_room(server: LiveServer, *, extra_time: float = 0.0) -> Room:
    """Session with Ada Lovelace (born 04/05/2010), certifiable on 1.1-2.2 at level 1."""
    d = Driver(server.url)
    admin = d.login_admin()
    sid = int(d.create_session(admin)["id"])
    ada = d.add_candidate(admin, sid, "Ada", "Lovelace", levels=5, level=1,
                          extra_time=extra_time)
    kit = d.kit(admin, sid)
    inv = d.login_invigilator(sid, kit["session_password"])
    return Room(server, d, sid, kit, inv, {"Ada": ada})


def correct_answer(view: QuestionView) -> int | list[int] | dict[str, str]:
    """The right answer to a question of the kiosk pack, as the candidate gives it: in the
    positions the proposals are shown at (the pack's right proposals are 1, and 1 and 2)."""
    challenge = view.challenge
    if challenge.type is ChallengeType.QCU:
        return view.order.to_shown(1)
    if challenge.type is ChallengeType.QCM:
        return sorted(view.order.to_shown(n) for n in (1, 2))
    if challenge.type is ChallengeType.QROC:
        number = challenge.fields[0].format is FieldFormat.NUMBER
        return {"r": "42" if number else "bonjour"}
    return {"a": "un", "b": "deux"}


class Loop:
    """A qasync loop inside the test's QApplication; `run(coro)` drives it."""

    def __init__(self, qapp: Any) -> None:
        import qasync

        self.loop = qasync.QEventLoop(qapp)
        asyncio.set_event_loop(self.loop)

    def run(self, coro: Coroutine[Any, Any, Any], timeout_s: float = 90) -> Any:
        return self.loop.run_until_complete(asyncio.wait_for(coro, timeout_s))

    def close(self) -> None:
        """Close what a failed test left open, then the loop.

        WORKAROUND: a kiosk left running (the test failed before `close`) keeps executor
        threads whose results would reach a closed qasync loop from another thread, which
        can crash the process later; its tasks would be "destroyed but pending".
        """
        for kiosk in list(OPEN_KIOSKS):
            # The test already failed; do not hide its error behind this one.
            with contextlib.suppress(Exception):
                self.loop.run_until_complete(asyncio.wait_for(kiosk.close(), 15))
        pending = [t for t in asyncio.all_tasks(self.loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.loop.run_until_complete(asyncio.sleep(0))
        self.loop.close()
        asyncio.set_event_loop(None)
        # WORKAROUND: the loop's and the runners' QObjects (timers) sit in reference
        # cycles; collected later by a garbage collection that happens to run in a worker
        # thread, Qt warns "Timers cannot be stopped from another thread" and may crash.
        # Collect them now, on the GUI thread.
        del self.loop
        gc.collect()


@pytest.fixture
def loop(qapp: Any) -> Iterator[Loop]:
    """A qasync loop for one test, closed afterwards."""
    qloop = Loop(qapp)
    try:
        yield qloop
    finally:
        qloop.close()


async def until(predicate: Callable[[], Any], timeout_s: float = 20, what: str = "") -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"not reached in {timeout_s} s: {what or predicate}")
        await asyncio.sleep(0.02)


@dataclass
class Kiosk:
    """An exam runner with its store and executors, as main.run builds them."""

    runner: ExamRunner
    store: LocalStore
    api: CandidateApi
    executors: list[ThreadPoolExecutor]
    notices: list[tuple[str, str]] = field(default_factory=list)

    async def close(self) -> None:
        if self in OPEN_KIOSKS:
            OPEN_KIOSKS.remove(self)
        else:
            return
        await self.runner.shutdown()
        self.store.close()
        for executor in self.executors:
            executor.shutdown(wait=False, cancel_futures=True)


def make_kiosk(
    data_dir: Path, url: str, *, clock: Clock | None = None, device_id: str | None = None,
    heartbeat_ms: int = 5000,
) -> Kiosk:
    """`device_id` defaults to a fresh one: the server rate-limits access codes per device."""
    clock = clock or SystemClock()
    device_id = device_id or f"pc-{uuid.uuid4().hex[:8]}"
    store = LocalStore.open(data_dir / "kiosk.sqlite", device_id=device_id, clock=clock)
    api = CandidateApi(url, timeout_s=10)
    store_ex = ThreadPoolExecutor(1, thread_name_prefix="test-store")
    net_ex = ThreadPoolExecutor(4, thread_name_prefix="test-net")
    runner = ExamRunner(
        store=store, api=api, transport=HttpTransport(url, lambda: api.token, timeout_s=10),
        clock=clock, device_id=device_id, store_executor=store_ex, net_executor=net_ex,
        heartbeat_interval_ms=heartbeat_ms, sync_wait_s=1.0,
    )
    kiosk = Kiosk(runner, store, api, [store_ex, net_ex])
    OPEN_KIOSKS.append(kiosk)
    runner.notice.connect(lambda level, text: kiosk.notices.append((level, text)))
    return kiosk
