"""Build realistic event streams without repeating envelopes in every test."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from app.domain.events import Event, EventKind, new_event

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
