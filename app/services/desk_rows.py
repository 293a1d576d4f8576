"""One row of the invigilator's candidate list, computed from the fold, the enrolled list
and the kiosks' liveness. Pure functions, no Qt: tested fast, reused by tools.

Why a row model of its own: the invigilator has 20-40 candidates and one pair of eyes
(SPEC "Invigilator"). Each row says in words what needs doing (the flags), and
`attention_rank` puts those who need the invigilator first: an alert waiting, a resume
request, an end screen to look at, a silent kiosk, a candidate running over, then
candidates waiting for their presence to be confirmed. Nothing relies on colour: every
flag has its text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import IntEnum

from app.domain.clocks import OUTAGE_THRESHOLD, is_overtime, theoretical_end
from app.domain.fold import CandidateState, CandidateStatus, SessionState
from app.services.invigilator_api import EnrolledCandidate


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
class CandidateRow:
    """Everything the station shows of one candidate. Equal rows need no repaint."""

    candidate_id: int
    last_name: str
    first_name: str
    birthdate: date
    extra_time: float
    certifiable: bool
    joined: bool
    status: str
    """CandidateStatus value, or "absent" for an enrolled candidate who has not joined."""
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
    unsent: int
    """Own actions about this candidate not yet acknowledged by the server."""
    attention: Attention

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
            flags.append("Signalement à traiter")
        if self.resume_pending:
            flags.append("Reprise demandée")
        if self.end_screen_waiting:
            flags.append("Écran de fin à voir")
        if self.offline and self.heard_age_s is not None:
            flags.append(f"Silencieux depuis {age_fr(self.heard_age_s)}")
        if self.overtime:
            flags.append("Temps dépassé")
        if self.joined and not self.started and not self.presence_valid:
            flags.append("Présence à confirmer")
        if not self.certifiable:
            flags.append("Non certifiable")
        if self.focus_lost:
            flags.append(f"Sortie de la fenêtre ×{self.focus_lost}")
        if self.late_admitted and not self.started:
            flags.append("Retardataire admis")
        if self.unsent:
            flags.append("Action en attente d'envoi")
        return flags


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


def build_row(
    enrolled: EnrolledCandidate,
    session: SessionState,
    now: datetime,
    *,
    server_last_heard: datetime | None = None,
    unsent: int = 0,
) -> CandidateRow:
    """The row of one enrolled candidate at `now`.

    last heard = the latest of what the station's fold saw (kiosk events) and what the
    server reports (kiosk events and heartbeats). A running test whose kiosk has been
    silent longer than OUTAGE_THRESHOLD is flagged offline.
    """
    cs: CandidateState | None = session.candidates.get(enrolled.candidate_id)
    added = session.time_added_for(enrolled.candidate_id)
    heard = [t for t in (cs.last_heard if cs else None, server_last_heard,
                         enrolled.last_heard) if t is not None]
    last_heard = max(heard) if heard else None
    age = int((now - last_heard).total_seconds()) if last_heard else None
    started_at = cs.started_at if cs else None
    extra = cs.extra_time if cs and cs.started else enrolled.extra_time
    end = remaining_s = None
    running = bool(cs and cs.started and not cs.ended)
    overtime = False
    if cs is not None and started_at is not None:
        end = theoretical_end(started_at, extra, added)
        if running:
            remaining_s = int((end - now).total_seconds())
            overtime = is_overtime(started_at, extra, added, now)
    offline = running and age is not None and age > OUTAGE_THRESHOLD.total_seconds()
    alert = cs.open_alert if cs else None
    status = cs.status if cs else None
    row_attention = _attention(
        alert=alert is not None,
        resume=bool(cs and cs.resume_pending),
        end_screen=bool(cs and cs.end_screen_waiting),
        offline=offline,
        overtime=overtime,
        awaiting_presence=bool(cs and status is CandidateStatus.JOINED and enrolled.certifiable),
    )
    return CandidateRow(
        candidate_id=enrolled.candidate_id,
        last_name=enrolled.last_name,
        first_name=enrolled.first_name,
        birthdate=enrolled.birthdate,
        extra_time=extra,
        certifiable=enrolled.certifiable,
        joined=bool(cs and cs.joined_at is not None),
        status=status.value if status else "absent",
        status_label=status.label_fr if status else "Non commencé",
        presence_valid=bool(cs and cs.presence_valid_at(now)),
        late_admitted=bool(cs and cs.late_admitted),
        started_at=started_at,
        theoretical_end=end,
        remaining_s=remaining_s,
        position=cs.position if cs and cs.started else 0,
        total=cs.total if cs else 0,
        time_added_min=int(added / timedelta(minutes=1)),
        last_heard=last_heard,
        heard_age_s=age,
        alert_id=alert.alert_id if alert else None,
        alert_challenge=alert.challenge_id if alert else None,
        resume_pending=bool(cs and cs.resume_pending),
        outage_ms=cs.last_outage_ms if cs else 0,
        end_screen_waiting=bool(cs and cs.end_screen_waiting),
        end_screen_seen=bool(cs and cs.end_screen_seen),
        focus_lost=sum(cs.focus_lost.values()) if cs else 0,
        offline=offline,
        overtime=overtime,
        unsent=unsent,
        attention=row_attention,
    )


def _attention(
    *, alert: bool, resume: bool, end_screen: bool, offline: bool, overtime: bool,
    awaiting_presence: bool,
) -> Attention:
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


@dataclass(frozen=True, slots=True)
class Counters:
    """The header's counters (SPEC): present, started, finished, total."""

    present: int
    started: int
    finished: int
    total: int


def count(rows: list[CandidateRow]) -> Counters:
    """present: presence confirmed or test started; started: running; finished: ended."""
    return Counters(
        present=sum(1 for r in rows if r.presence_valid or r.started),
        started=sum(1 for r in rows if r.running),
        finished=sum(1 for r in rows if r.ended),
        total=len(rows),
    )


def matches(row: CandidateRow, query: str) -> bool:
    """Search: every word of the query in the name, ignoring case and accents."""
    words = fold_text(query).split()
    haystack = fold_text(f"{row.last_name} {row.first_name}")
    return all(w in haystack for w in words)
