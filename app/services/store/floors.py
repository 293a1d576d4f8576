"""Where an append's device_seq and the outbox start, without a page written per append.

Why: an answer's commit used to write five pages of WAL (the events row, three index
leaves and the meta page of a device_seq counter); the commit's fsync grows with them
(bench/RESULTS.md, issue 22). Since schema 0002 the append writes no counter and no
outbox index entry, and since 0003 no index entry at all, only the row:

- `device_seq` is derived from the log: one more than the last own event's. A
  floor kept in meta, (`device_seq_floor`, `device_seq_floor_at`), says "no own event
  with local_seq <= floor_at has a device_seq above floor", so only the events recorded
  since floor_at are looked at (a rowid range read from the newest row, not the whole
  log), and the counter never goes back when wiped events leave the log.
- the outbox needs no (sync_state, local_seq) index: `outbox_from` in meta is a local_seq
  below which no own event is pending, so the outbox query reads a rowid range that holds
  what is not yet synced.
- since schema 0003 the id and session indexes leave own pending rows out (`INDEXED`), so
  the append writes the row's page only; the rows they lack are read from that same
  rowid range (`pending_rows`, and `session_rows` for a session's events).

Both floors move only in transactions that already write (acks, refusals, pulls, a wipe;
`advance`), never in `append`. Correctness rests on one fact: a new event's local_seq
(INTEGER PRIMARY KEY, max + 1) is above every row present, so an append keeps both
invariants by itself; deleting events is the only thing that lowers max(local_seq), and
`advance` after the delete brings both floors down to it.
"""

from __future__ import annotations

import sqlite3
from typing import Final

from app.models.local_schema import INDEXED, ORIGIN_OWN, SYNC_PENDING, SYNC_REFUSED

DEVICE_SEQ_FLOOR: Final = "device_seq_floor"
DEVICE_SEQ_FLOOR_AT: Final = "device_seq_floor_at"
OUTBOX_FROM: Final = "outbox_from"
_KEYS: Final = (DEVICE_SEQ_FLOOR, DEVICE_SEQ_FLOOR_AT, OUTBOX_FROM)

