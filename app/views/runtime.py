"""Start a Qt application with asyncio inside it (qasync), once per mode and machine.

Each mode's `run()` builds its object graph (its composition root) and hands its main
coroutine to `run_qt`. Blocking work goes through executors; only the GUI thread touches
widgets (STYLE items 4 and 11).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QApplication

from app.services import i18n
from app.services.gc_guard import install_main_thread_gc

log = logging.getLogger(__name__)


class AlreadyRunning(Exception):
    """Another process of the same mode holds the lock in this data directory."""


def single_instance(data_dir: Path, mode: str) -> QLockFile:
    """One kiosk (or station) per data directory: a second start would share its store."""
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(data_dir / f"{mode}.lock"))
    lock.setStaleLockTime(0)  # a lock left by a killed process is detected by its PID
    if not lock.tryLock(100):
        raise AlreadyRunning(f"examroom {mode} is already running with {data_dir}")
    return lock


def qt_app(argv: list[str] | None = None, *, app_name: str = "examroom") -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(app_name)
    app.setOrganizationName("examroom")
    i18n.install(app)
    return app


def run_qt(main: Callable[[], Coroutine[Any, Any, int]]) -> int:
    """Run `main()` on a qasync loop inside the Qt event loop; return its exit code.

    Qt may end its own loop before `main()` has finished (the last window closed, a quit
    lock released, `QApplication.quit()`); qasync then raises "Event loop stopped before
    Future completed" and the process exits 1 with a traceback, which the kiosk's
    supervisor reads as a crash. Here the loop is simply run again until `main()` has
    shut down in its own order; then every task still pending is cancelled and awaited,
    so nothing is destroyed while pending.
    """
    import qasync

    app = qt_app()
    app.setQuitLockEnabled(False)  # only main() decides when the application ends
    install_main_thread_gc()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        task = loop.create_task(main(), name="examroom-main")
        restarts = 0
        while not task.done():
            try:
                loop.run_until_complete(task)
            except asyncio.CancelledError:
                if not task.cancelled():
                    raise
            except RuntimeError:
                if task.done():
                    raise  # main() itself failed: its own error, not the loop's
                restarts += 1
                log.warning("the Qt event loop stopped before the main task ended "
                            "(%d); running it until the task ends", restarts)
                if restarts == 1:  # a lost display does not end main() by itself
                    loop.call_later(EARLY_STOP_GRACE_S, task.cancel)
                if restarts >= MAX_LOOP_RESTARTS:
                    task.cancel()
        code = 1 if task.cancelled() else task.result()
        if task.cancelled():
            log.error("Qt ended its event loop and the main task did not finish within "
                      "%.0f s (display lost?): cancelled, exit 1", EARLY_STOP_GRACE_S)
        cancel_pending(loop)
    return code


EARLY_STOP_GRACE_S = 15.0
"""Once Qt has ended its loop on its own, how long `main()` may take to finish its
orderly shutdown before it is cancelled (its `finally` blocks still run)."""


MAX_LOOP_RESTARTS = 20
"""After this many early stops, the main task is cancelled (its `finally` still runs)."""


def cancel_pending(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel the tasks left once the main task has ended, and wait for them to finish."""
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    if not pending:
        return
    log.info("cancelling %d pending task(s) at exit", len(pending))
    for t in pending:
        t.cancel()
    gathered = asyncio.gather(*pending, return_exceptions=True)
    for _ in range(MAX_LOOP_RESTARTS):
        try:
            loop.run_until_complete(gathered)
            break
        except RuntimeError:
            if gathered.done():
                break
    for t in pending:
        if t.done() and not t.cancelled() and t.exception() is not None:
            log.error("task %s failed while quitting", t.get_name(), exc_info=t.exception())


def offscreen_requested() -> bool:
    return os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal")
