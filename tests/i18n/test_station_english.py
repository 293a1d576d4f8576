"""The invigilator station in English (issue 20 item 2): every screen, dialog and state of
the station's area, built under the `english` fixture, shows no French.

The session is the screenshot tool's recorded one (no server), with its pupils' and
school's names made plain ASCII: a name is data, not translated, and the French detector
would take an accent for French. Sentences the desk and the room relay only say when
something goes wrong are checked one by one.
"""

from __future__ import annotations

import asyncio
import tempfile
import unicodedata
from collections.abc import Callable, Coroutine
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget

import tools.render_station_screens as screens
from app.domain.content import Challenge, ChallengeType, InputField
from app.relay import station as relay
from app.services import desk_texts
from app.services.http import ApiRefused, Unreachable
from app.services.invigilator_api import (
    BadCredentials,
    SessionHeader,
    TokenRejected,
    message_fr,
)
from app.views.invigilator.dialogs import AddTimeDialog, AlertDialog, IncidentDialog
from app.views.invigilator.header import long_date
from app.views.invigilator.login import LoginView
from app.views.invigilator.table import (
    BOLD_COLUMNS,
    COLUMNS,
    FLAGS_COLUMN,
    HEADER_TIPS,
    NAME_COLUMN,
    cell_text,
    column_title,
)
from app.views.invigilator.window import StationWindow
from tests.helpers.clock import FakeClock
from tests.helpers.i18n import french_left, looks_french
from tests.helpers.station import run_on_qasync, until

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")]

Scenario = Callable[[StationWindow], Coroutine[Any, Any, None]]


def plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


HEADER = SessionHeader(
    session_number=screens.SID, date=date(2020, 12, 14), start_time="09:00",
    site="Anne Frank School", room="Room 208", invigilators=("Paul Eluard", "Irene Curie"),
    access_code="BCRQ72", launched=True,
)


@pytest.fixture
def ascii_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(screens, "FIRST", [plain(n) for n in screens.FIRST])
    monkeypatch.setattr(screens, "LAST", [plain(n) for n in screens.LAST])
    monkeypatch.setattr(screens, "HEADER", HEADER)


def clock() -> FakeClock:
    local = datetime(2020, 12, 14, 9, 5, tzinfo=UTC).astimezone().replace(hour=10, minute=5)
    return FakeClock(now=local.astimezone(UTC))


def on_station(qapp: QApplication, scenario: Scenario, *, online: bool = True,
               size: tuple[int, int] = (1366, 768)) -> None:
    qapp.setQuitOnLastWindowClosed(False)

    async def run() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            desk = await screens.make_desk(Path(tmp), clock(), online=online)
            window = StationWindow(desk)
            try:
                window.resize(*size)
                window.show()
                window._logged_in(screens.SID)
                await asyncio.sleep(0.2)
                await scenario(window)
            finally:
                window.session.close_projector()
                window.close()
                await desk.close()
                desk._store.close()
                window.deleteLater()

    run_on_qasync(qapp, run())


def no_french(widget: QWidget) -> None:
    assert french_left(widget) == []


