"""The room relay process: the central server's own app, in relay mode, on the LAN.

Why the same FastAPI app (`create_app`) rather than a second implementation: kiosks and
the station then speak one API whichever end they reach, and every rule (the fold, the
access-code limit, presence, idempotent sync) is the same code on both ends. Relay mode
only changes what the relay must not do: generate a test (it has no solutions; it
starts the prepared test or refuses), serve the central-only routes, or be anything but
this one session.

The relay's database is `relay.sqlite` in the station's data directory: durable (WAL,
`synchronous=FULL`, as the central server's SQLite), so a relay killed mid-session
restarts with everything it acknowledged.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI

from app.domain import relay_trust as trust
from app.domain.clocks import Clock, SystemClock
from app.domain.events import Event
from app.relay.package import StoredPackage, open_package, write_bank
from app.relay.upstream import Upstream
from app.server.app import create_app
from app.server.relay_local import load_package
from app.server.settings import UVICORN_OPTIONS, ServerSettings
from app.services.files import private_file

log = logging.getLogger(__name__)

DEFAULT_RELAY_PORT = 8471
RELAY_DB = "relay.sqlite"


@dataclass(frozen=True, slots=True)
class RelayIdentity:
    """What the relay shows a kiosk to prove it holds the session (decision 0004)."""

    session_id: int
    private_key: Ed25519PrivateKey
    grant: dict[str, Any]
    grant_signature: str
    central_public_key: str


def build_relay_app(
    *,
    data_dir: Path,
    stored: StoredPackage,
    central_url: str | None,
    clock: Clock | None = None,
    max_wait_s: float = 30.0,
) -> tuple[FastAPI, Upstream]:
    """The relay's app and its upstream link; loads the package on the first start only."""
    clock = clock or SystemClock()
    package = stored.package
    session_id = stored.session_id
    data_dir.mkdir(parents=True, exist_ok=True)
    files_dir = data_dir / "relay-files"
    bank = write_bank(package, files_dir)
    private_file(data_dir / RELAY_DB)
    settings = ServerSettings(
        db_url=f"sqlite:///{data_dir / RELAY_DB}",
        content_path=files_dir,
        relay_session=session_id,
        max_wait_s=max_wait_s,
        relay_access_code=package.session.access_code,
        presence_validity_minutes=package.session.presence_validity_minutes,
    )
    app = create_app(settings, clock=clock, bank=bank)
    ctx = app.state.ctx
    upstream = Upstream(
        ctx=ctx,
        session_id=session_id,
        central_url=central_url,
        token=package.relay_token,
        clock=clock,
    )
    if load_package(ctx, package, clock.now()):
        upstream.absorb([Event.from_wire(raw) for raw in package.events])
        log.info("relay loaded session %s from its package", session_id)
    app.state.relay_identity = RelayIdentity(
        session_id=session_id,
        private_key=trust.load_private(stored.relay_private_key),
        grant=package.grant.model_dump(mode="json"),
        grant_signature=package.grant_signature,
        central_public_key=package.central_public_key,
    )
    app.state.relay_upstream = upstream
    return app, upstream


class RelayServer:
    """The relay running in background threads: uvicorn and the upstream loop.

    For the invigilator station (which keeps its Qt loop in the main thread) and tests.
    `start()` returns once the relay answers on its port; `stop()` ends both threads.
    """

    def __init__(
        self,
        *,
        data_dir: Path,
        session_id: int,
        session_password: str,
        central_url: str | None,
        host: str = "0.0.0.0",
        port: int = DEFAULT_RELAY_PORT,
        clock: Clock | None = None,
        upstream_interval_s: float = 2.0,
        retry_cap_s: float = 5.0,
    ) -> None:
        stored = open_package(data_dir, session_id, session_password)
        self.app, self.upstream = build_relay_app(
            data_dir=data_dir, stored=stored, central_url=central_url, clock=clock
        )
        self.host = host
        self.port = port
        self.upstream_interval_s = upstream_interval_s
        self.retry_cap_s = retry_cap_s
        config = uvicorn.Config(self.app, host=host, port=port, **UVICORN_OPTIONS)
        self._server = uvicorn.Server(config)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{host}:{self.port}"

    def start(self, timeout_s: float = 20.0) -> RelayServer:
        serve = threading.Thread(target=self._server.run, name="relay-http", daemon=True)
        up = threading.Thread(
            target=self.upstream.run,
            args=(self._stop,),
            kwargs={"interval_s": self.upstream_interval_s, "retry_cap_s": self.retry_cap_s},
            name="relay-upstream",
            daemon=True,
        )
        self._threads = [serve, up]
        serve.start()
        up.start()
        deadline = time.monotonic() + timeout_s
        while not self._server.started:
            if not serve.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the relay did not start on port {self.port}")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self._stop.set()
        self._server.should_exit = True
        for thread in self._threads:
            thread.join(10)
        self._threads = []

    def status(self) -> dict[str, Any]:
        return self.upstream.status()


def run_relay(
    *,
    data_dir: Path,
    session_id: int,
    session_password: str,
    central_url: str | None,
    host: str = "0.0.0.0",
    port: int = DEFAULT_RELAY_PORT,
) -> RelayServer:
    """Start the room relay for a session whose package is on this station; return it.

    The caller (the station's `--relay` mode) keeps the returned RelayServer and calls
    `stop()` when it quits. Raises PackageError if the package is missing or the
    password does not open it.
    """
    return RelayServer(
        data_dir=data_dir,
        session_id=session_id,
        session_password=session_password,
        central_url=central_url,
        host=host,
        port=port,
    ).start()


def serve_forever(relay: RelayServer) -> None:
    """Block until interrupted (the `python -m app.relay` command)."""
    try:
        while all(t.is_alive() for t in relay._threads):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        relay.stop()

