"""A calm kiosk for a nervous pupil (issue 19 item 3), against a live server: the whole test
with the keyboard alone, the warning before a timed question, a report asked twice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from app.domain.content import ChallengeType, FieldFormat
from app.domain.kiosk_flow import Phase
from app.services import kiosk_texts as T
from app.views.kiosk.window import KioskWindow
from tests.gui.kiosk.test_kiosk_window import (
    click,
    join_through_the_screens,
    open_window,
    screen_text,
)
from tests.helpers.kiosk import (
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

pytestmark = [pytest.mark.slow, pytest.mark.qt_log_ignore("This plugin does not support")]


def focused(window: KioskWindow) -> QWidget:
    widget = QApplication.focusWidget()
    return widget if widget is not None else window


def key(window: KioskWindow, k: Qt.Key) -> None:
    QTest.keyClick(focused(window), k)


def tab_to(window: KioskWindow, wanted: Callable[[QWidget], bool], what: str,
           limit: int = 60) -> QWidget:
    """Press Tab until the focus is on the wanted control (as a keyboard user does)."""
    seen = []
    for _ in range(limit):
        widget = QApplication.focusWidget()
        if widget is not None and widget.isVisible() and wanted(widget):
            return widget
        seen.append(f"{type(widget).__name__}:{widget.accessibleName() if widget else ''}")
        key(window, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {what}; went through {seen[:20]}")


def named(name: str) -> Callable[[QWidget], bool]:
    return lambda w: w.accessibleName() == name


def type_by_keyboard(window: KioskWindow, name: str, text: str) -> None:
    edit = tab_to(window, lambda w: isinstance(w, QLineEdit) and w.accessibleName() == name,
                  name)
    QTest.keyClicks(edit, text)


def press_button(window: KioskWindow, name: str) -> None:
    button = tab_to(window, lambda w: isinstance(w, QAbstractButton) and w.isEnabled()
                    and w.accessibleName() == name, name)
    QTest.keyClick(button, Qt.Key.Key_Space)


def choose(window: KioskWindow, proposal: str, *, exclusive: bool) -> None:
    """Check boxes: Tab to the proposal, Space. Radio buttons (one Tab stop for the
    group): Tab into the group, arrow keys to the proposal (which checks it)."""
    if not exclusive:
        box = tab_to(window, lambda w: isinstance(w, QCheckBox)
                     and w.accessibleName() == proposal, proposal)
        QTest.keyClick(box, Qt.Key.Key_Space)
    else:
        box = tab_to(window, lambda w: isinstance(w, QRadioButton), "the proposals")
        for _ in range(12):
            if box.accessibleName() == proposal:
                break
            QTest.keyClick(box, Qt.Key.Key_Down)
            box = focused(window)
        if not box.isChecked():  # type: ignore[attr-defined]
            QTest.keyClick(box, Qt.Key.Key_Space)
    assert box.accessibleName() == proposal and box.isChecked()  # type: ignore[attr-defined]


def answer_by_keyboard(window: KioskWindow) -> None:
    view = window.runner.question
    assert view is not None
    if view.warning:
        assert T.TIMED_TITLE in screen_text(window)
        assert focused(window).accessibleName() == T.BEGIN  # "Commencer" has the focus
        key(window, Qt.Key.Key_Space)
        assert window.runner.question is not None and not window.runner.question.warning
    challenge = view.challenge
    if challenge.type is ChallengeType.QCU:
        choose(window, "La bonne réponse", exclusive=True)
    elif challenge.type is ChallengeType.QCM:
        choose(window, "Bonne A", exclusive=False)
        choose(window, "Bonne B", exclusive=False)
    elif challenge.type is ChallengeType.QROC:
        number = challenge.fields[0].format is FieldFormat.NUMBER
        type_by_keyboard(window, T.ANSWER, "42" if number else "bonjour")
    else:
        type_by_keyboard(window, "Premier mot", "un")
        type_by_keyboard(window, "Second mot", "deux")
    press_button(window, T.VALIDATE)


async def join_by_keyboard(window: KioskWindow, room: Room) -> None:
    runner = window.runner
    await runner.start_up()
    window.activateWindow()
    for name, text in ((T.SESSION_NUMBER, str(room.sid)), (T.FIRST_NAME, "Ada"),
                       (T.BIRTH_NAME, "Lovelace"), (T.DAY, "04"), (T.MONTH, "05"),
                       (T.YEAR, "2010")):
        type_by_keyboard(window, name, text)
    key(window, Qt.Key.Key_Return)  # Enter in the last field sends the form
    await until(lambda: runner.phase is Phase.CONFIRM, what="confirm screen")
    press_button(window, T.CONFIRM_YES)
    await until(lambda: runner.phase is Phase.WAITING)
    room.act("PresenceConfirmed")
    await until(lambda: runner.phase is Phase.ACCESS_CODE, what="access code screen")
    # The intro that says "1 h 45" also says that a few questions are timed.
    assert any("chronométrées" in line for line in screen_text(window).splitlines())
    type_by_keyboard(window, T.ACCESS_CODE, room.access_code)
    key(window, Qt.Key.Key_Return)
    await until(lambda: runner.phase is Phase.QUESTION, what="first question")


def test_keyboard_only_from_join_to_the_end_screen(
    server: LiveServer, tmp_path: Path, loop: Loop, qtbot: Any  # noqa: F811
) -> None:
    room = open_room(server)
    kiosk = make_kiosk(tmp_path / "kiosk", server.url)
    window = open_window(qtbot, kiosk)

    async def scenario() -> None:
        runner = kiosk.runner
        await join_by_keyboard(window, room)
        timed = 0
        while runner.phase is Phase.QUESTION:
            await until(lambda: not runner.busy)
            view = runner.question
            assert view is not None
            position = view.position
            timed += bool(view.warning)
            answer_by_keyboard(window)
            await until(lambda p=position: runner.phase is not Phase.QUESTION or (
                runner.question is not None and runner.question.position == p + 1))
        assert timed >= 1, "no timed question met on the way"
        assert runner.phase is Phase.END and T.END_TEXT in screen_text(window)
        await until(lambda: not kiosk.store.pending())
        assert len(room.events("AnswerSubmitted")) == 15
        await kiosk.close()

    loop.run(scenario())


def test_a_report_asks_first_and_only_then_pauses_the_test(
    server: LiveServer, tmp_path: Path, loop: Loop, qtbot: Any  # noqa: F811
) -> None:
    room = open_room(server)
    kiosk = make_kiosk(tmp_path / "kiosk", server.url)
    window = open_window(qtbot, kiosk)

    async def scenario() -> None:
        runner = kiosk.runner
        await join_through_the_screens(window, room)
        await until(lambda: not runner.busy)
        click(window, T.REPORT)
        assert T.REPORT_CONFIRM in screen_text(window)
        await until(lambda: not runner.busy)
        assert runner.question is not None and not runner.question.paused
        assert not [e for e in kiosk.store.events(room.sid) if e.kind.value == "AlertRaised"]
        click(window, T.REPORT_CANCEL)  # "Non, je reviens à la question"
        assert T.REPORT_CONFIRM not in screen_text(window)
        assert window.question.report.hasFocus()  # back where the pupil was
        click(window, T.REPORT)
        click(window, T.REPORT_YES)
        await until(lambda: runner.question is not None and runner.question.paused,
                    what="paused after the confirmed report")
        assert T.PAUSED in screen_text(window)
        await kiosk.close()

    loop.run(scenario())
