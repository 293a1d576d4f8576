"""The action panel beside the list: what can be done for the selected candidate.

Buttons are enabled by the candidate's state (presence only before the start, end screen
only once ended...), so a wrong action is hard to take; the desk checks again anyway.

Signals:
    requested(str, int): action name (see ACTIONS), candidate id.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from app.services.desk_rows import CandidateRow
from app.views.widgets.basics import button, label

Rule = Callable[[CandidateRow, bool], bool]
"""(row, can_admit_late) -> enabled; a latecomer is admitted only after "Clore les entrées"
and before the access code is given (seed 000), never once the test has started."""

ACTIONS: tuple[tuple[str, str, Rule], ...] = (
    ("alert", "Traiter le signalement", lambda r, _c: r.alert_id is not None),
    ("resume", "Autoriser la reprise", lambda r, _c: r.running),
    ("end_screen", "Écran de fin de test vu", lambda r, _c: r.end_screen_waiting),
    ("presence", "Confirmer la présence",
     lambda r, _c: r.joined and not r.started and not r.presence_valid and r.certifiable),
    ("cancel_presence", "Annuler la présence",
     lambda r, _c: r.presence_valid and not r.started),
    ("admit", "Admettre le retardataire",
     lambda r, closed: closed and not r.started and not r.late_admitted and r.certifiable),
    ("time", "Ajouter du temps", lambda r, _c: r.running),
    ("incident", "Signaler un incident", lambda r, _c: True),
    ("end_test", "Terminer le test", lambda r, _c: r.running),
)
PRIMARY_ORDER = ("alert", "end_screen", "presence")
"""What Enter or a double-click does on a row: the first of these that applies."""


def primary_action(row: CandidateRow, entries_closed: bool) -> str | None:
    if row.resume_pending:
        return "resume"
    rules = {name: rule for name, _text, rule in ACTIONS}
    return next((a for a in PRIMARY_ORDER if rules[a](row, entries_closed)), None)


class ActionPanel(QFrame):
    requested = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        self.setFixedWidth(250)
        # Compact buttons: nine actions fit beside 30 rows on 768 px.
        self.setStyleSheet(
            "QPushButton { padding: 4px 6px; } QLabel { background: transparent; }")
        box = QVBoxLayout(self)
        box.setContentsMargins(10, 10, 10, 10)
        box.setSpacing(6)
        self.name = label("Aucun candidat sélectionné", role="title")
        self.name.setAccessibleName("Candidat sélectionné")
        self.summary = label("Choisissez un candidat dans la liste.", role="muted")
        box.addWidget(self.name)
        box.addWidget(self.summary)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, _rule in ACTIONS:
            b = button(text, on_click=partial(self._click, name))
            b.setEnabled(False)
            self.buttons[name] = b
            box.addWidget(b)
        box.addStretch(1)
        self.message = label("", role="error")
        self.message.setAccessibleName("Message")
        box.addWidget(self.message)
        self._row: CandidateRow | None = None

    def show_row(self, row: CandidateRow | None, entries_closed: bool) -> None:
        self._row = row
        if row is None:
            self.name.setText("Aucun candidat sélectionné")
            self.summary.setText("Choisissez un candidat dans la liste.")
        else:
            self.name.setText(row.name)
            flags = row.flags_fr()
            self.summary.setText("\n".join([row.status_label, *flags]))
        primary = primary_action(row, entries_closed) if row else None
        for name, _text, rule in ACTIONS:
            b = self.buttons[name]
            b.setEnabled(row is not None and rule(row, entries_closed))
            role = "primary" if name == primary else ""
            if b.property("role") != role:
                b.setProperty("role", role)
                b.style().unpolish(b)
                b.style().polish(b)

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _click(self, name: str) -> None:
        if self._row is not None:
            self.message.setText("")
            self.requested.emit(name, self._row.candidate_id)
