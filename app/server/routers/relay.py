"""Room relay routes (docs/decisions/0004-room-relay.md).

On the central server: the public key that signs grants, the session package for the
invigilator station, and the relay's upstream push and pull. On a relay (relay mode):
the proof a kiosk asks for before it trusts the relay, and the relay's upstream status
for the station. Each route refuses where it does not belong, so one router serves both.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from app.domain import relay_trust as trust
from app.server import relay_prepare, relay_signing, relay_sync
from app.server.deps import (
    ContextDep,
    CurrentInvigilator,
    CurrentPrincipal,
    DbRoute,
    IdPath,
    SessionDep,
)
from app.server.errors import ApiError
from app.wire.relay import RelayPackage
from app.wire.sync import AckOut, PullOut, PushIn, PushOut, RefusalOut

router = APIRouter(prefix="/api", tags=["relay"], route_class=DbRoute)


def _central_only(ctx: ContextDep) -> None:
    if ctx.settings.relay_session is not None:
        raise ApiError(404, "not_found", "this is a room relay, not the central server")


@router.get("/public-key")
def public_key(ctx: ContextDep, db: SessionDep) -> dict[str, str]:
    """The Ed25519 key that signs relay grants; kiosks cache it (or get it in their config)."""
    _central_only(ctx)
    return {"algorithm": "Ed25519", "public_key": relay_signing.public_key(db, ctx.clock.now())}


@router.get("/invigilator/package")
def package(
    ctx: ContextDep,
    db: SessionDep,
    me: CurrentInvigilator,
    relay_public_key: Annotated[str, Query(min_length=40, max_length=64)],
) -> RelayPackage:
    """The session package for the room relay: prepares the tests, signs a grant.

    `relay_public_key`: base64 of the raw Ed25519 public key the station generated; the
    grant names it, so only that station can prove it is the relay.
    """
    _central_only(ctx)
    return relay_prepare.build_package(ctx, db, me, relay_public_key)


@router.post("/relay/events")
def relay_push(ctx: ContextDep, db: SessionDep, who: CurrentPrincipal, body: PushIn) -> PushOut:
    """What a relay recorded on the LAN, in relay order, each event stored once."""
    _central_only(ctx)
    acked, refused = relay_sync.relay_push(ctx, db, who, body.events)
    return PushOut(
        acked=[AckOut(id=a.id, server_seq=a.server_seq, received_at=a.received_at) for a in acked],
        refused=[RefusalOut(id=r.id, reason=r.reason) for r in refused],
    )


@router.get("/relay/sessions/{session_id}/events")
def relay_pull(
    ctx: ContextDep,
    db: SessionDep,
    who: CurrentPrincipal,
    session_id: IdPath,
    after: Annotated[int, Query(ge=0, lt=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> PullOut:
    """Every event of the relay's session after `after` (kiosks that reached us directly)."""
    _central_only(ctx)
    events = relay_sync.relay_pull(ctx, db, who, session_id, after, limit)
    last = max((e.server_seq or 0 for e in events), default=after)
    return PullOut(events=[e.to_wire() for e in events], last_seq=last)


@router.get("/relay/proof")
def proof(
    request: Request, nonce: Annotated[str, Query(min_length=16, max_length=128)]
) -> dict[str, Any]:
    """On a relay: the central server's grant and this relay's signature of the nonce."""
    identity = getattr(request.app.state, "relay_identity", None)
    if identity is None:
        raise ApiError(404, "not_found", "this server is not a room relay")
    return {
        "grant": identity.grant,
        "grant_signature": identity.grant_signature,
        "proof": trust.sign_proof(identity.private_key, identity.session_id, nonce),
        "central_public_key": identity.central_public_key,
    }


@router.get("/relay/status")
def status(request: Request) -> dict[str, Any]:
    """On a relay: what is still to reach the central server (for the station's header)."""
    upstream = getattr(request.app.state, "relay_upstream", None)
    if upstream is None:
        raise ApiError(404, "not_found", "this server is not a room relay")
    return dict(upstream.status())
