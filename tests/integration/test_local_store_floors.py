"""Schemas 0002 and 0003: an append writes one page; device_seq, the outbox and the pending
rows come from floors.

Issue 22 item 3. The (sync_state, local_seq) index and the device_seq counter are gone
(0002), and own pending rows are in neither the id nor the session index (0003;
app/services/store/floors.py); these tests show that the outbox query and the resume still
read a handful of rows on a store of 5,000 events (query plans, and SQLite VM steps
counted), that device_seq never goes back (wipes, reused local_seq), and that stores made
by schemas 0001 and 0002 are upgraded without losing anything.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.domain.events import EventKind, new_event
from app.models.local_schema import (
    ORIGIN_OWN,
    ORIGIN_PULLED,
    SCHEMA_USER_VERSION,
    SYNC_ACKED,
    SYNC_PENDING,
)
from app.services.store import LocalStore, floors, upgrade_schema
from app.services.store.rows import INSERT_EVENT, event_row
from tests.helpers.clock import FakeClock

T0 = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
DEVICE = "kiosk-big"
SESSIONS = 50
PER_SESSION = 100  # 50 sessions x 100 events = 5,000 events


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(now=T0, monotonic_ms=1_000)


def _answer(store: LocalStore, session: int = SESSIONS, cand: int = 1) -> Any:
    return store.append(
        EventKind.ANSWER_SUBMITTED,
        session_id=session,
        candidate_id=cand,
        payload={"challenge_id": "c", "answer": 1},
    )


def _fill(store: LocalStore) -> None:
    """5,000 events already synced (own, with a pulled one in ten), written in one
    transaction, as a kiosk holds them after a long day; the floors are left at 0, as a
    store that never had an ack since it was upgraded."""
    own_seq = 0
    with store._tx(write=True) as db:
        for session in range(1, SESSIONS + 1):
            for i in range(PER_SESSION):
                pulled = i % 10 == 9
                if not pulled:
                    own_seq += 1
                event = new_event(
                    EventKind.FOCUS_LOST,
                    session_id=session,
                    candidate_id=1,
                    payload={"challenge_id": f"c{i}"},
                    device_id="station" if pulled else DEVICE,
                    device_seq=i if pulled else own_seq,
                    monotonic_ms=i,
                    wall_time=T0,
                ).acknowledged(session * 1_000 + i, T0)
                origin = ORIGIN_PULLED if pulled else ORIGIN_OWN
                db.execute(INSERT_EVENT, event_row(event, origin=origin, sync_state=SYNC_ACKED))


def _vm_steps(store: LocalStore, call: Callable[[], object]) -> int:
    """SQLite virtual machine instructions `call` runs on the store's connection: grows
    with the rows a query reads, unlike a time on a loaded machine."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    db = store._db
    assert db is not None
    db.set_progress_handler(count, 1)
    try:
        call()
    finally:
        db.set_progress_handler(None, 1)
    return steps


def _plan(store: LocalStore, sql: str, params: tuple[Any, ...]) -> str:
    db = store._db
    assert db is not None
    return " | ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, params))


@pytest.fixture
def big_store(tmp_path: Path, clock: FakeClock) -> Iterator[LocalStore]:
    with LocalStore.open(tmp_path / "local.sqlite", device_id=DEVICE, clock=clock) as store:
        _fill(store)
        yield store


def test_outbox_and_device_seq_read_a_rowid_range_not_the_log(big_store: LocalStore) -> None:
    store = big_store
    assert "USING INTEGER PRIMARY KEY (rowid>?)" in _plan(store, floors.OUTBOX, (0, 200))
    assert "USING INTEGER PRIMARY KEY (rowid>?)" in _plan(store, floors.LAST_OWN_DEVICE_SEQ, (0,))
    # Floors at 0 (never advanced): the device_seq still reads from the newest row down.
    first = _answer(store)
    assert first.device_seq == SESSIONS * PER_SESSION * 9 // 10 + 1
    append_steps = _vm_steps(store, lambda: _answer(store))
    # The outbox before any ack reads the whole log once...
    full = _vm_steps(store, store.pending)
    store.mark_acked({first.id: (999_999, T0)})  # ... an ack moves its floor
    pending = [_answer(store) for _ in range(3)]
    outbox = _vm_steps(store, store.pending)
    assert [e.device_seq for e in store.pending()] == [first.device_seq + 1] + [
        e.device_seq for e in pending
    ]
    print("steps: full outbox", full, "outbox", outbox, "append", append_steps)
    # Reading 5,000 rows is ~3 steps a row; the range of 4 rows, a few hundred in all.
    assert full > 10_000
    assert outbox < full / 20, (outbox, full)
    assert append_steps < full / 10, append_steps


