"""Why the Qt processes collect cycles on the GUI thread (issue 21's segfault).

A QObject in a reference cycle is freed by CPython's cycle collector, which runs in
whatever thread allocates when a threshold is crossed. The first test shows the fault as
the suite met it ("Timers cannot be stopped from another thread", then segfaults in
qasync's loop under load), in a child process; the others show the guard keeps
collection on the GUI thread.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject, QTimer

from app.services.gc_guard import MainThreadCollector, install_main_thread_gc


class TimerOwner(QObject):
    """The desk's shape: a QObject owning a running QTimer, kept in a cycle."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(60_000)
        self.timer.start()
        self.me = self  # e.g. a callback stored on the object that closes over it


def orphan_cycle() -> weakref.ref[TimerOwner]:
    owner = TimerOwner()
    return weakref.ref(owner)


@pytest.fixture
def automatic_gc() -> Iterator[None]:
    """CPython's default: automatic collection on, in any thread (the suite's own guard
    turned off for the duration)."""
    was = gc.isenabled()
    gc.collect()
    gc.enable()
    try:
        yield
    finally:
        gc.collect()
        if not was:
            gc.disable()


def churn_in_a_worker(rounds: int = 50_000) -> None:
    """What a requests or SQLite worker does: allocate container objects, here enough to
    cross generation 0's threshold many times over."""

    def work() -> None:
        junk: list[Any] = []
        for i in range(rounds):
            junk.append({"i": i, "l": [i]})
            if len(junk) > 1000:
                junk.clear()

    worker = threading.Thread(target=work, name="worker")
    worker.start()
    worker.join()


_WITHOUT_THE_GUARD = """
import gc, os, threading, weakref
from PySide6.QtCore import QCoreApplication, QObject, QTimer

app = QCoreApplication([])


class TimerOwner(QObject):
    def __init__(self):
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(60_000)
        self.timer.start()
        self.me = self


def orphan_cycle():
    return weakref.ref(TimerOwner())


def work():
    junk = []
    for i in range(50_000):
        junk.append({"i": i, "l": [i]})
        if len(junk) > 1000:
            junk.clear()


gc.enable()
ref = orphan_cycle()
assert ref() is not None
worker = threading.Thread(target=work, name="worker")
worker.start()
worker.join()
print("collected by the worker" if ref() is None else "still alive", flush=True)
os._exit(0)  # before the timer left registered on the freed object fires
"""


def test_default_gc_destroys_a_qt_object_from_a_worker_thread() -> None:
    """In a child process: the fault leaves the QTimer registered with the GUI thread's
    event dispatcher on a freed object, and when it fires (60 s later) the process
    crashes. Run in the suite's own process, it crashed whichever test ran a minute after
    this one (a segfault in pytest-qt's event processing)."""
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_THE_GUARD], capture_output=True, text=True,
        timeout=120, env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert "collected by the worker" in done.stdout, "the worker's allocations ran the collector"
    assert "Timers cannot be stopped from another thread" in done.stderr, done.stderr


def test_with_the_guard_a_worker_never_collects_and_the_gui_thread_does(
    qapp: Any, qtbot: Any, automatic_gc: None
) -> None:
    collector = MainThreadCollector(interval_ms=20)
    collector.install()
    try:
        assert not gc.isenabled()
        ref = orphan_cycle()
        churn_in_a_worker()
        assert ref() is not None, "a worker thread collected a cycle"
        destroyed_in: list[str] = []
        owner = ref()
        assert owner is not None
        owner.destroyed.connect(lambda: destroyed_in.append(threading.current_thread().name))
        del owner
        kept = [[i] for i in range(gc.get_threshold()[0] * 2)]  # a collection is due
        qtbot.waitUntil(lambda: ref() is None, timeout=5000)  # the timer collected it
        del kept
        assert destroyed_in in ([], [threading.main_thread().name])
    finally:
        collector.uninstall()
    assert gc.isenabled()


def test_collect_due_follows_cpython_thresholds(qapp: Any, automatic_gc: None) -> None:
    collector = MainThreadCollector()
    collector.install()
    try:
        gc.collect()
        assert collector.collect_due() == -1  # nothing allocated since
        threshold0 = gc.get_threshold()[0]
        keep = [[i] for i in range(threshold0 + 10)]
        assert collector.collect_due() >= 0
        del keep
    finally:
        collector.uninstall()


def test_installed_once_per_process_and_only_with_an_application(qapp: Any) -> None:
    first = install_main_thread_gc()
    assert install_main_thread_gc() is first
    assert not gc.isenabled()
    errors: list[BaseException] = []

    def from_a_worker() -> None:
        try:
            install_main_thread_gc()
        except RuntimeError as exc:
            errors.append(exc)

    worker = threading.Thread(target=from_a_worker)
    worker.start()
    worker.join()
    assert len(errors) == 1 and "GUI thread" in str(errors[0])
