"""After the session: finalisation and documents (admin), jury review, results, certificates."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Response, UploadFile, status

from app.domain.events import EventKind
from app.models.server import Document, ExamSession
from app.server import results_service as svc
from app.server.admin_service import admin_session, session_out
from app.server.deps import ContextDep, CurrentAdmin, CurrentJury, DbRoute, IdPath, SessionDep
from app.server.errors import ApiError, not_found
from app.wire.admin import SessionPublic
from app.wire.results import (
    CertificateOut,
    DocumentOut,
    FinalisationCandidateOut,
    FinaliseIn,
    JuryCommentIn,
    JuryNeutraliseIn,
    ResultOut,
)

admin_router = APIRouter(
    prefix="/api/admin/sessions/{session_id}", tags=["after the session"], route_class=DbRoute
)
jury_router = APIRouter(prefix="/api/jury", tags=["jury"], route_class=DbRoute)


def _doc_out(doc: Document) -> DocumentOut:
    return DocumentOut(
        id=doc.id,
        filename=doc.filename,
        content_type=doc.content_type,
        size=doc.size,
        uploaded_at=doc.uploaded_at,
    )


@admin_router.post("/finalise")
def finalise(
    ctx: ContextDep, db: SessionDep, admin: CurrentAdmin, session_id: IdPath, body: FinaliseIn
) -> SessionPublic:
    """Finalise once: per-candidate reports, abandonment reasons, session comment; then score."""
    session = admin_session(db, admin, session_id)
    svc.finalise(ctx, db, session, body)
    return session_out(db, session)


@admin_router.get("/finalisation/saved")
def saved_finalisation(
    db: SessionDep, admin: CurrentAdmin, session_id: IdPath
) -> FinaliseIn | None:
    """The finalisation saved so far (null if none), or the one sent once finalised."""
    return svc.saved_finalisation(admin_session(db, admin, session_id))


@admin_router.put("/finalisation/saved", status_code=status.HTTP_204_NO_CONTENT)
def save_finalisation(
    db: SessionDep, admin: CurrentAdmin, session_id: IdPath, body: FinaliseIn
) -> Response:
    """Save the finalisation in progress; 409 `session_read_only` once finalised."""
    svc.save_finalisation(db, admin_session(db, admin, session_id), body)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@admin_router.get("/finalisation")
def finalisation_state(
    ctx: ContextDep, db: SessionDep, admin: CurrentAdmin, session_id: IdPath
) -> list[FinalisationCandidateOut]:
    """Step 1's table: who started, who finished, the end screens and reports so far.

    The admin screen needs it to ask an abandonment reason for exactly the unfinished
    tests, and to show, read-only, what was recorded once the session is finalised.
    """
    from app.models.server import Candidate

    session = admin_session(db, admin, session_id)
    state = ctx.eventlog.state(db, session.id)
    cands = db.scalars(
        sa.select(Candidate)
        .where(Candidate.session_id == session.id)
        .order_by(Candidate.last_name, Candidate.first_name, Candidate.id)
    )
    out = []
    for cand in cands:
        cs = state.candidates.get(cand.id)
        out.append(
            FinalisationCandidateOut(
                candidate_id=cand.id,
                last_name=cand.last_name,
                first_name=cand.first_name,
                certification_number=cs.certification_number if cs else None,
                started=bool(cs and cs.started),
                completed=bool(cs and cs.completed),
                ended=bool(cs and cs.ended),
                end_screen_seen=bool(cs and cs.end_screen_seen),
                abandonment=cs.abandonment if cs else None,
                incidents=[
                    {
                        "category": i.category,
                        "question_number": i.question_number,
                        "description": i.description,
                    }
                    for i in (cs.incidents if cs else [])
                ],
            )
        )
    return out


@admin_router.post("/documents", status_code=status.HTTP_201_CREATED)
async def upload_document(
    ctx: ContextDep, db: SessionDep, admin: CurrentAdmin, session_id: IdPath, file: UploadFile
) -> DocumentOut:
    """Upload a PDF, PNG or JPEG (type checked by content, size-limited)."""
    data = await file.read(ctx.settings.max_upload_bytes + 1)
    if len(data) > ctx.settings.max_upload_bytes:
        raise ApiError(413, "too_large", "the file is too large")
    session = admin_session(db, admin, session_id)
    return _doc_out(svc.add_document(db, session, file.filename or "", data, ctx.clock.now()))


@admin_router.get("/documents")
def list_documents(db: SessionDep, admin: CurrentAdmin, session_id: IdPath) -> list[DocumentOut]:
    session = admin_session(db, admin, session_id)
    docs = db.scalars(
        sa.select(Document).where(Document.session_id == session.id).order_by(Document.id)
    )
    return [_doc_out(d) for d in docs]


@admin_router.get("/documents/{document_id}", response_class=Response)
def get_document(
    db: SessionDep, admin: CurrentAdmin, session_id: IdPath, document_id: IdPath
) -> Response:
    session = admin_session(db, admin, session_id)
    doc = db.get(Document, document_id)
    if doc is None or doc.session_id != session.id:
        raise not_found("document")
    return Response(content=doc.data, media_type=doc.content_type)


@admin_router.delete("/documents/{document_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_document(
    db: SessionDep, admin: CurrentAdmin, session_id: IdPath, document_id: IdPath
) -> Response:
    """Remove a document sent by mistake, until the session is finalised."""
    session = admin_session(db, admin, session_id)
    doc = db.get(Document, document_id)
    if doc is None or doc.session_id != session.id:
        raise not_found("document")
    svc.delete_document(db, session, doc)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@admin_router.get("/results")
def results(db: SessionDep, admin: CurrentAdmin, session_id: IdPath) -> list[ResultOut]:
    """The centre's results, once the jury has published them."""
    session = admin_session(db, admin, session_id)
    svc.require_published(session)
    return svc.results(db, session)