def test_the_session_screen_in_every_state(qapp: QApplication, english: None,
                                           ascii_session: None) -> None:
    async def scenario(window: StationWindow) -> None:
        session = window.session
        no_french(window)  # nothing selected
        session.table.selectRow(0)  # the alert first: attention rows lead the list
        await asyncio.sleep(0.05)
        assert session.panel.buttons["alert"].isEnabled()
        no_french(window)
        for row in range(session.table.proxy.rowCount()):  # each candidate's panel
            session.table.selectRow(row)
            assert french_left(session.panel) == [], session.table.selected_row()
        session.table.selectAll()  # several at once
        await asyncio.sleep(0.05)
        no_french(window)
        model = session.model
        for r in range(model.rowCount()):  # what a screen reader says of each name
            text = model.data(model.index(r, NAME_COLUMN), Qt.ItemDataRole.AccessibleTextRole)
            assert not looks_french(text), text
        for section in HEADER_TIPS:
            tip = model.headerData(section, Qt.Orientation.Horizontal,
                                   Qt.ItemDataRole.ToolTipRole)
            assert not looks_french(tip), tip
        header = session.header
        header.toggle_code()
        no_french(header)
        header.set_header(HEADER.model_copy(update={"launched": False}), launched=False)
        assert header.launch.text() == "Launch the test"
        no_french(header)
        header.set_header(None, launched=False)  # offline restart without a cached header
        no_french(header)
        assert not looks_french(header.title.toolTip())
        assert long_date(date(2020, 12, 14)) == "Monday 14 December 2020"
        session.close_entries.setText("")
        session._refresh_header()
        assert session.close_entries.text() == "Entries closed"  # the recorded launch closed them
        session.panel.show_message(desk_texts.station_text(desk_texts.UNLOCKED_FR), error=False)
        no_french(session.panel)

    on_station(qapp, scenario)


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_the_english_headers_and_values_are_not_cut(qapp: QApplication, english: None,
                                                    ascii_session: None,
                                                    size: tuple[int, int]) -> None:
    """English is not always shorter: "Left" is narrower than an overtime "+5 min"."""
    async def scenario(window: StationWindow) -> None:
        table = window.session.table
        header = table.horizontalHeader()
        font = QFont(table.font())
        font.setPixelSize(table._font_px)
        plain_font = QFontMetrics(font)
        font.setBold(True)
        bold = QFontMetrics(font)
        overtime = [r for r in window.desk.rows() if (r.remaining_s or 0) < 0]
        assert overtime and cell_text(overtime[0], 6).startswith("+")
        for c in range(len(COLUMNS)):
            if table.isColumnHidden(c) or c == FLAGS_COLUMN:
                continue
            width = header.sectionSize(c)  # 20 px: the item's padding and text margins
            assert bold.horizontalAdvance(column_title(c)) + 20 <= width, column_title(c)
            metrics = bold if c in BOLD_COLUMNS else plain_font
            for row in window.desk.rows() if c != NAME_COLUMN else ():  # names: test_table
                text = cell_text(row, c)
                assert metrics.horizontalAdvance(text) + 20 <= width, (column_title(c), text)

    on_station(qapp, scenario, size=size)


def test_the_stale_banner_and_the_relay_line(qapp: QApplication, english: None,
                                             ascii_session: None) -> None:
    async def scenario(window: StationWindow) -> None:
        banner = window.session.banner
        banner.set_status(False, clock().now() - timedelta(minutes=3), 4)
        assert banner.isVisibleTo(window)
        no_french(window)
        local = clock().now().astimezone()
        base = relay.RelayStatus(running=True, central_reachable=True, last_contact=local,
                                 pending_upstream=0, refused_upstream=0,
                                 lan_addresses=("192.168.1.20",), port=8471,
                                 started_at=local.replace(hour=7, minute=31))
        statuses = [None, base, replace(base, running=False),
                    replace(base, central_reachable=None, lan_addresses=()),
                    replace(base, central_reachable=False, pending_upstream=1,
                            refused_upstream=1),
                    replace(base, central_reachable=False, last_contact=None, started_at=None,
                            pending_upstream=37, refused_upstream=2)]
        header = window.session.header
        for status in statuses:
            line = relay.status_line(status)
            header.set_relay_status(line, warning=relay.needs_attention(status))
            assert french_left(header) == [], line
        assert "37 events waiting to be sent" in relay.status_line(statuses[-1])

    on_station(qapp, scenario, online=False)


def test_every_dialog_of_the_session(qapp: QApplication, english: None,
                                     ascii_session: None) -> None:
    async def scenario(window: StationWindow) -> None:
        session = window.session
        rows = window.desk.rows()
        alert = next(r for r in rows if r.alert_id is not None)
        running = next(r for r in rows if r.running)

        async def shown(open_it: Callable[[], Any]) -> QWidget:
            result = open_it()
            if asyncio.iscoroutine(result):
                await result
            dialog = session._dialog
            assert dialog is not None
            await until(dialog.isVisible, 3, "dialog shown")
            no_french(dialog)
            dialog.close()
            session._dialog = None
            return dialog

        await shown(lambda: session._alert(alert))  # the question from the server
        await shown(lambda: session._request("time", running.candidate_id))
        await shown(lambda: session._add_time(None))
        await shown(lambda: session._request("incident", running.candidate_id))
        await shown(lambda: session._request("end_test", running.candidate_id))
        await shown(session._launch)
        await shown(session._close_entries)
        kit = await shown(session._kit)
        assert kit.windowTitle() == "Save the invigilator kit"
        window._quit()
        quit_dialog = next(w for w in window.findChildren(QWidget)
                           if w.isWindow() and w.isVisible() and w is not window)
        no_french(quit_dialog)
        quit_dialog.close()

    on_station(qapp, scenario)


