"""The question the kiosk shows: which one, since when, its countdown, its focus debounce.

Why apart from `ExamRunner` (app/services/exam.py): the runner does the I/O (store,
network, Qt timers); this keeps what a question on screen must remember between two
events, with no I/O and no Qt:
- a new question resets its countdown, the "time is up" notice and the focus debounce;
  the same question shown again (paused by an alert, unpaused) keeps them;
- a timed question's countdown pauses while an alert is open, and after a power cut
  goes on where the last durable heartbeat left it (`resume_at`), not from the start;
- the answer records how long the question was shown (its countdown's running time for
  a timed one, since it was shown otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.domain import kiosk_flow as flow
from app.domain.clocks import ChallengeCountdown, Clock
from app.domain.fold import CandidateState
from app.domain.kiosk_flow import QuestionNotice, QuestionView
from app.services.exam_package import TestPackage

FOCUS_DEBOUNCE_MS = 1000
"""Focus losses within this long of the previous one on the same question count once."""


@dataclass(frozen=True, slots=True)
class Shown:
    """What `QuestionOnScreen.show` found: the view, whether the question is new, and
    the notice due to the candidate (after an alert was decided), if any."""

    view: QuestionView
    new: bool
    notice: QuestionNotice | None


class QuestionOnScreen:
    """The kiosk's current question and its time; `clock` is the runner's (injected)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self.view: QuestionView | None = None
        self.countdown: ChallengeCountdown | None = None
        self._shown_id: str | None = None
        self._shown_at_ms = 0
        self._last_focus_ms = -FOCUS_DEBOUNCE_MS
        self._time_up_told = False
        self._warning = False
        self._cand_paused = False
        self._resume_elapsed: tuple[str | None, int | None] = (None, None)

    def resume_at(self, challenge_id: str | None, elapsed_ms: int | None) -> None:
        """After a restart: the question the last heartbeat was on, and its countdown's
        running time then; used once, when that question is shown again."""
        self._resume_elapsed = (challenge_id, elapsed_ms)

    def show(self, cand: CandidateState, package: TestPackage) -> Shown:
        """The candidate's current question as the screen must show it now."""
        cid = cand.current_challenge
        assert cid is not None
        challenge = package.challenges[cid]
        new = cid != self._shown_id
        notice = flow.question_notice(
            previous_id=self._shown_id,
            previous_paused=bool(self.view and self.view.paused),
            current_id=cid,
            paused=cand.paused,
            last_alert_accepted=bool(cand.alerts and cand.alerts[-1].accepted),
        )
        if new:
            self._shown_id = cid
            self._shown_at_ms = self._clock.monotonic_ms()
            self._last_focus_ms = -FOCUS_DEBOUNCE_MS  # debounce within one question only
            self._time_up_told = False
            self.countdown = None
            elapsed = 0
            if challenge.timer:
                beat_cid, beat_elapsed = self._resume_elapsed
                if beat_cid == cid and beat_elapsed:
                    elapsed = beat_elapsed
            self._warning = flow.timed_warning_due(timer_s=challenge.timer, begun=False,
                                                   elapsed_ms=elapsed)
            if challenge.timer:
                self.countdown = ChallengeCountdown(challenge.timer, self._clock,
                                                    elapsed_ms=elapsed, paused=True)
            self._resume_elapsed = (None, None)
        self._cand_paused = cand.paused
        self._run_countdown()
        image = package.file(cid, "image")
        attachment = package.file(cid, "attachment")
        self.view = QuestionView(
            challenge=challenge,
            position=cand.position,
            total=cand.total,
            certification_number=cand.certification_number or package.certification_number,
            paused=cand.paused,
            extra_time=package.extra_time > 0,
            image=image.data if image else None,
            attachment_name=attachment.name if attachment else None,
            warning=self._warning,
        )
        return Shown(self.view, new, notice)

    def begin(self) -> QuestionView | None:
        """"Commencer" on a timed question's warning: its countdown starts now. Returns
        the view to show, or None when there was no warning to leave."""
        if self.view is None or not self._warning:
            return None
        self._warning = False
        self._run_countdown()
        self.view = replace(self.view, warning=False)
        return self.view

    @property
    def warning(self) -> bool:
        """The question shown is a timed one on its warning (not begun)."""
        return self.view is not None and self._warning

    def _run_countdown(self) -> None:
        """The countdown runs unless an alert is open or the question is not begun."""
        if self.countdown is None:
            return
        if self._cand_paused or self._warning:
            self.countdown.pause()
        else:
            self.countdown.resume()

    def clear(self) -> None:
        """The end screen: no question, no countdown (the last one stays known)."""
        self.countdown = None
        self.view = None

    def forget(self) -> None:
        """The candidate's data is wiped: the next candidate starts afresh."""
        self.clear()
        self._shown_id = None

    @property
    def remaining_ms(self) -> int:
        """Milliseconds left on a timed question; -1 when untimed or none."""
        return -1 if self.countdown is None else self.countdown.remaining_ms

    @property
    def elapsed_ms(self) -> int:
        """How long the question has been answered on: what the answer records."""
        if self.countdown is not None:
            return self.countdown.elapsed_ms
        return max(0, self._clock.monotonic_ms() - self._shown_at_ms)

    @property
    def timed_out(self) -> bool:
        return bool(self.countdown and self.countdown.expired)

    def time_up_due(self, remaining_ms: int) -> bool:
        """True once, when a timed question's countdown reaches 0: say it once."""
        if self.countdown is None or self._time_up_told or remaining_ms != 0:
            return False
        self._time_up_told = True
        return True

    def focus_loss_counts(self) -> bool:
        """A focus loss now counts (records an event), or falls within the debounce."""
        now = self._clock.monotonic_ms()
        if now - self._last_focus_ms < FOCUS_DEBOUNCE_MS:
            return False
        self._last_focus_ms = now
        return True
