"""`app.server.sync_service`: push (each event once, in order) and pull (long-poll).

What a device relies on whatever else changes in who may push: a push it repeats because
the answer was lost is acknowledged with the same numbers and stores nothing twice; the
events of a batch are numbered in the batch's order; a bad event is refused alone, with
a reason, and the rest of the batch goes on; a pull gives the events after a number in
that order, at once when there are some, else when the next push comes.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

from app.domain.events import Event, EventKind, Role
from app.server import sync_service
from app.server.auth import Principal
from app.server.errors import ApiError
from tests.server.services.conftest import World


def _running(w: World) -> tuple[Any, Any, Principal, list[str]]:
    session = w.session()
    cand = w.candidate(session)
    kiosk, challenges = w.started(session, cand)
    return session, cand, kiosk, challenges


def _answers(w: World, kiosk: Principal, challenges: list[str], device: str) -> list[Event]:
    assert kiosk.session_id is not None
    return [
        w.event(EventKind.ANSWER_SUBMITTED, kiosk.session_id, kiosk.candidate_id, device,
                challenge_id=cid, answer=1)
        for cid in challenges
    ]


def _seqs(w: World, session_id: int, ids: list[str]) -> list[int]:
    by_id = {e.id: e.server_seq for e in w.ctx.eventlog.all_events(w.db, session_id)}
    return [by_id[i] or 0 for i in ids]


def test_a_repeated_push_is_acknowledged_alike_and_stored_once(world: World) -> None:
    w = world
    session, _cand, kiosk, challenges = _running(w)
    batch = _answers(w, kiosk, challenges[:3], "pc-1")
    acked, refused = w.push(kiosk, *batch)
    assert not refused
    again, refused_again = w.push(kiosk, *batch)  # the answer was lost: the kiosk retries
    assert not refused_again
    assert [(a.id, a.server_seq) for a in again] == [(a.id, a.server_seq) for a in acked]
    stored = [e.id for e in w.ctx.eventlog.all_events(w.db, session.id)]
    assert all(stored.count(e.id) == 1 for e in batch)
    # A retry that overlaps with new events: old ones keep their numbers, new ones follow.
    more = _answers(w, kiosk, challenges[3:5], "pc-1")
    mixed, _ = w.push(kiosk, batch[2], *more)
    assert mixed[0].server_seq == acked[2].server_seq
    assert mixed[1].server_seq > acked[2].server_seq
    assert sync_service.last_seq(w.db, session.id) == mixed[-1].server_seq


def test_a_batch_is_numbered_in_its_order(world: World) -> None:
    w = world
    session, _cand, kiosk, challenges = _running(w)
    batch = _answers(w, kiosk, challenges, "pc-1")
    acked, refused = w.push(kiosk, *batch)
    assert not refused
    assert [a.id for a in acked] == [e.id for e in batch]
    seqs = [a.server_seq for a in acked]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert _seqs(w, session.id, [e.id for e in batch]) == seqs
    events = w.ctx.eventlog.read(w.db, session.id, after=seqs[0] - 1)
    assert [e.id for e in events][: len(batch)] == [e.id for e in batch]


def test_bad_events_are_refused_alone_with_a_reason(world: World) -> None:
    w = world
    session, cand, kiosk, challenges = _running(w)
    good = _answers(w, kiosk, challenges[:2], "pc-1")
    numbered = good[0].to_wire() | {"server_seq": 5}
    not_an_event = {"id": "x", "kind": "Nonsense"}
    long_id = good[1].to_wire() | {"id": "x" * 65}
    not_a_kiosks = w.event(EventKind.TIME_ADDED, session.id, cand.id, "pc-1", minutes=5)
    other = w.event(EventKind.ANSWER_SUBMITTED, session.id, cand.id + 1, "pc-1",
                    challenge_id=challenges[0], answer=1)
    raws = [numbered, not_an_event, long_id, not_a_kiosks.to_wire(), other.to_wire(),
            *(e.to_wire() for e in good)]
    acked, refused = sync_service.push(w.ctx, w.db, kiosk, raws)
    assert [a.id for a in acked] == [e.id for e in good]
    reasons = {r.id: r.reason for r in refused}
    assert reasons[good[0].id].startswith("invalid_event: server_seq and received_at")
    assert reasons["x"].startswith("invalid_event")
    assert reasons["x" * 65].startswith("invalid_event: id:")
    assert reasons[not_a_kiosks.id].startswith("role_not_allowed: kiosk cannot record TimeAdded")
    assert reasons[other.id].startswith("out_of_scope")
    # Refused events are not stored; a later push of the same good events changes nothing.
    stored = {e.id for e in w.ctx.eventlog.all_events(w.db, session.id)}
    assert not_a_kiosks.id not in stored and other.id not in stored


def test_each_role_pushes_within_its_scope(world: World) -> None:
    w = world
    session, cand, _kiosk, _challenges = _running(w)
    elsewhere = w.session()
    time_here = w.event(EventKind.TIME_ADDED, session.id, cand.id, "station", minutes=5)
    time_there = w.event(EventKind.TIME_ADDED, elsewhere.id, None, "station", minutes=5)
    acked, refused = w.push(w.inv(session), time_here, time_there)
    assert [a.id for a in acked] == [time_here.id]
    assert refused[0].reason.startswith("out_of_scope: an invigilator")
    # An admin: its centre's sessions only.
    stranger = w.new_admin()
    ended = w.event(EventKind.END_SCREEN_SEEN, session.id, cand.id, "admin")
    _acked, refused = w.push(stranger, ended)
    assert refused[0].reason == "out_of_scope: this session belongs to another centre"
    missing = w.event(EventKind.END_SCREEN_SEEN, 10**9, cand.id, "admin")
    _acked, refused = w.push(w.admin, missing)
    assert refused[0].reason.startswith("out_of_scope")


def test_pull_scope(world: World) -> None:
    w = world
    session, cand, kiosk, _challenges = _running(w)
    other = w.session()
    assert sync_service.check_pull_scope(None, kiosk, session.id) == cand.id
    assert sync_service.check_pull_scope(None, w.inv(session), session.id) is None
    assert sync_service.check_pull_scope(w.db, w.admin, session.id) is None
    cases: list[tuple[Principal, int, tuple[int, str]]] = [
        (kiosk, other.id, (403, "forbidden")),
        (w.inv(session), other.id, (403, "forbidden")),
        (w.new_admin(), session.id, (403, "forbidden")),
        (w.admin, 10**9, (404, "not_found")),
        (Principal(Role.JURY, account_id=1), session.id, (403, "forbidden")),  # not finalised
    ]
    for who, sid, expected in cases:
        with pytest.raises(ApiError) as err:
            sync_service.check_pull_scope(w.db, who, sid)
        assert (err.value.status, err.value.code) == expected, (who, sid)
    with pytest.raises(ApiError) as err:
        sync_service.must_exist(w.db, 10**9)
    assert err.value.status == 404
    sync_service.must_exist(w.db, session.id)


def test_pull_gives_what_is_newer_in_order_and_a_kiosk_only_its_own(world: World) -> None:
    w = world
    session = w.session()
    cand, ben = w.candidate(session), w.candidate(session, first_name="Ben")
    kiosk, challenges = w.started(session, cand)
    k_ben, c_ben = w.started(session, ben, "pc-ben")
    mine, _ = w.push(kiosk, *_answers(w, kiosk, challenges[:2], "pc-1"))
    w.push(k_ben, *_answers(w, k_ben, c_ben[:2], "pc-ben"))
    w.db.commit()

    def pull(who: Principal, after: int, wait: float = 0.0) -> list[Event]:
        return asyncio.run(sync_service.pull(w.ctx, who, session.id, after, wait, 1000))

    everything = pull(w.inv(session), 0)
    seqs = [e.server_seq or 0 for e in everything]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    own = pull(kiosk, 0)
    assert {e.candidate_id for e in own} <= {cand.id, None}
    assert [e.id for e in own if e.id in {a.id for a in mine}] == [a.id for a in mine]
    after = pull(w.inv(session), mine[0].server_seq)
    assert [e.server_seq for e in after] == [s for s in seqs if s > mine[0].server_seq]
    assert pull(w.admin, seqs[-1]) == []


def test_a_waiting_pull_answers_when_a_push_comes(world: World) -> None:
    w = world
    session, cand, kiosk, challenges = _running(w)
    top = sync_service.last_seq(w.db, session.id)
    w.db.commit()
    answer = _answers(w, kiosk, challenges[:1], "pc-1")[0]

    def push_later() -> None:
        time.sleep(0.15)
        with w.ctx.sessions() as db:
            sync_service.push(w.ctx, db, kiosk, [answer.to_wire()])

    async def scenario() -> tuple[list[Event], float, list[Event], float]:
        w.ctx.notifier.bind(asyncio.get_running_loop())
        started = time.monotonic()
        pusher = asyncio.get_running_loop().run_in_executor(None, push_later)
        woken = await sync_service.pull(w.ctx, w.inv(session), session.id, top, 10.0, 100)
        woke_after = time.monotonic() - started
        await pusher
        started = time.monotonic()
        idle = await sync_service.pull(w.ctx, kiosk, session.id, top + 1, 0.2, 100)
        return woken, woke_after, idle, time.monotonic() - started

    woken, woke_after, idle, idle_after = asyncio.run(scenario())
    # Woken by the push: a poll that times out answers [] without reading again.
    assert [e.id for e in woken] == [answer.id]
    assert woke_after < w.ctx.settings.max_wait_s
    assert idle == [] and 0.15 <= idle_after < 2
    assert cand.id == kiosk.candidate_id


def _twins(w: World, who: Principal, batch: list[dict[str, Any]]) -> list[list[tuple[str, int]]]:
    """The same batch pushed by two threads at the same moment; each one's acks."""
    answers: list[list[tuple[str, int]]] = []
    errors: list[BaseException] = []
    gate = threading.Barrier(2)

    def push() -> None:
        try:
            with w.ctx.sessions() as db:
                gate.wait(5)
                acked, refused = sync_service.push(w.ctx, db, who, batch)
                assert not refused, refused
                answers.append([(a.id, a.server_seq) for a in acked])
        except BaseException as exc:  # reported below, on the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=push) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not any(t.is_alive() for t in threads)
    assert not errors, errors
    return answers


def test_twin_pushes_at_once_store_each_event_once(world: World) -> None:
    """A kiosk's retry can cross its first try on the server (two workers, one batch):
    both are acknowledged with the same numbers, and each event is stored once."""
    w = world
    session, _cand, kiosk, challenges = _running(w)
    w.db.commit()
    for round_ in range(3):
        answers = _answers(w, kiosk, challenges[round_ * 2:round_ * 2 + 2], "pc-1")
        batch = [e.to_wire() for e in answers]
        first, second = _twins(w, kiosk, batch)
        assert first == second
        stored = [e.id for e in w.ctx.eventlog.all_events(w.db, session.id)]
        assert all(stored.count(raw["id"]) == 1 for raw in batch)
