"""The day of the exam, the candidate's side: join, status, start, the test, heartbeat, files.

What the server adds to the fold's rules for a kiosk (SPEC "During"): matching a joining
candidate, the access code with its rate limit (counted in the database, shared by every
server process), the test generation (only the server holds the bank with solutions), and
the test without solutions. The invigilator's side is `invigilator_service.py`.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import codes, event_signing
from app.domain.events import EventKind, Role
from app.domain.fold import Refused, SessionState, check_join, is_repeat_join
from app.domain.generation import NotCertifiable, generate_test
from app.models.server import AccessAttempt, Candidate, Certification, ExamSession
from app.server import device_binding, relay_prepare
from app.server.admin_service import match_key
from app.server.auth import Principal, issue_token
from app.server.context import ServerContext
from app.server.db import single_statement
from app.server.errors import ApiError, conflict, not_found
from app.server.eventlog import EventsRefused, row_to_event, utc
from app.wire.candidate import CandidateStatusOut, JoinIn, JoinOut, PublicChallenge, TestOut

# -- join ---------------------------------------------------------------------------------


def join(ctx: ServerContext, db: Session, data: JoinIn) -> JoinOut:
    """Find the candidate, record CandidateJoined and hand out a candidate token.

    Error codes (the kiosk shows each in French): not_found, several_matches,
    session_finalised, not_certifiable, session_closed (entries closed and not
    admitted), test_ended.
    """
    if data.public_key and not event_signing.valid_public_key(data.public_key):
        raise ApiError(422, "invalid_public_key", "public_key: not a base64 Ed25519 public key")
    session = db.get(ExamSession, data.session_number)
    if session is None:
        raise ApiError(404, "not_found", "no candidate matches these details in this session")
    if session.finalised_at is not None:
        raise conflict("session_finalised", "the session is finalised")
    key = match_key(data.first_name, data.last_name, data.birthdate)
    matches = list(
        db.scalars(
            sa.select(Candidate).where(
                Candidate.session_id == session.id, Candidate.match_key == key
            )
        )
    )
    if not matches:
        raise ApiError(404, "not_found", "no candidate matches these details in this session")
    if len(matches) > 1:
        raise conflict("several_matches", "several candidates match: see the invigilator")
    cand = matches[0]
    if not cand.certifiable:
        raise ApiError(403, "not_certifiable", "this candidate is not certifiable")
    now = ctx.clock.now()

    def repeat(state: SessionState) -> bool:
        if is_repeat_join(state, cand.id, data.device_id, data.public_key):
            check_join(state, cand.id)  # a retried join: nothing new to record
            return True
        return False

    try:
        if not ctx.eventlog.view(db, session.id, repeat):
            event = ctx.eventlog.server_event(
                EventKind.CANDIDATE_JOINED, session_id=session.id, candidate_id=cand.id,
                now=now, payload={"device_id": data.device_id, "device_name": data.device_name,
                                 "public_key": data.public_key},
            )
            # Twin requests (a retry crossing its first try) can both find no join above:
            # the first to take the session's lock records it, the other nothing.
            ctx.eventlog.append(
                db, [event], Role.SERVER, now=now, require_all=True,
                unless=lambda state: is_repeat_join(
                    state, cand.id, data.device_id, data.public_key
                ),
            )
    except (EventsRefused, Refused) as exc:
        raise _join_refused(exc.code) from None
    token = issue_token(
        db,
        kind="candidate",
        now=now,
        ttl=ctx.token_ttl,
        session_id=session.id,
        candidate_id=cand.id,
        device_id=data.device_id,
    )
    db.commit()
    status = ctx.eventlog.view(db, session.id, lambda s: s.candidates[cand.id].status.value)
    return JoinOut(
        token=token,
        candidate_id=cand.id,
        session_id=session.id,
        first_name=cand.first_name,
        last_name=cand.last_name,
        status=status,
    )


def _join_refused(code: str) -> ApiError:
    if code == "entries_closed":
        return ApiError(403, "session_closed", "entries are closed: see the invigilator")
    if code == "session_finalised":
        return conflict("session_finalised", "the session is finalised")
    if code == "test_ended":
        return conflict("test_ended", "this candidate's test is over")
    return conflict(code, f"join refused: {code}")


def candidate_status(ctx: ServerContext, db: Session, who: Principal) -> CandidateStatusOut:
    assert who.session_id is not None and who.candidate_id is not None
    sid, cid = who.session_id, who.candidate_id
    now = ctx.clock.now()

    def status(state: SessionState) -> CandidateStatusOut | None:
        cand = state.candidates.get(cid)
        if cand is None:
            return None
        return CandidateStatusOut(
            candidate_id=cid,
            session_id=sid,
            status=cand.status.value,
            presence_confirmed=cand.presence_at is not None,
            presence_valid=cand.presence_valid_at(now, state.presence_validity),
            started=cand.started,
            ended=cand.ended,
            ended_by=cand.ended_by,
            certification_number=cand.certification_number,
            last_server_seq=state.last_server_seq,
        )

    out = ctx.eventlog.view(db, sid, status)
    if out is None:
        raise not_found("candidate state")
    return out


# -- a test that ended ----------------------------------------------------------------------


def _ended(state: SessionState, candidate_id: int) -> bool:
    cand = state.candidates.get(candidate_id)
    return state.finalised or (cand is not None and cand.ended)


def refuse_if_ended(ctx: ServerContext, db: Session, who: Principal, *, fresh: bool = True) -> None:
    """401 `token_ended` once the candidate's test is over or the session finalised.

    Such a token still pushes and pulls the candidate's own events (sync routes): what the
    kiosk recorded before it learnt of the end is kept (decision 0002), and the kiosk
    waits there for "écran de fin vu" to wipe itself. Nothing else: not the test, not
    its files, not a start, not a heartbeat. `fresh=False` reads this process's folded
    state without the database (a heartbeat every 5 s per kiosk).
    """
    assert who.session_id is not None and who.candidate_id is not None
    cid = who.candidate_id
    if fresh:
        over = ctx.eventlog.view(db, who.session_id, lambda s: _ended(s, cid))
    else:
        over = ctx.eventlog.peek(who.session_id, lambda s: _ended(s, cid))
    if over:
        raise ApiError(401, "token_ended", "this candidate's test is over")


# -- access code and test -----------------------------------------------------------------


def _locked_until(
    db: Session, column: Any, value: Any, now: datetime, failures: int, window: timedelta
) -> datetime | None:
    """When the last `failures` wrong codes fall within `window`, locked until last + window."""
    recent = list(
        db.scalars(
            sa.select(AccessAttempt.failed_at)
            .where(column == value, AccessAttempt.failed_at > now - 2 * window)
            .order_by(AccessAttempt.failed_at.desc())
            .limit(failures)
        )
    )
    if len(recent) < failures:
        return None
    newest, oldest = utc(recent[0]), utc(recent[-1])
    if newest - oldest <= window and now < newest + window:
        return newest + window
    return None


def _lock_attempts(ctx: ServerContext, db: Session, candidate_id: int, device_id: str) -> None:
    """Serialise access-code checks of one candidate and of one device until commit.

    A write first: the candidate's row lock on PostgreSQL (plus a lock on the device id),
    the database write lock on SQLite. Without it 64 parallel wrong codes all passed the
    count before any was recorded, and 17 were tried against a limit of 5 (issue 17).
    """
    db.execute(
        sa.update(Candidate).where(Candidate.id == candidate_id).values(id=Candidate.id)
    )
    if ctx.settings.is_postgres:
        db.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:d))"), {"d": device_id})


def check_access_code(
    ctx: ServerContext, db: Session, who: Principal, code: str, device_id: str
) -> None:
    """Verify the access code; 5 failures in 5 minutes (candidate or device) lock 5 minutes.

    The count is checked and the attempt recorded in one locked step, before the code is
    compared (argon2, outside the lock); a right code then removes its attempt.
    """
    assert who.candidate_id is not None and who.session_id is not None
    now = ctx.clock.now()
    failures = ctx.settings.access_lock_failures
    window = timedelta(minutes=ctx.settings.access_lock_minutes)
    db.commit()  # a fresh transaction that starts with the lock
    _lock_attempts(ctx, db, who.candidate_id, device_id)
    for column, value in (
        (AccessAttempt.candidate_id, who.candidate_id),
        (AccessAttempt.device_id, device_id),
    ):
        until = _locked_until(db, column, value, now, failures, window)
        if until is not None:
            db.rollback()
            raise ApiError(
                429,
                "access_locked",
                "too many wrong access codes: wait before trying again",
                retry_after_s=int((until - now).total_seconds()) + 1,
            )
    attempt = AccessAttempt(candidate_id=who.candidate_id, device_id=device_id, failed_at=now)
    db.add(attempt)
    db.flush()
    attempt_id = attempt.id
    session = db.get(ExamSession, who.session_id)
    assert session is not None
    hash_ = session.access_code_hash
    db.commit()
    canonical = codes.normalize_access_code(code)
    try:
        right = codes.is_valid_access_code(canonical) and ctx.access_codes.verify(
            hash_, canonical
        )
    except ApiError:  # busy: nothing was compared
        _forget_attempt(db, attempt_id)
        raise
    if right:
        _forget_attempt(db, attempt_id)
        return
    raise ApiError(403, "wrong_access_code", "the access code is not correct")


def _forget_attempt(db: Session, attempt_id: int) -> None:
    db.execute(sa.delete(AccessAttempt).where(AccessAttempt.id == attempt_id))
    db.commit()


def lift_lockout(ctx: ServerContext, db: Session, session_id: int, candidate_id: int) -> int:
    """The station lifts a candidate's access-code lockout: its wrong codes are forgotten
    (those of the devices it used, as counted for it, too). Returns how many were."""
    cand = db.get(Candidate, candidate_id)
    if cand is None or cand.session_id != session_id:
        raise not_found("candidate")
    done = db.execute(sa.delete(AccessAttempt).where(AccessAttempt.candidate_id == candidate_id))
    db.commit()
    return int(getattr(done, "rowcount", 0) or 0)


def start_test(
    ctx: ServerContext, db: Session, who: Principal, access_code: str, device_id: str
) -> TestOut:
    """Check the code, then generate the test (or give back the one already generated)."""
    assert who.candidate_id is not None and who.session_id is not None
    refuse_if_ended(ctx, db, who)
    check_access_code(ctx, db, who, access_code, device_id)
    device_binding.require_bound(ctx, db, who)
    existing = db.scalar(
        sa.select(Certification).where(Certification.candidate_id == who.candidate_id)
    )
    if existing is not None:
        return get_test(ctx, db, who)
    now = ctx.clock.now()
    cid = who.candidate_id
    minutes = ctx.settings.presence_validity_minutes
    finalised, present = ctx.eventlog.view(db, who.session_id, lambda s: (
        s.finalised,
        cid in s.candidates and s.candidates[cid].presence_valid_at(now, s.presence_validity)))
    if finalised:
        raise conflict("session_finalised", "the session is finalised")
    if not present:
        raise conflict(
            "presence_not_confirmed",
            f"the invigilator must confirm presence (valid {minutes} minutes) before the start",
        )
    cand = db.get(Candidate, who.candidate_id)
    assert cand is not None
    # A test prepared for the room relay is the candidate's test, online or not (0004).
    prepared = relay_prepare.prepared_test(db, cand.id)
    if prepared is None and ctx.settings.relay_session is not None:
        raise conflict("not_prepared", "no test was prepared for this candidate")
    profile = {code: int(e["level"]) for code, e in cand.profile.items()}
    seen = [
        cid
        for ids in db.scalars(
            sa.select(Certification.challenge_ids).where(Certification.person_key == cand.match_key)
        )
        for cid in ids
    ]
    try:
        test = (
            prepared.test
            if prepared is not None
            else generate_test(profile, ctx.bank, seen=seen, rng=random.SystemRandom())
        )
    except NotCertifiable:
        raise ApiError(403, "not_certifiable", "this candidate is not certifiable") from None
    if not test.challenge_ids:
        raise conflict("no_content", "the question bank has no question for this profile")
    spares = [cid for ids in test.spares.values() for cid in ids]
    cert = Certification(
        id=prepared.certification_number if prepared is not None else None,
        candidate_id=cand.id,
        session_id=cand.session_id,
        person_key=cand.match_key,
        challenge_ids=list(test.challenge_ids),
        competence_of=dict(test.competence_of),
        spares=spares,
        started_at=now,
    )
    db.add(cert)
    db.flush()
    event = ctx.eventlog.server_event(
        EventKind.TEST_STARTED,
        session_id=cand.session_id,
        candidate_id=cand.id,
        now=now,
        payload={
            "certification_number": cert.id,
            "challenges": [
                {"id": c, "competence": test.competence_of[c]} for c in test.challenge_ids
            ],
            "spares": [{"id": c, "competence": test.competence_of[c]} for c in spares],
            "extra_time": cand.extra_time,
            "accessibility": cand.accessibility,
            "presence_validity_minutes": minutes,
        },
    )
    try:
        ctx.eventlog.append(db, [event], Role.SERVER, now=now, require_all=True)
    except EventsRefused as exc:
        raise conflict(exc.code, str(exc)) from None
    return get_test(ctx, db, who)


def public_challenge(ctx: ServerContext, challenge_id: str) -> PublicChallenge:
    """A challenge of the bank as a kiosk or a station may see it: no solution."""
    return PublicChallenge.model_validate(ctx.bank.by_id(challenge_id).public())


def get_test(ctx: ServerContext, db: Session, who: Principal) -> TestOut:
    """The candidate's test without solutions: resume after a crash or on a spare PC
    (once the invigilator authorised it there: `device_binding.require_bound`)."""
    refuse_if_ended(ctx, db, who)
    device_binding.require_bound(ctx, db, who)
    cert = db.scalar(sa.select(Certification).where(Certification.candidate_id == who.candidate_id))
    if cert is None:
        raise conflict("not_started", "the test has not started")
    cand = db.get(Candidate, cert.candidate_id)
    assert cand is not None
    row = db.execute(
        sa.text("SELECT server_seq FROM events WHERE candidate_id = :c AND kind = 'TestStarted'"),
        {"c": cert.candidate_id},
    ).first()
    started_event: dict[str, Any] = {}
    if row is not None:
        from app.models.server import Event as EventRow

        ev_row = db.get(EventRow, row[0])
        assert ev_row is not None
        started_event = row_to_event(ev_row).to_wire()
    return TestOut(
        certification_number=cert.id,
        session_id=cert.session_id,
        candidate_id=cert.candidate_id,
        challenges=[public_challenge(ctx, c) for c in cert.challenge_ids],
        spares=[public_challenge(ctx, c) for c in cert.spares],
        extra_time=cand.extra_time,
        accessibility=cand.accessibility,
        started_at=utc(cert.started_at),
        test_started_event=started_event,
        resume_verifier=_session_of(db, cert.session_id).password_hash,
        resume_check=device_binding.resume_check(db, cert.session_id),
    )


def _session_of(db: Session, session_id: int) -> ExamSession:
    session = db.get(ExamSession, session_id)
    assert session is not None
    return session


def record_heartbeat(ctx: ServerContext, db: Session, who: Principal, device_id: str) -> None:
    """A kiosk is alive: the station shows how long ago each kiosk was last heard from.

    One UPDATE, no ORM load, no transaction around it: every kiosk sends one every 5 s
    (100 a second for 500 kiosks).
    """
    refuse_if_ended(ctx, db, who, fresh=False)
    single_statement(db).execute(
        sa.update(Candidate)
        .where(Candidate.id == who.candidate_id)
        .values(last_seen_at=ctx.clock.now(), last_seen_device=device_id)
    )
    db.commit()


def challenge_file(
    ctx: ServerContext, db: Session, who: Principal, challenge_id: str, kind: str
) -> Path:
    """The image or attachment of a challenge of the caller's own test, for offline use."""
    refuse_if_ended(ctx, db, who)
    device_binding.require_bound(ctx, db, who)
    cert = db.scalar(sa.select(Certification).where(Certification.candidate_id == who.candidate_id))
    if cert is None or challenge_id not in (*cert.challenge_ids, *cert.spares):
        raise ApiError(404, "not_found", "no such challenge in your test")
    challenge = ctx.bank.by_id(challenge_id)
    relative = challenge.image if kind == "image" else challenge.attachment
    if relative is None:
        raise ApiError(404, "not_found", f"this challenge has no {kind}")
    return ctx.bank.root_for(challenge_id) / relative
