"""`examroom invigilator`: the composition root of the invigilator station.

    examroom invigilator [--server URL] [--data-dir DIR] [--session N --password C-…]

Builds the object graph once (STYLE 2): clock, the station's local store
(data_dir/station.sqlite), the invigilator API client, the sync engine factory, the desk
and the window. One station per data directory (single instance). A station that was
killed or restarted reopens the session it was in, from its store, even offline.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from app.config import Config
from app.domain.clocks import Clock, SystemClock
from app.services.desk import InvigilatorDesk
from app.services.invigilator_api import InvigilatorApi
from app.services.store import LocalStore, StoreError
from app.services.sync import PulledCallback, StatusCallback, SyncedCallback, SyncEngine
from app.views.runtime import AlreadyRunning, qt_app, run_qt, single_instance
from app.views.style import Appearance

STORE_NAME = "station.sqlite"


@dataclass
class Station:
    """The station's object graph, for `run`, the demo and the screenshot tool."""

    store: LocalStore
    api: InvigilatorApi
    desk: InvigilatorDesk
    window: object  # StationWindow; typed loosely so headless users need no widgets

    async def close(self) -> None:
        await self.desk.close()
        self.store.close()


def build_desk(server_url: str, data_dir: Path, *, clock: Clock | None = None,
               device_id: str = "station", long_poll_s: float = 20.0,
               poll_s: float = 2.5) -> tuple[InvigilatorDesk, LocalStore, InvigilatorApi]:
    """Store, API, sync factory and desk: no widgets (used headless by the demo too)."""
    clock = clock or SystemClock()
    store = LocalStore.open(data_dir / STORE_NAME, device_id=device_id, clock=clock)
    api = InvigilatorApi(server_url)

    def sync(*, session_id: int, store_executor: Executor, on_status: StatusCallback,
             on_pulled: PulledCallback, on_pushed: SyncedCallback) -> SyncEngine:
        return SyncEngine(store=store, transport=api.transport(), session_id=session_id,
                          clock=clock, store_executor=store_executor, wait_s=long_poll_s,
                          on_status=on_status, on_pulled=on_pulled, on_pushed=on_pushed)

    desk = InvigilatorDesk(store=store, api=api, clock=clock, sync=sync, poll_s=poll_s)
    return desk, store, api


def build_station(server_url: str, data_dir: Path, *, device_id: str = "station",
                  appearance: Appearance | None = None) -> Station:
    """The whole station with its window (not shown yet)."""
    from app.views.invigilator.window import StationWindow

    desk, store, api = build_desk(server_url, data_dir, device_id=device_id)
    window = StationWindow(desk, appearance)
    return Station(store=store, api=api, desk=desk, window=window)


async def open_station(station: Station, *, session: int | None = None,
                       password: str | None = None) -> None:
    """Show the window, reopen the previous session, or log in with given credentials."""
    window = station.window
    window.resize(1366, 740)  # type: ignore[attr-defined]
    window.show()  # type: ignore[attr-defined]
    if session is not None and password:
        window.session.session_password = password  # type: ignore[attr-defined]
        await station.desk.login(session, password)
    else:
        await station.desk.restore()


def build_parser(config: Config) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="examroom invigilator",
                                     description="invigilator station (espace surveillant)")
    parser.add_argument("--server", default=config.server_url, help="server URL")
    parser.add_argument("--data-dir", type=Path, default=config.data_dir)
    parser.add_argument("--session", type=int, help="log in to this session at start")
    parser.add_argument("--password", help="session password (with --session)")
    parser.add_argument("--high-contrast", action="store_true")
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
                                appearance=appearance)
    except StoreError as exc:
        print(f"examroom invigilator: {exc.user_message_fr} ({exc})", file=sys.stderr)
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
