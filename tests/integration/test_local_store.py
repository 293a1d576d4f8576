"""LocalStore: the durable log of a kiosk must never lose an answer it acknowledged.

Covers durability across reopen and SIGKILL, the device_seq counter, the outbox, pulled
events, heartbeats, blobs, wiping, environmental errors (corrupt, full, read-only, locked)
and the schema: migrations match the models and the released sample database opens.
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.events import Event, EventKind, EventPayloadError, new_event
from app.models.local import SCHEMA_REVISION, SCHEMA_USER_VERSION, LocalBase
from app.services.store import (
    HEARTBEAT_RETENTION,
    CorruptStoreError,
    DiskFullError,
    LocalStore,
    NotYetSynced,
    ReadOnlyStoreError,
    StoreError,
    StoreLockedError,
    StoreTooNewError,
    upgrade_schema,
)
from app.services.store.rows import event_from_row
from tests.helpers.clock import FakeClock

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_V0001 = ROOT / "tests" / "data" / "local_store_v0001.sqlite"
DEVICE = "kiosk-07"
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(now=T0, monotonic_ms=1_000)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kiosk" / "local.sqlite"


@pytest.fixture
def store(db_path: Path, clock: FakeClock) -> Iterator[LocalStore]:
    with LocalStore.open(db_path, device_id=DEVICE, clock=clock) as opened:
        yield opened


def answer(store: LocalStore, challenge: str = "c1", *, session: int = 1, cand: int = 7) -> Event:
    return store.append(
        EventKind.ANSWER_SUBMITTED,
        session_id=session,
        candidate_id=cand,
        payload={"challenge_id": challenge, "answer": 1},
    )


def station_event(seq: int, server_seq: int, *, session: int = 1, cand: int = 7) -> Event:
    """An event of another device, as the server returns it on a pull."""
    return new_event(
        EventKind.PRESENCE_CONFIRMED,
        session_id=session,
        candidate_id=cand,
        device_id="station",
        device_seq=seq,
        monotonic_ms=seq,
        wall_time=T0,
    ).acknowledged(server_seq, T0 + timedelta(seconds=server_seq))


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------
# Durability and the device_seq counter


def test_appended_events_survive_reopen(db_path: Path, clock: FakeClock) -> None:
    with LocalStore.open(db_path, device_id=DEVICE, clock=clock) as store:
        first = store.append(EventKind.CANDIDATE_JOINED, session_id=1, candidate_id=7)
        clock.advance(1500)
        second = answer(store)
    assert db_path.exists()
    with LocalStore.open(db_path, device_id=DEVICE, clock=clock) as store:
        assert store.events(1) == [first, second]
        assert store.pending() == [first, second]
    assert second.monotonic_ms == 2_500
    assert second.wall_time == T0 + timedelta(milliseconds=1500)
    assert (second.device_id, second.server_seq) == (DEVICE, None)


def test_device_seq_is_gap_free_and_persists_across_reopen(db_path: Path, clock: FakeClock) -> None:
    seqs = []
    for _ in range(3):
        with LocalStore.open(db_path, device_id=DEVICE, clock=clock) as store:
            seqs += [answer(store, f"c{i}").device_seq for i in range(4)]
            # A bug in the caller (invalid payload) must not burn a number.
            with pytest.raises(EventPayloadError):
                store.append(EventKind.ANSWER_SUBMITTED, session_id=1, candidate_id=7)
    assert seqs == list(range(1, 13))


def test_device_seq_is_gap_free_under_concurrent_appends(store: LocalStore) -> None:
    def work(n: int) -> None:
        for i in range(25):
            answer(store, f"t{n}-{i}", cand=n + 1)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    events = store.events(1)
    assert sorted(e.device_seq for e in events) == list(range(1, 101))
    # Local order is the order of the counter: one transaction per event.
    assert [e.device_seq for e in events] == list(range(1, 101))


def test_seen_seq_is_the_last_pulled_server_seq(db_path: Path, clock: FakeClock) -> None:
    with LocalStore.open(db_path, device_id=DEVICE, clock=clock) as store:
        assert answer(store).seen_seq == 0
        store.record_pulled([station_event(1, 4), station_event(2, 9)])
        assert store.last_seen_seq(1) == 9
        assert store.last_seen_seq(2) == 0
        assert answer(store, "c2").seen_seq == 9
        assert answer(store, "c3", session=2).seen_seq == 0
    with LocalStore.open(db_path, device_id=DEVICE, clock=clock) as store:
        assert store.last_seen_seq(1) == 9


# ---------------------------------------------------------------------------
# Outbox, acknowledgements, refusals


def test_outbox_acks_and_refusals(store: LocalStore, clock: FakeClock) -> None:
    events = [answer(store, f"c{i}") for i in range(5)]
    assert store.pending() == events
    assert store.pending(limit=2) == events[:2]

    received = T0 + timedelta(minutes=1)
    store.mark_acked({events[0].id: (11, received), events[2].id: (12, received)})
    store.mark_refused(events[1].id, "test_ended: the test is over")

    assert store.pending() == [events[3], events[4]]
    assert store.refused() == [(events[1], "test_ended: the test is over")]
    stored = {e.id: e for e in store.events(1)}
    assert stored[events[0].id] == events[0].acknowledged(11, received)
    assert stored[events[2].id].server_seq == 12
    # Acks say nothing about other devices' events: the pull cursor does not move.
    assert store.last_seen_seq(1) == 0


def test_ack_of_unknown_or_refusal_of_acked_is_ignored_and_logged(
    store: LocalStore, caplog: pytest.LogCaptureFixture
) -> None:
    event = answer(store)
    store.mark_acked({event.id: (3, T0)})
    with caplog.at_level(logging.WARNING, logger="app.services.store"):
        store.mark_acked({"00000000-0000-4000-8000-000000000000": (4, T0)})
        store.mark_refused(event.id, "too late")
    assert store.refused() == []
    assert store.pending() == []
    assert len(caplog.records) == 2


# ---------------------------------------------------------------------------
# Pulled events


def test_pulled_events_are_stored_once(store: LocalStore) -> None:
    batch = [station_event(1, 1), station_event(2, 2)]
    assert store.record_pulled(batch) == 2
    assert store.record_pulled(batch) == 0
    assert store.record_pulled([*batch, station_event(3, 3)]) == 1
    assert [e.device_seq for e in store.events(1)] == [1, 2, 3]
    assert store.pending() == []  # pulled events are not ours to push
    assert store.last_seen_seq(1) == 3


def test_own_event_echoed_by_a_pull_is_acknowledged(store: LocalStore) -> None:
    """The push's answer was lost, but the event comes back from the server on a pull."""
    own = answer(store)
    other = answer(store, "c2")
    echo = own.acknowledged(21, T0 + timedelta(seconds=3))
    foreign = station_event(1, 20)
    assert store.record_pulled([foreign, echo]) == 1
    assert store.pending() == [other]
    assert store.events(1) == [echo, other, foreign]
    assert store.last_seen_seq(1) == 21