def test_resume_reads_the_session_not_the_log(big_store: LocalStore, clock: FakeClock) -> None:
    store = big_store
    with store._tx(write=True) as db:
        floors.advance(db)  # as the last acknowledgement left them
    pending = [_answer(store, session=7) for _ in range(3)]  # not in the session index
    path = store.path
    store.close()
    started = time.perf_counter()
    with LocalStore.open(path, device_id=DEVICE, clock=clock) as reopened:
        plan = _plan(reopened, floors.SESSION_FOLDED, (7, 0, 7))
        assert "USING INDEX ix_events_session_id_local_seq (session_id=?)" in plan
        assert "USING INTEGER PRIMARY KEY (rowid>?)" in plan
        state = reopened.state(7)
        assert [e.id for e in reopened.events(7)[-3:]] == [e.id for e in pending]
        steps = _vm_steps(reopened, lambda: reopened.causal_events(7))
        event = _answer(reopened, session=7)
    elapsed = time.perf_counter() - started
    assert state.state.session_id == 7
    assert event.device_seq == SESSIONS * PER_SESSION * 9 // 10 + 4
    print("steps: causal_events of one session of 100", steps)
    # ~22 steps a row returned (16 columns), ~3 a row skipped: a full read is over 17,000.
    assert steps < 50 * PER_SESSION, steps
    assert elapsed < 5.0  # generous: a loaded 2-core machine; ~0.05 s when quiet


