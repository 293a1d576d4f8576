"""What the local store needs to know of its schema, without importing SQLAlchemy.

`app.models.local` declares the tables (for Alembic); the store runs plain SQL and only
needs names and constants. Importing SQLAlchemy cost a kiosk about 0.6 s at start-up
(bench/RESULTS.md, issue 4), so they live here and a test keeps both in step.
"""

from __future__ import annotations

from typing import Final

SCHEMA_REVISION: Final = "0003"
"""Alembic head revision of the local store. Bump with every new migration."""

SCHEMA_USER_VERSION: Final = 3
"""`PRAGMA user_version` written by the migration that reaches `SCHEMA_REVISION`.

Alembic's `alembic_version` table stays the reference; `user_version` mirrors it (see the
migrations' env.py) because reading it needs no table and no Alembic import.
"""

ORIGIN_OWN: Final = "own"
ORIGIN_PULLED: Final = "pulled"
SYNC_PENDING: Final = "pending"
SYNC_ACKED: Final = "acked"
SYNC_REFUSED: Final = "refused"

INDEXED: Final = f"sync_state != '{SYNC_PENDING}'"
"""The rows the events' id and session indexes hold (schema 0003): all but own pending ones.

An answer's commit then writes one B-tree page, the row's, instead of three (issue 22); the
acknowledgement that comes later puts the row in both indexes. Own pending rows all sit at
or above `outbox_from` (app/services/store/floors.py), so the store finds them by a rowid
range. A query uses a partial index only if its WHERE holds this very term: write it as is.
"""

EVENTS_TABLE: Final = "events"
EVENT_COLUMNS: Final = (
    "local_seq",
    "id",
    "session_id",
    "candidate_id",
    "kind",
    "payload",
    "device_id",
    "device_seq",
    "monotonic_ms",
    "wall_time",
    "seen_seq",
    "server_seq",
    "received_at",
    "origin",
    "sync_state",
    "refusal_reason",
)
HEARTBEATS_TABLE: Final = "heartbeats"
HEARTBEAT_COLUMNS: Final = (
    "id",
    "wall_time",
    "monotonic_ms",
    "boot_id",
    "session_id",
    "candidate_id",
    "challenge_id",
    "countdown_elapsed_ms",
)
