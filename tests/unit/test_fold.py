"""fold(): the state machine of a session, its refusals and its conflict rules."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.events import Event, EventKind
from app.domain.fold import (
    CandidateStatus,
    Refused,
    SessionState,
    apply,
    check_join,
    check_new_entry,
    fold,
    is_repeat_join,
)
from tests.helpers.events import EventFactory

TEST = [("q1", "1.1"), ("q2", "1.1"), ("q3", "1.2")]
SPARES = [("s1", "1.1")]


def started_session(f: EventFactory, cid: int = 7) -> list[Event]:
    return [f.joined(cid), f.presence(cid), f.started(cid, TEST, SPARES)]


def state_of(events: list[Event]) -> SessionState:
    result = fold(events)
    assert not result.refused, result.refused
    return result.state


def refusal(events: list[Event], last: Event) -> str:
    state = state_of(events)
    before = state.copy()
    with pytest.raises(Refused) as exc:
        apply(state, last)
    assert state == before, "a refused event must leave the state untouched"
    return exc.value.code


# -- the ordinary path ------------------------------------------------------------


def test_an_ordinary_test_from_join_to_end_screen() -> None:
    f = EventFactory()
    log = [f.joined(7)]
    assert state_of(log).candidates[7].status is CandidateStatus.JOINED
    log.append(f.presence(7))
    assert state_of(log).candidates[7].status is CandidateStatus.PRESENT
    log.append(f.started(7, TEST, SPARES))
    cand = state_of(log).candidates[7]
    assert cand.status is CandidateStatus.STARTED
    assert (cand.current_challenge, cand.position, cand.total) == ("q1", 1, 3)
    log += [f.answer(7, "q1"), f.skip(7, "q2")]
    cand = state_of(log).candidates[7]
    assert (cand.current_challenge, cand.position) == ("q3", 3)
    log += [f.answer(7, "q3", {"r1": "x"}), f.ended(7)]
    cand = state_of(log).candidates[7]
    assert cand.completed and cand.end_screen_waiting
    assert cand.status.label_fr == "Terminé"
    log.append(f.make(EventKind.END_SCREEN_SEEN, 7, device="station"))
    assert not state_of(log).candidates[7].end_screen_waiting


def test_status_labels_are_the_seeds_words() -> None:
    assert {s.label_fr for s in CandidateStatus} == {
        "Non commencé", "En cours", "Terminé", "Terminé par le surveillant"}


# -- refusals ---------------------------------------------------------------------


def test_start_without_presence_is_refused() -> None:
    f = EventFactory()
    assert refusal([f.joined(7)], f.started(7, TEST)) == "presence_not_valid"


def test_presence_older_than_15_minutes_is_refused() -> None:
    f = EventFactory()
    log = [f.joined(7), f.presence(7)]
    f.tick(minutes=15, seconds=1)
    assert refusal(log, f.started(7, TEST)) == "presence_not_valid"


def test_presence_confirmed_again_is_valid_again() -> None:
    f = EventFactory()
    log = [f.joined(7), f.presence(7)]
    f.tick(minutes=20)
    log.append(f.presence(7))
    f.tick(minutes=14)
    log.append(f.started(7, TEST))
    assert state_of(log).candidates[7].started


def test_presence_for_a_candidate_who_did_not_join_is_refused() -> None:
    f = EventFactory()
    assert refusal([f.joined(1)], f.presence(2)) == "not_joined"


def test_presence_cannot_change_after_the_start() -> None:
    f = EventFactory()
    log = started_session(f)
    assert refusal(log, f.presence(7)) == "already_started"
    cancel = f.make(EventKind.PRESENCE_CANCELLED, 7, device="station")
    assert refusal(log, cancel) == "already_started"


def test_presence_cancelled() -> None:
    f = EventFactory()
    log = [f.joined(7), f.presence(7), f.make(EventKind.PRESENCE_CANCELLED, 7, device="s")]
    assert state_of(log).candidates[7].status is CandidateStatus.JOINED
    again = f.make(EventKind.PRESENCE_CANCELLED, 7, device="s")
    assert refusal(log, again) == "not_present"


def test_answer_after_the_candidates_own_end_is_refused() -> None:
    f = EventFactory()
    log = [*started_session(f), f.ended(7, "candidate")]
    assert refusal(log, f.answer(7, "q1")) == "test_ended"


def test_answer_to_a_skipped_challenge_is_refused() -> None:
    f = EventFactory()
    log = [*started_session(f), f.skip(7, "q1")]
    assert refusal(log, f.answer(7, "q1")) == "already_skipped"


def test_second_answer_to_a_challenge_is_refused_first_wins() -> None:
    f = EventFactory()
    log = [*started_session(f), f.answer(7, "q1", 2)]
    assert refusal(log, f.answer(7, "q1", 3)) == "already_answered"


# -- a started test belongs to one PC (issue 17) -------------------------------------------


def test_a_started_test_refuses_another_pcs_answers() -> None:
    f = EventFactory()
    log = [*started_session(f), f.joined(7, device="spare-pc")]
    assert refusal(log, f.answer(7, "q1", 3, device="spare-pc")) == "not_bound_device"


def test_another_pc_may_ask_for_a_resume_and_gets_the_test_once_authorised() -> None:
    f = EventFactory()
    log = [*started_session(f), f.joined(7, device="spare-pc")]
    request = f.make(EventKind.RESUME_REQUESTED, 7, {"outage_ms": 0}, device="spare-pc")
    state = state_of([*log, request])
    assert state.candidates[7].resume_device == "spare-pc"
    authorised = f.make(EventKind.RESUME_AUTHORIZED, 7, {"via": "station"}, device="station")
    state = state_of([*log, request, authorised, f.answer(7, "q1", 3, device="spare-pc")])
    assert state.candidates[7].bound_device == "spare-pc"
    assert "q1" in state.candidates[7].answers


def test_a_kiosk_authorisation_is_only_for_the_pc_that_asked() -> None:
    f = EventFactory()
    log = [*started_session(f), f.joined(7, device="spare-pc"),
           f.make(EventKind.RESUME_REQUESTED, 7, {"outage_ms": 0}, device="spare-pc")]
    other = f.make(EventKind.RESUME_AUTHORIZED, 7, {"via": "session_password",
                                                    "request_id": "x"}, device="intruder")
    assert refusal(log, other) == "not_bound_device"


def test_answer_to_a_challenge_not_in_the_test_is_refused() -> None:
    f = EventFactory()
    assert refusal(started_session(f), f.answer(7, "zzz")) == "unknown_challenge"


def test_answer_before_the_start_is_refused() -> None:
    f = EventFactory()
    assert refusal([f.joined(7), f.presence(7)], f.answer(7, "q1")) == "not_started"


def test_test_started_twice_is_refused() -> None:
    f = EventFactory()
    assert refusal(started_session(f), f.started(7, TEST)) == "already_started"


def test_a_test_with_a_question_twice_is_refused() -> None:
    f = EventFactory()
    assert refusal([f.joined(7), f.presence(7)], f.started(7, [("a", "1.1"), ("a", "1.1")])) == (
        "bad_test")


def test_end_twice_is_refused() -> None:
    f = EventFactory()
    log = [*started_session(f), f.ended(7, "invigilator")]
    assert refusal(log, f.ended(7, "candidate")) == "test_ended"
    assert state_of(log).candidates[7].status is CandidateStatus.ENDED_BY_INVIGILATOR


def test_end_screen_seen_before_the_end_is_refused() -> None:
    f = EventFactory()
    seen = f.make(EventKind.END_SCREEN_SEEN, 7, device="station")
    assert refusal(started_session(f), seen) == "not_ended"


def test_event_of_another_session_is_refused() -> None:
    f, g = EventFactory(1), EventFactory(2)
    assert refusal([f.joined(7)], g.joined(7)) == "wrong_session"


# -- late entries -------------------------------------------------------------------


def test_entries_closed_refuse_a_late_candidate_unless_admitted() -> None:
    f = EventFactory()
    log = [f.make(EventKind.ENTRIES_CLOSED, device="station")]
    assert refusal(log, f.joined(9)) == "entries_closed"
    log.append(f.make(EventKind.LATE_ENTRY_ADMITTED, 9, device="station"))
    log += [f.joined(9), f.presence(9), f.started(9, TEST)]
    assert state_of(log).candidates[9].started


def test_entries_close_by_themselves_once_the_code_is_given() -> None:
    """Seed 000, scenario 6: a latecomer is admitted freely before the code is given, never
    once the test has started ("Lancer le test", then the code is read out)."""
    f = EventFactory()
    launched = [f.joined(7), f.make(EventKind.TEST_LAUNCHED, device="station")]
    state = state_of(launched)
    assert state.entries_closed_now
    with pytest.raises(Refused) as exc:
        check_new_entry(state, f.joined(9))
    assert exc.value.code == "entries_closed"
    with pytest.raises(Refused) as exc:
        check_new_entry(state, f.make(EventKind.LATE_ENTRY_ADMITTED, 9, device="station"))
    assert exc.value.code == "code_given"
    # A candidate who joined before the code joins again from a restarted kiosk.
    check_new_entry(state, f.joined(7, device="kiosk-2"))
    check_join(state, 7)
    # Before the code: anyone joins, and an admission (after a manual close) is accepted.
    before = state_of([f.make(EventKind.ENTRIES_CLOSED, device="station")])
    assert not before.code_given
    check_new_entry(before, f.make(EventKind.LATE_ENTRY_ADMITTED, 9, device="station"))
    # A log written before the rule (a join after the launch) still folds: history stands.
    assert 9 in state_of([*launched, f.joined(9)]).candidates


def test_presence_validity_is_the_one_the_start_carries() -> None:
    f = EventFactory()
    log = [f.joined(7), f.presence(7)]
    f.tick(minutes=20)
    assert refusal(log, f.started(7, TEST)) == "presence_not_valid"
    longer = f.make(EventKind.TEST_STARTED, 7, {
        "certification_number": 1007, "challenges": [{"id": "q1", "competence": "1.1"}],
        "presence_validity_minutes": 30}, device="server")
    assert state_of([*log, longer]).candidates[7].started


def test_a_started_candidate_may_join_again_on_a_spare_pc_after_entries_closed() -> None:
    f = EventFactory()
    log = [*started_session(f), f.make(EventKind.ENTRIES_CLOSED, device="station"),
           f.joined(7, device="spare")]
    assert state_of(log).candidates[7].device_id == "spare"


def test_a_join_the_server_records_names_the_kiosk_and_a_retry_from_it_is_a_repeat() -> None:
    f = EventFactory()
    by_server = f.make(EventKind.CANDIDATE_JOINED, 7, {"device_id": "pc-12"}, device="server")
    state = state_of([by_server])
    assert state.candidates[7].device_id == "pc-12"
    assert is_repeat_join(state, 7, "pc-12")
    assert not is_repeat_join(state, 7, "pc-13")  # a spare PC: recorded, seen by the desk
    assert not is_repeat_join(state, 8, "pc-12")  # never joined


def test_only_what_the_kiosk_records_tells_which_pc_the_candidate_is_on() -> None:
    """The station authorising a resume or ending the test is not the kiosk speaking: it
    once made a kiosk's retried join look like one from another PC (relay run, issue 10)."""
    f = EventFactory()
    log = [f.make(EventKind.CANDIDATE_JOINED, 7, {"device_id": "pc-12"}, device="server"),
           f.presence(7), f.started(7, TEST, SPARES)]
    f.tick(minutes=1)
    heard = f.now
    log.append(f.make(EventKind.RESUME_REQUESTED, 7, device="pc-12"))
    f.tick(minutes=1)
    log.append(f.make(EventKind.RESUME_AUTHORIZED, 7, device="station"))
    state = state_of(log)
    assert (state.candidates[7].device_id, state.candidates[7].last_heard) == ("pc-12", heard)
    assert is_repeat_join(state, 7, "pc-12")
    log.append(f.make(EventKind.TEST_ENDED, 7, {"by": "invigilator"}, device="station"))
    assert state_of(log).candidates[7].device_id == "pc-12"
    # On the kiosk itself, with the resume code, or the candidate ending: the kiosk.
    request = f.make(EventKind.RESUME_REQUESTED, 7, device="pc-13")
    by_code = f.make(EventKind.RESUME_AUTHORIZED, 7, {"via": "session_password",
                                                      "request_id": request.id}, device="pc-13")
    assert state_of([*log[:5], request, by_code]).candidates[7].device_id == "pc-13"
    ended = f.make(EventKind.TEST_ENDED, 7, {"by": "candidate"}, device="pc-13")
    assert state_of([*log[:5], request, by_code, ended]).candidates[7].device_id == "pc-13"


