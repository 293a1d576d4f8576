"""An append writes three pages instead of five: no outbox index, no device_seq counter.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05

Issue 22: the commit of an answer wrote the events row, three index leaves and the meta
page of the `device_seq` counter. This drops the (sync_state, local_seq) index and turns
the counter into floors the store only moves outside appends
(app/services/store/floors.py):

- `device_seq_floor` = the counter's value (or the log's largest own device_seq if
  larger), `device_seq_floor_at` = the largest local_seq now: the next append takes one
  more than the floor or than any own event recorded after it;
- `outbox_from` = the smallest local_seq of a pending event (or one past the last row):
  the outbox reads from there.

Nothing in the log changes. Written by hand, in plain SQL, so that it stays what it was
when released. Downgrade puts the index and the counter back.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_SET = sa.text(
    "INSERT INTO meta (key, value) VALUES (:key, :value) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


def _scalar(sql: str) -> int:
    value = op.get_bind().execute(sa.text(sql)).scalar()
    return 0 if value is None else int(value)


def upgrade() -> None:
    """Upgrade schema."""
    op.drop_index(op.f("ix_events_sync_state_local_seq"), table_name="events")
    bind = op.get_bind()
    counter = _scalar("SELECT value FROM meta WHERE key = 'device_seq'")
    own = _scalar("SELECT max(device_seq) FROM events WHERE origin = 'own'")
    top = _scalar("SELECT max(local_seq) FROM events")
    first_pending = bind.execute(
        sa.text("SELECT min(local_seq) FROM events WHERE sync_state = 'pending'")
    ).scalar()
    outbox_from = top + 1 if first_pending is None else int(first_pending)
    for key, value in (
        ("device_seq_floor", max(counter, own)),
        ("device_seq_floor_at", top),
        ("outbox_from", outbox_from),
    ):
        bind.execute(_SET, {"key": key, "value": str(value)})
    bind.execute(sa.text("DELETE FROM meta WHERE key = 'device_seq'"))


def downgrade() -> None:
    """Downgrade schema."""
    bind = op.get_bind()
    floor = _scalar("SELECT value FROM meta WHERE key = 'device_seq_floor'")
    floor_at = _scalar("SELECT value FROM meta WHERE key = 'device_seq_floor_at'")
    newest = bind.execute(
        sa.text("SELECT max(device_seq) FROM events WHERE local_seq > :at AND origin = 'own'"),
        {"at": floor_at},
    ).scalar()
    counter = max(floor, 0 if newest is None else int(newest))
    if counter:
        bind.execute(_SET, {"key": "device_seq", "value": str(counter)})
    bind.execute(
        sa.text(
            "DELETE FROM meta "
            "WHERE key IN ('device_seq_floor', 'device_seq_floor_at', 'outbox_from')"
        )
    )
    op.create_index(op.f("ix_events_sync_state_local_seq"), "events", ["sync_state", "local_seq"])
