"""fold(events) -> the state of a session and of each candidate in it.

One pure function used by the kiosk, the invigilator station and the server alike
(ARCHITECTURE "The event log is the single source of truth"). After a crash a device
rebuilds its state by folding its log; the server checks each pushed event by applying it
to the current state.

`apply` checks an event against the state and then mutates the state, or raises
`Refused` and leaves the state untouched. Applying an event whose id was already applied
is a no-op, so folding the same events twice, or a duplicated event, gives the same state.

Conflicts between devices that were offline are settled as docs/decisions/
0002-offline-conflicts.md decides: first answer in server order wins; answers a kiosk
recorded before it could know that the invigilator had ended the test are kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from app.domain import events as ev
from app.domain.binding import may_record
from app.domain.events import Event, EventKind
from app.domain.session_state import (
    PRESENCE_VALIDITY,
    Alert,
    CandidateState,
    CandidateStatus,
    Incident,
    RecordedAnswer,
    Refused,
    SessionState,
)

__all__ = [
    "PRESENCE_VALIDITY",
    "Alert",
    "CandidateState",
    "CandidateStatus",
    "FoldResult",
    "Incident",
    "RecordedAnswer",
    "Refused",
    "SessionState",
    "apply",
    "check_join",
    "check_new_entry",
    "fold",
    "is_repeat_join",
]


@dataclass(slots=True)
class FoldResult:
    state: SessionState
    refused: list[tuple[Event, Refused]]


def fold(events: Iterable[Event], state: SessionState | None = None) -> FoldResult:
    """Apply events in the given order; refused ones are collected, not fatal."""
    refused: list[tuple[Event, Refused]] = []
    for event in events:
        if state is None:
            state = SessionState(session_id=event.session_id)
        try:
            apply(state, event)
        except Refused as exc:
            refused.append((event, exc))
    if state is None:
        raise ValueError("fold() of no events needs an initial state")
    return FoldResult(state, refused)


def apply(state: SessionState, event: Event) -> None:
    """Check `event` against `state`, then record it; raise Refused and change nothing."""
    if event.session_id != state.session_id:
        raise Refused("wrong_session", f"event of session {event.session_id}")
    if event.id in state.applied:
        return
    payload = event.typed_payload()
    handler = _HANDLERS[event.kind]
    if state.finalised and event.kind not in _AFTER_FINALISATION:
        raise Refused("session_finalised", "the session is finalised")
    kiosk = _kiosk_of(event, payload)
    cand = state.candidates.get(event.candidate_id) if event.candidate_id else None
    if kiosk is not None and not may_record(cand, event, payload, kiosk):
        raise Refused(
            "not_bound_device", "this test belongs to another PC: a resume must be authorised first"
        )
    handler(state, event, payload)
    state.applied.add(event.id)
    if event.server_seq is not None:
        state.last_server_seq = max(state.last_server_seq, event.server_seq)
    if kiosk is not None and event.candidate_id is not None:
        cand = state.candidates.get(event.candidate_id)
        if cand is not None:
            cand.device_id = kiosk
            cand.last_heard = event.time
            if cand.started and cand.bound_device is None:
                cand.bound_device = kiosk


def _kiosk_of(event: Event, payload: Any) -> str | None:
    """The kiosk an event was recorded on (or, for a join the server records, for).

    None when the station or the server recorded it: the invigilator ending a test or
    authorising a resume says nothing of which PC the candidate is on, nor that it is
    still alive (a station's ResumeAuthorized once made a kiosk's retried join look like
    a join from another PC, and recorded it again).
    """
    if event.kind not in _KIOSK_KINDS:
        return None
    if isinstance(payload, ev.CandidateJoined):
        return payload.device_id or event.device_id
    if isinstance(payload, ev.ResumeAuthorized) and payload.via == "station":
        return None
    if isinstance(payload, ev.TestEnded) and payload.by != "candidate":
        return None
    return event.device_id


_KIOSK_KINDS = frozenset(k for k, p in ev.PAYLOADS.items() if ev.Role.KIOSK in p.roles)
_AFTER_FINALISATION = frozenset(
    {
        EventKind.QUESTION_NEUTRALISED,
        EventKind.CERTIFICATION_CANCELLED,
        EventKind.RESULTS_PUBLISHED,
    }
)


# ---------------------------------------------------------------------------
# Handlers: each checks first, then mutates.


def _launched(state: SessionState, event: Event, p: Any) -> None:
    if state.launched_at is not None:
        raise Refused("already_launched", "the test was already launched")
    state.launched_at = event.time


def _entries_closed(state: SessionState, event: Event, p: Any) -> None:
    state.entries_closed = True


def _finalised(state: SessionState, event: Event, p: ev.SessionFinalised) -> None:
    started = [c for c in state.candidates.values() if c.started]
    if not started:
        raise Refused("nothing_started", "no test started in this session")
    missing = [c.candidate_id for c in started if not c.completed and c.abandonment is None]
    if missing:
        raise Refused(
            "abandonment_missing", f"unfinished tests need an abandonment reason: {missing}"
        )
    state.finalised = True
    state.finalisation = p.model_dump()


def _published(state: SessionState, event: Event, p: Any) -> None:
    if not state.finalised:
        raise Refused("not_finalised", "results are published after finalisation")
    if state.published:
        raise Refused("already_published", "results are already published")
    state.published = True


def check_join(state: SessionState, candidate_id: int) -> None:
    """Raise Refused when this candidate may not join now (the rule of CandidateJoined)."""
    cand = state.candidates.get(candidate_id)
    if cand is not None and cand.ended:
        raise Refused("test_ended", "the candidate's test is over")
    started = cand is not None and cand.started
    admitted = cand is not None and cand.late_admitted
    if state.entries_closed and not started and not admitted:
        raise Refused("entries_closed", "entries are closed; see the invigilator")


def check_new_entry(state: SessionState, event: Event) -> None:
    """The rule of entries for an event being recorded now (seed 000, scenario 6).

    Once the access code is given (the test launched) nobody joins and no latecomer is
    admitted; a candidate who joined (or was admitted) before it is in the room, so a
    kiosk restarted before the code is typed joins again. Checked where an event is
    recorded (the server's append of a new event, the station before its own action),
    not by `apply`: logs written before this rule (a join after the launch) still fold.
    """
    if event.candidate_id is None or not state.code_given:
        return
    cand = state.candidates.get(event.candidate_id)
    if event.kind is EventKind.LATE_ENTRY_ADMITTED and not (cand is not None and cand.started):
        raise Refused("code_given", "the access code was given: no latecomer may be admitted")
    in_room = cand is not None and (cand.joined_at is not None or cand.late_admitted)
    if event.kind is EventKind.CANDIDATE_JOINED and not in_room:
        raise Refused("entries_closed", "the access code was given: entries are closed")


def is_repeat_join(
    state: SessionState, candidate_id: int, device_id: str, public_key: str = ""
) -> bool:
    """A join from the kiosk the candidate already joined on and was last seen on.

    It records nothing new: a kiosk retrying its join after a timeout (500 of them at
    once, issue 9) would otherwise add an event per retry. A join from another PC (a spare)
    is recorded, so the invigilator sees the move. A join that brings this device's first
    key is recorded too (the key is registered by the recorded join).
    """
    cand = state.candidates.get(candidate_id)
    return (
        cand is not None
        and cand.joined_at is not None
        and cand.device_id == device_id
        and (not public_key or device_id in cand.device_keys)
    )


def _joined(state: SessionState, event: Event, p: Any) -> None:
    assert event.candidate_id is not None
    check_join(state, event.candidate_id)
    cand = state.candidates.get(event.candidate_id)
    if cand is None:
        cand = state.candidates[event.candidate_id] = CandidateState(event.candidate_id)
    cand.joined_at = event.time
    device = p.device_id or event.device_id
    if p.device_name and device:
        cand.device_names[device] = p.device_name
    if p.public_key and device:
        cand.device_keys.setdefault(device, p.public_key)


def _presence_confirmed(state: SessionState, event: Event, p: Any) -> None:
    cand = _not_started(state, event)
    cand.presence_at = event.time


def _presence_cancelled(state: SessionState, event: Event, p: Any) -> None:
    cand = _not_started(state, event)
    if cand.presence_at is None:
        raise Refused("not_present", "presence was not confirmed")
    cand.presence_at = None


def _late_admitted(state: SessionState, event: Event, p: Any) -> None:
    assert event.candidate_id is not None
    cand = state.candidates.get(event.candidate_id)
    if cand is not None and cand.started:
        raise Refused("already_started", "the test has already started")
    if cand is None:
        cand = state.candidates[event.candidate_id] = CandidateState(event.candidate_id)
    cand.late_admitted = True


def _test_started(state: SessionState, event: Event, p: ev.TestStarted) -> None:
    cand = _not_started(state, event)
    validity = timedelta(minutes=p.presence_validity_minutes)
    if not cand.presence_valid_at(event.time, validity):
        raise Refused(
            "presence_not_valid",
            f"presence must be confirmed by the invigilator less than "
            f"{p.presence_validity_minutes} minutes before",
        )
    ids = [c.id for c in p.challenges]
    if len(set(ids)) != len(ids):
        raise Refused("bad_test", "the test has a question twice")
    cand.started_at = event.time
    cand.bound_device = cand.device_id
    cand.certification_number = p.certification_number
    cand.extra_time = p.extra_time
    cand.accessibility = p.accessibility
    cand.challenges = ids
    cand.competence_of = {c.id: c.competence for c in (*p.challenges, *p.spares)}
    cand.spares = {}
    for spare in p.spares:
        cand.spares.setdefault(spare.competence, []).append(spare.id)


def _shown(state: SessionState, event: Event, p: ev.ChallengeShown) -> None:
    cand = _running(state, event)
    if p.challenge_id in cand.challenges and (
        p.challenge_id in cand.answers or p.challenge_id in cand.skipped
    ):
        # A late delivery: the screen was shown before the answer, but this record took
        # a slower way (the room relay forwarded it after the kiosk, switched to the
        # central server, had sent the answer there). Kept, with no effect: refusing it
        # would lose a fact the kiosk acknowledged (decision 0004, section 6).
        cand.shown.add(p.challenge_id)
        return
    _open_question(cand, p.challenge_id)
    cand.shown.add(p.challenge_id)


def _answer_checks(state: SessionState, event: Event, challenge_id: str) -> tuple[
    CandidateState, bool
]:
    """Shared checks of an answer and a skip; returns (candidate, concurrent_with_end)."""
    cand = _started(state, event)
    concurrent = False
    if cand.ended:
        concurrent = _concurrent_with_end(cand, event)
        if not concurrent:
            raise Refused("test_ended", "the test is over")
    _open_question(cand, challenge_id)
    alert = cand.open_alert
    if alert is not None and alert.challenge_id == challenge_id:
        raise Refused("paused", "the question is paused until the invigilator decides")
    return cand, concurrent


def _answered(state: SessionState, event: Event, p: ev.AnswerSubmitted) -> None:
    cand, concurrent = _answer_checks(state, event, p.challenge_id)
    cand.answers[p.challenge_id] = RecordedAnswer(
        challenge_id=p.challenge_id,
        answer=p.answer,
        timed_out=p.timed_out,
        focused_out=p.focused_out,
        event_id=event.id,
        concurrent_with_end=concurrent,
    )


def _skipped(state: SessionState, event: Event, p: ev.ChallengeSkipped) -> None:
    cand, _ = _answer_checks(state, event, p.challenge_id)
    cand.skipped.add(p.challenge_id)


def _focus_lost(state: SessionState, event: Event, p: ev.FocusLost) -> None:
    cand = _started(state, event)
    if p.challenge_id not in cand.competence_of:
        raise Refused("unknown_challenge", f"{p.challenge_id} is not in the candidate's test")
    cand.focus_lost[p.challenge_id] = cand.focus_lost.get(p.challenge_id, 0) + 1


def _alert_raised(state: SessionState, event: Event, p: ev.AlertRaised) -> None:
    cand = _running(state, event)
    _open_question(cand, p.challenge_id)
    if cand.open_alert is not None:
        raise Refused("alert_open", "an alert is already waiting for the invigilator")
    if any(a.alert_id == p.alert_id for a in cand.alerts):
        raise Refused("duplicate_alert", f"alert {p.alert_id} already exists")
    cand.alerts.append(Alert(p.alert_id, p.challenge_id))


def _alert_resolved(state: SessionState, event: Event, p: ev.AlertResolved) -> None:
    cand = _started(state, event)
    alert = next((a for a in cand.alerts if a.alert_id == p.alert_id), None)
    if alert is None or alert.accepted is not None:
        raise Refused("no_such_alert", f"no open alert {p.alert_id}")
    if p.accepted and p.category is None:
        raise Refused("category_missing", "a validated alert needs its E category")
    alert.accepted = p.accepted
    alert.category = p.category
    if p.accepted and not cand.is_done(alert.challenge_id):
        _neutralise_and_replace(cand, alert.challenge_id, p.category or "")


def _neutralise_and_replace(cand: CandidateState, challenge_id: str, category: str) -> None:
    cand.neutralised[challenge_id] = category
    competence = cand.competence_of.get(challenge_id, "")
    spares = cand.spares.get(competence, [])
    if spares:
        replacement = spares.pop(0)
        cand.challenges.insert(cand.challenges.index(challenge_id) + 1, replacement)
        cand.challenges.remove(challenge_id)
        cand.replaced[challenge_id] = replacement


def _resume_requested(state: SessionState, event: Event, p: ev.ResumeRequested) -> None:
    cand = _running(state, event)
    cand.resume_pending = True
    cand.last_outage_ms = p.outage_ms
    cand.resume_device = event.device_id
    cand.resume_request_id = event.id


def _resume_authorized(state: SessionState, event: Event, p: Any) -> None:
    cand = _running(state, event)
    cand.resume_pending = False
    moved_to = cand.resume_device
    if moved_to is not None and moved_to != cand.bound_device:
        if cand.bound_device is not None:
            cand.released[cand.bound_device] = event.server_seq or 2**62
        cand.released.pop(moved_to, None)
        cand.bound_device = moved_to
    cand.resume_device = cand.resume_request_id = None


MAX_TIME_ADDED = timedelta(minutes=240)
"""At most this much time added to a candidate in all (own and session-wide): more than
the longest test (105 min x 2) is no outage but a way round the clock (issue 17)."""


def _time_added(state: SessionState, event: Event, p: ev.TimeAdded) -> None:
    added = timedelta(minutes=p.minutes)
    ids = list(state.candidates) if event.candidate_id is None else [event.candidate_id]
    if any(state.time_added_for(cid) + added > MAX_TIME_ADDED for cid in ids) or (
        event.candidate_id is None and state.time_added_all + added > MAX_TIME_ADDED
    ):
        raise Refused("time_added_limit",
                      f"at most {MAX_TIME_ADDED.seconds // 60} minutes added to a candidate")
    if event.candidate_id is None:
        state.time_added_all += added
    else:
        state.candidate(event.candidate_id).time_added += added


def _test_ended(state: SessionState, event: Event, p: ev.TestEnded) -> None:
    cand = _running(state, event)
    cand.ended_by = p.by
    cand.ended_at = event.time
    cand.ended_seq = event.server_seq
    cand.resume_pending = False


def _end_screen_seen(state: SessionState, event: Event, p: Any) -> None:
    cand = _started(state, event)
    if not cand.ended:
        raise Refused("not_ended", "the test is not over")
    cand.end_screen_seen = True


def _incident(state: SessionState, event: Event, p: ev.IncidentReported) -> None:
    assert event.candidate_id is not None
    cand = state.candidates.get(event.candidate_id)
    if cand is None:
        cand = state.candidates[event.candidate_id] = CandidateState(event.candidate_id)
    if p.category.startswith("E"):
        if p.question_number is None:
            raise Refused("question_number_missing", f"{p.category} needs a question number")
        if cand.total and p.question_number > cand.total:
            raise Refused("bad_question_number", f"there are {cand.total} questions")
    if any(i.incident_id == p.incident_id for i in cand.incidents):
        raise Refused("duplicate_incident", f"incident {p.incident_id} already exists")
    cand.incidents.append(Incident(p.incident_id, p.category, p.question_number, p.description))


def _abandonment(state: SessionState, event: Event, p: ev.AbandonmentRecorded) -> None:
    cand = _started(state, event)
    if cand.completed:
        raise Refused("completed", "the test was completed: no abandonment reason applies")
    cand.abandonment = p.reason


def _jury_neutralised(state: SessionState, event: Event, p: ev.QuestionNeutralised) -> None:
    cand = _for_jury(state, event)
    if p.challenge_id not in cand.challenges and p.challenge_id not in cand.replaced:
        raise Refused("unknown_challenge", f"{p.challenge_id} is not in the candidate's test")
    cand.jury_neutralised.add(p.challenge_id)


def _cancelled(state: SessionState, event: Event, p: Any) -> None:
    cand = _for_jury(state, event)
    cand.cancelled = True


# ---------------------------------------------------------------------------
# Shared preconditions


def _not_started(state: SessionState, event: Event) -> CandidateState:
    assert event.candidate_id is not None
    cand = state.candidate(event.candidate_id)
    if cand.started:
        raise Refused("already_started", "the test has already started")
    return cand


def _started(state: SessionState, event: Event) -> CandidateState:
    assert event.candidate_id is not None
    cand = state.candidate(event.candidate_id)
    if not cand.started:
        raise Refused("not_started", "the test has not started")
    return cand


def _running(state: SessionState, event: Event) -> CandidateState:
    cand = _started(state, event)
    if cand.ended:
        raise Refused("test_ended", "the test is over")
    return cand


def _open_question(cand: CandidateState, challenge_id: str) -> None:
    if challenge_id not in cand.challenges:
        raise Refused("unknown_challenge", f"{challenge_id} is not a current question of the test")
    if challenge_id in cand.answers:
        raise Refused("already_answered", f"{challenge_id} was already answered")
    if challenge_id in cand.skipped:
        raise Refused("already_skipped", f"{challenge_id} was skipped, which is final")
    if challenge_id in cand.neutralised:
        raise Refused("neutralised", f"{challenge_id} was neutralised")


def _concurrent_with_end(cand: CandidateState, event: Event) -> bool:
    """Did the device record this without knowing the test had been ended elsewhere?

    Only an end decided elsewhere (by the invigilator or the server) can be concurrent;
    the kiosk's own end is always known to it. An end not yet sequenced by the server
    (seen on the station before its push) is treated as concurrent: the server decides.
    """
    if cand.ended_by == "candidate":
        return False
    if cand.ended_seq is None:
        return True
    return event.seen_seq < cand.ended_seq


def _for_jury(state: SessionState, event: Event) -> CandidateState:
    if not state.finalised:
        raise Refused("not_finalised", "the jury acts after finalisation")
    if state.published:
        raise Refused("already_published", "results are already published")
    return _started(state, event)


_HANDLERS: dict[EventKind, Any] = {
    EventKind.TEST_LAUNCHED: _launched,
    EventKind.ENTRIES_CLOSED: _entries_closed,
    EventKind.SESSION_FINALISED: _finalised,
    EventKind.RESULTS_PUBLISHED: _published,
    EventKind.CANDIDATE_JOINED: _joined,
    EventKind.PRESENCE_CONFIRMED: _presence_confirmed,
    EventKind.PRESENCE_CANCELLED: _presence_cancelled,
    EventKind.LATE_ENTRY_ADMITTED: _late_admitted,
    EventKind.TEST_STARTED: _test_started,
    EventKind.CHALLENGE_SHOWN: _shown,
    EventKind.ANSWER_SUBMITTED: _answered,
    EventKind.CHALLENGE_SKIPPED: _skipped,
    EventKind.FOCUS_LOST: _focus_lost,
    EventKind.ALERT_RAISED: _alert_raised,
    EventKind.ALERT_RESOLVED: _alert_resolved,
    EventKind.RESUME_REQUESTED: _resume_requested,
    EventKind.RESUME_AUTHORIZED: _resume_authorized,
    EventKind.TIME_ADDED: _time_added,
    EventKind.TEST_ENDED: _test_ended,
    EventKind.END_SCREEN_SEEN: _end_screen_seen,
    EventKind.INCIDENT_REPORTED: _incident,
    EventKind.ABANDONMENT_RECORDED: _abandonment,
    EventKind.QUESTION_NEUTRALISED: _jury_neutralised,
    EventKind.CERTIFICATION_CANCELLED: _cancelled,
}
assert set(_HANDLERS) == set(EventKind), "every event kind needs a handler"
