"""Sync client: push the outbox, pull what others did, survive any network.

Pure asyncio, no Qt: the kiosk and the station run it under qasync, the simulator and the
room relay under plain asyncio. Blocking work (HTTP with `requests`, SQLite commits) runs
in executors so the event loop, and so the UI, never waits on the network or the disk.

Two loops run side by side:
- the pusher sends the store's pending events in batches as soon as one is recorded
  (`poke()`), and again after each failure with exponential back-off and jitter;
- the puller long-polls `GET /api/sessions/{id}/events?after=SEQ&wait=S` and records what
  it receives in the store, then hands it to `on_pulled`.

Whichever loop talks to the server last tells whether it is reachable: `on_status` is
called on every change with (online, since), so a screen can say at once that its view is
stale and since when.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from app.domain.clocks import Clock
from app.domain.events import Event, EventPayloadError
from app.services.http import ApiRefused, Backoff, HttpClient, Unreachable
from app.services.store import LocalStore
from app.wire.sync import PullOut, PushOut

log = logging.getLogger(__name__)

ABORT_AGAIN_S = 0.2
"""While stopping, how often calls in flight are aborted again until the workers end."""

M = TypeVar("M", bound=BaseModel)

__all__ = ["HttpTransport", "PushResult", "SyncEngine", "Transport", "Unauthorized"]


class Unauthorized(ApiRefused):
    """The server refused our credentials (401, 403): retrying will not help."""

    def __init__(self, message: str, *, status: int = 401, code: str = "not_authenticated") -> None:
        super().__init__(code, message, status=status)


@dataclass(frozen=True, slots=True)
class PushResult:
    acked: dict[str, tuple[int, datetime]] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)


class Transport(Protocol):
    """What the sync loops need from the server. Blocking; called from worker threads."""

    def push(self, events: Sequence[Event]) -> PushResult: ...

    def pull(self, session_id: int, after: int, wait_s: float) -> tuple[list[Event], int]: ...

    def abort(self) -> None:
        """End the calls in flight (each raises Unreachable); called from another thread."""


class HttpTransport:
    """`Transport` over HTTP (`app.services.http`): one requests.Session per calling thread.

    Raises Unauthorized for refused credentials and Unreachable for everything else that
    is not an answer, including the other refusals of a whole batch (413, 422): they are
    not an answer about any one event, so the loop keeps the events and tries again later.
    """

    def __init__(
        self, base_url: str, token: Callable[[], str | None], *, timeout_s: float = 10.0
    ) -> None:
        self._http = HttpClient(base_url, timeout_s=timeout_s, token=token)
        self.base_url = self._http.base_url
        self.timeout_s = timeout_s

    def _call(self, model: type[M], method: str, path: str, **kwargs: Any) -> M:
        try:
            return self._http.model(model, method, path, **kwargs)
        except ApiRefused as exc:
            if exc.unauthorized:
                raise Unauthorized(f"{method} {path}: HTTP {exc.status}", status=exc.status,
                                   code=exc.code) from exc
            raise Unreachable(f"{method} {path}: HTTP {exc.status} {exc.message}") from exc

    def push(self, events: Sequence[Event]) -> PushResult:
        body = {"events": [e.to_wire() for e in events]}
        data = self._call(PushOut, "POST", "/api/sync/events", json=body)
        return PushResult(
            acked={a.id: (a.server_seq, a.received_at) for a in data.acked},
            refused={r.id: r.reason for r in data.refused},
        )

    def pull(self, session_id: int, after: int, wait_s: float) -> tuple[list[Event], int]:
        data = self._call(
            PullOut,
            "GET",
            f"/api/sessions/{session_id}/events",
            params={"after": after, "wait": wait_s},
            timeout=wait_s + self._http.timeout_s,
        )
        events: list[Event] = []
        for raw in data.events:
            try:
                events.append(Event.from_wire(raw))
            except EventPayloadError as exc:
                log.error("server sent an invalid event, skipped: %s", exc)
        return events, data.last_seq

    def abort(self) -> None:
        self._http.abort()


StatusCallback = Callable[[bool, datetime], None]
PulledCallback = Callable[[list[Event]], None]
SyncedCallback = Callable[[PushResult], None]


class SyncEngine:
    """Keeps one session's log in sync with the server. See the module docstring.

    Callbacks (called on the event loop's thread):
    - on_status(online, since): reachability changed;
    - on_pulled(events): new events from others, already recorded in the store;
    - on_pushed(result): some own events were acknowledged or refused.
    """

    def __init__(
        self,
        *,
        store: LocalStore,
        transport: Transport,
        session_id: int,
        clock: Clock,
        store_executor: Executor,
        wait_s: float = 20.0,
        batch: int = 100,
        on_status: StatusCallback | None = None,
        on_pulled: PulledCallback | None = None,
        on_pushed: SyncedCallback | None = None,
        pull: bool = True,
    ) -> None:
        self.store = store
        self.transport = transport
        self.session_id = session_id
        self.clock = clock
        self.wait_s = wait_s
        self.batch = batch
        self._store_executor = store_executor
        self._net_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sync-net")
        self._on_status = on_status
        self._on_pulled = on_pulled
        self._on_pushed = on_pushed
        self._pull_enabled = pull
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.online: bool | None = None
        self.since: datetime = clock.now()
        self.unauthorized = False

    # -- lifecycle --------------------------------------------------------------------

    def start(self) -> None:
        if self._tasks:
            return
        self._wake.set()  # push whatever the store already holds
        self._tasks.append(asyncio.create_task(self._push_loop(), name="sync-push"))
        if self._pull_enabled:
            self._tasks.append(asyncio.create_task(self._pull_loop(), name="sync-pull"))

    async def stop(self) -> None:
        """Stop both loops and end their calls in flight; returns once no thread is left.

        Why wait for the threads: a long-poll blocks its worker up to `wait_s`, and a worker
        that outlives its engine holds the loop's futures and frees them later on its own
        thread (issue 21). The transport aborts the calls, again until the workers are gone
        (a call may have been between its submission and its connection).
        """
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        self._net_executor.shutdown(wait=False, cancel_futures=True)
        joined = asyncio.get_running_loop().run_in_executor(
            None, partial(self._net_executor.shutdown, wait=True)
        )
        while True:
            self.transport.abort()
            done, _ = await asyncio.wait({joined}, timeout=ABORT_AGAIN_S)
            if done:
                return

    def poke(self) -> None:
        """A new event was recorded: push it now rather than at the next retry."""
        self._wake.set()

    # -- state ------------------------------------------------------------------------

    def _set_online(self, online: bool) -> None:
        if online is self.online:
            return
        self.online = online
        self.since = self.clock.now()
        log.info("server %s", "reachable" if online else "unreachable")
        if self._on_status:
            self._on_status(online, self.since)

    async def _in_store(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._store_executor, fn, *args)

    async def _on_net(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._net_executor, fn, *args)

    # -- loops ------------------------------------------------------------------------

    async def push_once(self) -> PushResult | None:
        """Push one batch; None when there was nothing to push."""
        pending: list[Event] = await self._in_store(self.store.pending, self.batch)
        if not pending:
            return None
        result: PushResult = await self._on_net(self.transport.push, pending)
        await self._in_store(self.store.mark_acked, result.acked)
        for event_id, reason in result.refused.items():
            log.warning("event %s refused by the server: %s", event_id, reason)
            await self._in_store(self.store.mark_refused, event_id, reason)
        if self._on_pushed:
            self._on_pushed(result)
        return result

    async def _push_loop(self) -> None:
        backoff = Backoff()
        while True:
            await self._wake.wait()
            self._wake.clear()
            try:
                while (result := await self.push_once()) is not None:
                    if not result.acked and not result.refused:
                        raise Unreachable("the server answered neither ack nor refusal")
            except Unauthorized as exc:
                self.unauthorized = True
                log.error("push refused: %s", exc)
                self._set_online(False)
                await asyncio.sleep(backoff.cap_s)
                self._wake.set()
                continue
            except Unreachable as exc:
                log.info("push failed: %s", exc)
                self._set_online(False)
                await asyncio.sleep(backoff.next_delay())
                self._wake.set()
                continue
            backoff.reset()
            self._set_online(True)

    async def pull_once(self, wait_s: float = 0.0) -> list[Event]:
        after: int = await self._in_store(self.store.last_seen_seq, self.session_id)
        events, last_seq = await self._on_net(
            self.transport.pull, self.session_id, after, wait_s
        )
        if events or last_seq > after:
            await self._in_store(
                partial(self.store.record_pulled, session_id=self.session_id, last_seq=last_seq),
                events,
            )
        return list(events)

    async def _pull_loop(self) -> None:
        backoff = Backoff()
        while True:
            try:
                events = await self.pull_once(self.wait_s)
            except (Unreachable, Unauthorized) as exc:
                log.info("pull failed: %s", exc)
                self._set_online(False)
                await asyncio.sleep(backoff.next_delay())
                continue
            backoff.reset()
            self._set_online(True)
            if events and self._on_pulled:
                self._on_pulled(events)
