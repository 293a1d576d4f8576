"""The background checkpoint lets the -wal file restart instead of growing (issue 22 item 3).

SQLite writes a commit at the start of the -wal file again (overwriting it) only when a
write finds every frame copied back; a commit that extends the file costs more than one
that overwrites it. Appends that land while a checkpoint runs leave frames behind it: the
checkpointer copies those too before it calls itself done.
"""

from __future__ import annotations

import sqlite3
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

    def fetchone(self) -> Any:
        return self._rows[0]


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
