"""The kiosk's link with the server for the candidate on it: sync, heartbeats, the wipe.

Why apart from `ExamRunner` (app/services/exam.py), which decides and records: this part
only keeps the server informed and informs the runner, and each rule here is about the
wire, not the exam:
- the sync engine lives while a candidate is on the kiosk: it pushes the outbox and
  pulls what the invigilator did; the runner hears of it through `on_changed` (pulled
  events, refused own events) and `on_status` (reachable or not);
- a heartbeat is durable first (after a power cut the outage is measured from it, and a
  timed question goes on where it stood), then sent to the server on a best-effort basis
  (the station's "last heard"); one network heartbeat on its way at a time;
- the candidate's data leaves the kiosk only once the server holds every event: until
  then the wipe waits, poking the sync.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor
from functools import partial
from typing import Any, TypeVar

from app.domain.clocks import Clock
from app.services.candidate_api import CandidateClient
from app.services.http import ApiRefused, Unreachable
from app.services.store import LocalStore, NotYetSynced
from app.services.sync import PushResult, SyncEngine, Transport, Unauthorized
from app.services.tasks import Tasks

log = logging.getLogger(__name__)

_R = TypeVar("_R")

WIPE_RETRY_S = 1.0


class CandidateLink:
    """Sync, heartbeats and wipe of the candidate on a kiosk (one candidate at a time).

    `tasks` is the runner's task helper: the network heartbeat runs there, so it stops
    with the runner. Callbacks run on the event loop's thread.
    """

    def __init__(
        self,
        *,
        store: LocalStore,
        transport: Transport,
        api: CandidateClient,
        clock: Clock,
        device_id: str,
        store_executor: Executor,
        net_executor: Executor,
        wait_s: float,
        tasks: Tasks,
        on_status: Callable[[bool], None],
        on_changed: Callable[[], None],
    ) -> None:
        self._store = store
        self._transport = transport
        self._api = api
        self._clock = clock
        self._device_id = device_id
        self._store_executor = store_executor
        self._net_executor = net_executor
        self._wait_s = wait_s
        self._tasks = tasks
        self._on_status = on_status
        self._on_changed = on_changed
        self._sync: SyncEngine | None = None

    async def _in_store(self, fn: Callable[..., _R], *args: Any, **kw: Any) -> _R:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._store_executor, partial(fn, *args, **kw))

    # -- sync ------------------------------------------------------------------------------

    def start(self, session_id: int) -> None:
        """Sync the session of the candidate who just joined (or was found at start-up)."""
        if self._sync is not None:
            return
        self._sync = SyncEngine(
            store=self._store,
            transport=self._transport,
            session_id=session_id,
            clock=self._clock,
            store_executor=self._store_executor,
            wait_s=self._wait_s,
            on_status=lambda online, _since: self._on_status(online),
            on_pulled=lambda _events: self._on_changed(),
            on_pushed=self._pushed,
        )
        self._sync.start()

    def _pushed(self, result: PushResult) -> None:
        if result.refused:
            self._on_changed()

    async def stop(self) -> None:
        sync, self._sync = self._sync, None
        if sync is not None:
            await sync.stop()

    def poke(self) -> None:
        """An own event was recorded: push it now."""
        if self._sync is not None:
            self._sync.poke()

    async def catch_up(self) -> None:
        """Pull what the server holds now (a spare PC learns the answers already given)."""
        if self._sync is None:
            return
        try:
            await self._sync.pull_once(0)
        except (Unreachable, Unauthorized) as exc:
            log.info("catch-up pull failed: %s", exc)

    # -- heartbeat -------------------------------------------------------------------------

    async def beat(
        self,
        *,
        session_id: int,
        candidate_id: int,
        challenge_id: str | None,
        countdown_elapsed_ms: int | None,
    ) -> None:
        """Durable "I'm alive" with the countdown, then a best-effort one to the server."""
        await self._in_store(
            self._store.beat,
            session_id=session_id,
            candidate_id=candidate_id,
            challenge_id=challenge_id,
            countdown_elapsed_ms=countdown_elapsed_ms,
        )
        self._tasks.start("beat_net", self._beat_net(), replace=False)

    async def _beat_net(self) -> None:
        try:
            await asyncio.get_running_loop().run_in_executor(
                self._net_executor, self._api.heartbeat, self._device_id
            )
        except (Unreachable, ApiRefused) as exc:
            log.debug("heartbeat not sent: %s", exc)

    # -- wipe ------------------------------------------------------------------------------

    async def wipe(self, session_id: int, candidate_id: int) -> None:
        """Delete the candidate's data once the server holds it all, then stop syncing."""
        while True:
            try:
                await self._in_store(self._store.delete_candidate_data, session_id,
                                     candidate_id)
                break
            except NotYetSynced as exc:
                log.info("wipe waits for the server: %s", exc)
                self.poke()
                await asyncio.sleep(WIPE_RETRY_S)
        await self.stop()
