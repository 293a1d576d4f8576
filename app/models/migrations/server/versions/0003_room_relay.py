"""room relay: prepared tests, the grant signing key, relay links; AUTOINCREMENT certifications

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

Why AUTOINCREMENT on SQLite: a prepared test reserves its certification number before the
test starts (decision 0004). Without AUTOINCREMENT SQLite hands out max(id) + 1, which
could be a reserved number; with it, numbers come from `sqlite_sequence`, which the
reservation advances. PostgreSQL already draws from a sequence.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "prepared_tests",
        sa.Column("candidate_id", _BIG_ID, nullable=False),
        sa.Column("session_id", _BIG_ID, nullable=False),
        sa.Column("certification_number", sa.BigInteger(), nullable=False),
        sa.Column("challenge_ids", _JSON, nullable=False),
        sa.Column("competence_of", _JSON, nullable=False),
        sa.Column("spares", _JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidates.id"],
            name=op.f("fk_prepared_tests_candidate_id_candidates"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"],
            name=op.f("fk_prepared_tests_session_id_sessions"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("candidate_id", name=op.f("pk_prepared_tests")),
        sa.UniqueConstraint(
            "certification_number", name=op.f("uq_prepared_tests_certification_number")
        ),
    )
    with op.batch_alter_table("prepared_tests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prepared_tests_session_id"), ["session_id"], unique=False
        )
    op.create_table(
        "signing_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("private_key", sa.LargeBinary(), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_keys")),
    )
    op.create_table(
        "relay_links",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("session_id", _BIG_ID, nullable=False),
        sa.Column("relay_seq", sa.BigInteger(), nullable=True),
        sa.Column("central_seq", sa.BigInteger(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_relay_links")),
    )
    with op.batch_alter_table("relay_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_relay_links_session_id"), ["session_id"])
        batch_op.create_index(batch_op.f("ix_relay_links_relay_seq"), ["relay_seq"])
        batch_op.create_index(batch_op.f("ix_relay_links_central_seq"), ["central_seq"])
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(
            "certifications", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass


def downgrade() -> None:
    with op.batch_alter_table("relay_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relay_links_central_seq"))
        batch_op.drop_index(batch_op.f("ix_relay_links_relay_seq"))
        batch_op.drop_index(batch_op.f("ix_relay_links_session_id"))
    op.drop_table("relay_links")
    op.drop_table("signing_keys")
    with op.batch_alter_table("prepared_tests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prepared_tests_session_id"))
    op.drop_table("prepared_tests")
