"""The local store's SQLite file: connection, read-only probe, schema, quarantine, checkpoints.

Everything here is about the file rather than what is in it: how a connection is made
durable (WAL, `synchronous=FULL`, STYLE item 7), how an existing file is looked at
read-only before anything writes to it (`probe`), how it is brought to the head schema
(`ensure_schema`, Alembic only when behind), how a file that cannot be used is moved aside
with its side files (`quarantine`), and the background thread that merges the WAL back
(`Checkpointer`). `LocalStore` (local_store.py) composes these; it never touches a file
it has not probed.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from app.models.local_head import HEAD_DDL, HEAD_META
from app.models.local_schema import SCHEMA_REVISION, SCHEMA_USER_VERSION
from app.services.store.errors import CorruptStoreError, StoreTooNewError

logger = logging.getLogger(__name__)

_MIGRATIONS_DIR: Final = Path(__file__).resolve().parents[2] / "models" / "migrations" / "local"
_CHECKPOINT_IDLE_S: Final = 10.0
"""The checkpointer merges the WAL at the latest this long after the last write."""
_CHECKPOINT_ROUNDS: Final = 4
"""PASSIVE checkpoints per wake-up at most, to catch up with frames written meanwhile."""


def connect(path: Path, *, busy_timeout_ms: int) -> sqlite3.Connection:
    """A connection whose every commit is durable, and whose transactions we delimit.

    `isolation_level=None` switches off the driver's implicit BEGIN: the store writes BEGIN
    IMMEDIATE itself (the write lock is taken up front rather than failing half-way when
    another process writes), and DDL becomes transactional, so a migration is atomic.
    Only for a file known to be ours (or new): `journal_mode = WAL` rewrites the header.
    """
    db = sqlite3.connect(
        path,
        isolation_level=None,
        check_same_thread=False,  # the store's lock serialises access instead
        timeout=busy_timeout_ms / 1000,
    )
    try:
        db.row_factory = sqlite3.Row
        db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms):d}")
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            # WORKAROUND: WAL needs shared memory, which network file systems lack; with a
            # rollback journal and synchronous=FULL commits are still durable, only slower.
            logger.warning("local store %s: journal_mode is %s, not WAL", path, mode)
        db.execute("PRAGMA synchronous = FULL")
        # macOS only (no-op elsewhere): its fsync() does not flush the drive's cache.
        db.execute("PRAGMA fullfsync = ON")
        db.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        db.close()
        raise
    return db


@dataclass(frozen=True, slots=True)
class _SchemaInfo:
    user_version: int
    revision: str | None
    tables: frozenset[str]

    @property
    def at_head(self) -> bool:
        return self.user_version == SCHEMA_USER_VERSION and self.revision == SCHEMA_REVISION


def _read_schema(db: sqlite3.Connection) -> _SchemaInfo:
    db.execute("BEGIN")
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        tables = frozenset(
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        )
        revision = None
        if "alembic_version" in tables:
            found = db.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = None if found is None else str(found[0])
    finally:
        db.execute("COMMIT")
    return _SchemaInfo(version, revision, tables)


def _check_ours(info: _SchemaInfo, path: Path) -> None:
    """Refuse a file this program must not write to (newer schema, other program)."""
    if info.user_version > SCHEMA_USER_VERSION:
        raise StoreTooNewError(
            f"{path}: schema version {info.user_version} is newer than this program's "
            f"{SCHEMA_USER_VERSION}",
            path=path,
        )
    if info.tables and "alembic_version" not in info.tables:
        # Some other program's SQLite file: adding our tables to it would damage it.
        raise CorruptStoreError(
            f"{path}: not an examroom local store (tables: {sorted(info.tables)})", path=path
        )


def probe(path: Path, *, busy_timeout_ms: int) -> None:
    """Look at an existing file through a READ-ONLY connection before writing anything.

    Why: a read-write connection is not harmless on a file we cannot use. `journal_mode =
    WAL` rewrites the header of another program's database, and closing a read-write
    connection checkpoints and deletes the -wal file next to a database whose header is
    damaged, i.e. it could destroy the very frames that hold the last answers. A read-only
    connection does neither (at most it creates the -shm index file).
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=busy_timeout_ms / 1000)
    try:
        db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms):d}")
        _check_ours(_read_schema(db), path)
    finally:
        db.close()


