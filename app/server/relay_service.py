"""The central server's side of the room relay (docs/decisions/0004-room-relay.md).

Three jobs:
- prepare: the session package an invigilator station downloads the day before, with a
  test generated in advance for every certifiable candidate (`PreparedTest`), so that the
  relay can start a test with no internet and without holding any solution;
- trust: the server's Ed25519 signing key and the signed relay grant;
- upstream: accept what a relay recorded on the LAN (`relay_push`) and hand it what the
  server has (`relay_pull`), both scoped to the one session of the relay's token.

Also used in relay mode by `exam_service.start_test`: `prepared_test` gives the prepared
test, on the central server and on the relay alike, so both start the same test.
"""

from __future__ import annotations

import base64
import logging
import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain import relay_trust as trust
from app.domain.events import Event, EventKind, EventPayloadError, Role, may_produce
from app.domain.generation import GeneratedTest, NotCertifiable, generate_test
from app.models.server import (
    Candidate,
    Centre,
    Certification,
    ExamSession,
    PreparedTest,
    SessionSecret,
    SigningKey,
)
from app.models.server import Event as EventRow
from app.server.auth import Principal, issue_token
from app.server.context import ServerContext
from app.server.errors import ApiError, forbidden, not_found
from app.server.eventlog import Ack, EventsRefused, Refusal, utc

log = logging.getLogger(__name__)

PACKAGE_FORMAT = 1
GRANT_DAYS_AFTER_SESSION = 2
"""A grant is valid until the end of the second day after the session's date."""
RELAY_TOKEN_EXTRA = timedelta(days=14)
"""The relay token outlives the grant: a link down for days must still upload at last."""
RELAYED_ROLES = (Role.KIOSK, Role.INVIGILATOR, Role.SERVER)
"""A relay forwards what kiosks and the station recorded and what it made as a server."""


# -- signing key ------------------------------------------------------------------------


def signing_key(db: Session, now: datetime) -> trust.Ed25519PrivateKey:
    """The server's grant-signing key, created on first use and then kept in the database.

    In the database, not a file, so every server process signs with the same key. Two
    processes creating it at once: the primary key (always 1) lets one win; the other
    reads the winner's.
    """
    row = db.get(SigningKey, 1)
    if row is None:
        key = trust.new_private_key()
        db.add(
            SigningKey(
                id=1,
                private_key=trust.private_bytes(key),
                public_key=trust.public_bytes(key),
                created_at=now,
            )
        )
        try:
            db.commit()
        except IntegrityError:
            db.rollback()
            row = db.get(SigningKey, 1)
            assert row is not None
        else:
            return key
    return trust.load_private(bytes(row.private_key))


def public_key(db: Session, now: datetime) -> str:
    return trust.b64(trust.public_bytes(signing_key(db, now)))


# -- prepared tests ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prepared:
    certification_number: int
    test: GeneratedTest


def prepared_test(db: Session, candidate_id: int) -> Prepared | None:
    """The test prepared for this candidate, if any: start_test gives it instead of a new one."""
    row = db.get(PreparedTest, candidate_id)
    if row is None:
        return None
    spares: dict[str, tuple[str, ...]] = {}
    for cid in row.spares:
        competence = row.competence_of[cid]
        spares[competence] = (*spares.get(competence, ()), cid)
    return Prepared(
        row.certification_number,
        GeneratedTest(
            challenge_ids=tuple(row.challenge_ids),
            competence_of=dict(row.competence_of),
            spares=spares,
        ),
    )


def _reserve_numbers(db: Session, count: int, postgres: bool) -> list[int]:
    """Draw `count` certification numbers from the certifications' own sequence.

    The caller holds the session row lock (an UPDATE), which on SQLite is the database
    write lock, so the read-then-advance of `sqlite_sequence` cannot race.
    """
    if postgres:
        return list(
            db.scalars(
                sa.text(
                    "SELECT nextval(pg_get_serial_sequence('certifications', 'id')) "
                    "FROM generate_series(1, :n) ORDER BY 1"
                ),
                {"n": count},
            )
        )
    top = int(
        db.scalar(
            sa.text(
                "SELECT max(coalesce((SELECT max(id) FROM certifications), 0),"
                " coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'certifications'), 0),"
                " coalesce((SELECT max(certification_number) FROM prepared_tests), 0))"
            )
        )
        or 0
    )
    end = top + count
    updated = db.execute(
        sa.text("UPDATE sqlite_sequence SET seq = :end WHERE name = 'certifications'"),
        {"end": end},
    )
    if updated.rowcount == 0:  # type: ignore[attr-defined]
        db.execute(
            sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('certifications', :end)"),
            {"end": end},
        )
    return list(range(top + 1, end + 1))


