"""Engine, sessions and migrations of the server database (SQLite or PostgreSQL).

SQLite runs in WAL mode with a busy timeout so readers never block the writer and
concurrent writers wait instead of failing; foreign keys are switched on. The push path
takes its per-session lock with an UPDATE of the session row, which is a row lock on
PostgreSQL and the database write lock on SQLite (see services in app.server.sync).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy.orm import Session, sessionmaker

from app.models import ALEMBIC_LOCK

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "models" / "migrations" / "server"


def make_engine(url: str, *, pool_size: int = 10) -> sa.Engine:
    """Create the engine with the pragmas and pool that suit the dialect."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    # pool_size + max_overflow must exceed the worker threads (app.WORKER_THREADS and
    # app.PUSH_THREADS): a
    # request's database session is closed by its dependency's teardown, which needs a
    # worker thread too; with fewer connections than threads, threads waiting for a
    # connection can hold every thread the teardowns need (issue 9, simulator).
    return sa.create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        # No pre-ping: it costs a round trip per request; a connection broken by a
        # database restart fails one request, is discarded, and the client retries.
        pool_pre_ping=False,
        pool_timeout=10,
        # psycopg never prepares a statement by itself: once it has, it sends DEALLOCATE
        # ALL after every ROLLBACK, and every read request ends with one. That dropped
        # the push's own prepared statements in 73 % of a room's pushes and cost each
        # read a round trip (app/server/eventlog_pg.py, bench/RESULTS.md).
        connect_args={"prepare_threshold": None},
    )


def single_statement(db: Session) -> Session:
    """`db` with its statements run each on its own (autocommit) until it closes.

    For a request that runs one statement, and most of a room's do (a pull every few
    seconds and a heartbeat every 5 s per kiosk): one round trip instead of three, as
    psycopg sends BEGIN before the first statement and the session's end a COMMIT or a
    ROLLBACK after it; they were 41 % of the statements PostgreSQL received from a
    30-kiosk room (bench/RESULTS.md). One statement is atomic and reads one snapshot on
    its own. Does nothing to a session that already began a transaction.
    """
    if not db.in_transaction():
        db.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    return db


def make_sessionmaker(engine: sa.Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(connection: sa.Connection) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the newest revision (run on every start; idempotent).

    On PostgreSQL an advisory lock serialises processes that start together, so two
    server processes never race to create the same tables.
    """
    with ALEMBIC_LOCK, engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(727001)"))
        command.upgrade(alembic_config(conn), "head")


def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A request-scoped session; rolled back if the request failed."""
    with factory() as db:
        try:
            yield db
        except Exception:
            db.rollback()
            raise
