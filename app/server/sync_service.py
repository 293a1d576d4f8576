"""Push and pull of events (ARCHITECTURE "Sync").

Push checks, for each event, in order: the envelope and payload (`Event.from_wire`), the
role (`may_produce`), the scope (a kiosk only for its own candidate and session, an
invigilator for its session, an admin for its centre's sessions), then hands the batch
to `EventLog.append`, which checks it against the fold and orders it.
Pull answers at once when there are newer events, else waits for a push notification.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.domain.events import Event, EventPayloadError, Role, may_produce
from app.models.server import ExamSession
from app.server import device_binding
from app.server.auth import Principal
from app.server.context import ServerContext
from app.server.db import single_statement
from app.server.errors import ApiError, forbidden, not_found
from app.server.eventlog import Ack, Check, Refusal
from app.server.push_timing import PushTimes

log = logging.getLogger(__name__)


def _scope_refusal(
    db: Session, who: Principal, event: Event, centres: dict[int, int]
) -> str | None:
    match who.role:
        case Role.KIOSK:
            if event.session_id != who.session_id or event.candidate_id != who.candidate_id:
                return "out_of_scope: a kiosk may only record its own candidate's events"
        case Role.INVIGILATOR:
            if event.session_id != who.session_id:
                return "out_of_scope: an invigilator may only record events of its session"
        case Role.ADMIN:
            if event.session_id not in centres:
                session = db.get(ExamSession, event.session_id)
                centres[event.session_id] = session.centre_id if session else -1
            if centres[event.session_id] != who.centre_id:
                return "out_of_scope: this session belongs to another centre"
        case Role.JURY:
            pass
        case _:
            return "out_of_scope"
    return None


PUSH_TIMES = PushTimes.from_environment()
"""The server's own timer of each push (push_timing; off unless EXAMROOM_PUSH_TIMES)."""


def push(
    ctx: ServerContext, db: Session, who: Principal, raw_events: list[dict[str, Any]]
) -> tuple[list[Ack], list[Refusal]]:
    if not PUSH_TIMES.enabled:
        return _push(ctx, db, who, raw_events)
    wall, cpu = time.perf_counter(), time.thread_time()
    acked, refused = _push(ctx, db, who, raw_events)
    PUSH_TIMES.record(time.perf_counter() - wall, time.thread_time() - cpu, len(acked))
    return acked, refused


def _push(
    ctx: ServerContext, db: Session, who: Principal, raw_events: list[dict[str, Any]]
) -> tuple[list[Ack], list[Refusal]]:
    refused: list[Refusal] = []
    accepted: list[Event] = []
    centres: dict[int, int] = {}
    for raw in raw_events:
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        event_id = printable_id(raw_id) if isinstance(raw_id, str) else ""
        try:
            if isinstance(raw, dict) and (
                raw.get("server_seq") is not None or raw.get("received_at") is not None
            ):
                raise EventPayloadError("server_seq and received_at are set by the server")
            event = Event.from_wire(raw)
            if not 1 <= len(event.id) <= 64:
                raise EventPayloadError("id: must have 1 to 64 characters")
        except EventPayloadError as exc:
            refused.append(Refusal(event_id, f"invalid_event: {exc}"))
            continue
        if not may_produce(who.role, event.kind):
            refused.append(
                Refusal(event.id, f"role_not_allowed: {who.role.value} cannot record {event.kind}")
            )
            continue
        reason = _scope_refusal(db, who, event, centres) or device_binding.event_refusal(
            db, who if who.role is Role.KIOSK else None, event
        )
        if reason is None and who.role is Role.KIOSK:
            reason = ctx.quotas.refusal(event)
        if reason is not None:
            refused.append(Refusal(event.id, reason))
            continue
        accepted.append(event)
    # Signatures are checked by the append, under the session's lock, against the keys
    # the fold registered: no query of their own (issue 22).
    check = device_binding.signature_check(accepted)
    if not ctx.settings.is_postgres:
        # WORKAROUND: SQLite cannot upgrade this read transaction to the write lock the
        # append takes while another writer waits (SQLITE_BUSY at once, no busy timeout);
        # ending it first avoids that. PostgreSQL needs no extra round trip.
        db.commit()
    acked: list[Ack] = []
    if accepted:
        try:
            result = ctx.eventlog.append(
                db, accepted, who.role, now=ctx.clock.now(), check=check
            )
        except (sa.exc.StatementError, ValueError, OverflowError):
            # An event the checks above let through and the database cannot store: the
            # rest of the batch must not wait behind it (a kiosk retries a failed batch
            # for ever). One by one, refusing those that fail.
            log.exception("a batch of %d events failed: appending one by one", len(accepted))
            acked, more = _append_one_by_one(ctx, db, who, accepted, check)
            return acked, refused + more
        acked = result.acked
        refused += result.refused
    return acked, refused


