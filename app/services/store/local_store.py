"""`LocalStore`: the durable event log, outbox, heartbeats and blobs of one device.

What the store does with its file: append an own event durably (the COMMIT is the
durable point, see the package docstring), keep the outbox and the server's answers to it,
record pulled events, fold a session in causal order (`causal_order`), write heartbeats,
keep blobs, and wipe a candidate once the server holds everything. The file itself
(connection, probe, schema, quarantine, checkpoints) is `sqlite_file`'s job; sorting
failures into environment and bug is `errors`'s; the row format is `rows`'s.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Final

from app.domain import event_signing
from app.domain.clocks import Clock
from app.domain.events import Event, EventKind, new_event
from app.domain.fold import FoldResult, SessionState, fold
from app.models.local_schema import (
    INDEXED,
    ORIGIN_OWN,
    ORIGIN_PULLED,
    SYNC_ACKED,
    SYNC_PENDING,
    SYNC_REFUSED,
)
from app.services.store import floors
from app.services.store.errors import NotYetSynced, classify, sorted_errors
from app.services.store.rows import (
    GET_META,
    INSERT_EVENT,
    INSERT_HEARTBEAT,
    SET_META,
    Heartbeat,
    event_from_row,
    event_row,
    from_iso,
    heartbeat_from_row,
    iso,
    iso_or_none,
    seen_key,
    wiped_key,
)
from app.services.store.sqlite_file import (
    SIDE_FILES,
    Checkpointer,
    connect,
    ensure_schema,
    probe,
    rollback_quietly,
)
from app.services.store.sqlite_file import quarantine as quarantine_file

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

logger = logging.getLogger(__name__)

BOOT_ID: Final = uuid.uuid4().hex
"""Random per process start: heartbeats with another boot_id were written before a restart.

Read when a store is opened; the simulator's forking zygote sets it anew in each child
(app/simulate/kiosk.py), so it must be set on this module, not on the package."""

HEARTBEAT_RETENTION: Final = timedelta(hours=24)
_PRUNE_EVERY_BEATS: Final = 720  # about an hour of beats every 5 s

_CHECKPOINT_EVERY_COMMITS: Final = 200
"""Wake the background checkpointer after this many write transactions (an append is one
frame of 4 KB since local schema 0003: ~0.8 MB of WAL)."""
_SAFETY_AUTOCHECKPOINT_PAGES: Final = 4000
"""Writer's own autocheckpoint, only reached if the background checkpointer falls behind."""
_META_CREATED: Final = "created_at"

_ACK: Final = (
    "UPDATE events SET server_seq = ?, received_at = ?, sync_state = ?, refusal_reason = NULL "
)
_ACK_BY_LOCAL_SEQ: Final = _ACK + "WHERE local_seq = ?"
_ACK_INDEXED: Final = (
    _ACK + f"WHERE id = ? AND {INDEXED} AND origin = '{ORIGIN_OWN}' "
    f"AND sync_state != '{SYNC_ACKED}'"
)
_APPEND_READS: Final = f"SELECT {floors.NEXT_DEVICE_SEQ}, {floors.meta_int('?')}"
"""An append's device_seq and seen_seq (the session's last pulled server_seq), in one read."""
_FIND_INDEXED: Final = (
    f"SELECT origin, device_id, device_seq, local_seq FROM events WHERE id = ? AND {INDEXED}"
)


def causal_order(rows: Iterable[sqlite3.Row]) -> list[Event]:
    """Events of `LocalStore.state` in causal order (rows come in local order).

    A sequenced event sits at its `server_seq`. An own pending event sits just after the
    later of what its device had seen (`seen_seq`) and the device's own last sequenced
    event, so it never precedes something the device did before it. Ties keep local order.
    """
    keyed: list[tuple[float, int, Event]] = []
    own_floor = 0
    for index, row in enumerate(rows):
        event = event_from_row(row)
        if event.server_seq is not None:
            position = float(event.server_seq)
            if row["origin"] == ORIGIN_OWN:
                own_floor = max(own_floor, event.server_seq)
        else:
            position = max(event.seen_seq, own_floor) + 0.5
        keyed.append((position, index, event))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [event for _, _, event in keyed]


