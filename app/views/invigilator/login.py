"""The login screen: "Surveiller une session", in the seeds' words (seed 001).

Session number and session password; the `C-` prefix is shown in front of the field, as
the kit prints it, and may be typed or not.

Signals:
    submitted(int, str): session number, password with its `C-` prefix.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from app.services.i18n import translate
from app.views.widgets.basics import button, label, line_edit


class LoginView(QWidget):
    submitted = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        panel = QFrame()
        panel.setProperty("role", "panel")
        panel.setMaximumWidth(560)
        panel.setStyleSheet("QLabel { background: transparent; }")
        box = QVBoxLayout(panel)
        box.setContentsMargins(32, 28, 32, 28)
        box.setSpacing(10)
        box.addWidget(label(translate("Station", "Espace surveillant"), role="muted"))
        box.addWidget(label(translate("Station", "Surveiller une session"), role="title"))
        self.notice = label("")
        self.notice.setVisible(False)
        box.addWidget(self.notice)
        box.addWidget(label(translate("Station", "Tous les champs sont obligatoires."),
                            role="muted"))

        number_label = label(translate("Station", "&Numéro de la session"))
        self.number = line_edit(translate("Station", "Numéro de la session"),
                                buddy_of=number_label)
        self.number.setValidator(QIntValidator(1, 2_000_000_000, self.number))
        box.addWidget(number_label)
        box.addWidget(self.number)

        password_label = label(translate("Station", "&Mot de passe de la session"))
        self.password = line_edit(translate("Station", "Mot de passe de la session"),
                                  buddy_of=password_label)
        self.password.setMaxLength(12)
        prefix = label("C-", wrap=False)
        prefix.setProperty("role", "title")
        row = QHBoxLayout()
        row.addWidget(prefix)
        row.addWidget(self.password, 1)
        box.addWidget(password_label)
        box.addLayout(row)
        box.addWidget(label(translate("Station", "Exemple\u00a0: C-12345"), role="muted"))

        self.error = label("", role="error")
        self.error.setVisible(False)
        self.error.setAccessibleName(translate("Station", "Erreur"))
        box.addWidget(self.error)
        self.submit = button(translate("Station", "Surveiller la session"), primary=True,
                             on_click=self._submit)
        box.addWidget(self.submit)
        box.addWidget(label(translate(
            "Station", "Le mot de passe de la session à surveiller vous a été communiqué par "
            "l'administrateur de votre établissement (kit surveillant)."), role="muted"))
        center = QHBoxLayout()
        center.addStretch(1)
        center.addWidget(panel, 0, Qt.AlignmentFlag.AlignCenter)
        center.addStretch(1)
        outer.addLayout(center)
        outer.addStretch(1)
        self.number.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        text = self.number.text().strip()
        password = self.password.text().strip()
        if not text or not password:
            self.show_error(translate(
                "Station", "Saisissez le numéro de la session et le mot de passe de la session."))
            return
        if not password.upper().startswith("C-"):
            password = "C-" + password
        self.set_busy(True)
        self.submitted.emit(int(text), password)

    def set_busy(self, busy: bool, text: str = "") -> None:
        """Busy: the button is disabled and says what is happening (`text`, or Connexion…)."""
        self.submit.setEnabled(not busy)
        text = (text or translate("Station", "Connexion…")) if busy else translate(
            "Station", "Surveiller la session")
        self.submit.setText(text)
        self.submit.setAccessibleName(text)

    def set_notice(self, text: str) -> None:
        """A standing explanation above the fields (relay mode: why the password is asked)."""
        self.notice.setText(text)
        self.notice.setAccessibleName(text)
        self.notice.setVisible(bool(text))

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.error.setText(message)
        self.error.setVisible(bool(message))
        if message:
            self.password.selectAll()
            self.password.setFocus()

    def reset(self, message: str = "") -> None:
        self.password.clear()
        self.show_error(message)
