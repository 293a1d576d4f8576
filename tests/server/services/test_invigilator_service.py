"""`app.server.invigilator_service`: login, the station's view, actions by the server.

The station's list follows the roster's rules (tested with the station in
tests/server/test_roster_agreement.py); here, what the service itself owns: the login
with the kit's password, the list built from the enrolled candidates and the log,
counters, the questions an alert may show, and actions recorded once even when the
station retries them.
"""

from __future__ import annotations

import uuid

import pytest

from app.domain.events import EventKind
from app.server import admin_service
from app.server import invigilator_service as inv
from app.server.auth import resolve_token
from app.server.errors import ApiError
from app.wire.invigilator import ActionIn
from tests.server.services.conftest import World


def _error(exc: pytest.ExceptionInfo[ApiError]) -> tuple[int, str]:
    return exc.value.status, exc.value.code


def test_login_with_the_kits_password_with_or_without_prefix_and_spaces(world: World) -> None:
    w = world
    session = w.session()
    shown = admin_service.kit(w.db, session).session_password  # "C-XXXXXX"
    for typed in (shown, shown[2:], "c-" + shown[2:], f" {shown[:4]} {shown[4:]} "):
        token = inv.invigilator_login(w.ctx, w.db, session.id, typed)
        who = resolve_token(w.db, token, w.clock.now())
        assert who is not None and who.session_id == session.id
    # Case is kept (the alphabet has both b and B).
    swapped = shown[:2] + shown[2:].swapcase()
    typos = [(session.id, swapped)] if swapped != shown else []
    for number, typed in ((session.id, "C-ZZZZZZ"), (10**9, shown), *typos):
        with pytest.raises(ApiError) as err:
            inv.invigilator_login(w.ctx, w.db, number, typed)
        assert _error(err) == (401, "bad_credentials")
        assert "incorrects" in err.value.message  # the station shows it as is


def test_the_session_view_counts_and_lists_every_enrolled_candidate(world: World) -> None:
    w = world
    session = w.session()
    ada = w.candidate(session, last_name="Lovelace", first_name="Ada")
    bob = w.candidate(session, last_name="Babbage", first_name="Charles")
    w.candidate(session, last_name="Curie", first_name="Marie")
    view = inv.invigilator_session(w.ctx, w.db, session.id)
    assert view.counters == {"present": 0, "started": 0, "finished": 0, "total": 3}
    assert view.access_code == admin_service.kit(w.db, session).access_code
    assert not view.launched and not view.finalised
    k_ada, c_ada = w.started(session, ada, "pc-a")
    w.started(session, bob, "pc-b")
    w.answer_all(k_ada, c_ada)
    view = inv.invigilator_session(w.ctx, w.db, session.id)
    assert view.counters["started"] >= 1 and view.counters["finished"] == 1
    assert view.counters["total"] == 3
    rows = inv.candidate_states(w.ctx, w.db, session.id)
    assert {r.last_name for r in rows} == {"Lovelace", "Babbage", "Curie"}
    by_name = {r.last_name: r for r in rows}
    assert by_name["Lovelace"].ended_by == "candidate"
    assert by_name["Babbage"].device_id == "pc-b" and by_name["Babbage"].total == len(c_ada)
    assert not by_name["Curie"].joined
    with pytest.raises(ApiError) as err:
        inv.invigilator_session(w.ctx, w.db, 10**9)
    assert _error(err) == (404, "not_found")


def test_an_alert_shows_only_questions_of_this_sessions_tests(world: World) -> None:
    w = world
    session = w.session()
    cand = w.candidate(session)
    _kiosk, challenges = w.started(session, cand)
    shown = inv.invigilator_challenge(w.ctx, w.db, session.id, challenges[0])
    assert shown.id == challenges[0] and "solution" not in shown.model_dump()
    with pytest.raises(ApiError) as err:
        inv.invigilator_challenge(w.ctx, w.db, w.session().id, challenges[0])
    assert _error(err) == (404, "not_found")


def test_an_action_is_recorded_once_even_when_the_station_retries(world: World) -> None:
    w = world
    session = w.session()
    cand = w.candidate(session)
    w.kiosk(cand)
    station = w.inv(session)
    action = ActionIn(kind="PresenceConfirmed", candidate_id=cand.id, id=str(uuid.uuid4()))
    first = inv.record_action(w.ctx, w.db, station, action)
    again = inv.record_action(w.ctx, w.db, station, action)
    assert (again.id, again.server_seq) == (first.id, first.server_seq)
    confirmed = [e for e in w.ctx.eventlog.all_events(w.db, session.id)
                 if e.kind is EventKind.PRESENCE_CONFIRMED]
    assert [e.id for e in confirmed] == [action.id]
    assert inv.candidate_states(w.ctx, w.db, session.id)[0].presence_valid


def test_actions_are_checked_before_they_are_recorded(world: World) -> None:
    w = world
    session = w.session()
    cand = w.candidate(session)
    station = w.inv(session)
    cases = [
        (ActionIn(kind="Teleported", candidate_id=cand.id), (422, "unknown_kind")),
        (ActionIn(kind="AnswerSubmitted", candidate_id=cand.id,
                  payload={"challenge_id": "x", "answer": 1}), (403, "forbidden")),
        (ActionIn(kind="TimeAdded", candidate_id=cand.id, payload={"minutes": 0}),
         (422, "invalid_event")),
        (ActionIn(kind="TestLaunched", candidate_id=cand.id), (422, "invalid_event")),
    ]
    for action, expected in cases:
        with pytest.raises(ApiError) as err:
            inv.record_action(w.ctx, w.db, station, action)
        assert _error(err) == expected, action
    before = list(w.ctx.eventlog.all_events(w.db, session.id))
    # The fold refuses what the session's state does not allow: a conflict, nothing kept.
    with pytest.raises(ApiError) as err:
        inv.record_action(w.ctx, w.db, station, ActionIn(kind="ResumeAuthorized",
                                                         candidate_id=cand.id))
    assert err.value.status == 409
    assert list(w.ctx.eventlog.all_events(w.db, session.id)) == before
