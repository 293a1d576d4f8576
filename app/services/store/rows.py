"""How events and heartbeats are written as rows of the local file, and read back.

The store runs a dozen fixed statements in plain SQL (why not SQLAlchemy Core: see the
package docstring); their column lists come from the declared tables
(`app.models.local_schema`), so the schema is still declared once. Times are stored as
fixed-width ISO 8601 text in UTC (`iso`), so that text order is time order in SQL.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from app.domain.events import Event
from app.models.local_schema import (
    EVENT_COLUMNS,
    EVENTS_TABLE,
    HEARTBEAT_COLUMNS,
    HEARTBEATS_TABLE,
)


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


def iso(when: datetime) -> str:
    """Fixed-width ISO 8601 in UTC, so that text order is time order in SQL."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is required, got {when!r}")
    return when.astimezone(UTC).isoformat(timespec="microseconds")


def iso_or_none(when: datetime | None) -> str | None:
    return None if when is None else iso(when)


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def seen_key(session_id: int) -> str:
    return f"last_seen_seq:{session_id}"


def wiped_key(session_id: int, candidate_id: int) -> str:
    return f"wiped:{session_id}:{candidate_id}"


def event_from_row(row: sqlite3.Row) -> Event:
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
            "wall_time": from_iso(row["wall_time"]),
            "seen_seq": row["seen_seq"],
            "server_seq": row["server_seq"],
            "received_at": None if received_at is None else from_iso(received_at),
        }
    )


def event_row(event: Event, *, origin: str, sync_state: str) -> dict[str, Any]:
    return {
        "id": event.id,
        "session_id": event.session_id,
        "candidate_id": event.candidate_id,
        "kind": str(event.kind),
        "payload": json.dumps(event.payload, ensure_ascii=False, separators=(",", ":")),
        "device_id": event.device_id,
        "device_seq": event.device_seq,
        "monotonic_ms": event.monotonic_ms,
        "wall_time": iso(event.wall_time),
        "seen_seq": event.seen_seq,
        "server_seq": event.server_seq,
        "received_at": iso_or_none(event.received_at),
        "origin": origin,
        "sync_state": sync_state,
        "refusal_reason": None,
    }


def heartbeat_from_row(row: sqlite3.Row) -> Heartbeat:
    return Heartbeat(
        id=row["id"],
        wall_time=from_iso(row["wall_time"]),
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


INSERT_EVENT: Final = _insert_sql(EVENTS_TABLE, (c for c in EVENT_COLUMNS if c != "local_seq"))
INSERT_HEARTBEAT: Final = _insert_sql(HEARTBEATS_TABLE, (c for c in HEARTBEAT_COLUMNS if c != "id"))
GET_META: Final = "SELECT value FROM meta WHERE key = ?"
SET_META: Final = (
    "INSERT INTO meta (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)