def test_a_repeated_join_still_follows_the_rule_of_joining() -> None:
    f = EventFactory()
    joined = [f.joined(7, device="pc-12")]
    closed = [*joined, f.make(EventKind.ENTRIES_CLOSED, device="station")]
    check_join(state_of(joined), 7)
    with pytest.raises(Refused) as exc:
        check_join(state_of(closed), 7)
    assert exc.value.code == "entries_closed"
    ended = [*started_session(f), f.make(EventKind.TEST_ENDED, 7, {"by": "invigilator"},
                                         device="station")]
    with pytest.raises(Refused) as exc:
        check_join(state_of(ended), 7)
    assert exc.value.code == "test_ended"


def test_test_launched_once() -> None:
    f = EventFactory()
    log = [f.make(EventKind.TEST_LAUNCHED, device="station")]
    assert state_of(log).launched_at == f.now
    assert refusal(log, f.make(EventKind.TEST_LAUNCHED, device="station")) == "already_launched"


# -- alerts ---------------------------------------------------------------------------


def alert(f: EventFactory, challenge: str, alert_id: str = "a1") -> Event:
    return f.make(EventKind.ALERT_RAISED, 7, {"alert_id": alert_id, "challenge_id": challenge})


def resolve(f: EventFactory, accepted: bool, category: str | None = "E1",
            alert_id: str = "a1") -> Event:
    return f.make(EventKind.ALERT_RESOLVED, 7,
                  {"alert_id": alert_id, "accepted": accepted, "category": category},
                  device="station")


