"""`examroom invigilator`: the composition root of the invigilator station.

    examroom invigilator [--server URL] [--data-dir DIR] [--session N --password C-…]
                         [--relay]

Builds the object graph once (STYLE 2): clock, the station's local store
(data_dir/station.sqlite), the invigilator API client, the sync engine factory, the desk
and the window. One station per data directory (single instance). A station that was
killed or restarted reopens the session it was in, from its store, even offline.

`--relay` (decision 0004): the station is also its room's relay. `--server` is then the
central server the relay prepares from and forwards to; the desk talks to the relay on
http://127.0.0.1:{relay_port}. Logging in first starts the relay (download and seal the
package if the central server answers, else the package already on this PC), then logs
the desk in against it. There is no automatic reopening: the relay needs the session
password to open its package, so the login screen asks for it again. The desk's store is
`station-relay.sqlite`, not `station.sqlite`: the relay numbers the session's events
itself, and one store must never mix two servers' numberings (its "last seen" number).
The relay stops when the station quits (not on Quitter: the kiosks still use it).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.config import Config
from app.domain.clocks import Clock, SystemClock
from app.services.desk import InvigilatorDesk
from app.services.invigilator_api import InvigilatorApi
from app.services.store import LocalStore, StoreError
from app.services.sync import PulledCallback, StatusCallback, SyncedCallback, SyncEngine
from app.views.runtime import AlreadyRunning, qt_app, run_qt, single_instance
from app.views.style import Appearance

if TYPE_CHECKING:
    from app.relay.station import StationRelay
    from app.views.invigilator.window import StationWindow

log = logging.getLogger(__name__)

STORE_NAME = "station.sqlite"
RELAY_STORE_NAME = "station-relay.sqlite"
RELAY_LONG_POLL_S = 5.0
"""The desk's long-poll on its own relay (localhost): short, so that quitting is quick."""


@dataclass
class Station:
    """The station's object graph, for `run`, the demo and the screenshot tool."""

    store: LocalStore
    api: InvigilatorApi
    desk: InvigilatorDesk
    window: object  # StationWindow; typed loosely so headless users need no widgets
    relay: StationRelay | None = None
    relay_executor: ThreadPoolExecutor | None = None

    async def close(self) -> None:
        await self.desk.close()
        self.store.close()
        if self.relay is not None:
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(self.relay_executor, self.relay.stop)
        if self.relay_executor is not None:
            self.relay_executor.shutdown(wait=False)


def build_desk(server_url: str, data_dir: Path, *, clock: Clock | None = None,
               device_id: str = "station", long_poll_s: float = 20.0,
               poll_s: float = 2.5, store_name: str = STORE_NAME,
               ) -> tuple[InvigilatorDesk, LocalStore, InvigilatorApi]:
    """Store, API, sync factory and desk: no widgets (used headless by the demo too)."""
    clock = clock or SystemClock()
    store = LocalStore.open(data_dir / store_name, device_id=device_id, clock=clock)
    api = InvigilatorApi(server_url)

    def sync(*, session_id: int, store_executor: Executor, on_status: StatusCallback,
             on_pulled: PulledCallback, on_pushed: SyncedCallback) -> SyncEngine:
        return SyncEngine(store=store, transport=api.transport(), session_id=session_id,
                          clock=clock, store_executor=store_executor, wait_s=long_poll_s,
                          on_status=on_status, on_pulled=on_pulled, on_pushed=on_pushed)

    desk = InvigilatorDesk(store=store, api=api, clock=clock, sync=sync, poll_s=poll_s)
    return desk, store, api


def build_station(server_url: str, data_dir: Path, *, device_id: str = "station",
                  appearance: Appearance | None = None,
                  relay_port: int | None = None) -> Station:
    """The whole station with its window (not shown yet); `relay_port`: relay mode."""
    from app.views.invigilator.window import StationWindow

    if relay_port is None:
        desk, store, api = build_desk(server_url, data_dir, device_id=device_id)
        window = StationWindow(desk, appearance)
        return Station(store=store, api=api, desk=desk, window=window)
    from app.relay.station import StationRelay

    relay = StationRelay(server_url, data_dir, relay_port)
    desk, store, api = build_desk(relay.url, data_dir, device_id=device_id,
                                  long_poll_s=RELAY_LONG_POLL_S, store_name=RELAY_STORE_NAME)
    executor = ThreadPoolExecutor(1, thread_name_prefix="station-relay")
    window = relay_window(desk, relay, executor, appearance)
    return Station(store=store, api=api, desk=desk, window=window, relay=relay,
                   relay_executor=executor)