def test_an_acknowledged_own_event_keeps_its_number_when_a_pull_brings_it_back(
    store: LocalStore,
) -> None:
    """With a relay and central, numbers are the failover transport's virtual ones: the
    relay's ack gave an answer 5; once central is back, a pull from it brings the same
    answer with a new, larger number. Taking it would put the answer after events
    recorded later, and the kiosk's fold then refused it as given after the end (found by
    `examroom simulate --relay`: a kiosk's state differed from the server's, 0 answers
    lost)."""
    first, last = answer(store), answer(store, "c2")
    store.mark_acked({first.id: (5, T0), last.id: (6, T0)})
    again = first.acknowledged(50, T0 + timedelta(seconds=9))
    store.record_pulled([again])
    held = {e.id: e.server_seq for e in store.events(1)}
    assert held == {first.id: 5, last.id: 6}
    assert [e.id for e in store.events(1)] == [first.id, last.id]
    # nor when the push's own answer arrives after the pull did
    store.mark_acked({last.id: (51, T0)})
    assert {e.id: e.server_seq for e in store.events(1)} == {first.id: 5, last.id: 6}


def test_pulled_event_that_clashes_with_a_stored_id_keeps_the_stored_one(
    store: LocalStore, caplog: pytest.LogCaptureFixture
) -> None:
    own = answer(store)
    impostor = station_event(1, 5).model_copy(update={"id": own.id})
    with caplog.at_level(logging.ERROR, logger="app.services.store"):
        assert store.record_pulled([impostor]) == 0
    assert store.events(1) == [own]
    assert "differs from the stored one" in caplog.text


