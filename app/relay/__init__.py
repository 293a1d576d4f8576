"""The room relay: the invigilator station serves the session on the LAN (issue 10).

Decision record: docs/decisions/0004-room-relay.md. Entry points, imported lazily so that
the central server (which uses `app.relay.trust`) does not load the relay's modules:

- `prepare_relay(central_url, session_id, session_password, data_dir)`: online, before
  the session, download and seal the session package;
- `run_relay(data_dir=..., session_id=..., session_password=..., central_url=...)`: start
  the relay (HTTP + upstream) in background threads, return a `RelayServer`;
- `app.relay.failover.FailoverTransport` and `choose_base_url`: for kiosks and the
  station, the relay first and the central server second.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.relay.server import RelayServer


def prepare_relay(central_url: str, session_id: int, session_password: str, data_dir: Path) -> Path:
    from app.relay.package import prepare

    return prepare(central_url, session_id, session_password, data_dir)


def run_relay(**kwargs: Any) -> RelayServer:
    from app.relay.server import run_relay as run

    return run(**kwargs)
