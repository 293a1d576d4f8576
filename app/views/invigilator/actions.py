"""The action panel beside the list: what can be done for the selected candidate.

Buttons are enabled by the candidate's state (presence only before the start, end screen
only once ended...), so a wrong action is hard to take; the desk checks again anyway.

Signals:
    requested(str, int): action name (see ACTIONS), candidate id.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QPushButton, QScrollArea, QVBoxLayout, QWidget

from app.services.desk_rows import CandidateRow
from app.services.i18n import QT_TRANSLATE_NOOP, domain_text, translate
from app.views.invigilator.table import details_fr, visible_flags
from app.views.widgets.basics import button, label

Rule = Callable[[CandidateRow, bool], bool]
"""(row, can_admit_late) -> enabled; a latecomer is admitted only after "Clore les entrées"
and before the access code is given (seed 000), never once the test has started."""

ACTIONS: tuple[tuple[str, str, Rule], ...] = (
    ("alert", QT_TRANSLATE_NOOP("Station", "Traiter le signalement"),
     lambda r, _c: r.alert_id is not None),
    ("resume", QT_TRANSLATE_NOOP("Station", "Autoriser la reprise"), lambda r, _c: r.running),
    ("end_screen", QT_TRANSLATE_NOOP("Station", "Écran de fin de test vu"),
     lambda r, _c: r.end_screen_waiting),
    ("presence", QT_TRANSLATE_NOOP("Station", "Confirmer la présence"),
     lambda r, _c: r.joined and not r.started and not r.presence_valid and r.certifiable),
    ("cancel_presence", QT_TRANSLATE_NOOP("Station", "Annuler la présence"),
     lambda r, _c: r.presence_valid and not r.started),
    ("admit", QT_TRANSLATE_NOOP("Station", "Admettre le retardataire"),
     lambda r, closed: closed and not r.started and not r.late_admitted and r.certifiable),
    ("time", QT_TRANSLATE_NOOP("Station", "Ajouter du temps"), lambda r, _c: r.running),
    ("incident", QT_TRANSLATE_NOOP("Station", "Signaler un incident"), lambda r, _c: True),
    ("seen", QT_TRANSLATE_NOOP("Station", "Sortie de la fenêtre vue"),
     lambda r, _c: r.focus_lost > 0),
    ("end_test", QT_TRANSLATE_NOOP("Station", "Terminer le test"), lambda r, _c: r.running),
    ("unlock", QT_TRANSLATE_NOOP("Station", "Débloquer le code"),
     lambda r, _c: r.joined and not r.ended),
)
"""(action, French label translated where shown, rule)."""
PRIMARY_ORDER = ("alert", "end_screen", "presence")
RULES = {name: rule for name, _text, rule in ACTIONS}
MANY = frozenset({"presence", "cancel_presence", "seen"})
"""The actions taken for every selected candidate at once (Ctrl or Shift + click)."""
"""What Enter or a double-click does on a row: the first of these that applies."""


def primary_action(row: CandidateRow, can_admit_late: bool) -> str | None:
    if row.resume_pending:
        return "resume"
    rules = {name: rule for name, _text, rule in ACTIONS}
    return next((a for a in PRIMARY_ORDER if rules[a](row, can_admit_late)), None)


class ActionPanel(QFrame):
    requested = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        self.setFixedWidth(250)  # 236 for the buttons, the rest for a scroll bar
        # Compact buttons: the actions fit beside 30 rows on 768 px; below that (a long
        # summary, a small screen) the panel scrolls rather than clip a line or a button.
        self.setStyleSheet(
            "QPushButton { padding: 2px 6px; min-height: 22px; }"
            " QLabel { background: transparent; }"
            " QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        scroll.setWidget(inner)
        outer.addWidget(scroll)
        box = QVBoxLayout(inner)
        box.setContentsMargins(10, 10, 10, 10)
        box.setSpacing(6)
        self.name = label(translate("Station", "Aucun candidat sélectionné"), role="title")
        self.name.setAccessibleName(translate("Station", "Candidat sélectionné"))
        self.summary = label(translate("Station", "Choisissez un candidat dans la liste."),
                             role="muted")
        box.addWidget(self.name)
        box.addWidget(self.summary)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, _rule in ACTIONS:
            b = button(translate("Station", text), on_click=partial(self._click, name))
            b.setEnabled(False)
            self.buttons[name] = b
            box.addWidget(b)
        box.addStretch(1)
        self.message = label("", role="error")
        self.message.setAccessibleName(translate("Station", "Message"))
        box.addWidget(self.message)
        self._row: CandidateRow | None = None
        self._rows: list[CandidateRow] = []
        self._closed = False
        self._ack: Callable[[int], int] = lambda _cid: 0

    def show_row(self, row: CandidateRow | None, can_admit_late: bool) -> None:
        self.show_rows([row] if row else [], can_admit_late)

    def show_rows(self, rows: list[CandidateRow], can_admit_late: bool,
                  acknowledged: Callable[[int], int] = lambda _cid: 0) -> None:
        """The selected candidate (its status, flags and details); with several selected,
        only the actions done for all at once (MANY), enabled if one of them applies."""
        self._rows = rows
        self._closed = can_admit_late
        self._ack = acknowledged
        self._row = rows[0] if rows else None
        row = self._row
        if row is None:
            self.name.setText(translate("Station", "Aucun candidat sélectionné"))
            self.summary.setText(translate("Station", "Choisissez un candidat dans la liste."))
        elif len(rows) > 1:
            self.name.setText(translate("Station", "{count} candidats sélectionnés").format(
                count=len(rows)))
            self.summary.setText(translate("Station", "Pour tous ceux à qui l'action s'applique."))
        else:
            self.name.setText(row.name)
            flags = visible_flags(row, acknowledged(row.candidate_id))
            self.summary.setText("\n".join([domain_text(row.status_label), *flags,
                                             *details_fr(row)]))
        primary = primary_action(row, can_admit_late) if len(rows) == 1 and row else None
        for name, _text, _rule in ACTIONS:
            b = self.buttons[name]
            if len(rows) > 1:
                b.setEnabled(name in MANY and any(self.applies(name, r) for r in rows))
            else:
                b.setEnabled(row is not None and self.applies(name, row))
            role = "primary" if name == primary else ""
            if b.property("role") != role:
                b.setProperty("role", role)
                b.style().unpolish(b)
                b.style().polish(b)

    def show_message(self, text: str, *, error: bool = True) -> None:
        """A sentence under the actions: a failure (red), or a confirmation."""
        # A long path breaks after its slashes instead of widening the fixed-width panel.
        self.message.setText(text.replace("/", "/\u200b").replace("\\", "\\\u200b"))
        self.message.setToolTip(text)
        role = "error" if error else ""
        if self.message.property("role") != role:
            self.message.setProperty("role", role)
            self.message.style().unpolish(self.message)
            self.message.style().polish(self.message)

    def applies(self, name: str, row: CandidateRow) -> bool:
        if name == "seen":
            return row.focus_lost > self._ack(row.candidate_id)
        return RULES[name](row, self._closed)

    def _click(self, name: str) -> None:
        rows = [r for r in self._rows if self.applies(name, r)] if name in MANY else (
            self._rows[:1])
        if rows:
            self.show_message("")
        for row in rows:
            self.requested.emit(name, row.candidate_id)
