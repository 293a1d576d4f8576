"""An answer's commit writes one page: own pending rows are left out of both indexes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

Issue 22: since 0002 the commit of an answer wrote three pages, the events row, a leaf of
the id index (at a random place: ids are UUID4) and a leaf of the (session_id, local_seq)
index. Both indexes become partial, `WHERE sync_state != 'pending'`: an own event enters
them when the server acknowledges or refuses it, in the acknowledgement's transaction,
off the candidate's path. Own pending rows all sit at or above `outbox_from`, so the store
reads them by a rowid range (app/services/store/floors.py).

SQLite cannot drop the UNIQUE constraint a table was created with, so the table is made
again: renamed aside, created without it, its rows copied with their local_seq, the old
one dropped; the id stays unique through the partial unique index. All in the upgrade's one
transaction. Written by hand, in plain SQL, so that it stays what it was when released.
Downgrade makes the table of 0002 again.
"""
from typing import Sequence, Union

from alembic import op


revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_COLUMNS = (
    "local_seq, id, session_id, candidate_id, kind, payload, device_id, device_seq, "
    "monotonic_ms, wall_time, seen_seq, server_seq, received_at, origin, sync_state, "
    "refusal_reason"
)


def _events_table(unique_id: bool) -> str:
    last = (
        "\tCONSTRAINT ck_events_pulled_acked CHECK (origin = 'own' OR sync_state = 'acked')"
    )
    if unique_id:
        last += ", \n\tCONSTRAINT uq_events_id UNIQUE (id)"
    return (
        "CREATE TABLE events (\n"
        "\tlocal_seq INTEGER NOT NULL, \n"
        "\tid VARCHAR(36) NOT NULL, \n"
        "\tsession_id INTEGER NOT NULL, \n"
        "\tcandidate_id INTEGER, \n"
        "\tkind VARCHAR(64) NOT NULL, \n"
        "\tpayload TEXT NOT NULL, \n"
        "\tdevice_id VARCHAR(64) NOT NULL, \n"
        "\tdevice_seq INTEGER NOT NULL, \n"
        "\tmonotonic_ms INTEGER NOT NULL, \n"
        "\twall_time VARCHAR(40) NOT NULL, \n"
        "\tseen_seq INTEGER NOT NULL, \n"
        "\tserver_seq INTEGER, \n"
        "\treceived_at VARCHAR(40), \n"
        "\torigin VARCHAR(8) NOT NULL, \n"
        "\tsync_state VARCHAR(8) NOT NULL, \n"
        "\trefusal_reason TEXT, \n"
        "\tCONSTRAINT pk_events PRIMARY KEY (local_seq), \n"
        "\tCONSTRAINT ck_events_origin CHECK (origin IN ('own', 'pulled')), \n"
        "\tCONSTRAINT ck_events_sync_state CHECK (sync_state IN"
        " ('pending', 'acked', 'refused')), \n"
        f"{last}\n"
        ")"
    )


def _rebuild(unique_id: bool) -> None:
    op.execute("ALTER TABLE events RENAME TO _events_before")
    op.execute(_events_table(unique_id))
    op.execute(f"INSERT INTO events ({_COLUMNS}) SELECT {_COLUMNS} FROM _events_before")
    op.execute("DROP TABLE _events_before")


def upgrade() -> None:
    """Upgrade schema."""
    op.execute("DROP INDEX ix_events_session_id_local_seq")
    _rebuild(unique_id=False)
    op.execute(
        "CREATE UNIQUE INDEX uq_events_id ON events (id) WHERE sync_state != 'pending'"
    )
    op.execute(
        "CREATE INDEX ix_events_session_id_local_seq ON events (session_id, local_seq) "
        "WHERE sync_state != 'pending'"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.execute("DROP INDEX ix_events_session_id_local_seq")
    op.execute("DROP INDEX uq_events_id")
    _rebuild(unique_id=True)
    op.execute("CREATE INDEX ix_events_session_id_local_seq ON events (session_id, local_seq)")
