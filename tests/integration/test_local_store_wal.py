"""The background checkpoint lets the -wal file restart instead of growing (issue 22 item 3).

SQLite writes a commit at the start of the -wal file again (overwriting it) only when a
write that began after every frame was copied back; a commit that extends the file costs
more than one that overwrites it. Appends that land while a checkpoint runs leave frames
behind it: the checkpointer copies those too before it calls itself done, the last of
them under the writer's lock, so that no commit is under way when it ends.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from app.services.store.sqlite_file import Checkpointer, connect


class _WritesDuringFirstRound:
    """The checkpointer's connection, with `rows` committed by `writer` right after its
    first checkpoint round: the appends a busy kiosk makes while a checkpoint runs."""

    def __init__(self, db: sqlite3.Connection, writer: sqlite3.Connection, rows: int) -> None:
        self._db, self._writer, self._rows, self.rounds = db, writer, rows, 0

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        cursor = self._db.execute(sql, *args)
        self.rounds += 1
        if self.rounds == 1:
            rows = cursor.fetchall()
            for n in range(self._rows):
                _insert(self._writer, n)
            return _Rows(rows)  # type: ignore[return-value]
        return cursor

    def close(self) -> None:
        self._db.close()


class _Rows:
    def __init__(self, rows: list[Any]) -> None:
        self._rows = rows

    def fetchall(self) -> list[Any]:
        return self._rows


def _insert(db: sqlite3.Connection, n: int) -> None:
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO t (body) VALUES (?)", (f"{n:04d}" * 250,))
    db.execute("COMMIT")


def test_frames_written_during_a_checkpoint_are_copied_back_too(tmp_path: Path) -> None:
    path = tmp_path / "wal.sqlite"
    writer = connect(path, busy_timeout_ms=5000)
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # only the checkpointer checkpoints
    writer.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    for n in range(100):
        _insert(writer, n)
    checkpointer = Checkpointer(path, busy_timeout_ms=5000)
    spy = _WritesDuringFirstRound(checkpointer._db, writer, rows=20)
    checkpointer._db = spy  # type: ignore[assignment]
    try:
        checkpointer.wrote(urgent=True)
        checkpointer.settle()
        wal = path.with_name(path.name + "-wal")
        grown = wal.stat().st_size
        _insert(writer, 1000)
        # Every frame was copied back, so this commit restarted the WAL at its start.
        assert wal.stat().st_size == grown
        assert spy.rounds >= 2
    finally:
        checkpointer.close()
        writer.close()


def _wal_grows_after_a_commit_under_way(path: Path, *, writer_lock: bool) -> bool:
    """A write transaction begins during the checkpoint's first round and commits once
    the checkpoint has ended (or after 0.5 s, if the checkpoint waits for it): does the
    commit after that one still extend the -wal file?"""
    writer = connect(path, busy_timeout_ms=5000)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    for n in range(100):
        _insert(writer, n)
    lock = threading.RLock()
    checkpointer = Checkpointer(
        path, busy_timeout_ms=5000, writer_lock=lock if writer_lock else None
    )
    began = threading.Event()
    writers: list[threading.Thread] = []

    def under_way() -> None:
        with lock:  # as LocalStore._tx holds it
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("INSERT INTO t (body) VALUES ('under way')")
            began.set()
            deadline = time.monotonic() + 0.5
            while checkpointer._running and time.monotonic() < deadline:
                time.sleep(0.01)
            writer.execute("COMMIT")

    first_round = checkpointer._round

    def round_with_a_writer() -> int | None:
        if not writers:
            writers.append(threading.Thread(target=under_way, daemon=True))
            writers[0].start()
            began.wait(5)
        return first_round()

    checkpointer._round = round_with_a_writer  # type: ignore[method-assign]
    try:
        checkpointer.wrote(urgent=True)
        checkpointer.settle()
        writers[0].join(5)  # its COMMIT, when the checkpoint did not wait for it
        wal = path.with_name(path.name + "-wal")
        size = wal.stat().st_size
        _insert(writer, 1000)
        return wal.stat().st_size > size
    finally:
        checkpointer.close()
        writer.close()


def test_a_commit_under_way_when_the_checkpoint_ends_no_longer_keeps_the_wal_growing(
    tmp_path: Path,
) -> None:
    # The cause: without the writer's lock, the commit that was under way lands after the
    # last round, behind it, and the next commit cannot restart the file.
    assert _wal_grows_after_a_commit_under_way(tmp_path / "a.sqlite", writer_lock=False)
    # The last round waits for that commit and copies it back: the next one restarts it.
    assert not _wal_grows_after_a_commit_under_way(tmp_path / "b.sqlite", writer_lock=True)
