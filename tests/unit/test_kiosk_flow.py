"""The kiosk's screen flow (app/domain/kiosk_flow.py): which screen shows, from the fold
and the kiosk's own facts. Examples for each rule, then hypothesis over whole days."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.kiosk_flow import (
    EndView,
    JoinForm,
    JoinProblem,
    KioskFacts,
    Phase,
    Presence,
    QuestionNotice,
    Step,
    after_wipe,
    back_home,
    end_view,
    question_notice,
    react,
    read_join_form,
    screen_after_confirm,
    screen_at_start,
    timed_warning_due,
)
from tests.helpers.events import STORY_STEPS, story

phases = st.sampled_from(list(Phase))
facts = st.builds(
    KioskFacts,
    phase=phases,
    joined=st.booleans(),
    finalised=st.booleans(),
    known=st.booleans(),
    presence=st.sampled_from(list(Presence)),
    started=st.booleans(),
    ended=st.booleans(),
    ended_by=st.sampled_from([None, "candidate", "invigilator", "max_duration"]),
    completed=st.booleans(),
    paused=st.booleans(),
    resume_pending=st.booleans(),
    end_screen_seen=st.booleans(),
    package_open=st.booleans(),
)


# -- examples, one per rule ------------------------------------------------------------


def test_a_kiosk_with_nobody_joined_starts_on_join_and_nothing_moves_it() -> None:
    assert screen_at_start(KioskFacts(Phase.STARTING, joined=False)) is Phase.JOIN
    assert react(KioskFacts(Phase.JOIN, joined=False, finalised=True)) is None


def test_after_a_crash_a_running_test_asks_for_the_access_code_again() -> None:
    running = KioskFacts(Phase.STARTING, known=True, started=True)
    assert screen_at_start(running) is Phase.RESUME
    assert screen_at_start(KioskFacts(Phase.STARTING, known=True)) is Phase.WAITING
    assert screen_at_start(KioskFacts(Phase.STARTING, started=True, ended=True)) is Phase.WAITING
    assert screen_at_start(KioskFacts(Phase.STARTING, started=True, finalised=True)) is (
        Phase.WAITING)
    # RESUME stays until the code is typed, whatever is pulled meanwhile
    assert react(KioskFacts(Phase.RESUME, known=True, started=True, package_open=True)) is None


def test_confirming_the_identity() -> None:
    assert screen_after_confirm(confirmed=False, started_elsewhere=True) is Phase.JOIN
    assert screen_after_confirm(confirmed=True, started_elsewhere=False) is Phase.WAITING
    assert screen_after_confirm(confirmed=True, started_elsewhere=True) is Phase.ACCESS_CODE


def test_presence_moves_waiting_to_the_access_code_and_a_cancellation_moves_it_back() -> None:
    confirmed = KioskFacts(Phase.WAITING, known=True, presence=Presence.CONFIRMED)
    assert react(confirmed) == Step(Phase.ACCESS_CODE)
    cancelled = KioskFacts(Phase.ACCESS_CODE, known=True, presence=Presence.NONE)
    assert react(cancelled) == Step(Phase.WAITING)
    # not yet in the kiosk's fold (its join not pulled): keep the code screen
    assert react(KioskFacts(Phase.ACCESS_CODE, known=False)) is None


def test_a_presence_the_server_found_stale_keeps_the_candidate_waiting() -> None:
    assert react(KioskFacts(Phase.WAITING, known=True, presence=Presence.STALE)) is None
    assert react(KioskFacts(Phase.ACCESS_CODE, known=True, presence=Presence.STALE)) is None


def test_the_questions_need_the_content_open_and_the_resume_authorised() -> None:
    base = dict(known=True, started=True, presence=Presence.CONFIRMED)
    assert react(KioskFacts(Phase.ACCESS_CODE, **base)) is None  # type: ignore[arg-type]
    assert react(KioskFacts(Phase.ACCESS_CODE, package_open=True, **base)) == (  # type: ignore[arg-type]
        Step(Phase.QUESTION))
    waiting = KioskFacts(Phase.RESUME_WAIT, package_open=True, resume_pending=True,
                         **base)  # type: ignore[arg-type]
    assert react(waiting) is None
    authorised = KioskFacts(Phase.RESUME_WAIT, package_open=True, **base)  # type: ignore[arg-type]
    assert react(authorised) == Step(Phase.QUESTION)


def test_a_paused_question_stays_the_question_screen() -> None:
    paused = KioskFacts(Phase.QUESTION, known=True, started=True, paused=True, package_open=True)
    assert react(paused) == Step(Phase.QUESTION)


def test_the_last_answer_records_the_end_then_shows_it() -> None:
    done = KioskFacts(Phase.QUESTION, known=True, started=True, completed=True, package_open=True)
    assert react(done) == Step(Phase.END, record_end=True)


@pytest.mark.parametrize("phase", list(Phase))
def test_an_ended_test_or_a_finalised_session_shows_the_end_from_any_screen(phase: Phase) -> None:
    assert react(KioskFacts(phase, known=True, started=True, ended=True)) == Step(Phase.END)
    assert react(KioskFacts(phase, finalised=True)) == Step(Phase.END)


def test_which_end_screen() -> None:
    assert end_view(KioskFacts(Phase.END, finalised=True)) == EndView("session_finalised", True)
    assert end_view(KioskFacts(Phase.END, ended_by="invigilator")) == EndView("invigilator", False)
    assert end_view(KioskFacts(Phase.END, ended_by=None, end_screen_seen=True)) == (
        EndView("candidate", True))


def test_after_the_wipe_and_back_home() -> None:
    assert after_wipe(finalised=False) == (Phase.JOIN, None)
    assert after_wipe(finalised=True) == (Phase.END, EndView("session_finalised", True))
    assert back_home(Phase.END, joined=False) is Phase.JOIN
    assert back_home(Phase.END, joined=True) is Phase.END
    assert back_home(Phase.QUESTION, joined=False) is Phase.QUESTION


def test_what_the_candidate_is_told_when_a_paused_question_changes() -> None:
    def told(previous: str | None, was_paused: bool, now: str, paused: bool,
             accepted: bool) -> QuestionNotice | None:
        return question_notice(previous_id=previous, previous_paused=was_paused,
                               current_id=now, paused=paused, last_alert_accepted=accepted)

    assert told("q1", True, "q2", False, True) is QuestionNotice.REPLACED
    assert told("q1", True, "q1", False, False) is QuestionNotice.REFUSED
    assert told("q1", True, "q1", True, False) is None  # still waiting for the invigilator
    assert told("q1", False, "q2", False, True) is None  # an answer, not a replacement
    assert told(None, True, "q1", False, True) is None  # the first question shown


def test_the_join_form() -> None:
    assert read_join_form(" 12 ", " Ada ", "Lovelace", "4", "5", "2010") == JoinForm(
        12, "Ada", "Lovelace", date(2010, 5, 4))
    assert read_join_form("12", "Ada", "", "4", "5", "2010") is JoinProblem.MISSING
    assert read_join_form("12a", "Ada", "L", "4", "5", "2010") is JoinProblem.BAD_NUMBER
    assert read_join_form("0", "Ada", "L", "4", "5", "2010") is JoinProblem.BAD_NUMBER
    assert read_join_form("12", "Ada", "L", "31", "2", "2010") is JoinProblem.BAD_DATE


# -- properties ------------------------------------------------------------------------


@given(facts)
def test_the_question_screen_only_for_a_running_test_with_its_content_open(f: KioskFacts) -> None:
    step = react(f)
    if step is not None and step.phase is Phase.QUESTION:
        assert f.joined and f.started and not f.ended and not f.finalised and f.package_open
        assert not f.completed and f.phase is not Phase.RESUME
        assert not (f.phase is Phase.RESUME_WAIT and f.resume_pending)


@given(facts)
def test_the_end_is_recorded_only_when_every_question_is_done(f: KioskFacts) -> None:
    step = react(f)
    if step is not None and step.record_end:
        assert step.phase is Phase.END and f.completed and f.started and not f.ended
        assert not f.finalised


@given(facts)
def test_before_the_start_the_kiosk_only_moves_between_waiting_and_the_code(
    f: KioskFacts,
) -> None:
    step = react(f)
    if f.joined and not f.started and not f.ended and not f.finalised and step is not None:
        assert {f.phase, step.phase} == {Phase.WAITING, Phase.ACCESS_CODE}
        if step.phase is Phase.ACCESS_CODE:
            assert f.presence is Presence.CONFIRMED


@given(facts)
def test_react_is_settled_once_it_has_moved(f: KioskFacts) -> None:
    """Reacting again to the same facts on the new screen moves nowhere else (the end
    screen re-shows itself: its variant may have changed)."""
    step = react(f)
    if step is None or step.record_end:
        return
    again = react(KioskFacts(**{**_as_dict(f), "phase": step.phase}))
    assert again is None or again.phase is step.phase


@given(st.lists(st.sampled_from(STORY_STEPS), max_size=30), phases)
def test_over_whole_days_the_facts_of_the_fold_lead_to_a_consistent_screen(
    steps: list[str], phase: Phase,
) -> None:
    _events, state, _now = story(steps)
    cand = state.candidates.get(1)
    f = KioskFacts.of(phase, cand, finalised=state.finalised, package_open=True)
    step = react(f)
    if cand is not None and (cand.ended or state.finalised):
        assert step == Step(Phase.END)
        view = end_view(f)
        assert view.seen == (state.finalised or cand.end_screen_seen)
    if step is not None and step.phase is Phase.QUESTION:
        assert cand is not None and cand.current_challenge is not None
    if cand is not None and cand.completed and not cand.ended and not state.finalised and (
            phase not in (Phase.RESUME, Phase.RESUME_WAIT)):
        assert step == Step(Phase.END, record_end=True)


@given(*[st.text(max_size=6)] * 6)
def test_any_typed_join_form_is_read_or_refused_never_raises(
    number: str, first: str, last: str, day: str, month: str, year: str
) -> None:
    result = read_join_form(number, first, last, day, month, year)
    if isinstance(result, JoinForm):
        assert result.session_number > 0 and result.first_name == first.strip()


def test_a_superscript_digit_in_the_session_number_is_refused_not_a_crash() -> None:
    """"²" passes str.isdigit() but int() refuses it: the kiosk said "Un problème
    inattendu" instead of the number's own message (str.isdecimal() matches int())."""
    assert read_join_form("1²", "Ada", "L", "4", "5", "2010") is JoinProblem.BAD_NUMBER


def _as_dict(f: KioskFacts) -> dict[str, object]:
    return {name: getattr(f, name) for name in KioskFacts.__slots__}


def test_a_timed_question_is_announced_until_begun_and_not_again_once_its_clock_ran() -> None:
    assert timed_warning_due(timer_s=60, begun=False, elapsed_ms=0)
    assert not timed_warning_due(timer_s=60, begun=True, elapsed_ms=0)
    assert not timed_warning_due(timer_s=60, begun=False, elapsed_ms=12_000)  # power cut
    assert not timed_warning_due(timer_s=None, begun=False, elapsed_ms=0)


@given(st.one_of(st.none(), st.integers(0, 3600)), st.booleans(), st.integers(0, 10**7))
def test_the_warning_only_ever_precedes_a_countdown_that_has_not_run(
    timer: int | None, begun: bool, elapsed: int
) -> None:
    if timed_warning_due(timer_s=timer, begun=begun, elapsed_ms=elapsed):
        assert timer and not begun and elapsed == 0
