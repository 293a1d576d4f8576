"""Cyclic garbage is collected on the Qt thread only, never on a worker thread.

Why: CPython runs its cycle collector in whatever thread happens to allocate when a
generation's threshold is crossed. A QObject caught in a reference cycle (a desk whose
QTimer slot is a lambda over the desk, a dialog connected to its own methods, qasync's
notifiers and timers) is then destroyed by a `requests` worker or an SQLite executor
thread. Qt warns "QObject::~QObject: Timers cannot be stopped from another thread" and,
when the GUI thread is dispatching an event of that object at the same moment, the
process dies in the event loop (issue 21: two segfaults inside qasync's `run_forever`
while worker threads were busy; `tests/unit/test_gc_guard.py` shows the mechanism).

So every Qt process of examroom turns automatic collection off and collects from a QTimer
on the GUI thread instead, with the same generation thresholds CPython would use. Worker
threads never collect; reference counting still frees everything that is not in a cycle
at once, on whichever thread drops the last reference, as before.
"""

from __future__ import annotations

import gc
import logging
import threading

from PySide6.QtCore import QCoreApplication, QObject, QTimer

log = logging.getLogger(__name__)

INTERVAL_MS = 500
"""How often the GUI thread looks at the allocation counts (a collection of generation 0
takes well under a millisecond; a full one runs only when CPython's own rule says so)."""


class MainThreadCollector(QObject):
    """Runs CPython's cycle collector from the GUI thread's event loop.

    `install()` turns automatic collection off and starts the timer; `uninstall()` gives
    the process back its previous setting. One per process: `install_main_thread_gc()`.
    """

    def __init__(self, interval_ms: int = INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._was_enabled = gc.isenabled()

    def install(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def uninstall(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    def collect_due(self) -> int:
        """Collect the oldest generation whose threshold is crossed, as CPython would.

        Returns the generation collected, or -1 when none was due. Must run on the GUI
        thread (it is the whole point), which the timer guarantees.
        """
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        due = -1
        for generation in range(3):
            threshold = thresholds[generation]
            if threshold and counts[generation] > threshold:
                due = generation
        if due >= 0:
            gc.collect(due)
        return due


_installed: MainThreadCollector | None = None


def install_main_thread_gc() -> MainThreadCollector:
    """Collect cycles on the GUI thread from now on (once per process, idempotent).

    Call it right after the QCoreApplication exists and from its thread.
    """
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_main_thread_gc needs a QCoreApplication")
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("install_main_thread_gc must run on the GUI thread")
    if _installed is None:
        _installed = MainThreadCollector(parent=app)
        _installed.install()
        log.debug("cycle collection moved to the GUI thread")
    return _installed


__all__ = ["INTERVAL_MS", "MainThreadCollector", "install_main_thread_gc"]
