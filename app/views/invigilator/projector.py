"""The session number and the access code, full screen, for the room's projector
("Afficher en grand", issue 19 item 2).

Why a window of its own: the invigilator projects it (a second screen, or this one)
while the pupils type the number on their kiosks, then the code when the test is
launched. The code stays hidden until asked here too: pupils must not start before
their presence is confirmed. Échap or "Fermer" closes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from app.services.i18n import QT_TRANSLATE_NOOP, translate
from app.views.widgets.basics import button, label

HIDDEN = "••••••"
SHOW = QT_TRANSLATE_NOOP("Station", "Afficher le code d'accès")
HIDE = QT_TRANSLATE_NOOP("Station", "Masquer le code d'accès")


class ProjectorView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(translate("Station", "examroom — Session et code d'accès"))
        self.setAccessibleName(translate("Station", "Session et code d'accès en grand"))
        self.setStyleSheet("QLabel[role=\"giant\"] { font-size: 120px; font-weight: 700; "
                           "letter-spacing: 8px; } QLabel[role=\"caption\"] { font-size: 40px; }"
                           " QPushButton { font-size: 20px; padding: 8px 24px; }")
        box = QVBoxLayout(self)
        box.setContentsMargins(40, 30, 40, 30)
        box.addStretch(1)
        self.number_caption = label(translate("Station", "Numéro de session"), role="caption",
                                    wrap=False)
        self.number = label("", role="giant", wrap=False)
        self.code_caption = label(translate("Station", "Code d'accès"), role="caption",
                                  wrap=False)
        self.code = label(HIDDEN, role="giant", wrap=False)
        for lab in (self.number_caption, self.number, self.code_caption, self.code):
            lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(lab)
        self.number.setAccessibleName(translate("Station", "Numéro de session"))
        box.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.toggle = button(translate("Station", SHOW), on_click=self.toggle_code)
        self.close_button = button(translate("Station", "Fermer"), on_click=self.close)
        row.addWidget(self.toggle)
        row.addWidget(self.close_button)
        row.addStretch(1)
        box.addLayout(row)
        self._access_code = ""
        self._shown = False

    def show_session(self, number: int, access_code: str, *, code_shown: bool) -> None:
        self.number.setText(str(number))
        self._access_code = access_code
        self._shown = code_shown
        self._paint()
        self.showFullScreen()
        self.raise_()
        self.activateWindow()

    def toggle_code(self) -> None:
        self._shown = not self._shown
        self._paint()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    @property
    def code_shown(self) -> bool:
        return self._shown

    def _paint(self) -> None:
        self.code.setText(self._access_code if self._shown else HIDDEN)
        self.code.setAccessibleName(
            translate("Station", "Code d'accès {code}").format(code=self._access_code)
            if self._shown else translate("Station", "Code d'accès masqué"))
        text = translate("Station", HIDE if self._shown else SHOW)
        self.toggle.setText(text)
        self.toggle.setAccessibleName(text)
