"""Push and long-poll pull of events (ARCHITECTURE "Sync")."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.server import sync_service as svc
from app.server.deps import ContextDep, CurrentPrincipal, DbRoute, IdPath, SessionDep
from app.server.errors import ApiError
from app.wire.sync import AckOut, PullOut, PushIn, PushOut, RefusalOut

router = APIRouter(prefix="/api", tags=["sync"], route_class=DbRoute)


@router.post("/sync/events")
def push(ctx: ContextDep, db: SessionDep, who: CurrentPrincipal, body: PushIn) -> PushOut:
    """Store each event once; a repeat is acknowledged again with its original server_seq.

    Refused events come back with a reason `code: detail` and are not stored.
    """
    if len(body.events) > ctx.settings.max_batch:
        raise ApiError(413, "batch_too_large", f"at most {ctx.settings.max_batch} events")
    acked, refused = svc.push(ctx, db, who, body.events)
    return PushOut(
        acked=[AckOut(id=a.id, server_seq=a.server_seq, received_at=a.received_at) for a in acked],
        refused=[RefusalOut(id=r.id, reason=r.reason) for r in refused],
    )


@router.get("/sessions/{session_id}/events")
async def pull(
    ctx: ContextDep,
    who: CurrentPrincipal,
    session_id: IdPath,
    after: Annotated[int, Query(ge=0, lt=2**62)] = 0,
    wait: Annotated[float, Query(ge=0, le=30)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> PullOut:
    """Events after `after` in server order; with `wait`, a long-poll of up to 30 s.

    A kiosk only receives its own candidate's events and session-wide ones.
    """
    events = await svc.pull(ctx, who, session_id, after, wait, limit)
    last = max((e.server_seq or 0 for e in events), default=after)
    return PullOut(events=[e.to_wire() for e in events], last_seq=last)
