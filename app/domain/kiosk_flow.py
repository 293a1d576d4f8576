"""Which screen the candidate's kiosk shows: pure functions of the fold and the kiosk's facts.

Why pure (issue 21): the kiosk's screen flow used to be spread through `ExamRunner`, next
to the store writes, HTTP calls and timers, so the only way to test "what shows after a
refused presence, a pause, a power cut, a finalised session" was a kiosk against a live
server. Here each decision is a function of what the kiosk knows (`KioskFacts`: the
candidate's folded state, whether a candidate is joined on this PC, whether the test
content is open, the screen shown now) and returns the screen to show; `ExamRunner`
(app/services/exam.py) reads the facts, calls these functions and performs the effects
(append an event, show a question, start a wipe).

The screens (SPEC "Screens"), one main action each: join, confirm the identity, wait for
the invigilator's presence check, type the access code, the questions, the end screen,
and after a crash or on a spare PC: type the access code again (resume), then wait for the
invigilator's authorisation (resume wait).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from app.domain.content import Challenge
from app.domain.fold import CandidateState
from app.domain.kiosk_phase import JoinProblem as JoinProblem
from app.domain.kiosk_phase import Phase as Phase
from app.domain.kiosk_phase import QuestionNotice as QuestionNotice
from app.domain.shuffle import ProposalOrder, proposal_order


@dataclass(frozen=True, slots=True)
class QuestionView:
    """What the question screen shows; built by the runner, read by the view."""

    challenge: Challenge
    position: int
    total: int
    certification_number: int
    paused: bool
    extra_time: bool
    image: bytes | None
    attachment_name: str | None
    warning: bool = False
    """A timed question not begun yet: the screen shows "Cette question est chronométrée",
    its time and "Commencer" instead of the question (`timed_warning_due`)."""

    @property
    def timer_s(self) -> int | None:
        return self.challenge.timer

    @property
    def order(self) -> ProposalOrder:
        """This candidate's order of the proposals (QCU/QCM; empty otherwise), the same on
        every kiosk and after every restart: a pure function of the certification number."""
        return proposal_order(self.certification_number, self.challenge)

    @property
    def proposals(self) -> tuple[str, ...]:
        """The proposals in the order this candidate sees them."""
        return self.order.show(self.challenge.proposals)

    def to_bank(self, answer: int | list[int] | dict[str, str]) -> int | list[int] | dict[str, str]:
        """An answer given in shown positions, in the bank's numbering (what is recorded,
        checked, scored and exported: no one after the kiosk sees the shuffled order)."""
        if isinstance(answer, dict) or not self.challenge.proposals:
            return answer
        order = self.order
        if isinstance(answer, list):
            return sorted(order.to_bank(position) for position in answer)
        return order.to_bank(answer)


@dataclass(frozen=True, slots=True)
class EndView:
    """Which end screen: `by` is the TestEnded reason or "session_finalised"."""

    by: str
    seen: bool


class Presence(Enum):
    """The invigilator's presence check as this kiosk may use it."""

    NONE = "none"
    """Not confirmed, or cancelled by the invigilator."""
    CONFIRMED = "confirmed"
    STALE = "stale"
    """Confirmed, but the server refused the start with it (more than 15 minutes old):
    the kiosk waits for a new confirmation instead of asking for the code again."""


@dataclass(frozen=True, slots=True)
class KioskFacts:
    """Everything a screen decision depends on, already read (no I/O, no clock)."""

    phase: Phase
    """The screen shown now."""
    joined: bool = True
    """A candidate is joined and confirmed on this kiosk."""
    finalised: bool = False
    known: bool = False
    """The kiosk's fold knows the candidate (its join may not be pulled yet)."""
    presence: Presence = Presence.NONE
    started: bool = False
    ended: bool = False
    ended_by: str | None = None
    completed: bool = False
    """Every question answered, skipped or neutralised."""
    paused: bool = False
    """An alert is open: the question is paused until the invigilator decides."""
    resume_pending: bool = False
    end_screen_seen: bool = False
    package_open: bool = False
    """The test content is decrypted in memory (after the access code)."""

    @classmethod
    def of(
        cls,
        phase: Phase,
        cand: CandidateState | None,
        *,
        joined: bool = True,
        finalised: bool = False,
        package_open: bool = False,
        stale_presence: object = None,
    ) -> KioskFacts:
        """The facts from the fold's candidate and the kiosk's own state."""
        if cand is None:
            return cls(phase, joined=joined, finalised=finalised, package_open=package_open)
        if cand.presence_at is None:
            presence = Presence.NONE
        elif cand.presence_at == stale_presence:
            presence = Presence.STALE
        else:
            presence = Presence.CONFIRMED
        return cls(
            phase,
            joined=joined,
            finalised=finalised,
            known=True,
            presence=presence,
            started=cand.started,
            ended=cand.ended,
            ended_by=cand.ended_by,
            completed=cand.completed,
            paused=cand.paused,
            resume_pending=cand.resume_pending,
            end_screen_seen=cand.end_screen_seen,
            package_open=package_open,
        )


