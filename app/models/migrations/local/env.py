"""Alembic environment of the LOCAL store (kiosk, invigilator station), run in code.

`app.services.store.sqlite_file.upgrade_schema` builds the Config (no alembic.ini), points
`script_location` at this directory and passes its open connection in
`config.attributes["connection"]`, so the migration runs on a connection that already has
the store's pragmas and busy timeout.

The whole upgrade runs in ONE transaction (the store's connection emits its own BEGIN, so
SQLite's DDL is transactional): a power cut during the first start of a kiosk leaves either
the old schema or the new one, never half of it. In that same transaction `PRAGMA
user_version` is set to the number of the revision reached, which lets the store see "already
at head" without importing Alembic (see `app.models.local.SCHEMA_USER_VERSION`).
"""

from __future__ import annotations

from alembic import context

from app.models.local import LocalBase

config = context.config
target_metadata = LocalBase.metadata


def _user_version(heads: tuple[str, ...]) -> int:
    # Revisions are numbered "0001", "0002"...; one linear history, so one head.
    if len(heads) != 1 or not heads[0].isdigit():
        raise RuntimeError(f"local store: expected one numbered head revision, got {heads!r}")
    return int(heads[0])


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()
        heads = context.get_context().get_current_heads()
        version = _user_version(heads) if heads else 0
        connection.exec_driver_sql(f"PRAGMA user_version = {version:d}")


if context.is_offline_mode():
    raise RuntimeError("offline migrations of the local store are not supported")
run_migrations_online()
