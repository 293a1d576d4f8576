"""The state of a session and of each candidate in it: what `fold` computes.

The types only (statuses, answers, alerts, incidents, a candidate's and a session's state)
and the refusal `apply` raises; the transitions, event by event, are in
`app/domain/fold.py`, which re-exports everything here.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from app.domain.marks import QT_TRANSLATE_NOOP

PRESENCE_VALIDITY = timedelta(minutes=15)
"""A presence confirmation is valid 15 minutes, then must be given again (Pix); the server's
`presence_validity_minutes` setting changes it, carried by each TestStarted it records."""


class Refused(Exception):
    """An impossible transition. `code` is stable (API, tests); `reason` is for logs."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason


class CandidateStatus(StrEnum):
    """The four statuses the invigilator sees (seed 001), plus waiting before the start."""

    JOINED = "joined"
    PRESENT = "present"
    STARTED = "started"
    ENDED = "ended"
    ENDED_BY_INVIGILATOR = "ended_by_invigilator"

    @property
    def label_fr(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    CandidateStatus.JOINED: QT_TRANSLATE_NOOP("Domain", "Non commencé"),
    CandidateStatus.PRESENT: QT_TRANSLATE_NOOP("Domain", "Non commencé"),
    CandidateStatus.STARTED: QT_TRANSLATE_NOOP("Domain", "En cours"),
    CandidateStatus.ENDED: QT_TRANSLATE_NOOP("Domain", "Terminé"),
    CandidateStatus.ENDED_BY_INVIGILATOR: QT_TRANSLATE_NOOP("Domain", "Terminé par le surveillant"),
}


@dataclass(slots=True)
class RecordedAnswer:
    challenge_id: str
    answer: Any
    timed_out: bool
    focused_out: bool
    event_id: str
    concurrent_with_end: bool = False
    """Recorded offline before the kiosk could know the invigilator had ended the test."""


@dataclass(slots=True)
class Alert:
    alert_id: str
    challenge_id: str
    accepted: bool | None = None
    category: str | None = None


@dataclass(slots=True)
class Incident:
    incident_id: str
    category: str
    question_number: int | None
    description: str


