"""`examroom kiosk`: the composition root of the candidate kiosk (STYLE 2).

    examroom kiosk               locked down: full screen, frameless, on top
    examroom kiosk --windowed    (or --demo) an ordinary window, for demos and tests
    examroom kiosk --headless    no window: opens the store, reports, exits 0 (smoke test)
    examroom kiosk --windowed --remote-control
                                 also reads commands on stdin and reports screens on
                                 stdout, as JSON lines (tests and benchmarks drive a real
                                 kiosk process this way; refused when locked down)

Builds, in one place: the local store (data_dir/kiosk.sqlite), the single-instance lock,
the candidate API client and sync transport, the exam runner, the window. With no
candidate in progress (`app.services.exam_start`) the join screen comes first, through a
`PendingRunner`, and the store and the runner are loaded right after its first paint
(issue 22 item 4); otherwise the store and the runner come first, as the resume needs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, cast

from app.config import Config
from app.domain.clocks import SystemClock
from app.exit_codes import EXIT_ALREADY_RUNNING, EXIT_STAFF, EXIT_STORE

if TYPE_CHECKING:
    from app.services.candidate_api import CandidateClient
    from app.services.exam import ExamRunner
    from app.services.store import LocalStore
    from app.services.sync import Transport

log = logging.getLogger(__name__)

STORE_NAME = "kiosk.sqlite"
__all__ = ["EXIT_ALREADY_RUNNING", "EXIT_STORE", "run"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="examroom kiosk", description="candidate kiosk")
    parser.add_argument(
        "--windowed", "--demo", action="store_true", help="ordinary window, not locked down"
    )
    parser.add_argument("--headless", action="store_true", help="smoke start without a window")
    parser.add_argument(  # handled by app.cli before this parser (app/supervisor.py)
        "--supervise", action="store_true",
        help="run the kiosk and start it again after every exit but the staff exit",
    )
    parser.add_argument("--server", help="server URL (overrides the configuration)")
    parser.add_argument(
        "--remote-control", action="store_true", help="JSON commands on stdin (with --windowed)"
    )
    parser.add_argument("--self-check", type=Path, metavar="DIR",
                        help="draw a page on the real display and render a PDF; report in DIR")
    parser.add_argument("--heartbeat-ms", type=int, default=5000, help=argparse.SUPPRESS)
    parser.add_argument("--sync-wait-s", type=float, default=20.0, help=argparse.SUPPRESS)
    return parser


def run(argv: list[str], config: Config) -> int:
    started = time.monotonic()
    ns = build_parser().parse_args(argv)
    if ns.headless:
        return _headless(config)
    if ns.self_check:
        from app.views.selfcheck import run_self_check

        return run_self_check(ns.self_check)
    if ns.remote_control and not ns.windowed:
        print("examroom kiosk: --remote-control needs --windowed", file=sys.stderr)
        return 2
    from app.views.runtime import AlreadyRunning, qt_app, run_qt, single_instance

    app = qt_app(sys.argv[:1], app_name="examroom-kiosk")
    # The staff exit closes the window before the runner has shut down; Qt's default would
    # stop the event loop right there ("Event loop stopped before Future completed", exit
    # 1) and the supervisor would start the kiosk again after the invigilator left it.
    app.setQuitOnLastWindowClosed(False)
    try:
        lock = single_instance(config.data_dir, "kiosk")
    except AlreadyRunning as exc:
        print(f"examroom kiosk: {exc}", file=sys.stderr)
        return EXIT_ALREADY_RUNNING
    # No candidate in progress: the join screen is shown before the store and the runner
    # are loaded, and they are loaded right after its first paint (issue 22 item 4).
    from app.services.exam_start import candidate_in_progress

    early = candidate_in_progress(config.data_dir / STORE_NAME) is False
    stores: list[LocalStore] = []
    store_executor = ThreadPoolExecutor(1, thread_name_prefix="kiosk-store")
    net_executor = ThreadPoolExecutor(4, thread_name_prefix="kiosk-net")

    def load_runner() -> ExamRunner:
        from app.services.exam import ExamRunner
        from app.services.store import LocalStore

        store = LocalStore.open(
            config.data_dir / STORE_NAME, device_id=config.device_id, clock=SystemClock()
        )
        stores.append(store)
        api, transport = _connection(config, ns.server or config.server_url, store)
        return ExamRunner(
            store=store,
            api=api,
            transport=transport,
            clock=SystemClock(),
            device_id=config.device_id,
            store_executor=store_executor,
            net_executor=net_executor,
            heartbeat_interval_ms=ns.heartbeat_ms,
            sync_wait_s=ns.sync_wait_s,
        )

    def close() -> None:
        for store in stores:
            store.close()
        store_executor.shutdown(wait=True)
        net_executor.shutdown(wait=False, cancel_futures=True)
        lock.unlock()

    from app.views.kiosk.pending import PendingRunner

    pending: PendingRunner | None = None
    if early:
        from app.domain.kiosk_phase import Phase

        pending = PendingRunner(Phase.JOIN, load_runner)
        runner = cast("ExamRunner", pending)
    else:
        from app.services.store import StoreError

        try:
            runner = load_runner()
        except StoreError as exc:
            log.error("kiosk store: %s", exc)
            print(exc.user_message, file=sys.stderr)
            close()
            return EXIT_STORE

    from app.views.kiosk.window import KioskWindow
    from app.views.style import Appearance

    appearance = Appearance(app)
    window = KioskWindow(runner, appearance, locked=not ns.windowed)

    async def main() -> int:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def finished() -> None:
            if not done.done():
                done.set_result(None)

        window.quit_requested.connect(finished)
        remote = None
        if ns.remote_control:
            from app.views.kiosk.remote import RemoteControl

            remote = RemoteControl(window, started=started, on_quit=lambda: window._exit())
            remote.start()
        # The HTTP client imports requests at its first call: import it on a network thread
        # while the candidate reads the first screen, not during the first join or resume.
        _after_first_screen(runner, lambda: net_executor.submit(_preload_requests))
        if pending is not None:
            pending.announce()
        window.show_kiosk()
        if pending is not None:
            await _after_paint()
            from app.services.store import StoreError  # imported by now: no cost

            try:
                pending.loaded()
            except StoreError as exc:  # the window was up: it goes, as it does at the exit
                log.error("kiosk store: %s", exc)
                print(exc.user_message, file=sys.stderr)
                return EXIT_STORE
        runner.start_up()
        await done
        if remote is not None:
            remote.stop()
        await runner.shutdown()
        return EXIT_STAFF

    try:
        return run_qt(main)
    finally:
        close()


def _preload_requests() -> None:
    from app.services.http import preload_requests  # app.wire, pydantic: not before

    preload_requests()


async def _after_paint() -> None:
    """Return on a zero-timer, i.e. once the event loop has painted what was shown."""
    from PySide6.QtCore import QTimer

    turned: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def turn() -> None:
        if not turned.done():
            turned.set_result(None)

    QTimer.singleShot(0, turn)
    await turned


def _after_first_screen(runner: ExamRunner, then: Callable[[], object]) -> None:
    """Run `then` once the first real screen (join or resume) is up, not before: what the
    first screen does not need is loaded after it (issue 22)."""
    from PySide6.QtCore import QTimer

    from app.domain.kiosk_phase import Phase

    def shown(phase: str) -> None:
        if phase == Phase.STARTING.value:
            return
        runner.phase_changed.disconnect(shown)
        QTimer.singleShot(200, then)  # after the screen's paint

    runner.phase_changed.connect(shown)


def _connection(
    config: Config, server_url: str, store: LocalStore
) -> tuple[CandidateClient, Transport]:
    """The candidate API and sync transport: the central server alone, or, with
    `relay_urls` configured, the room relays it trusts first (app/services/room_link.py)."""
    if not config.relay_urls:
        from app.services.candidate_api import CandidateApi
        from app.services.sync import HttpTransport

        api = CandidateApi(server_url)
        return api, HttpTransport(server_url, lambda: api.token)
    from app.services.failover import CentralKey
    from app.services.room_link import RoomLink

    key = CentralKey(configured=config.central_public_key or None,
                     cache_path=config.data_dir / "central-public-key.json",
                     central_url=server_url)
    link = RoomLink(central_url=server_url, relay_urls=config.relay_urls, central_key=key,
                    device_id=config.device_id, store=store)
    log.info("kiosk: room relays %s first, then %s", ", ".join(config.relay_urls), server_url)
    return link, link.transport


def _headless(config: Config) -> int:
    """Smoke start (installer, CI): open (create, migrate) the store, report, exit 0."""
    from app.services.exam_package import CURRENT_KEY, CurrentCandidate
    from app.services.store import LocalStore, StoreError

    try:
        with LocalStore.open(
            config.data_dir / STORE_NAME, device_id=config.device_id, clock=SystemClock()
        ) as store:
            raw = store.get_blob(CURRENT_KEY)
            pending = len(store.pending())
    except StoreError as exc:
        print(exc.user_message, file=sys.stderr)
        return EXIT_STORE
    current = CurrentCandidate.from_json(raw) if raw else None
    print(
        json.dumps(
            {
                "kiosk": "ok",
                "store": str(config.data_dir / STORE_NAME),
                "candidate_in_progress": current is not None,
                "pending_events": pending,
            }
        )
    )
    return 0
