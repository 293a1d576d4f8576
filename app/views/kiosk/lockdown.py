"""The locked kiosk's hold on the PC, beyond its frameless full-screen window.

- **Back to full screen** after any change of the window's state: Win+D, Win+M, "show the
  desktop", a minimise from the taskbar, a tablet-mode switch; the window is shown full
  screen again, raised and activated at once.
- **One screen only**: with more than one screen, the kiosk shows "Un seul écran doit être
  branché sur ce poste" instead of its screens: a test cannot start (the join and access
  code screens are covered) nor go on (a question is covered too, and the moment is
  recorded as FocusLost, so the invigilator sees it). When the second screen goes, the
  kiosk shows where the candidate was.
- **The operating system's part** (`SystemGuard`, app/services/lockdown): system shortcuts
  swallowed while the window is locked and shown; the PC kept awake while a candidate is
  on the kiosk (from "Confirmez vos informations" to the end screen).

Only built for a locked window (not --windowed / --demo). The screen count and the guard
are passed in, so tests play two screens and a fake Windows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from app.domain.kiosk_phase import Phase
from app.services import kiosk_texts as T
from app.services.lockdown import SystemGuard, system_guard
from app.views.kiosk.page import Page

if TYPE_CHECKING:
    from app.views.kiosk.window import KioskWindow

log = logging.getLogger(__name__)

NO_CANDIDATE = (Phase.STARTING, Phase.JOIN)


class ScreensScreen(Page):
    """ "Un seul écran doit être branché sur ce poste": no action, the invigilator comes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(T.tr(T.SCREENS_TITLE), parent)
        self.text = self.add_text(T.tr(T.SCREENS_TEXT))
        self.text.setAccessibleName(T.tr(T.SCREENS_TEXT))
        self.finish()
        self.action_bar.hide()


def count_screens() -> int:
    return len(QGuiApplication.screens())


class KioskLockdown(QObject):
    def __init__(
        self,
        window: KioskWindow,
        *,
        guard: SystemGuard | None = None,
        screens: Callable[[], int] = count_screens,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.runner = window.runner
        self.guard = guard if guard is not None else system_guard()
        self.screens = screens
        self.screen_page = ScreensScreen()
        window.stack.addWidget(self.screen_page)
        self.active = False
        window.installEventFilter(self)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self.check_screens)
            app.screenRemoved.connect(self.check_screens)
        self.runner.phase_changed.connect(self._phase_changed)

    def activate(self) -> None:
        """The locked window is shown: take hold."""
        self.active = True
        self.guard.lock_keys(True)
        self._phase_changed(self.runner.phase.value)

    def release(self) -> None:
        """The kiosk is being left (staff exit): give everything back."""
        self.active = False
        self.guard.close()

    def check_screens(self, *_args: object) -> None:
        if not self.active:
            return
        many = self.screens() > 1
        if many and self.window.blocked_by is None:
            log.warning("%d screens: the kiosk waits for a single one", self.screens())
            if self.runner.phase is Phase.QUESTION:
                self.runner.focus_lost("second screen")
            self.window.block(self.screen_page)
        elif not many and self.window.blocked_by is self.screen_page:
            log.info("a single screen again")
            self.window.unblock()

    def _phase_changed(self, phase_value: str) -> None:
        if self.active:
            self.guard.keep_awake(Phase(phase_value) not in NO_CANDIDATE)
            self.check_screens()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (self.active and watched is self.window
                and event.type() == QEvent.Type.WindowStateChange
                and self.window.windowState() != Qt.WindowState.WindowFullScreen):
            QTimer.singleShot(0, self._full_screen_again)
        return False

    def _full_screen_again(self) -> None:
        if self.active and self.window.windowState() != Qt.WindowState.WindowFullScreen:
            log.info("window state %s: back to full screen", self.window.windowState())
            self.window.setWindowState(Qt.WindowState.WindowFullScreen)
            self.window.showFullScreen()
            self.window.raise_()
            self.window.activateWindow()
