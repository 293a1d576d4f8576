"""Server settings: one frozen object built by the CLI (or a test) and passed to create_app."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

DEFAULT_CONTENT = Path(__file__).resolve().parents[2] / "resources" / "content"
"""The whole question bank: every pack below resources/content."""


UVICORN_OPTIONS: Final[dict[str, Any]] = {
    # h11, never httptools, even where it is installed (uvicorn's "auto" would take it):
    # h11 refuses a request line and headers over 16 KB and closes the connection;
    # httptools reads them without end, so one connection could fill the server's memory
    # before any route or token is checked (tests/security/test_http_limits.py).
    "http": "h11",
    # asyncio's loop, not uvloop where it is installed: what the tests and benchmarks
    # run; uvloop gave the push no measurable gain (bench/RESULTS.md, issue 22).
    "loop": "asyncio",
    "log_level": "warning",
    "access_log": False,
}
"""How the server and the room relay run uvicorn (app/server/cli.py, app/relay/server.py)."""


def sqlite_url(data_dir: Path) -> str:
    """The default database: a file in the data directory, no set-up needed."""
    return f"sqlite:///{data_dir / 'server.sqlite'}"


@dataclass(frozen=True, slots=True)
class ServerSettings:
    db_url: str
    content_path: Path = DEFAULT_CONTENT
    max_body_bytes: int = 2 * 1024 * 1024
    """Bigger requests are refused with 413 before they are read (uploads have their own)."""
    max_upload_bytes: int = 10 * 1024 * 1024
    max_batch: int = 500
    max_wait_s: float = 30.0
    """Ceiling of a long-poll; tests lower it so a generated `wait=30` does not stall them."""
    token_ttl_hours: int = 24
    max_import_rows: int = 2000
    access_lock_failures: int = 5
    access_lock_minutes: int = 5
    presence_validity_minutes: int = 15
    """How long a presence confirmation lets a candidate start (`--presence-validity`):
    checked at the start, carried by each TestStarted, shown on the station's list."""
    run_migrations: bool = True
    relay_session: int | None = None
    """Relay mode (docs/decisions/0004): this process serves one prepared session on the
    room's LAN from its package; it never generates a test and holds no solutions."""
    relay_access_code: str = field(default="", repr=False)
    """On a relay: the access code for the station's header, in memory only (the relay's
    database keeps none in clear: issue 17, "at rest")."""
    pool_size: int = 20
    """PostgreSQL: pool_size + overflow (as many again) = 40 > WORKER_THREADS + PUSH_THREADS
    (38, app/server/app.py)."""
    max_in_progress: int = 60
    """Requests in progress (long-polls aside) above which the server answers 503 at once
    (app/server/shedding.py): twice the worker threads."""
    token_cache_s: float = 60.0
    """How long a process trusts a token it resolved (auth.KnownTokens) without asking the
    database again: what bounds a logout's or a finalisation's delay in *other* processes
    (this one forgets at once). `--workers N` sets 1 s."""

    @property
    def is_postgres(self) -> bool:
        return self.db_url.startswith("postgresql")