def test_alert_pauses_the_question_until_the_invigilator_decides() -> None:
    f = EventFactory()
    log = [*started_session(f), alert(f, "q1")]
    assert state_of(log).candidates[7].paused
    assert refusal(log, f.answer(7, "q1")) == "paused"
    assert refusal(log, alert(f, "q1", "a2")) == "alert_open"


def test_validated_alert_neutralises_and_replaces_with_same_competence() -> None:
    f = EventFactory()
    log = [*started_session(f), alert(f, "q1"), resolve(f, True, "E1")]
    cand = state_of(log).candidates[7]
    assert not cand.paused
    assert cand.challenges == ["s1", "q2", "q3"]
    assert (cand.current_challenge, cand.position, cand.total) == ("s1", 1, 3)
    assert cand.neutralised == {"q1": "E1"} and cand.replaced == {"q1": "s1"}


def test_validated_alert_without_spare_neutralises_in_place() -> None:
    f = EventFactory()
    log = [*started_session(f), alert(f, "q3"), resolve(f, True, "E9")]
    cand = state_of(log).candidates[7]
    assert cand.challenges == ["q1", "q2", "q3"] and cand.is_done("q3")


def test_refused_alert_lets_the_candidate_answer_the_same_question() -> None:
    f = EventFactory()
    log = [*started_session(f), alert(f, "q1"), resolve(f, False, None), f.answer(7, "q1")]
    assert "q1" in state_of(log).candidates[7].answers


