"""The station's list for 30-40 candidates (issue 19 item 2), on a recorded session with
no server (the screenshot tool's desk): columns whole with no horizontal scroll at
1366 x 768 and 1024 x 768, rows that stay put under the pointer, presence by check box and
for several rows at once, contact age only while a test runs, window exits that can be
marked as seen, and the number and code full screen for the projector."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QEnterEvent, QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from app.views.invigilator.table import (
    ATTENTION_BG,
    BIRTH_COLUMN,
    COLUMNS,
    FLAGS_COLUMN,
    NAME_COLUMN,
    ROW_ROLE,
    SHORT_STATUS,
    STATUS_TEXTS,
    URGENT_FLAGS,
    cell_text,
)
from app.views.invigilator.window import StationWindow
from app.views.style import NORMAL
from tests.gui.invigilator.test_station import named
from tests.helpers.clock import FakeClock
from tests.helpers.station import run_on_qasync, until
from tools.render_station_screens import SID, make_desk

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")]

Scenario = Callable[[StationWindow], Coroutine[Any, Any, None]]


def clock() -> FakeClock:
    local = datetime(2020, 12, 14, 9, 5, tzinfo=UTC).astimezone().replace(hour=10, minute=5)
    return FakeClock(now=local.astimezone(UTC))


def on_station(qapp: QApplication, scenario: Scenario, *, count: int = 30,
               size: tuple[int, int] = (1366, 768)) -> None:
    qapp.setQuitOnLastWindowClosed(False)

    async def run() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            desk = await make_desk(Path(tmp), clock(), online=True, count=count)
            window = StationWindow(desk)
            try:
                window.resize(*size)
                window.show()
                window._logged_in(SID)
                await asyncio.sleep(0.2)
                await scenario(window)
            finally:
                window.close()
                await desk.close()
                desk._store.close()
                window.deleteLater()

    run_on_qasync(qapp, run())


def order(window: StationWindow) -> list[int]:
    proxy = window.session.table.proxy
    return [proxy.data(proxy.index(r, 0), ROW_ROLE).candidate_id
            for r in range(proxy.rowCount())]


def row_of(window: StationWindow, last_name: str) -> Any:
    return next(r for r in window.desk.rows() if r.last_name == last_name)


@pytest.mark.parametrize("count", [30, 40])
@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_every_shown_column_whole_and_no_horizontal_scroll(
    qapp: QApplication, count: int, size: tuple[int, int]
) -> None:
    async def scenario(window: StationWindow) -> None:
        assert window.width() <= size[0]  # nothing forces the window wider
        table = window.session.table
        header = table.horizontalHeader()
        shown = [c for c in range(len(COLUMNS)) if not table.isColumnHidden(c)]
        assert sum(header.sectionSize(c) for c in shown) <= table.viewport().width()
        assert not table.horizontalScrollBar().isVisible()
        assert {NAME_COLUMN, FLAGS_COLUMN, 2, 6, BIRTH_COLUMN} <= set(shown)
        font = QFont(table.font())
        font.setPixelSize(table._font_px)
        font.setBold(True)
        bold = QFontMetrics(font)
        for c in shown:  # every header whole
            assert bold.horizontalAdvance(COLUMNS[c]) + 8 <= header.sectionSize(c), COLUMNS[c]
        for flag in URGENT_FLAGS:  # a flag that comes later is not cut either
            assert bold.horizontalAdvance(flag) + 8 <= header.sectionSize(FLAGS_COLUMN)
        font.setBold(False)
        for status in STATUS_TEXTS:  # nor a status
            text = SHORT_STATUS.get(status, status)
            assert QFontMetrics(font).horizontalAdvance(text) + 8 <= header.sectionSize(2)
        dates = [cell_text(r, BIRTH_COLUMN) for r in window.desk.rows()]
        widest = max(QFontMetrics(font).horizontalAdvance(d) for d in dates)
        assert widest + 8 <= header.sectionSize(BIRTH_COLUMN)
        assert table._font_px >= 13
        if size == (1366, 768):  # every candidate on screen, no vertical scroll either
            last = table.proxy.rowCount() - 1
            assert table.rowViewportPosition(last) + table.rowHeight(last) <= (
                table.viewport().height())

    on_station(qapp, scenario, count=count, size=size)


def test_rows_stay_put_under_the_pointer_and_the_count_leads_to_them(
    qapp: QApplication
) -> None:
    async def scenario(window: StationWindow) -> None:
        table = window.session.table
        keller = row_of(window, "Keller")  # waiting for the presence check: attention
        assert keller.needs_attention
        before = order(window)
        assert before.index(keller.candidate_id) < 8
        assert window.session.to_handle.text() == "⚠ À traiter\u00a0: 8"
        QApplication.sendEvent(table, QEnterEvent(QPointF(5, 5), QPointF(5, 5),
                                                  QPointF(5, 5)))
        assert await window.desk.confirm_presence(keller.candidate_id)
        await until(lambda: not window.desk.row(keller.candidate_id).needs_attention, 3)
        await asyncio.sleep(0.1)
        assert order(window) == before  # nothing moved under the pointer
        assert window.session.to_handle.text() == "⚠ À traiter\u00a0: 7"
        QApplication.sendEvent(table, QEvent(QEvent.Type.Leave))
        await asyncio.sleep(0.05)
        after = order(window)
        assert after != before and after.index(keller.candidate_id) >= 7
        # "À traiter" selects the rows needing the invigilator, one after the other
        table.clearSelection()
        table.setCurrentIndex(table.proxy.index(table.proxy.rowCount() - 1, 0))
        window.session.to_handle.click()
        assert table.selected_row() is not None and table.selected_row().needs_attention
        # attention never looks like the selection
        index = table.proxy.index(0, 2)
        brush = table.proxy.data(index, Qt.ItemDataRole.BackgroundRole)
        assert brush.color().name() == ATTENTION_BG != NORMAL.attention_bg

    on_station(qapp, scenario)


def test_presence_by_check_box_and_for_several_rows_at_once(qapp: QApplication) -> None:
    async def scenario(window: StationWindow) -> None:
        table, model = window.session.table, window.session.model
        waiting = [r for r in window.desk.rows() if r.awaiting_presence]
        assert len(waiting) == 3
        # one by its check box
        first = waiting[0]
        index = model.index(model.rows().index(first), NAME_COLUMN)
        assert model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
        assert model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
        model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        await until(lambda: window.desk.row(first.candidate_id).presence_valid, 3, "ticked")
        assert model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        # a running candidate's box is ticked and cannot be unticked
        running = next(r for r in window.desk.rows() if r.running)
        index = model.index(model.rows().index(running), NAME_COLUMN)
        assert not model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
        assert model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        # the two others together
        table.clearSelection()
        for other in waiting[1:]:
            table.select_candidate(other.candidate_id)
            break
        flags = table.selectionModel().SelectionFlag
        for r in range(table.proxy.rowCount()):
            row = table.proxy.data(table.proxy.index(r, 0), ROW_ROLE)
            if row.candidate_id == waiting[2].candidate_id:
                table.selectionModel().select(
                    table.proxy.index(r, 0), flags.Select | flags.Rows)
        assert len(table.selected_rows()) == 2
        assert window.session.panel.name.text() == "2 candidats sélectionnés"
        assert not named(window, "Terminer le test").isEnabled()
        named(window, "Confirmer la présence").click()
        await until(lambda: all(window.desk.row(r.candidate_id).presence_valid
                                for r in waiting), 3, "all present")
        assert window.session.panel.message.text() == ""

    on_station(qapp, scenario, count=40)


def test_contact_age_only_while_the_test_runs(qapp: QApplication) -> None:
    async def scenario(window: StationWindow) -> None:
        for row in window.desk.rows():
            contact = cell_text(row, 7)
            assert bool(contact) == (row.running and row.heard_age_s is not None), row.name

    on_station(qapp, scenario)


def test_a_window_exit_can_be_marked_as_seen(qapp: QApplication) -> None:
    async def scenario(window: StationWindow) -> None:
        table, model = window.session.table, window.session.model
        ritchie = row_of(window, "Ritchie")
        assert "Sortie de la fenêtre ×1" in cell_text(ritchie, FLAGS_COLUMN)
        table.select_candidate(ritchie.candidate_id)
        seen = named(window, "Sortie de la fenêtre vue")
        assert seen.isEnabled()
        seen.click()
        index = model.index(model.rows().index(ritchie), FLAGS_COLUMN)
        assert "Sortie de la fenêtre" not in model.data(index)
        assert "Sortie de la fenêtre" not in window.session.panel.summary.text()
        assert not seen.isEnabled()

    on_station(qapp, scenario)


def test_the_number_and_code_full_screen_for_the_projector(
    qapp: QApplication, qtbot: Any
) -> None:
    async def scenario(window: StationWindow) -> None:
        named(window, "Afficher en grand").click()
        projector = window.session.projector
        assert projector is not None and projector.isVisible()
        assert projector.windowState() & Qt.WindowState.WindowFullScreen
        assert projector.number.text() == str(SID)
        assert projector.code.text() == "••••••"  # hidden until asked, as in the header
        named(projector, "Afficher le code d'accès").click()
        assert projector.code.text() == "BCRQ72"
        qtbot.keyClick(projector, Qt.Key.Key_Escape)
        assert not projector.isVisible()
        window.session.close_projector()

    on_station(qapp, scenario)


def test_space_ticks_the_presence_of_every_selected_candidate(
    qapp: QApplication, qtbot: Any
) -> None:
    async def scenario(window: StationWindow) -> None:
        table = window.session.table
        waiting = [r for r in window.desk.rows() if r.awaiting_presence]
        table.clearSelection()
        flags = table.selectionModel().SelectionFlag
        for r in range(table.proxy.rowCount()):
            row = table.proxy.data(table.proxy.index(r, 0), ROW_ROLE)
            if row.awaiting_presence or (row.running and row.last_name == "Allen"):
                table.selectionModel().select(table.proxy.index(r, 0), flags.Select | flags.Rows)
        assert len(table.selected_rows()) == len(waiting) + 1
        qtbot.keyClick(table, Qt.Key.Key_Space)
        await until(lambda: all(window.desk.row(r.candidate_id).presence_valid
                                for r in waiting), 3, "all ticked")
        await asyncio.sleep(0.05)
        qtbot.keyClick(table, Qt.Key.Key_Space)  # all ticked: unticks them all
        await until(lambda: not any(window.desk.row(r.candidate_id).presence_valid
                                    for r in waiting), 3, "all unticked")
        assert window.session.panel.message.text() == ""

    on_station(qapp, scenario, count=40)


def test_a_failure_in_any_station_task_is_said_in_french_and_logged(
    qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 19 item 0, for the whole station: the desk's own tasks, the session view's
    actions and the window's (login, Quitter) each tell the invigilator."""
    from app.services.desk_texts import TASK_FAILED_FR

    async def broken() -> None:
        raise AttributeError("'str' object has no attribute 'needs_question_number'")

    async def scenario(window: StationWindow) -> None:
        panel = window.session.panel
        for start in (lambda: window.desk._tasks.start("broken", broken()),
                      lambda: window.session.run(broken()),
                      lambda: window.run(broken())):
            panel.show_message("")
            start()
            await until(lambda: panel.message.text() == TASK_FAILED_FR, 3, "said")
            assert panel.message.property("role") == "error"
        failed = [r for r in caplog.records if "failed" in r.getMessage()]
        assert len(failed) == 3 and all(r.exc_info for r in failed)

    on_station(qapp, scenario)