# ---------------------------------------------------------------------------
# Reading the log and folding it


def test_state_folds_the_session_log(store: LocalStore) -> None:
    store.append(EventKind.CANDIDATE_JOINED, session_id=1, candidate_id=7)
    store.append(EventKind.CANDIDATE_JOINED, session_id=2, candidate_id=8)
    result = store.state(1)
    assert set(result.state.candidates) == {7}
    assert result.refused == []
    assert store.state(3).state.candidates == {}  # an empty log folds too


# ---------------------------------------------------------------------------
# Heartbeats


def test_heartbeats_are_durable_and_queryable(db_path: Path, clock: FakeClock) -> None:
    with LocalStore.open(db_path, device_id=DEVICE, clock=clock) as store:
        first = store.beat(session_id=1, candidate_id=7, challenge_id="c1", countdown_elapsed_ms=0)
        clock.advance(5_000)
        second = store.beat(
            session_id=1, candidate_id=7, challenge_id="c1", countdown_elapsed_ms=5_000
        )
        store.beat(session_id=2)
        boot_before = store.boot_id
    clock.reboot(off_ms=12 * 60_000)  # a 12-minute power cut
    with LocalStore.open(db_path, device_id=DEVICE, clock=clock) as store:
        last = store.last_heartbeat(1)
        assert last == second
        assert last is not None and last.boot_id == boot_before
        assert last.countdown_elapsed_ms == 5_000
        assert store.heartbeats(session_id=1) == [first, second]
        assert store.heartbeats(since=T0 + timedelta(seconds=1), session_id=1) == [second]
        assert len(store.heartbeats()) == 3
        outage = clock.now() - last.wall_time
        assert outage == timedelta(minutes=12)
        assert store.last_heartbeat(99) is None


def test_boot_id_differs_between_processes(store: LocalStore) -> None:
    code = "from app.services.store import BOOT_ID; print(BOOT_ID)"
    other = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert len(other) == 32
    assert other != store.boot_id


def test_old_heartbeats_are_pruned_but_the_last_of_a_session_is_kept(
    store: LocalStore, clock: FakeClock
) -> None:
    store.beat(session_id=1)
    store.beat(session_id=2)
    kept_for_session_2 = store.beat(session_id=2)
    clock.advance(int(HEARTBEAT_RETENTION.total_seconds() * 1000) - 1_000)
    recent = store.beat(session_id=1)
    assert store.prune_heartbeats() == 0
    clock.advance(2_000)
    assert store.prune_heartbeats() == 2
    assert store.heartbeats() == [kept_for_session_2, recent]


# ---------------------------------------------------------------------------
# Blobs and wiping a candidate


def test_blobs_are_stored_replaced_and_read(db_path: Path, clock: FakeClock) -> None:
    package = os.urandom(50_000)
    with LocalStore.open(db_path, device_id=DEVICE, clock=clock) as store:
        assert store.get_blob("package:1:7") is None
        store.put_blob("package:1:7", b"old", session_id=1, candidate_id=7)
        store.put_blob("package:1:7", package, session_id=1, candidate_id=7)
    with LocalStore.open(db_path, device_id=DEVICE, clock=clock) as store:
        assert store.get_blob("package:1:7") == package


