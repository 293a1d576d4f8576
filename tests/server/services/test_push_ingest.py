"""The push path's cost and its ordering under concurrent pushers (issue 22).

On PostgreSQL a device's push is two round trips to the database (app/server/eventlog_pg.py):
counted here on the wire, with libpq's trace of the request's own connection. Whatever the
path, pushers of one session at once get numbers without gaps or repeats, each batch in its
order, and a replayed batch is acknowledged with the very same numbers.
"""

from __future__ import annotations

import os
import tempfile
import threading
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain.events import EventKind
from app.server import admin_service, candidate_service, eventlog_pg, sync_service
from app.server.auth import Principal
from tests.helpers.libpq import round_trips
from tests.server.services.conftest import World


def _started(w: World) -> tuple[Any, Any, Principal, list[str]]:
    """A session, its candidate and that candidate's kiosk with a started test, committed."""
    session = w.session()
    cand = w.candidate(session)
    kiosk, challenges = w.started(session, cand)
    w.db.commit()
    return session, cand, kiosk, challenges


def _answers(w: World, kiosk: Principal, challenges: list[str]) -> list[dict[str, Any]]:
    assert kiosk.session_id is not None and kiosk.device_id is not None
    return [
        w.event(EventKind.ANSWER_SUBMITTED, kiosk.session_id, kiosk.candidate_id, kiosk.device_id,
                challenge_id=cid, answer=1).to_wire()
        for cid in challenges
    ]


