"""The invigilator's list of candidates: one rule set for the station and the server.

Why one module (issue 21, "one home per contract"): the station builds its rows from its
own fold (services/desk_rows.py) and the server answers `GET /api/invigilator/candidates`
from its fold (server/invigilator_service.py). Both used to carry a copy of the rules,
and the copies had drifted: the server never counted a candidate waiting for the presence
check as needing attention, and kept its own 30 s "offline" constant. Here: what needs
the invigilator and in which order, when a kiosk counts as silent, the flags in words,
and the header's counters. Pure functions of the fold, the enrolled person and `now`.

Why an attention order (SPEC "Invigilator"): 20-40 candidates and one pair of eyes. An
alert waiting, a resume request, an end screen to look at, a silent kiosk, a candidate
running over, then a candidate waiting for the presence check; everyone else after, in
alphabetical order as the seeds' list. Nothing relies on colour: every flag has its text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import IntEnum
from typing import TypeVar

from app.domain.clocks import OUTAGE_THRESHOLD, is_overtime, theoretical_end
from app.domain.fold import CandidateState, CandidateStatus, SessionState
from app.domain.marks import QT_TRANSLATE_NOOP, Phrase

OFFLINE_AFTER = OUTAGE_THRESHOLD
"""A running test whose kiosk has been silent longer than this is shown as offline: the
same threshold as an outage offered as time to add back (a kiosk beats every 5 s)."""

E = TypeVar("E", bound="RosterEntry")

ABSENT = "absent"
"""The status of an enrolled candidate who has not joined on any kiosk."""


class Attention(IntEnum):
    """Why a row needs the invigilator, most urgent first (lower sorts first)."""

    ALERT = 1
    RESUME = 2
    END_SCREEN = 3
    OFFLINE = 4
    OVERTIME = 5
    PRESENCE = 6
    NONE = 9


@dataclass(frozen=True, slots=True)
class Person:
    """A candidate as enrolled: who they are, and what the centre set for them."""

    candidate_id: int
    last_name: str
    first_name: str
    birthdate: date
    extra_time: float = 0.0
    certifiable: bool = True


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One candidate of the invigilator's list at `now`. Equal entries need no repaint."""

    candidate_id: int
    last_name: str
    first_name: str
    birthdate: date
    extra_time: float
    certifiable: bool
    joined: bool
    status: str
    """CandidateStatus value, or ABSENT for an enrolled candidate who has not joined."""
    status_label: str
    presence_valid: bool
    late_admitted: bool
    started_at: datetime | None
    theoretical_end: datetime | None
    remaining_s: int | None
    """Whole seconds left until the theoretical end; negative once over; None if not running."""
    position: int
    total: int
    time_added_min: int
    last_heard: datetime | None
    heard_age_s: int | None
    alert_id: str | None
    alert_challenge: str | None
    resume_pending: bool
    outage_ms: int
    end_screen_waiting: bool
    end_screen_seen: bool
    focus_lost: int
    offline: bool
    overtime: bool
    awaiting_presence: bool
    """Joined on a kiosk, certifiable, the presence not yet confirmed."""
    attention: Attention
    resume_elsewhere: str = ""
    """A resume asked from a PC the test did not start on: that PC's name (issue 17)."""

    @property
    def needs_attention(self) -> bool:
        return self.attention is not Attention.NONE

    @property
    def paused(self) -> bool:
        return self.alert_id is not None

    @property
    def started(self) -> bool:
        return self.started_at is not None

    @property
    def running(self) -> bool:
        return self.status == CandidateStatus.STARTED.value

    @property
    def ended(self) -> bool:
        return self.status in (CandidateStatus.ENDED.value,
                               CandidateStatus.ENDED_BY_INVIGILATOR.value)

    @property
    def name(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"

    def sort_key(self) -> tuple[int, str, str, int]:
        """Attention first, then alphabetical (as the seeds' list)."""
        return (int(self.attention), fold_text(self.last_name), fold_text(self.first_name),
                self.candidate_id)

    def flags_fr(self) -> list[str]:
        """The live flags in words, most urgent first (SPEC: nothing by colour alone)."""
        flags: list[str] = []
        if self.alert_id is not None:
            flags.append(QT_TRANSLATE_NOOP("Domain", "Signalement à traiter"))
        if self.resume_pending and self.resume_elsewhere:
            flags.append(Phrase.of(QT_TRANSLATE_NOOP(
                "Domain", "Reprise demandée sur un autre poste ({pc})"), pc=self.resume_elsewhere))
        elif self.resume_pending:
            flags.append(QT_TRANSLATE_NOOP("Domain", "Reprise demandée"))
        if self.end_screen_waiting:
            flags.append(QT_TRANSLATE_NOOP("Domain", "Écran de fin à voir"))
        if self.offline and self.heard_age_s is not None:
            flags.append(Phrase.of(QT_TRANSLATE_NOOP("Domain", "Silencieux depuis {age}"),
                                   age=age_fr(self.heard_age_s)))
        if self.overtime:
            flags.append(QT_TRANSLATE_NOOP("Domain", "Temps dépassé"))
        if self.joined and not self.started and not self.presence_valid:
            flags.append(QT_TRANSLATE_NOOP("Domain", "Présence à confirmer"))
        if not self.certifiable:
            flags.append(QT_TRANSLATE_NOOP("Domain", "Non certifiable"))
        if self.focus_lost:
            flags.append(Phrase.of(QT_TRANSLATE_NOOP("Domain", "Sortie de la fenêtre ×{count}"),
                                   count=self.focus_lost))
        if self.late_admitted and not self.started:
            flags.append(QT_TRANSLATE_NOOP("Domain", "Retardataire admis"))
        return flags


def entry(
    person: Person,
    session: SessionState,
    now: datetime,
    *,
    heard: Iterable[datetime | None] = (),
) -> RosterEntry:
    """The list entry of one enrolled candidate at `now`.

    Last heard is the latest of the fold's (the kiosk's events) and `heard`, what else
    reports the kiosk alive (the server's record of its heartbeats). A running test whose
    kiosk has been silent longer than OFFLINE_AFTER is offline.
    """
    cs: CandidateState | None = session.candidates.get(person.candidate_id)
    added = session.time_added_for(person.candidate_id)
    times = [t for t in (cs.last_heard if cs else None, *heard) if t is not None]
    last_heard = max(times) if times else None
    started_at = cs.started_at if cs else None
    extra = cs.extra_time if cs and cs.started else person.extra_time
    end = remaining_s = None
    running = bool(cs and cs.started and not cs.ended)
    overtime = False
    if started_at is not None:
        end = theoretical_end(started_at, extra, added)
        if running:
            remaining_s = int((end - now).total_seconds())
            overtime = is_overtime(started_at, extra, added, now)
    offline = running and last_heard is not None and now - last_heard > OFFLINE_AFTER
    alert = cs.open_alert if cs else None
    status = cs.status if cs else None
    joined = bool(cs and cs.joined_at is not None)
    # Joined, not merely admitted late: an admission before the join is no one at a kiosk.
    awaiting = joined and status is CandidateStatus.JOINED and person.certifiable
    return RosterEntry(
        candidate_id=person.candidate_id,
        last_name=person.last_name,
        first_name=person.first_name,
        birthdate=person.birthdate,
        extra_time=extra,
        certifiable=person.certifiable,
        joined=joined,
        status=status.value if status else ABSENT,
        status_label=status.label_fr if status else QT_TRANSLATE_NOOP("Domain", "Non commencé"),
        presence_valid=bool(cs and cs.presence_valid_at(now, session.presence_validity)),
        late_admitted=bool(cs and cs.late_admitted),
        started_at=started_at,
        theoretical_end=end,
        remaining_s=remaining_s,
        position=cs.position if cs and cs.started else 0,
        total=cs.total if cs else 0,
        time_added_min=int(added / timedelta(minutes=1)),
        last_heard=last_heard,
        heard_age_s=int((now - last_heard).total_seconds()) if last_heard else None,
        alert_id=alert.alert_id if alert else None,
        alert_challenge=alert.challenge_id if alert else None,
        resume_pending=bool(cs and cs.resume_pending),
        outage_ms=cs.last_outage_ms if cs else 0,
        end_screen_waiting=bool(cs and cs.end_screen_waiting),
        end_screen_seen=bool(cs and cs.end_screen_seen),
        focus_lost=sum(cs.focus_lost.values()) if cs else 0,
        offline=offline,
        overtime=overtime,
        awaiting_presence=awaiting,
        attention=attention(
            alert=alert is not None,
            resume=bool(cs and cs.resume_pending),
            end_screen=bool(cs and cs.end_screen_waiting),
            offline=offline,
            overtime=overtime,
            awaiting_presence=awaiting,
        ),
        resume_elsewhere=_resume_elsewhere(cs),
    )


def _resume_elsewhere(cs: CandidateState | None) -> str:
    """The name of the PC a pending resume was asked from, when not the test's own PC."""
    if cs is None or not cs.resume_pending or cs.resume_device is None:
        return ""
    if cs.bound_device is None or cs.resume_device == cs.bound_device:
        return ""
    return cs.device_names.get(cs.resume_device) or cs.resume_device


def attention(
    *, alert: bool, resume: bool, end_screen: bool, offline: bool, overtime: bool,
    awaiting_presence: bool,
) -> Attention:
    """The most urgent reason among those that hold, or NONE."""
    for flag, rank in (
        (alert, Attention.ALERT),
        (resume, Attention.RESUME),
        (end_screen, Attention.END_SCREEN),
        (offline, Attention.OFFLINE),
        (overtime, Attention.OVERTIME),
        (awaiting_presence, Attention.PRESENCE),
    ):
        if flag:
            return rank
    return Attention.NONE


def ordered(entries: Iterable[E]) -> list[E]:
    """Those needing attention first, most urgent first, then alphabetical."""
    return sorted(entries, key=RosterEntry.sort_key)


@dataclass(frozen=True, slots=True)
class Counters:
    """The header's counters (SPEC): present, started, finished, total."""

    present: int
    started: int
    finished: int
    total: int


def count(entries: Iterable[RosterEntry]) -> Counters:
    """present: presence confirmed or test started; started: running; finished: ended."""
    rows = list(entries)
    return Counters(
        present=sum(1 for r in rows if r.presence_valid or r.started),
        started=sum(1 for r in rows if r.running),
        finished=sum(1 for r in rows if r.ended),
        total=len(rows),
    )


def fold_text(text: str) -> str:
    """Case- and accent-insensitive form for search and sorting ("Éloïse" ~ "eloise")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def age_fr(seconds: int) -> str:
    """"12 s", "3 min", "1 h 05": short enough for a table cell."""
    if seconds < 60:
        return f"{max(seconds, 0)}\u00a0s"
    if seconds < 3600:
        return f"{seconds // 60}\u00a0min"
    return f"{seconds // 3600}\u00a0h\u00a0{seconds % 3600 // 60:02d}"