def test_candidate_data_is_wiped_only_once_everything_is_acknowledged(
    store: LocalStore,
) -> None:
    mine = [store.append(EventKind.CANDIDATE_JOINED, session_id=1, candidate_id=7), answer(store)]
    theirs = answer(store, cand=8)
    launched = store.append(EventKind.TEST_LAUNCHED, session_id=1)
    pulled = station_event(1, 1)
    store.record_pulled([pulled])
    store.put_blob("package:1:7", b"secret", session_id=1, candidate_id=7)
    store.put_blob("package:1:8", b"other", session_id=1, candidate_id=8)
    store.beat(session_id=1, candidate_id=7)

    with pytest.raises(NotYetSynced) as excinfo:
        store.delete_candidate_data(1, 7)
    assert (excinfo.value.pending, excinfo.value.refused) == (2, 0)
    store.mark_acked({mine[0].id: (2, T0)})
    assert store.get_blob("package:1:7") == b"secret"  # nothing was deleted

    # A refused event was answered by the server: it does not hold the wipe back.
    store.mark_refused(mine[1].id, "refused")
    assert store.delete_candidate_data(1, 7) == 3  # two own events and the pulled one
    assert store.events(1) == [theirs, launched]
    assert store.get_blob("package:1:7") is None
    assert store.get_blob("package:1:8") == b"other"
    assert store.last_heartbeat(1) is None
    later = answer(store, "c9", cand=9)
    assert later.device_seq == 5  # the counter never goes back

    # A later pull (e.g. after=0 on a resync) must not bring the wiped data back.
    echo = [mine[0].acknowledged(2, T0), station_event(9, 40)]
    assert store.record_pulled(echo) == 0
    assert store.events(1) == [theirs, launched, later]
    assert store.last_seen_seq(1) == 40


# ---------------------------------------------------------------------------
# SIGKILL right after append returned

