"""The station's header: the session's details, the access code (large, to read out, hidden
until asked), "Afficher en grand" (number and code full screen), "Lancer le test", the kit
and Quitter; in relay mode a line about the room
relay under them; below the header the stale banner.

Signals:
    launch_requested(), kit_requested(), quit_requested(), projector_requested()
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from app.services import i18n
from app.services.documents import french_date
from app.services.i18n import QT_TRANSLATE_NOOP, translate
from app.services.invigilator_api import SessionHeader
from app.views.widgets.basics import button, label

HIDDEN_CODE = "••••••"
SHOW_CODE = QT_TRANSLATE_NOOP("Station", "Afficher le code d'accès")
HIDE_CODE = QT_TRANSLATE_NOOP("Station", "Masquer le code d'accès")


def long_date(day: date) -> str:
    """"lundi 14 décembre 2020" in French (as the documents say it), "Monday 14 December
    2020" in English."""
    if i18n.language() == "fr":
        return french_date(day)
    return i18n.locale().toString(QDate(day.year, day.month, day.day), "dddd d MMMM yyyy")


class HeaderBar(QFrame):
    launch_requested = Signal()
    kit_requested = Signal()
    quit_requested = Signal()
    projector_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "banner")
        self.setStyleSheet("QLabel { background: transparent; }")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 6, 12, 6)
        outer.setSpacing(4)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(row)
        info = QVBoxLayout()
        info.setSpacing(0)
        self.title = label("", role="title", wrap=False)
        self.details = label("", role="muted", wrap=True)
        self.details.setAccessibleName(translate("Station", "Détails de la session"))
        for lab in (self.title, self.details):
            # Long site names must not widen the window past 1024 px: the details wrap
            # (the invigilators' names whole, issue 19), the title is short.
            lab.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            lab.setMinimumWidth(160)
            info.addWidget(lab)
        row.addLayout(info, 1)

        code_box = QVBoxLayout()
        code_box.setSpacing(0)
        code_box.addWidget(label(translate("Station", "Code d'accès"), role="muted", wrap=False))
        self.code = label(HIDDEN_CODE, role="huge", wrap=False)
        self.code.setAccessibleName(translate("Station", "Code d'accès masqué"))
        code_box.addWidget(self.code)
        row.addLayout(code_box)
        row.addSpacing(8)

        self.toggle = button(translate("Station", SHOW_CODE), on_click=self.toggle_code)
        self.projector = button(translate("Station", "Afficher en grand"),
                                on_click=self.projector_requested.emit)
        self.projector.setToolTip(translate("Station", "Numéro de session et code d'accès en "
                                            "plein écran, pour le vidéoprojecteur"))
        self.launch = button(translate("Station", "Lancer le test"), primary=True,
                             on_click=self.launch_requested.emit)
        self.kit = button(translate("Station", "Kit surveillant (PDF)"),
                          on_click=self.kit_requested.emit)
        self.quit = button(translate("Station", "Quitter"), on_click=self.quit_requested.emit)
        # Two compact rows of buttons: the header fits 1024 px wide.
        grid = QGridLayout()
        grid.setSpacing(4)
        for b, r, c in ((self.toggle, 0, 0), (self.projector, 0, 1), (self.quit, 0, 2),
                        (self.launch, 1, 0), (self.kit, 1, 1)):
            b.setStyleSheet("QPushButton { padding: 2px 10px; min-height: 22px; }")
            grid.addWidget(b, r, c)
        row.addLayout(grid)
        self.relay = RelayLine()
        outer.addWidget(self.relay)
        self._access_code = ""
        self._shown = False

    def set_relay_status(self, text: str, *, warning: bool) -> None:
        """Relay mode: the room relay's line (app.relay.station.status_line)."""
        self.relay.set_status(text, warning=warning)

    def set_header(self, header: SessionHeader | None, *, launched: bool) -> None:
        if header is None:
            self.title.setText(translate("Station", "Session"))
            self.details.setText(translate("Station", "Détails indisponibles hors connexion"))
            return
        self.title.setText(translate("Station", "Session {number}").format(
            number=header.session_number))
        self.title.setToolTip(f"{long_date(header.date)}, {header.start_time}")
        self.details.setText(translate(
            "Station", "{date} à {time} · {site} · {room} · Surveillant(s)\u00a0: {names}").format(
                date=f"{header.date:%d/%m/%Y}", time=header.start_time, site=header.site,
                room=header.room, names=", ".join(header.invigilators)))
        self.details.setToolTip(self.details.text())
        self._access_code = header.access_code
        self._show_code()
        self.launch.setEnabled(not launched)
        text = translate("Station", "Test lancé") if launched else translate(
            "Station", "Lancer le test")
        self.launch.setText(text)
        self.launch.setAccessibleName(text)
        self.launch.setProperty("role", "" if launched else "primary")
        self.launch.style().unpolish(self.launch)
        self.launch.style().polish(self.launch)

    @property
    def code_shown(self) -> bool:
        return self._shown

    def toggle_code(self) -> None:
        self._shown = not self._shown
        self._show_code()

    def _show_code(self) -> None:
        shown = self._shown and bool(self._access_code)
        self.code.setText(self._access_code if shown else HIDDEN_CODE)
        self.code.setAccessibleName(
            translate("Station", "Code d'accès {code}").format(code=self._access_code)
            if shown else translate("Station", "Code d'accès masqué"))
        text = translate("Station", HIDE_CODE if self._shown else SHOW_CODE)
        self.toggle.setText(text)
        self.toggle.setAccessibleName(text)


class RelayLine(QFrame):
    """Relay mode only: one line saying whether the room relay runs, on which address
    kiosks reach it, and whether everything reached the central server. Framed as a
    warning (and starting with ⚠) when the central server is unreachable or refuses
    events. Hidden until the first status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 2, 8, 2)
        self.text = label("", wrap=True)
        self.text.setObjectName("relayStatus")
        row.addWidget(self.text)
        self.setVisible(False)

    def set_status(self, text: str, *, warning: bool) -> None:
        self.text.setText(text)
        self.text.setAccessibleName(text)
        self.text.setToolTip(text)
        role = "warning" if warning else ""
        if self.property("role") != role:
            self.setProperty("role", role)
            self.style().unpolish(self)
            self.style().polish(self)
        self.setVisible(True)

    @property
    def warning(self) -> bool:
        return bool(self.property("role") == "warning")


class StaleBanner(QFrame):
    """Says at once that the view is stale and since when; actions are kept meanwhile."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "warning")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 4, 12, 4)
        self.text = label("", wrap=True)
        self.text.setAccessibleName(translate("Station", "Connexion au serveur"))
        row.addWidget(self.text)
        self.setVisible(False)

    def set_status(self, online: bool, since: datetime, unsent: int = 0) -> None:
        if online:
            self.setVisible(False)
            return
        when = since.astimezone().strftime("%H:%M")
        waiting = translate("Station", " ({count} en attente)").format(
            count=unsent) if unsent else ""
        self.text.setText(translate(
            "Station", "⚠ Connexion au serveur perdue depuis {time}\u00a0: l'affichage n'est "
            "plus à jour. Les actions sont enregistrées sur ce poste et seront envoyées au "
            "retour du réseau{waiting}.").format(time=when, waiting=waiting))
        self.setVisible(True)
