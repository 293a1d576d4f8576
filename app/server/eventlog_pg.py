"""The push path's SQL on PostgreSQL in two round trips (issue 22).

`EventLog.append` used eight or nine: BEGIN, the session row lock, the existing ids, the
candidates, the sequence numbers, the insert, last_seq, pg_notify, COMMIT (bench/RESULTS.md
"Server sync ingest"). Here, for a push to one session, on the request's own psycopg
connection switched to autocommit for the duration (so BEGIN is ours to send), two simple
queries, each one round trip, run two statements PREPAREd once per connection (PostgreSQL
parses and plans them once, not at every push); the rows and ids go as one JSON text
each, which costs far less Python than binding ten arrays:

1. `lock()`: BEGIN, `PLAN_SETTINGS`, and `EXECUTE` of one statement that takes the session
   row lock (FOR NO KEY UPDATE, which conflicts with the UPDATE the general path locks
   with, and leaves no dead row version behind as an UPDATE of the row to itself did at
   every push), reads the ids of the batch already stored, which candidates belong to the
   session, and draws the sequence numbers the batch may need, after the lock is held.
   The first push on a connection sends the two PREPAREs in front, in the same query.
   Then Python folds.
2. `write()`: `EXECUTE` of one statement that inserts the rows and raises last_seq, then
   COMMIT. (The other processes hear of it after the commit, from app/server/notify.py's
   publisher: a NOTIFY in the transaction serialised every commit.)

Why PREPARE by SQL, not psycopg's prepared statements: psycopg sends `DEALLOCATE ALL` after
any ROLLBACK on a connection where it prepared something (psycopg 3.3, `_rollback_gen`),
and every read request ends with one (its session closes). In a 30-kiosk room, 73 % of
pushes found their statements gone and 466 reads paid that extra round trip in 90 s
(bench/RESULTS.md). The server's engine sets `prepare_threshold=None` (app/server/db.py):
psycopg never prepares, so never deallocates, and these statements live as long as the
connection. Should they be gone anyway (a `DISCARD ALL` by hand), the push prepares them
again and retries once.

Measured: bench/push_sql.py and bench/sync_ingest.py, bench/RESULTS.md.

The sequence is looked up once per statement (a scalar subquery), not once per number:
80 us of PostgreSQL's CPU per batch of 20 against 25 (measured with psql).

One catch, and its answer: a statement that waited for the row lock reads the other CTEs
from its snapshot taken *before* the wait. The statement also returns last_seq as that
snapshot saw it: when it differs from the locked row's value, a push committed in between
and the existing ids are read again (a third round trip, only under contention on one
session). Any event of the session is stored under this lock and raises last_seq, so equal
values mean nothing of this session committed meanwhile. A duplicate id committed by
another session in between fails the insert on the UNIQUE constraint, as it always could:
`append` retries and finds it.

Errors come back as SQLAlchemy's exceptions (IntegrityError, OperationalError, DataError),
so the callers' retry and one-by-one rules are unchanged; the transaction is rolled back
and the connection is back in its normal mode before they are raised.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
import sqlalchemy as sa
from psycopg.pq import TransactionStatus
from sqlalchemy.orm import Session

from app.domain.events import Event

_LOCK_SQL = """
WITH locked AS MATERIALIZED (
    SELECT last_seq FROM sessions WHERE id = %(sid)s FOR NO KEY UPDATE
), seen AS (
    SELECT last_seq FROM sessions WHERE id = %(sid)s
), existing AS (
    SELECT id, server_seq, received_at, session_id FROM events
    WHERE id = ANY(ARRAY(SELECT jsonb_array_elements_text(%(ids)s::jsonb)))
), seqs AS (
    SELECT nextval((SELECT pg_get_serial_sequence('events', 'server_seq'))::regclass) AS seq
    FROM locked, generate_series(1, %(n)s - (SELECT count(*) FROM existing))
)
SELECT 'L', (SELECT last_seq FROM locked), (SELECT last_seq FROM seen),
       NULL::text, NULL::timestamptz
UNION ALL SELECT 'E', server_seq, session_id, id, received_at FROM existing
UNION ALL SELECT 'S', seq, NULL, NULL, NULL FROM seqs
UNION ALL SELECT 'C', id, NULL, NULL, NULL FROM candidates
    WHERE session_id = %(sid)s
      AND id = ANY(ARRAY(SELECT jsonb_array_elements_text(%(cids)s::jsonb)::bigint))
