"""`examroom server`: run the central server, migrate its database, create accounts.

    examroom server [--db URL] [--host H] [--port P] [--content DIR]
    examroom server migrate [--db URL]
    examroom server create-admin --email E --centre NAME [--db URL]
    examroom server create-jury --email E [--db URL]

With no --db the database is `server.sqlite` in the data directory (no set-up);
`--db postgresql+psycopg://user@host/db` for PostgreSQL. Passwords are asked with
getpass on a terminal, or read from the first line of stdin otherwise (scripts, tests).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.config import Config, ConfigError, load_config
from app.server.settings import DEFAULT_CONTENT, ServerSettings, sqlite_url

DEFAULT_PORT = 8470


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
    sub = parser.add_subparsers(dest="action")
    sub.add_parser("migrate", parents=[common], help="bring the database schema up to date")
    admin = sub.add_parser("create-admin", parents=[common], help="create a centre administrator")
    admin.add_argument("--email", required=True)
    admin.add_argument("--centre", required=True, help="centre name (created if new)")
    jury = sub.add_parser("create-jury", parents=[common], help="create a jury account")
    jury.add_argument("--email", required=True)
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
    settings = ServerSettings(db_url=url, content_path=ns.content)
    if ns.action in ("migrate", "create-admin", "create-jury"):
        from app.server.db import make_engine, make_sessionmaker, migrate

        engine = make_engine(url)
        migrate(engine)
        if ns.action == "migrate":
            print(f"database up to date: {engine.url.render_as_string(hide_password=True)}")
            return 0
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

    from app.server.app import create_app

    app = create_app(settings)
    print(
        f"examroom server on http://{ns.host}:{ns.port} (database {settings.db_url.split('@')[-1]})"
    )
    uvicorn.run(app, host=ns.host, port=ns.port, log_level="warning", access_log=False)
    return 0


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
