"""`app.server.candidate_service`: join, status, the access code, the test.

The rules a kiosk's retries rely on (who may join from which device, and the access-code
limits, are being reworked elsewhere and tested there): a join found by names and
birthdate whatever their accents, a retried join recording nothing twice, a start only
after the invigilator confirmed presence, a started test given back alike however often
it is asked for, without its solutions.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.domain.events import EventKind
from app.models.server import Candidate, Certification
from app.server import admin_service, candidate_service
from app.server.errors import ApiError
from app.wire.candidate import JoinIn
from tests.server.services.conftest import World


def _error(exc: pytest.ExceptionInfo[ApiError]) -> tuple[int, str]:
    return exc.value.status, exc.value.code


def _joins(w: World, session_id: int, candidate_id: int) -> int:
    return sum(
        1 for e in w.ctx.eventlog.all_events(w.db, session_id)
        if e.kind is EventKind.CANDIDATE_JOINED and e.candidate_id == candidate_id
    )


def test_join_finds_the_candidate_by_name_and_a_retry_records_once(world: World) -> None:
    w = world
    session = w.session()
    cand = w.candidate(session, first_name="Éloïse", last_name="De La Tour")
    body = JoinIn(session_number=session.id, first_name="eloise", last_name="DELATOUR",
                  birthdate=cand.birthdate, device_id="pc-1")
    first = candidate_service.join(w.ctx, w.db, body)
    assert (first.candidate_id, first.session_id, first.first_name) == (
        cand.id, session.id, "Éloïse")
    assert first.status and first.token
    again = candidate_service.join(w.ctx, w.db, body)  # the answer was lost: the kiosk retries
    assert again.candidate_id == cand.id and again.token != first.token
    assert _joins(w, session.id, cand.id) == 1

    for wrong in (
        body.model_copy(update={"session_number": 10**9}),
        body.model_copy(update={"birthdate": cand.birthdate + timedelta(days=1)}),
        body.model_copy(update={"first_name": "Héloïse"}),
    ):
        with pytest.raises(ApiError) as err:
            candidate_service.join(w.ctx, w.db, wrong)
        assert _error(err) == (404, "not_found")


def test_a_candidate_who_is_not_certifiable_cannot_join(world: World) -> None:
    w = world
    session = w.session()
    few = {code: {"level": 1} for code in ("1.1", "1.2")}
    cand = w.candidate(session, profile=few)
    assert not cand.certifiable
    with pytest.raises(ApiError) as err:
        w.kiosk(cand)
    assert _error(err) == (403, "not_certifiable")


def test_status_follows_the_log(world: World) -> None:
    w = world
    session = w.session()
    cand = w.candidate(session)
    kiosk = w.kiosk(cand)
    status = candidate_service.candidate_status(w.ctx, w.db, kiosk)
    assert (status.candidate_id, status.started, status.presence_confirmed) == (
        cand.id, False, False)
    kiosk, challenges = w.started(session, cand)
    status = candidate_service.candidate_status(w.ctx, w.db, kiosk)
    assert status.presence_confirmed and status.presence_valid and status.started
    assert status.certification_number is not None and not status.ended
    w.answer_all(kiosk, challenges)
    status = candidate_service.candidate_status(w.ctx, w.db, kiosk)
    assert status.ended and status.ended_by == "candidate"
    assert status.last_server_seq == max(
        e.server_seq or 0 for e in w.ctx.eventlog.all_events(w.db, session.id))


def test_the_start_needs_presence_and_the_code_then_gives_the_same_test(world: World) -> None:
    w = world
    session = w.session()
    cand = w.candidate(session)
    kiosk = w.kiosk(cand)
    code = admin_service.kit(w.db, session).access_code
    with pytest.raises(ApiError) as err:
        candidate_service.get_test(w.ctx, w.db, kiosk)
    assert _error(err) == (409, "not_started")
    with pytest.raises(ApiError) as err:
        candidate_service.start_test(w.ctx, w.db, kiosk, code, "pc-1")
    assert _error(err) == (409, "presence_not_confirmed")
    w.push(w.inv(session), w.event(EventKind.PRESENCE_CONFIRMED, session.id, cand.id, "station"))
    with pytest.raises(ApiError) as err:
        candidate_service.start_test(w.ctx, w.db, kiosk, "ZZZZ00", "pc-1")
    assert _error(err) == (403, "wrong_access_code")

    test = candidate_service.start_test(w.ctx, w.db, kiosk, code.lower(), "pc-1")
    assert test.candidate_id == cand.id and test.challenges
    assert test.test_started_event["kind"] == "TestStarted"
    assert [c["id"] for c in test.test_started_event["payload"]["challenges"]] == [
        c.id for c in test.challenges]
    # Asked again (a retry, a restarted kiosk, a spare PC): the same test, nothing new.
    again = candidate_service.start_test(w.ctx, w.db, kiosk, code, "pc-2")
    resumed = candidate_service.get_test(w.ctx, w.db, kiosk)
    assert again == test == resumed
    certs = w.db.scalar(sa.select(sa.func.count()).select_from(Certification)
                        .where(Certification.candidate_id == cand.id))
    assert certs == 1
    started = [e for e in w.ctx.eventlog.all_events(w.db, session.id)
               if e.kind is EventKind.TEST_STARTED]
    assert len(started) == 1
    # No solution leaves the server.
    for challenge in test.challenges:
        assert "solution" not in challenge.model_dump()
    assert candidate_service.public_challenge(w.ctx, test.challenges[0].id) == test.challenges[0]


def test_the_test_follows_the_profile(world: World) -> None:
    w = world
    session = w.session()
    profile = {code: {"level": 3} for code in ("1.1", "1.2", "1.3", "2.1", "2.2")}
    cand = w.candidate(session, profile=profile, extra_time="33%")
    _kiosk, challenges = w.started(session, cand)
    cert = w.db.scalar(sa.select(Certification).where(Certification.candidate_id == cand.id))
    assert cert is not None and cert.challenge_ids == challenges
    assert set(cert.competence_of.values()) <= set(profile)
    assert set(cert.competence_of.values()) == set(profile)
    assert all(1 <= sum(1 for c in challenges if cert.competence_of[c] == code) <= 3
               for code in profile)
    test = candidate_service.get_test(w.ctx, w.db, _kiosk)
    assert test.extra_time == pytest.approx(0.33)


def test_a_heartbeat_marks_the_kiosk_heard(world: World) -> None:
    w = world
    session = w.session()
    cand = w.candidate(session)
    kiosk = w.kiosk(cand)
    candidate_service.record_heartbeat(w.ctx, w.db, kiosk, "pc-7")
    w.db.expire_all()
    row = w.db.get(Candidate, cand.id)
    assert row is not None and row.last_seen_device == "pc-7"
    assert row.last_seen_at is not None


def test_files_only_of_the_callers_own_test(world: World) -> None:
    w = world
    session = w.session()
    cand = w.candidate(session)
    kiosk, challenges = w.started(session, cand)
    with pytest.raises(ApiError) as err:  # the bank's challenges have no image
        candidate_service.challenge_file(w.ctx, w.db, kiosk, challenges[0], "image")
    assert err.value.message == "this challenge has no image"
    others = [c.id for c in w.ctx.bank if c.id not in challenges]
    with pytest.raises(ApiError) as err:
        candidate_service.challenge_file(w.ctx, w.db, kiosk, others[0], "image")
    assert err.value.message == "no such challenge in your test"