def test_validated_alert_needs_a_category_and_an_open_alert() -> None:
    f = EventFactory()
    log = [*started_session(f), alert(f, "q1")]
    assert refusal(log, resolve(f, True, None)) == "category_missing"
    assert refusal(log, resolve(f, False, None, alert_id="nope")) == "no_such_alert"


# -- conflicts between devices that were offline (decision 0002) -------------------


def test_answers_recorded_offline_before_the_kiosk_knew_of_the_end_are_kept() -> None:
    f = EventFactory(server=True)
    log = started_session(f)
    seen_before_end = f.server_seq
    log.append(f.ended(7, "invigilator"))
    late = f.answer(7, "q1", seen_seq=seen_before_end)
    log.append(late)
    cand = state_of(log).candidates[7]
    assert cand.answers["q1"].concurrent_with_end


def test_answers_recorded_after_the_kiosk_saw_the_end_are_refused() -> None:
    f = EventFactory(server=True)
    log = [*started_session(f), f.ended(7, "invigilator")]
    assert refusal(log, f.answer(7, "q1")) == "test_ended"


def test_spare_pc_and_dead_pc_merge_without_duplicates() -> None:
    f = EventFactory(server=True)
    log = [*started_session(f), f.answer(7, "q1", 1)]
    before_move = f.server_seq
    log += [f.joined(7, device="spare"),
            f.make(EventKind.RESUME_REQUESTED, 7, device="spare"),
            f.make(EventKind.RESUME_AUTHORIZED, 7, device="station"),
            f.answer(7, "q2", 2, device="spare")]
    # Recorded on the dead PC before it could know of the move: still the candidate's.
    dead_pc_late = [f.answer(7, "q2", 3, seen_seq=before_move),
                    f.answer(7, "q3", 4, seen_seq=before_move)]
    result = fold(log + dead_pc_late)
    cand = result.state.candidates[7]
    assert [e.id for e, _ in result.refused] == [dead_pc_late[0].id]
    assert cand.answers["q2"].answer == 2 and cand.answers["q3"].answer == 4
    # What the old PC records once it knew of the move is refused.
    after = f.answer(7, "q4", 1, seen_seq=f.server_seq)
    late = fold(log + dead_pc_late + [after]).refused
    assert [(e.id, r.code) for e, r in late][-1] == (after.id, "not_bound_device")


