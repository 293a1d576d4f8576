"""The local store: the durable SQLite log of a kiosk or an invigilator station.

Why it exists (ARCHITECTURE "The event log is the single source of truth"): a candidate's
answer that the screen has accepted must survive a crash or a power cut. `append` returns
only after its own transaction is committed with WAL and `synchronous=FULL`, i.e. after
SQLite has fsync'ed the WAL (STYLE item 7); after a restart the device rebuilds its state
by folding its log, nothing else needs recovering.

Threading: the API is synchronous and blocking (each write waits for an fsync). Async
callers run it in a single-thread executor (STYLE item 4); one lock also makes every method
safe to call from any thread, and serialises writes.

Errors (STYLE item 9): what the environment does to us (disk full, file corrupt, locked by
another process, read-only) is raised as a `StoreError` subclass with a calm French sentence
for the screen (`user_message_fr`) and an English message for the logs. Anything else, in
particular a SQL or constraint error, is a bug and propagates unchanged so that tests fail
loudly. The store never deletes, truncates or overwrites a file it could not open; moving a
bad file aside is an explicit decision (`LocalStore.quarantine`).

Why the standard `sqlite3` driver and not SQLAlchemy Core for the queries: the schema is
declared once with SQLAlchemy (`app.models.local`, migrated by Alembic), but building and
executing Core statements costs about 0.15 ms of Python per statement, which was more than
the fsync an append waits for (bench/RESULTS.md, issue 2). The store runs a dozen fixed
statements; they are plain SQL below, with column lists taken from the declared tables.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Final

from app.domain.clocks import Clock
from app.domain.events import Event, EventKind, new_event
from app.domain.fold import FoldResult, SessionState, fold
from app.models.local_schema import (
    EVENT_COLUMNS,
    EVENTS_TABLE,
    HEARTBEAT_COLUMNS,
    HEARTBEATS_TABLE,
    ORIGIN_OWN,
    ORIGIN_PULLED,
    SCHEMA_REVISION,
    SCHEMA_USER_VERSION,
    SYNC_ACKED,
    SYNC_PENDING,
    SYNC_REFUSED,
)

logger = logging.getLogger(__name__)

BOOT_ID: Final = uuid.uuid4().hex
"""Random per process start: heartbeats with another boot_id were written before a restart."""

HEARTBEAT_RETENTION: Final = timedelta(hours=24)
_PRUNE_EVERY_BEATS: Final = 720  # about an hour of beats every 5 s

_MIGRATIONS_DIR: Final = Path(__file__).resolve().parent.parent / "models" / "migrations" / "local"
_META_DEVICE_SEQ: Final = "device_seq"
_CHECKPOINT_EVERY_COMMITS: Final = 200
"""Wake the background checkpointer after this many write transactions (~4 MB of WAL)."""
_CHECKPOINT_IDLE_S: Final = 10.0
"""...and at the latest this long after the last write, so the WAL is merged when idle."""
_SAFETY_AUTOCHECKPOINT_PAGES: Final = 4000
"""Writer's own autocheckpoint, only reached if the background checkpointer falls behind."""
_META_CREATED: Final = "created_at"

# SQLite primary result codes (https://www.sqlite.org/rescode.html).
_SQLITE_PERM: Final = 3
_SQLITE_BUSY: Final = 5
_SQLITE_LOCKED: Final = 6
_SQLITE_READONLY: Final = 8
_SQLITE_IOERR: Final = 10
_SQLITE_CORRUPT: Final = 11
_SQLITE_FULL: Final = 13
_SQLITE_CANTOPEN: Final = 14
_SQLITE_NOTADB: Final = 26


# ---------------------------------------------------------------------------
# Errors