@admin_router.get("/results.csv", response_class=Response)
def results_csv(db: SessionDep, admin: CurrentAdmin, session_id: IdPath) -> Response:
    session = admin_session(db, admin, session_id)
    svc.require_published(session)
    return Response(
        content=svc.results_csv(db, session).encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="resultats-{session.id}.csv"'},
    )


@admin_router.get("/candidates/{candidate_id}/certificate")
def certificate(
    db: SessionDep, admin: CurrentAdmin, session_id: IdPath, candidate_id: IdPath
) -> CertificateOut:
    session = admin_session(db, admin, session_id)
    return svc.candidate_certificate(db, session, candidate_id)


# -- jury --------------------------------------------------------------------------------


@jury_router.get("/sessions")
def jury_sessions(db: SessionDep, jury: CurrentJury) -> list[SessionPublic]:
    """Finalised sessions of every centre, oldest first: the jury's work list."""
    sessions = db.scalars(
        sa.select(ExamSession)
        .where(ExamSession.finalised_at.is_not(None))
        .order_by(ExamSession.finalised_at, ExamSession.id)
    )
    return [session_out(db, s) for s in sessions]


@jury_router.get("/sessions/{session_id}/results")
def jury_results(db: SessionDep, jury: CurrentJury, session_id: IdPath) -> list[dict[str, object]]:
    """Full results with per-question statuses and incidents, for the review."""
    session = svc.jury_session(db, session_id)
    out: list[dict[str, object]] = []
    from app.models.server import Candidate, Certification

    for cert in db.scalars(sa.select(Certification).where(Certification.session_id == session.id)):
        cand = db.get(Candidate, cert.candidate_id)
        out.append(
            {
                "candidate_id": cert.candidate_id,
                "last_name": cand.last_name if cand else "",
                "first_name": cand.first_name if cand else "",
                "certification_number": cert.id,
                "result": cert.result,
                "jury_comment": cert.jury_comment,
            }
        )
    return out


@jury_router.post("/sessions/{session_id}/candidates/{candidate_id}/neutralise")
def neutralise(
    ctx: ContextDep,
    db: SessionDep,
    jury: CurrentJury,
    session_id: IdPath,
    candidate_id: IdPath,
    body: JuryNeutraliseIn,
) -> SessionPublic:
    session = svc.jury_session(db, session_id)
    svc.jury_event(
        ctx, db, session, EventKind.QUESTION_NEUTRALISED, candidate_id, body.model_dump()
    )
    return session_out(db, session)


@jury_router.post("/sessions/{session_id}/candidates/{candidate_id}/cancel")
def cancel(
    ctx: ContextDep,
    db: SessionDep,
    jury: CurrentJury,
    session_id: IdPath,
    candidate_id: IdPath,
    body: JuryCommentIn,
) -> SessionPublic:
    session = svc.jury_session(db, session_id)
    svc.jury_event(
        ctx, db, session, EventKind.CERTIFICATION_CANCELLED, candidate_id, body.model_dump()
    )
    return session_out(db, session)


@jury_router.post("/sessions/{session_id}/candidates/{candidate_id}/comment")
def comment(
    ctx: ContextDep,
    db: SessionDep,
    jury: CurrentJury,
    session_id: IdPath,
    candidate_id: IdPath,
    body: JuryCommentIn,
) -> SessionPublic:
    session = svc.jury_session(db, session_id)
    svc.jury_comment(ctx, db, session, candidate_id, body.comment)
    return session_out(db, session)


@jury_router.post("/sessions/{session_id}/publish")
def publish(
    ctx: ContextDep, db: SessionDep, jury: CurrentJury, session_id: IdPath
) -> SessionPublic:
    """Publish: verification codes are assigned and certificates become verifiable."""
    session = svc.jury_session(db, session_id)
    svc.jury_event(ctx, db, session, EventKind.RESULTS_PUBLISHED, None, {})
    return session_out(db, session)
