"""The locked kiosk's hold on the PC (app/views/kiosk/lockdown.py) against a live server:
a second screen keeps a test from starting and stops it going on (recorded as FocusLost),
the window goes back to full screen after a minimise, and the operating system's guard (a
fake here: tests/unit/test_lockdown.py drives the Windows one) holds the keys while the
kiosk is locked and keeps the PC awake while a candidate is on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from app.domain.kiosk_flow import Phase
from app.services import kiosk_texts as T
from app.views.kiosk.lockdown import KioskLockdown
from app.views.kiosk.window import KioskWindow
from app.views.style import Appearance
from tests.helpers.kiosk import (
    Loop,
    loop,  # noqa: F401 - fixture
    make_kiosk,
    open_room,
    server,  # noqa: F401 - fixture
    shared_server,  # noqa: F401 - fixture
    until,
)
from tests.helpers.live_server import LiveServer

pytestmark = [
    pytest.mark.slow,
    # The offscreen platform cannot raise or activate windows; it says so.
    pytest.mark.qt_log_ignore("This plugin does not support"),
]


class FakeGuard:
    def __init__(self) -> None:
        self.keys: list[bool] = []
        self.awake: list[bool] = []
        self.closed = False

    def lock_keys(self, on: bool) -> None:
        self.keys.append(on)

    def keep_awake(self, on: bool) -> None:
        self.awake.append(on)

    def close(self) -> None:
        self.closed = True


def shown_text(window: KioskWindow) -> str:
    current = window.stack.currentWidget()
    return "\n".join(lab.text() for lab in current.findChildren(QLabel))


def test_a_second_screen_holds_the_test_and_the_window_stays_full_screen(
    server: LiveServer, tmp_path: Path, loop: Loop, qtbot: Any  # noqa: F811
) -> None:
    room = open_room(server)
    kiosk = make_kiosk(tmp_path / "kiosk", server.url)
    runner = kiosk.runner
    window = KioskWindow(runner, Appearance(QApplication.instance()), locked=True)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    screens = [2]
    guard = FakeGuard()
    window.lockdown = KioskLockdown(window, guard=guard, screens=lambda: screens[0])
    lockdown = window.lockdown

    async def scenario() -> None:
        window.show_kiosk()
        assert guard.keys == [True]  # system shortcuts held from the first screen on
        await runner.start_up()
        await until(lambda: runner.phase is Phase.JOIN)
        # Two screens: the join screen is covered; nobody can start a test here.
        assert window.stack.currentWidget() is lockdown.screen_page
        assert T.SCREENS_TITLE in shown_text(window) and T.SCREENS_TEXT in shown_text(window)
        assert lockdown.screen_page.text.accessibleName() == T.SCREENS_TEXT
        assert guard.awake[-1] is False  # nobody on the kiosk yet: the PC may sleep
        screens[0] = 1
        lockdown.check_screens()
        assert window.stack.currentWidget() is window.join
        await runner.join(str(room.sid), "Ada", "Lovelace", "04", "05", "2010")
        await until(lambda: runner.phase is Phase.CONFIRM)
        assert guard.awake[-1] is True  # a candidate is on: no sleep, no screen lock
        await runner.confirm_identity(True)
        room.act("PresenceConfirmed")
        await until(lambda: runner.phase is Phase.ACCESS_CODE)
        # A screen plugged in now: "Commencer mon test" is out of reach.
        screens[0] = 2
        lockdown.check_screens()
        assert window.stack.currentWidget() is lockdown.screen_page
        screens[0] = 1
        lockdown.check_screens()
        assert window.stack.currentWidget() is window.access
        await runner.start_test(room.access_code)
        await until(lambda: runner.phase is Phase.QUESTION)
        await until(lambda: not runner.busy)
        # During a question: covered too, and recorded for the invigilator.
        screens[0] = 2
        lockdown.check_screens()
        assert window.stack.currentWidget() is lockdown.screen_page
        await until(lambda: any(e.kind.value == "FocusLost"
                                for e in kiosk.store.events(room.sid)), what="FocusLost")
        runner.phase_changed.emit(runner.phase.value)  # a refresh does not uncover it
        assert window.stack.currentWidget() is lockdown.screen_page
        screens[0] = 1
        lockdown.check_screens()
        assert window.stack.currentWidget() is window.question
        # Win+D / Win+M: the window comes back full screen by itself.
        window.setWindowState(Qt.WindowState.WindowMinimized)
        await until(lambda: window.windowState() == Qt.WindowState.WindowFullScreen,
                    what="full screen again")
        # The staff exit gives everything back (as in main.py, closing the last window must
        # not stop the event loop).
        window._exit()
        assert guard.closed
        await kiosk.close()

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    try:
        loop.run(scenario())
    finally:
        app.setQuitOnLastWindowClosed(True)


def test_an_unlocked_window_has_no_lockdown(tmp_path: Path, qtbot: Any) -> None:
    """--windowed / --demo: an ordinary window, nothing held."""
    kiosk = make_kiosk(tmp_path / "kiosk", "http://127.0.0.1:9")
    window = KioskWindow(kiosk.runner, Appearance(QApplication.instance()), locked=False)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    assert window.lockdown is None
    for executor in kiosk.executors:
        executor.shutdown(wait=False)
    kiosk.store.close()