def test_the_dialogs_alone(qtbot: Any, english: None) -> None:
    from types import SimpleNamespace

    row = SimpleNamespace(name="LOVELACE Ada", position=3, total=32)
    question = Challenge(id="c1", competence="1.1", level=2, skill="", type=ChallengeType.QROC,
                         instruction="Which format is this file?",
                         fields=(InputField(name="ext", label="Extension"),),
                         image="img.png", image_alt="a screenshot", attachment="report.odt",
                         timer=60, focus=True)
    for q in (question, None):
        dialog = AlertDialog(row, (), None, q)  # type: ignore[arg-type]
        qtbot.addWidget(dialog)
        dialog.show()
        no_french(dialog)
    dialog = AddTimeDialog("LOVELACE Ada", 12, None)
    qtbot.addWidget(dialog)
    dialog.show()
    no_french(dialog)
    incident = IncidentDialog(row, None)  # type: ignore[arg-type]
    qtbot.addWidget(incident)
    incident.show()
    incident.show_errors([desk_texts.refusal_fr("question_number_missing")])
    no_french(incident)


def test_the_projector(qapp: QApplication, english: None, ascii_session: None) -> None:
    async def scenario(window: StationWindow) -> None:
        window.session.show_projector()
        projector = window.session.projector
        assert projector is not None
        no_french(projector)
        projector.toggle_code()
        no_french(projector)
        assert projector.code.accessibleName() == "Access code BCRQ72"

    on_station(qapp, scenario)


def test_the_login_screen(qtbot: Any, english: None) -> None:
    login = LoginView()
    qtbot.addWidget(login)
    login.show()
    no_french(login)
    login._submit()  # nothing typed
    assert login.error.isVisible()
    no_french(login)
    for notice in (relay.FIRST_START_NOTICE_FR, relay.RESTART_NOTICE_FR):
        login.set_notice(relay.said(notice))
        no_french(login)
    login.set_busy(True, relay.said(relay.PREPARING_FR))
    no_french(login)
    login.set_busy(True)
    assert login.submit.text() == "Logging in…"
    login.show_error(message_fr(BadCredentials("bad_credentials", "no", status=401)))
    no_french(login)


def test_every_sentence_the_desk_and_the_relay_can_say(english: None) -> None:
    said = [desk_texts.refusal_fr(code) for code in desk_texts._REFUSALS_FR]
    said += [desk_texts.refusal_fr("new_rule", "a rule the station does not know"),
             desk_texts.server_refused_fr(desk_texts.refusal_fr("test_ended")),
             desk_texts.impossible_fr("bad payload"), desk_texts.unknown_candidate(7)]
    said += [desk_texts.station_text(t) for t in (
        desk_texts.TASK_FAILED_FR, desk_texts.UNLOCKED_FR, desk_texts.UNLOCK_FAILED_FR,
        desk_texts.BAD_MINUTES_FR, desk_texts.INCIDENT_NOT_SAVED_FR, desk_texts.NO_SESSION_FR)]
    said += [message_fr(e) for e in (
        BadCredentials("bad_credentials", "no", status=401),
        TokenRejected("token", "expired", status=401), Unreachable("down"),
        ApiRefused("too_many_attempts", "slow down", status=429, retry_after_s=42),
        ApiRefused("forbidden", "no", status=403))]
    said += [relay._offline_no_package_fr(296), relay._wrong_password_offline_fr(296),
             relay._unreadable_package_fr(296), relay._package_format_fr(296),
             relay._port_in_use_fr(8471), relay._refused_fr(296, 409),
             relay._refused_fr(296, 500), relay.key_not_registered_fr("ed25519:abc"),
             relay.said(relay.DISK_FR), relay.said(relay.FAILED_FR)]
    assert [s for s in said if looks_french(s)] == []
    assert message_fr(ApiRefused("too_many_attempts", "slow", status=429, retry_after_s=42)) == (
        "Too many attempts. Try again in 42\u00a0s.")


def test_french_stays_the_reference() -> None:
    """Without the English catalogue the same calls give the French, unchanged."""
    assert desk_texts.refusal_fr("test_ended") == "Le test de ce candidat est terminé."
    assert relay.status_line(None) == "⚠ Relais de la salle\u00a0: arrêté"
    assert long_date(date(2020, 12, 14)) == "lundi 14 décembre 2020"
