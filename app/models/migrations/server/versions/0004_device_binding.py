"""device binding: the PC a candidate token was issued to; the relay's resume key

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device_id", sa.String(length=64), nullable=True))
    with op.batch_alter_table("session_secrets", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("resume_key", sa.String(length=64), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("session_secrets", schema=None) as batch_op:
        batch_op.drop_column("resume_key")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_column("device_id")