def test_a_push_is_two_round_trips_on_postgresql(world: World, db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the count is PostgreSQL's; SQLite has no network")
    w = world
    session = w.session()
    cand = w.candidate(session)
    kiosk, challenges = w.started(session, cand)
    first, second = _answers(w, kiosk, challenges[:3]), _answers(w, kiosk, challenges[3:6])
    acked, refused = sync_service.push(w.ctx, w.db, kiosk, first)
    assert len(acked) == 3 and not refused
    w.db.commit()
    raw = w.db.connection().connection.driver_connection
    fd, path = tempfile.mkstemp()
    try:
        raw.pgconn.trace(fd)
        acked, refused = sync_service.push(w.ctx, w.db, kiosk, second)
        raw.pgconn.untrace()
        again, refused_again = sync_service.push(w.ctx, w.db, kiosk, second)
        with open(path) as f:
            trace = f.read()
    finally:
        os.close(fd)
        os.unlink(path)
    assert len(acked) == 3 and not refused, refused
    assert [(a.id, a.server_seq) for a in again] == [(a.id, a.server_seq) for a in acked]
    assert not refused_again
    assert round_trips(trace) == 2, trace  # 9 before issue 22


def _prepared(db: Session) -> dict[str, int]:
    """Every statement prepared on `db`'s connection: name -> how many generic plans
    PostgreSQL has used for it."""
    rows = db.execute(sa.text("SELECT name, generic_plans FROM pg_prepared_statements")).all()
    return {name: n for name, n in rows}


def _plan(db: Session, statement: str) -> str:
    return "\n".join(r[0] for r in db.execute(sa.text(f"EXPLAIN {statement}")))


def _pushes(w: World, db: Session, kiosk: Principal, challenges: list[str]) -> None:
    for cid in challenges:
        acked, refused = sync_service.push(w.ctx, db, kiosk, _answers(w, kiosk, [cid]))
        assert len(acked) == 1 and not refused, refused


def _stored_once_in_order(w: World, session_id: int, answers: int) -> None:
    stored = w.ctx.eventlog.all_events(w.db, session_id)
    seqs = [e.server_seq for e in stored]
    assert len(seqs) == len(set(seqs)) and seqs == sorted(seqs)
    ids = [e.id for e in stored if e.kind is EventKind.ANSWER_SUBMITTED]
    assert len(ids) == len(set(ids)) == answers


PUSH_STATEMENTS = {eventlog_pg.LOCK_STATEMENT, eventlog_pg.WRITE_STATEMENT}


def test_the_push_statements_keep_index_plans_and_outlive_a_read_request(
    world: World, db_url: str
) -> None:
    """PostgreSQL plans the push's prepared statements a few times, then keeps one generic
    plan for the connection's life: made on nearly empty tables, it must still look rows
    up by index, or each push would read the whole of `events` once it has grown (34 ms
    a push at 36,000 events, bench/RESULTS.md). And a read request on the same pooled
    connection, which ends with a ROLLBACK, leaves them prepared: psycopg dropped every
    statement it had prepared after a rollback (DEALLOCATE ALL), 73 % of a room's pushes
    found theirs gone."""
    if not db_url.startswith("postgresql"):
        pytest.skip("prepared statements are PostgreSQL's")
    w = world
    session, cand, kiosk, challenges = _started(w)
    # Prepared statements belong to one connection: the pushes here all use one.
    with w.ctx.engine.connect() as conn, Session(bind=conn) as db:
        _pushes(w, db, kiosk, challenges[:8])
        plans = _prepared(db)
        assert set(plans) >= PUSH_STATEMENTS, plans
        assert min(plans[name] for name in PUSH_STATEMENTS) >= 1, plans
        db.execute(sa.text(eventlog_pg.PLAN_SETTINGS))
        lock_plan = _plan(
            db,
            f"EXECUTE {eventlog_pg.LOCK_STATEMENT}"
            f"({session.id}, '[\"x\", \"y\"]', 2, '[{cand.id}]')",
        )
        assert "Seq Scan" not in lock_plan and "Index" in lock_plan, lock_plan
        db.rollback()
        # Read requests, as long-polls are: a query, then the session ends with a
        # rollback. (psycopg prepared a query it had run five times on a connection.)
        for _ in range(6):
            w.ctx.eventlog.read(db, session.id, after=0, candidate_id=None, limit=10)
            db.rollback()
        # With psycopg preparing queries itself, its DEALLOCATE ALL had dropped them here.
        assert set(_prepared(db)) >= PUSH_STATEMENTS
        db.rollback()
        _pushes(w, db, kiosk, challenges[8:11])
        db.rollback()
    _stored_once_in_order(w, session.id, 11)


def test_a_push_prepares_its_statements_again_when_they_are_gone(
    world: World, db_url: str
) -> None:
    """Should the statements vanish from a connection that held them (a DISCARD ALL or a
    DEALLOCATE of one of them), the next push prepares them again and succeeds."""
    if not db_url.startswith("postgresql"):
        pytest.skip("prepared statements are PostgreSQL's")
    w = world
    session, _cand, kiosk, challenges = _started(w)
    with w.ctx.engine.connect() as conn, Session(bind=conn) as db:
        _pushes(w, db, kiosk, challenges[:1])
        db.execute(sa.text("DEALLOCATE ALL"))
        db.commit()
        _pushes(w, db, kiosk, challenges[1:2])
        db.execute(sa.text(f"DEALLOCATE {eventlog_pg.WRITE_STATEMENT}"))  # one of two
        db.commit()
        _pushes(w, db, kiosk, challenges[2:4])
        assert set(_prepared(db)) == PUSH_STATEMENTS
        db.rollback()
    _stored_once_in_order(w, session.id, 4)


def test_concurrent_pushers_get_gapless_ordered_numbers_and_replays_the_same(
    world: World,
) -> None:
    w = world
    session = w.session()
    cands = [w.candidate(session) for _ in range(4)]
    kiosks = [w.kiosk(cand, f"pc-{i}") for i, cand in enumerate(cands)]
    _acked, refused = w.push(w.inv(session), *[
        w.event(EventKind.PRESENCE_CONFIRMED, session.id, cand.id, "station") for cand in cands
    ])
    assert not refused, refused
    code = admin_service.kit(w.db, session).access_code
    pushers = []
    for kiosk in kiosks:
        assert kiosk.device_id is not None
        test = candidate_service.start_test(w.ctx, w.db, kiosk, code, kiosk.device_id)
        pushers.append((kiosk, _answers(w, kiosk, [c.id for c in test.challenges])))
    w.db.commit()
    batches_of = {
        k.candidate_id: [events[i:i + 3] for i in range(0, len(events), 3)] for k, events in pushers
    }
    acks: dict[int | None, list[list[tuple[str, int, Any]]]] = {}
    errors: list[BaseException] = []
    gate = threading.Barrier(len(pushers))

    def push(kiosk: Principal) -> None:
        try:
            with w.ctx.sessions() as db:
                gate.wait(10)
                mine = acks.setdefault(kiosk.candidate_id, [])
                for batch in batches_of[kiosk.candidate_id]:
                    acked, refused = sync_service.push(w.ctx, db, kiosk, batch)
                    assert not refused, refused
                    mine.append([(a.id, a.server_seq, a.received_at) for a in acked])
        except BaseException as exc:  # reported below, on the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=push, args=(k,)) for k, _ in pushers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads)
    assert not errors, errors

    seqs = sorted(s for batches in acks.values() for batch in batches for _, s, _ in batch)
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # no gap, no repeat
    for kiosk, events in pushers:
        mine = [s for batch in acks[kiosk.candidate_id] for _, s, _ in batch]
        assert mine == sorted(mine)  # each kiosk's events in its order
        assert [i for batch in acks[kiosk.candidate_id] for i, _, _ in batch] == [
            e["id"] for e in events
        ]
    stored = {e.id: e.server_seq for e in w.ctx.eventlog.all_events(w.db, session.id)}
    for batches in acks.values():
        for batch in batches:
            assert all(stored[i] == seq for i, seq, _ in batch)
    assert sync_service.last_seq(w.db, session.id) == seqs[-1]

    # Replayed (the acks were lost): the same numbers, nothing stored twice.
    for kiosk, _ in pushers:
        for batch, acked_before in zip(
            batches_of[kiosk.candidate_id], acks[kiosk.candidate_id], strict=True
        ):
            again, refused = sync_service.push(w.ctx, w.db, kiosk, batch)
            assert not refused
            assert [(a.id, a.server_seq, a.received_at) for a in again] == acked_before
    after = [e.id for e in w.ctx.eventlog.all_events(w.db, session.id)]
    assert len(after) == len(set(after)) == len(stored)
    assert sync_service.last_seq(w.db, session.id) == seqs[-1]


def test_a_push_that_fails_midway_leaves_a_normal_connection(
    world: World, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The two-round-trip path runs its own BEGIN in autocommit mode: whatever fails
    between the two steps, the transaction is rolled back and the connection goes back
    to the pool in its normal mode (else a later request would commit statement by
    statement)."""
    if not db_url.startswith("postgresql"):
        pytest.skip("the two-round-trip path is PostgreSQL's")
    w = world
    session, _cand, kiosk, challenges = _started(w)
    real_write = eventlog_pg.write
    failures: list[str] = []

    def failing_write(raw: Any, *args: Any, **kwargs: Any) -> None:
        if not failures:  # a database error inside the transaction, once
            failures.append("division")
            with eventlog_pg._translated(raw, "SELECT 1/0"):
                raw.execute("SELECT 1/0")
        real_write(raw, *args, **kwargs)

    monkeypatch.setattr(eventlog_pg, "write", failing_write)
    batch = _answers(w, kiosk, challenges[:3])
    acked, refused = sync_service.push(w.ctx, w.db, kiosk, batch)  # then one by one
    assert failures and not refused and [a.id for a in acked] == [e["id"] for e in batch]
    assert eventlog_pg.driver(w.db).autocommit is False
    w.db.commit()

    def broken_fold(*_args: Any) -> None:
        raise RuntimeError("a bug in the fold")

    monkeypatch.setattr("app.server.eventlog.apply", broken_fold)
    with pytest.raises(RuntimeError):
        sync_service.push(w.ctx, w.db, kiosk, _answers(w, kiosk, challenges[3:4]))
    raw = eventlog_pg.driver(w.db)
    assert raw.autocommit is False and raw.info.transaction_status.name == "IDLE"
    monkeypatch.undo()
    again, refused = sync_service.push(w.ctx, w.db, kiosk, batch + _answers(
        w, kiosk, challenges[3:4]))
    assert not refused and [a.server_seq for a in again][:3] == [a.server_seq for a in acked]
    stored = [e.id for e in w.ctx.eventlog.all_events(w.db, session.id)]
    assert len(stored) == len(set(stored))