def _append_one_by_one(
    ctx: ServerContext, db: Session, who: Principal, events: list[Event], check: Check | None
) -> tuple[list[Ack], list[Refusal]]:
    acked: list[Ack] = []
    refused: list[Refusal] = []
    for event in events:
        try:
            result = ctx.eventlog.append(
                db, [event], who.role, now=ctx.clock.now(), check=check
            )
        except (sa.exc.StatementError, ValueError, OverflowError) as exc:
            log.warning("event %s not storable: %s", event.id, type(exc).__name__)
            refused.append(Refusal(event.id, "invalid_event: a value cannot be stored"))
            continue
        acked += result.acked
        refused += result.refused
    return acked, refused


def printable_id(raw_id: str) -> str:
    """An id as a refusal can carry it back (a lone surrogate cannot be sent as UTF-8)."""
    try:
        raw_id.encode("utf-8")
    except UnicodeEncodeError:
        return raw_id.encode("utf-8", "backslashreplace").decode("ascii")[:200]
    return raw_id[:200]


def check_pull_scope(db: Session | None, who: Principal, session_id: int) -> int | None:
    """Raise unless `who` may read this session; the candidate filter for a kiosk.

    A kiosk's or a station's token names its session: no query, `db` may be None (a
    room's kiosks each long-poll, and this read was a round trip per poll).
    """
    match who.role:
        case Role.KIOSK | Role.INVIGILATOR:
            if who.session_id != session_id:
                raise forbidden("this token is for another session")
            return who.candidate_id if who.role is Role.KIOSK else None
        case Role.ADMIN | Role.JURY:
            pass
        case _:
            raise forbidden()
    assert db is not None, "an admin's or a jury's scope is read in the database"
    session = db.get(ExamSession, session_id)
    if session is None:
        raise not_found("session")
    if who.role is Role.ADMIN and session.centre_id != who.centre_id:
        raise forbidden("this session belongs to another centre")
    if who.role is Role.JURY and session.finalised_at is None:
        raise forbidden("the jury reads a session once it is finalised")
    db.commit()
    return None


async def pull(
    ctx: ServerContext,
    who: Principal,
    session_id: int,
    after: int,
    wait: float,
    limit: int,
) -> list[Event]:
    """Events after `after`; waits up to `wait` seconds for new ones (long-poll)."""

    def scope() -> int | None:
        with ctx.sessions() as db:
            return check_pull_scope(db, who, session_id)

    if who.role in (Role.KIOSK, Role.INVIGILATOR):
        candidate = check_pull_scope(None, who, session_id)
    else:
        candidate = await run_in_threadpool(scope)

    def read() -> list[Event]:
        with ctx.sessions() as db:
            return ctx.eventlog.read(
                single_statement(db), session_id, after=after, candidate_id=candidate,
                limit=limit,
            )

    loop = asyncio.get_running_loop()
    deadline = loop.time() + min(max(wait, 0.0), ctx.settings.max_wait_s)
    while True:
        waiter = ctx.notifier.waiter(session_id, candidate)  # before the read: no lost wake-up
        events = await run_in_threadpool(read)
        remaining = deadline - loop.time()
        if events or remaining <= 0:
            return events
        try:
            await asyncio.wait_for(waiter.wait(), timeout=remaining)
        except TimeoutError:
            # Nothing was appended for this poll meanwhile (every append notifies): no
            # second read. A notification lost between processes only delays events to
            # the client's next poll. Half the reads of an idle room (500 kiosks).
            return []


def last_seq(db: Session, session_id: int) -> int:
    return int(db.scalar(sa.select(ExamSession.last_seq).where(ExamSession.id == session_id)) or 0)


def must_exist(db: Session, session_id: int) -> None:
    if db.get(ExamSession, session_id) is None:
        raise ApiError(404, "not_found", "session not found")
