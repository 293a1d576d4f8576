"""The school's pupils: imported once, then added to sessions by class (seed 000).

"Dans Pix Certif, vous retrouvez tous les élèves importés" and "Pix Certif vous permet de
filtrer les élèves par classe lors de l'ajout des élèves à une session". An import
replaces the school's list (all or nothing, like a session's import); adding pupils to a
session copies each into a candidate, so a later import never changes a past session.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain.generation import is_certifiable
from app.models.server import Candidate, ExamSession, Pupil
from app.server import admin_service as svc
from app.server.auth import Principal
from app.server.errors import ApiError
from app.server.importer import ImportedCandidate
from app.wire.admin import AddPupilsOut, CandidateCreate, PupilPublic


def _centre(admin: Principal) -> int:
    assert admin.centre_id is not None
    return admin.centre_id


def replace_pupils(
    db: Session, admin: Principal, rows: Sequence[ImportedCandidate], now: datetime
) -> list[int]:
    """Replace the school's list in one transaction; answers the non-certifiable lines."""
    centre = _centre(admin)
    db.execute(sa.delete(Pupil).where(Pupil.centre_id == centre))
    not_certifiable = []
    for item in rows:
        data = item.data
        certifiable = is_certifiable({c: e.level for c, e in data.profile.items()})
        if not certifiable:
            not_certifiable.append(item.line)
        db.add(Pupil(
            centre_id=centre, last_name=data.last_name, first_name=data.first_name,
            birthdate=data.birthdate, class_name=data.class_name, certifiable=certifiable,
            data=data.model_dump(mode="json"), created_at=now,
        ))
    db.commit()
    return not_certifiable


def list_pupils(db: Session, admin: Principal, class_name: str | None) -> list[PupilPublic]:
    query = sa.select(Pupil).where(Pupil.centre_id == _centre(admin))
    if class_name:
        query = query.where(Pupil.class_name == class_name)
    rows = db.scalars(query.order_by(Pupil.class_name, Pupil.last_name, Pupil.first_name,
                                     Pupil.id))
    return [
        PupilPublic(
            id=p.id, last_name=p.last_name, first_name=p.first_name, birthdate=p.birthdate,
            class_name=p.class_name, certifiable=p.certifiable,
            extra_time=float(p.data.get("extra_time", 0.0)),
        )
        for p in rows
    ]


def add_to_session(
    db: Session, admin: Principal, session: ExamSession, pupil_ids: Sequence[int],
    now: datetime,
) -> AddPupilsOut:
    """Each pupil becomes a candidate of the session; one already in it is left as is."""
    svc.candidates_editable(session)
    pupils = list(db.scalars(sa.select(Pupil).where(
        Pupil.centre_id == _centre(admin), Pupil.id.in_(list(pupil_ids)))))
    missing = sorted(set(pupil_ids) - {p.id for p in pupils})
    if missing:
        raise ApiError(422, "unknown_pupil", f"pupil {missing[0]} is not one of this school's")
    keys = set(db.scalars(sa.select(Candidate.match_key).where(
        Candidate.session_id == session.id)))
    added = already = 0
    not_certifiable: list[str] = []
    for pupil in sorted(pupils, key=lambda p: (p.last_name, p.first_name, p.id)):
        row = svc.candidate_row(session.id, CandidateCreate.model_validate(pupil.data), now)
        if row.match_key in keys:
            already += 1
            continue
        keys.add(row.match_key)
        db.add(row)
        added += 1
        if not row.certifiable:
            not_certifiable.append(f"{pupil.first_name} {pupil.last_name}")
    db.commit()
    return AddPupilsOut(added=added, already=already, not_certifiable=not_certifiable)