class StoreError(Exception):
    """The environment prevents the local store from working; show `user_message_fr`.

    `str(error)` is English, for logs; `path` says which file.
    """

    user_message_fr: str = (
        "Un problème d'enregistrement est survenu sur ce poste. Prévenez le surveillant : "
        "ce qui a déjà été enregistré est conservé."
    )

    def __init__(self, message: str, *, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class DiskFullError(StoreError):
    user_message_fr = (
        "Le disque de ce poste est plein : la dernière action n'a pas pu être enregistrée. "
        "Prévenez le surveillant : ce qui a déjà été enregistré est conservé."
    )


class CorruptStoreError(StoreError):
    user_message_fr = (
        "Les données enregistrées sur ce poste sont illisibles. Prévenez le surveillant : "
        "le fichier est conservé tel quel pour être examiné."
    )


class StoreLockedError(StoreError):
    user_message_fr = (
        "Les données de ce poste sont déjà utilisées par un autre programme. "
        "Prévenez le surveillant."
    )


class ReadOnlyStoreError(StoreError):
    user_message_fr = (
        "Ce poste ne permet pas d'enregistrer les données (emplacement en lecture seule). "
        "Prévenez le surveillant."
    )


class StoreTooNewError(StoreError):
    """The file was written by a newer examroom; an older one must not touch it."""

    user_message_fr = (
        "Les données de ce poste viennent d'une version plus récente d'examroom. "
        "Prévenez le responsable informatique."
    )


class NotYetSynced(Exception):
    """A candidate's data cannot be wiped: the server does not hold all of it yet.

    Not a StoreError: nothing is wrong with the disk, the caller simply has to wait for the
    outbox to drain (or deal with refused events, which stay as evidence).
    """

    user_message_fr = "Ce poste n'a pas encore tout transmis au serveur."

    def __init__(self, session_id: int, candidate_id: int, *, pending: int, refused: int):
        super().__init__(
            f"session {session_id} candidate {candidate_id}: {pending} event(s) not yet "
            f"acknowledged by the server, {refused} refused"
        )
        self.pending = pending
        self.refused = refused


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    if isinstance(exc, sqlite3.Error):
        return exc
    # Alembic runs through SQLAlchemy, which wraps the driver's errors.
    orig = getattr(exc, "orig", None)
    return orig if isinstance(orig, sqlite3.Error) else None


def _classify(exc: BaseException, path: Path) -> StoreError | None:
    """The StoreError an environmental failure maps to; None for a bug (re-raise it)."""
    if isinstance(exc, OSError):
        return _classify_os_error(exc, path)
    err = _sqlite_error(exc)
    if err is None:
        return None
    code = getattr(err, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    detail = f"{path}: {err}"
    if primary == _SQLITE_FULL:
        return DiskFullError(f"disk full: {detail}", path=path)
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return CorruptStoreError(f"corrupt local store: {detail}", path=path)
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StoreLockedError(f"local store locked by another process: {detail}", path=path)
    if primary in (_SQLITE_READONLY, _SQLITE_PERM):
        return ReadOnlyStoreError(f"local store is read-only: {detail}", path=path)
    if primary == _SQLITE_CANTOPEN:
        writable_dir = os.access(path.parent, os.W_OK)
        writable_file = not path.exists() or os.access(path, os.W_OK)
        if not (writable_dir and writable_file):
            return ReadOnlyStoreError(f"cannot open local store for writing: {detail}", path=path)
        return StoreError(f"cannot open local store: {detail}", path=path)
    if primary == _SQLITE_IOERR:
        return StoreError(f"disk I/O error on local store: {detail}", path=path)
    return None


def _classify_os_error(exc: OSError, path: Path) -> StoreError | None:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(f"disk full: {path}: {exc}", path=path)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyStoreError(f"cannot write local store: {path}: {exc}", path=path)
    if exc.errno == errno.EIO:
        return StoreError(f"disk I/O error: {path}: {exc}", path=path)
    return None


@contextmanager
def _sorted_errors(path: Path) -> Iterator[None]:
    """Re-raise environmental failures as StoreError; let bugs through untouched."""
    try:
        yield
    except Exception as exc:
        mapped = _classify(exc, path)
        if mapped is None:
            raise
        raise mapped from exc


# ---------------------------------------------------------------------------
# Values and rows


@dataclass(frozen=True, slots=True)
class Heartbeat:
    """A durable "I'm alive" of this device (see `LocalStore.beat`)."""

    id: int
    wall_time: datetime
    monotonic_ms: int
    boot_id: str
    session_id: int
    candidate_id: int | None
    challenge_id: str | None
    countdown_elapsed_ms: int | None


def _iso(when: datetime) -> str:
    """Fixed-width ISO 8601 in UTC, so that text order is time order in SQL."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is required, got {when!r}")
    return when.astimezone(UTC).isoformat(timespec="microseconds")


def _iso_or_none(when: datetime | None) -> str | None:
    return None if when is None else _iso(when)


def _from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _seen_key(session_id: int) -> str:
    return f"last_seen_seq:{session_id}"


def _causal_order(rows: Iterable[sqlite3.Row]) -> list[Event]:
    """Events of `LocalStore.state` in causal order (rows come in local order).

    A sequenced event sits at its `server_seq`. An own pending event sits just after the
    later of what its device had seen (`seen_seq`) and the device's own last sequenced
    event, so it never precedes something the device did before it. Ties keep local order.
    """
    keyed: list[tuple[float, int, Event]] = []
    own_floor = 0
    for index, row in enumerate(rows):
        event = _event_from_row(row)
        if event.server_seq is not None:
            position = float(event.server_seq)
            if row["origin"] == ORIGIN_OWN:
                own_floor = max(own_floor, event.server_seq)
        else:
            position = max(event.seen_seq, own_floor) + 0.5
        keyed.append((position, index, event))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [event for _, _, event in keyed]


def _wiped_key(session_id: int, candidate_id: int) -> str:
    return f"wiped:{session_id}:{candidate_id}"


def _event_from_row(row: sqlite3.Row) -> Event:
    # Envelope validation only: the payload was validated when the event was created, and
    # re-validating it here would make a log unreadable after a payload schema change.
    received_at = row["received_at"]
    return Event.model_validate(
        {
            "id": row["id"],
            "session_id": row["session_id"],
            "candidate_id": row["candidate_id"],
            "kind": row["kind"],
            "payload": json.loads(row["payload"]),
            "device_id": row["device_id"],
            "device_seq": row["device_seq"],
            "monotonic_ms": row["monotonic_ms"],
            "wall_time": _from_iso(row["wall_time"]),
            "seen_seq": row["seen_seq"],
            "server_seq": row["server_seq"],
            "received_at": None if received_at is None else _from_iso(received_at),
        }
    )


def _event_row(event: Event, *, origin: str, sync_state: str) -> dict[str, Any]:
    return {
        "id": event.id,
        "session_id": event.session_id,
        "candidate_id": event.candidate_id,
        "kind": str(event.kind),
        "payload": json.dumps(event.payload, ensure_ascii=False, separators=(",", ":")),
        "device_id": event.device_id,
        "device_seq": event.device_seq,
        "monotonic_ms": event.monotonic_ms,
        "wall_time": _iso(event.wall_time),
        "seen_seq": event.seen_seq,
        "server_seq": event.server_seq,
        "received_at": _iso_or_none(event.received_at),
        "origin": origin,
        "sync_state": sync_state,
        "refusal_reason": None,
    }


def _heartbeat_from_row(row: sqlite3.Row) -> Heartbeat:
    return Heartbeat(
        id=row["id"],
        wall_time=_from_iso(row["wall_time"]),
        monotonic_ms=row["monotonic_ms"],
        boot_id=row["boot_id"],
        session_id=row["session_id"],
        candidate_id=row["candidate_id"],
        challenge_id=row["challenge_id"],
        countdown_elapsed_ms=row["countdown_elapsed_ms"],
    )


def _insert_sql(table: str, columns: Iterable[str]) -> str:
    names = list(columns)
    return (
        f"INSERT INTO {table} ({', '.join(names)}) "
        f"VALUES ({', '.join(':' + name for name in names)})"
    )


_INSERT_EVENT: Final = _insert_sql(EVENTS_TABLE, (c for c in EVENT_COLUMNS if c != "local_seq"))
_INSERT_HEARTBEAT: Final = _insert_sql(
    HEARTBEATS_TABLE, (c for c in HEARTBEAT_COLUMNS if c != "id")
)
_NEXT_DEVICE_SEQ: Final = (
    f"INSERT INTO meta (key, value) VALUES ('{_META_DEVICE_SEQ}', '1') "
    "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 "
    "RETURNING value"
)
_GET_META: Final = "SELECT value FROM meta WHERE key = ?"
_SET_META: Final = (
    "INSERT INTO meta (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


# ---------------------------------------------------------------------------
# Connection and schema


def _connect(path: Path, *, busy_timeout_ms: int) -> sqlite3.Connection:
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


def _probe(path: Path, *, busy_timeout_ms: int) -> None:
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


def _ensure_schema(db: sqlite3.Connection, path: Path, *, busy_timeout_ms: int) -> None:
    """Bring the file to the head schema; fast path when it already is there.

    `PRAGMA user_version` mirrors Alembic's revision (set in the migrations' env.py), so a
    store at head is recognised with two tiny reads and Alembic is not even imported.
    """
    info = _read_schema(db)
    if info.at_head:
        return
    _check_ours(info, path)
    upgrade_schema(path, busy_timeout_ms=busy_timeout_ms)
    if not _read_schema(db).at_head:
        raise RuntimeError(f"{path}: still not at schema head after migrating")


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
        creator=lambda: _connect(path, busy_timeout_ms=busy_timeout_ms),
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


def _rollback_quietly(db: sqlite3.Connection) -> None:
    """Leave no transaction open after a failure, even after a failed COMMIT.

    SQLite may or may not have rolled back by itself after SQLITE_FULL or an I/O error
    (https://www.sqlite.org/lang_transaction.html); an explicit ROLLBACK settles it.
    """
    if db.in_transaction:
        with suppress(sqlite3.Error):
            db.execute("ROLLBACK")


class _Checkpointer:
    """Copies the WAL back into the database file in a background thread.

    Why: with SQLite's default autocheckpoint (1000 pages), the commit that crosses the
    threshold also runs the checkpoint, i.e. two more fsyncs and hundreds of page writes;
    with ~5 pages per append that was one append in ~180, the main cause of append's p99
    (bench/RESULTS.md, issue 2). Here the writer's autocheckpoint is set high (a safety
    net) and a PASSIVE checkpoint runs on its own connection, which never blocks the
    writer. A checkpoint is crash-safe, so this thread never affects durability.
    """

    def __init__(self, path: Path, *, busy_timeout_ms: int) -> None:
        self._path = path
        self._db = _connect(path, busy_timeout_ms=busy_timeout_ms)
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

    def _checkpoint(self) -> None:
        try:
            busy, wal_frames, moved = self._db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            logger.debug(
                "checkpoint %s: %s/%s frames (busy=%s)", self._path, moved, wal_frames, busy
            )
            if busy or moved < wal_frames:
                with self._cond:
                    self._dirty = True  # finish at the next tick
        except sqlite3.Error as exc:
            # Not fatal: commits stay durable in the WAL, and the writer's own
            # autocheckpoint takes over if this keeps failing.
            with self._cond:
                self._dirty = True
            logger.warning("background checkpoint of %s failed: %s", self._path, exc)


# ---------------------------------------------------------------------------
# The store


class LocalStore:
    """Durable event log, outbox, heartbeats and blobs of one device.

    Create it with `LocalStore.open(...)`; close it with `close()` (or use it as a context
    manager). See the module docstring for durability, threading and errors.
    """

    SIDE_FILES: ClassVar[tuple[str, ...]] = ("-wal", "-shm", "-journal")

    def __init__(
        self,
        *,
        path: Path,
        db: sqlite3.Connection,
        checkpointer: _Checkpointer | None,
        device_id: str,
        clock: Clock,
    ) -> None:
        """Use `LocalStore.open`; this only assembles an already opened store."""
        self.path = path
        self.device_id = device_id
        self.boot_id = BOOT_ID
        self._db: sqlite3.Connection | None = db
        self._checkpointer = checkpointer
        self._clock = clock
        self._lock = threading.RLock()
        self._beats_since_prune = 0
        self._commits_since_checkpoint = 0

    # -- life cycle ---------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path, *, device_id: str, clock: Clock, busy_timeout_ms: int = 5000
    ) -> LocalStore:
        """Open (creating or migrating it if needed) the store at `path`.

        Raises a StoreError subclass if the environment prevents it; the file is then left
        exactly as it was. Opening also writes (a no-op upsert and heartbeat pruning), so a
        read-only location is reported now rather than at the first answer.
        """
        path = Path(path)
        with _sorted_errors(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists():
                _probe(path, busy_timeout_ms=busy_timeout_ms)
            db = _connect(path, busy_timeout_ms=busy_timeout_ms)
        checkpointer: _Checkpointer | None = None
        try:
            with _sorted_errors(path):
                _ensure_schema(db, path, busy_timeout_ms=busy_timeout_ms)
                db.execute(f"PRAGMA wal_autocheckpoint = {_SAFETY_AUTOCHECKPOINT_PAGES:d}")
                checkpointer = _Checkpointer(path, busy_timeout_ms=busy_timeout_ms)
            store = cls(
                path=path, db=db, checkpointer=checkpointer, device_id=device_id, clock=clock
            )
            store._on_open()
        except BaseException:
            if checkpointer is not None:
                checkpointer.close()
            _rollback_quietly(db)
            db.close()
            raise
        return store

    def _on_open(self) -> None:
        with self._tx(write=True) as db:
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                (_META_CREATED, _iso(self._clock.now())),
            )
            self._prune_heartbeats(db)

    def close(self) -> None:
        """Close the file. Idempotent. Everything appended is already on disk."""
        with self._lock:
            db, self._db = self._db, None
            checkpointer, self._checkpointer = self._checkpointer, None
            if checkpointer is not None:
                checkpointer.close()
            if db is not None:
                _rollback_quietly(db)
                # The last connection to close merges and removes the WAL.
                with suppress(sqlite3.Error):
                    db.close()

    def settle(self) -> None:
        """Wait for the background WAL checkpoint asked for so far (tests, benchmarks).

        Never needed for durability: a commit is durable when `append` returns.
        """
        checkpointer = self._checkpointer
        if checkpointer is not None:
            checkpointer.settle()

    def __enter__(self) -> LocalStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @classmethod
    def quarantine(cls, path: Path, *, now: datetime | None = None) -> Path:
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
        while target.exists() or any(
            target.with_name(target.name + s).exists() for s in cls.SIDE_FILES
        ):
            n += 1
            target = path.with_name(f"{path.name}.quarantined-{stamp}-{n}")
        for suffix in cls.SIDE_FILES:
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
        path.rename(target)
        _fsync_dir(path.parent)
        logger.warning("local store %s moved aside to %s", path, target)
        return target

    # -- transactions -------------------------------------------------------

    @contextmanager
    def _tx(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        """One SQLite transaction under the store's lock, with errors sorted.

        Writes use BEGIN IMMEDIATE; the COMMIT at the end of the block is the durable point
        (the WAL is fsync'ed before COMMIT returns, synchronous=FULL). Reads use a deferred
        BEGIN so that several SELECTs see one snapshot.
        """
        with self._lock:
            db = self._db
            if db is None:
                raise RuntimeError("the local store is closed")
            try:
                db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                yield db
                db.execute("COMMIT")
                if write and self._checkpointer is not None:
                    self._commits_since_checkpoint += 1
                    urgent = self._commits_since_checkpoint >= _CHECKPOINT_EVERY_COMMITS
                    if urgent:
                        self._commits_since_checkpoint = 0
                    self._checkpointer.wrote(urgent=urgent)
            except BaseException as exc:
                _rollback_quietly(db)
                mapped = _classify(exc, self.path)
                if mapped is None:
                    raise
                raise mapped from exc

    def _outside_transaction(self, sql: str) -> None:
        """Run a connection-level PRAGMA with no transaction around it (a checkpoint needs so)."""
        with self._lock:
            db = self._db
            if db is None:
                raise RuntimeError("the local store is closed")
            with _sorted_errors(self.path):
                db.execute(sql).fetchall()

    # -- own events ---------------------------------------------------------

    def append(
        self,
        kind: EventKind,
        *,
        session_id: int,
        candidate_id: int | None = None,
        payload: Mapping[str, Any] | None = None,
    ) -> Event:
        """Record a new event of this device; return it once it is durably on disk.

        The device_seq counter is incremented in the same transaction as the insert, so
        device_seq stays gap-free whatever happens (an invalid payload raises
        EventPayloadError and changes nothing). seen_seq is the session's last pulled
        server_seq: what this device knew when the event happened.
        """
        with self._tx(write=True) as db:
            device_seq = int(db.execute(_NEXT_DEVICE_SEQ).fetchall()[0][0])
            new = new_event(
                kind,
                session_id=session_id,
                candidate_id=candidate_id,
                payload=payload,
                device_id=self.device_id,
                device_seq=device_seq,
                monotonic_ms=self._clock.monotonic_ms(),
                wall_time=self._clock.now(),
                seen_seq=self._last_seen(db, session_id),
            )
            db.execute(_INSERT_EVENT, _event_row(new, origin=ORIGIN_OWN, sync_state=SYNC_PENDING))
        return new

    def pending(self, limit: int = 200) -> list[Event]:
        """The outbox: own events the server has neither acknowledged nor refused."""
        with self._tx(write=False) as db:
            rows = db.execute(
                "SELECT * FROM events WHERE sync_state = ? AND origin = ? "
                "ORDER BY local_seq LIMIT ?",
                (SYNC_PENDING, ORIGIN_OWN, limit),
            ).fetchall()
        return [_event_from_row(r) for r in rows]

    def mark_acked(self, acks: Mapping[str, tuple[int, datetime]]) -> None:
        """Record the server's acknowledgements: id -> (server_seq, received_at).

        Does NOT move last_seen_seq: other devices' events with a smaller server_seq may
        not have been pulled yet; only `record_pulled` advances it.
        """
        if not acks:
            return
        with self._tx(write=True) as db:
            for event_id, (server_seq, received_at) in acks.items():
                cursor = db.execute(
                    "UPDATE events SET server_seq = ?, received_at = ?, sync_state = ?, "
                    "refusal_reason = NULL WHERE id = ? AND origin = ?",
                    (server_seq, _iso(received_at), SYNC_ACKED, event_id, ORIGIN_OWN),
                )
                if cursor.rowcount == 0:
                    logger.warning("ack for unknown own event %s ignored", event_id)

    def mark_refused(self, event_id: str, reason: str) -> None:
        """The server refused a pending own event: keep it, flagged, with the reason."""
        with self._tx(write=True) as db:
            cursor = db.execute(
                "UPDATE events SET sync_state = ?, refusal_reason = ? "
                "WHERE id = ? AND origin = ? AND sync_state = ?",
                (SYNC_REFUSED, reason, event_id, ORIGIN_OWN, SYNC_PENDING),
            )
            if cursor.rowcount == 0:
                logger.warning("refusal of %s ignored: not a pending own event", event_id)

    def own_events(self, session_id: int) -> list[Event]:
        """This device's events of a session, acknowledged or pending (not refused), in
        the order they were recorded: what a sync end that may lack some of them must
        receive before anything newer (app/relay/failover.py)."""
        with self._tx(write=False) as db:
            rows = db.execute(
                "SELECT * FROM events WHERE session_id = ? AND origin = ? AND sync_state != ? "
                "ORDER BY local_seq",
                (session_id, ORIGIN_OWN, SYNC_REFUSED),
            ).fetchall()
        return [_event_from_row(r) for r in rows]

    def highest_seq(self, session_id: int) -> int:
        """The highest server_seq held for the session, own or pulled (0 if none)."""
        with self._tx(write=False) as db:
            row = db.execute(
                "SELECT coalesce(max(server_seq), 0) FROM events WHERE session_id = ?",
                (session_id,),
            ).fetchone()
            return max(int(row[0]), self._last_seen(db, session_id))

    def refused(self) -> list[tuple[Event, str]]:
        """Own events the server refused, with its reason, in local order."""
        with self._tx(write=False) as db:
            rows = db.execute(
                "SELECT * FROM events WHERE sync_state = ? ORDER BY local_seq", (SYNC_REFUSED,)
            ).fetchall()
        return [(_event_from_row(r), r["refusal_reason"] or "") for r in rows]

    # -- pulled events ------------------------------------------------------

    def record_received(self, events: Iterable[Event]) -> int:
        """Store server events obtained outside a pull (e.g. in a /start answer).

        Unlike `record_pulled`, the session's pull position does not move: events the
        server sequenced before these may not have been pulled yet.
        """
        return self.record_pulled(events, advance=False)

    def record_pulled(
        self,
        events: Iterable[Event],
        *,
        session_id: int | None = None,
        last_seq: int = 0,
        advance: bool = True,
    ) -> int:
        """Store events received from the server in one transaction; return how many were new.

        `last_seq` is the server's position after this pull: a kiosk only receives its own
        candidate's events, so the position may be beyond the last event it got, and the
        next pull must start from there (needs `session_id`).

        An id already present is not stored twice; if it is one of our own events coming
        back, it now carries its server_seq: record it and mark the event acknowledged (the
        answer to the push may have been lost). The session's last seen server_seq advances
        to the largest one received. Events of a candidate whose data was wiped here
        (`delete_candidate_data`) are skipped, so a later pull cannot bring them back.
        """
        new = 0
        seen: dict[int, int] = {}
        with self._tx(write=True) as db:
            wiped = {row[0] for row in db.execute("SELECT key FROM meta WHERE key LIKE 'wiped:%'")}
            for pulled in events:
                if pulled.server_seq is not None:
                    sid = pulled.session_id
                    seen[sid] = max(seen.get(sid, 0), pulled.server_seq)
                if (
                    pulled.candidate_id is not None
                    and _wiped_key(pulled.session_id, pulled.candidate_id) in wiped
                ):
                    continue
                existing = db.execute(
                    "SELECT origin, device_id, device_seq FROM events WHERE id = ?", (pulled.id,)
                ).fetchone()
                if existing is None:
                    db.execute(
                        _INSERT_EVENT,
                        _event_row(pulled, origin=ORIGIN_PULLED, sync_state=SYNC_ACKED),
                    )
                    new += 1
                elif (existing["device_id"], existing["device_seq"]) != (
                    pulled.device_id,
                    pulled.device_seq,
                ):
                    logger.error(
                        "pulled event %s differs from the stored one (%s #%s, not %s #%s); "
                        "kept the stored one",
                        pulled.id,
                        existing["device_id"],
                        existing["device_seq"],
                        pulled.device_id,
                        pulled.device_seq,
                    )
                elif existing["origin"] == ORIGIN_OWN and pulled.server_seq is not None:
                    db.execute(
                        "UPDATE events SET server_seq = ?, received_at = ?, sync_state = ?, "
                        "refusal_reason = NULL WHERE id = ?",
                        (
                            pulled.server_seq,
                            _iso_or_none(pulled.received_at),
                            SYNC_ACKED,
                            pulled.id,
                        ),
                    )
            if session_id is not None:
                seen[session_id] = max(seen.get(session_id, 0), last_seq)
            if not advance:
                seen.clear()
            for sid, server_seq in seen.items():
                if server_seq > self._last_seen(db, sid):
                    db.execute(_SET_META, (_seen_key(sid), str(server_seq)))
        return new

    def last_seen_seq(self, session_id: int) -> int:
        """Highest server_seq pulled for the session (0 if none): the `after=` of the next pull."""
        with self._tx(write=False) as db:
            return self._last_seen(db, session_id)

    @staticmethod
    def _last_seen(db: sqlite3.Connection, session_id: int) -> int:
        row = db.execute(_GET_META, (_seen_key(session_id),)).fetchone()
        return 0 if row is None else int(row[0])

    # -- reading the log ----------------------------------------------------

    def events(self, session_id: int) -> list[Event]:
        """Every event of the session held here (own and pulled), in local order."""
        with self._tx(write=False) as db:
            rows = db.execute(
                "SELECT * FROM events WHERE session_id = ? ORDER BY local_seq", (session_id,)
            ).fetchall()
        return [_event_from_row(r) for r in rows]

    def causal_events(self, session_id: int) -> list[Event]:
        """The session's events in the order `state` folds them (the kiosk and the station
        both fold this order; the station also reads each event for its own bookkeeping).

        Events the server sequenced come in `server_seq` order, the server's order; an own
        event not yet acknowledged comes right after the last server event its device had
        seen (`seen_seq`), which is when it was recorded. So an event received out of turn
        (the TestStarted of a /start answer before the pull that brings the candidate's
        join) still folds, and the device's view converges on the server's. Own events
        the server refused are left out: its word is final (decision 0002).
        """
        with self._tx(write=False) as db:
            rows = db.execute(
                "SELECT * FROM events WHERE session_id = ? AND sync_state != ? ORDER BY local_seq",
                (session_id, SYNC_REFUSED),
            ).fetchall()
        return _causal_order(rows)

    def state(self, session_id: int) -> FoldResult:
        """The session as this device knows it: `causal_events` folded."""
        return fold(self.causal_events(session_id), SessionState(session_id=session_id))

    # -- heartbeats ---------------------------------------------------------

    def beat(
        self,
        *,
        session_id: int,
        candidate_id: int | None = None,
        challenge_id: str | None = None,
        countdown_elapsed_ms: int | None = None,
    ) -> Heartbeat:
        """Durably record that this device is alive now (called every few seconds).

        Heartbeats older than HEARTBEAT_RETENTION are pruned about once an hour, never the
        last one of a session (it is what measures an outage).
        """
        wall_time = _iso(self._clock.now())
        monotonic_ms = self._clock.monotonic_ms()
        row = {
            "wall_time": wall_time,
            "monotonic_ms": monotonic_ms,
            "boot_id": self.boot_id,
            "session_id": session_id,
            "candidate_id": candidate_id,
            "challenge_id": challenge_id,
            "countdown_elapsed_ms": countdown_elapsed_ms,
        }
        with self._tx(write=True) as db:
            beat_id = db.execute(_INSERT_HEARTBEAT, row).lastrowid
            self._beats_since_prune += 1
            if self._beats_since_prune >= _PRUNE_EVERY_BEATS:
                self._prune_heartbeats(db)
        assert beat_id is not None
        return Heartbeat(
            id=beat_id,
            wall_time=_from_iso(wall_time),
            monotonic_ms=monotonic_ms,
            boot_id=self.boot_id,
            session_id=session_id,
            candidate_id=candidate_id,
            challenge_id=challenge_id,
            countdown_elapsed_ms=countdown_elapsed_ms,
        )

    def prune_heartbeats(self) -> int:
        """Delete heartbeats older than HEARTBEAT_RETENTION (keeping each session's last)."""
        with self._tx(write=True) as db:
            return self._prune_heartbeats(db)

    def _prune_heartbeats(self, db: sqlite3.Connection) -> int:
        self._beats_since_prune = 0
        cutoff = _iso(self._clock.now() - HEARTBEAT_RETENTION)
        cursor = db.execute(
            "DELETE FROM heartbeats WHERE wall_time < ? "
            "AND id NOT IN (SELECT MAX(id) FROM heartbeats GROUP BY session_id)",
            (cutoff,),
        )
        return cursor.rowcount

    def heartbeats(
        self, since: datetime | None = None, *, session_id: int | None = None
    ) -> list[Heartbeat]:
        """Heartbeats in the order they were written, optionally from `since` (wall time)."""
        where: list[str] = []
        params: list[Any] = []
        if since is not None:
            where.append("wall_time >= ?")
            params.append(_iso(since))
        if session_id is not None:
            where.append("session_id = ?")
            params.append(session_id)
        sql = "SELECT * FROM heartbeats"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._tx(write=False) as db:
            rows = db.execute(sql + " ORDER BY id", params).fetchall()
        return [_heartbeat_from_row(r) for r in rows]

    def last_heartbeat(self, session_id: int) -> Heartbeat | None:
        """The most recently written heartbeat of the session (by write order, not clock)."""
        with self._tx(write=False) as db:
            row = db.execute(
                "SELECT * FROM heartbeats WHERE session_id = ? ORDER BY id DESC LIMIT 1",
                (session_id,),
            ).fetchone()
        return None if row is None else _heartbeat_from_row(row)

    # -- blobs --------------------------------------------------------------

    def put_blob(
        self,
        key: str,
        data: bytes,
        *,
        session_id: int | None = None,
        candidate_id: int | None = None,
    ) -> None:
        """Store (or replace) opaque bytes durably; tag them with whose data they are."""
        with self._tx(write=True) as db:
            db.execute(
                "INSERT INTO blobs (key, data, updated_at, session_id, candidate_id) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET data = excluded.data, "
                "updated_at = excluded.updated_at, session_id = excluded.session_id, "
                "candidate_id = excluded.candidate_id",
                (key, bytes(data), _iso(self._clock.now()), session_id, candidate_id),
            )

    def get_blob(self, key: str) -> bytes | None:
        with self._tx(write=False) as db:
            row = db.execute("SELECT data FROM blobs WHERE key = ?", (key,)).fetchone()
        return None if row is None else bytes(row[0])

    # -- wiping -------------------------------------------------------------

    def delete_candidate_data(self, session_id: int, candidate_id: int) -> int:
        """Wipe a candidate's events, blobs and heartbeats once the server holds them all.

        Raises NotYetSynced (and deletes nothing) if any own event of the candidate is still
        pending. Refused events were answered by the server (decision 0002: a duplicate
        answer, an answer after the end); they do not count, and keeping a candidate's
        personal data on a shared lab PC for them would be worse, so they are logged by id
        at WARNING and wiped with the rest. Returns how many
        events were deleted. A tombstone in meta keeps later pulls from bringing the
        candidate's events back. Deleted content is zeroed in the file (secure_delete) and
        the WAL is checkpointed and truncated afterwards: best effort, not forensic erasure.
        """
        key = (session_id, candidate_id)
        with self._lock:
            self._outside_transaction("PRAGMA secure_delete = ON")
            try:
                with self._tx(write=True) as db:
                    counts: dict[str, int] = dict(
                        db.execute(
                            "SELECT sync_state, COUNT(*) FROM events WHERE session_id = ? "
                            "AND candidate_id = ? AND origin = ? AND sync_state != ? "
                            "GROUP BY sync_state",
                            (*key, ORIGIN_OWN, SYNC_ACKED),
                        ).fetchall()
                    )
                    if counts.get(SYNC_PENDING, 0):
                        raise NotYetSynced(
                            session_id,
                            candidate_id,
                            pending=counts.get(SYNC_PENDING, 0),
                            refused=counts.get(SYNC_REFUSED, 0),
                        )
                    for (refused_id,) in db.execute(
                        "SELECT id FROM events WHERE session_id = ? AND candidate_id = ? "
                        "AND sync_state = ?",
                        (*key, SYNC_REFUSED),
                    ).fetchall():
                        logger.warning("wiping refused event %s with the candidate", refused_id)
                    deleted = db.execute(
                        "DELETE FROM events WHERE session_id = ? AND candidate_id = ?", key
                    ).rowcount
                    db.execute("DELETE FROM blobs WHERE session_id = ? AND candidate_id = ?", key)
                    db.execute(
                        "DELETE FROM heartbeats WHERE session_id = ? AND candidate_id = ?", key
                    )
                    db.execute(_SET_META, (_wiped_key(*key), _iso(self._clock.now())))
            finally:
                self._outside_transaction("PRAGMA secure_delete = OFF")
            self._outside_transaction("PRAGMA wal_checkpoint(TRUNCATE)")
        return deleted
