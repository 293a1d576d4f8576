"""A started test belongs to one PC (issue 17): which PC may record a candidate's events.

The fold applies it (`app/domain/fold.py`), so the central server, the room relay, the
station and the kiosk decide alike. The test is bound to the PC it started on
(`CandidateState.bound_device`), and moves to a PC a resume was authorised for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.domain import events as ev
from app.domain.events import Event, EventKind

if TYPE_CHECKING:
    from app.domain.fold import CandidateState


def may_record(cand: CandidateState | None, event: Event, payload: Any, kiosk: str) -> bool:
    """May the PC `kiosk` record `event` for this candidate now?

    A join and a resume request are always let through (that is how a spare PC asks); an
    authorisation by the resume code only for the PC whose request it answers (the server
    has checked its proof: app.domain.resume_proof). A PC the test moved away from keeps
    what it recorded before it could know of the move (its seen_seq is below the move).
    """
    if event.kind in (EventKind.CANDIDATE_JOINED, EventKind.RESUME_REQUESTED):
        return True
    if cand is None or cand.bound_device is None or kiosk == cand.bound_device:
        return True
    if isinstance(payload, ev.ResumeAuthorized):
        return kiosk == cand.resume_device and payload.request_id == cand.resume_request_id
    return kiosk in cand.released and event.seen_seq < cand.released[kiosk]
