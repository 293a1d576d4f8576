"""The centre administrator's relay keys: `/api/admin/relay-keys` (issue 17, item 2)."""

from __future__ import annotations

from fastapi import APIRouter, status

from app.server import relay_keys as svc
from app.server.deps import ContextDep, CurrentAdmin, DbRoute, IdPath, SessionDep
from app.wire.relay import RelayKeyIn, RelayKeyOut

router = APIRouter(prefix="/api/admin/relay-keys", tags=["admin"], route_class=DbRoute)


@router.get("")
def list_relay_keys(db: SessionDep, admin: CurrentAdmin) -> list[RelayKeyOut]:
    """The relay keys of the centre: only these get a session package and a relay token."""
    assert admin.centre_id is not None
    return svc.listed(db, admin.centre_id)


@router.post("", status_code=status.HTTP_201_CREATED)
def register_relay_key(
    ctx: ContextDep, db: SessionDep, admin: CurrentAdmin, body: RelayKeyIn
) -> RelayKeyOut:
    """Register the key a station shows ("Clé du relais") before the session."""
    assert admin.centre_id is not None
    return svc.register(db, admin.centre_id, body.public_key, body.label, ctx.clock.now())


@router.delete("/{key_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_relay_key(db: SessionDep, admin: CurrentAdmin, key_id: IdPath) -> None:
    assert admin.centre_id is not None
    svc.remove(db, admin.centre_id, key_id)
