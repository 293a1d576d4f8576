"""Screens after the test, around a restart, and the staff-only exit.

End screen (step 10 of the notice) and its variants; resume after a crash or a power cut
(the access code again, then the invigilator's authorisation, from the station or with the
session password typed here); leaving the kiosk, which only the session password allows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from app.services import kiosk_texts as T
from app.services.exam import ExamRunner
from app.services.tasks import Tasks
from app.views.kiosk.page import Page
from app.views.widgets.basics import button


class EndScreen(Page):
    """ "Vous avez presque terminé": stays until the invigilator has seen it."""

    def __init__(self, runner: ExamRunner, parent: QWidget | None = None) -> None:
        super().__init__(T.tr(T.END_TITLE), parent)
        self.runner = runner
        self.main = self.add_text("", role="huge")
        self.detail = self.add_text("")
        self.who = self.add_text("", role="muted")
        self.finish()
        self.action_row.addStretch(1)
        self.home = button(T.tr(T.BACK_HOME), primary=True, on_click=runner.back_home)
        self.action_row.addWidget(self.home)

    def refresh(self) -> None:
        view = self.runner.end_view
        by = view.by if view else "candidate"
        seen = bool(view and view.seen)
        headline = {
            "invigilator": T.tr(T.END_BY_INVIGILATOR),
            "max_duration": T.tr(T.END_MAX_DURATION),
            "session_finalised": T.tr(T.END_FINALISED),
        }.get(by, T.tr(T.END_TITLE))
        if self.title is not None:
            self.title.setText(T.tr(T.END_TITLE) if by == "candidate" else "")
            self.title.setVisible(by == "candidate")
        self.main.setText(T.tr(T.END_TEXT) if by == "candidate" else headline)
        if by == "session_finalised":
            self.detail.setText(T.tr(T.END_FINALISED_HELP) if self.runner.current is None else "")
        elif seen:
            self.detail.setText(T.tr(T.END_WIPING))
        else:
            self.detail.setText("" if by == "candidate" else T.tr(T.END_TEXT))
        current = self.runner.current
        self.who.setText(f"{current.first_name} {current.last_name.upper()}" if current else "")
        finished = by == "session_finalised" and self.runner.current is None
        self.action_bar.setVisible(finished)


class ResumeScreen(Page):
    """ "Reprendre votre test": the access code again unlocks the test on this PC."""

    def __init__(self, runner: ExamRunner, parent: QWidget | None = None) -> None:
        super().__init__(T.tr(T.RESUME_TITLE), parent)
        self.runner = runner
        self.who = self.add_text("", role="muted")
        self.add_text(T.tr(T.RESUME_TEXT))
        self.code = self.add_field(T.tr(T.ACCESS_CODE), width=260)
        self.code.setMaxLength(12)
        self.code.returnPressed.connect(self.submit)
        self.finish()
        self.action_row.addStretch(1)
        self.go = button(T.tr(T.RESUME), primary=True, on_click=self.submit)
        self.action_row.addWidget(self.go)

    def submit(self) -> None:
        self.runner.resume_with_code(self.code.text())

    def refresh(self) -> None:
        current = self.runner.current
        self.who.setText(f"{current.first_name} {current.last_name.upper()}" if current else "")
        self.code.clear()
        self.code.setFocus()


class ResumeWaitScreen(Page):
    """Waiting for the invigilator; with no network, the resume code typed here (not the
    session password, which opens the station: issue 17)."""

    def __init__(self, runner: ExamRunner, parent: QWidget | None = None) -> None:
        super().__init__(T.tr(T.RESUME_WAIT_TITLE), parent)
        self.runner = runner
        self.add_text(T.tr(T.RESUME_WAIT_TEXT))
        self.add_text(T.tr(T.RESUME_PASSWORD_HELP), role="muted")
        self.password = self.add_field(T.tr(T.RESUME_CODE), width=260)
        self.password.setEchoMode(self.password.EchoMode.Password)
        self.password.returnPressed.connect(self.submit)
        self.finish()
        self.action_row.addStretch(1)
        self.go = button(T.tr(T.AUTHORIZE), on_click=self.submit)
        self.action_row.addWidget(self.go)

    def submit(self) -> None:
        self.runner.authorize_with_password(self.password.text())
        self.password.clear()

    def refresh(self) -> None:
        self.password.clear()


class ExitScreen(Page):
    """Staff only (Ctrl+Alt+Q): leave the kiosk with the session password."""

    def __init__(
        self,
        runner: ExamRunner,
        on_exit: Callable[[], None],
        on_cancel: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(T.tr(T.EXIT_TITLE), parent)
        self.runner = runner
        self._on_exit = on_exit
        self.add_text(T.tr(T.EXIT_TEXT))
        self.number = self.add_field(T.tr(T.SESSION_NUMBER), width=260)
        self.password = self.add_field(T.tr(T.SESSION_PASSWORD), width=260)
        self.password.setEchoMode(self.password.EchoMode.Password)
        self.password.returnPressed.connect(self.submit)
        self.finish()
        self.cancel = button(T.tr(T.EXIT_CANCEL), on_click=on_cancel)
        self.go = button(T.tr(T.EXIT), primary=True, on_click=self.submit)
        self.action_row.addWidget(self.cancel)
        self.action_row.addStretch(1)
        self.action_row.addWidget(self.go)
        self._tasks = Tasks(
            "kiosk-exit", on_error=lambda _exc: runner.notice.emit("error", T.tr(T.UNEXPECTED))
        )

    def refresh(self) -> None:
        current = self.runner.current
        self.number.setText(str(current.session_id) if current else "")
        self.password.clear()
        (self.password if current else self.number).setFocus()

    def submit(self) -> None:
        """Checked once at a time: a second Enter while checking is dropped."""
        self._tasks.start("check", self._check(), replace=False)

    async def _check(self) -> None:
        ok = await self.runner.check_exit_password(self.number.text(), self.password.text())
        self.password.clear()
        if ok:
            self._on_exit()
        else:
            self.runner.notice.emit("error", T.tr(T.WRONG_PASSWORD))