"""

_EXISTING_SQL = (
    "SELECT id, server_seq, received_at, session_id FROM events"
    " WHERE id = ANY(ARRAY(SELECT jsonb_array_elements_text(%(ids)s::jsonb)))"
)

_WRITE_SQL = """
WITH ins AS (
    INSERT INTO events (server_seq, id, session_id, candidate_id, kind, payload, device_id,
                        device_seq, monotonic_ms, wall_time, seen_seq, received_at, role)
    SELECT r.s, r.i, %(sid)s, r.c, r.k, r.p, r.d, r.ds, r.m, r.w, r.ss, %(now)s, %(role)s
    FROM jsonb_to_recordset(%(rows)s::jsonb)
         AS r(s bigint, i text, c bigint, k text, p jsonb, d text, ds bigint, m bigint,
              w timestamptz, ss bigint)
), upd AS (
    UPDATE sessions SET last_seq = greatest(last_seq, %(top)s),
                        joined = joined OR %(joined)s, started = started OR %(started)s
    WHERE id = %(sid)s AND %(top)s > 0
)
SELECT 1
"""

PLAN_SETTINGS = "SET LOCAL enable_seqscan = off"
"""Sent in each push's transaction before its statements are planned. PostgreSQL keeps
the generic plan it settles on after five runs of a prepared statement for the
connection's life; planned while `events` was small (a new server, a test), that plan
read the whole table for the ids already stored, a cost that grew with every push (8 ms
a push at 12,000 events, 34 ms at 36,000: bench/RESULTS.md). Both statements only
ever look rows up by key, which an index does at any size; with sequential scans priced
out, every plan of them uses the indexes."""


def numbered(sql: str, names: Sequence[str]) -> str:
    """psycopg's named placeholders as a prepared statement's $1, $2... (in that order)."""
    for i, name in enumerate(names, 1):
        sql = sql.replace(f"%({name})s", f"${i}")
    return sql


def _execute(statement: str, names: Sequence[str]) -> str:
    return f"EXECUTE {statement}(" + ", ".join(f"%({n})s" for n in names) + ")"


LOCK_STATEMENT = "examroom_push_lock"
WRITE_STATEMENT = "examroom_push_write"
_LOCK_PARAMS = ("sid", "ids", "n", "cids")
_WRITE_PARAMS = ("sid", "now", "role", "rows", "top", "joined", "started")
_PREPARE_SQL = (
    f"PREPARE {LOCK_STATEMENT}(bigint, jsonb, int, jsonb) AS"
    f" {numbered(_LOCK_SQL, _LOCK_PARAMS)};"
    f" PREPARE {WRITE_STATEMENT}(bigint, timestamptz, text, jsonb, bigint, boolean, boolean) AS"
    f" {numbered(_WRITE_SQL, _WRITE_PARAMS)};"
)
_LOCK_EXECUTE = _execute(LOCK_STATEMENT, _LOCK_PARAMS)
_WRITE_STEP = _execute(WRITE_STATEMENT, _WRITE_PARAMS) + "; COMMIT"

_STATEMENTS_LOST = (
    psycopg.errors.InvalidSqlStatementName,  # EXECUTE of a statement that is not there
    psycopg.errors.DuplicatePreparedStatement,  # PREPARE of one that still is
)
_prepared: weakref.WeakSet[psycopg.Connection[Any]] = weakref.WeakSet()
"""The connections that hold the two statements (they live as long as the connection)."""


@dataclass(slots=True)
class Locked:
    """What the first round trip read, under the session's row lock."""

    stored_last: int | None
    """The session's last_seq (None: no such session)."""
    existing: list[tuple[str, int, datetime, int]]
    """(id, server_seq, received_at, session_id) of the batch's ids already stored."""
    seqs: list[int]
    """Sequence numbers drawn under the lock, increasing: enough for every new event."""
    candidates: set[int]
    """The batch's candidate ids that belong to the session."""


def connection_for_push(db: Session) -> psycopg.Connection[Any] | None:
    """The psycopg connection under `db` when a push may take this path: no pending ORM
    change and no transaction yet (a push's case); else None."""
    if db.new or db.dirty or db.deleted:
        return None
    raw = db.connection().connection.driver_connection
    if (
        isinstance(raw, psycopg.Connection)
        and raw.info.transaction_status is TransactionStatus.IDLE
        and not raw.autocommit
    ):
        return raw
    return None


def driver(db: Session) -> psycopg.Connection[Any]:
    """The psycopg connection under `db` (tests, benchmarks)."""
    raw = db.connection().connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    return raw


@contextmanager
def _translated(raw: psycopg.Connection[Any], sql: str) -> Iterator[None]:
    """psycopg errors as SQLAlchemy's; on any error, roll back and leave autocommit."""
    try:
        yield
    except BaseException as exc:
        if raw.info.transaction_status is not TransactionStatus.IDLE:
            with suppress(psycopg.Error):
                raw.execute("ROLLBACK")
        if not raw.closed and raw.info.transaction_status is TransactionStatus.IDLE:
            raw.autocommit = False
        if isinstance(exc, psycopg.errors.InvalidSqlStatementName):
            # The write's statement was gone (see `lock`): a transient state, which
            # EventLog.append retries as it does a serialisation failure.
            _prepared.discard(raw)
            raise sa.exc.OperationalError(sql, None, exc) from exc
        if isinstance(exc, psycopg.Error):
            raise sa.exc.DBAPIError.instance(
                sql, None, exc, psycopg.Error, connection_invalidated=raw.closed
            ) from exc
        raise