def _prepare_tests(ctx: ServerContext, db: Session, session_id: int, now: datetime) -> None:
    """Generate and store a test for each certifiable candidate who has none yet."""
    cands = list(db.scalars(sa.select(Candidate).where(Candidate.session_id == session_id)))
    started = set(
        db.scalars(sa.select(Certification.candidate_id).where(
            Certification.session_id == session_id
        ))
    )
    prepared = set(
        db.scalars(sa.select(PreparedTest.candidate_id).where(
            PreparedTest.session_id == session_id
        ))
    )
    todo = [c for c in cands if c.certifiable and c.id not in started and c.id not in prepared]
    if not todo:
        return
    db.execute(  # the session row lock, as EventLog.append takes it
        sa.update(ExamSession)
        .where(ExamSession.id == session_id)
        .values(last_seq=ExamSession.last_seq)
    )
    rng = random.SystemRandom()
    tests: list[tuple[Candidate, GeneratedTest]] = []
    for cand in todo:
        profile = {code: int(e["level"]) for code, e in cand.profile.items()}
        seen = [
            cid
            for ids in db.scalars(
                sa.select(Certification.challenge_ids).where(
                    Certification.person_key == cand.match_key
                )
            )
            for cid in ids
        ]
        try:
            test = generate_test(profile, ctx.bank, seen=seen, rng=rng)
        except NotCertifiable:
            continue
        if test.challenge_ids:
            tests.append((cand, test))
    numbers = _reserve_numbers(db, len(tests), ctx.settings.is_postgres)
    for (cand, test), number in zip(tests, numbers, strict=True):
        db.add(
            PreparedTest(
                candidate_id=cand.id,
                session_id=session_id,
                certification_number=number,
                challenge_ids=list(test.challenge_ids),
                competence_of=dict(test.competence_of),
                spares=[cid for ids in test.spares.values() for cid in ids],
                created_at=now,
            )
        )
    db.commit()


# -- the package ------------------------------------------------------------------------


def _file_b64(ctx: ServerContext, challenge_id: str, relative: str | None) -> str | None:
    if relative is None:
        return None
    path = ctx.bank.root_for(challenge_id) / relative
    return base64.b64encode(path.read_bytes()).decode("ascii")


