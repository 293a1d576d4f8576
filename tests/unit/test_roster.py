"""The invigilator's list rules (app/domain/roster.py): attention and its order, the
offline rule, flags, counters. The agreement of the server's view and the station's rows
is in tests/server/test_roster_agreement.py."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.domain.clocks import OUTAGE_THRESHOLD
from app.domain.fold import SessionState
from app.domain.roster import (
    ABSENT,
    OFFLINE_AFTER,
    Attention,
    Person,
    count,
    entry,
    ordered,
)
from tests.helpers.events import STORY_STEPS, T0, story

ADA = Person(1, "Lovelace", "Ada", date(2010, 5, 4))


def _entry(*steps: str, person: Person = ADA, later: timedelta = timedelta(),
           heard: tuple[object, ...] = ()):  # type: ignore[no-untyped-def]
    _events, state, now = story(list(steps))
    return entry(person, state, now + later, heard=heard)  # type: ignore[arg-type]


def test_the_offline_threshold_is_the_outage_threshold() -> None:
    assert OFFLINE_AFTER == OUTAGE_THRESHOLD


def test_an_enrolled_candidate_who_has_not_joined_is_absent_and_needs_nothing() -> None:
    row = entry(ADA, SessionState(session_id=1), T0)
    assert row.status == ABSENT and row.status_label == "Non commencé"
    assert row.attention is Attention.NONE and not row.joined and row.flags_fr() == []


def test_a_joined_certifiable_candidate_awaits_the_presence_check() -> None:
    row = _entry("join")
    assert row.awaiting_presence and row.attention is Attention.PRESENCE
    assert row.flags_fr() == ["Présence à confirmer"]
    assert _entry("join", person=Person(1, "Lovelace", "Ada", date(2010, 5, 4),
                                        certifiable=False)).attention is Attention.NONE
    assert _entry("join", "presence").attention is Attention.NONE


def test_a_latecomer_admitted_before_joining_is_not_awaiting_a_presence_check() -> None:
    """Found by the property below: the station ranked such a row PRESENCE (sorted up)
    while no flag said why; nobody is at a kiosk yet."""
    row = _entry("late_admitted")
    assert not row.joined and not row.awaiting_presence
    assert row.attention is Attention.NONE and row.flags_fr() == ["Retardataire admis"]


def test_a_silent_kiosk_is_offline_only_while_its_test_runs() -> None:
    running = _entry("join", "presence", "start", "shown")
    assert not running.offline
    silent = _entry("join", "presence", "start", "shown", later=OFFLINE_AFTER + timedelta(
        seconds=1))
    assert silent.offline and silent.attention is Attention.OFFLINE
    assert silent.flags_fr()[0].startswith("Silencieux depuis")
    at_threshold = _entry("join", "presence", "start", "shown", later=OFFLINE_AFTER)
    assert not at_threshold.offline
    # a heartbeat the server recorded keeps it online
    beat = running.last_heard
    assert beat is not None
    kept = _entry("join", "presence", "start", "shown", later=OFFLINE_AFTER * 2,
                  heard=(beat + OFFLINE_AFTER * 2,))
    assert not kept.offline
    waiting = _entry("join", later=timedelta(hours=1))
    assert not waiting.offline  # waiting for the presence check: not a silence


def test_the_attention_order_alert_resume_end_screen_offline_overtime_presence() -> None:
    alert = _entry("join", "presence", "start", "alert")
    resume = _entry("join", "presence", "start", "resume_requested")
    end_screen = _entry("join", "presence", "start", "end_by_invigilator")
    overtime = _entry("join", "presence", "start", "shown", later=timedelta(hours=3),
                      heard=(T0 + timedelta(hours=5),))
    presence = _entry("join")
    assert [r.attention for r in (alert, resume, end_screen, overtime, presence)] == [
        Attention.ALERT, Attention.RESUME, Attention.END_SCREEN, Attention.OVERTIME,
        Attention.PRESENCE]
    assert overtime.overtime and overtime.remaining_s is not None and overtime.remaining_s < 0


def test_the_list_puts_attention_first_then_names_without_case_or_accents() -> None:
    state = SessionState(session_id=1)
    people = [Person(1, "Zola", "Émile", date(2010, 1, 1)),
              Person(2, "éluard", "Paul", date(2010, 1, 1)),
              Person(3, "Eluard", "Nusch", date(2010, 1, 1))]
    rows = [entry(p, state, T0) for p in people]
    _events, joined, now = story(["join"], cid=1)
    rows[0] = entry(people[0], joined, now)  # Zola awaits the presence check
    assert [r.candidate_id for r in ordered(rows)] == [1, 3, 2]


@given(st.lists(st.sampled_from(STORY_STEPS), max_size=30),
       st.integers(min_value=0, max_value=4 * 3600))
def test_counters_and_flags_follow_the_entry(steps: list[str], later_s: int) -> None:
    _events, state, now = story(steps)
    row = entry(ADA, state, now + timedelta(seconds=later_s))
    counters = count([row, entry(Person(2, "B", "B", date(2010, 1, 1)), state, now)])
    assert counters.total == 2
    assert counters.present == int(row.presence_valid or row.started)
    assert counters.started == int(row.running) and counters.finished == int(row.ended)
    assert not (row.running and row.ended)
    flags = row.flags_fr()
    assert row.needs_attention == (row.attention is not Attention.NONE)
    if row.paused:
        assert flags[0] == "Signalement à traiter" and row.attention is Attention.ALERT
    if row.offline:
        assert row.running and any(f.startswith("Silencieux") for f in flags)
    if row.awaiting_presence:
        assert "Présence à confirmer" in flags


def test_a_resume_asked_from_another_pc_names_that_pc() -> None:
    """Issue 17: the station sees who asks to take over a started test, and from where."""
    from app.domain.events import EventKind
    from app.domain.fold import fold as fold_events
    from tests.helpers.events import EventFactory

    f = EventFactory()
    log = [f.joined(7), f.presence(7),
           f.started(7, [("q1", "1.1"), ("q2", "1.2")], []),
           f.make(EventKind.CANDIDATE_JOINED, 7,
                  {"device_id": "pc-x", "device_name": "SALLE208-PC12"}, device="server"),
           f.make(EventKind.RESUME_REQUESTED, 7, device="pc-x")]
    state = fold_events(log).state
    row = entry(Person(7, "Lovelace", "Ada", date(2010, 5, 4), 0.0), state, f.now)
    assert row.resume_elsewhere == "SALLE208-PC12"
    assert row.flags_fr()[0] == "Reprise demandée sur un autre poste (SALLE208-PC12)"
    same_pc = fold_events([*log[:3], f.make(EventKind.RESUME_REQUESTED, 7)]).state
    row = entry(Person(7, "Lovelace", "Ada", date(2010, 5, 4), 0.0), same_pc, f.now)
    assert row.flags_fr()[0] == "Reprise demandée"
