"""The relay's link to the central server: push everything up, pull what it lacks.

Why a separate loop and not the kiosks' SyncEngine: the relay is itself a server. Its log
holds events of many devices, numbered by the relay (`relay_seq`); the central server
numbers them again (`central_seq`). `relay_links` records both numbers for each event,
which gives (decision 0004):

- exactly once: an event with a link is never pushed again; a push whose answer was lost
  is pushed again and acknowledged as a repeat (same id); an event that a kiosk also
  sent to the central server directly is acknowledged, not duplicated;
- order: events go up in relay order, so the central server applies them in the order
  the relay applied them, and reaches the same verdicts;
- `seen_seq` across numberings: an event's seen_seq counts in the numbering of the end it
  was recorded against. Going up, it becomes the highest central_seq of the events the
  relay had *pulled* from the central server among those the device had seen: the relay
  had every central event up to that number, so the device cannot have known more.
  Coming down, it becomes the highest relay_seq below which every relay event was
  already on the central server with a central_seq the device had seen. Both are
  conservative: a too-small seen_seq keeps an answer as `concurrent_with_end` for the
  invigilator to judge; a too-large one would refuse an answer given in good faith.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import requests
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain.clocks import Clock
from app.domain.events import Event, EventPayloadError, Role
from app.models.server import Event as EventRow
from app.models.server import RelayLink
from app.server.context import ServerContext
from app.server.eventlog import row_to_event
from app.services.sync import Backoff, Unreachable

log = logging.getLogger(__name__)

PUSHED = "pushed"
PULLED = "pulled"
REFUSED = "refused"
REJECTED_HERE = "rejected_here"


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
        self.ctx = ctx
        self.session_id = session_id
        self.central_url = central_url.rstrip("/") if central_url else None
        self.token = token
        self.clock = clock
        self.batch = batch
        self.timeout_s = timeout_s
        self._http = requests.Session()
        self._pull_cursor = 0
        self._lock = threading.Lock()
        self.reachable: bool | None = None
        self.last_contact: datetime | None = None
        self.refused_upstream = 0

    # -- bookkeeping --------------------------------------------------------------------

    @contextmanager
    def _db(self) -> Iterator[Session]:
        with self.ctx.sessions() as db:
            try:
                yield db
            except BaseException:
                db.rollback()
                raise

    def pending(self, db: Session, limit: int) -> list[Event]:
        rows = db.scalars(
            sa.select(EventRow)
            .outerjoin(RelayLink, RelayLink.event_id == EventRow.id)
            .where(EventRow.session_id == self.session_id, RelayLink.event_id.is_(None))
            .order_by(EventRow.server_seq)
            .limit(limit)
        )
        return [row_to_event(r) for r in rows]

    def to_central(self, db: Session, seen_relay: int) -> int:
        if seen_relay <= 0:
            return 0
        top = db.scalar(
            sa.select(sa.func.max(RelayLink.central_seq)).where(
                RelayLink.session_id == self.session_id,
                RelayLink.state == PULLED,
                RelayLink.relay_seq <= seen_relay,
            )
        )
        return int(top or 0)

    def to_relay(self, db: Session, seen_central: int) -> int:
        if seen_central <= 0:
            return 0
        first_unknown = db.scalar(
            sa.select(sa.func.min(EventRow.server_seq))
            .outerjoin(RelayLink, RelayLink.event_id == EventRow.id)
            .where(
                EventRow.session_id == self.session_id,
                sa.or_(
                    RelayLink.event_id.is_(None),
                    RelayLink.central_seq.is_(None),
                    RelayLink.central_seq > seen_central,
                ),
            )
        )
        if first_unknown is not None:
            return int(first_unknown) - 1
        top = db.scalar(
            sa.select(sa.func.max(EventRow.server_seq)).where(
                EventRow.session_id == self.session_id
            )
        )
        return int(top or 0)

    def status(self) -> dict[str, Any]:
        with self._db() as db:
            pending = db.scalar(
                sa.select(sa.func.count())
                .select_from(EventRow)
                .outerjoin(RelayLink, RelayLink.event_id == EventRow.id)
                .where(EventRow.session_id == self.session_id, RelayLink.event_id.is_(None))
            )
            refused = db.scalar(
                sa.select(sa.func.count()).select_from(RelayLink).where(
                    RelayLink.session_id == self.session_id, RelayLink.state == REFUSED
                )
            )
        return {
            "session_id": self.session_id,
            "central_reachable": self.reachable,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "pending_upstream": int(pending or 0),
            "refused_upstream": int(refused or 0),
        }

    # -- absorbing central events --------------------------------------------------------

    def absorb(self, events: Sequence[Event]) -> int:
        """Record central events in the relay's log, in central order; return how many new.

        Events already here (the relay's own, coming back; or sent by a kiosk to both)
        only get their central_seq. The rest are applied by the relay's fold with their
        seen_seq translated; one the fold refuses is remembered as rejected_here.
        """
        new = 0
        with self._lock, self._db() as db:
            for event in events:
                assert event.server_seq is not None
                link = db.get(RelayLink, event.id)
                if link is not None:
                    if link.central_seq is None:
                        link.central_seq = event.server_seq
                        if link.state == REFUSED:
                            link.state = PUSHED
                    db.commit()
                    continue
                here = db.scalar(sa.select(EventRow.server_seq).where(EventRow.id == event.id))
                if here is not None:
                    db.add(self._link(event.id, here, event.server_seq, PUSHED))
                    db.commit()
                    continue
                local = event.model_copy(
                    update={
                        "seen_seq": self.to_relay(db, event.seen_seq),
                        "server_seq": None,
                        "received_at": None,
                    }
                )
                when = min(event.received_at or self.clock.now(), self.clock.now())
                db.commit()  # end the read transaction before the append's write lock
                result = self.ctx.eventlog.append(db, [local], Role.SERVER, now=when)
                if result.acked:
                    db.add(self._link(event.id, result.acked[0].server_seq, event.server_seq,
                                      PULLED))
                    new += 1
                else:
                    reason = result.refused[0].reason if result.refused else "unknown"
                    log.warning("central event %s not applied here: %s", event.id, reason)
                    link = self._link(event.id, None, event.server_seq, REJECTED_HERE)
                    link.reason = reason
                    db.add(link)
                db.commit()
        return new

    def _link(
        self, event_id: str, relay_seq: int | None, central_seq: int | None, state: str
    ) -> RelayLink:
        return RelayLink(
            event_id=event_id, session_id=self.session_id, relay_seq=relay_seq,
            central_seq=central_seq, state=state, reason="",
        )

    # -- network ---------------------------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        if self.central_url is None:
            raise Unreachable("no central server configured")
        try:
            response = self._http.request(
                method, self.central_url + path, timeout=self.timeout_s,
                headers={"Authorization": f"Bearer {self.token}"}, **kwargs,
            )
        except requests.RequestException as exc:
            raise Unreachable(f"{method} {path}: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise Unreachable(f"{method} {path}: HTTP {response.status_code} {response.text[:200]}")
        return response.json()

    def push_once(self) -> int:
        """Push one batch of events the central server has not acknowledged; return its size."""
        with self._lock, self._db() as db:
            events = self.pending(db, self.batch)
            if not events:
                return 0
            wire = []
            for event in events:
                data = event.to_wire()
                data["seen_seq"] = self.to_central(db, event.seen_seq)
                data["server_seq"] = None
                data["received_at"] = (event.received_at or self.clock.now()).isoformat()
                wire.append(data)
            db.commit()
        answer = self._request("POST", "/api/relay/events", json={"events": wire})
        acked = {a["id"]: int(a["server_seq"]) for a in answer["acked"]}
        refused = {r["id"]: str(r["reason"]) for r in answer["refused"]}
        with self._lock, self._db() as db:
            for event in events:
                if db.get(RelayLink, event.id) is not None:
                    continue  # a pull recorded it meanwhile
                if event.id in acked:
                    db.add(self._link(event.id, event.server_seq, acked[event.id], PUSHED))
                    continue
                reason = refused.get(event.id, "no_answer: the server answered nothing for it")
                log.warning("central server refused relay event %s: %s", event.id, reason)
                link = self._link(event.id, event.server_seq, None, REFUSED)
                link.reason = reason
                db.add(link)
                self.refused_upstream += 1
            db.commit()
        return len(events)

    def pull_once(self) -> int:
        """Pull one page of the central server's events; return how many were received."""
        data = self._request(
            "GET",
            f"/api/relay/sessions/{self.session_id}/events",
            params={"after": self._pull_cursor, "limit": 500},
        )
        events: list[Event] = []
        for raw in data["events"]:
            try:
                events.append(Event.from_wire(raw))
            except EventPayloadError as exc:
                log.error("central server sent an invalid event, skipped: %s", exc)
        self.absorb(events)
        self._pull_cursor = max(self._pull_cursor, int(data["last_seq"]))
        return len(data["events"])

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
