"""The station's action dialogs. Each is opened with `open()` and answers by a signal,
never with `exec()` inside a coroutine (STYLE 11, qasync issue 59); the view then calls
the desk. The French wording comes from the seeds and SPEC; it is the reference of the
"Station" catalogue (app/services/i18n.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.content import Challenge
from app.domain.incidents import MAX_DESCRIPTION_LENGTH, IncidentCategory
from app.services.desk_rows import CandidateRow
from app.services.i18n import QT_TRANSLATE_NOOP, domain_text, translate
from app.views.widgets.basics import button, label

NBSP = "\u00a0"


def category_of(combo: QComboBox) -> IncidentCategory:
    """The IncidentCategory of a combo's current item.

    Why a conversion: PySide6 hands a StrEnum stored as item data back as a plain `str`
    (issue 19: "'str' object has no attribute 'needs_question_number'").
    """
    return IncidentCategory(combo.currentData())


def _named(widget: QWidget, name: str) -> QWidget:
    widget.setAccessibleName(name)
    return widget


class _Dialog(QDialog):
    """A calm dialog: a title, a body, and the main button most visible."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(620)
        self.body = QVBoxLayout(self)
        self.body.addWidget(label(title, role="title", wrap=False))
        self.error = label("", role="error")
        self.error.setVisible(False)

    def add_buttons(self, main: str, on_main: object) -> None:
        self.body.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = button(translate("Station", "Annuler"), on_click=self.reject)
        self.main_button = button(main, primary=True, on_click=on_main)  # type: ignore[arg-type]
        row.addWidget(cancel)
        row.addWidget(self.main_button)
        self.body.addLayout(row)

    def show_errors(self, errors: list[str]) -> None:
        self.error.setText("\n".join(errors))
        self.error.setVisible(bool(errors))


class ConfirmDialog(_Dialog):
    """Yes or no for an irreversible action ("Terminer le test")."""

    confirmed = Signal()

    def __init__(self, title: str, text: str, action: str, parent: QWidget | None) -> None:
        super().__init__(title, parent)
        self.body.addWidget(label(text))
        self.add_buttons(action, self._ok)

    def _ok(self) -> None:
        self.confirmed.emit()
        self.accept()


class AlertDialog(_Dialog):
    """Handle a candidate's alert: validate with an applicable E code, or refuse.

    The question is shown as the kiosk shows it (instruction, proposals, what it opens),
    so the decision is taken on what the pupil sees. Nothing is chosen in advance
    (issue 19 item 4): "Enregistrer la décision" stays disabled until the invigilator
    refuses, or validates with a category.

    Signals:
        decided(bool, object): accepted, IncidentCategory or None.
    """

    decided = Signal(bool, object)

    def __init__(
        self,
        row: CandidateRow,
        codes: tuple[IncidentCategory, ...],
        parent: QWidget | None,
        question: Challenge | None = None,
    ) -> None:
        super().__init__(translate("Station", "Signalement de {name}\u00a0: question {number}")
                         .format(name=row.name, number=row.position), parent)
        self.body.addWidget(label(translate(
            "Station", "Les actions du candidat sont en pause en attendant votre décision. "
            "Vérifiez la question sur son poste.")))
        self.question = label(question_text(question))
        self.question.setAccessibleName(translate("Station", "Question signalée"))
        self.question.setProperty("role", "panel")
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.question)
        self.accept_radio = QRadioButton(translate("Station", "Valider le signalement"))
        self.refuse_radio = QRadioButton(translate("Station", "Refuser le signalement"))
        group = QButtonGroup(self)
        for radio in (self.accept_radio, self.refuse_radio):
            radio.setAccessibleName(radio.text())
            radio.setChecked(False)
            group.addButton(radio)
        self.category = QComboBox()
        self.category.setAccessibleName(translate("Station", "Catégorie du problème"))
        self.category.addItem(translate("Station", CHOOSE_CATEGORY), None)
        for code in codes:
            self.category.addItem(f"{code.value} — {domain_text(code.label)}", code.value)
        self.category.setCurrentIndex(0)
        self.category.setEnabled(False)
        self.body.addWidget(self.accept_radio)
        self.body.addWidget(label(translate(
            "Station", "La question est neutralisée et remplacée par une autre de "
            "la même compétence."), role="muted"))
        self.body.addWidget(label(translate("Station", "Catégorie du problème\u00a0:")))
        self.body.addWidget(self.category)
        self.body.addWidget(self.refuse_radio)
        self.body.addWidget(label(translate("Station", "Le candidat répond à la même question."),
                                  role="muted"))
        self.add_buttons(translate("Station", "Enregistrer la décision"), self._ok)
        self.accept_radio.toggled.connect(self._update)
        self.refuse_radio.toggled.connect(self._update)
        self.category.currentIndexChanged.connect(self._update)
        self._update()

    def chosen_category(self) -> IncidentCategory | None:
        data = self.category.currentData()
        return None if data is None else IncidentCategory(data)

    def _update(self) -> None:
        accepted = self.accept_radio.isChecked()
        self.category.setEnabled(accepted)
        ready = self.refuse_radio.isChecked() or (
            accepted and self.chosen_category() is not None)
        self.main_button.setEnabled(ready)

    def _ok(self) -> None:
        accepted = self.accept_radio.isChecked()
        code = self.chosen_category() if accepted else None
        if not self.refuse_radio.isChecked() and code is None:
            return
        self.decided.emit(accepted, code)
        self.accept()


