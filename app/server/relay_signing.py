"""The central server's grant-signing key and the grants it signs for room relays.

One job of the central server's side of the relay (decision 0004): a relay is trusted by
a kiosk only with a grant this key signed, naming the relay's own public key, for one
session, until an expiry (the crypto itself is `app.domain.relay_trust`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain import relay_trust as trust
from app.models.server import SigningKey

GRANT_DAYS_AFTER_SESSION = 2
"""A grant is valid until the end of the second day after the session's date."""


def signing_key(db: Session, now: datetime) -> trust.Ed25519PrivateKey:
    """The server's grant-signing key, created on first use and then kept in the database.

    In the database, not a file, so every server process signs with the same key. Two
    processes creating it at once: the primary key (always 1) lets one win; the other
    reads the winner's.
    """
    row = db.get(SigningKey, 1)
    if row is None:
        key = trust.new_private_key()
        db.add(
            SigningKey(
                id=1,
                private_key=trust.private_bytes(key),
                public_key=trust.public_bytes(key),
                created_at=now,
            )
        )
        try:
            db.commit()
        except IntegrityError:
            db.rollback()
            row = db.get(SigningKey, 1)
            assert row is not None
        else:
            return key
    return trust.load_private(bytes(row.private_key))


def public_key(db: Session, now: datetime) -> str:
    """Base64 of the raw public key: what kiosks are configured with (`/api/public-key`)."""
    return trust.b64(trust.public_bytes(signing_key(db, now)))


def grant_expiry(session_date: date, now: datetime) -> datetime:
    """End of the second day after the session, and never less than a day from now."""
    return max(
        datetime.combine(session_date + timedelta(days=GRANT_DAYS_AFTER_SESSION + 1), time(),
                         tzinfo=UTC),
        now + timedelta(days=1),
    )


@dataclass(frozen=True, slots=True)
class SignedGrant:
    grant: trust.Grant
    signature: str
    central_public_key: str


def sign_grant(
    db: Session, *, session_id: int, relay_public_key: bytes, expires: datetime, now: datetime
) -> SignedGrant:
    """A grant for the relay holding `relay_public_key` to serve `session_id`."""
    key = signing_key(db, now)
    grant = trust.Grant(session_id, trust.b64(relay_public_key), expires)
    return SignedGrant(grant, trust.sign_grant(key, grant), trust.b64(trust.public_bytes(key)))
