"""The invigilator station's routes: login, session and candidate states, actions."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.server import candidate_service
from app.server import invigilator_service as svc
from app.server.deps import (
    ClientAddress,
    ContextDep,
    CurrentInvigilator,
    DbRoute,
    IdPath,
    SessionDep,
)
from app.wire.auth import TokenOut
from app.wire.candidate import PublicChallenge
from app.wire.invigilator import (
    ActionIn,
    CandidateStateOut,
    InvigilatorLoginIn,
    InvigilatorSessionOut,
)
from app.wire.sync import AckOut

router = APIRouter(prefix="/api/invigilator", tags=["invigilator"], route_class=DbRoute)


@router.post("/login")
def login(
    ctx: ContextDep, db: SessionDep, body: InvigilatorLoginIn, address: ClientAddress
) -> TokenOut:
    """Session number + session password (`C-` prefix optional).

    10 failures in 5 minutes per session, 30 per client address: 429 with Retry-After."""
    keys = [("invigilator_session", str(body.session_number)), ("invigilator_address", address)]
    with ctx.limits.attempt(keys) as attempt:
        token = svc.invigilator_login(ctx, db, body.session_number, body.password)
        attempt.success()
    return TokenOut(token=token, role="invigilator", expires_in=int(ctx.token_ttl.total_seconds()))


@router.get("/session")
def session(ctx: ContextDep, db: SessionDep, me: CurrentInvigilator) -> InvigilatorSessionOut:
    assert me.session_id is not None
    return svc.invigilator_session(ctx, db, me.session_id)


@router.get("/candidates")
def candidates(ctx: ContextDep, db: SessionDep, me: CurrentInvigilator) -> list[CandidateStateOut]:
    """Every candidate with live state; those needing attention first."""
    assert me.session_id is not None
    return svc.candidate_states(ctx, db, me.session_id)


@router.get("/challenges/{challenge_id}")
def challenge(
    ctx: ContextDep, db: SessionDep, me: CurrentInvigilator, challenge_id: str
) -> PublicChallenge:
    """A question of a test of this session, without solution: which E codes may apply."""
    assert me.session_id is not None
    return svc.invigilator_challenge(ctx, db, me.session_id, challenge_id)


@router.post("/actions")
def action(ctx: ContextDep, db: SessionDep, me: CurrentInvigilator, body: ActionIn) -> AckOut:
    """Record one action (presence, resume, end test, alert, time, incident, end screen).

    For stations that prefer the server to build the event; the offline-capable station
    pushes its own events through /api/sync/events instead.
    """
    ack = svc.record_action(ctx, db, me, body)
    return AckOut(id=ack.id, server_seq=ack.server_seq, received_at=ack.received_at)


@router.post("/candidates/{candidate_id}/unlock", status_code=204)
def unlock(
    ctx: ContextDep, db: SessionDep, me: CurrentInvigilator, candidate_id: IdPath
) -> Response:
    """"Débloquer": lift a candidate's access-code lockout (its wrong codes are forgotten)."""
    assert me.session_id is not None
    candidate_service.lift_lockout(ctx, db, me.session_id, candidate_id)
    return Response(status_code=204)