def lock(raw: psycopg.Connection[Any], session_id: int, events: Sequence[Event]) -> Locked:
    """Round trip 1: BEGIN; lock, existing ids, candidates, sequence numbers."""
    ids = list({e.id: None for e in events})
    cids = sorted({e.candidate_id for e in events if e.candidate_id is not None})
    params = {"sid": session_id, "ids": json.dumps(ids), "n": len(ids), "cids": json.dumps(cids)}
    raw.autocommit = True
    with _translated(raw, _LOCK_SQL), psycopg.ClientCursor(raw) as cur:
        step = f"BEGIN; {PLAN_SETTINGS}; {_LOCK_EXECUTE}"
        try:
            cur.execute(step if raw in _prepared else _PREPARE_SQL + step, params)
        except _STATEMENTS_LOST:
            # Gone although prepared here (a DISCARD ALL, a DEALLOCATE by hand), or only
            # one of them: both again.
            if raw.info.transaction_status is not TransactionStatus.IDLE:
                raw.execute("ROLLBACK")
            _forget(raw)
            cur.execute(_PREPARE_SQL + step, params)
        _prepared.add(raw)
        while cur.description is None and cur.nextset():  # past BEGIN and SET
            pass
        stored_last: int | None = None
        seen_last: int | None = None
        existing: list[tuple[str, int, datetime, int]] = []
        seqs: list[int] = []
        candidates: set[int] = set()
        for tag, number, other, event_id, received in cur.fetchall():
            if tag == "L":
                stored_last, seen_last = number, other
            elif tag == "E":
                existing.append((event_id, number, received, other))
            elif tag == "S":
                seqs.append(number)
            else:
                candidates.add(number)
        if stored_last is not None and seen_last != stored_last:
            # A push to this session committed while we waited for its lock: our
            # snapshot missed its ids. Read them again, now that we hold the lock.
            cur.execute(_EXISTING_SQL, {"ids": params["ids"]})
            existing = [(r[0], r[1], r[2], r[3]) for r in cur.fetchall()]
    return Locked(stored_last, existing, sorted(seqs), candidates)


def _forget(raw: psycopg.Connection[Any]) -> None:
    """Drop whichever of the two statements is left, so that both can be prepared again."""
    _prepared.discard(raw)
    for statement in (LOCK_STATEMENT, WRITE_STATEMENT):
        with suppress(psycopg.errors.InvalidSqlStatementName):
            raw.execute(f"DEALLOCATE {statement}")


def rows_json(rows: list[dict[str, Any]]) -> str:
    """The rows as the write statement's one JSON parameter (`jsonb_to_recordset`)."""
    return json.dumps([
        {
            "s": r["server_seq"], "i": r["id"], "c": r["candidate_id"], "k": r["kind"],
            "p": r["payload"], "d": r["device_id"], "ds": r["device_seq"],
            "m": r["monotonic_ms"], "w": r["wall_time"].isoformat(), "ss": r["seen_seq"],
        }
        for r in rows
    ])


def write(
    raw: psycopg.Connection[Any],
    session_id: int,
    rows: list[dict[str, Any]],
    flags: dict[str, bool],
) -> None:
    """Round trip 2: insert, last_seq, COMMIT; the connection back to normal."""
    params = {
        "sid": session_id,
        "now": rows[0]["received_at"] if rows else None,
        "role": rows[0]["role"] if rows else None,
        "rows": rows_json(rows),
        "top": rows[-1]["server_seq"] if rows else 0,
        "joined": flags.get("joined", False),
        "started": flags.get("started", False),
    }
    with _translated(raw, _WRITE_SQL), psycopg.ClientCursor(raw) as cur:
        cur.execute(_WRITE_STEP, params)
    raw.autocommit = False


def abandon(raw: psycopg.Connection[Any]) -> None:
    """After `lock` when the append stops early: roll back, back to normal mode.

    A connection that cannot be put back out of autocommit is closed, so the pool never
    hands a later request a connection that would commit each statement on its own.
    """
    if not raw.closed and raw.info.transaction_status is not TransactionStatus.IDLE:
        with suppress(psycopg.Error):
            raw.execute("ROLLBACK")
    if not raw.closed and raw.info.transaction_status is TransactionStatus.IDLE:
        with suppress(psycopg.Error):
            raw.autocommit = False
    if not raw.closed and raw.autocommit:
        raw.close()
