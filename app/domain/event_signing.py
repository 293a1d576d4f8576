"""Candidate events signed by their device (issue 17, item 2): Ed25519.

A kiosk makes a key pair when it joins and registers the public key with the join: the
server records it in the `CandidateJoined` payload (`public_key`), so the key travels in
the event log itself to the relay, the central server and the station, and the fold keeps
it per candidate and device (`CandidateState.device_keys`, first key wins). The kiosk then
signs every event it records; central and the relay check the signature before accepting.

The signature is carried in the payload under the reserved key `SIG_KEY`: an old store's
events, and the events of a kiosk that registered no key, simply have none (and are
accepted unsigned only when no key was registered for that candidate and device, see
`signature_refusal`). The payload models ignore the key (`events.Payload`).

What is signed (`canonical_bytes`): the envelope fields a device sets (id, session,
candidate, kind, device id and seq, monotonic time, wall time in UTC to the microsecond)
and the payload without the signature, as canonical JSON (sorted keys, no spaces,
`ensure_ascii=False`), so that no store or database round trip changes it. Not
`seen_seq`: it is rightly rewritten on the way (the kiosk's failover and the relay
translate it into each end's numbering, app/services/failover.py, relay_local.py); a
relay could lower or raise it, which moves only where the fold's "concurrent with the
end" line falls for the candidate's own genuine answers.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from datetime import UTC
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.domain.events import SIG_KEY, Event, EventKind, Role, may_produce

PUBLIC_KEY_CHARS = 44
"""A raw 32-byte Ed25519 public key in base64."""


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_bytes(key: Ed25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def load_private_key(raw: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_text(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def valid_public_key(text: str) -> bool:
    """Is `text` a base64 raw Ed25519 public key (the join refuses anything else)?"""
    return _public_key(text) is not None


@functools.lru_cache(maxsize=4096)
def _public_key(text: str) -> Ed25519PublicKey | None:
    """Parsed once per key (a room's kiosks each push many events)."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, binascii.Error, UnicodeEncodeError):
        return None


def canonical_bytes(event: Event) -> bytes:
    payload = {k: v for k, v in event.payload.items() if k != SIG_KEY}
    body: dict[str, Any] = {
        "id": event.id,
        "session_id": event.session_id,
        "candidate_id": event.candidate_id,
        "kind": event.kind.value,
        "device_id": event.device_id,
        "device_seq": event.device_seq,
        "monotonic_ms": event.monotonic_ms,
        "wall_time": event.wall_time.astimezone(UTC).isoformat(timespec="microseconds"),
        "payload": payload,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def sign(event: Event, key: Ed25519PrivateKey) -> Event:
    """`event` with its signature in the payload (what the kiosk stores and sends)."""
    signature = base64.b64encode(key.sign(canonical_bytes(event))).decode("ascii")
    return event.model_copy(update={"payload": {**event.payload, SIG_KEY: signature}})


def verify(event: Event, public_key: str) -> bool:
    key = _public_key(public_key)
    signature = event.payload.get(SIG_KEY)
    if key is None or not isinstance(signature, str):
        return False
    try:
        key.verify(base64.b64decode(signature.encode("ascii"), validate=True),
                   canonical_bytes(event))
    except (InvalidSignature, ValueError, binascii.Error, UnicodeEncodeError):
        return False
    return True


def needs_signature(event: Event) -> bool:
    """A candidate's event of a kind a kiosk records (the server's own joins excepted)."""
    return (
        event.candidate_id is not None
        and event.kind is not EventKind.CANDIDATE_JOINED
        and may_produce(Role.KIOSK, event.kind)
    )


def signature_refusal(event: Event, registered_key: str | None) -> str | None:
    """Why `event` cannot be taken, given the key registered for its candidate and device.

    No key registered (a kiosk from before signatures, an old store): accepted unsigned,
    the device binding still applies. A key registered: the signature must verify.
    """
    if not needs_signature(event) or not registered_key:
        return None
    if not verify(event, registered_key):
        return "bad_signature: not signed by the key registered for this device"
    return None
