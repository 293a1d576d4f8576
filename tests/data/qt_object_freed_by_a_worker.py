"""Run by tests/unit/test_gc_guard.py in a subprocess: the crash it may show must not
take the test session with it.

A QObject with a running QTimer, kept only by a reference cycle, becomes garbage; a worker
thread then allocates enough to run CPython's cycle collector. `guarded` installs
examroom's main-thread collection first. The GUI thread then spins its event loop for
a moment, as the station's does, and the script prints where the object died.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QObject, QTimer


class TimerOwner(QObject):
    """The desk's shape: a QObject owning a running QTimer, kept in a cycle."""

    def __init__(self, died_in: list[str]) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(20)
        self.timer.start()
        self.me = self  # e.g. a callback stored on the object that closes over it
        self.destroyed.connect(lambda: died_in.append(threading.current_thread().name))


def churn() -> None:
    junk: list[Any] = []
    for i in range(200_000):
        junk.append({"i": i, "l": [i]})
        if len(junk) > 1000:
            junk.clear()


def main(mode: str) -> int:
    app = QCoreApplication([sys.argv[0]])
    if mode == "guarded":
        from app.services.gc_guard import install_main_thread_gc

        install_main_thread_gc()
    died_in: list[str] = []
    TimerOwner(died_in)
    worker = threading.Thread(target=churn, name="worker")
    worker.start()
    worker.join()
    kept: list[list[int]] = []
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        app.processEvents()
        kept.extend([i] for i in range(200))  # the GUI thread allocates and keeps, too
        time.sleep(0.01)
    print("died in:", ",".join(died_in) or "-", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
