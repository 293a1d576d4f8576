"""The administration window: one screen at a time, and the ways between them.

Screens never build each other: they ask the window (`nav`) to show the next one, so
the routes of the application can be read in this one file (STYLE item 6).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from app.services.i18n import translate
from app.views.admin.common import AdminContext


class AdminWindow(QMainWindow):
    def __init__(self, ctx: AdminContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.appearance: Any = None
        self.setWindowTitle(
            translate("Admin", "examroom — Administration des sessions de certification"))
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.current: QWidget | None = None
        for keys, action in (("Ctrl++", "zoom_in"), ("Ctrl+-", "zoom_out")):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(
                lambda a=action: getattr(self.appearance, a)() if self.appearance else None
            )
        self.show_login()

    def _show(self, screen: QWidget) -> QWidget:
        old = self.current
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        self.current = screen
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        screen.setFocus()
        return screen

    # -- routes -------------------------------------------------------------------------

    def show_login(self) -> QWidget:
        from app.views.admin.login import LoginScreen

        self.ctx.api.logout()
        return self._show(LoginScreen(self.ctx, self))

    def show_home(self) -> QWidget:
        return self.show_jury() if self.ctx.api.role == "jury" else self.show_sessions()

    def show_sessions(self) -> QWidget:
        from app.views.admin.sessions import SessionsScreen

        return self._show(SessionsScreen(self.ctx, self))

    def show_session_form(self, session: dict[str, Any] | None, mode: str = "edit") -> QWidget:
        from app.views.admin.session_form import SessionFormScreen

        return self._show(SessionFormScreen(self.ctx, self, session, mode))

    def show_session(self, session_id: int) -> QWidget:
        from app.views.admin.session_detail import SessionDetailScreen

        return self._show(SessionDetailScreen(self.ctx, self, session_id))

    def show_candidates(self, session: dict[str, Any]) -> QWidget:
        from app.views.admin.candidates import CandidatesScreen

        return self._show(CandidatesScreen(self.ctx, self, session))

    def show_candidate_form(
        self, session: dict[str, Any], candidate: dict[str, Any] | None
    ) -> QWidget:
        from app.views.admin.candidate_form import CandidateFormScreen

        return self._show(CandidateFormScreen(self.ctx, self, session, candidate))

    def show_import(self, session: dict[str, Any] | None) -> QWidget:
        """A session's candidates from a file, or (None) the school's pupils."""
        from app.views.admin.import_preview import ImportScreen

        return self._show(ImportScreen(self.ctx, self, session))

    def show_pupils(self, session: dict[str, Any] | None) -> QWidget:
        """The school's pupils; with a session, to add them to it."""
        from app.views.admin.pupils import PupilsScreen

        return self._show(PupilsScreen(self.ctx, self, session))

    def show_finalisation(self, session: dict[str, Any]) -> QWidget:
        from app.views.admin.finalise import FinaliseScreen

        return self._show(FinaliseScreen(self.ctx, self, session))

    def show_results(self, session: dict[str, Any]) -> QWidget:
        from app.views.admin.results import ResultsScreen

        return self._show(ResultsScreen(self.ctx, self, session))

    def show_jury(self) -> QWidget:
        from app.views.admin.jury import JurySessionsScreen

        return self._show(JurySessionsScreen(self.ctx, self))

    def show_jury_session(self, session: dict[str, Any]) -> QWidget:
        from app.views.admin.jury_review import JuryReviewScreen

        return self._show(JuryReviewScreen(self.ctx, self, session))

    def show_verify(self) -> QWidget:
        from app.views.admin.verify import VerifyScreen

        return self._show(VerifyScreen(self.ctx, self))
