"""The local store's error sorting (app/services/store/errors.py), tested directly.

`classify` is the one place that decides whether a failure is the environment's (shown to
the person in French) or a bug (raised unchanged). The integration tests reach it through
a whole store; here each mapping is checked on its own, with errors SQLite really raises.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy.exc

from app.services.store import (
    CorruptStoreError,
    DiskFullError,
    ReadOnlyStoreError,
    StoreError,
    StoreLockedError,
    StoreTooNewError,
)
from app.services.store.errors import classify, sorted_errors


def _raised(run: Callable[[], object]) -> sqlite3.Error:
    """The sqlite3.Error that calling `run` raises."""
    with pytest.raises(sqlite3.Error) as excinfo:
        run()
    return excinfo.value


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(tmp_path / "t.sqlite", isolation_level=None, timeout=0)
    conn.execute("CREATE TABLE t (x BLOB)")
    yield conn
    conn.close()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (errno.ENOSPC, DiskFullError),
        (errno.EDQUOT, DiskFullError),
        (errno.EROFS, ReadOnlyStoreError),
        (errno.EACCES, ReadOnlyStoreError),
        (errno.EPERM, ReadOnlyStoreError),
        (errno.EIO, StoreError),
    ],
)
def test_os_errors_of_the_disk_map_to_their_store_error(
    tmp_path: Path, code: int, expected: type[StoreError]
) -> None:
    mapped = classify(OSError(code, "from the kernel"), tmp_path / "local.sqlite")
    assert type(mapped) is expected
    assert mapped.path == tmp_path / "local.sqlite"


def test_other_os_errors_are_bugs(tmp_path: Path) -> None:
    assert classify(OSError(errno.ENOENT, "no such file"), tmp_path) is None
    assert classify(OSError(errno.EBADF, "bad file descriptor"), tmp_path) is None


def test_a_full_database_is_disk_full(db: sqlite3.Connection, tmp_path: Path) -> None:
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    err = _raised(lambda: db.execute("INSERT INTO t VALUES (zeroblob(100000))"))
    assert isinstance(classify(err, tmp_path), DiskFullError)


def test_a_file_that_is_not_a_database_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "not-a-db.sqlite"
    path.write_bytes(b"this is not SQLite, " * 100)
    conn = sqlite3.connect(path)
    try:
        err = _raised(lambda: conn.execute("SELECT * FROM sqlite_master"))
    finally:
        conn.close()
    mapped = classify(err, path)
    assert isinstance(mapped, CorruptStoreError)
    assert str(path) in str(mapped)


def test_a_write_lock_held_elsewhere_is_locked(db: sqlite3.Connection, tmp_path: Path) -> None:
    other = sqlite3.connect(tmp_path / "t.sqlite", isolation_level=None, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        err = _raised(lambda: db.execute("BEGIN IMMEDIATE"))
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert isinstance(classify(err, tmp_path), StoreLockedError)


def test_a_read_only_connection_that_writes_is_read_only(
    db: sqlite3.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "t.sqlite"
    ro = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
    try:
        err = _raised(lambda: ro.execute("INSERT INTO t VALUES (1)"))
    finally:
        ro.close()
    assert isinstance(classify(err, path), ReadOnlyStoreError)


def test_cannot_open_is_read_only_only_where_writing_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "local.sqlite"
    err = _raised(lambda: sqlite3.connect(missing))
    assert isinstance(classify(err, missing), ReadOnlyStoreError)  # no writable folder

    a_directory = tmp_path / "local.sqlite"
    a_directory.mkdir()
    err = _raised(lambda: sqlite3.connect(a_directory))
    mapped = classify(err, a_directory)
    assert type(mapped) is StoreError  # the folder is writable: say what happened, plainly


def test_a_driver_error_wrapped_by_sqlalchemy_maps_like_the_driver_error(
    tmp_path: Path,
) -> None:
    path = tmp_path / "not-a-db.sqlite"
    path.write_bytes(b"x" * 4096)
    conn = sqlite3.connect(path)
    try:
        err = _raised(lambda: conn.execute("SELECT 1 FROM sqlite_master"))
    finally:
        conn.close()
    wrapped = sqlalchemy.exc.DatabaseError("SELECT 1 FROM sqlite_master", None, err)
    assert isinstance(classify(wrapped, path), CorruptStoreError)


def test_sorted_errors_raises_the_store_error_from_the_original(tmp_path: Path) -> None:
    original = OSError(errno.ENOSPC, "No space left on device")
    with pytest.raises(DiskFullError) as excinfo, sorted_errors(tmp_path / "local.sqlite"):
        raise original
    assert excinfo.value.__cause__ is original
    assert excinfo.value.path == tmp_path / "local.sqlite"


def test_sorted_errors_lets_bugs_through_untouched(tmp_path: Path) -> None:
    bug = ValueError("a programming error")
    with pytest.raises(ValueError) as excinfo, sorted_errors(tmp_path):
        raise bug
    assert excinfo.value is bug


def test_each_kind_of_failure_has_its_own_french_sentence() -> None:
    kinds = (
        StoreError,
        DiskFullError,
        CorruptStoreError,
        StoreLockedError,
        ReadOnlyStoreError,
        StoreTooNewError,
    )
    sentences = [kind.user_message_fr for kind in kinds]
    assert len(set(sentences)) == len(kinds)
    assert all("surveillant" in s or "responsable" in s for s in sentences)
