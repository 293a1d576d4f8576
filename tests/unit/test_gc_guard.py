"""Why the Qt processes collect cycles on the GUI thread (issue 21's segfault).

A QObject in a reference cycle is freed by CPython's cycle collector, which runs in
whatever thread allocates when a threshold is crossed. Freed on a worker thread, a QObject
with a running timer cannot unregister it ("Timers cannot be stopped from another
thread"); the GUI thread's dispatcher later fires that timer at freed memory and the
process dies, as the suite did inside qasync's loop and pytest-qt's teardown. The
demonstration runs in a subprocess (tests/data/qt_object_freed_by_a_worker.py), since
it crashes the process that runs it.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from app.services.gc_guard import MainThreadCollector, install_main_thread_gc

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "data" / "qt_object_freed_by_a_worker.py"


def run_script(mode: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, str(SCRIPT), mode], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


def test_cpython_default_frees_a_qt_object_on_a_worker_and_the_process_crashes() -> None:
    done = run_script("default")
    assert "Timers cannot be stopped from another thread" in done.stderr, done.stderr
    assert done.returncode != 0, (done.returncode, done.stdout, done.stderr)


def test_with_the_guard_the_gui_thread_frees_it_and_the_process_lives() -> None:
    done = run_script("guarded")
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr)
    assert "another thread" not in done.stderr, done.stderr
    assert "died in: MainThread" in done.stdout, done.stdout


@pytest.fixture
def automatic_gc() -> Any:
    """CPython's default for the duration of a test (the suite's guard turned off)."""
    was = gc.isenabled()
    gc.collect()
    gc.enable()
    try:
        yield
    finally:
        gc.collect()
        if not was:
            gc.disable()


def test_collect_due_follows_cpython_thresholds(qapp: Any, automatic_gc: None) -> None:
    collector = MainThreadCollector()
    collector.install()
    try:
        assert not gc.isenabled()
        gc.collect()
        assert collector.collect_due() == -1  # nothing allocated since
        keep = [[i] for i in range(gc.get_threshold()[0] + 10)]
        assert collector.collect_due() >= 0
        del keep
    finally:
        collector.uninstall()
    assert gc.isenabled()


def test_installed_once_per_process_and_only_from_the_gui_thread(qapp: Any) -> None:
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
