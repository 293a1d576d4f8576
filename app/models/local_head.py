"""The local store's schema at head, as SQL: a new store is created without Alembic.

Creating a kiosk's store through Alembic meant importing Alembic and SQLAlchemy (about a
second on a lab PC) before the first screen (bench/RESULTS.md, issue 22). A NEW, empty file
is instead given these statements in one transaction, with the revision, `user_version`
and the rows the migrations write; a file with anything in it still goes through Alembic.
`tests/integration/test_local_store_floors.py` checks that both ways give the same file
(sqlite_master, meta, revision), so update this with every new migration.
"""

from __future__ import annotations

from typing import Final

HEAD_DDL: Final[tuple[str, ...]] = (
    (
        "CREATE TABLE alembic_version (\n"
        "\tversion_num VARCHAR(32) NOT NULL, \n"
        "\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n"
        ")"
    ),
    (
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
        "\tCONSTRAINT ck_events_pulled_acked CHECK (origin = 'own' OR sync_state = 'acked')\n"
        ")"
    ),
    "CREATE UNIQUE INDEX uq_events_id ON events (id) WHERE sync_state != 'pending'",
    (
        "CREATE INDEX ix_events_session_id_local_seq ON events (session_id, local_seq) "
        "WHERE sync_state != 'pending'"
    ),
    (
        "CREATE TABLE heartbeats (\n"
        "\tid INTEGER NOT NULL, \n"
        "\twall_time VARCHAR(40) NOT NULL, \n"
        "\tmonotonic_ms INTEGER NOT NULL, \n"
        "\tboot_id VARCHAR(32) NOT NULL, \n"
        "\tsession_id INTEGER NOT NULL, \n"
        "\tcandidate_id INTEGER, \n"
        "\tchallenge_id VARCHAR(64), \n"
        "\tcountdown_elapsed_ms INTEGER, \n"
        "\tCONSTRAINT pk_heartbeats PRIMARY KEY (id)\n"
        ")"
    ),
    ("CREATE INDEX ix_heartbeats_session_id_id ON heartbeats (session_id, id)"),
    ("CREATE INDEX ix_heartbeats_wall_time ON heartbeats (wall_time)"),
    (
        "CREATE TABLE meta (\n"
        '\t"key" VARCHAR(64) NOT NULL, \n'
        "\tvalue TEXT NOT NULL, \n"
        '\tCONSTRAINT pk_meta PRIMARY KEY ("key")\n'
        ")"
    ),
    (
        "CREATE TABLE blobs (\n"
        '\t"key" VARCHAR(200) NOT NULL, \n'
        "\tdata BLOB NOT NULL, \n"
        "\tupdated_at VARCHAR(40) NOT NULL, \n"
        "\tsession_id INTEGER, \n"
        "\tcandidate_id INTEGER, \n"
        '\tCONSTRAINT pk_blobs PRIMARY KEY ("key")\n'
        ")"
    ),
    ("CREATE INDEX ix_blobs_session_id_candidate_id ON blobs (session_id, candidate_id)"),
)
"""CREATE statements of the head schema (revisions 0001 to 0003)."""

HEAD_META: Final[tuple[tuple[str, str], ...]] = (
    ("device_seq_floor", "0"),
    ("device_seq_floor_at", "0"),
    ("outbox_from", "1"),
)
"""Rows of `meta` the migrations write in an empty store (0002: the floors)."""