CHOOSE_CATEGORY = QT_TRANSLATE_NOOP("Station", "Choisissez la catégorie…")


def question_text(question: Challenge | None) -> str:
    """The reported question in words: instruction, proposals, what it shows or opens."""
    if question is None:
        return translate("Station", "La question n'a pas pu être chargée (serveur injoignable)"
                         "\u00a0: lisez-la sur le poste du candidat.")
    lines = [translate("Station", "Question signalée ({competence}, {kind})\u00a0:").format(
                 competence=question.competence, kind=question.type.value),
             question.instruction.strip() or translate("Station", "(sans consigne)")]
    lines += [f"  {i}. {p}" for i, p in enumerate(question.proposals, 1)]
    lines += [translate("Station", "  {field}\u00a0: ______").format(field=f.label)
              for f in question.fields]
    extras = []
    if question.image:
        extras.append(translate("Station", "une image ({description})").format(
            description=question.image_alt or question.image))
    if question.attachment:
        extras.append(translate("Station", "un fichier à ouvrir ({name})").format(
            name=question.attachment))
    if question.timer:
        extras.append(translate("Station", "un minuteur de {seconds}\u00a0s").format(
            seconds=question.timer))
    if question.focus:
        extras.append(translate("Station", "la surveillance de la sortie de la fenêtre"))
    if extras:
        lines.append(translate("Station", "Cette question comporte {things}.").format(
            things=", ".join(extras)))
    return "\n".join(lines)


class AddTimeDialog(_Dialog):
    """Add time to one candidate or to everyone; proposes the measured outage length.

    Signals:
        chosen(int): minutes.
    """

    chosen = Signal(int)

    def __init__(self, who: str, suggested: int, parent: QWidget | None) -> None:
        super().__init__(translate("Station", "Ajouter du temps\u00a0: {who}").format(who=who),
                         parent)
        if suggested:
            self.body.addWidget(label(translate(
                "Station", "Coupure mesurée\u00a0: {minutes}\u00a0min. "
                "Cette durée vous est proposée, vous pouvez la modifier.").format(
                    minutes=suggested)))
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 240)
        self.minutes.setSuffix(f"{NBSP}min")
        self.minutes.setValue(suggested or 5)
        self.minutes.setAccessibleName(translate("Station", "Minutes à ajouter"))
        self.body.addWidget(label(translate("Station", "Minutes à ajouter\u00a0:")))
        self.body.addWidget(self.minutes)
        self.add_buttons(translate("Station", "Ajouter le temps"), self._ok)

    def _ok(self) -> None:
        self.chosen.emit(self.minutes.value())
        self.accept()


class IncidentDialog(_Dialog):
    """Record an incident report (signalement) for a candidate: C or E category.

    The question number is asked for E codes only; the description is limited to 500
    characters. The desk validates; its French reasons come back with `show_errors`.

    Signals:
        submitted(object, object, str): IncidentCategory, question number or None, text.
    """

    submitted = Signal(object, object, str)

    def __init__(self, row: CandidateRow, parent: QWidget | None) -> None:
        super().__init__(translate("Station", "Signaler un incident\u00a0: {name}").format(
            name=row.name), parent)
        self.category = QComboBox()
        self.category.setAccessibleName(translate("Station", "Catégorie"))
        for code in IncidentCategory:
            self.category.addItem(f"{code.value} — {domain_text(code.label)}", code.value)
        self.question = QSpinBox()
        self.question.setRange(1, max(row.total, 1) if row.total else 999)
        self.question.setValue(max(row.position, 1))
        self.question.setAccessibleName(translate("Station", "Numéro de la question"))
        self.description = QPlainTextEdit()
        self.description.setAccessibleName(translate("Station", "Description"))
        self.description.setFixedHeight(110)
        self.counter = label(f"0 / {MAX_DESCRIPTION_LENGTH}", role="muted")
        for text, widget in ((translate("Station", "Catégorie\u00a0:"), self.category),
                             (translate("Station", "Numéro de la question\u00a0:"),
                              self.question),
                             (translate("Station", "Description\u00a0:"), self.description)):
            self.body.addWidget(label(text))
            self.body.addWidget(widget)
        self.body.addWidget(self.counter)
        self.category.currentIndexChanged.connect(self._category_changed)
        self.description.textChanged.connect(self._count)
        self._category_changed()
        self.add_buttons(translate("Station", "Enregistrer le signalement"), self._ok)

    def chosen_category(self) -> IncidentCategory:
        return category_of(self.category)

    def _category_changed(self) -> None:
        self.question.setEnabled(self.chosen_category().needs_question_number)

    def _count(self) -> None:
        n = len(self.description.toPlainText())
        self.counter.setText(f"{n} / {MAX_DESCRIPTION_LENGTH}")

    def _ok(self) -> None:
        code = self.chosen_category()
        number = self.question.value() if code.needs_question_number else None
        self.submitted.emit(code, number, self.description.toPlainText())
