"""Push and long-poll pull of events (ARCHITECTURE "Sync")."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from app.server import sync_service as svc
from app.server.context import ServerContext
from app.server.deps import (
    ContextDep,
    CurrentPrincipal,
    DbRoute,
    IdPath,
    bearer_of,
    get_context,
    principal_of,
)
from app.server.errors import ApiError
from app.wire.sync import AckOut, PullOut, PushIn, PushOut, RefusalOut

router = APIRouter(prefix="/api", tags=["sync"], route_class=DbRoute)

_PUSH_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushIn"}}},
    }
}


@router.post("/sync/events", response_model=PushOut, openapi_extra=_PUSH_BODY)
async def push(request: Request) -> Response:
    """Store each event once; a repeat is acknowledged again with its original server_seq.

    Refused events come back with a reason `code: detail` and are not stored.
    """
    # The busiest route (every answer of every kiosk), so it is written by hand rather
    # than with FastAPI's dependencies and body parameter: one hand-off to a worker thread,
    # which authenticates, parses, pushes and serializes, instead of one per dependency,
    # one for the endpoint and one for the response's validation. Same contract (PushIn
    # in, PushOut out, the same 401/413/422 errors). Measured with the payload validated
    # once: +13 % ingest, -11 % server CPU per push (bench/RESULTS.md, issue 22). The
    # hand-off is the event loop's own executor (the push threads, app.PUSH_THREADS),
    # not AnyIO's: its queue is in C where AnyIO's wakes a Python Condition, 15 % of
    # the GIL's time under the ingest bench (py-spy --gil).
    body = await request.body()
    out = await asyncio.get_running_loop().run_in_executor(
        None, _push, get_context(request), request.headers.get("authorization"), body
    )
    return Response(out, media_type="application/json")


def _push(ctx: ServerContext, authorization: str | None, body: bytes) -> bytes:
    with ctx.sessions() as db:
        who = principal_of(ctx, db, bearer_of(authorization))  # first, as a dependency was
        try:
            # json.loads, not pydantic's parser: that one refuses a whole body for a lone
            # surrogate ("\\ud800"), which must only cost its own event a refusal.
            events = PushIn.model_validate(json.loads(body)).events
        except ValidationError as exc:  # before ValueError: it is one
            raise RequestValidationError(
                [{**e, "loc": ("body", *e.get("loc", ()))} for e in exc.errors()]
            ) from None
        except ValueError as exc:  # not JSON, or not UTF-8 (UnicodeDecodeError)
            where = ("body", exc.pos) if isinstance(exc, json.JSONDecodeError) else ("body",)
            raise RequestValidationError([{"loc": where, "msg": "JSON decode error"}]) from None
        if len(events) > ctx.settings.max_batch:
            raise ApiError(413, "batch_too_large", f"at most {ctx.settings.max_batch} events")
        acked, refused = svc.push(ctx, db, who, events)
    return PushOut(
        acked=[AckOut(id=a.id, server_seq=a.server_seq, received_at=a.received_at) for a in acked],
        refused=[RefusalOut(id=r.id, reason=r.reason) for r in refused],
    ).model_dump_json().encode()


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
