"""The station and the brute-force limits (issue 17): the invigilator hears of a limit in
French, and lifts a candidate's access-code lockout with "Débloquer le code"."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services.desk_texts import UNLOCKED_FR
from app.views.invigilator.window import StationWindow
from tests.helpers.live_server import LiveServer
from tests.helpers.station import Kiosk, make_desk, make_session, named, run_on_qasync, until

pytestmark = [pytest.mark.slow, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_too_many_wrong_passwords_are_said_in_french(
    qapp: QApplication, qtbot: Any, server: LiveServer, tmp_path: Path
) -> None:
    s = make_session(server)
    for _ in range(10):
        requests.post(f"{server.url}/api/invigilator/login", timeout=30,
                      json={"session_number": s.sid, "password": "AAAAAA"})
    desk, _store, _api = make_desk(server.url, tmp_path)
    window = StationWindow(desk)
    window.resize(1366, 768)
    window.show()
    qtbot.addWidget(window)

    async def scenario() -> None:
        named(window, "Numéro de la session").setText(str(s.sid))
        named(window, "Mot de passe de la session").setText(s.password.removeprefix("C-"))
        qtbot.mouseClick(named(window, "Surveiller la session"), Qt.MouseButton.LeftButton)
        await until(lambda: window.login.error.isVisible(), 5, "error shown")
        assert re.fullmatch(r"Trop d'essais\. Réessayez dans \d+\u00a0s\.",
                            window.login.error.text()), window.login.error.text()
        await desk.close()

    run_on_qasync(qapp, scenario())


def test_the_station_lifts_an_access_code_lockout(
    qapp: QApplication, qtbot: Any, server: LiveServer, tmp_path: Path
) -> None:
    s = make_session(server)
    ada = Kiosk(s, "Ada", "Lovelace")
    ada.join()
    wrong = {"access_code": "ZZZZZZ", "device_id": ada.device}
    answers = [s.driver.http.post(f"{server.url}/api/candidate/start", json=wrong, timeout=30,
                                  headers={"Authorization": f"Bearer {ada.token}"}).status_code
               for _ in range(6)]
    assert answers == [403] * 5 + [429]
    desk, _store, _api = make_desk(server.url, tmp_path)
    window = StationWindow(desk)
    window.resize(1366, 768)
    window.show()
    qtbot.addWidget(window)

    async def scenario() -> None:
        named(window, "Numéro de la session").setText(str(s.sid))
        named(window, "Mot de passe de la session").setText(s.password.removeprefix("C-"))
        qtbot.mouseClick(named(window, "Surveiller la session"), Qt.MouseButton.LeftButton)
        await until(lambda: window.stack.currentWidget() is window.session, 5, "session")
        table = window.session.table
        await until(lambda: desk.row(ada.cid) is not None and desk.row(ada.cid).joined, 5)
        table.select_candidate(ada.cid)
        unlock = named(window, "Débloquer le code")
        await until(unlock.isEnabled, 3, "button enabled")
        qtbot.mouseClick(unlock, Qt.MouseButton.LeftButton)
        await until(lambda: window.session.panel.message.text() == UNLOCKED_FR, 5, "said")
        r = s.driver.http.post(f"{server.url}/api/candidate/start", json=wrong, timeout=30,
                               headers={"Authorization": f"Bearer {ada.token}"})
        assert r.status_code == 403  # compared again, not locked
        await desk.close()

    run_on_qasync(qapp, scenario())
