"""The kiosk's routes: join, presence status, start with the access code, the test."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response
from fastapi.responses import FileResponse

from app.server import candidate_service as svc
from app.server.admin_service import match_key
from app.server.deps import ClientAddress, ContextDep, CurrentCandidate, DbRoute, SessionDep
from app.wire.candidate import CandidateStatusOut, HeartbeatIn, JoinIn, JoinOut, StartIn, TestOut

router = APIRouter(prefix="/api/candidate", tags=["candidate"], route_class=DbRoute)


@router.post("/join")
def join(ctx: ContextDep, db: SessionDep, body: JoinIn, address: ClientAddress) -> JoinOut:
    """ "Rejoindre une session": match the candidate and return a candidate token.

    Errors: 404 not_found, 409 several_matches, 409 session_finalised, 403 not_certifiable,
    403 session_closed (entries closed, not admitted), 409 test_ended. 10 failures in 5
    minutes for one name in one session, 60 per client address: 429 with Retry-After.
    """
    name = match_key(body.first_name, body.last_name, body.birthdate).rsplit("|", 1)[0]
    keys = [("join_target", f"{body.session_number}|{name}"), ("join_address", address)]
    with ctx.limits.attempt(keys) as attempt:
        joined = svc.join(ctx, db, body)
        attempt.success()
    return joined


@router.get("/status")
def status(ctx: ContextDep, db: SessionDep, me: CurrentCandidate) -> CandidateStatusOut:
    """Waiting screen: has the invigilator confirmed presence (valid 15 minutes)?"""
    return svc.candidate_status(ctx, db, me)


@router.post("/start")
def start(ctx: ContextDep, db: SessionDep, me: CurrentCandidate, body: StartIn) -> TestOut:
    """Access code, then the generated test without solutions (the same test if started).

    Wrong codes: 403 wrong_access_code; 5 in 5 minutes (per candidate or device): 429.
    """
    return svc.start_test(ctx, db, me, body.access_code, body.device_id)


@router.get("/test")
def test(ctx: ContextDep, db: SessionDep, me: CurrentCandidate) -> TestOut:
    """The test again, without solutions: resume after a crash or on a spare PC."""
    return svc.get_test(ctx, db, me)


@router.post("/heartbeat", status_code=204)
def heartbeat(ctx: ContextDep, db: SessionDep, me: CurrentCandidate, body: HeartbeatIn) -> Response:
    """The kiosk is alive (every 5 s): feeds the station's "last heard from"."""
    svc.record_heartbeat(ctx, db, me, body.device_id)
    return Response(status_code=204)


@router.get("/files/{challenge_id}/{kind}", response_class=FileResponse)
def challenge_file(
    ctx: ContextDep,
    db: SessionDep,
    me: CurrentCandidate,
    challenge_id: str,
    kind: Literal["image", "attachment"],
) -> FileResponse:
    """An image or attached file of a question of the caller's test, kept for offline use."""
    return FileResponse(svc.challenge_file(ctx, db, me, challenge_id, kind))
