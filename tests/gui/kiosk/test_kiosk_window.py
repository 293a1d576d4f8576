"""The kiosk window against a live server, used as a candidate would: controls found by
their accessible name, typed into and clicked; what is checked is what the screen says
and what the server ends up holding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QWidget,
)

from app.domain.content import ChallengeType, FieldFormat
from app.domain.kiosk_flow import Phase
from app.services import kiosk_texts as T
from app.views.kiosk.window import KioskWindow
from app.views.style import Appearance
from tests.helpers.kiosk import (
    Kiosk,
    Loop,
    Room,
    loop,  # noqa: F401 - fixture
    make_kiosk,
    open_room,
    server,  # noqa: F401 - fixture
    shared_server,  # noqa: F401 - fixture
    until,
)
from tests.helpers.live_server import LiveServer

pytestmark = [
    pytest.mark.slow,
    # The offscreen platform cannot resize hints, raise or activate windows; it says so.
    pytest.mark.qt_log_ignore("This plugin does not support"),
]


def pdf_renderer() -> bool:
    """QtPdf (PySide6-Addons) or pypdfium2: the PDF viewer needs one of them."""
    import importlib.util

    return any(importlib.util.find_spec(m) is not None for m in ("pypdfium2",)) or (
        importlib.util.find_spec("PySide6.QtPdf") is not None
    )


def find(window: QWidget, kind: type[QWidget], name: str) -> Any:
    found = [w for w in window.findChildren(kind) if w.accessibleName() == name and w.isVisible()]
    assert found, f"no visible {kind.__name__} named {name!r}"
    return found[0]


def click(window: QWidget, name: str) -> None:
    button = find(window, QAbstractButton, name)
    assert button.isEnabled(), f"{name!r} is disabled"
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def type_in(window: QWidget, name: str, text: str) -> None:
    edit = find(window, QLineEdit, name)
    edit.setFocus()
    edit.clear()
    QTest.keyClicks(edit, text)


def screen_text(window: KioskWindow) -> str:
    current = window.stack.currentWidget()
    labels = [lab.text() for lab in current.findChildren(QLabel) if lab.isVisible()]
    return "\n".join([*labels, window.notice.text()])


def open_window(qtbot: Any, kiosk: Kiosk, *, locked: bool = False) -> KioskWindow:
    window = KioskWindow(kiosk.runner, Appearance(QApplication.instance()), locked=locked)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    return window


async def join_through_the_screens(window: KioskWindow, room: Room) -> None:
    runner = window.runner
    await runner.start_up()
    assert T.JOIN_TITLE in screen_text(window)
    type_in(window, T.SESSION_NUMBER, str(room.sid))
    type_in(window, T.FIRST_NAME, "Ada")
    type_in(window, T.BIRTH_NAME, "Lovelace")
    type_in(window, T.DAY, "04")
    type_in(window, T.MONTH, "05")
    type_in(window, T.YEAR, "2010")
    click(window, T.CONTINUE)
    await until(lambda: runner.phase is Phase.CONFIRM, what="confirm screen")
    assert "Ada LOVELACE" in screen_text(window)
    click(window, T.CONFIRM_YES)
    await until(lambda: runner.phase is Phase.WAITING)
    assert T.WAITING_TITLE in screen_text(window)
    room.act("PresenceConfirmed")
    await until(lambda: runner.phase is Phase.ACCESS_CODE, what="access code screen")
    assert T.ACCESS_CODE_PROMPT in screen_text(window)
    type_in(window, T.ACCESS_CODE, room.access_code.lower())
    assert find(window, QLineEdit, T.ACCESS_CODE).text() == room.access_code
    click(window, T.START)
    await until(lambda: runner.phase is Phase.QUESTION, what="first question")


def shown_proposals(window: KioskWindow) -> tuple[str, ...]:
    """The proposals as the screen lists them, top to bottom."""
    from app.views.kiosk.inputs import ChoiceInput

    choice = window.question.input
    assert isinstance(choice, ChoiceInput)
    return tuple(box.accessibleName() for box in choice.choices)


def begin_if_announced(window: KioskWindow) -> None:
    """A timed question opens on its warning: read it, then "Commencer"."""
    view = window.runner.question
    if view is None or not view.warning:
        return
    text = screen_text(window)
    assert T.TIMED_TITLE in text and T.duration_text(view.challenge.timer or 0) in text
    assert window.question.timer.text() == ""  # no clock runs before "Commencer"
    assert not [b for b in window.findChildren(QAbstractButton)
                if b.accessibleName() == T.VALIDATE and b.isVisible()]
    click(window, T.BEGIN)
    assert window.runner.question is not None and not window.runner.question.warning


def answer_on_screen(window: KioskWindow) -> None:
    """Give the right answer with the widgets, as the candidate would."""
    begin_if_announced(window)
    view = window.runner.question
    assert view is not None
    challenge = view.challenge
    if challenge.type in (ChallengeType.QCU, ChallengeType.QCM):
        assert shown_proposals(window) == view.proposals  # the candidate's own order
    assert not find(window, QAbstractButton, T.VALIDATE).isEnabled()  # no answer yet
    if challenge.type is ChallengeType.QCU:
        click(window, "La bonne réponse")
    elif challenge.type is ChallengeType.QCM:
        click(window, "Bonne A")
        click(window, "Bonne B")
    elif challenge.type is ChallengeType.QROC:
        number = challenge.fields[0].format is FieldFormat.NUMBER
        type_in(window, "Votre réponse", "42" if number else "bonjour")
    else:
        type_in(window, "Premier mot", "un")
        type_in(window, "Second mot", "deux")
    click(window, T.VALIDATE)


def test_a_candidate_takes_the_test_through_every_screen_and_question_type(
    server: LiveServer, tmp_path: Path, loop: Loop, qtbot: Any  # noqa: F811
) -> None:
    room = open_room(server)
    kiosk = make_kiosk(tmp_path / "kiosk", server.url)
    window = open_window(qtbot, kiosk)

    async def scenario() -> None:
        runner = kiosk.runner
        await join_through_the_screens(window, room)
        await until(lambda: not runner.busy)
        assert "Question 1 / 15" in screen_text(window)
        assert "Certification n°" in screen_text(window)
        # "Je passe" asks first, and "Non" goes back to the question.
        click(window, T.SKIP)
        assert T.SKIP_CONFIRM in screen_text(window)
        click(window, T.SKIP_CANCEL)
        click(window, T.SKIP)
        click(window, T.SKIP_YES)
        await until(lambda: runner.question is not None and runner.question.position == 2)
        await until(lambda: not runner.busy)
        kinds_seen: set[str] = set()
        shuffled = 0
        while runner.phase is Phase.QUESTION:
            view = runner.question
            assert view is not None
            position = view.position
            assert f"Question {position} / 15" in screen_text(window)
            kinds_seen.add(view.challenge.type.value)
            if view.challenge.proposals and view.proposals != view.challenge.proposals:
                shuffled += 1
            if view.attachment_name:
                click(window, T.OPEN_ATTACHMENT)
                shown = window.viewer.findChildren(QTableWidget) + window.viewer.findChildren(
                    QPlainTextEdit
                ) + [lab for lab in window.viewer.findChildren(QLabel) if lab.pixmap() and
                     not lab.pixmap().isNull()]
                if view.attachment_name.endswith(".pdf") and not pdf_renderer():
                    assert T.ATTACHMENT_UNREADABLE in screen_text(window)  # said calmly
                else:
                    assert shown, f"nothing shown for {view.attachment_name}"
                    assert T.ATTACHMENT_UNREADABLE not in screen_text(window)
                # Beside the question: the banner and the question stay in view.
                assert window.viewer.isVisible() and window.question.scroller.isVisible()
                assert f"Question {position} / 15" in screen_text(window)
                assert window.question.position.isVisible()
                click(window, T.CLOSE_ATTACHMENT)
                assert not window.viewer.isVisible()
            if view.challenge.timer:
                begin_if_announced(window)
                assert window.question.timer.text().startswith("Temps restant")
                assert window.question.timer.accessibleName().startswith("Temps restant")
            answer_on_screen(window)
            await until(lambda p=position: runner.phase is not Phase.QUESTION or (
                runner.question is not None and runner.question.position == p + 1))
            await until(lambda: not runner.busy)  # ChallengeShown is recorded just after
        assert kinds_seen == {"QCU", "QCM", "QROC", "QROCM-ind", "QROCM-dep"} or kinds_seen >= {
            "QCU", "QCM", "QROC"}
        assert shuffled >= 1, "every QCU and QCM shown in the pack's order"
        assert T.END_TEXT in screen_text(window)
        await until(lambda: not kiosk.store.pending())
        assert len(room.events("AnswerSubmitted")) == 14
        assert len(room.events("ChallengeSkipped")) == 1
        room.act("EndScreenSeen")
        await until(lambda: runner.phase is Phase.JOIN, what="ready for the next candidate")
        assert find(window, QLineEdit, T.FIRST_NAME).text() == ""
        await kiosk.close()

    loop.run(scenario())


def test_lockdown_focus_loss_and_accessible_names(
    server: LiveServer, tmp_path: Path, loop: Loop, qtbot: Any  # noqa: F811
) -> None:
    room = open_room(server)
    kiosk = make_kiosk(tmp_path / "kiosk", server.url)
    window = open_window(qtbot, kiosk, locked=True)

    async def scenario() -> None:
        runner = kiosk.runner
        await join_through_the_screens(window, room)
        await until(lambda: not runner.busy)
        # Closing (Alt+F4, the window manager) and Escape do nothing.
        event = QCloseEvent()
        window.closeEvent(event)
        assert not event.isAccepted()
        QTest.keyClick(window, Qt.Key.Key_Escape)
        assert window.isVisible() and runner.phase is Phase.QUESTION
        assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
        # Every visible interactive control is named by its visible label.
        for button in window.findChildren(QAbstractButton):
            if button.isVisible() and button.text():
                assert button.accessibleName() == button.text().replace("&", "")
        for edit in window.findChildren(QLineEdit):
            if edit.isVisible():
                assert edit.accessibleName(), "a text field without a name"
        # Leaving the window is recorded, on any question.
        QApplication.sendEvent(window, QEvent(QEvent.Type.WindowDeactivate))
        await until(lambda: any(e.kind.value == "FocusLost"
                                for e in kiosk.store.events(room.sid)))
        # On a focus question a click outside the question area is detected and warned.
        while runner.question is not None and not runner.question.challenge.focus:
            position = runner.question.position
            answer_on_screen(window)
            await until(lambda p=position: runner.question is not None
                        and runner.question.position == p + 1)
            await until(lambda: not runner.busy)
        assert runner.question is not None and runner.question.challenge.focus
        assert runner.question.warning and T.TIMED_TITLE in screen_text(window)
        QApplication.sendEvent(window, QEvent(QEvent.Type.WindowDeactivate))
        begin_if_announced(window)
        assert T.FOCUS_RULE in screen_text(window)
        banner = window.question.position
        QTest.mouseClick(banner, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
        await until(lambda: window.notice.text() == T.FOCUS_LOST, what="focus warning")
        # Zoom and contrast shortcuts change the style; the buttons stay on screen.
        before = QApplication.instance().styleSheet()  # type: ignore[union-attr]
        QTest.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(window, Qt.Key.Key_C,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        assert QApplication.instance().styleSheet() != before  # type: ignore[union-attr]
        validate = find(window, QAbstractButton, T.VALIDATE)
        corner = validate.mapTo(window, QPoint(validate.width(), validate.height()))
        assert window.rect().contains(corner), "Je valide is out of view at 800x600"
        await kiosk.close()

    loop.run(scenario())
