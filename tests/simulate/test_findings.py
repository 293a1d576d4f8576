"""Findings of the resilience work (issue 9) that need a fix outside app/simulate.

Each test states the promise that is broken; it is marked xfail(strict=True) so the suite
stays green until the fix lands, and turns red (XPASS) the moment it is fixed, to remind
whoever fixes it to remove the marker.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.domain.clocks import SystemClock
from app.domain.events import Event, EventKind, new_event
from app.services.store import LocalStore

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
SID, CID = 3, 8


def server_event(kind: EventKind, seq: int, **payload: object) -> Event:
    event = new_event(kind, session_id=SID, candidate_id=CID, device_id="server-x",
                      device_seq=seq, monotonic_ms=0, wall_time=T0, payload=payload)
    return event.acknowledged(seq, T0)


def test_a_test_started_recorded_before_the_earlier_events_still_folds(tmp_path: Path) -> None:
    joined = server_event(EventKind.CANDIDATE_JOINED, 10)
    present = server_event(EventKind.PRESENCE_CONFIRMED, 11)
    started = server_event(
        EventKind.TEST_STARTED, 12, certification_number=1,
        challenges=[{"id": "q1", "competence": "1.1"}],
    )
    store = LocalStore.open(tmp_path / "k.sqlite", device_id="pc", clock=SystemClock())
    try:
        # A spare PC (or a rejoin) whose catch-up pull failed: only the TestStarted of
        # the /start answer is recorded (exam.py, _start_test).
        store.record_received([started])
        # The next pulls ask for events after last_seen_seq: the earlier ones never come.
        after = store.last_seen_seq(SID)
        store.record_pulled([e for e in (joined, present) if (e.server_seq or 0) > after])
        cand = store.state(SID).state.candidates.get(CID)
        assert cand is not None and cand.started
    finally:
        store.close()


def test_the_event_log_cache_lock_is_never_held_while_waiting_for_the_pool(
    tmp_path: Path,
) -> None:
    import threading

    import sqlalchemy as sa

    from app.server.db import make_sessionmaker, migrate
    from app.server.eventlog import EventLog
    from app.server.notify import Notifier

    engine = sa.create_engine(
        f"sqlite:///{tmp_path / 'server.sqlite'}", pool_size=1, max_overflow=0,
        pool_timeout=3, connect_args={"check_same_thread": False},
    )
    migrate(engine)
    sessions = make_sessionmaker(engine)
    log = EventLog(notifier=Notifier(), postgres=False)
    entry = log._entry(1)
    errors: list[BaseException] = []

    def reader() -> None:  # e.g. GET /api/invigilator/candidates after get_principal
        with sessions() as db:
            try:
                log.state(db, 1)
            except BaseException as exc:
                errors.append(exc)

    holder = sessions()  # e.g. a push: holds the only pooled connection...
    holder.execute(sa.text("SELECT 1"))
    thread = threading.Thread(target=reader)
    thread.start()
    deadline = threading.Event()
    for _ in range(100):  # let the reader reach the cache lock (if it takes it first)
        if entry.lock.locked():
            break
        deadline.wait(0.01)
    try:
        log.state(holder, 1)  # ...then needs the cache lock
    finally:
        holder.close()
        thread.join(30)
        engine.dispose()
    assert errors == []
