"""The station's window: the login screen or the session screen, following the desk.

In relay mode (`examroom invigilator --relay`) the composition root passes `login` (start
the room relay, then log the desk in against it) and `relay_status` (the header's relay
line, read every 2 s in a worker thread: it queries the relay's SQLite).

Signals:
    closed(): the window was closed (the composition root then stops the desk).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from app.services.desk import InvigilatorDesk
from app.services.desk_texts import TASK_FAILED_FR, station_text
from app.services.i18n import translate
from app.services.tasks import Tasks
from app.views.invigilator.dialogs import ConfirmDialog
from app.views.invigilator.login import LoginView
from app.views.invigilator.session_view import SessionView
from app.views.style import Appearance

log = logging.getLogger(__name__)

LoginFactory = Callable[[int, str], Coroutine[Any, Any, Any]]
"""Logs in with (session number, password): `desk.login`, or the relay mode's login."""
RelayLine = Callable[[], tuple[str, bool]]
"""Blocking: the relay's French status line and whether it is a warning."""

RELAY_REFRESH_MS = 2000


class StationWindow(QMainWindow):
    closed = Signal()

    def __init__(self, desk: InvigilatorDesk, appearance: Appearance | None = None,
                 parent: QWidget | None = None, *, login: LoginFactory | None = None,
                 relay_status: RelayLine | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._login_with: LoginFactory = login or desk.login
        self.setWindowTitle(translate("Station", "examroom — Espace surveillant"))
        self.setAccessibleName(translate("Station", "Espace surveillant"))
        self.stack = QStackedWidget()
        self.login = LoginView()
        self.session = SessionView(desk)
        self.stack.addWidget(self.login)
        self.stack.addWidget(self.session)
        self.setCentralWidget(self.stack)
        self._tasks = Tasks("station-window", on_error=self._failed, logger=log)
        self.login.submitted.connect(self._login)
        desk.login_failed.connect(self.login.show_error)
        desk.logged_in.connect(self._logged_in)
        desk.logged_out.connect(self._logged_out)
        self.session.header.quit_requested.connect(self._quit)
        if appearance is not None:
            QShortcut(QKeySequence.StandardKey.ZoomIn, self, appearance.zoom_in)
            QShortcut(QKeySequence.StandardKey.ZoomOut, self, appearance.zoom_out)
        self._relay_status = relay_status
        self._relay_pending = False
        self._relay_timer: QTimer | None = None
        self._relay_ex: ThreadPoolExecutor | None = None
        if relay_status is not None:
            self._relay_ex = ThreadPoolExecutor(1, thread_name_prefix="relay-status")
            self._relay_timer = QTimer(self)
            self._relay_timer.setInterval(RELAY_REFRESH_MS)
            self._relay_timer.timeout.connect(self.refresh_relay)

    def run(self, coro: Coroutine[Any, Any, Any]) -> None:
        """Login, Quitter, the relay line: kept, and a failure said on the screen shown."""
        self._tasks.start(None, coro)

    def _failed(self, exc: BaseException) -> None:
        if self.stack.currentWidget() is self.login:
            self.login.show_error(station_text(TASK_FAILED_FR))
        else:
            self.session.panel.show_message(station_text(TASK_FAILED_FR))

    def _login(self, number: int, password: str) -> None:
        self.run(self.log_in(number, password))

    async def log_in(self, number: int, password: str) -> Any:
        """What the login screen's button does (also used with --session/--password)."""
        self.session.session_password = password
        return await self._login_with(number, password)

    def _logged_in(self, _sid: int) -> None:
        self.login.set_busy(False)
        self.stack.setCurrentWidget(self.session)
        self.session._refresh_all()
        self.session.table.setFocus()
        if self._relay_timer is not None:
            self.refresh_relay()
            self._relay_timer.start()

    # -- relay mode: the header's relay line -------------------------------------------------

    def refresh_relay(self) -> None:
        if self._relay_pending or self._relay_status is None or self._relay_ex is None:
            return
        self._relay_pending = True
        self.run(self._read_relay(self._relay_status, self._relay_ex))

    async def _read_relay(self, read: RelayLine, executor: ThreadPoolExecutor) -> None:
        try:
            text, warning = await asyncio.get_running_loop().run_in_executor(executor, read)
        except Exception:  # a bug: logged, the line keeps its last text
            log.exception("relay status not read")
            return
        finally:
            self._relay_pending = False
        self.session.header.set_relay_status(text, warning=warning)

    def _logged_out(self, reason: str) -> None:
        if self._relay_timer is not None:
            self._relay_timer.stop()
        self.session.session_password = ""
        self.session.close_projector()
        self.login.reset(reason)
        self.stack.setCurrentWidget(self.login)
        self.login.number.setFocus()

    def _quit(self) -> None:
        unsent = self.desk.unsent_total
        text = translate("Station", "Quitter la session\u00a0? Le poste oublie la connexion\u00a0: "
                         "il faudra saisir de nouveau le mot de passe de session.")
        if unsent:
            text += " " + translate(
                "Station", "{count} action(s) ne sont pas encore envoyées au serveur\u00a0: "
                "elles restent sur ce poste et seront envoyées à la prochaine connexion.").format(
                    count=unsent)
        quit_text = translate("Station", "Quitter")
        dialog = ConfirmDialog(quit_text, text, quit_text, self)
        dialog.confirmed.connect(lambda: self.run(self.desk.logout()))
        dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.session.close_projector()
        if self._relay_timer is not None:
            self._relay_timer.stop()
        self._relay_status = None
        if self._relay_ex is not None:
            self._relay_ex.shutdown(wait=False, cancel_futures=True)
        self.closed.emit()
        super().closeEvent(event)
