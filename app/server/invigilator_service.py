"""The day of the exam, the invigilator's side: login, the session and its candidates as
the station sees them, the questions of an alert, actions recorded by the server.

The candidates' list follows the same rules as the station's own rows (attention and its
order, offline, flags, counters: app/domain/roster.py), so a station that reads this view
and one that folds its own log show the same thing. The candidate's side (join, start,
test) is `candidate_service.py`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import codes
from app.domain.events import EventKind, EventPayloadError, Role, may_produce, new_event
from app.domain.fold import SessionState
from app.domain.roster import Person, RosterEntry, count, entry, ordered
from app.models.server import Candidate, Certification, ExamSession, SessionSecret
from app.server.auth import Principal, issue_token, verify_secret
from app.server.candidate_service import public_challenge
from app.server.context import ServerContext
from app.server.errors import ApiError, conflict, forbidden, not_found
from app.server.eventlog import Ack
from app.wire.candidate import PublicChallenge
from app.wire.invigilator import ActionIn, CandidateStateOut, InvigilatorSessionOut


def invigilator_login(ctx: ServerContext, db: Session, session_number: int, password: str) -> str:
    session = db.get(ExamSession, session_number)
    canonical = codes.normalize_session_password(password)
    if session is None or not verify_secret(session.password_hash, canonical):
        raise ApiError(
            401,
            "bad_credentials",
            "Le numéro de session et/ou le mot de passe saisis sont incorrects.",
        )
    token = issue_token(
        db, kind="invigilator", now=ctx.clock.now(), ttl=ctx.token_ttl, session_id=session.id
    )
    db.commit()
    return token


def _minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


def person(cand: Candidate) -> Person:
    """The roster's view of an enrolled candidate."""
    return Person(
        candidate_id=cand.id,
        last_name=cand.last_name,
        first_name=cand.first_name,
        birthdate=cand.birthdate,
        extra_time=cand.extra_time,
        certifiable=cand.certifiable,
    )


def _entry(cand: Candidate, state: SessionState, now: datetime) -> RosterEntry:
    return entry(person(cand), state, now, heard=(cand.last_seen_at,))


def candidate_state_out(cand: Candidate, state: SessionState, now: datetime) -> CandidateStateOut:
    """One candidate of the station's list, by the roster's rules (the station's too)."""
    return _state_out(_entry(cand, state, now), state)


def _state_out(row: RosterEntry, state: SessionState) -> CandidateStateOut:
    cs = state.candidates.get(row.candidate_id)
    return CandidateStateOut(
        candidate_id=row.candidate_id,
        last_name=row.last_name,
        first_name=row.first_name,
        birthdate=row.birthdate,
        extra_time=row.extra_time,
        certifiable=row.certifiable,
        joined=row.joined,
        status=row.status,
        status_label=row.status_label,
        presence_valid=row.presence_valid,
        started_at=row.started_at,
        theoretical_end=row.theoretical_end,
        ended_at=cs.ended_at if cs else None,
        ended_by=cs.ended_by if cs else None,
        position=row.position,
        total=row.total,
        paused=row.paused,
        open_alert={"alert_id": row.alert_id, "challenge_id": row.alert_challenge or ""}
        if row.alert_id is not None
        else None,
        resume_pending=row.resume_pending,
        end_screen_waiting=row.end_screen_waiting,
        focus_lost=row.focus_lost,
        overtime=row.overtime,
        last_heard=row.last_heard,
        device_id=cs.device_id if cs else None,
        time_added_minutes=_minutes(state.time_added_for(row.candidate_id)),
        needs_attention=row.needs_attention,
        resume_elsewhere=row.resume_elsewhere,
    )


def _enrolled(db: Session, session_id: int) -> list[Candidate]:
    return list(db.scalars(sa.select(Candidate).where(Candidate.session_id == session_id)))


def candidate_states(ctx: ServerContext, db: Session, session_id: int) -> list[CandidateStateOut]:
    """Every candidate with its live state; those needing attention first (SPEC)."""
    state = ctx.eventlog.state(db, session_id)
    now = ctx.clock.now()
    rows = ordered(_entry(c, state, now) for c in _enrolled(db, session_id))
    return [_state_out(row, state) for row in rows]


def invigilator_session(ctx: ServerContext, db: Session, session_id: int) -> InvigilatorSessionOut:
    session = db.get(ExamSession, session_id)
    secret = db.get(SessionSecret, session_id)
    if session is None or secret is None:
        raise not_found("session")
    state = ctx.eventlog.state(db, session_id)
    now = ctx.clock.now()
    counters = count(_entry(c, state, now) for c in _enrolled(db, session_id))
    return InvigilatorSessionOut(
        session_number=session.id,
        date=session.date,
        start_time=session.start_time,
        site=session.site,
        room=session.room,
        invigilators=session.invigilators,
        access_code=secret.access_code or ctx.settings.relay_access_code,
        launched=state.launched_at is not None,
        entries_closed=state.entries_closed_now,
        presence_validity_minutes=ctx.settings.presence_validity_minutes,
        finalised=state.finalised,
        time_added_all_minutes=_minutes(state.time_added_all),
        last_server_seq=state.last_server_seq,
        counters={
            "present": counters.present,
            "started": counters.started,
            "finished": counters.finished,
            "total": counters.total,
        },
    )


def invigilator_challenge(
    ctx: ServerContext, db: Session, session_id: int, challenge_id: str
) -> PublicChallenge:
    """Public data of a challenge given to a candidate of this session (station: alerts)."""
    for ids, spares in db.execute(
        sa.select(Certification.challenge_ids, Certification.spares).where(
            Certification.session_id == session_id
        )
    ):
        if challenge_id in ids or challenge_id in spares:
            return public_challenge(ctx, challenge_id)
    raise ApiError(404, "not_found", "no such challenge in this session's tests")


def record_action(ctx: ServerContext, db: Session, who: Principal, action: ActionIn) -> Ack:
    """Record an invigilator action as an event made by the server on the station's behalf."""
    assert who.session_id is not None
    try:
        kind = EventKind(action.kind)
    except ValueError:
        raise ApiError(422, "unknown_kind", f"unknown event kind {action.kind!r}") from None
    if not may_produce(Role.INVIGILATOR, kind):
        raise forbidden(f"an invigilator cannot record {kind.value}")
    now = ctx.clock.now()
    try:
        event = new_event(
            kind,
            session_id=who.session_id,
            candidate_id=action.candidate_id,
            payload=action.payload,
            device_id=action.device_id,
            device_seq=1,
            monotonic_ms=0,
            wall_time=now.astimezone(UTC),
        )
    except EventPayloadError as exc:
        raise ApiError(422, "invalid_event", str(exc)) from None
    if action.id is not None:  # a retry of an action already recorded is acknowledged again
        event = event.model_copy(update={"id": action.id})
    result = ctx.eventlog.append(db, [event], Role.INVIGILATOR, now=now)
    if result.refused:
        raise conflict(result.refused[0].reason.split(":", 1)[0], result.refused[0].reason)
    return result.acked[0]
