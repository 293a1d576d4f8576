"""The server's event log: store each event once, check it with the fold, order it.

Every event, pushed by a device or created by the server itself (a candidate joined, a
test started, a session finalised), enters through `EventLog.append`, so one code path
enforces the rules ARCHITECTURE "Sync" sets:

- Idempotency: an id already stored is acknowledged again with its original server_seq.
  The UNIQUE constraint on `events.id` is the last word: if two processes insert the same
  id at once, the loser's transaction fails, is retried, and finds the stored one.
- Order: pushes to one session are serialised by a lock on the session's row (an UPDATE,
  which is a row lock on PostgreSQL and the write lock on SQLite). Sequence numbers are
  drawn under that lock, so within a session commit order is server_seq order and a
  reader polling with `after=SEQ` never sees N+1 before N. Numbers may have gaps (a
  refused event keeps the number it was given), never inversions.
- Rules: each new event is applied, in server order, to the session's folded state; a
  `Refused` event is answered with its code and not stored.
- Cost: each process keeps the folded state of the sessions it served, and only applies
  the events stored since (by this or another process), so a push never refolds a session.
"""

from __future__ import annotations

import itertools
import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar, cast

import psycopg
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.domain.events import Event, EventKind, Role, new_event
from app.domain.fold import PRESENCE_VALIDITY, Refused, SessionState, apply, check_new_entry
from app.models.server import ApiToken, Candidate, ExamSession
from app.models.server import Event as EventRow
from app.server import eventlog_pg
from app.server.notify import Notifier

T = TypeVar("T")

_EVENTS_TABLE = cast(sa.Table, EventRow.__table__)

Check = Callable[[SessionState, Sequence[Event]], dict[str, str]]
"""Asked under a session's lock on its up-to-date state: event id -> refusal reason."""

log = logging.getLogger(__name__)

_RETRIES = 4


