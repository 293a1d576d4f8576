"""The "Signalement du candidat" panel of the finalisation's step 1.

An inline panel rather than a modal dialog: it opens under the table, keeps the
candidate's name in view, and needs no nested event loop (STYLE item 11). Its checks are
the domain's (`validate_incident`), shown in the screens' language (`domain_text`).

Signals:
    saved(int, dict): candidate id and the report {category, question_number, description}.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
)

from app.domain.incidents import MAX_DESCRIPTION_LENGTH, IncidentCategory, validate_incident
from app.services.i18n import domain_text, translate
from app.views.admin.common import add_row, combo
from app.views.widgets.basics import button, label


class IncidentEditor(QFrame):
    saved = Signal(int, dict)

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "panel")
        self.candidate_id = 0
        self.question_count: int | None = None
        box = QVBoxLayout(self)
        self.heading = label(translate("Jury", "Signalement du candidat"), role="title")
        box.addWidget(self.heading)
        form = QFormLayout()
        category = translate("Jury", "Catégorie du signalement")
        self.category = combo(
            category,
            [(f"{c.value} — {domain_text(c.label)}", c.value) for c in IncidentCategory],
        )
        self.question = QSpinBox()
        self.question.setRange(0, 1000)
        self.question.setSpecialValueText(translate("Jury", "sans objet"))
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(70)
        add_row(form, category, self.category)
        add_row(form, translate("Jury", "Numéro de la question"), self.question)
        add_row(form, translate("Jury", "Description ({max} caractères au maximum)").format(
            max=MAX_DESCRIPTION_LENGTH), self.description)
        box.addLayout(form)
        self.problem = label("", role="error")
        self.problem.hide()
        box.addWidget(self.problem)
        row = QHBoxLayout()
        row.addWidget(button(translate("Jury", "Annuler le signalement"), on_click=self.hide))
        row.addStretch(1)
        row.addWidget(button(translate("Jury", "Valider le signalement"), primary=True,
                             on_click=self.save))
        box.addLayout(row)
        self.category.currentIndexChanged.connect(self._category_changed)
        self._category_changed()
        self.hide()

    def start(self, candidate: dict[str, Any]) -> None:
        self.candidate_id = int(candidate["candidate_id"])
        name = f"{candidate['first_name']} {candidate['last_name']}"
        self.heading.setText(
            translate("Jury", "Signalement du candidat : {name}").format(name=name))
        self.heading.setAccessibleName(self.heading.text())
        self.category.setCurrentIndex(0)
        self.question.setValue(0)
        self.description.setPlainText("")
        self.problem.hide()
        self.show()
        self.category.setFocus()

    def _category_changed(self) -> None:
        category = IncidentCategory(self.category.currentData())
        self.question.setEnabled(category.needs_question_number)
        if not category.needs_question_number:
            self.question.setValue(0)

    def save(self) -> None:
        category = IncidentCategory(self.category.currentData())
        number = self.question.value() or None
        text = self.description.toPlainText().strip()
        errors = [domain_text(e) for e in validate_incident(
            category, number, text, question_count=self.question_count)]
        if len(text) > MAX_DESCRIPTION_LENGTH and not errors:
            errors.append(translate("Jury", "La description est trop longue."))
        if errors:
            self.problem.setText(" ".join(errors))
            self.problem.show()
            return
        report = {"category": category.value, "question_number": number, "description": text}
        self.hide()
        self.saved.emit(self.candidate_id, report)