def relay_window(desk: InvigilatorDesk, relay: StationRelay, executor: Executor,
                 appearance: Appearance | None = None) -> StationWindow:
    """The station's window in relay mode: its login starts the relay first (in
    `executor`: scrypt, HTTP, SQLite), its header shows the relay's line."""
    from app.relay.station import (
        FAILED_FR,
        FIRST_START_NOTICE_FR,
        PREPARING_FR,
        RESTART_NOTICE_FR,
        StationRelayError,
        needs_attention,
        status_line,
    )
    from app.views.invigilator.window import StationWindow

    window: StationWindow

    async def login(number: int, password: str) -> bool:
        window.login.set_busy(True, PREPARING_FR)
        try:
            await asyncio.get_running_loop().run_in_executor(
                executor, relay.start, number, password)
        except StationRelayError as exc:
            log.info("relay not started: %s", exc)
            desk.login_failed.emit(exc.message_fr)
            return False
        except Exception:  # a bug: logged loudly, the invigilator gets a sentence
            log.exception("relay start failed")
            desk.login_failed.emit(FAILED_FR)
            return False
        window.login.set_notice(RESTART_NOTICE_FR)  # the package is on this PC now
        window.login.set_busy(True)
        return await desk.login(number, password)

    def line() -> tuple[str, bool]:
        status = relay.status()
        return status_line(status), needs_attention(status)

    window = StationWindow(desk, appearance, login=login, relay_status=line)
    window.login.set_notice(RESTART_NOTICE_FR if relay.has_package() else FIRST_START_NOTICE_FR)
    return window


async def open_station(station: Station, *, session: int | None = None,
                       password: str | None = None) -> None:
    """Show the window, reopen the previous session, or log in with given credentials.

    Relay mode never reopens by itself: the login screen asks for the password.
    """
    window: Any = station.window
    window.resize(1366, 740)
    window.show()
    if session is not None and password:
        await window.log_in(session, password)
    elif station.relay is None:
        await station.desk.restore()


def build_parser(config: Config) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="examroom invigilator",
                                     description="invigilator station (espace surveillant)")
    parser.add_argument("--server", default=config.server_url, help="server URL")
    parser.add_argument("--data-dir", type=Path, default=config.data_dir)
    parser.add_argument("--session", type=int, help="log in to this session at start")
    parser.add_argument("--password", help="session password (with --session)")
    parser.add_argument("--high-contrast", action="store_true")
    parser.add_argument("--relay", action="store_true",
                        help=f"also serve the room's kiosks as the room relay, on port "
                             f"{config.relay_port} (relay_port); --server is the central "
                             f"server")
    return parser


def run(argv: list[str], config: Config) -> int:
    ns = build_parser(config).parse_args(argv)
    data_dir: Path = ns.data_dir
    try:
        lock = single_instance(data_dir, "invigilator")
    except AlreadyRunning as exc:
        print(f"examroom invigilator: {exc}", file=sys.stderr)
        return 1
    app = qt_app()
    appearance = Appearance(app, high_contrast=ns.high_contrast)
    try:
        station = build_station(ns.server, data_dir, device_id=config.device_id or "station",
                                appearance=appearance,
                                relay_port=config.relay_port if ns.relay else None)
    except StoreError as exc:
        print(f"examroom invigilator: {exc.user_message} ({exc})", file=sys.stderr)
        lock.unlock()
        return 1

    async def main() -> int:
        closed = asyncio.Event()
        station.window.closed.connect(closed.set)  # type: ignore[attr-defined]
        await open_station(station, session=ns.session, password=ns.password)
        await closed.wait()
        await station.close()
        return 0

    try:
        return run_qt(main)
    finally:
        lock.unlock()