def test_one_append_writes_one_wal_frame(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "local.sqlite"
    wal = path.with_name(path.name + "-wal")
    with LocalStore.open(path, device_id=DEVICE, clock=clock) as store:
        _answer(store)
        grown = []
        for _ in range(20):
            before = wal.stat().st_size
            _answer(store)
            grown.append(wal.stat().st_size - before)
    with closing(sqlite3.connect(path)) as db:
        page = int(db.execute("PRAGMA page_size").fetchone()[0])
    assert sorted(grown)[10] == page + 24  # the row's page: a pending row is in no index


def test_device_seq_never_goes_back_when_the_newest_events_are_wiped(
    tmp_path: Path, clock: FakeClock
) -> None:
    """A wipe of the newest rows lets SQLite give their local_seq again: neither floor may
    hide a new pending event or reuse a device_seq."""
    path = tmp_path / "local.sqlite"
    with LocalStore.open(path, device_id=DEVICE, clock=clock) as store:
        keep = _answer(store, session=1, cand=1)
        gone = [_answer(store, session=1, cand=2) for _ in range(3)]
        store.mark_acked({e.id: (i + 1, T0) for i, e in enumerate([keep, *gone])})
        assert store.delete_candidate_data(1, 2) == 3
        again = _answer(store, session=1, cand=3)
        assert again.device_seq == 5
        assert store.pending() == [again]
    with LocalStore.open(path, device_id=DEVICE, clock=clock) as store:
        assert store.pending() == [again]
        assert _answer(store, session=1, cand=3).device_seq == 6


def _old_store(path: Path) -> None:
    """A store as schema 0001 wrote it: counter 12 in meta (events 11 and 12 were wiped),
    own events 1-10 (8 acked, 9 and 10 pending) and a pulled one in between."""
    upgrade_schema(path, revision="0001")
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("BEGIN IMMEDIATE")
        for seq in range(1, 11):
            event = new_event(
                EventKind.FOCUS_LOST, session_id=1, candidate_id=1,
                payload={"challenge_id": f"c{seq}"}, device_id=DEVICE, device_seq=seq,
                monotonic_ms=seq, wall_time=T0,
            )  # fmt: skip
            acked = seq <= 8
            if acked:
                event = event.acknowledged(seq, T0)
            row = event_row(
                event, origin=ORIGIN_OWN, sync_state=SYNC_ACKED if acked else SYNC_PENDING
            )
            db.execute(INSERT_EVENT, row)
            if seq == 5:
                pulled = new_event(
                    EventKind.PRESENCE_CONFIRMED, session_id=1, candidate_id=1,
                    device_id="station", device_seq=1, monotonic_ms=0, wall_time=T0,
                ).acknowledged(100, T0)  # fmt: skip
                db.execute(
                    INSERT_EVENT, event_row(pulled, origin=ORIGIN_PULLED, sync_state=SYNC_ACKED)
                )
        db.execute("INSERT INTO meta (key, value) VALUES ('device_seq', '12')")
        db.execute("COMMIT")


def test_a_store_of_schema_0001_is_upgraded_without_losing_anything(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "local.sqlite"
    _old_store(path)
    with closing(sqlite3.connect(path)) as db:
        before = db.execute("SELECT * FROM events ORDER BY local_seq").fetchall()
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    with LocalStore.open(path, device_id=DEVICE, clock=clock) as store:
        assert [e.device_seq for e in store.pending()] == [9, 10]
        assert _answer(store, session=1).device_seq == 13  # the counter, not the log's 10
    with closing(sqlite3.connect(path)) as db:
        after = db.execute("SELECT * FROM events ORDER BY local_seq").fetchall()
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_USER_VERSION
    assert after[:-1] == before
    assert "ix_events_sync_state_local_seq" not in indexes
    assert "device_seq" not in meta
    assert (meta["device_seq_floor"], meta["device_seq_floor_at"]) == ("12", "11")
    assert meta["outbox_from"] == "10"  # local_seq of device_seq 9 (after the pulled one)


def _downgrade(path: Path, revision: str) -> None:
    """Alembic's downgrade on the store's file, plumbed as `upgrade_schema` does."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from app.services.store.sqlite_file import _MIGRATIONS_DIR, connect

    engine = create_engine(
        "sqlite+pysqlite://", creator=lambda: connect(path, busy_timeout_ms=5000)
    )
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS_DIR))
    try:
        with engine.connect() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, revision)
            if conn.in_transaction():
                conn.commit()
    finally:
        engine.dispose()


def test_downgrade_to_0001_puts_the_counter_and_the_index_back(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "local.sqlite"
    _old_store(path)
    with LocalStore.open(path, device_id=DEVICE, clock=clock) as store:
        assert _answer(store, session=1).device_seq == 13
    _downgrade(path, "0001")
    with closing(sqlite3.connect(path)) as db:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert meta["device_seq"] == "13"
    assert not {"device_seq_floor", "device_seq_floor_at", "outbox_from"} & set(meta)
    assert "ix_events_sync_state_local_seq" in indexes


def _events_schema(path: Path) -> tuple[list[Any], dict[str, str | None], int]:
    """(every events row, the events indexes' SQL by name, user_version)."""
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT * FROM events ORDER BY local_seq").fetchall()
        indexes = dict(
            db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'"
            )
        )
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return rows, indexes, int(db.execute("PRAGMA user_version").fetchone()[0])


def test_schema_0003_takes_pending_rows_out_of_the_indexes_and_back(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "local.sqlite"
    _old_store(path)
    upgrade_schema(path, revision="0002")
    rows_0002, indexes_0002, _ = _events_schema(path)
    assert indexes_0002["sqlite_autoindex_events_1"] is None  # the UNIQUE (id) constraint

    with LocalStore.open(path, device_id=DEVICE, clock=clock) as store:  # up to 0003
        assert [e.device_seq for e in store.pending()] == [9, 10]
    rows, indexes, version = _events_schema(path)
    assert (rows, version) == (rows_0002, 3)
    assert indexes == {
        "uq_events_id": "CREATE UNIQUE INDEX uq_events_id ON events (id) "
        "WHERE sync_state != 'pending'",
        "ix_events_session_id_local_seq": "CREATE INDEX ix_events_session_id_local_seq ON "
        "events (session_id, local_seq) WHERE sync_state != 'pending'",
    }
    with closing(sqlite3.connect(path)) as db:
        in_index = db.execute(
            "SELECT count(*) FROM events INDEXED BY uq_events_id "
            "WHERE id IS NOT NULL AND sync_state != 'pending'"
        ).fetchone()[0]
    assert in_index == len(rows) - 2  # all but the two pending events

    _downgrade(path, "0002")
    rows, indexes, version = _events_schema(path)
    assert (rows, indexes, version) == (rows_0002, indexes_0002, 2)


def test_an_acknowledged_or_refused_event_enters_the_indexes(
    tmp_path: Path, clock: FakeClock
) -> None:
    with LocalStore.open(tmp_path / "local.sqlite", device_id=DEVICE, clock=clock) as store:
        acked, refused, pending = (_answer(store, session=1) for _ in range(3))
        store.mark_acked({acked.id: (1, T0)})
        store.mark_refused(refused.id, "unknown_challenge")
        db = store._db
        assert db is not None
        indexed = {
            row[0]
            for row in db.execute(
                "SELECT id FROM events INDEXED BY uq_events_id "
                "WHERE id IS NOT NULL AND sync_state != 'pending'"
            )
        }
        assert indexed == {acked.id, refused.id}
        # A pulled copy of the pending one is recognised although no index holds it.
        assert store.record_pulled([pending.acknowledged(2, T0)]) == 0
        assert [e.id for e in store.events(1)] == [acked.id, refused.id, pending.id]
        assert store.pending() == []
        # The id stays unique among indexed rows.
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(
                INSERT_EVENT,
                event_row(acked.acknowledged(3, T0), origin=ORIGIN_OWN, sync_state=SYNC_ACKED),
            )
