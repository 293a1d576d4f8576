"""A started test belongs to one PC (issue 17, item 1): the server's checks.

The rule itself is the fold's (`CandidateState.bound_device`,
`app.domain.binding.may_record`): another PC's events are refused but for a join and a
resume request. Here, what only the server can
check: that a kiosk token's routes (the test, its files, the start) answer only the PC the
test belongs to, that a kiosk records events under its own device id, and that an offline
authorisation by the resume code carries a valid proof (`app.domain.resume_proof`).
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

from app.domain import event_signing, resume_proof
from app.domain.events import Event, EventKind, ResumeAuthorized
from app.domain.fold import SessionState
from app.models.server import SessionSecret
from app.server.auth import Principal
from app.server.context import ServerContext
from app.server.errors import ApiError

_KEYS: dict[tuple[int, str, str], bytes] = {}
_KEYS_LOCK = threading.Lock()


def require_bound(ctx: ServerContext, db: Session, who: Principal) -> None:
    """403 resume_required when the caller's PC is not the one the started test belongs to."""
    if who.device_id is None or who.session_id is None or who.candidate_id is None:
        return
    cid, device = who.candidate_id, who.device_id

    def bound_elsewhere(state: SessionState) -> bool:
        cand = state.candidates.get(cid)
        return bool(cand and cand.started and cand.bound_device not in (None, device))

    if ctx.eventlog.view(db, who.session_id, bound_elsewhere):
        raise ApiError(
            403, "resume_required",
            "this test started on another PC: the invigilator must authorise the resume here",
        )


def resume_key(db: Session, session_id: int) -> bytes | None:
    """The key of the session's resume proofs: derived from the session password on the
    central server, kept as such on a relay (which never holds the password)."""
    secret = db.get(SessionSecret, session_id)
    if secret is None:
        return None
    cache_key = (session_id, secret.session_password, secret.resume_key)
    with _KEYS_LOCK:
        known = _KEYS.get(cache_key)
    if known is not None:
        return known
    if secret.session_password:
        code = resume_proof.resume_code(secret.session_password, session_id)
        key = resume_proof.resume_key(code, session_id)
    elif secret.resume_key:
        key = base64.b64decode(secret.resume_key)
    else:
        return None
    with _KEYS_LOCK:
        if len(_KEYS) > 10_000:
            _KEYS.clear()
        _KEYS[cache_key] = key
    return key


def resume_check(db: Session, session_id: int) -> str:
    key = resume_key(db, session_id)
    return resume_proof.resume_check(key) if key is not None else ""


def event_refusal(db: Session, who: Principal | None, event: Event) -> str | None:
    """Why a kiosk's event cannot be taken as it is, or None.

    `who` is the kiosk's token (None when a relay forwards the event: the relay checked
    the token, and the proof below is checked again here).
    """
    if who is not None and who.device_id is not None and event.device_id != who.device_id:
        return "device_mismatch: a kiosk records events under its own device id"
    if event.kind is not EventKind.RESUME_AUTHORIZED:
        return None
    payload = event.typed_payload()
    assert isinstance(payload, ResumeAuthorized)
    if payload.via != "session_password":
        return None
    if event.candidate_id is None or not payload.request_id or not payload.mac:
        return "resume_proof_missing: an authorisation by the resume code needs its proof"
    key = resume_key(db, event.session_id)
    if key is None or not resume_proof.check_resume_mac(
        key, payload.mac, session_id=event.session_id, candidate_id=event.candidate_id,
        device_id=event.device_id, request_id=payload.request_id,
    ):
        return "resume_proof_invalid: the resume code's proof does not match"
    return None


def signature_check(
    events: Sequence[Event],
) -> Callable[[SessionState, Sequence[Event]], dict[str, str]] | None:
    """The check of `signature_refusals` for `EventLog.append(check=...)`, or None when
    no event of the batch needs a signature.

    The append asks it under the session's lock, on the up-to-date state, so a push reads
    the registered keys without a query of its own (the lookup was a round trip a push).
    """
    if not any(event_signing.needs_signature(e) for e in events):
        return None
    in_batch = _keys_in_batch(events)

    def check(state: SessionState, session_events: Sequence[Event]) -> dict[str, str]:
        return _refusals(state, in_batch, session_events)

    return check


def _keys_in_batch(events: Sequence[Event]) -> dict[tuple[int, str], str]:
    in_batch: dict[tuple[int, str], str] = {}
    for event in events:
        if event.kind is EventKind.CANDIDATE_JOINED and event.candidate_id is not None:
            key = event.payload.get("public_key")
            device = event.payload.get("device_id") or event.device_id
            if isinstance(key, str) and key and isinstance(device, str):
                in_batch.setdefault((event.candidate_id, device), key)
    return in_batch


def _refusals(
    state: SessionState, in_batch: dict[tuple[int, str], str], events: Sequence[Event]
) -> dict[str, str]:
    refusals: dict[str, str] = {}
    for event in events:
        if not event_signing.needs_signature(event):
            continue
        assert event.candidate_id is not None
        cand = state.candidates.get(event.candidate_id)
        key = cand.device_keys.get(event.device_id) if cand is not None else None
        if key is None:
            key = in_batch.get((event.candidate_id, event.device_id))
        reason = event_signing.signature_refusal(event, key)
        if reason is not None:
            refusals[event.id] = reason
    return refusals


def signature_refusals(ctx: ServerContext, db: Session, events: Sequence[Event]) -> dict[str, str]:
    """Event id -> `bad_signature: …` for the candidate events a kiosk must have signed.

    The key of a candidate and device is the one its first keyed `CandidateJoined`
    registered (the fold's `CandidateState.device_keys`), or one registered by a join
    earlier in this same batch (a relay forwards the join and the kiosk's events together).
    No key registered: accepted unsigned (app/domain/event_signing.py).
    """
    if not any(event_signing.needs_signature(e) for e in events):
        return {}
    in_batch = _keys_in_batch(events)
    refusals: dict[str, str] = {}
    for session_id in {e.session_id for e in events}:
        mine = [e for e in events if e.session_id == session_id]

        def read(state: SessionState, mine: list[Event] = mine) -> dict[str, str]:
            return _refusals(state, in_batch, mine)

        refusals |= ctx.eventlog.view(db, session_id, read)
    return refusals
