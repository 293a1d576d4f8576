"""Centre administration: sessions, candidates, import, kit (admin of one centre)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, UploadFile, status

from app.domain.generation import is_certifiable
from app.models.server import Centre
from app.server import admin_service as svc
from app.server import pupils_service
from app.server.deps import ContextDep, CurrentAdmin, DbRoute, IdPath, SessionDep
from app.server.errors import ApiError, not_found
from app.server.importer import ImportedCandidate, ImportRejected, parse_file, template_csv
from app.wire.admin import (
    AddPupilsIn,
    AddPupilsOut,
    CandidateCreate,
    CandidatePublic,
    CandidateUpdate,
    ImportOut,
    ImportPreviewLine,
    ImportPreviewOut,
    PostponeIn,
    PupilPublic,
    SessionCreate,
    SessionKit,
    SessionPublic,
    SessionUpdate,
)
from app.wire.auth import CentreOut

router = APIRouter(prefix="/api/admin", tags=["admin"], route_class=DbRoute)

Sort = Literal[
    "date", "-date", "room", "-room", "site", "-site", "id", "-id", "created", "-created"
]
Status = Literal["created", "started", "finalised", "in_process", "published"]


@router.get("/centre")
def my_centre(db: SessionDep, admin: CurrentAdmin) -> CentreOut:
    centre = db.get(Centre, admin.centre_id)
    if centre is None:
        raise not_found("centre")
    return CentreOut(id=centre.id, name=centre.name)


@router.get("/sessions")
def list_sessions(
    db: SessionDep,
    admin: CurrentAdmin,
    date_from: date | None = None,
    date_to: date | None = None,
    status: Status | None = None,
    room: Annotated[str | None, Query(max_length=200)] = None,
    sort: Sort = "date",
) -> list[SessionPublic]:
    """The centre's sessions, filtered by date range, status and room, sorted."""
    return svc.list_sessions(
        db, admin, date_from=date_from, date_to=date_to, status=status, room=room, sort=sort
    )


@router.post("/sessions", status_code=status.HTTP_201_CREATED)
def create_session(
    ctx: ContextDep, db: SessionDep, admin: CurrentAdmin, body: SessionCreate
) -> SessionPublic:
    session, _, _ = svc.create_session(db, admin, body, ctx.clock.now())
    return svc.session_public(session, 0)


@router.get("/sessions/{session_id}")
def get_session(db: SessionDep, admin: CurrentAdmin, session_id: IdPath) -> SessionPublic:
    return svc.session_out(db, svc.admin_session(db, admin, session_id))


@router.patch("/sessions/{session_id}")
def update_session(
    ctx: ContextDep, db: SessionDep, admin: CurrentAdmin, session_id: IdPath, body: SessionUpdate
) -> SessionPublic:
    session = svc.admin_session(db, admin, session_id)
    return svc.session_out(db, svc.update_session(db, session, body, ctx.clock.now()))


