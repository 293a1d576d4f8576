"""The room relay: the invigilator station serves the session on the LAN (issue 10).

Decision record: docs/decisions/0004-room-relay.md. Entry points, imported lazily so that
starting a kiosk or the server never loads the relay's modules:

- `prepare_relay(central_url, session_id, session_password, data_dir)`: online, before
  the session, download and seal the session package;
- `run_relay(data_dir=..., session_id=..., session_password=..., central_url=...)`: start
  the relay (HTTP + upstream) in background threads, return a `RelayServer`.

This package is the relay's deployment only (the package on the station, the LAN server,
the upstream loop, the station's `StationRelay`). The kiosk's side of the relay (trust a
relay, use it first and central second) is in `app.services.failover` and
`app.services.room_link`; the grant and proof crypto in `app.domain.relay_trust`; the
package's model in `app.wire.relay`; what the relay writes in its database (the server's
tables) in `app.server.relay_local`. Nothing imports `app.relay` but the station's window
and the simulator (`lint-imports` checks that the kiosk and administration never do).
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
