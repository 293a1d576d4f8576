"""The question on the kiosk's screen (app/services/exam_screen.py): its countdown through
an alert and a power cut, "time is up" said once, the focus debounce, the notices."""

from __future__ import annotations

from app.domain.content import Challenge, ChallengeType
from app.domain.fold import SessionState
from app.domain.kiosk_flow import QuestionNotice
from app.services import exam_package as pkg
from app.services.exam_screen import FOCUS_DEBOUNCE_MS, QuestionOnScreen
from tests.helpers.clock import FakeClock
from tests.helpers.events import STORY_SPARES, STORY_TEST, story


def _package() -> pkg.TestPackage:
    timers = {"q1": 60, "s1": None}
    return pkg.TestPackage(
        certification_number=1001,
        challenges={
            cid: Challenge(id=cid, competence=comp, level=1, skill="", type=ChallengeType.QCU,
                           instruction=cid, proposals=("a", "b"), timer=timers.get(cid))
            for cid, comp in [*STORY_TEST, *STORY_SPARES]
        },
        extra_time=0.0, accessibility=False, resume_verifier="", test_started_event={},
    )


def _candidate(*steps: str) -> SessionState:
    return story(["join", "presence", "start", *steps])[1]


def test_a_timed_question_counts_down_pauses_with_an_alert_and_says_time_up_once() -> None:
    clock, package = FakeClock(), _package()
    screen = QuestionOnScreen(clock)
    shown = screen.show(_candidate().candidates[1], package)
    assert shown.new and shown.view.challenge.id == "q1" and shown.notice is None
    assert screen.remaining_ms == 60_000
    assert screen.begin() is not None
    clock.advance(20_000)
    paused = screen.show(_candidate("alert").candidates[1], package)
    assert not paused.new and paused.view.paused
    clock.advance(30_000)  # the alert waits: the countdown does not move
    assert screen.remaining_ms == 40_000
    refused = screen.show(_candidate("alert", "refuse_alert").candidates[1], package)
    assert refused.notice is QuestionNotice.REFUSED and not refused.view.paused
    clock.advance(40_000)
    assert screen.remaining_ms == 0 and screen.timed_out and screen.elapsed_ms == 60_000
    assert screen.time_up_due(0) and not screen.time_up_due(0)


def test_a_validated_alert_brings_the_spare_with_a_fresh_countdown_and_a_notice() -> None:
    clock, package = FakeClock(), _package()
    screen = QuestionOnScreen(clock)
    screen.show(_candidate("alert").candidates[1], package)
    replaced = screen.show(_candidate("alert", "accept_alert").candidates[1], package)
    assert replaced.new and replaced.view.challenge.id == "s1"
    assert replaced.notice is QuestionNotice.REPLACED
    assert screen.countdown is None and screen.remaining_ms == -1  # s1 is untimed
    clock.advance(1_500)
    assert screen.elapsed_ms == 1_500


def test_after_a_power_cut_the_countdown_goes_on_where_the_last_heartbeat_left_it() -> None:
    clock, package = FakeClock(), _package()
    screen = QuestionOnScreen(clock)
    screen.resume_at("q1", 45_000)
    shown = screen.show(_candidate().candidates[1], package)
    assert screen.remaining_ms == 15_000
    assert not shown.view.warning  # it had begun: no warning again, the clock runs
    clock.advance(1_000)
    assert screen.remaining_ms == 14_000
    screen.forget()
    screen.show(_candidate().candidates[1], package)  # used once only
    assert screen.remaining_ms == 60_000


def test_a_timed_question_opens_on_its_warning_and_counts_from_commencer() -> None:
    clock, package = FakeClock(), _package()
    screen = QuestionOnScreen(clock)
    shown = screen.show(_candidate().candidates[1], package)
    assert shown.view.warning and screen.warning
    clock.advance(30_000)  # the pupil reads the warning: no time is charged
    assert screen.remaining_ms == 60_000
    again = screen.show(_candidate().candidates[1], package)  # a pull re-shows it
    assert again.view.warning and not again.new
    begun = screen.begin()
    assert begun is not None and not begun.warning
    assert screen.view is not None and not screen.view.warning and not screen.warning
    assert screen.begin() is None  # only once
    clock.advance(10_000)
    assert screen.remaining_ms == 50_000 and screen.elapsed_ms == 10_000
    assert not screen.show(_candidate().candidates[1], package).view.warning


def test_a_power_cut_on_the_warning_shows_the_warning_again_with_the_whole_time() -> None:
    clock, package = FakeClock(), _package()
    screen = QuestionOnScreen(clock)
    screen.resume_at("q1", 0)  # the last heartbeat was on the warning
    shown = screen.show(_candidate().candidates[1], package)
    assert shown.view.warning and screen.remaining_ms == 60_000


def test_an_untimed_question_has_no_warning() -> None:
    clock, package = FakeClock(), _package()
    screen = QuestionOnScreen(clock)
    screen.show(_candidate("alert").candidates[1], package)
    shown = screen.show(_candidate("alert", "accept_alert").candidates[1], package)
    assert not shown.view.warning and screen.begin() is None


def test_focus_losses_within_the_debounce_count_once_per_question() -> None:
    clock, package = FakeClock(), _package()
    screen = QuestionOnScreen(clock)
    screen.show(_candidate().candidates[1], package)
    assert screen.focus_loss_counts()
    clock.advance(FOCUS_DEBOUNCE_MS - 1)
    assert not screen.focus_loss_counts()
    clock.advance(1)
    assert screen.focus_loss_counts()
    screen.show(_candidate("answer").candidates[1], package)  # a new question: counts again
    assert screen.focus_loss_counts()
