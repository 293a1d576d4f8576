"""Why a kiosk may believe a machine on the LAN is the room relay (decision 0004).

A relay is only as trustworthy as the proof that the central server sent it this
session's package. The central server signs a *grant* with its Ed25519 key:
`{session_id, relay_public_key, expires}`. The relay keeps the matching private key
(generated on the station, never sent anywhere) and answers a kiosk's random nonce with
a signature. A kiosk that knows the central server's public key therefore checks that
(1) the grant was issued by the central server, (2) for its session, (3) not expired, and
(4) the machine answering holds the relay key the grant names. A rogue PC on the LAN can
copy a grant, but not sign the nonce; a relay of another session fails (2).

No Qt, no network, no clock read (the caller passes `now`): pure functions used by the
central server (signing), the relay (proving) and the kiosk (checking), so it lives in
`app.domain`, below all three.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

__all__ = ["Ed25519PrivateKey", "Ed25519PublicKey", "Grant", "RelayNotTrusted"]
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

GRANT_CONTEXT = b"examroom-relay-grant-v1\n"
PROOF_CONTEXT = b"examroom-relay-proof-v1\n"
"""Domain separation: a grant signature can never be replayed as a proof, and back."""


class RelayNotTrusted(Exception):
    """The relay could not prove it holds this session: do not use it. `code` is stable."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def public_bytes(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def load_private(raw: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(raw)


def load_public(raw: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(raw)


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


@dataclass(frozen=True, slots=True)
class Grant:
    session_id: int
    relay_public_key: str
    """Base64 of the raw 32-byte Ed25519 public key of the relay."""
    expires: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "relay_public_key": self.relay_public_key,
            "expires": self.expires.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Grant:
        try:
            expires = datetime.fromisoformat(str(data["expires"]))
            if expires.tzinfo is None:
                raise ValueError("naive expiry")
            return cls(int(data["session_id"]), str(data["relay_public_key"]), expires)
        except (KeyError, TypeError, ValueError) as exc:
            raise RelayNotTrusted("bad_grant", f"malformed grant: {exc}") from None


def sign_grant(central_key: Ed25519PrivateKey, grant: Grant) -> str:
    return b64(central_key.sign(GRANT_CONTEXT + _canonical(grant.to_dict())))


def proof_message(session_id: int, nonce: str) -> bytes:
    return PROOF_CONTEXT + _canonical({"session_id": session_id, "nonce": nonce})


def sign_proof(relay_key: Ed25519PrivateKey, session_id: int, nonce: str) -> str:
    return b64(relay_key.sign(proof_message(session_id, nonce)))


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def verify_grant(
    central_public_key: bytes, grant_data: dict[str, Any], signature: str, *,
    session_id: int, now: datetime,
) -> Grant:
    """The grant, if the central server signed it for this session and it has not expired."""
    grant = Grant.from_dict(grant_data)
    try:
        load_public(central_public_key).verify(
            unb64(signature), GRANT_CONTEXT + _canonical(grant.to_dict())
        )
    except (InvalidSignature, ValueError):
        raise RelayNotTrusted(
            "bad_signature", "the grant is not signed by the central server"
        ) from None
    if grant.session_id != session_id:
        raise RelayNotTrusted("other_session", f"the grant is for session {grant.session_id}")
    if grant.expires <= now:
        raise RelayNotTrusted("expired", f"the grant expired at {grant.expires.isoformat()}")
    return grant


def verify_proof(
    central_public_key: bytes, answer: dict[str, Any], *, session_id: int, nonce: str,
    now: datetime,
) -> Grant:
    """Check a relay's answer to `GET /api/relay/proof?nonce=...`; RelayNotTrusted if bad."""
    try:
        grant_data = answer["grant"]
        grant_signature = str(answer["grant_signature"])
        proof = str(answer["proof"])
    except (KeyError, TypeError):
        raise RelayNotTrusted("bad_answer", "the relay's answer lacks grant or proof") from None
    grant = verify_grant(
        central_public_key, grant_data, grant_signature, session_id=session_id, now=now
    )
    try:
        load_public(unb64(grant.relay_public_key)).verify(
            unb64(proof), proof_message(session_id, nonce)
        )
    except (InvalidSignature, ValueError):
        raise RelayNotTrusted(
            "bad_proof", "the relay does not hold the key of its grant"
        ) from None
    return grant
