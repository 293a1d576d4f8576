"""Suite-wide guards.

- The test process is a Qt process like the station: QObjects from one test may only be
  freed on the main thread, so cycle collection runs there, as in every examroom mode
  (app/services/gc_guard.py; issue 21's segfault), and once more after each test so that
  nothing a test left behind is collected later by another test's worker thread.
- Every test leaves no thread (a store's checkpointer, an executor's worker, a server),
  and no top-level Qt window behind: what one test leaks, the next one trips on (the
  segfaults of issue 21 happened with a dozen leaked store threads alive). A test that
  knowingly leaves something running for a module-wide fixture says so with
  `@pytest.mark.leaves_threads("why")`.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from app.server.app import PUSH_THREAD
from app.services.gc_guard import install_main_thread_gc
from tests.helpers.i18n import english  # noqa: F401 (a fixture for every test module)
from tests.helpers.station import close_desk_stores

THREAD_GRACE_S = 3.0
"""How long a thread the test stopped may take to finish (an executor's worker ending)."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "leaves_threads(reason): the test leaves threads for a wider fixture"
    )


@pytest.fixture(scope="session", autouse=True)
def _cycles_collected_on_the_main_thread(qapp: Any) -> None:
    install_main_thread_gc()


def _flush_deferred_deletes() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture(autouse=True)
def _nothing_left_behind(
    request: pytest.FixtureRequest, _cycles_collected_on_the_main_thread: None
) -> Iterator[None]:
    threads_before = set(threading.enumerate())
    windows_before = {id(w) for w in QApplication.topLevelWidgets()}
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, style = QFont(app.font()), app.styleSheet()
    yield
    # A mode's Appearance sets the application's font and style sheet, as it should in a
    # process of its own; here the next test gets the application as it was (a kiosk's
    # 16 px font left by one test made the station's columns overflow in another).
    if app.font() != font:
        app.setFont(font)
    if app.styleSheet() != style:
        app.setStyleSheet(style)
    close_desk_stores()  # as the station does at exit, whatever became of the test's desks
    _flush_deferred_deletes()
    gc.collect()
    _flush_deferred_deletes()
    if request.node.get_closest_marker("leaves_threads") is not None:
        return
    deadline = time.monotonic() + THREAD_GRACE_S
    # Threads Python did not start (a QThread of qasync's executor) show as dummies that
    # never leave threading's table: they cannot be joined or told apart when finished.
    # AnyIO's worker threads (a TestClient's sync routes) are a pool that anyio ends by
    # itself after 10 s idle, and the server's push threads one that its event loop joins
    # when it closes (a module's TestClient outlives its tests); both run server code
    # only, never Qt.
    left = [t for t in threading.enumerate()
            if t not in threads_before and not isinstance(t, threading._DummyThread)
            and t.name != "AnyIO worker thread" and not t.name.startswith(PUSH_THREAD)]
    for thread in left:
        thread.join(max(0.0, deadline - time.monotonic()))
    threads = sorted(t.name for t in left if t.is_alive())
    windows = sorted(
        type(w).__name__ for w in QApplication.topLevelWidgets()
        if id(w) not in windows_before and w.isVisible()
    )
    problems = []
    if threads:
        problems.append(f"threads still running: {', '.join(threads)}")
    if windows:
        problems.append(f"windows still open: {', '.join(windows)}")
    if problems:
        pytest.fail("the test left things behind: " + "; ".join(problems), pytrace=False)
