"""The relay's link to the central server: push everything up, pull what it lacks.

Why a separate loop and not the kiosks' SyncEngine: the relay is itself a server. Its log
holds events of many devices, numbered by the relay; the central server numbers them
again. What each event's two numbers are, how exactly-once and order follow from them,
and how `seen_seq` is translated between the numberings, is the relay's log's business
(`app.server.relay_local.RelayLog`, decision 0004): this module is the network loop
around it.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from app.domain.clocks import Clock
from app.domain.events import Event, EventPayloadError
from app.server.context import ServerContext
from app.server.relay_local import RelayLog
from app.services.http import ApiRefused, Backoff, HttpClient, Unreachable
from app.wire.sync import PullOut, PushOut

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)


class Upstream:
    """Push the relay's log to the central server and pull the rest; see the module doc.

    Blocking methods; `run` is the loop a daemon thread runs. `status()` is safe from any
    thread (the station shows it).
    """

    def __init__(
        self,
        *,
        ctx: ServerContext,
        session_id: int,
        central_url: str | None,
        token: str,
        clock: Clock,
        batch: int = 400,
        timeout_s: float = 10.0,
    ) -> None:
        self.log = RelayLog(ctx, session_id, clock)
        self.session_id = session_id
        self.central_url = central_url.rstrip("/") if central_url else None
        self.token = token
        self.clock = clock
        self.batch = batch
        self.timeout_s = timeout_s
        self._http = (
            HttpClient(self.central_url, timeout_s=timeout_s, token=lambda: self.token)
            if self.central_url else None
        )
        self._pull_cursor = 0
        self._lock = threading.Lock()
        self.reachable: bool | None = None
        self.last_contact: datetime | None = None
        self.refused_upstream = 0

    def status(self) -> dict[str, Any]:
        counts = self.log.counts()
        return {
            "session_id": self.session_id,
            "central_reachable": self.reachable,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "pending_upstream": counts.pending,
            "refused_upstream": counts.refused,
        }

    def absorb(self, events: list[Event]) -> int:
        """Record central events in the relay's log (`RelayLog.absorb`), one caller at a time."""
        with self._lock:
            return self.log.absorb(events)

    # -- network ---------------------------------------------------------------------------

    def _call(self, model: type[M], method: str, path: str, **kwargs: Any) -> M:
        """Central's answer; any refusal counts as unreachable: the relay has no one to ask,
        so it keeps its log, the station shows the link as down, and the loop tries again
        (a token revoked on central is fixed there, not here)."""
        if self._http is None:
            raise Unreachable("no central server configured")
        try:
            return self._http.model(model, method, path, **kwargs)
        except ApiRefused as exc:
            raise Unreachable(f"{method} {path}: {exc}") from exc

    def push_once(self) -> int:
        """Push one batch of events the central server has not acknowledged; return its size."""
        with self._lock:
            batch = self.log.outgoing(self.batch)
        if not batch.events:
            return 0
        answer = self._call(PushOut, "POST", "/api/relay/events", json={"events": batch.wire})
        acked = {a.id: a.server_seq for a in answer.acked}
        refused = {r.id: r.reason for r in answer.refused}
        with self._lock:
            self.refused_upstream += self.log.record_push(batch.events, acked, refused)
        return len(batch.events)

    def pull_once(self) -> int:
        """Pull one page of the central server's events; return how many were received."""
        data = self._call(
            PullOut,
            "GET",
            f"/api/relay/sessions/{self.session_id}/events",
            params={"after": self._pull_cursor, "limit": 500},
        )
        events: list[Event] = []
        for raw in data.events:
            try:
                events.append(Event.from_wire(raw))
            except EventPayloadError as exc:
                log.error("central server sent an invalid event, skipped: %s", exc)
        self.absorb(events)
        self._pull_cursor = max(self._pull_cursor, data.last_seq)
        return len(data.events)

    def sync_once(self) -> None:
        """Push everything, then pull everything; raises Unreachable if the link is down."""
        try:
            while self.push_once():
                pass
            while self.pull_once():
                pass
            while self.push_once():  # what arrived meanwhile
                pass
        except Unreachable:
            self.reachable = False
            raise
        self.reachable = True
        self.last_contact = datetime.now(UTC)

    def run(
        self, stop: threading.Event, *, interval_s: float = 2.0, retry_cap_s: float = 5.0
    ) -> None:
        """The relay's upstream loop: sync, then wait; back off while the link is down.

        The back-off is capped low (5 s): one relay per room makes no load worth
        sparing, and the results should leave as soon as the link returns.
        """
        backoff = Backoff(base_s=0.5, cap_s=retry_cap_s)
        while not stop.is_set():
            try:
                self.sync_once()
            except Unreachable as exc:
                log.info("central server unreachable: %s", exc)
                stop.wait(backoff.next_delay())
                continue
            except Exception:  # a bug must not end the relay; it is logged loudly
                log.exception("upstream sync failed")
                stop.wait(backoff.next_delay())
                continue
            backoff.reset()
            stop.wait(interval_s)