def build_package(
    ctx: ServerContext, db: Session, who: Principal, relay_public_key: str
) -> dict[str, Any]:
    """Everything a relay needs to run the session on the LAN, and nothing more.

    No solution leaves the server: challenges are `Challenge.public()`. The package holds
    the access-code and session-password hashes (what a kiosk already receives as
    `resume_verifier`) and the plain access code for the station's header (the
    invigilator reads it out anyway); the station keeps it encrypted at rest.
    """
    assert who.session_id is not None
    try:
        relay_key = trust.unb64(relay_public_key)
        trust.load_public(relay_key)
    except ValueError:
        raise ApiError(422, "bad_relay_key", "relay_public_key: base64 Ed25519 key") from None
    now = ctx.clock.now()
    sid = who.session_id
    session = db.get(ExamSession, sid)
    secret = db.get(SessionSecret, sid)
    if session is None or secret is None:
        raise not_found("session")
    if session.finalised_at is not None:
        raise ApiError(409, "session_finalised", "the session is finalised")
    _prepare_tests(ctx, db, sid, now)
    centre = db.get(Centre, session.centre_id)
    cands = list(
        db.scalars(sa.select(Candidate).where(Candidate.session_id == sid).order_by(Candidate.id))
    )
    certs = list(db.scalars(sa.select(Certification).where(Certification.session_id == sid)))
    preps = list(db.scalars(sa.select(PreparedTest).where(PreparedTest.session_id == sid)))
    challenge_ids: list[str] = []
    for ids in [*(c.challenge_ids + c.spares for c in certs),
                *(p.challenge_ids + p.spares for p in preps)]:
        challenge_ids.extend(cid for cid in ids if cid not in challenge_ids)
    challenges = []
    for cid in challenge_ids:
        challenge = ctx.bank.by_id(cid)
        challenges.append(
            {
                "public": challenge.public(),
                "image_b64": _file_b64(ctx, cid, challenge.image),
                "attachment_b64": _file_b64(ctx, cid, challenge.attachment),
            }
        )
    events = ctx.eventlog.all_events(db, sid)
    key = signing_key(db, now)
    expires = max(
        datetime.combine(session.date + timedelta(days=GRANT_DAYS_AFTER_SESSION + 1), time(),
                         tzinfo=UTC),
        now + timedelta(days=1),
    )
    grant = trust.Grant(sid, trust.b64(relay_key), expires)
    token = issue_token(
        db, kind="relay", now=now, ttl=expires - now + RELAY_TOKEN_EXTRA, session_id=sid
    )
    db.commit()
    return {
        "format": PACKAGE_FORMAT,
        "prepared_at": now.isoformat(),
        "session": {
            "id": session.id,
            "centre_id": session.centre_id,
            "centre_name": centre.name if centre else "",
            "site": session.site,
            "room": session.room,
            "invigilators": list(session.invigilators),
            "date": session.date.isoformat(),
            "start_time": session.start_time,
            "observations": session.observations,
            "password_hash": session.password_hash,
            "access_code_hash": session.access_code_hash,
            "access_code": secret.access_code,
        },
        "candidates": [
            {
                "id": c.id,
                "last_name": c.last_name,
                "first_name": c.first_name,
                "birthdate": c.birthdate.isoformat(),
                "birthplace": c.birthplace,
                "sex": c.sex,
                "class_name": c.class_name,
                "external_id": c.external_id,
                "extra_time": c.extra_time,
                "accessibility": c.accessibility,
                "certifiable": c.certifiable,
                "match_key": c.match_key,
            }
            for c in cands
        ],
        "certifications": [
            {
                "id": c.id,
                "candidate_id": c.candidate_id,
                "person_key": c.person_key,
                "challenge_ids": c.challenge_ids,
                "competence_of": c.competence_of,
                "spares": c.spares,
                "started_at": utc(c.started_at).isoformat(),
            }
            for c in certs
        ],
        "prepared_tests": [
            {
                "candidate_id": p.candidate_id,
                "certification_number": p.certification_number,
                "challenge_ids": p.challenge_ids,
                "competence_of": p.competence_of,
                "spares": p.spares,
            }
            for p in preps
        ],
        "challenges": challenges,
        "events": [e.to_wire() for e in events],
        "grant": grant.to_dict(),
        "grant_signature": trust.sign_grant(key, grant),
        "central_public_key": trust.b64(trust.public_bytes(key)),
        "relay_token": token,
    }


# -- upstream: what a relay sends and reads ----------------------------------------------


def _relay_session(who: Principal, session_id: int | None = None) -> int:
    if who.role is not Role.RELAY or who.session_id is None:
        raise forbidden("this route is for the relay role")
    if session_id is not None and session_id != who.session_id:
        raise forbidden("this token is for another session")
    return who.session_id


def _parse(raw: Any, now: datetime) -> tuple[Event, datetime]:
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
    acked: list[Ack] = []
    refused: list[Refusal] = []
    accepted: list[tuple[Event, datetime]] = []
    for raw in raw_events:
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        try:
            event, when = _parse(raw, now)
        except EventPayloadError as exc:
            event_id = raw_id if isinstance(raw_id, str) else ""
            refused.append(Refusal(event_id, f"invalid_event: {exc}"))
            continue
        if event.session_id != sid:
            refused.append(Refusal(event.id, "out_of_scope: the relay is for another session"))
            continue
        if not any(may_produce(role, event.kind) for role in RELAYED_ROLES):
            reason = f"role_not_allowed: a relay cannot forward {event.kind}"
            refused.append(Refusal(event.id, reason))
            continue
        accepted.append((event, when))
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