# -- time, resume, incidents ----------------------------------------------------------


def test_time_added_to_one_and_to_all() -> None:
    f = EventFactory()
    log = [*started_session(f),
           f.make(EventKind.TIME_ADDED, 7, {"minutes": 5}, device="station"),
           f.make(EventKind.TIME_ADDED, None, {"minutes": 12}, device="station")]
    state = state_of(log)
    assert state.time_added_for(7).total_seconds() == 17 * 60
    assert state.time_added_for(8).total_seconds() == 12 * 60


def test_resume_requested_then_authorised() -> None:
    f = EventFactory()
    log = [*started_session(f), f.make(EventKind.RESUME_REQUESTED, 7, {"outage_ms": 720000})]
    cand = state_of(log).candidates[7]
    assert cand.resume_pending and cand.last_outage_ms == 720000
    log.append(f.make(EventKind.RESUME_AUTHORIZED, 7, {"via": "session_password"}))
    assert not state_of(log).candidates[7].resume_pending


def test_incident_on_a_question_needs_its_number() -> None:
    f = EventFactory()
    log = started_session(f)
    e8 = {"incident_id": "i1", "category": "E8", "question_number": 2, "description": "x"}
    log.append(f.make(EventKind.INCIDENT_REPORTED, 7, e8, device="station"))
    assert state_of(log).candidates[7].incidents[0].category == "E8"
    no_number = f.make(EventKind.INCIDENT_REPORTED, 7, {"incident_id": "i2", "category": "E1"},
                       device="station")
    assert refusal(log, no_number) == "question_number_missing"
    too_far = f.make(EventKind.INCIDENT_REPORTED, 7,
                     {"incident_id": "i3", "category": "E1", "question_number": 4},
                     device="station")
    assert refusal(log, too_far) == "bad_question_number"
    again = f.make(EventKind.INCIDENT_REPORTED, 7, e8, device="station")
    assert refusal(log, again) == "duplicate_incident"


def test_focus_lost_is_counted() -> None:
    f = EventFactory()
    lost = f.make(EventKind.FOCUS_LOST, 7, {"challenge_id": "q1", "focus_challenge": True})
    log = [*started_session(f), lost]
    assert state_of(log).candidates[7].focus_lost == {"q1": 1}


# -- after the session --------------------------------------------------------------


def finalise(f: EventFactory, **payload: object) -> Event:
    return f.make(EventKind.SESSION_FINALISED, payload=payload, device="admin")


def test_finalisation_needs_a_started_test_and_abandonment_reasons() -> None:
    f = EventFactory()
    assert refusal([f.joined(7)], finalise(f)) == "nothing_started"
    log = started_session(f)
    assert refusal(log, finalise(f)) == "abandonment_missing"
    log.append(f.make(EventKind.ABANDONMENT_RECORDED, 7, {"reason": "candidate"}, device="a"))
    log.append(finalise(f, comment="Coupure de courant de 12 minutes."))
    state = state_of(log)
    assert state.finalised and state.finalisation["comment"].startswith("Coupure")


def test_after_finalisation_the_session_is_read_only_except_for_the_jury() -> None:
    f = EventFactory()
    log = [*started_session(f), f.answer(7, "q1"), f.answer(7, "q2"), f.answer(7, "q3"),
           f.ended(7), finalise(f)]
    assert refusal(log, f.make(EventKind.TIME_ADDED, 7, {"minutes": 3}, device="s")) == (
        "session_finalised")
    assert refusal(log, f.make(EventKind.ABANDONMENT_RECORDED, 7, {"reason": "technical"},
                               device="a")) == "session_finalised"
    log += [f.make(EventKind.QUESTION_NEUTRALISED, 7, {"challenge_id": "q2"}, device="jury"),
            f.make(EventKind.RESULTS_PUBLISHED, device="jury")]
    state = state_of(log)
    assert state.published and state.candidates[7].jury_neutralised == {"q2"}
    cancel = f.make(EventKind.CERTIFICATION_CANCELLED, 7, device="jury")
    assert refusal(log, cancel) == "already_published"
    assert refusal(log, finalise(f)) == "session_finalised"


