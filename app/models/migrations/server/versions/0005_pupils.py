"""the school's pupils, imported once and added to sessions by class

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "pupils",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("last_name", sa.String(length=200), nullable=False),
        sa.Column("first_name", sa.String(length=200), nullable=False),
        sa.Column("birthdate", sa.Date(), nullable=False),
        sa.Column("class_name", sa.String(length=100), nullable=False),
        sa.Column("certifiable", sa.Boolean(), nullable=False),
        sa.Column("data", _JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["centres.id"], name=op.f("fk_pupils_centre_id_centres"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pupils")),
    )
    op.create_index(op.f("ix_pupils_centre_id"), "pupils", ["centre_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_pupils_centre_id"), table_name="pupils")
    op.drop_table("pupils")