@router.post("/sessions/{session_id}/postpone")
def postpone_session(
    ctx: ContextDep, db: SessionDep, admin: CurrentAdmin, session_id: IdPath, body: PostponeIn
) -> SessionPublic:
    """Postponing is changing the date (and, optionally, the start time)."""
    session = svc.admin_session(db, admin, session_id)
    update = SessionUpdate(date=body.date, start_time=body.start_time)
    return svc.session_out(db, svc.update_session(db, session, update, ctx.clock.now()))


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_session(db: SessionDep, admin: CurrentAdmin, session_id: IdPath) -> Response:
    svc.delete_session(db, svc.admin_session(db, admin, session_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/sessions/{session_id}/kit")
def get_kit(db: SessionDep, admin: CurrentAdmin, session_id: IdPath) -> SessionKit:
    """The invigilator kit: the only route that shows the session password."""
    return svc.kit(db, svc.admin_session(db, admin, session_id))


@router.get("/sessions/{session_id}/candidates")
def list_candidates(
    db: SessionDep,
    admin: CurrentAdmin,
    session_id: IdPath,
    class_name: Annotated[str | None, Query(max_length=100)] = None,
) -> list[CandidatePublic]:
    session = svc.admin_session(db, admin, session_id)
    return [svc.candidate_public(c) for c in svc.list_candidates(db, session, class_name)]


@router.post("/sessions/{session_id}/candidates", status_code=status.HTTP_201_CREATED)
def add_candidate(
    ctx: ContextDep, db: SessionDep, admin: CurrentAdmin, session_id: IdPath, body: CandidateCreate
) -> CandidatePublic:
    session = svc.admin_session(db, admin, session_id)
    return svc.candidate_public(svc.add_candidate(db, session, body, ctx.clock.now()))


@router.patch("/sessions/{session_id}/candidates/{candidate_id}")
def update_candidate(
    db: SessionDep,
    admin: CurrentAdmin,
    session_id: IdPath,
    candidate_id: IdPath,
    body: CandidateUpdate,
) -> CandidatePublic:
    session = svc.admin_session(db, admin, session_id)
    cand = svc.session_candidate(db, session, candidate_id)
    return svc.candidate_public(svc.update_candidate(db, session, cand, body))


@router.delete(
    "/sessions/{session_id}/candidates/{candidate_id}", status_code=status.HTTP_204_NO_CONTENT
)
def remove_candidate(
    db: SessionDep, admin: CurrentAdmin, session_id: IdPath, candidate_id: IdPath
) -> Response:
    session = svc.admin_session(db, admin, session_id)
    svc.remove_candidate(db, session, svc.session_candidate(db, session, candidate_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/sessions/{session_id}/candidates/import", response_model=None)
async def import_candidates(
    ctx: ContextDep,
    db: SessionDep,
    admin: CurrentAdmin,
    session_id: IdPath,
    file: UploadFile,
    dry_run: bool = False,
) -> ImportOut | ImportPreviewOut:
    """Replace the candidate list from a CSV or ODS file; all-or-nothing.

    A bad file answers 422 `import_rejected` with `details.errors`: [{line, reason}].
    `dry_run=true` replaces nothing and answers 200 with every line, good or bad, so the
    admin screen can show a preview before anything is replaced.
    """
    data = await _read_upload(ctx, file)
    session = svc.admin_session(db, admin, session_id)
    if dry_run:
        return _preview(file.filename or "", data, ctx.settings.max_import_rows)
    rows = _parse(file.filename or "", data, ctx.settings.max_import_rows)
    not_certifiable = svc.replace_candidates(db, session, rows, ctx.clock.now())
    return ImportOut(imported=len(rows), not_certifiable=not_certifiable)


async def _read_upload(ctx: ContextDep, file: UploadFile) -> bytes:
    data = await file.read(ctx.settings.max_upload_bytes + 1)
    if len(data) > ctx.settings.max_upload_bytes:
        raise ApiError(413, "too_large", "the file is too large")
    return data


def _parse(filename: str, data: bytes, max_rows: int) -> list[ImportedCandidate]:
    try:
        return parse_file(filename, data, max_rows=max_rows)
    except ImportRejected as exc:
        raise ApiError(
            422,
            "import_rejected",
            "nothing was imported: correct the lines listed",
            errors=[e.as_dict() for e in exc.errors],
        ) from None


# -- the school's pupils (seed 000) --------------------------------------------------------


@router.post("/pupils/import", response_model=None)
async def import_pupils(
    ctx: ContextDep, db: SessionDep, admin: CurrentAdmin, file: UploadFile, dry_run: bool = False
) -> ImportOut | ImportPreviewOut:
    """Replace the school's pupils from a CSV or ODS file (the session import's columns);
    all or nothing, with the same preview (`dry_run`) and 422 `import_rejected`."""
    data = await _read_upload(ctx, file)
    if dry_run:
        return _preview(file.filename or "", data, ctx.settings.max_import_rows)
    rows = _parse(file.filename or "", data, ctx.settings.max_import_rows)
    not_certifiable = pupils_service.replace_pupils(db, admin, rows, ctx.clock.now())
    return ImportOut(imported=len(rows), not_certifiable=not_certifiable)


@router.get("/pupils")
def list_pupils(
    db: SessionDep,
    admin: CurrentAdmin,
    class_name: Annotated[str | None, Query(max_length=100)] = None,
) -> list[PupilPublic]:
    """The school's pupils, by class then name; `class_name` filters ("Classe")."""
    return pupils_service.list_pupils(db, admin, class_name)


@router.post("/sessions/{session_id}/candidates/from-pupils")
def add_pupils(
    ctx: ContextDep, db: SessionDep, admin: CurrentAdmin, session_id: IdPath, body: AddPupilsIn
) -> AddPupilsOut:
    """Add pupils of the school to the session; one already a candidate is left as is."""
    session = svc.admin_session(db, admin, session_id)
    return pupils_service.add_to_session(db, admin, session, body.pupil_ids, ctx.clock.now())


def _preview(filename: str, data: bytes, max_rows: int) -> ImportPreviewOut:
    try:
        valid, errors = parse_file(filename, data, max_rows=max_rows), []
    except ImportRejected as exc:
        valid, errors = exc.valid, exc.errors
    lines = [
        ImportPreviewLine(
            line=item.line,
            last_name=item.data.last_name,
            first_name=item.data.first_name,
            birthdate=item.data.birthdate,
            class_name=item.data.class_name,
            extra_time=item.data.extra_time,
            certifiable=is_certifiable({c: e.level for c, e in item.data.profile.items()}),
        )
        for item in valid
    ]
    lines += [ImportPreviewLine(line=e.line, error=e.reason,
                                problems=[p.as_dict() for p in e.problems]) for e in errors]
    return ImportPreviewOut(
        lines=sorted(lines, key=lambda x: x.line),
        errors=[e.as_dict() for e in errors],
    )


@router.get("/candidates/import-template", response_class=Response)
def import_template(admin: CurrentAdmin) -> Response:
    """The CSV template: its header names every accepted column (see importer.py)."""
    return Response(
        content=template_csv().encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="modele-candidats.csv"'},
    )