@dataclass(frozen=True, slots=True)
class Step:
    """The screen to move to, and what the runner must do to get there.

    `record_end`: the candidate answered the last question; the runner appends
    TestEnded (by the candidate) before it shows the end screen.
    """

    phase: Phase
    record_end: bool = False


def screen_at_start(facts: KioskFacts) -> Phase:
    """The first screen after the kiosk starts (or restarts after a crash or power cut).

    A test that was running here needs the access code again before anything shows
    (it also unlocks the content, sealed at rest): RESUME. Otherwise the kiosk waits on the
    presence screen and `react` moves it on from there.
    """
    if not facts.joined:
        return Phase.JOIN
    if facts.started and not facts.ended and not facts.finalised:
        return Phase.RESUME
    return Phase.WAITING


def screen_after_confirm(*, confirmed: bool, started_elsewhere: bool) -> Phase:
    """After "C'est bien moi" (or "Ce n'est pas moi": back to join).

    A test already started on another PC (a dead PC, a spare one) asks for the access
    code at once: the invigilator's authorisation follows it.
    """
    if not confirmed:
        return Phase.JOIN
    return Phase.ACCESS_CODE if started_elsewhere else Phase.WAITING


def react(facts: KioskFacts) -> Step | None:
    """The screen the state calls for, after the kiosk's own event or a pulled one;
    None: the screen shown stays as it is.

    - finalised session or ended test: the end screen;
    - not started: the access code once the presence is confirmed (and not the stale
      one), back to waiting if the invigilator cancels it;
    - started: nothing until the content is open (RESUME stays until the code is typed)
      and the invigilator has authorised a requested resume; then the current question,
      or the end once every question is done.
    """
    if not facts.joined:
        return None
    if facts.finalised or facts.ended:
        return Step(Phase.END)
    if not facts.started:
        if facts.phase is Phase.WAITING and facts.presence is Presence.CONFIRMED:
            return Step(Phase.ACCESS_CODE)
        if facts.phase is Phase.ACCESS_CODE and facts.known and facts.presence is Presence.NONE:
            return Step(Phase.WAITING)
        return None
    if facts.phase is Phase.RESUME or not facts.package_open:
        return None
    if facts.phase is Phase.RESUME_WAIT and facts.resume_pending:
        return None
    if facts.completed:
        return Step(Phase.END, record_end=True)
    return Step(Phase.QUESTION)


def end_view(facts: KioskFacts) -> EndView:
    """Which end screen, and whether the invigilator has seen it (then the kiosk wipes)."""
    if facts.finalised:
        return EndView(by="session_finalised", seen=True)
    return EndView(by=facts.ended_by or "candidate", seen=facts.end_screen_seen)


def after_wipe(*, finalised: bool) -> tuple[Phase, EndView | None]:
    """Once the candidate's data is wiped: the next candidate's join screen, or, for a
    finalised session, its end screen (nobody can join it any more)."""
    if finalised:
        return Phase.END, EndView(by="session_finalised", seen=True)
    return Phase.JOIN, None


def back_home(phase: Phase, *, joined: bool) -> Phase:
    """"Retour à l'accueil" on an end screen whose candidate is already wiped."""
    return Phase.JOIN if phase is Phase.END and not joined else phase


def timed_warning_due(*, timer_s: int | None, begun: bool, elapsed_ms: int) -> bool:
    """Whether a question opens on its warning screen ("Cette question est chronométrée",
    its time, "Commencer") rather than on the question itself.

    Only a timed question, and only until the candidate has begun it: its countdown runs
    from "Commencer", so a pupil never finds a clock already running on a question they
    have not read. After a power cut the SPEC's timer rule holds: a question whose
    countdown had already run (the last durable heartbeat's `elapsed_ms` > 0) reopens where
    it stood, with no warning; one left on its warning (nothing elapsed) shows it again.
    """
    return bool(timer_s) and not begun and elapsed_ms <= 0


def question_notice(
    *,
    previous_id: str | None,
    previous_paused: bool,
    current_id: str,
    paused: bool,
    last_alert_accepted: bool,
) -> QuestionNotice | None:
    """The notice due when the question screen is shown again after a pause, if any."""
    if not previous_paused or previous_id is None:
        return None
    if current_id != previous_id:
        return QuestionNotice.REPLACED if last_alert_accepted else None
    return None if paused else QuestionNotice.REFUSED


@dataclass(frozen=True, slots=True)
class JoinForm:
    """The join screen's fields, checked: what the kiosk sends to the server."""

    session_number: int
    first_name: str
    last_name: str
    birthdate: date


def read_join_form(
    number: str, first: str, last: str, day: str, month: str, year: str
) -> JoinForm | JoinProblem:
    """The join form as typed, or the first problem with it (shown in French)."""
    if not all(f.strip() for f in (number, first, last, day, month, year)):
        return JoinProblem.MISSING
    if not number.strip().isdecimal() or int(number) <= 0:
        return JoinProblem.BAD_NUMBER
    try:
        born = date(int(year), int(month), int(day))
    except ValueError:
        return JoinProblem.BAD_DATE
    return JoinForm(int(number), first.strip(), last.strip(), born)
