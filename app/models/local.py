"""Tables of the LOCAL store: the SQLite file a kiosk or an invigilator station keeps.

The local store holds the device's copy of the event log (its own events and those pulled
from the server), durable heartbeats, a few counters and opaque blobs (the encrypted test
package). `app.services.store.LocalStore` is the only code that reads and writes it; this
module only declares the schema so that Alembic (`app/models/migrations/local/`) and the
store agree on one definition.

Why these choices:
- The event columns mirror `app.domain.events.Event` one to one, plus what only the device
  knows: `local_seq` (order of arrival on this device), `origin` and `sync_state`. Times are
  ISO 8601 text in UTC with a fixed format, so that text order is time order and a human
  reading the file with `sqlite3` understands it.
- A naming convention on the MetaData gives every constraint and index a stable name, so
  migrations in batch mode (SQLite recreates tables) can refer to them (STYLE item 9).
- `SCHEMA_REVISION` / `SCHEMA_USER_VERSION` name the head of the migrations; the store
  compares `PRAGMA user_version` with it to skip Alembic entirely when nothing is to do.
"""

from __future__ import annotations

from typing import Final, cast

from sqlalchemy import (
    CheckConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.models.local_schema import (
    INDEXED,
    ORIGIN_OWN,
    ORIGIN_PULLED,
    SCHEMA_REVISION,
    SCHEMA_USER_VERSION,
    SYNC_ACKED,
    SYNC_PENDING,
    SYNC_REFUSED,
)

__all__ = [
    "ORIGIN_OWN",
    "ORIGIN_PULLED",
    "SCHEMA_REVISION",
    "SCHEMA_USER_VERSION",
    "SYNC_ACKED",
    "SYNC_PENDING",
    "SYNC_REFUSED",
]

NAMING_CONVENTION: Final = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class LocalBase(DeclarativeBase):
    """Declarative base of the local store only (the server store has its own MetaData)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class LocalEvent(LocalBase):
    """One event of the log, own or pulled.

    `local_seq` is an INTEGER PRIMARY KEY, i.e. SQLite's rowid: always larger than every
    row present, so it records the order of arrival on this device. It is only a local
    order; the order between devices is the server's `server_seq`.
    """

    __tablename__ = "events"

    local_seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36))
    session_id: Mapped[int] = mapped_column(Integer)
    candidate_id: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text, comment="JSON object")
    device_id: Mapped[str] = mapped_column(String(64))
    device_seq: Mapped[int] = mapped_column(Integer)
    monotonic_ms: Mapped[int] = mapped_column(Integer)
    wall_time: Mapped[str] = mapped_column(String(40), comment="ISO 8601, UTC")
    seen_seq: Mapped[int] = mapped_column(Integer, default=0)
    server_seq: Mapped[int | None] = mapped_column(Integer)
    received_at: Mapped[str | None] = mapped_column(String(40), comment="ISO 8601, UTC")
    origin: Mapped[str] = mapped_column(String(8))
    sync_state: Mapped[str] = mapped_column(String(8))
    refusal_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(f"origin IN ('{ORIGIN_OWN}', '{ORIGIN_PULLED}')", name="origin"),
        CheckConstraint(
            f"sync_state IN ('{SYNC_PENDING}', '{SYNC_ACKED}', '{SYNC_REFUSED}')",
            name="sync_state",
        ),
        # A pulled event was acknowledged by the server by definition.
        CheckConstraint(
            f"origin = '{ORIGIN_OWN}' OR sync_state = '{SYNC_ACKED}'", name="pulled_acked"
        ),
        # Both indexes leave own pending rows out (schema 0003, `INDEXED`): an answer's
        # commit writes the row's page only. Ids stay unique: a pending one is a fresh
        # UUID4, and a pulled event is looked for among the pending rows before it is
        # stored (app/services/store/floors.py).
        Index("uq_events_id", "id", unique=True, sqlite_where=text(INDEXED)),
        # events(session_id) and the fold read a session in local order.
        Index(None, "session_id", "local_seq", sqlite_where=text(INDEXED)),
        # No (sync_state, local_seq) index since 0002: one page less per append; the
        # outbox reads a rowid range from a floor kept in meta (app/services/store/floors).
    )


class LocalHeartbeat(LocalBase):
    """A durable "I'm alive" written every few seconds.

    After a power cut the last heartbeat before it and the first after it give the outage
    length (wall times, because the monotonic clock restarts with the machine; `boot_id`
    tells whether the process restarted) and `countdown_elapsed_ms` lets a timed question
    resume where it stood.
    """

    __tablename__ = "heartbeats"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    wall_time: Mapped[str] = mapped_column(String(40), comment="ISO 8601, UTC")
    monotonic_ms: Mapped[int] = mapped_column(Integer)
    boot_id: Mapped[str] = mapped_column(String(32))
    session_id: Mapped[int] = mapped_column(Integer)
    candidate_id: Mapped[int | None] = mapped_column(Integer)
    challenge_id: Mapped[str | None] = mapped_column(String(64))
    countdown_elapsed_ms: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index(None, "session_id", "id"),
        Index(None, "wall_time"),
    )


class LocalMeta(LocalBase):
    """Small key/value facts: per-session last seen server_seq, the floors of the device_seq
    and of the outbox (app/services/store/floors.py), tombstones of wiped candidates."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class LocalBlob(LocalBase):
    """Opaque bytes kept on the device, e.g. the encrypted test package of a candidate.

    `session_id` / `candidate_id` say whose data it is, so that a candidate's data can be
    wiped completely once the server holds everything.
    """

    __tablename__ = "blobs"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[str] = mapped_column(String(40), comment="ISO 8601, UTC")
    session_id: Mapped[int | None] = mapped_column(Integer)
    candidate_id: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index(None, "session_id", "candidate_id"),)


# Core tables, for the store's SQL (it works with rows, not ORM objects: no identity map to
# keep in sync, and one statement per step of a transaction).
events_table = cast(Table, LocalEvent.__table__)
heartbeats_table = cast(Table, LocalHeartbeat.__table__)
meta_table = cast(Table, LocalMeta.__table__)
blobs_table = cast(Table, LocalBlob.__table__)
