"""The session package a room relay runs from, and the tests prepared for it.

One job of the central server's side of the relay (decision 0004): before the session,
the invigilator station downloads the package (`GET /api/invigilator/package`); for it,
a test is generated in advance for every certifiable candidate (`PreparedTest`), so the
relay can start a test with no internet and without holding any solution.

Also used by `candidate_service.start_test`: `prepared_test` gives the prepared test, on the
central server and on the relay alike, so both start the same test.
"""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import relay_trust as trust
from app.domain.generation import GeneratedTest, NotCertifiable, generate_test
from app.models.server import (
    Candidate,
    Centre,
    Certification,
    ExamSession,
    PreparedTest,
    SessionSecret,
)
from app.server import device_binding, relay_keys
from app.server.auth import Principal, issue_token
from app.server.context import ServerContext
from app.server.errors import ApiError, not_found
from app.server.eventlog import utc
from app.server.relay_signing import grant_expiry, sign_grant
from app.wire.candidate import PublicChallenge
from app.wire.relay import (
    PACKAGE_FORMAT,
    PackageCandidate,
    PackageCertification,
    PackageChallenge,
    PackageGrant,
    PackagePreparedTest,
    PackageSession,
    RelayPackage,
)

RELAY_TOKEN_EXTRA = timedelta(days=14)
"""The relay token outlives the grant: a link down for days must still upload at last."""


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
) -> RelayPackage:
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
    relay_keys.require_registered(db, session.centre_id, relay_key)
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
            PackageChallenge(
                public=PublicChallenge.model_validate(challenge.public()),
                image_b64=_file_b64(ctx, cid, challenge.image),
                attachment_b64=_file_b64(ctx, cid, challenge.attachment),
            )
        )
    events = ctx.eventlog.all_events(db, sid)
    expires = grant_expiry(session.date, now)
    signed = sign_grant(db, session_id=sid, relay_public_key=relay_key, expires=expires, now=now)
    token = issue_token(
        db, kind="relay", now=now, ttl=expires - now + RELAY_TOKEN_EXTRA, session_id=sid
    )
    db.commit()
    return RelayPackage(
        format=PACKAGE_FORMAT,
        prepared_at=now,
        session=PackageSession(
            id=session.id,
            centre_id=session.centre_id,
            centre_name=centre.name if centre else "",
            site=session.site,
            room=session.room,
            invigilators=list(session.invigilators),
            date=session.date,
            start_time=session.start_time,
            observations=session.observations,
            password_hash=session.password_hash,
            access_code_hash=session.access_code_hash,
            access_code=secret.access_code,
            resume_key=trust.b64(device_binding.resume_key(db, sid) or b""),
            presence_validity_minutes=ctx.settings.presence_validity_minutes,
        ),
        candidates=[
            PackageCandidate(
                id=c.id,
                last_name=c.last_name,
                first_name=c.first_name,
                birthdate=c.birthdate,
                birthplace=c.birthplace,
                sex=c.sex,
                class_name=c.class_name,
                external_id=c.external_id,
                extra_time=c.extra_time,
                accessibility=c.accessibility,
                certifiable=c.certifiable,
                match_key=c.match_key,
            )
            for c in cands
        ],
        certifications=[
            PackageCertification(
                id=c.id,
                candidate_id=c.candidate_id,
                person_key=c.person_key,
                challenge_ids=list(c.challenge_ids),
                competence_of=dict(c.competence_of),
                spares=list(c.spares),
                started_at=utc(c.started_at),
            )
            for c in certs
        ],
        prepared_tests=[
            PackagePreparedTest(
                candidate_id=p.candidate_id,
                certification_number=p.certification_number,
                challenge_ids=list(p.challenge_ids),
                competence_of=dict(p.competence_of),
                spares=list(p.spares),
            )
            for p in preps
        ],
        challenges=challenges,
        events=[e.to_wire() for e in events],
        grant=PackageGrant(
            session_id=signed.grant.session_id,
            relay_public_key=signed.grant.relay_public_key,
            expires=signed.grant.expires,
        ),
        grant_signature=signed.signature,
        central_public_key=signed.central_public_key,
        relay_token=token,
    )
