"""The station's window: the login screen or the session screen, following the desk.

Signals:
    closed(): the window was closed (the composition root then stops the desk).
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from app.services.desk import InvigilatorDesk
from app.views.invigilator.dialogs import ConfirmDialog
from app.views.invigilator.login import LoginView
from app.views.invigilator.session_view import SessionView
from app.views.style import Appearance


class StationWindow(QMainWindow):
    closed = Signal()

    def __init__(self, desk: InvigilatorDesk, appearance: Appearance | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle("examroom — Espace surveillant")
        self.setAccessibleName("Espace surveillant")
        self.stack = QStackedWidget()
        self.login = LoginView()
        self.session = SessionView(desk)
        self.stack.addWidget(self.login)
        self.stack.addWidget(self.session)
        self.setCentralWidget(self.stack)
        self._tasks: set[asyncio.Future[Any]] = set()
        self.login.submitted.connect(self._login)
        desk.login_failed.connect(self.login.show_error)
        desk.logged_in.connect(self._logged_in)
        desk.logged_out.connect(self._logged_out)
        self.session.header.quit_requested.connect(self._quit)
        if appearance is not None:
            QShortcut(QKeySequence.StandardKey.ZoomIn, self, appearance.zoom_in)
            QShortcut(QKeySequence.StandardKey.ZoomOut, self, appearance.zoom_out)

    def run(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _login(self, number: int, password: str) -> None:
        self.session.session_password = password
        self.run(self.desk.login(number, password))

    def _logged_in(self, _sid: int) -> None:
        self.login.set_busy(False)
        self.stack.setCurrentWidget(self.session)
        self.session._refresh_all()
        self.session.table.setFocus()

    def _logged_out(self, reason: str) -> None:
        self.session.session_password = ""
        self.login.reset(reason)
        self.stack.setCurrentWidget(self.login)
        self.login.number.setFocus()

    def _quit(self) -> None:
        unsent = self.desk.unsent_total
        text = "Quitter la session\u00a0? Le poste oublie la connexion\u00a0: il faudra saisir " \
               "de nouveau le mot de passe de session."
        if unsent:
            text += (f" {unsent} action(s) ne sont pas encore envoyées au serveur\u00a0: elles "
                     "restent sur ce poste et seront envoyées à la prochaine connexion.")
        dialog = ConfirmDialog("Quitter", text, "Quitter", self)
        dialog.confirmed.connect(lambda: self.run(self.desk.logout()))
        dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
