"""The central server's end of a room relay's sync: what a relay pushes up and pulls down.

One job of the central server's side of the relay (decision 0004): accept what a relay
recorded on the LAN (`relay_push`) and hand it what the server has (`relay_pull`), both
scoped to the one session of the relay's token. The relay's own end of this exchange is
its upstream loop (`relay/upstream.py`).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain.events import Event, EventKind, EventPayloadError, Role, may_produce
from app.models.server import Candidate, Certification, ExamSession, PreparedTest
from app.models.server import Event as EventRow
from app.server import device_binding
from app.server.auth import Principal
from app.server.context import ServerContext
from app.server.errors import forbidden
from app.server.eventlog import Ack, EventsRefused, Refusal, utc
from app.server.sync_service import printable_id

log = logging.getLogger(__name__)

RELAYED_ROLES = (Role.KIOSK, Role.INVIGILATOR, Role.SERVER)
"""A relay forwards what kiosks and the station recorded and what it made as a server."""



def _relay_session(who: Principal, session_id: int | None = None) -> int:
    if who.role is not Role.RELAY or who.session_id is None:
        raise forbidden("this route is for the relay role")
    if session_id is not None and session_id != who.session_id:
        raise forbidden("this token is for another session")
    return who.session_id


RECEIVED_BEFORE_SESSION = timedelta(days=2)
"""How long before the session's day a relay may say it received an event: a relay runs
the session's day; a presence "received" in 2000 is a forgery (issue 17)."""


def _parse(raw: Any, now: datetime, earliest: datetime) -> tuple[Event, datetime]:
    if not isinstance(raw, dict):
        raise EventPayloadError("an event must be an object")
    data = dict(raw)
    data.pop("server_seq", None)
    received = data.pop("received_at", None)
    event = Event.from_wire(data)
    if not 1 <= len(event.id) <= 64:
        raise EventPayloadError("id: must have 1 to 64 characters")
    try:
        when = datetime.fromisoformat(str(received))
    except ValueError:
        raise EventPayloadError("received_at: the relay's reception time is required") from None
    if when.tzinfo is None:
        raise EventPayloadError("received_at: must carry a time zone")
    if when < earliest:
        raise EventPayloadError("received_at: before the session's day")
    return event, min(when, now)


def relay_push(
    ctx: ServerContext, db: Session, who: Principal, raw_events: list[Any]
) -> tuple[list[Ack], list[Refusal]]:
    """Store what a relay recorded, in the relay's order, each event once.

    Differences from a kiosk's push (decision 0004): the relay sends its own reception
    time and the server keeps it (clamped to now), because the fold times presence and
    starts by reception and the relay received these events hours before the link came
    back; `seen_seq` arrives already translated to this server's numbering; and a
    TestStarted the relay issued must be the test prepared here, and creates the
    certification with its reserved number.
    """
    sid = _relay_session(who)
    now = ctx.clock.now()
    session = db.get(ExamSession, sid)
    if session is None:
        raise forbidden("the relay's session is gone")
    earliest = datetime.combine(session.date, time(0), tzinfo=UTC) - RECEIVED_BEFORE_SESSION
    acked: list[Ack] = []
    refused: list[Refusal] = []
    accepted: list[tuple[Event, datetime]] = []
    for raw in raw_events:
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        try:
            event, when = _parse(raw, now, earliest)
        except EventPayloadError as exc:
            event_id = printable_id(raw_id) if isinstance(raw_id, str) else ""
            refused.append(Refusal(event_id, f"invalid_event: {exc}"))
            continue
        if event.session_id != sid:
            refused.append(Refusal(event.id, "out_of_scope: the relay is for another session"))
            continue
        if not any(may_produce(role, event.kind) for role in RELAYED_ROLES):
            reason = f"role_not_allowed: a relay cannot forward {event.kind}"
            refused.append(Refusal(event.id, reason))
            continue
        proof = device_binding.event_refusal(db, None, event)
        if proof is not None:
            refused.append(Refusal(event.id, proof))
            continue
        accepted.append((event, when))
    bad = device_binding.signature_refusals(ctx, db, [e for e, _ in accepted])
    if bad:
        refused += [Refusal(e.id, bad[e.id]) for e, _ in accepted if e.id in bad]
        accepted = [(e, w) for e, w in accepted if e.id not in bad]
    db.commit()  # end the read transaction: the append takes the write lock (SQLite)
    run: list[Event] = []
    run_time: datetime | None = None

    def flush() -> None:
        nonlocal run, run_time
        if run:
            assert run_time is not None
            result = ctx.eventlog.append(db, run, Role.RELAY, now=run_time)
            acked.extend(result.acked)
            refused.extend(result.refused)
        run, run_time = [], None

    for event, when in accepted:
        if event.kind is EventKind.TEST_STARTED:
            flush()
            _push_started(ctx, db, event, when, acked, refused)
            continue
        if run_time is not None and when != run_time:
            flush()
        run.append(event)
        run_time = when
    flush()
    return acked, refused


def _push_started(
    ctx: ServerContext, db: Session, event: Event, when: datetime,
    acked: list[Ack], refused: list[Refusal],
) -> None:
    """A TestStarted from the relay: only the prepared test, and it creates the certification."""
    stored = db.execute(
        sa.select(EventRow.server_seq, EventRow.received_at).where(EventRow.id == event.id)
    ).first()
    if stored is not None:
        acked.append(Ack(event.id, stored.server_seq, utc(stored.received_at)))
        return
    assert event.candidate_id is not None
    prep = db.get(PreparedTest, event.candidate_id)
    payload = event.typed_payload()
    assert payload.__class__.__name__ == "TestStarted"
    challenges = [c.id for c in payload.challenges]  # type: ignore[attr-defined]
    spares = [c.id for c in payload.spares]  # type: ignore[attr-defined]
    number = payload.certification_number  # type: ignore[attr-defined]
    if (
        prep is None
        or prep.session_id != event.session_id
        or prep.certification_number != number
        or prep.challenge_ids != challenges
        or prep.spares != spares
    ):
        refused.append(Refusal(event.id, "not_prepared_test: not the test prepared for the relay"))
        db.rollback()
        return
    has_cert = db.scalar(
        sa.select(Certification.id).where(Certification.candidate_id == event.candidate_id)
    )
    cand = db.get(Candidate, event.candidate_id)
    if has_cert is None and cand is not None:
        db.add(
            Certification(
                id=number,
                candidate_id=cand.id,
                session_id=cand.session_id,
                person_key=cand.match_key,
                challenge_ids=challenges,
                competence_of=dict(prep.competence_of),
                spares=spares,
                started_at=when,
            )
        )
    try:
        result = ctx.eventlog.append(db, [event], Role.RELAY, now=when, require_all=True)
    except EventsRefused as exc:
        refused.extend(exc.refusals)
        return
    acked.extend(result.acked)


def relay_pull(
    ctx: ServerContext, db: Session, who: Principal, session_id: int, after: int, limit: int
) -> list[Event]:
    """Every event of the relay's session after `after` (no candidate filter)."""
    _relay_session(who, session_id)
    return ctx.eventlog.read(db, session_id, after=after, limit=limit)