_CHILD = """
import os, signal, sys
from pathlib import Path
from app.domain.clocks import SystemClock
from app.domain.events import EventKind
from app.services.store import LocalStore

path, stop_after = Path(sys.argv[1]), int(sys.argv[2])
store = LocalStore.open(path, device_id="kiosk-kill", clock=SystemClock())
i = 0
while True:
    event = store.append(
        EventKind.ANSWER_SUBMITTED, session_id=1, candidate_id=1,
        payload={"challenge_id": f"c{i}", "answer": {"texte": "x" * 200}},
    )
    # Reported only once append returned, i.e. once the screen could have moved on.
    os.write(1, (event.id + "\\n").encode())
    i += 1
    if i == stop_after:
        os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.slow
def test_an_acknowledged_append_survives_sigkill(tmp_path: Path) -> None:
    """Kill the writer right after append returned (or at a random moment) many times."""
    path = tmp_path / "kill.sqlite"
    rng = random.Random(2026)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    acknowledged: list[str] = []
    for round_ in range(30):
        self_kill = round_ % 2 == 0
        stop_after = rng.randint(1, 15) if self_kill else 0  # 0: never stops by itself
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(path), str(stop_after)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert child.stdout is not None
        if not self_kill:
            # The parent kills it while it is appending, wherever it happens to be.
            for _ in range(rng.randint(1, 15)):
                line = child.stdout.readline()
                assert line, child.stderr.read() if child.stderr else ""
                acknowledged.append(line.decode().strip())
            os.kill(child.pid, signal.SIGKILL)
        out, err = child.communicate(timeout=60)
        assert child.returncode == -signal.SIGKILL, err.decode()
        acknowledged += [line for line in out.decode().split("\n") if line]

        with LocalStore.open(path, device_id="kiosk-kill", clock=FakeClock()) as store:
            events = store.events(1)
        ids = {e.id for e in events}
        missing = [i for i in acknowledged if i not in ids]
        assert not missing, f"round {round_}: lost acknowledged appends {missing}"
        assert [e.device_seq for e in events] == list(range(1, len(events) + 1))
    assert len(acknowledged) >= 30


# ---------------------------------------------------------------------------
# Environmental errors: sorted, and the file is never touched


def test_garbage_file_is_corrupt_and_left_untouched(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "local.sqlite"
    path.write_bytes(random.Random(1).randbytes(64 * 1024))
    before = file_digest(path)
    with pytest.raises(CorruptStoreError) as excinfo:
        LocalStore.open(path, device_id=DEVICE, clock=clock)
    assert file_digest(path) == before
    error = excinfo.value
    assert error.path == path
    assert "corrupt" in str(error)
    assert "illisibles" in error.user_message_fr
    assert isinstance(error, StoreError)


def test_damaged_database_pages_are_corrupt_and_left_untouched(
    db_path: Path, clock: FakeClock
) -> None:
    with LocalStore.open(db_path, device_id=DEVICE, clock=clock) as store:
        for i in range(200):
            answer(store, f"c{i}")
    data = bytearray(db_path.read_bytes())
    page = 4096
    data[2 * page : len(data)] = random.Random(2).randbytes(len(data) - 2 * page)
    db_path.write_bytes(bytes(data))
    before = file_digest(db_path)
    with pytest.raises(CorruptStoreError):
        store = LocalStore.open(db_path, device_id=DEVICE, clock=clock)
        try:
            store.events(1)
        finally:
            store.close()
    assert file_digest(db_path) == before


def test_quarantine_moves_the_file_and_its_wal_aside(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "local.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    wal = tmp_path / "local.sqlite-wal"
    wal.write_bytes(b"stale wal")
    with pytest.raises(CorruptStoreError):
        LocalStore.open(path, device_id=DEVICE, clock=clock)
    moved = LocalStore.quarantine(path, now=T0)
    assert moved == tmp_path / "local.sqlite.quarantined-20261123T090000Z"
    assert moved.read_bytes() == b"not a database at all" * 100
    assert (tmp_path / "local.sqlite.quarantined-20261123T090000Z-wal").read_bytes() == (
        b"stale wal"
    )
    assert not path.exists() and not wal.exists()
    # A second quarantine at the same second never overwrites the first.
    path.write_bytes(b"again")
    second = LocalStore.quarantine(path, now=T0)
    assert second != moved and second.read_bytes() == b"again"
    with LocalStore.open(path, device_id=DEVICE, clock=clock) as store:
        assert answer(store).device_seq == 1


def test_another_programs_database_is_refused_untouched(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE notes (body TEXT)")
        other.execute("INSERT INTO notes VALUES ('keep me')")
    other.close()
    before = file_digest(path)
    with pytest.raises(CorruptStoreError, match="not an examroom local store"):
        LocalStore.open(path, device_id=DEVICE, clock=clock)
    assert file_digest(path) == before


def test_store_from_a_newer_version_is_refused(db_path: Path, clock: FakeClock) -> None:
    LocalStore.open(db_path, device_id=DEVICE, clock=clock).close()
    with sqlite3.connect(db_path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_USER_VERSION + 1}")
    db.close()
    with pytest.raises(StoreTooNewError) as excinfo:
        LocalStore.open(db_path, device_id=DEVICE, clock=clock)
    assert "version plus récente" in excinfo.value.user_message_fr


def test_disk_full_raises_and_keeps_what_was_written(store: LocalStore) -> None:
    kept = [answer(store, f"c{i}") for i in range(3)]
    # WORKAROUND: max_page_count is a per-connection limit, so it is set on the store's
    # own connection; SQLite then fails with SQLITE_FULL exactly as on a full disk.
    page_count = store._db.execute("PRAGMA page_count").fetchone()[0]  # type: ignore[union-attr]
    store._outside_transaction(f"PRAGMA max_page_count = {page_count}")
    with pytest.raises(DiskFullError) as excinfo:
        for i in range(10_000):
            store.append(
                EventKind.ANSWER_SUBMITTED,
                session_id=1,
                candidate_id=7,
                payload={"challenge_id": f"x{i}", "answer": {"texte": "y" * 3000}},
            )
    assert "plein" in excinfo.value.user_message_fr
    written = store.events(1)
    assert written[:3] == kept
    assert [e.device_seq for e in written] == list(range(1, len(written) + 1))
    # Space comes back (here: the limit is lifted): the counter resumes without a gap.
    store._outside_transaction("PRAGMA max_page_count = 1073741823")
    assert answer(store, "after").device_seq == len(written) + 1


@contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """Make files and directories unwritable, even for root (immutable attribute)."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in paths}
        for p in paths:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    chattr = shutil.which("chattr")
    done: list[Path] = []
    try:
        for p in paths:
            if (
                chattr is None
                or subprocess.run([chattr, "+i", str(p)], capture_output=True).returncode
            ):
                pytest.skip("running as root without a way to make a directory read-only")
            done.append(p)
        yield
    finally:
        for p in done:
            subprocess.run([str(chattr), "-i", str(p)], check=True)


