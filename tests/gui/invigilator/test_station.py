"""The station's screens against a live server, as the invigilator sees and uses them:
controls found by their accessible (French) names, clicked, and the screen read back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit

from app.domain.events import EventKind
from app.services.desk_texts import TASK_FAILED_FR
from app.services.invigilator_api import BAD_CREDENTIALS_FR
from app.views.invigilator.table import ROW_ROLE
from app.views.invigilator.window import StationWindow
from tests.helpers.live_server import ROOT, LiveServer
from tests.helpers.station import (
    Kiosk,
    make_desk,
    make_session,
    named,
    run_on_qasync,
    until,
)

pytestmark = [
    pytest.mark.slow,
    # offscreen Qt cannot size a top-level window to its hints; harmless here
    pytest.mark.qt_log_ignore("propagateSizeHints"),
]


def station(server: LiveServer, tmp: Path) -> StationWindow:
    desk, _store, _api = make_desk(server.url, tmp)
    window = StationWindow(desk)
    window.resize(1366, 768)
    window.show()
    return window


def log_in(window: StationWindow, qtbot: Any, number: int, password: str) -> None:
    named(window, "Numéro de la session").setText(str(number))
    named(window, "Mot de passe de la session").setText(password.removeprefix("C-"))
    qtbot.mouseClick(named(window, "Surveiller la session"), Qt.MouseButton.LeftButton)


def test_login_says_the_seed_message_then_opens_the_session(
    qapp: QApplication, qtbot: Any, server: LiveServer, tmp_path: Path
) -> None:
    s = make_session(server)
    window = station(server, tmp_path)
    qtbot.addWidget(window)

    async def scenario() -> None:
        log_in(window, qtbot, s.sid, "C-XXXXXX")
        await until(lambda: window.login.error.isVisible(), 5, "error shown")
        assert window.login.error.text() == BAD_CREDENTIALS_FR
        log_in(window, qtbot, s.sid, s.password)
        await until(lambda: window.stack.currentWidget() is window.session, 5, "session")
        assert f"Session {s.sid}" in window.session.header.title.text()
        code = named(window, "Code d'accès masqué")
        assert s.access_code not in code.text()
        qtbot.mouseClick(named(window, "Afficher le code d'accès"), Qt.MouseButton.LeftButton)
        assert window.session.header.code.text() == s.access_code
        assert "Total\u00a0: 2" in window.session.counters.text()
        # every control carries an accessible name equal to its French label
        for button in window.findChildren(QAbstractButton):
            assert button.accessibleName() == button.text().replace("&", ""), button.text()
        for edit in window.findChildren(QLineEdit):
            assert edit.accessibleName(), edit.objectName()
        await window.desk.close()

    run_on_qasync(qapp, scenario())


def test_presence_from_the_panel_then_live_start_and_alert_first(
    qapp: QApplication, qtbot: Any, server: LiveServer, tmp_path: Path
) -> None:
    s = make_session(server, [("Ada", "Lovelace"), ("Alan", "Turing"), ("Éloïse", "Bernier")])
    window = station(server, tmp_path)
    qtbot.addWidget(window)
    table = window.session.table
    ada, alan = Kiosk(s, "Ada", "Lovelace"), Kiosk(s, "Alan", "Turing")

    def first_row() -> Any:
        return table.proxy.data(table.proxy.index(0, 0), ROW_ROLE)

    async def scenario() -> None:
        log_in(window, qtbot, s.sid, s.password)
        await until(lambda: window.stack.currentWidget() is window.session, 5)
        # accent- and case-insensitive search
        named(window, "Rechercher un candidat").setText("eloise")
        assert table.proxy.rowCount() == 1 and first_row().first_name == "Éloïse"
        named(window, "Rechercher un candidat").setText("")
        ada.join()
        alan.join()
        await until(lambda: first_row() is not None and first_row().joined, 3, "joined")
        table.select_candidate(ada.cid)
        qtbot.mouseClick(named(window, "Confirmer la présence"), Qt.MouseButton.LeftButton)
        await until(lambda: ada.status()["presence_valid"], 5, "presence on the kiosk")
        table.select_candidate(alan.cid)
        qtbot.keyClick(table, Qt.Key.Key_Return)  # Enter does the row's main action
        await until(lambda: alan.status()["presence_valid"], 5, "presence by keyboard")
        ada.start()
        alan.start()
        await until(lambda: "En cours\u00a0: 2" in window.session.counters.text(), 3, "live")
        alan.push(EventKind.ALERT_RAISED, alert_id="a1", challenge_id=alan.challenge_ids()[0])
        await until(lambda: first_row().candidate_id == alan.cid and first_row().paused, 3)
        index = table.proxy.index(0, 1)
        assert "⚠ Signalement à traiter" in table.proxy.data(index)
        font = table.proxy.data(index, Qt.ItemDataRole.FontRole)
        assert font is not None and font.bold()  # not by colour alone
        await window.desk.close()

    run_on_qasync(qapp, scenario())


def test_outage_banner_at_once_and_actions_replayed(
    qapp: QApplication, qtbot: Any, server: LiveServer, tmp_path: Path
) -> None:
    s = make_session(server)
    ada = Kiosk(s, "Ada", "Lovelace")
    ada.join()
    inv = s.driver.login_invigilator(s.sid, s.password)
    s.driver.action(inv, "PresenceConfirmed", ada.cid)
    ada.start()
    window = station(server, tmp_path)
    qtbot.addWidget(window)
    banner = window.session.banner

    async def scenario() -> None:
        log_in(window, qtbot, s.sid, s.password)
        await until(lambda: window.desk.online is True, 5)
        assert not banner.isVisible()
        server.kill()
        await until(banner.isVisible, 3, "stale banner")
        assert "Connexion au serveur perdue depuis" in banner.text.text()
        window.session.table.select_candidate(ada.cid)
        qtbot.mouseClick(named(window, "Ajouter du temps"), Qt.MouseButton.LeftButton)
        dialog = window.session._dialog
        assert dialog is not None
        dialog.minutes.setValue(6)  # type: ignore[attr-defined]
        qtbot.mouseClick(named(dialog, "Ajouter le temps"), Qt.MouseButton.LeftButton)
        await until(lambda: window.desk.unsent_total == 1, 3, "kept locally")
        assert "(1 en attente)" in banner.text.text()
        server.start()
        await until(lambda: not banner.isVisible() and window.desk.unsent_total == 0, 15)
        assert EventKind.TIME_ADDED in ada.kinds_seen()
        await window.desk.close()

    run_on_qasync(qapp, scenario())


def test_an_action_that_fails_in_the_background_is_said_on_the_panel(
    qapp: QApplication, qtbot: Any, server: LiveServer, tmp_path: Path
) -> None:
    """Issue 19: a station action failed inside its task (a dialog's value read back as a
    str) and the invigilator was told nothing. Any such failure is now said in French."""
    window = station(server, tmp_path)
    qtbot.addWidget(window)

    async def broken() -> None:
        raise AttributeError("'str' object has no attribute 'needs_question_number'")

    async def scenario() -> None:
        window.session.run(broken())
        panel = window.session.panel
        await until(lambda: panel.message.text() == TASK_FAILED_FR, 3, "said on the panel")
        await window.desk.close()

    run_on_qasync(qapp, scenario())


def test_demo_headless_exits_0(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "demo", "--headless", "--data-dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env=os.environ | {"EXAMROOM_DATA_DIR": str(tmp_path / "home")},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "mot de passe" in done.stdout and '"ok": true' in done.stdout


def test_a_latecomer_is_admitted_before_the_code_never_after(
    qapp: QApplication, qtbot: Any, server: LiveServer, tmp_path: Path
) -> None:
    """Seed 000, scenario 6: "Admettre le retardataire" only after "Clore les entrées" and
    before the code is given; once the test is launched the entries are closed by
    themselves and the button is off."""
    s = make_session(server, [("Ada", "Lovelace"), ("Alan", "Turing"), ("Grace", "Hopper")])
    window = station(server, tmp_path)
    qtbot.addWidget(window)
    ada, grace = Kiosk(s, "Ada", "Lovelace"), Kiosk(s, "Grace", "Hopper")

    async def scenario() -> None:
        log_in(window, qtbot, s.sid, s.password)
        await until(lambda: window.stack.currentWidget() is window.session, 5)
        ada.join()
        window.session.table.select_candidate(s.candidates["Alan"]["id"])
        assert not named(window, "Admettre le retardataire").isEnabled()  # entries open
        assert await window.desk.close_entries()
        await until(lambda: window.session.close_entries.text() == "Entrées closes", 3)
        window.session.table.select_candidate(s.candidates["Grace"]["id"])
        admit = named(window, "Admettre le retardataire")
        assert admit.isEnabled()
        qtbot.mouseClick(admit, Qt.MouseButton.LeftButton)
        grace_id = s.candidates["Grace"]["id"]
        await until(lambda: (r := window.desk.row(grace_id)) is not None and r.late_admitted, 5)
        await until(lambda: window.desk.unsent_total == 0, 5, "admission sent")
        grace.join()
        assert await window.desk.launch_test()
        await until(lambda: window.session.close_entries.text() == "Entrées closes", 3)
        assert window.session.header.launch.text() == "Test lancé"
        window.session.table.select_candidate(s.candidates["Alan"]["id"])
        assert not named(window, "Admettre le retardataire").isEnabled()
        assert not await window.desk.admit_late(s.candidates["Alan"]["id"])
        await window.desk.close()

    run_on_qasync(qapp, scenario())
