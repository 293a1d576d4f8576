"""Relay keys a centre's administrator registered beforehand (issue 17, item 2).

Minting a relay token (`GET /api/invigilator/package`) takes the session password *and*
a relay key the centre's administrator registered: the session password is typed in the
room, so on its own it must not make a relay. The station keeps one key pair for good
(`app.relay.package.relay_key`) and shows its public key; the administrator registers it
once (admin screens' API, `examroom server register-relay-key`).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import relay_trust as trust
from app.models.server import Centre, RelayKey
from app.server.errors import ApiError, not_found
from app.wire.relay import RelayKeyOut


def normalised(public_key: str) -> str:
    """The key in its one base64 spelling; 422 `bad_relay_key` if it is not a key."""
    try:
        raw = trust.unb64(public_key.strip())
        trust.load_public(raw)
    except ValueError:
        raise ApiError(422, "bad_relay_key", "public_key: base64 Ed25519 key") from None
    return trust.b64(raw)


def _out(row: RelayKey) -> RelayKeyOut:
    return RelayKeyOut(id=row.id, public_key=row.public_key, label=row.label,
                       created_at=row.created_at)


def register(db: Session, centre_id: int, public_key: str, label: str,
             now: datetime) -> RelayKeyOut:
    """Register a key for the centre (again: the existing registration, label updated)."""
    if db.get(Centre, centre_id) is None:
        raise not_found("centre")
    key = normalised(public_key)
    row = db.scalar(sa.select(RelayKey).where(RelayKey.centre_id == centre_id,
                                              RelayKey.public_key == key))
    if row is None:
        row = RelayKey(centre_id=centre_id, public_key=key, label=label, created_at=now)
        db.add(row)
    elif label:
        row.label = label
    db.flush()
    out = _out(row)
    db.commit()
    return out


def listed(db: Session, centre_id: int) -> list[RelayKeyOut]:
    rows = db.scalars(sa.select(RelayKey).where(RelayKey.centre_id == centre_id)
                      .order_by(RelayKey.id))
    return [_out(r) for r in rows]


def remove(db: Session, centre_id: int, key_id: int) -> None:
    row = db.get(RelayKey, key_id)
    if row is None or row.centre_id != centre_id:
        raise not_found("relay key")
    db.delete(row)
    db.commit()


def require_registered(db: Session, centre_id: int, relay_key: bytes) -> None:
    """403 `relay_key_not_registered` unless the centre registered this relay key."""
    key = trust.b64(relay_key)
    found = db.scalar(sa.select(RelayKey.id).where(RelayKey.centre_id == centre_id,
                                                   RelayKey.public_key == key))
    if found is None:
        raise ApiError(
            403, "relay_key_not_registered",
            "this relay key is not registered: the centre's administrator must register "
            "it before the session (admin: relay keys; or `examroom server "
            "register-relay-key`)",
        )
