"""After the session: finalisation, documents, scoring, jury, publication, certificates.

Scoring runs on the server only, where the solutions are: each answer gets its final
status (answers.final_status), abandonment and incident reports are resolved
automatically (incidents.py), the jury's neutralisations and cancellations are applied,
and the Pix v2 rules (scoring.py) give the result. Results are recomputed from the event
log after every jury action, so a result is never edited by hand.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import codes
from app.domain.answers import final_status
from app.domain.competences import BY_CODE, COMPETENCE_CODES
from app.domain.content import AnswerStatus
from app.domain.events import Event, EventKind, Role
from app.domain.fold import CandidateState
from app.domain.incidents import (
    AbandonmentReason,
    AnsweredQuestion,
    IncidentCategory,
    apply_abandonment,
    resolve_reports,
)
from app.domain.scoring import CertificationStatus, PositioningLevel, ScoredQuestion, score
from app.models.server import Candidate, Centre, Certification, Document, ExamSession
from app.server.context import ServerContext
from app.server.errors import ApiError, conflict, not_found
from app.server.eventlog import EventsRefused
from app.services.content import ContentBank
from app.wire.results import CertificateOut, CompetenceResult, FinaliseIn, ResultOut

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


# -- finalisation --------------------------------------------------------------------------


def finalise(ctx: ServerContext, db: Session, session: ExamSession, data: FinaliseIn) -> None:
    """Record step 1 to 3 of the finalisation as events, in one transaction, then score.

    Once only; only if a test started; every unfinished test needs an abandonment reason
    (the fold checks the last two and answers with a stable code).
    """
    if session.finalised_at is not None:
        raise conflict("already_finalised", "the session is already finalised")
    now = ctx.clock.now()
    state = ctx.eventlog.state(db, session.id)
    known = set(db.scalars(sa.select(Candidate.id).where(Candidate.session_id == session.id)))
    events: list[Event] = []

    def make(kind: EventKind, candidate_id: int | None, payload: dict[str, Any]) -> None:
        events.append(
            ctx.eventlog.server_event(
                kind, session_id=session.id, candidate_id=candidate_id, now=now, payload=payload
            )
        )

    listed = {}
    for entry in data.candidates:
        if entry.candidate_id not in known:
            raise ApiError(
                422, "unknown_candidate", f"candidate {entry.candidate_id} is not in this session"
            )
        listed[entry.candidate_id] = entry
    for cid, running in state.candidates.items():
        if running.started and not running.ended:
            # A test still open at finalisation ends now (SPEC variant "session finalised").
            make(EventKind.TEST_ENDED, cid, {"by": "session_finalised"})
    for cid, entry in listed.items():
        cs = state.candidates.get(cid)
        for incident in entry.incidents:
            make(
                EventKind.INCIDENT_REPORTED,
                cid,
                {"incident_id": str(uuid.uuid4()), **incident.model_dump()},
            )
        if entry.end_screen_seen and cs is not None and cs.started and not cs.end_screen_seen:
            make(EventKind.END_SCREEN_SEEN, cid, {})
        if entry.abandonment is not None:
            if cs is None or not cs.started or cs.completed:
                raise ApiError(
                    422,
                    "abandonment_not_applicable",
                    f"candidate {cid} has no unfinished test: no abandonment reason applies",
                )
            make(EventKind.ABANDONMENT_RECORDED, cid, {"reason": entry.abandonment})
    make(
        EventKind.SESSION_FINALISED,
        None,
        {
            "comment": data.comment,
            "no_particular_problem": data.no_particular_problem,
            "candidates_had_trouble_joining": data.candidates_had_trouble_joining,
        },
    )
    session.finalised_at = now
    session.finalisation = data.model_dump(mode="json")
    try:
        ctx.eventlog.append(db, events, Role.ADMIN, now=now, require_all=True)
    except EventsRefused as exc:
        status = 409 if exc.code in ("nothing_started", "session_finalised") else 422
        code = {"nothing_started": "no_test_started", "session_finalised": "already_finalised"}
        raise ApiError(
            status, code.get(exc.code, exc.code), exc.refusals[0].reason.split(": ", 1)[-1]
        ) from None
    rescore(ctx, db, session)


def save_finalisation(db: Session, session: ExamSession, data: FinaliseIn) -> None:
    """Keep a finalisation in progress ("Vous pouvez sauvegarder vos changements à tout
    moment", seed 003): nothing is recorded as an event until it is finalised."""
    if session.finalised_at is not None:
        raise conflict("session_read_only", "the session is finalised: it is read-only")
    known = set(db.scalars(sa.select(Candidate.id).where(Candidate.session_id == session.id)))
    unknown = [e.candidate_id for e in data.candidates if e.candidate_id not in known]
    if unknown:
        raise ApiError(422, "unknown_candidate", f"candidate {unknown[0]} is not in this session")
    session.finalisation = data.model_dump(mode="json")
    db.commit()


def saved_finalisation(session: ExamSession) -> FinaliseIn | None:
    """What was saved (a draft) or, once finalised, what was sent (read-only view)."""
    if not session.finalisation:
        return None
    return FinaliseIn.model_validate(session.finalisation)


# -- scoring -------------------------------------------------------------------------------


def final_questions(bank: ContentBank, cs: CandidateState) -> list[dict[str, Any]]:
    """Each question of the final test with its status after automatic resolution.

    The resolution reads what each question shows (image, embedded application, file,
    timer, focus) from the bank's challenge, so the E codes act as SPEC says.
    """
    statuses: list[AnswerStatus | None] = []
    for cid in cs.challenges:
        challenge = bank.by_id(cid)
        if cid in cs.skipped:
            statuses.append(AnswerStatus.SKIPPED)
        elif cid in cs.answers:
            rec = cs.answers[cid]
            statuses.append(
                final_status(
                    challenge,
                    rec.answer,
                    skipped=False,
                    timed_out=rec.timed_out,
                    focused_out=rec.focused_out,
                    accessibility=cs.accessibility,
                )
            )
        else:
            statuses.append(None)
    neutralised = [cid in cs.neutralised or cid in cs.jury_neutralised for cid in cs.challenges]
    if cs.abandonment is not None:
        for i, res in enumerate(apply_abandonment(statuses, AbandonmentReason(cs.abandonment))):
            if not neutralised[i]:
                statuses[i] = res.status
                neutralised[i] = res.neutralised
    reports: dict[int, list[IncidentCategory]] = {}
    for incident in cs.incidents:
        if incident.category.startswith("E") and incident.question_number:
            reports.setdefault(incident.question_number - 1, []).append(
                IncidentCategory(incident.category)
            )
    for alert in cs.alerts:  # a validated alert whose question had no replacement
        if alert.accepted and alert.category and alert.challenge_id in cs.challenges:
            index = cs.challenges.index(alert.challenge_id)
            reports.setdefault(index, []).append(IncidentCategory(alert.category))
    for index, categories in reports.items():
        if 0 <= index < len(cs.challenges) and not neutralised[index]:
            question = AnsweredQuestion(bank.by_id(cs.challenges[index]), statuses[index])
            res = resolve_reports(question, categories)
            statuses[index] = res.status
            neutralised[index] = res.neutralised
    return [
        {
            "challenge_id": cid,
            "competence": cs.competence_of.get(cid, bank.by_id(cid).competence),
            "status": None if (status := statuses[i]) is None else status.value,
            "neutralised": neutralised[i],
        }
        for i, cid in enumerate(cs.challenges)
    ]


def scored_questions(bank: ContentBank, questions: list[dict[str, Any]]) -> list[ScoredQuestion]:
    """The final questions as scoring takes them, each with its type (QROCM-dep weight)."""
    return [
        ScoredQuestion(
            q["competence"],
            AnswerStatus(q["status"]) if q["status"] else None,
            q["neutralised"],
            bank.by_id(q["challenge_id"]).type,
        )
        for q in questions
    ]


def score_candidate(ctx: ServerContext, cand: Candidate, cs: CandidateState) -> dict[str, Any]:
    questions = final_questions(ctx.bank, cs)
    profile = {
        code: PositioningLevel(int(e["level"]), int(e.get("pix", 0)))
        for code, e in cand.profile.items()
    }
    result = score(
        scored_questions(ctx.bank, questions),
        profile,
        technical_abandonment=cs.abandonment == "technical",
    )
    status = result.status.value
    total = result.total_pix
    if cs.cancelled:
        status, total = CertificationStatus.CANCELLED.value, 0
    return {
        "status": status,
        "r": result.r,
        "pix_score": total,
        "trustable": result.trustable,
        "competences": {
            code: {"level": c.level, "pix": c.pix, "outcome": c.outcome.value}
            for code, c in result.per_competence.items()
        },
        "questions": questions,
        "incidents": [
            {
                "category": i.category,
                "question_number": i.question_number,
                "description": i.description,
            }
            for i in cs.incidents
        ],
        "abandonment": cs.abandonment,
    }


def rescore(ctx: ServerContext, db: Session, session: ExamSession) -> None:
    state = ctx.eventlog.state(db, session.id)
    certs = db.scalars(sa.select(Certification).where(Certification.session_id == session.id))
    for cert in certs:
        cs = state.candidates.get(cert.candidate_id)
        cand = db.get(Candidate, cert.candidate_id)
        if cs is None or cand is None or not cs.started:
            continue
        cert.result = score_candidate(ctx, cand, cs)
    session.scored_at = ctx.clock.now()
    db.commit()


# -- jury ------------------------------------------------------------------------------------


def jury_session(db: Session, session_id: int) -> ExamSession:
    session = db.get(ExamSession, session_id)
    if session is None:
        raise not_found("session")
    if session.finalised_at is None:
        raise conflict("not_finalised", "the session is not finalised yet")
    return session


def jury_event(
    ctx: ServerContext,
    db: Session,
    session: ExamSession,
    kind: EventKind,
    candidate_id: int | None,
    payload: dict[str, Any],
) -> None:
    now = ctx.clock.now()
    event = ctx.eventlog.server_event(
        kind, session_id=session.id, candidate_id=candidate_id, now=now, payload=payload
    )
    if candidate_id is not None and (
        (c := db.get(Candidate, candidate_id)) is None or c.session_id != session.id
    ):
        raise not_found("candidate")
    if kind is EventKind.RESULTS_PUBLISHED:
        _assign_codes(db, session)
        session.published_at = now
    elif session.reviewed_at is None:
        session.reviewed_at = now
    try:
        ctx.eventlog.append(db, [event], Role.JURY, now=now, require_all=True)
    except EventsRefused as exc:
        raise conflict(exc.code, exc.refusals[0].reason.split(": ", 1)[-1]) from None
    rescore(ctx, db, session)


def jury_comment(
    ctx: ServerContext, db: Session, session: ExamSession, candidate_id: int, comment: str
) -> None:
    if session.published_at is not None:
        raise conflict("already_published", "results are already published")
    cert = db.scalar(sa.select(Certification).where(Certification.candidate_id == candidate_id))
    if cert is None or cert.session_id != session.id:
        raise not_found("certification")
    cert.jury_comment = comment
    if session.reviewed_at is None:
        session.reviewed_at = ctx.clock.now()
    db.commit()


def _assign_codes(db: Session, session: ExamSession) -> None:
    certs = db.scalars(
        sa.select(Certification).where(
            Certification.session_id == session.id, Certification.verification_code.is_(None)
        )
    )
    for cert in certs:
        while True:
            code = codes.new_verification_code()
            if (
                db.scalar(
                    sa.select(Certification.id).where(Certification.verification_code == code)
                )
                is None
            ):
                break
        cert.verification_code = code


# -- results ---------------------------------------------------------------------------------


def _competences(result: dict[str, Any]) -> list[CompetenceResult]:
    out = []
    for code in COMPETENCE_CODES:
        entry = result.get("competences", {}).get(code)
        if entry is None:
            continue
        comp = BY_CODE[code]
        out.append(
            CompetenceResult(
                competence=code,
                name=comp.name,
                domain=comp.domain.name,
                level=int(entry["level"]),
                pix=int(entry["pix"]),
            )
        )
    return out


def results(db: Session, session: ExamSession) -> list[ResultOut]:
    rows = db.execute(
        sa.select(Certification, Candidate)
        .join(Candidate, Candidate.id == Certification.candidate_id)
        .where(Certification.session_id == session.id)
        .order_by(Candidate.last_name, Candidate.first_name, Candidate.id)
    ).all()
    out = []
    for cert, cand in rows:
        result = cert.result or {}
        out.append(
            ResultOut(
                candidate_id=cand.id,
                certification_number=cert.id,
                last_name=cand.last_name,
                first_name=cand.first_name,
                status=str(result.get("status", "pending")),
                pix_score=int(result.get("pix_score", 0)),
                competences=_competences(result),
                jury_comment=cert.jury_comment,
                verification_code=cert.verification_code,
                email=cand.email,
            )
        )
    return out


def require_published(session: ExamSession) -> None:
    if session.published_at is None:
        raise conflict("not_published", "results are not published yet")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a CSV cell as a formula (OWASP "CSV injection")."""


def _text_cell(text: str) -> str:
    """A name as text in any spreadsheet: one starting like a formula gets a leading
    apostrophe, which Excel and LibreOffice read as "text", so `=HYPERLINK(...)` in a
    name from the school's import file is shown, never run."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def results_csv(db: Session, session: ExamSession) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            "numero_certification",
            "nom",
            "prenom",
            "statut",
            "pix",
            "code_verification",
            "email_resultats",
            *(f"niveau_{c}" for c in COMPETENCE_CODES),
        ]
    )
    for r in results(db, session):
        levels = {c.competence: c.level for c in r.competences}
        writer.writerow(
            [
                r.certification_number,
                _text_cell(r.last_name),
                _text_cell(r.first_name),
                r.status,
                r.pix_score,
                r.verification_code or "",
                r.email,
                *(levels.get(c, "") for c in COMPETENCE_CODES),
            ]
        )
    return out.getvalue()


