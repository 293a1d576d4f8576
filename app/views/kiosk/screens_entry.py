"""Screens before the test: join, confirm identity, wait for presence, access code.

Steps 4 to 7 of the candidate notice (seed 003). Each screen has one main action, calls
the exam runner and nothing else; errors come back as the runner's notices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from app.services import kiosk_texts as T
from app.views.kiosk.page import Page, labelled
from app.views.widgets.basics import button, line_edit

if TYPE_CHECKING:  # the join screen is shown before the runner is loaded (issue 22)
    from app.services.exam import ExamRunner


def _digits(edit: QLineEdit, count: int) -> QLineEdit:
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{count}}}"), edit))
    edit.setMaxLength(count)
    return edit


class JoinScreen(Page):
    """ "Rejoindre une session": session number, first name, birth name, birthdate."""

    def __init__(self, runner: ExamRunner, parent: QWidget | None = None) -> None:
        super().__init__(T.tr(T.JOIN_TITLE), parent)
        self.runner = runner
        self.add_text(T.tr(T.JOIN_INTRO), role="muted")
        self.number = _digits(self.add_field(T.tr(T.SESSION_NUMBER), width=260), 12)
        self.first = self.add_field(T.tr(T.FIRST_NAME), width=520)
        self.last = self.add_field(T.tr(T.BIRTH_NAME), width=520)
        self.add_text(T.tr(T.BIRTHDATE))
        row = QHBoxLayout()
        row.setSpacing(12)
        self.day = _digits(line_edit(T.tr(T.DAY)), 2)
        self.month = _digits(line_edit(T.tr(T.MONTH)), 2)
        self.year = _digits(line_edit(T.tr(T.YEAR)), 4)
        for text, edit, width in (
            (T.tr(T.DAY), self.day, 80),
            (T.tr(T.MONTH), self.month, 80),
            (T.tr(T.YEAR), self.year, 120),
        ):
            edit.setMaximumWidth(width)
            row.addWidget(labelled(text, edit))
        row.addStretch(1)
        self.content.addLayout(row)
        self.finish()
        self.action_row.addStretch(1)
        self.go = button(T.tr(T.CONTINUE), primary=True, on_click=self.submit)
        self.action_row.addWidget(self.go)
        for edit in (self.number, self.first, self.last, self.day, self.month, self.year):
            edit.returnPressed.connect(self.submit)
        # Typing two digits of the day moves on to the month, as on a paper form.
        self.day.textEdited.connect(lambda t: len(t) == 2 and self.month.setFocus())
        self.month.textEdited.connect(lambda t: len(t) == 2 and self.year.setFocus())

    def submit(self) -> None:
        self.runner.join(
            self.number.text(),
            self.first.text(),
            self.last.text(),
            self.day.text(),
            self.month.text(),
            self.year.text(),
        )

    def reset(self) -> None:
        for edit in (self.number, self.first, self.last, self.day, self.month, self.year):
            edit.clear()
        self.number.setFocus()


class ConfirmScreen(Page):
    """The server matched someone: the candidate confirms it is them."""

    def __init__(self, runner: ExamRunner, parent: QWidget | None = None) -> None:
        super().__init__(T.tr(T.CONFIRM_TITLE), parent)
        self.runner = runner
        self.who = self.add_text("", role="huge")
        self.add_text(T.tr(T.CONFIRM_QUESTION))
        self.finish()
        self.no = button(T.tr(T.CONFIRM_NO), on_click=lambda: runner.confirm_identity(False))
        self.yes = button(
            T.tr(T.CONFIRM_YES), primary=True, on_click=lambda: runner.confirm_identity(True)
        )
        self.action_row.addWidget(self.no)
        self.action_row.addStretch(1)
        self.action_row.addWidget(self.yes)

    def refresh(self) -> None:
        joined = self.runner.joined
        if joined is not None:
            self.who.setText(f"{joined.first_name} {joined.last_name.upper()}")
        self.yes.setFocus()


class WaitingScreen(Page):
    """ "Vous allez commencer votre test de certification": until presence is confirmed."""

    def __init__(self, runner: ExamRunner, parent: QWidget | None = None) -> None:
        super().__init__(T.tr(T.WAITING_TITLE), parent)
        self.who = self.add_text("", role="muted")
        self.add_text(T.tr(T.WAITING_TEXT))
        self.finish()
        self.runner = runner
        self.action_bar.hide()

    def refresh(self) -> None:
        current = self.runner.current
        self.who.setText(f"{current.first_name} {current.last_name.upper()}" if current else "")


class AccessCodeScreen(Page):
    """Instructions, then "Saisissez le code d'accès communiqué par le surveillant"."""

    def __init__(self, runner: ExamRunner, parent: QWidget | None = None) -> None:
        super().__init__(T.tr(T.WAITING_TITLE), parent)
        self.runner = runner
        for line in T.INSTRUCTIONS:
            self.add_text("•  " + T.tr(line))
        self.add_text(T.tr(T.ACCESS_CODE_PROMPT), role="title")
        self.code = self.add_field(T.tr(T.ACCESS_CODE), width=260)
        self.code.setMaxLength(12)
        self.code.textEdited.connect(self._upper)
        self.code.returnPressed.connect(self.submit)
        self.finish()
        self.action_row.addStretch(1)
        self.go = button(T.tr(T.START), primary=True, on_click=self.submit)
        self.action_row.addWidget(self.go)

    def _upper(self, text: str) -> None:
        # SPEC: the code is typed upper-cased; do it for the candidate.
        if text != text.upper():
            pos = self.code.cursorPosition()
            self.code.setText(text.upper())
            self.code.setCursorPosition(pos)

    def submit(self) -> None:
        self.runner.start_test(self.code.text())

    def refresh(self) -> None:
        self.code.clear()
        self.code.setFocus()