def utc(value: datetime) -> datetime:
    """SQLite gives naive datetimes back; everything the server stores is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Ack:
    id: str
    server_seq: int
    received_at: datetime


@dataclass(frozen=True, slots=True)
class Refusal:
    id: str
    reason: str


@dataclass(slots=True)
class AppendResult:
    acked: list[Ack]
    refused: list[Refusal]


class EventsRefused(Exception):
    """A server-made event was refused by the fold (raised when `require_all`)."""

    def __init__(self, refusals: Sequence[Refusal]) -> None:
        super().__init__(", ".join(f"{r.id}: {r.reason}" for r in refusals))
        self.refusals = list(refusals)

    @property
    def code(self) -> str:
        return self.refusals[0].reason.split(":", 1)[0]


def row_to_event(row: EventRow) -> Event:
    return Event(
        id=row.id,
        session_id=row.session_id,
        candidate_id=row.candidate_id,
        kind=EventKind(row.kind),
        payload=row.payload,
        device_id=row.device_id,
        device_seq=row.device_seq,
        monotonic_ms=row.monotonic_ms,
        wall_time=utc(row.wall_time),
        seen_seq=row.seen_seq,
        server_seq=row.server_seq,
        received_at=utc(row.received_at),
    )


class _Cached:
    __slots__ = ("known_candidates", "lock", "state")

    def __init__(self, session_id: int, presence_validity: timedelta) -> None:
        self.state = SessionState(session_id=session_id, presence_validity=presence_validity)
        self.lock = threading.Lock()
        self.known_candidates: set[int] = set()


class EventLog:
    """Append and read events; owns the per-process cache of folded session states."""

    def __init__(
        self, *, notifier: Notifier, postgres: bool,
        presence_validity: timedelta = PRESENCE_VALIDITY,
    ) -> None:
        self._notifier = notifier
        self._presence_validity = presence_validity
        self._postgres = postgres
        self._cache: dict[int, _Cached] = {}
        self._cache_lock = threading.Lock()
        self._device_id = f"server-{uuid.uuid4().hex[:12]}"
        self._device_seq = itertools.count(1)
        self._seq_lock = threading.Lock()
        self.on_finalised: Callable[[int], None] = lambda _session_id: None
        """Called after the commit that finalised a session (the app forgets its tokens)."""

    # -- server-made events -----------------------------------------------------------

    def server_event(
        self,
        kind: EventKind,
        *,
        session_id: int,
        now: datetime,
        candidate_id: int | None = None,
        payload: dict[str, Any] | None = None,
    ) -> Event:
        """An event the server itself records, from this process's own device id."""
        with self._seq_lock:
            seq = next(self._device_seq)
        return new_event(
            kind,
            session_id=session_id,
            candidate_id=candidate_id,
            payload=payload,
            device_id=self._device_id,
            device_seq=seq,
            monotonic_ms=0,
            wall_time=now,
        )

    # -- state --------------------------------------------------------------------------

    def _entry(self, session_id: int) -> _Cached:
        with self._cache_lock:
            entry = self._cache.get(session_id)
            if entry is None:
                entry = self._cache[session_id] = _Cached(session_id, self._presence_validity)
            return entry

    def invalidate(self, session_id: int) -> None:
        with self._cache_lock:
            self._cache.pop(session_id, None)

    def _catch_up(self, db: Session, state: SessionState) -> None:
        rows = db.scalars(
            sa.select(EventRow)
            .where(
                EventRow.session_id == state.session_id,
                EventRow.server_seq > state.last_server_seq,
            )
            .order_by(EventRow.server_seq)
        )
        for row in rows:
            event = row_to_event(row)
            try:
                apply(state, event)
            except Refused as exc:  # stored events are facts; an old rule may differ
                log.warning("stored event %s no longer applies: %s", event.id, exc)
            state.last_server_seq = max(state.last_server_seq, row.server_seq)

    def state(self, db: Session, session_id: int) -> SessionState:
        """A copy of the session's current folded state (safe to read without locks)."""
        # Lock order: a pooled connection first, then the cache lock, as a push does.
        # The other way round, a reader holding the cache lock while it waits for the
        # pool and a push holding a connection while it waits for the cache lock starve
        # each other until the pool times out (found by the simulator, issue 9).
        db.connection()
        entry = self._entry(session_id)
        with entry.lock:
            self._catch_up(db, entry.state)
            return entry.state.copy()

    def view(self, db: Session, session_id: int, read: Callable[[SessionState], T]) -> T:
        """`read(state)` on the live folded state, under the session's lock, without a copy.

        `read` must neither change the state nor keep a reference into it: return plain
        values. Why: `state()` deep-copies the whole session (every candidate, every event
        id) and a join, a status or a start needs one candidate; with 500 kiosks the copies
        were 11 % of the server's time (py-spy, `examroom simulate --kiosks 500`).
        """
        db.connection()  # the lock order of `state`
        entry = self._entry(session_id)
        with entry.lock:
            self._catch_up(db, entry.state)
            return read(entry.state)

    def peek(self, session_id: int, read: Callable[[SessionState], T]) -> T:
        """`read(state)` on the state as this process last folded it: no database, no lock.

        For a hot path that may be a push behind (a heartbeat); `read` must only look.
        """
        return read(self._entry(session_id).state)

    # -- append -------------------------------------------------------------------------

    def append(
        self,
        db: Session,
        events: Sequence[Event],
        role: Role,
        *,
        now: datetime | None = None,
        require_all: bool = False,
        unless: Callable[[SessionState], bool] | None = None,
        check: Check | None = None,
    ) -> AppendResult:
        """Store the new events, acknowledge repeats, refuse what the fold refuses; commit.

        Pending changes in `db` (e.g. a new certification row) commit with the events.
        With `require_all`, any refusal rolls everything back and raises EventsRefused.
        `unless(state)` is asked under the session's lock, on the up-to-date state: when
        it says yes, nothing is recorded (an event the server records for a request, such
        as a join, when a concurrent twin of that request has just recorded it).
        `check(state, events)` is asked under the session's lock too, on the up-to-date
        state and before repeats are acknowledged: event id -> refusal reason (a push's
        signatures, checked against the keys the fold registered).
        Retries on a unique-constraint race or a serialisation failure, which only
        concurrent pushes of the same ids cause.
        """
        pending = list(db.new) + list(db.dirty)
        for attempt in range(_RETRIES):
            try:
                return self._append_once(
                    db, events, role, now or datetime.now(UTC), require_all, unless, check
                )
            except (IntegrityError, OperationalError) as exc:
                db.rollback()
                for session_id in {e.session_id for e in events}:
                    self.invalidate(session_id)
                if pending or attempt == _RETRIES - 1:
                    raise
                log.info("append retried after %s", type(exc).__name__)
            except BaseException:
                db.rollback()
                for session_id in {e.session_id for e in events}:
                    self.invalidate(session_id)
                raise
        raise AssertionError("unreachable")

    def _append_once(
        self,
        db: Session,
        events: Sequence[Event],
        role: Role,
        now: datetime,
        require_all: bool,
        unless: Callable[[SessionState], bool] | None = None,
        check: Check | None = None,
    ) -> AppendResult:
        acked: dict[str, Ack] = {}
        refused: dict[str, Refusal] = {}
        by_session: dict[int, list[Event]] = {}
        for event in events:
            by_session.setdefault(event.session_id, []).append(event)
        concerned = {sid: {e.candidate_id for e in batch} for sid, batch in by_session.items()}
        # A device's push (one session, nothing else to commit): two round trips on
        # PostgreSQL (eventlog_pg). Everything else takes the general path.
        raw = (
            eventlog_pg.connection_for_push(db)
            if self._postgres
            and len(by_session) == 1
            and not require_all
            and unless is None
            and all(e.kind is not EventKind.SESSION_FINALISED for e in events)
            else None
        )
        held: list[_Cached] = []
        try:
            for session_id in sorted(by_session):  # one lock order: no deadlock
                written = self._append_session(
                    db, session_id, by_session[session_id], role, now, acked, refused, held,
                    unless, check, raw,
                )
                if raw is not None:
                    rows, flags = written
                    eventlog_pg.write(raw, session_id, rows, flags)
            if require_all and refused:
                raise EventsRefused(list(refused.values()))
            db.commit()  # after eventlog_pg.write, no round trip: nothing is open
        except BaseException:
            for entry in held:
                self.invalidate(entry.state.session_id)
            if raw is not None:
                eventlog_pg.abandon(raw)
            raise
        finally:
            for entry in held:
                entry.lock.release()
        for session_id in by_session:  # this process's long-polls, then the others'
            self._notifier.notify_threadsafe(session_id, concerned[session_id])
        for event in events:
            if event.kind is EventKind.SESSION_FINALISED and event.id in acked:
                self.on_finalised(event.session_id)
        # Answer in the order received; a duplicate inside the batch gets the first's ack.
        in_order = {e.id: acked[e.id] for e in events if e.id in acked}
        return AppendResult(
            acked=list(in_order.values()),
            refused=[refused[e.id] for e in events if e.id in refused],
        )

    def _lock(self, db: Session, session_id: int, events: list[Event]) -> eventlog_pg.Locked:
        """The general path's first steps: the session row lock, the ids already stored."""
        stored_last = db.scalar(
            sa.update(ExamSession)
            .where(ExamSession.id == session_id)
            .values(last_seq=ExamSession.last_seq)
            .returning(ExamSession.last_seq)
        )
        if stored_last is None:
            return eventlog_pg.Locked(None, [], [], set())
        existing = [
            (row.id, row.server_seq, row.received_at, row.session_id)
            for row in db.execute(
                sa.select(
                    EventRow.id, EventRow.server_seq, EventRow.received_at, EventRow.session_id
                ).where(EventRow.id.in_(list({e.id for e in events})))
            )
        ]
        return eventlog_pg.Locked(stored_last, existing, [], set())

    def _append_session(
        self,
        db: Session,
        session_id: int,
        events: list[Event],
        role: Role,
        now: datetime,
        acked: dict[str, Ack],
        refused: dict[str, Refusal],
        held: list[_Cached],
        unless: Callable[[SessionState], bool] | None,
        check: Check | None,
        raw: psycopg.Connection[Any] | None,
    ) -> tuple[list[dict[str, Any]], dict[str, bool]]:
        """Fold and store one session's events; with `raw` (eventlog_pg's path), return
        the rows to write."""
        rows: list[dict[str, Any]] = []
        flags: dict[str, bool] = {}
        locked = (
            eventlog_pg.lock(raw, session_id, events)
            if raw is not None
            else self._lock(db, session_id, events)
        )
        if locked.stored_last is None:
            for event in events:
                refused[event.id] = Refusal(event.id, "unknown_session: no such session")
            return rows, flags
        stored = {row[0]: row for row in locked.existing}
        if check is None and all(e.id in stored for e in events):
            entry = None
        else:
            entry = self._entry(session_id)
            entry.lock.acquire()
            held.append(entry)
            if entry.state.last_server_seq < locked.stored_last:  # another process pushed
                self._catch_up(db, entry.state)
            if check is not None:
                for event_id, reason in check(entry.state, events).items():
                    refused[event_id] = Refusal(event_id, reason)
        for event_id, seq, received_at, owner in stored.values():
            if event_id in refused:
                continue
            if owner != session_id:
                # Not a repeat: acknowledging it would drop the event (issue 17).
                refused[event_id] = Refusal(
                    event_id, "duplicate_id: this id is another session's event"
                )
                continue
            acked[event_id] = Ack(event_id, seq, utc(received_at))
        fresh: list[Event] = []  # once each: a duplicate inside the batch takes no number
        taken = set(acked) | set(refused)
        for event in events:
            if event.id not in taken:
                taken.add(event.id)
                fresh.append(event)
        if not fresh or entry is None:
            return rows, flags
        state = entry.state
        candidate_ids = {e.candidate_id for e in fresh if e.candidate_id is not None}
        # A candidate with stored events can no longer be removed, so a positive answer
        # is cached: a push from a known kiosk costs no candidate lookup.
        if raw is not None:
            entry.known_candidates.update(locked.candidates)
        elif not candidate_ids <= entry.known_candidates:
            entry.known_candidates.update(
                db.scalars(
                    sa.select(Candidate.id).where(
                        Candidate.session_id == session_id, Candidate.id.in_(candidate_ids)
                    )
                )
            )
        known = entry.known_candidates
        if unless is not None and unless(state):
            return rows, flags
        seqs = iter(locked.seqs if raw is not None else self._allocate(db, len(fresh)))
        for event in fresh:
            seq = next(seqs)
            if event.candidate_id is not None and event.candidate_id not in known:
                refused[event.id] = Refusal(event.id, "unknown_candidate: not in this session")
                continue
            stamped = event.acknowledged(seq, now)
            try:
                check_new_entry(state, stamped)
                apply(state, stamped)
            except Refused as exc:
                refused[event.id] = Refusal(event.id, f"{exc.code}: {exc.reason}")
                continue
            rows.append(_row(stamped, role, now))
            acked[event.id] = Ack(event.id, seq, now)
            if event.kind is EventKind.CANDIDATE_JOINED:
                flags["joined"] = True
            elif event.kind is EventKind.TEST_STARTED:
                flags["started"] = True
            elif event.kind is EventKind.SESSION_FINALISED:
                # The kiosks' tokens end with the session (issue 17 "Tokens end").
                db.execute(
                    sa.delete(ApiToken).where(
                        ApiToken.session_id == session_id, ApiToken.kind == "candidate"
                    )
                )

        if rows and raw is None:
            # Core executemany: one cached statement, pipelined by psycopg in one round trip
            # (a multi-row VALUES is compiled anew for each batch size; the ORM bulk path
            # costs more Python per row).
            db.connection().execute(_EVENTS_TABLE.insert(), rows)
            top = rows[-1]["server_seq"]
            newest = (
                sa.func.greatest(ExamSession.last_seq, top)
                if self._postgres
                else sa.func.max(ExamSession.last_seq, top)
            )
            db.execute(
                sa.update(ExamSession)
                .where(ExamSession.id == session_id)
                .values(last_seq=newest, **flags)
            )
        return rows, flags

    def _allocate(self, db: Session, count: int) -> list[int]:
        """Draw `count` increasing server_seq values (under the session lock)."""
        if self._postgres:
            return list(
                db.scalars(
                    sa.text(
                        "SELECT nextval((SELECT pg_get_serial_sequence('events', 'server_seq'))"
                        "::regclass) FROM generate_series(1, :n) ORDER BY 1"
                    ),
                    {"n": count},
                )
            )
        # SQLite: the UPDATE above holds the database write lock, so the maximum is ours.
        # sqlite_sequence remembers numbers of deleted rows too; AUTOINCREMENT never reuses.
        top = db.scalar(
            sa.text(
                "SELECT max(coalesce((SELECT max(server_seq) FROM events), 0),"
                " coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0))"
            )
        )
        start = int(top or 0) + 1
        return list(range(start, start + count))

    # -- read ---------------------------------------------------------------------------

    def read(
        self,
        db: Session,
        session_id: int,
        *,
        after: int,
        candidate_id: int | None = None,
        limit: int = 1000,
    ) -> list[Event]:
        """Events of a session after `after`, in server order.

        With `candidate_id` (a kiosk), only that candidate's events and session-wide ones.
        """
        query = sa.select(EventRow).where(
            EventRow.session_id == session_id, EventRow.server_seq > after
        )
        if candidate_id is not None:
            query = query.where(
                sa.or_(EventRow.candidate_id == candidate_id, EventRow.candidate_id.is_(None))
            )
        rows = db.scalars(query.order_by(EventRow.server_seq).limit(limit))
        return [row_to_event(r) for r in rows]

    def all_events(self, db: Session, session_id: int) -> Iterable[Event]:
        return self.read(db, session_id, after=0, limit=1_000_000)


def _row(event: Event, role: Role, now: datetime) -> dict[str, Any]:
    return {
        "server_seq": event.server_seq,
        "id": event.id,
        "session_id": event.session_id,
        "candidate_id": event.candidate_id,
        "kind": event.kind.value,
        "payload": event.payload,
        "device_id": event.device_id,
        "device_seq": event.device_seq,
        "monotonic_ms": event.monotonic_ms,
        "wall_time": event.wall_time,
        "seen_seq": event.seen_seq,
        "received_at": now,
        "role": role.value,
    }