def test_read_only_directory_for_a_new_store(tmp_path: Path, clock: FakeClock) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only(folder), pytest.raises(ReadOnlyStoreError) as excinfo:
        LocalStore.open(folder / "local.sqlite", device_id=DEVICE, clock=clock)
    assert "lecture seule" in excinfo.value.user_message_fr
    with read_only(folder), pytest.raises(ReadOnlyStoreError):
        LocalStore.open(folder / "sub" / "local.sqlite", device_id=DEVICE, clock=clock)


def test_read_only_existing_store(db_path: Path, clock: FakeClock) -> None:
    with LocalStore.open(db_path, device_id=DEVICE, clock=clock) as store:
        answer(store)
    before = file_digest(db_path)
    with read_only(db_path, db_path.parent), pytest.raises(ReadOnlyStoreError):
        LocalStore.open(db_path, device_id=DEVICE, clock=clock)
    assert file_digest(db_path) == before
    with LocalStore.open(db_path, device_id=DEVICE, clock=clock) as store:
        assert len(store.events(1)) == 1


def test_store_locked_by_another_writer(db_path: Path, clock: FakeClock) -> None:
    with LocalStore.open(db_path, device_id=DEVICE, clock=clock, busy_timeout_ms=100) as store:
        answer(store)
        other = sqlite3.connect(db_path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            with pytest.raises(StoreLockedError) as excinfo:
                answer(store, "c2")
            assert "autre programme" in excinfo.value.user_message_fr
            assert len(store.events(1)) == 1  # WAL: reading still works meanwhile
            other.execute("ROLLBACK")
        finally:
            other.close()
        assert answer(store, "c3").device_seq == 2


def test_store_held_exclusively_by_another_process_cannot_be_opened(
    db_path: Path, clock: FakeClock
) -> None:
    LocalStore.open(db_path, device_id=DEVICE, clock=clock).close()
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("PRAGMA locking_mode = EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreLockedError):
            LocalStore.open(db_path, device_id=DEVICE, clock=clock, busy_timeout_ms=100)
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_bugs_are_not_disguised_as_store_errors(store: LocalStore, tmp_path: Path) -> None:
    from app.services.store.errors import classify

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (x INTEGER UNIQUE)")
    db.execute("INSERT INTO t VALUES (1)")
    for bad_sql in ("SELEC 1", "INSERT INTO t VALUES (1)", "SELECT * FROM missing"):
        with pytest.raises(sqlite3.Error) as excinfo:
            db.execute(bad_sql)
        assert classify(excinfo.value, tmp_path) is None, bad_sql
    db.close()
    with pytest.raises(ValueError, match="timezone-aware"):
        store.mark_acked({answer(store).id: (1, datetime(2026, 1, 1))})
    store.close()
    with pytest.raises(RuntimeError, match="closed"):
        answer(store)


# ---------------------------------------------------------------------------
# Schema: migrations, version check, released samples


def test_new_store_is_at_head_and_migrations_match_the_models(db_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    db_path.parent.mkdir()
    upgrade_schema(db_path)
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_USER_VERSION
        assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            SCHEMA_REVISION
        )
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), LocalBase.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_opening_a_store_at_head_does_not_import_alembic(db_path: Path, clock: FakeClock) -> None:
    LocalStore.open(db_path, device_id=DEVICE, clock=clock).close()
    code = (
        "import sys; from pathlib import Path\n"
        "from app.domain.clocks import SystemClock\n"
        "from app.services.store import LocalStore\n"
        f"LocalStore.open(Path({str(db_path)!r}), device_id='k', clock=SystemClock()).close()\n"
        "print('alembic' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_sample_v0001_opens_migrates_and_folds(tmp_path: Path, clock: FakeClock) -> None:
    """STYLE item 9: a kiosk upgraded in the middle of a test finds its log intact."""
    before = file_digest(SAMPLE_V0001)
    path = tmp_path / "local.sqlite"
    shutil.copy(SAMPLE_V0001, path)
    with LocalStore.open(path, device_id="kiosk-salle-B-07", clock=clock) as store:
        events = store.events(1)
        assert [e.kind for e in events][:4] == [
            EventKind.TEST_LAUNCHED,
            EventKind.CANDIDATE_JOINED,
            EventKind.PRESENCE_CONFIRMED,
            EventKind.TEST_STARTED,
        ]
        assert len(events) == 9
        assert [e.device_seq for e in store.pending()] == [5, 6]
        [(refused, reason)] = store.refused()
        assert refused.kind == EventKind.FOCUS_LOST and reason.startswith("unknown_challenge")
        assert store.last_seen_seq(1) == 6
        assert store.get_blob("package:1:7") == bytes(range(256)) * 4
        beat = store.last_heartbeat(1)
        assert beat is not None and beat.countdown_elapsed_ms == 5_000

        result = store.state(1)
        candidate = result.state.candidates[7]
        assert set(candidate.answers) == {"rec-c1", "rec-c2"}
        assert candidate.current_challenge == "rec-c3"
        assert result.refused == []  # the refused event is left out of the fold

        # The device goes on where it stopped.
        assert answer(store, "rec-c3", cand=7).device_seq == 7
    assert file_digest(SAMPLE_V0001) == before


# ---------------------------------------------------------------------------
# Property: any interleaving keeps device_seq gap-free and ids unique

_op = st.one_of(
    st.tuples(st.just("append"), st.integers(1, 2), st.integers(1, 3)),
    st.tuples(st.just("push"), st.integers(0, 6), st.booleans()),  # booleans: ack lost
    st.tuples(st.just("foreign"), st.integers(1, 2), st.integers(1, 3)),
    st.tuples(st.just("pull"), st.integers(1, 2), st.booleans()),  # booleans: resend all
    st.tuples(st.just("reopen"), st.just(0), st.just(0)),
    st.tuples(st.just("refuse"), st.just(0), st.booleans()),  # booleans: accepted later
)


def _scanned(store: LocalStore, session: int) -> list[Event]:
    """A session's events read by a full scan of the table, no index: what the store's
    indexed reads must give (own pending rows are in no index, schema 0003)."""
    db = store._db
    assert db is not None
    rows = db.execute(
        "SELECT * FROM events NOT INDEXED WHERE session_id = ? ORDER BY local_seq", (session,)
    ).fetchall()
    return [event_from_row(row) for row in rows]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(ops=st.lists(_op, max_size=30))
def test_any_interleaving_keeps_device_seq_gap_free_and_ids_unique(
    ops: list[tuple[str, int, int | bool]],
) -> None:
    clock = FakeClock(now=T0)
    server_log: list[Event] = []  # what the simulated server holds, in server_seq order
    own_ids: list[str] = []
    refused_ids: set[str] = set()
    station_seq = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "local.sqlite"
        store = LocalStore.open(path, device_id=DEVICE, clock=clock)
        try:
            for op, a, b in ops:
                clock.advance(1_000)
                if op == "append":
                    own_ids.append(answer(store, f"c{len(own_ids)}", session=a, cand=int(b)).id)
                elif op == "push":
                    batch = store.pending(limit=a)
                    acks = {}
                    for event in batch:
                        if any(e.id == event.id for e in server_log):
                            continue  # the server stores an event once
                        server_log.append(event.acknowledged(len(server_log) + 1, clock.now()))
                        acks[event.id] = (len(server_log), clock.now())
                    if not b:
                        store.mark_acked(acks)
                elif op == "foreign":
                    for _ in range(int(b)):
                        station_seq += 1
                        server_log.append(
                            station_event(station_seq, len(server_log) + 1, session=a)
                        )
                elif op == "pull":
                    after = 0 if b else store.last_seen_seq(a)
                    store.record_pulled(
                        e for e in server_log if e.session_id == a and (e.server_seq or 0) > after
                    )
                    # Pulling after last_seen_seq misses nothing the server holds.
                    held = {e.id for e in store.events(a)}
                    assert {e.id for e in server_log if e.session_id == a} <= held
                elif op == "refuse":
                    for event in store.pending(limit=1):
                        if any(e.id == event.id for e in server_log):
                            continue  # the server answers an event it holds with an ack
                        store.mark_refused(event.id, "unknown_challenge")
                        refused_ids.add(event.id)
                        if b:  # a server that accepts it after all (a relay's answer)
                            server_log.append(event.acknowledged(len(server_log) + 1, T0))
                            store.mark_acked({event.id: (len(server_log), T0)})
                else:
                    store.close()
                    store = LocalStore.open(path, device_id=DEVICE, clock=clock)

                for session in (1, 2):
                    assert store.events(session) == _scanned(store, session)
                everything = store.events(1) + store.events(2)
                ids = [e.id for e in everything]
                assert len(ids) == len(set(ids))
                own = sorted(e.device_seq for e in everything if e.device_id == DEVICE)
                assert own == list(range(1, len(own_ids) + 1))
                assert {e.id for e in everything if e.device_id == DEVICE} == set(own_ids)

            # Once everything is pulled, every event the server holds is acknowledged here.
            for session in (1, 2):
                store.record_pulled(e for e in server_log if e.session_id == session)
                assert store.last_seen_seq(session) == max(
                    (e.server_seq or 0 for e in server_log if e.session_id == session), default=0
                )
            on_server = {e.id for e in server_log}
            assert {e.id for e in store.pending(limit=10_000)} == (
                set(own_ids) - on_server - refused_ids
            )
            stored = {e.id: e for e in store.events(1) + store.events(2)}
            assert on_server <= set(stored)
            for e in server_log:
                assert stored[e.id].server_seq == e.server_seq
            assert store._db is not None
            assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            store.close()


def test_state_leaves_out_events_the_server_refused(store: LocalStore) -> None:
    joined = store.append(EventKind.CANDIDATE_JOINED, session_id=1, candidate_id=7)
    store.mark_refused(joined.id, "entries_closed")
    assert 7 not in store.state(1).state.candidates
    assert store.events(1) == [joined]


def test_state_folds_in_causal_order(store: LocalStore) -> None:
    """Server order for what the server sequenced; own pending events after what they saw."""

    def server(kind: EventKind, seq: int, **payload: object) -> Event:
        return new_event(kind, session_id=1, candidate_id=7, device_id="server", device_seq=seq,
                         monotonic_ms=0, wall_time=T0, payload=payload).acknowledged(seq, T0)

    started = server(EventKind.TEST_STARTED, 12, certification_number=1,
                     challenges=[{"id": "c1", "competence": "1.1"},
                                 {"id": "c2", "competence": "1.1"}])
    store.record_received([started])  # from a /start answer, before the pull
    assert store.last_seen_seq(1) == 0
    # The server records the join for this kiosk: the test belongs to this PC (issue 17).
    store.record_pulled([server(EventKind.CANDIDATE_JOINED, 10, device_id=DEVICE),
                         station_event(1, 11)])  # presence
    first = answer(store, "c1")
    store.mark_acked({first.id: (20, T0)})
    ended = store.append(EventKind.TEST_ENDED, session_id=1, candidate_id=7,
                         payload={"by": "candidate"})
    assert ended.seen_seq == 11  # the pull position; its own acked answer (20) comes first
    result = store.state(1)
    cand = result.state.candidates[7]
    assert result.refused == []
    assert cand.started and "c1" in cand.answers and cand.ended


def test_the_schema_constants_match_the_declared_tables() -> None:
    """The store reads names from local_schema (no SQLAlchemy at start-up): keep in step."""
    from app.models import local, local_schema

    assert tuple(c.name for c in local.events_table.columns) == local_schema.EVENT_COLUMNS
    assert tuple(c.name for c in local.heartbeats_table.columns) == (
        local_schema.HEARTBEAT_COLUMNS)
    assert local.events_table.name == local_schema.EVENTS_TABLE
    assert local.heartbeats_table.name == local_schema.HEARTBEATS_TABLE


def test_stores_created_at_once_in_one_process_all_get_the_whole_schema(
    tmp_path: Path, clock: FakeClock
) -> None:
    """Alembic's context is process-global: without a lock, 25 kiosks of a simulator pack
    opening their new stores together left some with half a schema."""
    from concurrent.futures import ThreadPoolExecutor

    paths = [tmp_path / f"kiosk-{i}.sqlite" for i in range(12)]

    def open_and_close(path: Path) -> int:
        with LocalStore.open(path, device_id=path.stem, clock=clock) as store:
            store.append(EventKind.FOCUS_LOST, session_id=1, candidate_id=1,
                         payload={"challenge_id": "c"})
            return len(store.events(1))

    with ThreadPoolExecutor(12) as pool:
        assert list(pool.map(open_and_close, paths)) == [1] * 12