@dataclass(slots=True)
class CandidateState:
    candidate_id: int
    joined_at: datetime | None = None
    device_id: str | None = None
    """The kiosk the candidate was last seen on (a spare PC replaces it)."""
    last_heard: datetime | None = None
    presence_at: datetime | None = None
    late_admitted: bool = False
    started_at: datetime | None = None
    certification_number: int | None = None
    extra_time: float = 0.0
    accessibility: bool = False
    challenges: list[str] = field(default_factory=list)
    """The test in order; a question neutralised on an alert is replaced in place."""
    competence_of: dict[str, str] = field(default_factory=dict)
    spares: dict[str, list[str]] = field(default_factory=dict)
    replaced: dict[str, str] = field(default_factory=dict)
    """Neutralised challenge id -> its replacement."""
    neutralised: dict[str, str] = field(default_factory=dict)
    """Challenge id -> E category, for questions neutralised during the test."""
    answers: dict[str, RecordedAnswer] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    shown: set[str] = field(default_factory=set)
    focus_lost: dict[str, int] = field(default_factory=dict)
    alerts: list[Alert] = field(default_factory=list)
    resume_pending: bool = False
    last_outage_ms: int = 0
    bound_device: str | None = None
    """The PC the started test belongs to: the one it started on, or the one a resume
    was authorised for (issue 17). Another PC's events are refused, but a resume request."""
    released: dict[str, int] = field(default_factory=dict)
    """A PC the test moved away from -> the server_seq of the move: what it recorded
    before it could know of the move (seen_seq below) is still its candidate's."""
    resume_device: str | None = None
    resume_request_id: str | None = None
    device_names: dict[str, str] = field(default_factory=dict)
    """Device id -> the PC's name given at the join (the station shows it)."""
    device_keys: dict[str, str] = field(default_factory=dict)
    """Device id -> the Ed25519 public key registered with its first keyed join: that
    device's events for this candidate must be signed by it (app/domain/event_signing)."""
    time_added: timedelta = timedelta()
    ended_by: str | None = None
    ended_at: datetime | None = None
    ended_seq: int | None = None
    end_screen_seen: bool = False
    incidents: list[Incident] = field(default_factory=list)
    abandonment: str | None = None
    jury_neutralised: set[str] = field(default_factory=set)
    cancelled: bool = False

    # -- derived -------------------------------------------------------------------

    @property
    def status(self) -> CandidateStatus:
        if self.ended_by == "invigilator":
            return CandidateStatus.ENDED_BY_INVIGILATOR
        if self.ended_by is not None:
            return CandidateStatus.ENDED
        if self.started_at is not None:
            return CandidateStatus.STARTED
        if self.presence_at is not None:
            return CandidateStatus.PRESENT
        return CandidateStatus.JOINED

    @property
    def started(self) -> bool:
        return self.started_at is not None

    @property
    def ended(self) -> bool:
        return self.ended_by is not None

    def is_done(self, challenge_id: str) -> bool:
        return (
            challenge_id in self.answers
            or challenge_id in self.skipped
            or challenge_id in self.neutralised
        )

    @property
    def current_challenge(self) -> str | None:
        """The first question of the test not yet answered, skipped or neutralised."""
        return next((c for c in self.challenges if not self.is_done(c)), None)

    @property
    def position(self) -> int:
        """1-based number of the current question ("Question N / total")."""
        current = self.current_challenge
        return len(self.challenges) if current is None else self.challenges.index(current) + 1

    @property
    def total(self) -> int:
        return len(self.challenges)

    @property
    def completed(self) -> bool:
        """Every question answered, skipped or neutralised: the candidate reached the end."""
        return self.started and self.current_challenge is None

    @property
    def open_alert(self) -> Alert | None:
        return next((a for a in self.alerts if a.accepted is None), None)

    @property
    def paused(self) -> bool:
        return self.open_alert is not None

    @property
    def end_screen_waiting(self) -> bool:
        return self.ended and not self.end_screen_seen

    def presence_valid_at(self, when: datetime, validity: timedelta = PRESENCE_VALIDITY) -> bool:
        return self.presence_at is not None and when - self.presence_at <= validity


@dataclass(slots=True)
class SessionState:
    session_id: int
    launched_at: datetime | None = None
    entries_closed: bool = False
    presence_validity: timedelta = PRESENCE_VALIDITY
    """How long a presence stays valid for the devices' screens and the server's checks
    before a start (the server's setting); the fold of a TestStarted uses its own figure."""
    time_added_all: timedelta = timedelta()
    finalised: bool = False
    finalisation: dict[str, Any] = field(default_factory=dict)
    published: bool = False
    candidates: dict[int, CandidateState] = field(default_factory=dict)
    applied: set[str] = field(default_factory=set)
    last_server_seq: int = 0

    def candidate(self, candidate_id: int) -> CandidateState:
        try:
            return self.candidates[candidate_id]
        except KeyError:
            raise Refused("not_joined", f"candidate {candidate_id} has not joined") from None

    @property
    def code_given(self) -> bool:
        """The access code was given: the invigilator pressed "Lancer le test", then reads
        the code out (scenario 1).

        From then on entries are closed by themselves and no latecomer may be admitted
        (seed 000: "une fois le test démarré, aucun élève retardataire ne pourra être
        accepté"); before it the centre admits a latecomer freely. A candidate starting
        does not close them: candidates start one by one while others still join when the
        station never launched (the simulator's room).
        """
        return self.launched_at is not None

    @property
    def entries_closed_now(self) -> bool:
        """Closed by the invigilator's "Clore les entrées" or by the code being given."""
        return self.entries_closed or self.code_given

    def time_added_for(self, candidate_id: int) -> timedelta:
        own = self.candidates.get(candidate_id)
        return self.time_added_all + (own.time_added if own else timedelta())

    def copy(self) -> SessionState:
        return copy.deepcopy(self)
