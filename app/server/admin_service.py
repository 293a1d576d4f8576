"""Administration use cases: centres, accounts, sessions, candidates, kit (SPEC "Before").

Routers stay thin: they call these functions, which raise ApiError for anything the
client must fix. Scope checks (a centre's admin only sees its centre) are here too, in
`admin_session`, so every admin route goes through the same gate.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain import codes, resume_proof
from app.domain.generation import is_certifiable
from app.models.server import Account, Candidate, Centre, ExamSession, SessionSecret
from app.server.auth import Principal, hash_secret
from app.server.errors import ApiError, conflict, forbidden, not_found
from app.server.importer import ImportedCandidate
from app.wire.admin import (
    CandidateCreate,
    CandidatePublic,
    CandidateUpdate,
    SessionCreate,
    SessionKit,
    SessionPublic,
    SessionUpdate,
)

CANDIDATES_PER_INVIGILATOR = 20
CANDIDATES_PER_SPARE_PC = 20


# -- accounts (CLI) --------------------------------------------------------------------


def create_account(
    db: Session, *, email: str, password: str, role: str, centre: str | None, now: datetime
) -> Account:
    """Create an admin (with its centre, created if new) or a jury account."""
    if len(password) < 8:
        raise ValueError("the password needs at least 8 characters")
    centre_id = None
    if role == "admin":
        if not centre:
            raise ValueError("an administrator belongs to a centre")
        row = db.scalar(sa.select(Centre).where(Centre.name == centre))
        if row is None:
            row = Centre(name=centre, created_at=now)
            db.add(row)
            db.flush()
        centre_id = row.id
    account = Account(
        email=email.strip().lower(),
        password_hash=hash_secret(password),
        role=role,
        centre_id=centre_id,
        created_at=now,
    )
    db.add(account)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise ValueError(f"an account already exists for {email}") from None
    return account


# -- normalisation ---------------------------------------------------------------------


def normalise_name(text: str) -> str:
    """Case, accents, spaces, hyphens and apostrophes do not matter when a candidate joins."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in plain if c.isalnum())


def match_key(first_name: str, last_name: str, birthdate: date) -> str:
    return f"{normalise_name(first_name)}|{normalise_name(last_name)}|{birthdate.isoformat()}"


# -- sessions --------------------------------------------------------------------------


def admin_session(db: Session, admin: Principal, session_id: int) -> ExamSession:
    """The session if it belongs to the admin's centre: 404 if unknown, 403 if another's."""
    session = db.get(ExamSession, session_id)
    if session is None:
        raise not_found("session")
    if session.centre_id != admin.centre_id:
        raise forbidden("this session belongs to another centre")
    return session


def session_status(session: ExamSession) -> str:
    if session.published_at is not None:
        return "published"
    if session.reviewed_at is not None:
        return "in_process"
    if session.finalised_at is not None:
        return "finalised"
    if session.started:
        return "started"
    return "created"


