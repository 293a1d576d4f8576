"""Build realistic event streams without repeating envelopes in every test."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from app.domain.events import Event, EventKind, new_event
from app.domain.fold import Refused, SessionState, apply

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class EventFactory:
    """Makes events of one session as devices would, with a shared fake time line.

    `server=True` stamps each event with the next server_seq, as if it had been pushed.
    """

    def __init__(self, session_id: int = 1, *, start: datetime = T0, server: bool = False):
        self.session_id = session_id
        self.now = start
        self.server = server
        self.server_seq = 0
        self._device_seq: dict[str, int] = {}

    def tick(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def make(
        self,
        kind: EventKind,
        candidate_id: int | None = None,
        payload: Mapping[str, Any] | None = None,
        *,
        device: str = "kiosk-1",
        seen_seq: int | None = None,
    ) -> Event:
        seq = self._device_seq.get(device, 0) + 1
        self._device_seq[device] = seq
        event = new_event(
            kind,
            session_id=self.session_id,
            candidate_id=candidate_id,
            payload=payload,
            device_id=device,
            device_seq=seq,
            monotonic_ms=int((self.now - T0).total_seconds() * 1000),
            wall_time=self.now,
            seen_seq=self.server_seq if seen_seq is None else seen_seq,
        )
        if self.server:
            self.server_seq += 1
            event = event.acknowledged(self.server_seq, self.now)
        return event

    # Convenience for the common path of one candidate -----------------------------

    def joined(self, cid: int, device: str = "kiosk-1") -> Event:
        return self.make(EventKind.CANDIDATE_JOINED, cid, device=device)

    def presence(self, cid: int) -> Event:
        return self.make(EventKind.PRESENCE_CONFIRMED, cid, device="station")

    def started(self, cid: int, challenges: list[tuple[str, str]],
                spares: list[tuple[str, str]] = (), extra_time: float = 0.0) -> Event:  # type: ignore[assignment]
        return self.make(
            EventKind.TEST_STARTED,
            cid,
            {
                "certification_number": 1000 + cid,
                "challenges": [{"id": i, "competence": c} for i, c in challenges],
                "spares": [{"id": i, "competence": c} for i, c in spares],
                "extra_time": extra_time,
            },
            device="server",
        )

    def answer(self, cid: int, challenge: str, answer: Any = 1, *, device: str = "kiosk-1",
               seen_seq: int | None = None) -> Event:
        return self.make(
            EventKind.ANSWER_SUBMITTED, cid, {"challenge_id": challenge, "answer": answer},
            device=device, seen_seq=seen_seq,
        )

    def skip(self, cid: int, challenge: str) -> Event:
        return self.make(EventKind.CHALLENGE_SKIPPED, cid, {"challenge_id": challenge})

    def ended(self, cid: int, by: str = "candidate") -> Event:
        device = "station" if by == "invigilator" else "kiosk-1"
        return self.make(EventKind.TEST_ENDED, cid, {"by": by}, device=device)


# One candidate's day as a sequence of steps (hypothesis draws the steps) ----------------

STORY_STEPS = (
    "join", "presence", "cancel_presence", "late_admitted", "start", "answer", "skip",
    "shown", "focus", "alert", "accept_alert", "refuse_alert", "resume_requested",
    "resume_authorized", "time_added", "time_added_all", "end_by_candidate",
    "end_by_invigilator", "end_screen_seen", "entries_closed", "finalise",
    "tick_seconds", "tick_minutes", "tick_hour",
)
"""What can happen to one candidate; `story` turns each into the event it would record."""

STORY_TEST = [("q1", "1.1"), ("q2", "1.2"), ("q3", "2.1")]
STORY_SPARES = [("s1", "1.1"), ("s2", "1.2"), ("s3", "2.1")]


def story(steps: Sequence[str], *, cid: int = 1, session_id: int = 1,
          extra_time: float = 0.0) -> tuple[list[Event], SessionState, datetime]:
    """The events of one candidate's day, each made from the state so far (the current
    question, the open alert), sequenced as the server would; a step the fold refuses
    (an answer before the start, a second join...) is left out, as the server would.

    Returns the accepted events, the folded state and the time line's `now`.
    """
    f = EventFactory(session_id, server=True)
    state = SessionState(session_id=session_id)
    kept: list[Event] = []
    n = 0
    for step in steps:
        n += 1
        cs = state.candidates.get(cid)
        current = cs.current_challenge if cs else None
        alert = cs.open_alert if cs else None
        event: Event | None
        match step:
            case "tick_seconds":
                f.tick(seconds=7)
                continue
            case "tick_minutes":
                f.tick(minutes=4)
                continue
            case "tick_hour":
                f.tick(hours=1)
                continue
            case "join":
                event = f.joined(cid)
            case "presence":
                event = f.presence(cid)
            case "cancel_presence":
                event = f.make(EventKind.PRESENCE_CANCELLED, cid, device="station")
            case "late_admitted":
                event = f.make(EventKind.LATE_ENTRY_ADMITTED, cid, device="station")
            case "entries_closed":
                event = f.make(EventKind.ENTRIES_CLOSED, None, device="station")
            case "start":
                event = f.started(cid, STORY_TEST, STORY_SPARES, extra_time=extra_time)
            case "answer":
                event = f.answer(cid, current or "q1")
            case "skip":
                event = f.skip(cid, current or "q1")
            case "shown":
                event = f.make(EventKind.CHALLENGE_SHOWN, cid, {"challenge_id": current or "q1"})
            case "focus":
                event = f.make(EventKind.FOCUS_LOST, cid, {"challenge_id": current or "q1"})
            case "alert":
                event = f.make(EventKind.ALERT_RAISED, cid,
                               {"alert_id": f"a{n}", "challenge_id": current or "q1"})
            case "accept_alert" | "refuse_alert":
                accepted = step == "accept_alert"
                event = f.make(EventKind.ALERT_RESOLVED, cid, {
                    "alert_id": alert.alert_id if alert else "none", "accepted": accepted,
                    "category": "E1" if accepted else None}, device="station")
            case "resume_requested":
                event = f.make(EventKind.RESUME_REQUESTED, cid, {"outage_ms": 42_000})
            case "resume_authorized":
                event = f.make(EventKind.RESUME_AUTHORIZED, cid, {"via": "station"},
                               device="station")
            case "time_added":
                event = f.make(EventKind.TIME_ADDED, cid, {"minutes": 10}, device="station")
            case "time_added_all":
                event = f.make(EventKind.TIME_ADDED, None, {"minutes": 5}, device="station")
            case "end_by_candidate":
                event = f.ended(cid)
            case "end_by_invigilator":
                event = f.ended(cid, by="invigilator")
            case "end_screen_seen":
                event = f.make(EventKind.END_SCREEN_SEEN, cid, device="station")
            case "finalise":
                event = f.make(EventKind.SESSION_FINALISED, None, device="admin")
            case _:
                raise ValueError(step)
        try:
            apply(state, event)
        except Refused:
            f.server_seq -= 1  # the server would not have sequenced it
            continue
        kept.append(event)
    return kept, state, f.now
