"""Answer inputs, one per question type (SPEC "Question types").

QCU: radio buttons; QCM: check boxes; QROC and QROCM: one text field per field of the
question, a number field (digits, sign, comma or point, spaces) for `nombre`. Each input
says whether it holds an answer yet ("Je valide" stays disabled until then) and gives the
answer in the shape the server checks (docs/content-format.md "Solutions").

Proposals can be long: a radio button's own text does not wrap, so each choice is a bare
radio/check box (accessible name = the proposal) next to a wrapping label that toggles it.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QMouseEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.content import Challenge, ChallengeType, FieldFormat
from app.domain.kiosk_flow import QuestionView
from app.services import kiosk_texts as T
from app.views.widgets.basics import label, line_edit

Answer = int | list[int] | dict[str, str]

_NUMBER = QRegularExpression("[-+]?[0-9 \u00a0\u202f]*([.,][0-9]*)?")


class _ClickLabel(QLabel):
    """A wrapping label that toggles its choice when clicked."""

    def __init__(self, text: str, target: QAbstractButton) -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._target = target
        self.setBuddy(target)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._target.isEnabled():
            self._target.setFocus()
            self._target.click()
        event.accept()


class _InputBase(QWidget):
    """What every answer input shares: `changed` whenever the answer may have changed."""

    changed = Signal()


class ChoiceInput(_InputBase):
    """QCU (exclusive radio buttons) or QCM (check boxes) over `proposals`, in the order
    shown; the answer is in shown positions, 1-based (the runner maps it to the bank's)."""

    def __init__(
        self, challenge: Challenge, proposals: tuple[str, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.multiple = challenge.type is ChallengeType.QCM
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multiple)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(6)
        self.choices: list[QAbstractButton] = []
        for number, text in enumerate(proposals, start=1):
            box: QAbstractButton = QCheckBox() if self.multiple else QRadioButton()
            box.setAccessibleName(text)
            if not self.multiple:
                # Only the radio buttons: check boxes in a button group make one Tab stop
                # of the whole list, and a keyboard user could tick one proposal only.
                self.group.addButton(box, number)
            row = QHBoxLayout()
            row.setSpacing(8)
            row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(_ClickLabel(text, box), 1)
            col.addLayout(row)
            self.choices.append(box)
            box.toggled.connect(lambda _on: self.changed.emit())

    def has_answer(self) -> bool:
        return any(box.isChecked() for box in self.choices)

    def answer(self) -> Answer:
        chosen = [n for n, box in enumerate(self.choices, start=1) if box.isChecked()]
        return sorted(chosen) if self.multiple else chosen[0]


class FieldsInput(_InputBase):
    """QROC / QROCM: a labelled field per `InputField`; {name: text}."""

    def __init__(self, challenge: Challenge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(6)
        self.edits: dict[str, QLineEdit] = {}
        for field in challenge.fields:
            text = field.label or T.tr(T.ANSWER)
            lab = label(text)
            edit = line_edit(text, buddy_of=lab)
            edit.setMaxLength(500)
            if field.format is FieldFormat.NUMBER:
                edit.setValidator(QRegularExpressionValidator(_NUMBER, edit))
                edit.setPlaceholderText(T.tr(T.NUMBER_HINT))
                edit.setMaximumWidth(260)
            col.addWidget(lab)
            col.addWidget(edit)
            self.edits[field.name] = edit
            edit.textChanged.connect(lambda _t: self.changed.emit())

    def has_answer(self) -> bool:
        return any(edit.text().strip() for edit in self.edits.values())

    def answer(self) -> Answer:
        return {name: edit.text() for name, edit in self.edits.items()}


AnswerInput = ChoiceInput | FieldsInput
"""An input of the question screen: `has_answer()`, `answer()` and the `changed` signal."""


def input_for(view: QuestionView) -> AnswerInput:
    challenge = view.challenge
    if challenge.type in (ChallengeType.QCU, ChallengeType.QCM):
        return ChoiceInput(challenge, view.proposals)
    return FieldsInput(challenge)
