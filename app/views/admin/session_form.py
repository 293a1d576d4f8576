"""Create, edit or postpone a session (SPEC "Before the session").

Checked here before the server sees it, with French messages: required fields, the date
(JJ/MM/AAAA, not in the past), the time (HH:MM). The room rules are warnings only.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout, QLineEdit, QPlainTextEdit

from app.services.i18n import QT_TRANSLATE_NOOP, translate
from app.views.admin.base import Screen
from app.views.admin.common import AdminContext, add_row, day_text, room_warnings
from app.views.admin.sessions import parse_day
from app.views.widgets.basics import label

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow

HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
TITLES = {
    "create": (QT_TRANSLATE_NOOP("Admin", "Créer une session"),
               QT_TRANSLATE_NOOP("Admin", "Créer la session")),
    "edit": (QT_TRANSLATE_NOOP("Admin", "Modifier la session {number}"),
             QT_TRANSLATE_NOOP("Admin", "Enregistrer les modifications")),
    "postpone": (QT_TRANSLATE_NOOP("Admin", "Reporter la session {number}"),
                 QT_TRANSLATE_NOOP("Admin", "Reporter la session")),
}
"""(title, button) of each mode; the title of an existing session says its number."""


class SessionFormScreen(Screen):
    def __init__(
        self, ctx: AdminContext, nav: AdminWindow, session: dict[str, Any] | None, mode: str
    ) -> None:
        super().__init__(ctx, nav)
        self.session, self.mode = session, mode
        title, action = (translate("Admin", text) for text in TITLES[mode])
        self.set_title(title.format(number=session["session_number"] if session else ""))
        form = QFormLayout()
        self.site = QLineEdit()
        self.room = QLineEdit()
        self.invigilators = QPlainTextEdit()
        self.invigilators.setTabChangesFocus(True)
        self.invigilators.setFixedHeight(80)
        self.day = QLineEdit()
        self.day.setPlaceholderText(translate("Admin", "JJ/MM/AAAA"))
        self.start = QLineEdit()
        self.start.setPlaceholderText(translate("Admin", "HH:MM"))
        self.observations = QPlainTextEdit()
        self.observations.setTabChangesFocus(True)
        self.observations.setFixedHeight(70)
        add_row(form, translate("Admin", "Nom du site"), self.site)
        add_row(form, translate("Admin", "Salle"), self.room)
        add_row(form, translate("Admin", "Surveillant(s), un par ligne"), self.invigilators)
        add_row(form, translate("Admin", "Date (JJ/MM/AAAA)"), self.day)
        add_row(form, translate("Admin", "Heure de début (HH:MM)"), self.start)
        add_row(form, translate("Admin", "Observations (facultatif)"), self.observations)
        self.body.addLayout(form)
        self.warnings = label("", role="muted")
        self.body.addWidget(self.warnings)
        self.body.addStretch(1)
        if session:
            self.site.setText(session["site"])
            self.room.setText(session["room"])
            self.invigilators.setPlainText("\n".join(session["invigilators"]))
            self.day.setText(day_text(session["date"]))
            self.start.setText(session["start_time"])
            self.observations.setPlainText(session.get("observations", ""))
        else:
            ctx_centre = ctx.centre
            self.site.setText(ctx_centre)
        if mode == "postpone":
            for w in (self.site, self.room, self.invigilators, self.observations):
                w.setEnabled(False)
        self.invigilators.textChanged.connect(self._warn)
        self._warn()
        self.add_button(translate("Admin", "Annuler"), self.cancel, left=True)
        self.submit_button = self.add_button(action, self.submit, primary=True)
        self.loaded = True

    def _names(self) -> list[str]:
        return [n.strip() for n in self.invigilators.toPlainText().splitlines() if n.strip()]

    def _warn(self) -> None:
        count = int(self.session["candidate_count"]) if self.session else 0
        self.warnings.setText("\n".join(room_warnings(count, len(self._names()))))

    def cancel(self) -> None:
        if self.session:
            self.nav.show_session(int(self.session["id"]))
        else:
            self.nav.show_sessions()

    def validate(self) -> tuple[list[str], dict[str, Any]]:
        """The reasons (in the screens' language) the form cannot be sent, and the body."""
        errors: list[str] = []
        body: dict[str, Any] = {}
        if not self.site.text().strip():
            errors.append(translate("Admin", "Indiquez le nom du site."))
        if not self.room.text().strip():
            errors.append(translate("Admin", "Indiquez la salle."))
        if not self._names():
            errors.append(translate("Admin", "Indiquez au moins un surveillant."))
        try:
            day = parse_day(self.day.text())
        except ValueError:
            day = None
            errors.append(translate("Admin", "La date n'est pas valide : écrivez-la JJ/MM/AAAA."))
        else:
            if day is None:
                errors.append(translate("Admin", "Indiquez la date de la session."))
            elif day < date.today() and (
                self.session is None or day.isoformat() != self.session["date"]
            ):
                errors.append(
                    translate("Admin", "La date de la session ne peut pas être dans le passé."))
        if not HHMM.match(self.start.text().strip()):
            errors.append(translate(
                "Admin",
                "L'heure de début n'est pas valide : écrivez-la HH:MM, par exemple 09:00.",
            ))
        if day is not None:
            body["date"] = day.isoformat()
        body |= {
            "site": self.site.text().strip(),
            "room": self.room.text().strip(),
            "invigilators": self._names(),
            "start_time": self.start.text().strip(),
            "observations": self.observations.toPlainText().strip(),
        }
        return errors, body

    def submit(self) -> None:
        errors, body = self.validate()
        if errors:
            self.error(" ".join(errors))
            return
        api = self.ctx.api
        if self.mode == "create":
            call = api.create_session(body)
        elif self.mode == "postpone" and self.session:
            call = api.postpone_session(
                int(self.session["id"]), date.fromisoformat(body["date"]), body["start_time"]
            )
        else:
            assert self.session is not None
            call = api.update_session(int(self.session["id"]), body)
        self.submit_button.setEnabled(False)
        self.run("save", call, lambda s: self.nav.show_session(int(s["id"])))

    def error(self, text: str) -> None:
        self.submit_button.setEnabled(True)
        super().error(text)
