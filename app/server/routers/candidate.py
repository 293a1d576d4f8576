"""The kiosk's routes: join, presence status, start with the access code, the test."""

from __future__ import annotations

from fastapi import APIRouter

from app.server import exam_service as svc
from app.server.deps import ContextDep, CurrentCandidate, SessionDep
from app.server.schemas import CandidateStatusOut, JoinIn, JoinOut, StartIn, TestOut

router = APIRouter(prefix="/api/candidate", tags=["candidate"])


@router.post("/join")
def join(ctx: ContextDep, db: SessionDep, body: JoinIn) -> JoinOut:
    """ "Rejoindre une session": match the candidate and return a candidate token.

    Errors: 404 not_found, 409 several_matches, 409 session_finalised, 403 not_certifiable,
    403 session_closed (entries closed, not admitted), 409 test_ended.
    """
    return svc.join(ctx, db, body)


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
