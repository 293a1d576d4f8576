"""The question screen (step 9 of the notice): banner, question, answer, actions.

Banner: "Question N / total", the countdown of a timed question, the certification number.
Content (scrolls): the instruction with its line breaks and leading spaces kept (some
instructions hold code), the image, the attached document, the answer input. Actions
(never scrolled away): "Signaler un problème avec la question", "Je passe" (confirmed
inline: it is final) and "Je valide" (disabled until there is an answer).

A timed question opens on its warning ("Cette question est chronométrée", its time,
"Commencer"): the banner stays, the question and its countdown come with "Commencer".
"Signaler un problème" asks first (it pauses the test until the invigilator comes).
The attached document opens beside the question (a splitter), the banner and the question
still in view; "Fermer le document" closes it, as does the next question.

Focus questions: a click outside the question area is reported to the runner (the
window itself reports leaving the window).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.kiosk_flow import QuestionView
from app.services import kiosk_texts as T
from app.services.exam import ExamRunner
from app.views.kiosk.inputs import AnswerInput, input_for
from app.views.kiosk.page import MAX_TEXT_WIDTH, bar_frame, bare
from app.views.widgets.basics import button, label

IMAGE_MAX_WIDTH = 720
IMAGE_MAX_HEIGHT = 280
"""At 800 × 600 a taller picture would push the answers out of sight."""


def instruction_html(text: str) -> str:
    """Rich text that keeps line breaks and leading spaces, and wraps long lines."""
    return f'<div style="white-space: pre-wrap;">{html.escape(text)}</div>'


class QuestionScreen(QWidget):
    """One question at a time; see the module docstring.

    Signals:
        attachment_requested(str): the candidate wants to read the attached document.
    """

    attachment_requested = Signal(str)

    def __init__(self, runner: ExamRunner, parent: QWidget | None = None, *,
                 viewer: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.viewer = viewer
        self.view: QuestionView | None = None
        self.input: AnswerInput | None = None
        self.open_doc: QPushButton | None = None
        self._last_press = -1
        self._pixmaps: dict[str, QPixmap] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_banner())
        self.area = QWidget()  # the question area, for focus questions
        area = QVBoxLayout(self.area)
        area.setContentsMargins(0, 0, 0, 0)
        area.setSpacing(0)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.addWidget(self._build_warning(), 1)
        # The document sits beside the question, inside the question area: reading it is
        # not leaving the question (focus questions).
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.scroller)
        if viewer is not None:
            self.split.addWidget(viewer)
            viewer.hide()
        area.addWidget(self.split, 1)
        area.addWidget(self._build_pause())
        area.addWidget(self._build_actions())
        outer.addWidget(self.area, 1)
        runner.question_changed.connect(self.show_question)
        runner.countdown_changed.connect(self._countdown)
        runner.busy_changed.connect(lambda _b: self._update_buttons())

    # -- construction --------------------------------------------------------------

    def _build_banner(self) -> QFrame:
        bar = bar_frame()
        row = QHBoxLayout(bar)
        row.setContentsMargins(24, 8, 24, 8)
        self.position = label("", role="title", wrap=False)
        self.timer = label("", role="title", wrap=False)
        self.certification = label("", role="muted", wrap=False)
        row.addWidget(self.position)
        row.addStretch(1)
        row.addWidget(self.timer)
        row.addStretch(1)
        row.addWidget(self.certification)
        return bar

    def _build_warning(self) -> QWidget:
        """A timed question's warning, before its countdown starts."""
        self.warning = QWidget()
        centre = QHBoxLayout(self.warning)
        centre.setContentsMargins(24, 24, 24, 24)
        body = QWidget()
        body.setMaximumWidth(MAX_TEXT_WIDTH)
        col = QVBoxLayout(body)
        col.setSpacing(16)
        col.addStretch(1)
        col.addWidget(label(T.tr(T.TIMED_TITLE), role="title"))
        self.warning_text = label("")
        col.addWidget(self.warning_text)
        col.addWidget(label(T.tr(T.TIMED_ONLY_THIS)))
        self.warning_extra = label(T.tr(T.TIMED_EXTRA))
        col.addWidget(self.warning_extra)
        self.begin = button(T.tr(T.BEGIN), primary=True, on_click=self.runner.begin_question)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.begin)
        col.addLayout(row)
        col.addStretch(2)
        centre.addStretch(1)
        centre.addWidget(body, 100)
        centre.addStretch(1)
        self.warning.hide()
        return self.warning

    def _build_pause(self) -> QFrame:
        self.pause = QFrame()
        self.pause.setProperty("role", "warning")
        col = QVBoxLayout(self.pause)
        col.setContentsMargins(16, 10, 16, 10)
        col.addWidget(label(T.tr(T.PAUSED), role="title"))
        col.addWidget(label(T.tr(T.PAUSED_HELP)))
        self.pause.hide()
        return self.pause

    def _build_actions(self) -> QFrame:
        bar = bar_frame()
        col = QVBoxLayout(bar)
        col.setContentsMargins(24, 8, 24, 8)
        col.setSpacing(8)
        self.report = button(T.tr(T.REPORT), on_click=self._ask_report)
        self.skip = button(T.tr(T.SKIP), on_click=self._ask_skip)
        self.validate = button(T.tr(T.VALIDATE), primary=True, on_click=self._validate)
        self.top_row = QHBoxLayout()
        self.top_row.addWidget(self.report)
        self.top_row.addStretch(1)
        col.addLayout(self.top_row)
        self.buttons = bare(QWidget())
        row = QHBoxLayout(self.buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.skip)
        row.addStretch(1)
        row.addWidget(self.validate)
        col.addWidget(self.buttons)
        self.skip_cancel = button(T.tr(T.SKIP_CANCEL), on_click=self._cancel_skip)
        self.skip_yes = button(T.tr(T.SKIP_YES), primary=True, on_click=self._skip)
        self.confirm = _confirmation(T.tr(T.SKIP_CONFIRM), self.skip_cancel, self.skip_yes)
        col.addWidget(self.confirm)
        self.report_cancel = button(T.tr(T.REPORT_CANCEL), on_click=self._cancel_report)
        self.report_yes = button(T.tr(T.REPORT_YES), primary=True, on_click=self._report)
        self.report_confirm = _confirmation(T.tr(T.REPORT_CONFIRM), self.report_cancel,
                                            self.report_yes)
        col.addWidget(self.report_confirm)
        self.action_bar = bar
        return bar

    # -- showing a question ----------------------------------------------------------

    def show_question(self, view: QuestionView) -> None:
        same = self.view is not None and self.view.challenge.id == view.challenge.id
        self.view = view
        self.position.setText(T.tr(T.QUESTION_N).format(n=view.position, total=view.total))
        self.position.setAccessibleName(self.position.text())
        self.certification.setText(T.tr(T.CERTIFICATION_NUMBER).format(number=view.certification_number))
        self.pause.setVisible(view.paused and not view.warning)
        if not same:
            self.close_document()
            self._build_content(view)
        self._show_warning(view)
        if self.input is not None:
            self.input.setEnabled(not view.paused)
        self._cancel_skip()
        self._update_buttons()

    def _build_content(self, view: QuestionView) -> None:
        challenge = view.challenge
        self.open_doc = None
        holder = QWidget()
        centre = QHBoxLayout(holder)
        centre.setContentsMargins(24, 16, 24, 16)
        body = QWidget()
        body.setMaximumWidth(MAX_TEXT_WIDTH)
        col = QVBoxLayout(body)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(14)
        centre.addStretch(1)
        centre.addWidget(body, 100)
        centre.addStretch(1)
        if challenge.focus:
            col.addWidget(label(T.tr(T.FOCUS_RULE), role="muted"))
        text = QLabel(instruction_html(challenge.instruction))
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        text.setAccessibleName(challenge.instruction)
        col.addWidget(text)
        if challenge.image:
            col.addWidget(self._image(view))
        if view.attachment_name:
            open_doc = button(
                T.tr(T.OPEN_ATTACHMENT),
                on_click=lambda: self.attachment_requested.emit(challenge.id),
            )
            self.open_doc = open_doc
            row = QHBoxLayout()
            row.addWidget(open_doc)
            row.addWidget(label(view.attachment_name, role="muted", wrap=False))
            row.addStretch(1)
            col.addLayout(row)
        self.input = input_for(view)
        self.input.changed.connect(self._update_buttons)
        col.addWidget(self.input)
        col.addStretch(1)
        self.scroller.setWidget(holder)  # the previous question's widgets are deleted
        self.scroller.verticalScrollBar().setValue(0)

    def _show_warning(self, view: QuestionView) -> None:
        timer = view.challenge.timer or 0
        self.warning_text.setText(T.tr(T.TIMED_TEXT).format(time=T.duration_text(timer)))
        self.warning_text.setAccessibleName(self.warning_text.text())
        self.warning_extra.setVisible(view.extra_time)
        had_focus = self.begin.hasFocus()
        self.warning.setVisible(view.warning)
        self.split.setVisible(not view.warning)
        self.action_bar.setVisible(not view.warning)
        if view.warning and self.isVisible():
            self.begin.setFocus()
        elif had_focus and self.input is not None:
            self.input.setFocus()  # "Commencer" by keyboard: straight to the answer

    def open_document(self) -> None:
        """Show the viewer beside the question, each half of the width."""
        if self.viewer is None:
            return
        self.viewer.show()
        half = max(1, self.split.width() // 2)
        self.split.setSizes([half, half])

    def close_document(self) -> None:
        if self.viewer is not None and self.viewer.isVisible():
            self.viewer.hide()
            if self.open_doc is not None:
                self.open_doc.setFocus()

    @property
    def document_open(self) -> bool:
        return self.viewer is not None and self.viewer.isVisible()

    def _image(self, view: QuestionView) -> QLabel:
        picture = QLabel()
        pixmap = self._pixmaps.get(view.challenge.id) or QPixmap()
        if not pixmap.isNull():
            picture.setPixmap(pixmap)
        elif view.image and pixmap.loadFromData(view.image):
            if pixmap.width() > IMAGE_MAX_WIDTH or pixmap.height() > IMAGE_MAX_HEIGHT:
                pixmap = pixmap.scaled(
                    IMAGE_MAX_WIDTH,
                    IMAGE_MAX_HEIGHT,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            picture.setPixmap(pixmap)
            self._pixmaps[view.challenge.id] = pixmap  # decoded and scaled once
        else:
            picture.setText(T.tr(T.IMAGE_MISSING))
        picture.setAccessibleName(view.challenge.image_alt or T.tr(T.IMAGE_MISSING))
        picture.setAccessibleDescription(view.challenge.image_alt)
        return picture

    def _countdown(self, remaining_ms: int) -> None:
        if remaining_ms < 0 or (self.view is not None and self.view.warning):
            self.timer.setText("")
            self.timer.setAccessibleName("")
            return
        self.timer.setText(T.tr(T.TIME_LEFT).format(time=T.clock_text(remaining_ms)))
        self.timer.setAccessibleName(T.tr(T.TIME_LEFT).format(time=T.countdown_spoken(remaining_ms)))

    # -- actions -----------------------------------------------------------------------

    def _update_buttons(self) -> None:
        active = self.view is not None and not self.view.paused and not self.runner.busy
        has = self.input is not None and self.input.has_answer()
        self.validate.setEnabled(active and has)
        self.skip.setEnabled(active)
        self.report.setEnabled(active)
        self.skip_yes.setEnabled(active)
        self.report_yes.setEnabled(active)
        self.begin.setEnabled(self.view is not None and not self.view.paused)

    def _validate(self) -> None:
        if self.input is not None and self.input.has_answer():
            self.runner.submit(self.input.answer())

    def _ask_skip(self) -> None:
        self.buttons.hide()
        self.report.hide()
        self.confirm.show()
        self.skip_cancel.setFocus()

    def _cancel_skip(self) -> None:
        """Back from either confirmation ("Je passe", "Signaler") to the question."""
        back = self.confirm.isVisible() or self.report_confirm.isVisible()
        self.confirm.hide()
        self.report_confirm.hide()
        self.buttons.show()
        self.report.show()
        if back and self.isVisible():
            self.skip.setFocus()

    def _cancel_report(self) -> None:
        self._cancel_skip()
        self.report.setFocus()

    def _ask_report(self) -> None:
        self.buttons.hide()
        self.report.hide()
        self.report_confirm.show()
        self.report_cancel.setFocus()

    def _report(self) -> None:
        self._cancel_skip()
        self.runner.raise_alert()

    def _skip(self) -> None:
        self._cancel_skip()
        self.runner.skip()

    # -- focus questions: a click outside the question area -----------------------------

    def showEvent(self, event: QEvent) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        super().showEvent(event)  # type: ignore[arg-type]

    def hideEvent(self, event: QEvent) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().hideEvent(event)  # type: ignore[arg-type]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonPress
            and isinstance(event, QMouseEvent)
            and isinstance(watched, QWidget)
            and self.view is not None
            and self.view.challenge.focus
            and watched.window() is self.window()
            # A press that a child ignores is delivered again to its parents: judge it once,
            # on the widget that was clicked first.
            and event.timestamp() != self._last_press
        ):
            self._last_press = event.timestamp()
            if not (watched is self.area or self.area.isAncestorOf(watched)):
                self.runner.focus_lost("click")
        return False


def _confirmation(question: str, no: QWidget, yes: QWidget) -> QWidget:
    """A question in the action bar with "no" on the left and "yes" on the right, hidden
    until asked ("Je passe", "Signaler un problème")."""
    box = bare(QWidget())
    col = QVBoxLayout(box)
    col.setContentsMargins(0, 0, 0, 0)
    col.addWidget(label(question))
    row = QHBoxLayout()
    row.addWidget(no)
    row.addStretch(1)
    row.addWidget(yes)
    col.addLayout(row)
    box.hide()
    return box
