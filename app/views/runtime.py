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
    return app


def run_qt(main: Callable[[], Coroutine[Any, Any, int]]) -> int:
    """Run `main()` on a qasync loop inside the Qt event loop; return its exit code."""
    import qasync

    app = qt_app()
    install_main_thread_gc()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        code: int = loop.run_until_complete(main())
    return code


def offscreen_requested() -> bool:
    return os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal")
