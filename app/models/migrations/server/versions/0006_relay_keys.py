"""relay keys registered by a centre's administrator (issue 17, item 2)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "relay_keys",
        # BIGINT like every other id (an id in a path may reach 2**62: never a 500).
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["centres.id"], name=op.f("fk_relay_keys_centre_id_centres")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relay_keys")),
        sa.UniqueConstraint("centre_id", "public_key", name="uq_relay_keys_centre_key"),
    )
    with op.batch_alter_table("relay_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_relay_keys_centre_id"), ["centre_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("relay_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relay_keys_centre_id"))
    op.drop_table("relay_keys")