def test_jury_cannot_act_before_finalisation() -> None:
    f = EventFactory()
    cancel = f.make(EventKind.CERTIFICATION_CANCELLED, 7, device="jury")
    assert refusal(started_session(f), cancel) == "not_finalised"
    assert refusal(started_session(f), f.make(EventKind.RESULTS_PUBLISHED, device="j")) == (
        "not_finalised")


def test_abandonment_of_a_completed_test_is_refused() -> None:
    f = EventFactory()
    log = [*started_session(f), f.answer(7, "q1"), f.answer(7, "q2"), f.skip(7, "q3")]
    reason = f.make(EventKind.ABANDONMENT_RECORDED, 7, {"reason": "technical"}, device="a")
    assert refusal(log, reason) == "completed"


def test_fold_of_nothing_needs_a_state() -> None:
    with pytest.raises(ValueError):
        fold([])
    assert fold([], SessionState(3)).state.session_id == 3


# -- properties: idempotence ----------------------------------------------------------


def random_session(seed: int) -> list[Event]:
    """A plausible session of three candidates with answers, alerts and ends."""
    rng = random.Random(seed)
    f = EventFactory(server=True)
    log: list[Event] = []
    for cid in (1, 2, 3):
        log += [f.joined(cid), f.presence(cid), f.started(cid, TEST, SPARES)]
    for _ in range(rng.randint(0, 12)):
        cid = rng.choice((1, 2, 3))
        challenge = rng.choice(["q1", "q2", "q3", "s1"])
        choice = rng.random()
        if choice < 0.5:
            log.append(f.answer(cid, challenge, rng.randint(1, 4)))
        elif choice < 0.7:
            log.append(f.skip(cid, challenge))
        elif choice < 0.8:
            log.append(f.make(EventKind.ALERT_RAISED, cid,
                              {"alert_id": f"a{len(log)}", "challenge_id": challenge}))
        elif choice < 0.9:
            log.append(f.ended(cid, rng.choice(["candidate", "invigilator"])))
        else:
            log.append(f.make(EventKind.TIME_ADDED, None, {"minutes": 5}, device="s"))
    return log


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10_000), dup_seed=st.integers(0, 10_000))
def test_duplicated_events_and_refolding_give_the_same_state(seed: int, dup_seed: int) -> None:
    log = random_session(seed)
    once = fold(log)
    rng = random.Random(dup_seed)
    duplicated = list(log)
    for event in rng.sample(log, k=min(len(log), 5)):
        duplicated.insert(rng.randint(duplicated.index(event), len(duplicated)), event)
    assert fold(duplicated).state == once.state
    assert fold(log, once.state.copy()).state == once.state
    assert {e.id for e, _ in fold(duplicated).refused} == {e.id for e, _ in once.refused}


def test_a_shown_record_arriving_after_its_answer_is_kept_without_effect() -> None:
    """A late delivery through the room relay (decision 0004, section 6): kept, not
    refused; a question not in the test is still refused."""
    f = EventFactory()
    log = [*started_session(f), f.answer(7, "q1", 2), f.skip(7, "q2")]
    before = state_of(log)
    for challenge in ("q1", "q2"):
        late = f.make(EventKind.CHALLENGE_SHOWN, 7, {"challenge_id": challenge})
        after = state_of([*log, late])
        assert after.candidates[7].answers == before.candidates[7].answers
        assert challenge in after.candidates[7].shown
    assert refusal(log, f.make(EventKind.CHALLENGE_SHOWN, 7, {"challenge_id": "zzz"})) == (
        "unknown_challenge")


def test_time_added_to_a_candidate_is_bounded_in_all() -> None:
    """Issue 17: five times 240 minutes is no outage; own and session-wide time count."""
    f = EventFactory()
    log = [*started_session(f), f.make(EventKind.TIME_ADDED, 7, {"minutes": 200},
                                       device="station")]
    assert refusal(log, f.make(EventKind.TIME_ADDED, None, {"minutes": 41},
                               device="station")) == "time_added_limit"
    assert refusal(log, f.make(EventKind.TIME_ADDED, 7, {"minutes": 41},
                               device="station")) == "time_added_limit"
    state_of([*log, f.make(EventKind.TIME_ADDED, None, {"minutes": 40}, device="station")])