def test_keyboard_only_presence_and_an_alert_refused(qapp: QApplication, qtbot: Any) -> None:
    """No mouse: arrows to a pupil waiting for the presence check, Space; then the alert
    row, Enter opens its dialog, an arrow and Space refuse, Tab and Space record it."""
    from app.views.invigilator.dialogs import AlertDialog

    def focused() -> Any:
        return QApplication.focusWidget()

    async def tab_to(widget: Any, limit: int = 12) -> None:
        for _ in range(limit):
            if focused() is widget:
                return
            qtbot.keyClick(focused(), Qt.Key.Key_Tab)
            await asyncio.sleep(0)
        raise AssertionError(f"Tab never reached {widget.accessibleName()}")

    async def scenario(window: StationWindow) -> None:
        window.activateWindow()
        table = window.session.table
        table.setFocus()
        table.setCurrentIndex(table.proxy.index(0, 0))
        keller = row_of(window, "Keller")
        while table.selected_row().candidate_id != keller.candidate_id:
            qtbot.keyClick(table, Qt.Key.Key_Down)
        qtbot.keyClick(table, Qt.Key.Key_Space)
        await until(lambda: window.desk.row(keller.candidate_id).presence_valid, 3, "present")
        while table.currentIndex().row() > 0:
            qtbot.keyClick(table, Qt.Key.Key_Up)
        hopper = table.selected_row()
        assert hopper is not None and hopper.paused
        qtbot.keyClick(table, Qt.Key.Key_Return)
        await until(lambda: isinstance(window.session._dialog, AlertDialog), 3, "dialog")
        dialog = window.session._dialog
        assert isinstance(dialog, AlertDialog)
        dialog.activateWindow()
        dialog.accept_radio.setFocus()  # the dialog's first control
        qtbot.keyClick(dialog.accept_radio, Qt.Key.Key_Down)  # radios: arrows, as usual
        assert focused() is dialog.refuse_radio
        qtbot.keyClick(dialog.refuse_radio, Qt.Key.Key_Space)
        assert dialog.refuse_radio.isChecked() and dialog.main_button.isEnabled()
        await tab_to(dialog.main_button)
        qtbot.keyClick(dialog.main_button, Qt.Key.Key_Space)
        await until(lambda: not window.desk.row(hopper.candidate_id).paused, 3, "refused")
        assert window.session.panel.message.text() == ""

    on_station(qapp, scenario)
