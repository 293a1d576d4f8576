"""`examroom server`: run the central server, migrate its database, create accounts.

    examroom server [--db URL] [--host H] [--port P] [--content DIR] [--workers N]
                    [--presence-validity MINUTES]
    examroom server migrate [--db URL]
    examroom server create-admin --email E --centre NAME [--db URL]
    examroom server create-jury --email E [--db URL]
    examroom server register-relay-key --centre NAME KEY [--label L] [--db URL]

With no --db the database is `server.sqlite` in the data directory (no set-up);
`--db postgresql+psycopg://user@host/db` for PostgreSQL, where `--workers N` runs N
server processes on the port (the server is stateless; PostgreSQL's LISTEN/NOTIFY wakes
long-polls across them): one Python process serves about one core. Passwords are asked with
getpass on a terminal, or read from the first line of stdin otherwise (scripts, tests).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.config import Config, ConfigError, load_config
from app.server.settings import DEFAULT_CONTENT, UVICORN_OPTIONS, ServerSettings, sqlite_url

DEFAULT_PORT = 8470
ENV_DB = "EXAMROOM_SERVER_DB"
ENV_CONTENT = "EXAMROOM_SERVER_CONTENT"
ENV_PRESENCE = "EXAMROOM_SERVER_PRESENCE_VALIDITY"


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of minutes: {text!r}") from None
    if not 1 <= value <= 24 * 60:
        raise argparse.ArgumentTypeError(f"must be 1 to 1440 minutes, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help="database URL (default: SQLite in the data directory)",
    )
    parser = argparse.ArgumentParser(
        prog="examroom server", description="examroom central server", parents=[common]
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="TCP port")
    parser.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="question bank")
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes (PostgreSQL only; about one per core)")
    parser.add_argument("--presence-validity", type=_minutes, default=15, metavar="MINUTES",
                        help="how long the invigilator's presence confirmation lets a "
                             "candidate start (default 15, Pix's rule)")
    sub = parser.add_subparsers(dest="action")
    sub.add_parser("migrate", parents=[common], help="bring the database schema up to date")
    admin = sub.add_parser("create-admin", parents=[common], help="create a centre administrator")
    admin.add_argument("--email", required=True)
    admin.add_argument("--centre", required=True, help="centre name (created if new)")
    jury = sub.add_parser("create-jury", parents=[common], help="create a jury account")
    jury.add_argument("--email", required=True)
    relay = sub.add_parser(
        "register-relay-key", parents=[common],
        help="register a room relay's key (shown by the station) for a centre",
    )
    relay.add_argument("public_key", help="the key the station shows (base64)")
    relay.add_argument("--centre", required=True, help="centre name")
    relay.add_argument("--label", default="", help="e.g. the room or the PC")
    return parser


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            raise ValueError("the passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _db_url(ns: argparse.Namespace, config: Config) -> str:
    if getattr(ns, "db", None):
        return str(ns.db)
    config.data_dir.mkdir(parents=True, exist_ok=True)
    return sqlite_url(config.data_dir)


def run(argv: list[str], config: Config) -> int:
    """Entry point used by `examroom server` (app.cli dispatches here with its config)."""
    ns = build_parser().parse_args(argv)
    url = _db_url(ns, config)
    settings = ServerSettings(db_url=url, content_path=ns.content,
                              presence_validity_minutes=ns.presence_validity)
    if ns.action in ("migrate", "create-admin", "create-jury", "register-relay-key"):
        from app.server.db import make_engine, make_sessionmaker, migrate

        engine = make_engine(url)
        migrate(engine)
        if ns.action == "migrate":
            print(f"database up to date: {engine.url.render_as_string(hide_password=True)}")
            return 0
        if ns.action == "register-relay-key":
            with make_sessionmaker(engine)() as db:
                return _register_relay_key(db, ns)
        from app.server.admin_service import create_account

        try:
            password = _read_password()
            with make_sessionmaker(engine)() as db:
                create_account(
                    db,
                    email=ns.email,
                    password=password,
                    role="admin" if ns.action == "create-admin" else "jury",
                    centre=getattr(ns, "centre", None),
                    now=datetime.now(UTC),
                )
        except ValueError as exc:
            print(f"examroom server: {exc}", file=sys.stderr)
            return 1
        print(f"account created: {ns.email}")
        return 0

    import uvicorn

    where = f"http://{ns.host}:{ns.port} (database {settings.db_url.split('@')[-1]})"
    if ns.workers > 1:
        if not settings.is_postgres:
            print("examroom server: --workers needs PostgreSQL (--db postgresql+psycopg://...): "
                  "SQLite takes one writer at a time", file=sys.stderr)
            return 2
        from app.server.db import make_engine, migrate

        migrate(make_engine(url))  # once, before the workers start
        os.environ[ENV_DB], os.environ[ENV_CONTENT] = url, str(ns.content)
        os.environ[ENV_PRESENCE] = str(ns.presence_validity)
        print(f"examroom server on {where}, {ns.workers} processes")
        uvicorn.run("app.server.cli:app_from_environment", factory=True, workers=ns.workers,
                    host=ns.host, port=ns.port, **UVICORN_OPTIONS)
        return 0
    from app.server.app import create_app

    app = create_app(settings)
    print(f"examroom server on {where}")
    uvicorn.run(app, host=ns.host, port=ns.port, **UVICORN_OPTIONS)
    return 0


def _register_relay_key(db: Any, ns: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from app.models.server import Centre
    from app.server import relay_keys
    from app.server.errors import ApiError

    centre = db.scalar(sa.select(Centre).where(Centre.name == ns.centre))
    if centre is None:
        print(f"examroom server: no centre named {ns.centre!r}", file=sys.stderr)
        return 1
    try:
        out = relay_keys.register(db, centre.id, ns.public_key, ns.label, datetime.now(UTC))
    except ApiError as exc:
        print(f"examroom server: {exc.message}", file=sys.stderr)
        return 1
    print(f"relay key registered for {centre.name}: {out.public_key}")
    return 0


def app_from_environment() -> Any:
    """The app of one worker process of `examroom server --workers N` (uvicorn imports it
    by name in each process; the settings come through the environment)."""
    from app.server.app import create_app

    # Several processes: a token ended in one must be refused by all within a second.
    return create_app(ServerSettings(
        db_url=os.environ[ENV_DB], content_path=Path(os.environ[ENV_CONTENT]),
        presence_validity_minutes=int(os.environ.get(ENV_PRESENCE, "15")),
        token_cache_s=1.0))


def main(argv: list[str]) -> int:
    """`examroom server ...` without the top-level CLI: reads the default configuration."""
    try:
        config = load_config()
    except ConfigError as exc:
        print(f"examroom: configuration error: {exc}", file=sys.stderr)
        return 78
    return run(argv, config)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