def certificate(db: Session, cert: Certification) -> CertificateOut:
    cand = db.get(Candidate, cert.candidate_id)
    session = db.get(ExamSession, cert.session_id)
    assert cand is not None and session is not None
    centre = db.get(Centre, session.centre_id)
    result = cert.result or {}
    if (
        session.published_at is None
        or cert.verification_code is None
        or result.get("status") != CertificationStatus.VALIDATED.value
    ):
        raise not_found("certificate")
    return CertificateOut(
        verification_code=cert.verification_code,
        last_name=cand.last_name,
        first_name=cand.first_name,
        birthdate=cand.birthdate,
        birthplace=cand.birthplace,
        centre=centre.name if centre else "",
        session_date=session.date,
        certification_number=cert.id,
        pix_score=int(result.get("pix_score", 0)),
        competences=_competences(result),
        issued_on=session.published_at.date(),
    )


def certificate_by_code(db: Session, code: str) -> CertificateOut:
    canonical = codes.normalize_verification_code(code)
    if not codes.is_valid_verification_code(canonical):
        raise not_found("certificate")
    cert = db.scalar(sa.select(Certification).where(Certification.verification_code == canonical))
    if cert is None:
        raise not_found("certificate")
    return certificate(db, cert)


def candidate_certificate(db: Session, session: ExamSession, candidate_id: int) -> CertificateOut:
    cert = db.scalar(sa.select(Certification).where(Certification.candidate_id == candidate_id))
    if cert is None or cert.session_id != session.id:
        raise not_found("certificate")
    return certificate(db, cert)


# -- documents ---------------------------------------------------------------------------------


def sniff(data: bytes) -> str | None:
    return next((kind for magic, kind in MAGIC if data.startswith(magic)), None)


def delete_document(db: Session, session: ExamSession, doc: Document) -> None:
    if session.finalised_at is not None:
        raise conflict("session_read_only", "the session is finalised: it is read-only")
    db.delete(doc)
    db.commit()


def add_document(
    db: Session, session: ExamSession, filename: str, data: bytes, now: datetime
) -> Document:
    if session.finalised_at is not None:
        raise conflict("session_read_only", "the session is finalised: it is read-only")
    kind = sniff(data)
    if kind is None:
        raise ApiError(415, "unsupported_type", "only PDF, PNG and JPEG files are accepted")
    doc = Document(
        session_id=session.id,
        filename=(filename or "document")[-255:],
        content_type=kind,
        size=len(data),
        data=data,
        uploaded_at=now,
    )
    db.add(doc)
    db.commit()
    return doc