def _warnings(session: ExamSession, count: int) -> list[str]:
    warnings = []
    needed = -(-count // CANDIDATES_PER_INVIGILATOR)
    if count and len(session.invigilators) < needed:
        warnings.append(
            f"at least {needed} invigilator(s) needed for {count} candidates (1 per 20)"
        )
    if count:
        spares = -(-count // CANDIDATES_PER_SPARE_PC)
        warnings.append(f"prepare {spares} spare PC(s) for {count} candidates (1 per 20)")
    return warnings


def session_public(session: ExamSession, count: int) -> SessionPublic:
    return SessionPublic(
        id=session.id,
        session_number=session.id,
        centre_id=session.centre_id,
        site=session.site,
        room=session.room,
        invigilators=session.invigilators,
        date=session.date,
        start_time=session.start_time,
        observations=session.observations,
        status=session_status(session),
        candidate_count=count,
        warnings=_warnings(session, count),
        created_at=session.created_at,
    )


def _count(db: Session, session_id: int) -> int:
    return (
        db.scalar(
            sa.select(sa.func.count())
            .select_from(Candidate)
            .where(Candidate.session_id == session_id)
        )
        or 0
    )


def _check_date(day: date, today: date) -> None:
    if day < today:
        raise ApiError(422, "date_in_past", "the session date cannot be in the past")


def create_session(
    db: Session, admin: Principal, data: SessionCreate, now: datetime
) -> tuple[ExamSession, str, str]:
    """Create a session with a fresh session password and access code (both hashed)."""
    _check_date(data.date, now.date())
    password = codes.new_session_password()
    access_code = codes.new_access_code()
    assert admin.centre_id is not None
    session = ExamSession(
        centre_id=admin.centre_id,
        site=data.site,
        room=data.room,
        invigilators=data.invigilators,
        date=data.date,
        start_time=data.start_time,
        observations=data.observations,
        password_hash=hash_secret(password),
        access_code_hash=hash_secret(access_code),
        last_seq=0,
        started=False,
        joined=False,
        created_at=now,
    )
    db.add(session)
    db.flush()
    db.add(SessionSecret(session_id=session.id, session_password=password, access_code=access_code))
    db.commit()
    return session, password, access_code


def _editable(session: ExamSession) -> None:
    if session.finalised_at is not None:
        raise conflict("session_read_only", "the session is finalised: it is read-only")


def update_session(
    db: Session, session: ExamSession, data: SessionUpdate, now: datetime
) -> ExamSession:
    _editable(session)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if "date" in changes and changes["date"] != session.date:
        _check_date(changes["date"], now.date())
    for key, value in changes.items():
        setattr(session, key, value)
    db.commit()
    return session


def delete_session(db: Session, session: ExamSession) -> None:
    """Allowed while no candidate has joined (ours: Pix long lacked it)."""
    if session.joined or session.started:
        raise conflict("candidates_joined", "a candidate has joined: the session cannot be deleted")
    db.delete(session)
    db.commit()


SORTS: dict[str, Any] = {
    "date": (ExamSession.date, ExamSession.start_time),
    "room": (ExamSession.room,),
    "site": (ExamSession.site,),
    "id": (ExamSession.id,),
    "created": (ExamSession.created_at,),
}


def list_sessions(
    db: Session,
    admin: Principal,
    *,
    date_from: date | None,
    date_to: date | None,
    status: str | None,
    room: str | None,
    sort: str,
) -> list[SessionPublic]:
    descending = sort.startswith("-")
    columns = SORTS[sort.lstrip("-")]
    query = sa.select(ExamSession).where(ExamSession.centre_id == admin.centre_id)
    if date_from is not None:
        query = query.where(ExamSession.date >= date_from)
    if date_to is not None:
        query = query.where(ExamSession.date <= date_to)
    if room:
        query = query.where(sa.func.lower(ExamSession.room).contains(room.lower(), autoescape=True))
    order = [c.desc() if descending else c.asc() for c in columns]
    sessions = list(db.scalars(query.order_by(*order, ExamSession.id)))
    counts = dict(
        db.execute(
            sa.select(Candidate.session_id, sa.func.count())
            .where(Candidate.session_id.in_([s.id for s in sessions]))
            .group_by(Candidate.session_id)
        ).all()
    )
    out = [session_public(s, counts.get(s.id, 0)) for s in sessions]
    return [s for s in out if status is None or s.status == status]


def session_out(db: Session, session: ExamSession) -> SessionPublic:
    return session_public(session, _count(db, session.id))


def kit(db: Session, session: ExamSession) -> SessionKit:
    secret = db.get(SessionSecret, session.id)
    if secret is None:
        raise not_found("kit")
    return SessionKit(
        session_number=session.id,
        date=session.date,
        start_time=session.start_time,
        site=session.site,
        room=session.room,
        invigilators=session.invigilators,
        session_password=codes.format_session_password(secret.session_password),
        access_code=secret.access_code,
        resume_code=resume_proof.format_resume_code(
            resume_proof.resume_code(secret.session_password, session.id)
        ),
    )


# -- candidates ------------------------------------------------------------------------


def candidates_editable(session: ExamSession) -> None:
    _editable(session)
    if session.started:
        raise conflict("list_locked", "a test has started: the candidate list is locked")


def _profile_levels(profile: dict[str, Any]) -> dict[str, int]:
    return {code: int(entry["level"]) for code, entry in profile.items()}


def candidate_public(c: Candidate) -> CandidatePublic:
    return CandidatePublic(
        id=c.id,
        session_id=c.session_id,
        last_name=c.last_name,
        first_name=c.first_name,
        birthdate=c.birthdate,
        birthplace=c.birthplace,
        sex=c.sex,
        class_name=c.class_name,
        external_id=c.external_id,
        extra_time=c.extra_time,
        accessibility=c.accessibility,
        email=c.email,
        profile=c.profile,
        certifiable=c.certifiable,
    )


def candidate_row(session_id: int, data: CandidateCreate, now: datetime) -> Candidate:
    profile = {code: entry.model_dump() for code, entry in data.profile.items()}
    return Candidate(
        session_id=session_id,
        last_name=data.last_name,
        first_name=data.first_name,
        birthdate=data.birthdate,
        birthplace=data.birthplace,
        sex=data.sex,
        class_name=data.class_name,
        external_id=data.external_id,
        extra_time=data.extra_time,
        accessibility=data.accessibility,
        email=data.email,
        profile=profile,
        certifiable=is_certifiable(_profile_levels(profile)),
        match_key=match_key(data.first_name, data.last_name, data.birthdate),
        created_at=now,
    )


def _check_unique(db: Session, session_id: int, key: str, exclude: int | None = None) -> None:
    query = sa.select(Candidate.id).where(
        Candidate.session_id == session_id, Candidate.match_key == key
    )
    if exclude is not None:
        query = query.where(Candidate.id != exclude)
    if db.scalar(query) is not None:
        raise conflict(
            "duplicate_candidate",
            "a candidate with the same names and birthdate is already in the session",
        )


def list_candidates(db: Session, session: ExamSession, class_name: str | None) -> list[Candidate]:
    query = sa.select(Candidate).where(Candidate.session_id == session.id)
    if class_name:
        query = query.where(Candidate.class_name == class_name)
    return list(db.scalars(query.order_by(Candidate.last_name, Candidate.first_name, Candidate.id)))


def add_candidate(
    db: Session, session: ExamSession, data: CandidateCreate, now: datetime
) -> Candidate:
    candidates_editable(session)
    row = candidate_row(session.id, data, now)
    _check_unique(db, session.id, row.match_key)
    db.add(row)
    db.commit()
    return row


def session_candidate(db: Session, session: ExamSession, candidate_id: int) -> Candidate:
    cand = db.get(Candidate, candidate_id)
    if cand is None or cand.session_id != session.id:
        raise not_found("candidate")
    return cand


def update_candidate(
    db: Session, session: ExamSession, cand: Candidate, data: CandidateUpdate
) -> Candidate:
    candidates_editable(session)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    for key, value in changes.items():
        setattr(cand, key, value)
    cand.certifiable = is_certifiable(_profile_levels(cand.profile))
    cand.match_key = match_key(cand.first_name, cand.last_name, cand.birthdate)
    _check_unique(db, session.id, cand.match_key, exclude=cand.id)
    db.commit()
    return cand


def remove_candidate(db: Session, session: ExamSession, cand: Candidate) -> None:
    candidates_editable(session)
    if session.joined and db.scalar(
        sa.text("SELECT 1 FROM events WHERE candidate_id = :c LIMIT 1"), {"c": cand.id}
    ):
        raise conflict("candidate_joined", "this candidate has joined: they cannot be removed")
    db.delete(cand)
    db.commit()


def replace_candidates(
    db: Session, session: ExamSession, rows: Sequence[ImportedCandidate], now: datetime
) -> list[int]:
    """Replace the whole list in one transaction; answers the non-certifiable lines."""
    candidates_editable(session)
    if session.joined:
        raise conflict("candidates_joined", "candidates have joined: the list cannot be replaced")
    db.execute(sa.delete(Candidate).where(Candidate.session_id == session.id))
    not_certifiable = []
    for item in rows:
        row = candidate_row(session.id, item.data, now)
        if not row.certifiable:
            not_certifiable.append(item.line)
        db.add(row)
    db.commit()
    return not_certifiable
