"""Where an append's device_seq and the outbox start, without a page written per append.

Why: an answer's commit used to write five pages of WAL (the events row, three index
leaves and the meta page of a device_seq counter); the commit's fsync grows with them
(bench/RESULTS.md, issue 22). Since schema 0002 the append writes the row and the two
indexes it needs (unique id; session, local order) and nothing else:

- `device_seq` is derived from the log: one more than the last own event's. A
  floor kept in meta, (`device_seq_floor`, `device_seq_floor_at`), says "no own event
  with local_seq <= floor_at has a device_seq above floor", so only the events recorded
  since floor_at are looked at (a rowid range read from the newest row, not the whole
  log), and the counter never goes back when wiped events leave the log.
- the outbox needs no (sync_state, local_seq) index: `outbox_from` in meta is a local_seq
  below which no own event is pending, so the outbox query reads a rowid range that holds
  what is not yet synced.

Both floors move only in transactions that already write (acks, refusals, pulls, a wipe;
`advance`), never in `append`. Correctness rests on one fact: a new event's local_seq
(INTEGER PRIMARY KEY, max + 1) is above every row present, so an append keeps both
invariants by itself; deleting events is the only thing that lowers max(local_seq), and
`advance` after the delete brings both floors down to it.
"""

from __future__ import annotations

import sqlite3
from typing import Final

from app.models.local_schema import ORIGIN_OWN, SYNC_PENDING

DEVICE_SEQ_FLOOR: Final = "device_seq_floor"
DEVICE_SEQ_FLOOR_AT: Final = "device_seq_floor_at"
OUTBOX_FROM: Final = "outbox_from"
_KEYS: Final = (DEVICE_SEQ_FLOOR, DEVICE_SEQ_FLOOR_AT, OUTBOX_FROM)

LAST_OWN_DEVICE_SEQ: Final = (
    f"SELECT device_seq FROM events WHERE local_seq > ? AND origin = '{ORIGIN_OWN}' "
    "ORDER BY local_seq DESC LIMIT 1"
)
"""The last own event's device_seq after a local_seq (the floor's), i.e. the largest one:
own device_seq grows with local_seq. Read backwards from the newest row, it stops at the
first own event, so an append reads a row or two even when nothing was acknowledged for
a long time (a kiosk offline)."""
OUTBOX: Final = (
    f"SELECT * FROM events WHERE local_seq >= ? AND sync_state = '{SYNC_PENDING}' "
    f"AND origin = '{ORIGIN_OWN}' ORDER BY local_seq LIMIT ?"
)
"""Pending own events from a local_seq on, in local order: a rowid range."""
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


def next_device_seq(db: sqlite3.Connection) -> int:
    """The device_seq of the next own event (call inside the append's write transaction)."""
    floors = _read(db)
    return max(floors[DEVICE_SEQ_FLOOR], _last_own(db, floors[DEVICE_SEQ_FLOOR_AT])) + 1


def outbox_from(db: sqlite3.Connection) -> int:
    """No pending own event has a local_seq below this."""
    return _read(db)[OUTBOX_FROM]


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
