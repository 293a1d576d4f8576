"""The invigilator station as its room's relay (`examroom invigilator --relay`, issue 10).

The station is built as `examroom invigilator --relay` builds it (`build_station` with a
relay port) against a live central server, and used as the invigilator uses it: type the
session number and password, click, read the screen. Then the central server is stopped
and a new station on the same data directory starts the relay from the stored package,
and a kiosk joins through it.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.relay.package import package_path, relay_public_key
from app.relay.station import (
    FIRST_START_NOTICE_FR,
    PREPARING_FR,
    RESTART_NOTICE_FR,
    RelayStatus,
    StationRelay,
    StationRelayError,
    key_not_registered_fr,
    lan_addresses,
    needs_attention,
    status_line,
)
from app.services.invigilator_api import BAD_CREDENTIALS_FR
from app.views.invigilator.main import Station, build_station, open_station
from app.views.invigilator.window import StationWindow
from tests.helpers.live_server import LiveServer, free_port
from tests.helpers.station import make_session, run_on_qasync, until

NBSP = "\u00a0"


def offline_no_package(sid: int) -> str:
    return (
        f"Le serveur central est injoignable et ce poste n'a pas encore le paquet de la "
        f"session {sid}{NBSP}: connectez-le à internet une fois pour le préparer, avant la "
        f"session."
    )


# -- the header's line ---------------------------------------------------------------------


def at(hour: int, minute: int) -> datetime:
    """A time of today, in local time (the station shows local times)."""
    return datetime.now().replace(hour=hour, minute=minute, second=0).astimezone()


def relay_status(**changes: Any) -> RelayStatus:
    base: dict[str, Any] = dict(
        running=True, central_reachable=True, last_contact=at(10, 41), pending_upstream=0,
        refused_upstream=0, lan_addresses=("192.168.1.20",), port=8471, started_at=at(7, 30),
    )
    return RelayStatus(**(base | changes))


def test_status_line_says_active_where_and_that_everything_was_sent() -> None:
    status = relay_status()
    assert status_line(status) == (
        f"Relais de la salle{NBSP}: actif (192.168.1.20:8471) · serveur central joignable "
        f"· tout est transmis"
    )
    assert not needs_attention(status)


def test_status_line_offline_since_the_last_contact_with_a_plural_count() -> None:
    status = relay_status(central_reachable=False, last_contact=at(10, 42),
                          pending_upstream=37)
    assert status_line(status) == (
        f"⚠ Relais de la salle{NBSP}: actif (192.168.1.20:8471) · serveur central "
        f"injoignable depuis 10:42 · 37 événements en attente d'envoi"
    )
    assert needs_attention(status)


def test_status_line_singular_refused_and_offline_since_the_start() -> None:
    offline_at_start = relay_status(central_reachable=False, last_contact=None,
                                    pending_upstream=1)
    assert status_line(offline_at_start).endswith(
        "serveur central injoignable depuis 07:30 · 1 événement en attente d'envoi")
    refused = relay_status(refused_upstream=1)
    assert status_line(refused) == (
        f"⚠ Relais de la salle{NBSP}: actif (192.168.1.20:8471) · serveur central joignable "
        f"· 1 événement refusé par le serveur central"
    )
    assert needs_attention(refused)
    two = status_line(relay_status(refused_upstream=2, pending_upstream=3))
    assert "3 événements en attente d'envoi · 2 événements refusés par le serveur central" in two
    assert "tout est transmis" not in two


def test_status_line_before_the_first_contact_without_address_and_stopped() -> None:
    first = relay_status(central_reachable=None, lan_addresses=())
    assert status_line(first) == (
        f"Relais de la salle{NBSP}: actif (port 8471, aucune adresse réseau) · connexion au "
        f"serveur central… · tout est transmis"
    )
    two = status_line(relay_status(lan_addresses=("192.168.1.20", "10.0.0.5", "10.1.1.1")))
    assert "actif (192.168.1.20:8471, 10.0.0.5:8471)" in two
    assert status_line(relay_status(running=False)) == (
        f"⚠ Relais de la salle{NBSP}: ne répond plus (port 8471)")
    assert status_line(None) == f"⚠ Relais de la salle{NBSP}: arrêté"


def test_lan_addresses_never_offer_loopback() -> None:
    assert all(not a.startswith("127.") for a in lan_addresses())


# -- refusals without a central server ------------------------------------------------------


def unreachable_url() -> str:
    return f"http://127.0.0.1:{free_port()}"  # nothing listens there


def test_offline_without_a_package_says_so_in_french(tmp_path: Path) -> None:
    relay = StationRelay(unreachable_url(), tmp_path, free_port(), host="127.0.0.1")
    with pytest.raises(StationRelayError) as err:
        relay.start(296, "C-abc123")
    assert err.value.message_fr == offline_no_package(296)
    assert relay.status() is None


class _Failing(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_a_central_answering_503_counts_as_unreachable(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        relay = StationRelay(url, tmp_path, free_port(), host="127.0.0.1")
        with pytest.raises(StationRelayError) as err:
            relay.start(12, "C-abc123")
        assert err.value.message_fr == offline_no_package(12)
    finally:
        server.shutdown()
        server.server_close()


def test_a_port_in_use_is_said_in_french(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        relay = StationRelay(unreachable_url(), tmp_path, port, host="127.0.0.1")
        with pytest.raises(StationRelayError) as err:
            relay.start(296, "C-abc123")
    assert f"Le port {port} de ce poste est déjà utilisé" in err.value.message_fr
    assert "relay_port" in err.value.message_fr


# -- the station, as the invigilator uses it ------------------------------------------------

@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("central"))
    live.create_accounts()
    live.start()
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(autouse=True)
def keep_running(request: pytest.FixtureRequest) -> None:
    if "qapp" in request.fixturenames:
        request.getfixturevalue("qapp").setQuitOnLastWindowClosed(False)


def named(root: QWidget, name: str) -> Any:
    found = [w for w in root.findChildren(QWidget)
             if w.accessibleName() == name and w.isVisible()]
    assert found, f"no visible control named {name!r}"
    return found[0]


def relay_station(central_url: str, data_dir: Path, port: int) -> tuple[Station, StationWindow]:
    station = build_station(central_url, data_dir, relay_port=port)
    window = station.window
    assert isinstance(window, StationWindow)
    window.resize(1366, 768)
    window.show()
    return station, window


def type_and_submit(window: StationWindow, qtbot: Any, number: int, password: str) -> None:
    named(window, "Numéro de la session").setText(str(number))
    named(window, "Mot de passe de la session").setText(password.removeprefix("C-"))
    qtbot.mouseClick(named(window, "Surveiller la session"), Qt.MouseButton.LeftButton)


def no_errors_logged(caplog: pytest.LogCaptureFixture) -> None:
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


@pytest.mark.slow
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_online_login_prepares_the_package_starts_the_relay_and_shows_the_room(
    qapp: QApplication, qtbot: Any, central: LiveServer, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    s = make_session(central)
    s.driver.register_relay_key(s.admin, relay_public_key(tmp_path))
    port = free_port()
    station, window = relay_station(central.url, tmp_path, port)
    qtbot.addWidget(window)
    header = window.session.header
    assert named(window, FIRST_START_NOTICE_FR).text() == FIRST_START_NOTICE_FR
    assert station.api.base_url == f"http://127.0.0.1:{port}"  # the desk talks to the relay

    async def scenario() -> None:
        type_and_submit(window, qtbot, s.sid, s.password)
        # the screen stays live while the relay is prepared in a worker thread
        await until(lambda: window.login.submit.text() == PREPARING_FR, 10, "progress")
        assert named(window, PREPARING_FR) is window.login.submit
        await until(lambda: window.stack.currentWidget() is window.session, 90, "session")
        assert package_path(tmp_path, s.sid).exists()
        assert station.relay is not None and station.relay.session_id == s.sid
        assert requests.get(f"http://127.0.0.1:{port}/api/health", timeout=5).ok
        assert f"Session {s.sid}" in header.title.text()
        assert f"Total{NBSP}: 2" in window.session.counters.text()
        assert {r.last_name for r in window.desk.rows()} == {"Lovelace", "Turing"}
        await until(lambda: "serveur central joignable" in header.relay.text.text(), 30,
                    "relay line")
        line = header.relay.text.text()
        assert line.startswith(f"Relais de la salle{NBSP}: actif (")
        assert f":{port}" in line and line.endswith("tout est transmis")
        assert header.relay.isVisible() and not header.relay.warning
        assert named(window, line) is header.relay.text  # accessible name = visible text
        await station.close()
        assert station.relay.status() is None
        with pytest.raises(requests.RequestException):
            requests.get(f"http://127.0.0.1:{port}/api/health", timeout=2)

    run_on_qasync(qapp, scenario())
    no_errors_logged(caplog)


@pytest.mark.slow
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_wrong_password_online_is_said_on_the_login_screen(
    qapp: QApplication, qtbot: Any, central: LiveServer, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    s = make_session(central)
    station, window = relay_station(central.url, tmp_path, free_port())
    qtbot.addWidget(window)

    async def scenario() -> None:
        type_and_submit(window, qtbot, s.sid, "C-XXXXXX")
        await until(window.login.error.isVisible, 30, "error shown")
        assert window.login.error.text() == BAD_CREDENTIALS_FR
        assert window.stack.currentWidget() is window.login
        assert named(window, "Surveiller la session").isEnabled()  # may try again
        assert station.relay is not None and station.relay.status() is None
        assert not package_path(tmp_path, s.sid).exists()
        await station.close()

    run_on_qasync(qapp, scenario())
    no_errors_logged(caplog)


@pytest.mark.slow
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_an_unregistered_relay_key_is_said_on_the_login_screen(
    qapp: QApplication, qtbot: Any, central: LiveServer, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The right password, but the centre's referent never registered this station's relay
    key (issue 17): the station says so in French, with the key to register."""
    s = make_session(central)
    station, window = relay_station(central.url, tmp_path, free_port())
    qtbot.addWidget(window)

    async def scenario() -> None:
        type_and_submit(window, qtbot, s.sid, s.password)
        await until(window.login.error.isVisible, 30, "error shown")
        assert window.login.error.text() == key_not_registered_fr(relay_public_key(tmp_path))
        assert "Clé du relais" in window.login.error.text()
        assert window.stack.currentWidget() is window.login
        assert not package_path(tmp_path, s.sid).exists()
        await station.close()

    run_on_qasync(qapp, scenario())
    no_errors_logged(caplog)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_offline_with_no_package_is_said_on_the_login_screen(
    qapp: QApplication, qtbot: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    station, window = relay_station(unreachable_url(), tmp_path, free_port())
    qtbot.addWidget(window)

    async def scenario() -> None:
        await open_station(station)  # relay mode: nothing reopened, the login asked for
        assert window.stack.currentWidget() is window.login
        type_and_submit(window, qtbot, 296, "C-abc123")
        await until(window.login.error.isVisible, 30, "error shown")
        assert window.login.error.text() == offline_no_package(296)
        await station.close()

    run_on_qasync(qapp, scenario())
    no_errors_logged(caplog)


@pytest.mark.slow
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_central_down_a_new_station_runs_the_relay_from_the_stored_package(
    qapp: QApplication, qtbot: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    server = LiveServer(tmp_path / "central")
    server.data_dir.mkdir()
    server.create_accounts()
    server.start()
    data_dir, port = tmp_path / "station", free_port()
    relay_url = f"http://127.0.0.1:{port}"
    try:
        s = make_session(server)
        s.driver.register_relay_key(s.admin, relay_public_key(data_dir))
        ada = s.candidates["Ada"]
        first, first_window = relay_station(server.url, data_dir, port)
        qtbot.addWidget(first_window)

        async def the_day_before() -> None:
            assert await first_window.log_in(s.sid, s.password)
            await first.close()

        run_on_qasync(qapp, the_day_before())
        assert package_path(data_dir, s.sid).exists()
    finally:
        server.stop()

    station, window = relay_station(server.url, data_dir, port)
    qtbot.addWidget(window)
    header = window.session.header
    desk = window.desk

    async def the_day() -> None:
        await open_station(station)
        assert window.stack.currentWidget() is window.login  # no automatic reopening
        assert named(window, RESTART_NOTICE_FR).text() == RESTART_NOTICE_FR
        type_and_submit(window, qtbot, s.sid, "C-XXXXXX")
        await until(window.login.error.isVisible, 30, "error shown")
        assert window.login.error.text().startswith(BAD_CREDENTIALS_FR)
        assert "ne s'ouvre pas avec ce mot de passe" in window.login.error.text()

        type_and_submit(window, qtbot, s.sid, s.password)
        await until(lambda: window.stack.currentWidget() is window.session, 90, "session")
        assert f"Total{NBSP}: 2" in window.session.counters.text()
        joined = requests.post(f"{relay_url}/api/candidate/join", timeout=10, json={
            "session_number": s.sid, "first_name": "Ada", "last_name": "Lovelace",
            "birthdate": "2010-05-04", "device_id": "pc-ada"})
        assert joined.status_code == 200, joined.text
        assert joined.json()["candidate_id"] == ada["id"]
        def joined_here() -> bool:
            row = desk.row(ada["id"])
            return row is not None and row.joined

        await until(joined_here, 20, "joined on the station")
        await until(lambda: "injoignable" in header.relay.text.text()
                    and "en attente d'envoi" in header.relay.text.text(), 30, "relay line")
        line = header.relay.text.text()
        assert line.startswith(f"⚠ Relais de la salle{NBSP}: actif (")
        assert re.search(r"serveur central injoignable depuis \d\d:\d\d · ", line), line
        assert header.relay.warning
        assert header.relay.text.accessibleName() == line
        await station.close()

    run_on_qasync(qapp, the_day())
    no_errors_logged(caplog)