def ensure_schema(db: sqlite3.Connection, path: Path, *, busy_timeout_ms: int) -> None:
    """Bring the file to the head schema; fast path when it already is there.

    `PRAGMA user_version` mirrors Alembic's revision (set in the migrations' env.py), so a
    store at head is recognised with two tiny reads and Alembic is not even imported; a
    new, empty file is given the head schema directly (`create_head`), also without it.
    """
    info = _read_schema(db)
    if info.at_head:
        return
    _check_ours(info, path)
    if info.user_version == 0 and not info.tables and create_head(db):
        return
    upgrade_schema(path, busy_timeout_ms=busy_timeout_ms)
    if not _read_schema(db).at_head:
        raise RuntimeError(f"{path}: still not at schema head after migrating")


def create_head(db: sqlite3.Connection) -> bool:
    """Give an EMPTY file the head schema in one transaction; False if it was not empty.

    What Alembic's migrations would make of a new file, from `app.models.local_head` (a
    test keeps the two identical), without importing Alembic and SQLAlchemy: about a
    second of a kiosk's first start (issue 22). IMMEDIATE, and the emptiness checked again
    inside the transaction: two processes creating the same store do it one after the
    other, and the second one finds it done.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            db.execute("COMMIT")
            return False
        for statement in HEAD_DDL:
            db.execute(statement)
        db.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (SCHEMA_REVISION,))
        db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", HEAD_META)
        db.execute(f"PRAGMA user_version = {SCHEMA_USER_VERSION:d}")
        db.execute("COMMIT")
    except BaseException:
        rollback_quietly(db)
        raise
    return True


def upgrade_schema(path: Path, *, revision: str = "head", busy_timeout_ms: int = 5000) -> None:
    """Run the local store's Alembic migrations on `path` up to `revision`.

    Used by `LocalStore.open` when the file is behind, and by tests and the sample-database
    script to build a file of an older schema. One transaction (see env.py).
    """
    # Imported here on purpose: Alembic and the engine machinery cost a few hundred
    # milliseconds to import, needed only on the first start of a new version.
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import Connection, create_engine, event
    from sqlalchemy.pool import NullPool

    from app.models import ALEMBIC_LOCK

    engine = create_engine(
        "sqlite+pysqlite://",
        creator=lambda: connect(path, busy_timeout_ms=busy_timeout_ms),
        poolclass=NullPool,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # IMMEDIATE: two processes starting together migrate one after the other.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS_DIR))
    try:
        with ALEMBIC_LOCK, engine.connect() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
            if conn.in_transaction():
                conn.commit()
    finally:
        engine.dispose()


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable (the directory entry is what changed)."""
    with suppress(OSError):  # not supported on every platform (Windows)
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


SIDE_FILES: Final[tuple[str, ...]] = ("-wal", "-shm", "-journal")
"""Files SQLite keeps next to the database; they belong to it and move with it."""


def quarantine(path: Path, *, now: datetime | None = None) -> Path:
    """Move a store that cannot be used aside, keeping every byte; return its new path.

    The -wal/-shm/-journal files move with it (renamed to match), because a stale WAL
    left next to a new, empty store of the same name would be replayed into it. Call
    this only on an explicit decision (e.g. the technician chose to start afresh):
    nothing in the store does it by itself. Never overwrites an existing file.
    """
    path = Path(path)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.quarantined-{stamp}")
    n = 1
    while target.exists() or any(target.with_name(target.name + s).exists() for s in SIDE_FILES):
        n += 1
        target = path.with_name(f"{path.name}.quarantined-{stamp}-{n}")
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    path.rename(target)
    _fsync_dir(path.parent)
    logger.warning("local store %s moved aside to %s", path, target)
    return target


def rollback_quietly(db: sqlite3.Connection) -> None:
    """Leave no transaction open after a failure, even after a failed COMMIT.

    SQLite may or may not have rolled back by itself after SQLITE_FULL or an I/O error
    (https://www.sqlite.org/lang_transaction.html); an explicit ROLLBACK settles it.
    """
    if db.in_transaction:
        with suppress(sqlite3.Error):
            db.execute("ROLLBACK")