_LAST_OWN: Final = (
    f"SELECT device_seq FROM events WHERE local_seq > {{after}} AND origin = '{ORIGIN_OWN}' "
    "ORDER BY local_seq DESC LIMIT 1"
)
LAST_OWN_DEVICE_SEQ: Final = _LAST_OWN.format(after="?")
"""The last own event's device_seq after a local_seq (the floor's), i.e. the largest one:
own device_seq grows with local_seq. Read backwards from the newest row, it stops at the
first own event, so an append reads a row or two even when nothing was acknowledged for
a long time (a kiosk offline)."""
OUTBOX: Final = (
    f"SELECT * FROM events WHERE local_seq >= ? AND sync_state = '{SYNC_PENDING}' "
    f"AND origin = '{ORIGIN_OWN}' ORDER BY local_seq LIMIT ?"
)
"""Pending own events from a local_seq on, in local order: a rowid range."""
_PENDING_ROWS: Final = (
    "SELECT id, local_seq, device_id, device_seq, origin FROM events "
    f"WHERE local_seq >= ? AND sync_state = '{SYNC_PENDING}'"
)
_SESSION_ROWS: Final = (
    f"SELECT * FROM events WHERE session_id = ? AND {INDEXED}{{where}} UNION ALL "
    f"SELECT * FROM events WHERE local_seq >= ? AND sync_state = '{SYNC_PENDING}' "
    "AND session_id = ?{where} ORDER BY local_seq"
)
SESSION_EVENTS: Final = _SESSION_ROWS.format(where="")
"""A session's events in local order: the indexed ones through the session index, merged
with the own pending ones of the rowid range (they are not in the index). Parameters:
session_id, outbox_from, session_id."""
SESSION_FOLDED: Final = _SESSION_ROWS.format(where=f" AND sync_state != '{SYNC_REFUSED}'")
"""`SESSION_EVENTS` without the refused events (what a device folds)."""
SESSION_OWN: Final = _SESSION_ROWS.format(
    where=f" AND origin = '{ORIGIN_OWN}' AND sync_state != '{SYNC_REFUSED}'"
)
"""`SESSION_FOLDED`, own events only."""
_FIRST_PENDING: Final = (
    f"SELECT min(local_seq) FROM events WHERE local_seq >= ? AND sync_state = '{SYNC_PENDING}'"
)
_TOP: Final = "SELECT coalesce(max(local_seq), 0) FROM events"
_SET: Final = (
    "INSERT INTO meta (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


def _read(db: sqlite3.Connection) -> dict[str, int]:
    """The three floors; 0 for one that is missing (safe: it means "read everything")."""
    found = dict(
        db.execute(
            f"SELECT key, value FROM meta WHERE key IN ({', '.join('?' * len(_KEYS))})", _KEYS
        ).fetchall()
    )
    return {key: int(found.get(key, 0)) for key in _KEYS}


def _last_own(db: sqlite3.Connection, after: int) -> int:
    row = db.execute(LAST_OWN_DEVICE_SEQ, (after,)).fetchone()
    return 0 if row is None else int(row[0])


def meta_int(key_sql: str) -> str:
    """SQL for the integer in meta under a key (a quoted literal or a parameter), 0 if none."""
    return f"coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = {key_sql}), 0)"


NEXT_DEVICE_SEQ: Final = (
    f"max({meta_int(repr(DEVICE_SEQ_FLOOR))}, "
    f"coalesce(({_LAST_OWN.format(after=meta_int(repr(DEVICE_SEQ_FLOOR_AT)))}), 0)) + 1"
)
"""The device_seq of the next own event as one SQL expression (`LAST_OWN_DEVICE_SEQ`
after the floor, or the floor): the append reads it with its other values in one
statement (each statement is ~10 us of an append's ~120 us of CPU, issue 22)."""


def outbox_from(db: sqlite3.Connection) -> int:
    """No pending own event has a local_seq below this."""
    return _read(db)[OUTBOX_FROM]


def pending_rows(db: sqlite3.Connection) -> dict[str, sqlite3.Row]:
    """The own pending events by id (id, local_seq, device_id, device_seq, origin): the
    rows the id index does not hold, read from the rowid range above `outbox_from`."""
    return {row[0]: row for row in db.execute(_PENDING_ROWS, (outbox_from(db),))}


def session_rows(db: sqlite3.Connection, sql: str, session_id: int) -> list[sqlite3.Row]:
    """Run one of `SESSION_EVENTS`, `SESSION_FOLDED`, `SESSION_OWN` for a session."""
    return db.execute(sql, (session_id, outbox_from(db), session_id)).fetchall()


def advance(db: sqlite3.Connection) -> None:
    """Move both floors up to the log as it is now (inside a write transaction).

    Call it in every transaction that acknowledges, refuses or deletes events; before a
    delete too, so that the deleted events' device_seq is kept in the floor.
    """
    floors = _read(db)
    top = int(db.execute(_TOP).fetchone()[0])
    seq_floor, seq_at = floors[DEVICE_SEQ_FLOOR], floors[DEVICE_SEQ_FLOOR_AT]
    if top > seq_at:
        db.execute(_SET, (DEVICE_SEQ_FLOOR, str(max(seq_floor, _last_own(db, seq_at)))))
    if top != seq_at:
        # Below seq_at after a delete: the floor still holds what the deleted events had,
        # and local_seq values above the new top may be given again.
        db.execute(_SET, (DEVICE_SEQ_FLOOR_AT, str(top)))
    first = db.execute(_FIRST_PENDING, (floors[OUTBOX_FROM],)).fetchone()[0]
    start = top + 1 if first is None else int(first)
    if start != floors[OUTBOX_FROM]:
        db.execute(_SET, (OUTBOX_FROM, str(start)))
