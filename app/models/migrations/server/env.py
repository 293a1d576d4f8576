"""Alembic environment of the server database, configured programmatically.

`app.server.db.migrate(url)` builds the Config and passes the connection in
`config.attributes["connection"]`; there is no alembic.ini. Batch mode renders ALTERs
as table copies on SQLite (STYLE item 9).
"""

from __future__ import annotations

from alembic import context

from app.models.server import ServerBase

config = context.config
target_metadata = ServerBase.metadata


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline migrations are not supported; run `examroom server migrate`")
run_migrations_online()