class Checkpointer:
    """Copies the WAL back into the database file in a background thread.

    Why: with SQLite's default autocheckpoint (1000 pages), the commit that crosses the
    threshold also runs the checkpoint, i.e. two more fsyncs and hundreds of page writes;
    with ~5 pages per append that was one append in ~180, the main cause of append's p99
    (bench/RESULTS.md, issue 2). Here the writer's autocheckpoint is set high (a safety
    net) and a PASSIVE checkpoint runs on its own connection, which never blocks the
    writer. A checkpoint is crash-safe, so this thread never affects durability.

    `writer_lock` is the lock the store holds around each of its transactions: the last
    round of a checkpoint runs under it, so that no commit is under way when the last frame
    is copied back and the next commit restarts the -wal file (see `_checkpoint`).
    """

    def __init__(
        self,
        path: Path,
        *,
        busy_timeout_ms: int,
        writer_lock: AbstractContextManager[object] | None = None,
    ) -> None:
        self._path = path
        self._writer_lock = writer_lock
        self._db = connect(path, busy_timeout_ms=busy_timeout_ms)
        self._cond = threading.Condition()
        self._stopping = False
        self._dirty = False
        self._requested = 0  # urgent requests made ...
        self._done = 0  # ... and served (a checkpoint started after them finished)
        self._running = False
        self._thread = threading.Thread(
            target=self._run, name=f"checkpoint:{path.name}", daemon=True
        )
        self._thread.start()

    def wrote(self, *, urgent: bool) -> None:
        """Note a write; `urgent` asks for a checkpoint now rather than at the next tick."""
        with self._cond:
            self._dirty = True
            if urgent:
                self._requested += 1
                self._cond.notify_all()

    def settle(self) -> None:
        """Wait until no checkpoint is running and every one asked for so far has run."""
        with self._cond:
            self._cond.wait_for(
                lambda: self._stopping or (not self._running and self._done >= self._requested)
            )

    def close(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join()

    def _run(self) -> None:
        try:
            while True:
                with self._cond:
                    self._cond.wait_for(
                        lambda: self._stopping or self._requested > self._done,
                        timeout=_CHECKPOINT_IDLE_S,
                    )
                    if self._stopping:
                        return
                    if not self._dirty:
                        continue
                    self._dirty = False
                    self._running = True
                    target = self._requested
                try:
                    self._checkpoint()
                finally:
                    with self._cond:
                        self._running = False
                        self._done = max(self._done, target)
                        self._cond.notify_all()
        finally:
            with suppress(sqlite3.Error):
                self._db.close()

    def _round(self) -> int | None:
        """One PASSIVE checkpoint: the WAL's frames if it copied them all back, else None."""
        [(busy, wal_frames, moved)] = self._db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        logger.debug("checkpoint %s: %s/%s frames (busy=%s)", self._path, moved, wal_frames, busy)
        return None if busy or moved < wal_frames else int(wal_frames)

    def _checkpoint(self) -> None:
        """PASSIVE checkpoints until the WAL is fully copied back, the last one under the
        writer's lock.

        Why: the writer restarts the -wal file from its start (overwriting it, no growth)
        only at a commit that BEGAN after every frame was copied back. Commits that land
        while a checkpoint runs leave frames behind it, and one under way when the last
        round ends does not restart the file either: appends back to back (a benchmark, a
        busy station) then never restart it, and it grows to the safety net (16 MB, where
        the writer checkpoints itself, in an append); a commit that extends the file costs
        more than one that overwrites it (its size is journaled too: bench/RESULTS.md,
        issue 22 item 3). So a few rounds copy the bulk without blocking the writer, each
        shorter than the one before, and the last one, which copies only what was written
        during them, holds the writer's lock: no commit is under way when it ends, and the
        next one restarts the file. A commit that comes during that round waits for it.
        """
        try:
            last: int | None = -1
            for _ in range(_CHECKPOINT_ROUNDS):
                frames = self._round()
                if frames is None:
                    with self._cond:
                        self._dirty = True  # a reader in the way: finish at the next tick
                    return
                if frames == last:
                    break  # nothing was written during the last round
                last = frames
            if self._writer_lock is not None:
                with self._writer_lock:
                    last = None if self._stopping else self._round()
                if last is None:
                    with self._cond:
                        self._dirty = True
        except sqlite3.Error as exc:
            # Not fatal: commits stay durable in the WAL, and the writer's own
            # autocheckpoint takes over if this keeps failing.
            with self._cond:
                self._dirty = True
            logger.warning("background checkpoint of %s failed: %s", self._path, exc)