class LocalStore:
    """Durable event log, outbox, heartbeats and blobs of one device.

    Create it with `LocalStore.open(...)`; close it with `close()` (or use it as a context
    manager). See the package docstring for durability, threading and errors.
    """

    SIDE_FILES: ClassVar[tuple[str, ...]] = SIDE_FILES

    def __init__(
        self,
        *,
        path: Path,
        db: sqlite3.Connection,
        checkpointer: Checkpointer | None,
        device_id: str,
        clock: Clock,
        lock: threading.RLock | None = None,
    ) -> None:
        """Use `LocalStore.open`; this only assembles an already opened store.

        `lock` serialises the store's transactions; the checkpointer shares it."""
        self.path = path
        self.device_id = device_id
        self.signer: Ed25519PrivateKey | None = None
        """The kiosk's signing key once it joined: every candidate event it records is
        signed (app/domain/event_signing.py). None: events are recorded unsigned."""
        self.boot_id = BOOT_ID
        self._db: sqlite3.Connection | None = db
        self._checkpointer = checkpointer
        self._clock = clock
        self._lock = lock or threading.RLock()
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
        with sorted_errors(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists():
                probe(path, busy_timeout_ms=busy_timeout_ms)
            db = connect(path, busy_timeout_ms=busy_timeout_ms)
        checkpointer: Checkpointer | None = None
        try:
            with sorted_errors(path):
                ensure_schema(db, path, busy_timeout_ms=busy_timeout_ms)
                db.execute(f"PRAGMA wal_autocheckpoint = {_SAFETY_AUTOCHECKPOINT_PAGES:d}")
                lock = threading.RLock()
                checkpointer = Checkpointer(
                    path, busy_timeout_ms=busy_timeout_ms, writer_lock=lock
                )
            store = cls(
                path=path,
                db=db,
                checkpointer=checkpointer,
                device_id=device_id,
                clock=clock,
                lock=lock,
            )
            store._on_open()
        except BaseException:
            if checkpointer is not None:
                checkpointer.close()
            rollback_quietly(db)
            db.close()
            raise
        return store

    def _on_open(self) -> None:
        with self._tx(write=True) as db:
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                (_META_CREATED, iso(self._clock.now())),
            )
            self._prune_heartbeats(db)

    def close(self) -> None:
        """Close the file. Idempotent. Everything appended is already on disk."""
        with self._lock:
            db, self._db = self._db, None
            checkpointer, self._checkpointer = self._checkpointer, None
        if checkpointer is not None:
            # Outside the lock: a checkpoint's last round takes it before it can end.
            checkpointer.close()
        with self._lock:
            if db is not None:
                rollback_quietly(db)
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

        An explicit decision only (nothing in the store does it by itself); the -wal, -shm
        and -journal files move with it. See `sqlite_file.quarantine`.
        """
        return quarantine_file(path, now=now)

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
                rollback_quietly(db)
                mapped = classify(exc, self.path)
                if mapped is None:
                    raise
                raise mapped from exc

    def _outside_transaction(self, sql: str) -> None:
        """Run a connection-level PRAGMA with no transaction around it (a checkpoint needs so)."""
        with self._lock:
            db = self._db
            if db is None:
                raise RuntimeError("the local store is closed")
            with sorted_errors(self.path):
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

        device_seq is derived from the log in the same transaction as the insert (one
        more than the last own event's, see `floors`), so it stays gap-free whatever
        happens (an invalid payload raises EventPayloadError and changes nothing), and the
        commit writes no counter page. seen_seq is the session's last pulled
        server_seq: what this device knew when the event happened.
        """
        with self._tx(write=True) as db:
            device_seq, seen_seq = db.execute(_APPEND_READS, (seen_key(session_id),)).fetchone()
            new = new_event(
                kind,
                session_id=session_id,
                candidate_id=candidate_id,
                payload=payload,
                device_id=self.device_id,
                device_seq=device_seq,
                monotonic_ms=self._clock.monotonic_ms(),
                wall_time=self._clock.now(),
                seen_seq=seen_seq,
            )
            if self.signer is not None and event_signing.needs_signature(new):
                new = event_signing.sign(new, self.signer)
            db.execute(INSERT_EVENT, event_row(new, origin=ORIGIN_OWN, sync_state=SYNC_PENDING))
        return new

    def pending(self, limit: int = 200) -> list[Event]:
        """The outbox: own events the server has neither acknowledged nor refused."""
        with self._tx(write=False) as db:
            rows = db.execute(floors.OUTBOX, (floors.outbox_from(db), limit)).fetchall()
        return [event_from_row(r) for r in rows]

    def mark_acked(self, acks: Mapping[str, tuple[int, datetime]]) -> None:
        """Record the server's acknowledgements: id -> (server_seq, received_at).

        Does NOT move last_seen_seq: other devices' events with a smaller server_seq may
        not have been pulled yet; only `record_pulled` advances it. An event already
        acknowledged (a pull brought it back while the push was on its way) keeps its
        number, as in `record_pulled`.
        """
        if not acks:
            return
        with self._tx(write=True) as db:
            pending = floors.pending_rows(db)
            for event_id, (server_seq, received_at) in acks.items():
                values = (server_seq, iso(received_at), SYNC_ACKED)
                if event_id in pending:
                    db.execute(_ACK_BY_LOCAL_SEQ, (*values, pending[event_id]["local_seq"]))
                    continue
                # Not pending: a refused event the server now accepts, or one acked twice.
                cursor = db.execute(_ACK_INDEXED, (*values, event_id))
                if cursor.rowcount == 0 and db.execute(
                    f"SELECT 1 FROM events WHERE id = ? AND {INDEXED} AND origin = ?",
                    (event_id, ORIGIN_OWN),
                ).fetchone() is None:
                    logger.warning("ack for unknown own event %s ignored", event_id)
            floors.advance(db)

    def mark_refused(self, event_id: str, reason: str) -> None:
        """The server refused a pending own event: keep it, flagged, with the reason."""
        with self._tx(write=True) as db:
            cursor = db.execute(
                "UPDATE events SET sync_state = ?, refusal_reason = ? "
                "WHERE local_seq >= ? AND id = ? AND sync_state = ?",
                (SYNC_REFUSED, reason, floors.outbox_from(db), event_id, SYNC_PENDING),
            )
            if cursor.rowcount == 0:
                logger.warning("refusal of %s ignored: not a pending own event", event_id)
            floors.advance(db)

    def own_events(self, session_id: int) -> list[Event]:
        """This device's events of a session, acknowledged or pending (not refused), in
        the order they were recorded: what a sync end that may lack some of them must
        receive before anything newer (services/failover.py)."""
        with self._tx(write=False) as db:
            rows = floors.session_rows(db, floors.SESSION_OWN, session_id)
        return [event_from_row(r) for r in rows]

    def highest_seq(self, session_id: int) -> int:
        """The highest server_seq held for the session, own or pulled (0 if none)."""
        with self._tx(write=False) as db:
            row = db.execute(
                # Own pending rows have no server_seq yet: the index holds every number.
                f"SELECT coalesce(max(server_seq), 0) FROM events WHERE session_id = ? "
                f"AND {INDEXED}",
                (session_id,),
            ).fetchone()
            return max(int(row[0]), self._last_seen(db, session_id))

    def refused(self) -> list[tuple[Event, str]]:
        """Own events the server refused, with its reason, in local order."""
        with self._tx(write=False) as db:
            rows = db.execute(
                "SELECT * FROM events WHERE sync_state = ? ORDER BY local_seq", (SYNC_REFUSED,)
            ).fetchall()
        return [(event_from_row(r), r["refusal_reason"] or "") for r in rows]

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
        back unacknowledged here, it now carries its server_seq: record it and mark the
        event acknowledged (the answer to the push may have been lost). An acknowledged
        one keeps its number. The session's last seen server_seq advances
        to the largest one received. Events of a candidate whose data was wiped here
        (`delete_candidate_data`) are skipped, so a later pull cannot bring them back.
        """
        new = 0
        seen: dict[int, int] = {}
        with self._tx(write=True) as db:
            wiped = {row[0] for row in db.execute("SELECT key FROM meta WHERE key LIKE 'wiped:%'")}
            pending: dict[str, sqlite3.Row] | None = None  # read once, when first needed
            for pulled in events:
                if pulled.server_seq is not None:
                    sid = pulled.session_id
                    seen[sid] = max(seen.get(sid, 0), pulled.server_seq)
                if (
                    pulled.candidate_id is not None
                    and wiped_key(pulled.session_id, pulled.candidate_id) in wiped
                ):
                    continue
                existing = db.execute(_FIND_INDEXED, (pulled.id,)).fetchone()
                if existing is None:
                    # Maybe one of our pending events: they are not in the id index.
                    if pending is None:
                        pending = floors.pending_rows(db)
                    existing = pending.get(pulled.id)
                if existing is None:
                    db.execute(
                        INSERT_EVENT,
                        event_row(pulled, origin=ORIGIN_PULLED, sync_state=SYNC_ACKED),
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
                    # Only a number this device does not hold yet: an acknowledged event
                    # keeps the one it got (with a relay and central, numbers are the
                    # failover transport's virtual ones, and a later pull from the other
                    # end brings a larger one that would reorder the log).
                    db.execute(
                        _ACK_BY_LOCAL_SEQ + " AND sync_state != ?",
                        (
                            pulled.server_seq,
                            iso_or_none(pulled.received_at),
                            SYNC_ACKED,
                            existing["local_seq"],
                            SYNC_ACKED,
                        ),
                    )
            if session_id is not None:
                seen[session_id] = max(seen.get(session_id, 0), last_seq)
            if not advance:
                seen.clear()
            for sid, server_seq in seen.items():
                if server_seq > self._last_seen(db, sid):
                    db.execute(SET_META, (seen_key(sid), str(server_seq)))
            floors.advance(db)
        return new

    def last_seen_seq(self, session_id: int) -> int:
        """Highest server_seq pulled for the session (0 if none): the `after=` of the next pull."""
        with self._tx(write=False) as db:
            return self._last_seen(db, session_id)

    @staticmethod
    def _last_seen(db: sqlite3.Connection, session_id: int) -> int:
        row = db.execute(GET_META, (seen_key(session_id),)).fetchone()
        return 0 if row is None else int(row[0])

    # -- reading the log ----------------------------------------------------

    def events(self, session_id: int) -> list[Event]:
        """Every event of the session held here (own and pulled), in local order."""
        with self._tx(write=False) as db:
            rows = floors.session_rows(db, floors.SESSION_EVENTS, session_id)
        return [event_from_row(r) for r in rows]

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
            rows = floors.session_rows(db, floors.SESSION_FOLDED, session_id)
        return causal_order(rows)

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
        wall_time = iso(self._clock.now())
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
            beat_id = db.execute(INSERT_HEARTBEAT, row).lastrowid
            self._beats_since_prune += 1
            if self._beats_since_prune >= _PRUNE_EVERY_BEATS:
                self._prune_heartbeats(db)
        assert beat_id is not None
        return Heartbeat(
            id=beat_id,
            wall_time=from_iso(wall_time),
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
        cutoff = iso(self._clock.now() - HEARTBEAT_RETENTION)
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
            params.append(iso(since))
        if session_id is not None:
            where.append("session_id = ?")
            params.append(session_id)
        sql = "SELECT * FROM heartbeats"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._tx(write=False) as db:
            rows = db.execute(sql + " ORDER BY id", params).fetchall()
        return [heartbeat_from_row(r) for r in rows]

    def last_heartbeat(self, session_id: int) -> Heartbeat | None:
        """The most recently written heartbeat of the session (by write order, not clock)."""
        with self._tx(write=False) as db:
            row = db.execute(
                "SELECT * FROM heartbeats WHERE session_id = ? ORDER BY id DESC LIMIT 1",
                (session_id,),
            ).fetchone()
        return None if row is None else heartbeat_from_row(row)

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
                (key, bytes(data), iso(self._clock.now()), session_id, candidate_id),
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
                    floors.advance(db)  # the floor keeps the device_seq of what goes
                    deleted = db.execute(
                        "DELETE FROM events WHERE session_id = ? AND candidate_id = ?", key
                    ).rowcount
                    floors.advance(db)  # local_seq values above the new top come again
                    db.execute("DELETE FROM blobs WHERE session_id = ? AND candidate_id = ?", key)
                    db.execute(
                        "DELETE FROM heartbeats WHERE session_id = ? AND candidate_id = ?", key
                    )
                    db.execute(SET_META, (wiped_key(*key), iso(self._clock.now())))
            finally:
                self._outside_transaction("PRAGMA secure_delete = OFF")
            self._outside_transaction("PRAGMA wal_checkpoint(TRUNCATE)")
        return deleted
