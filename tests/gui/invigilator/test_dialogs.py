"""Every station dialog clicked through as the invigilator does (issue 19 item 0, item 4):
the alert validated with each category and refused, an incident of each kind, time added,
a test ended, a resume authorised, an end screen seen; what reaches the server is read back.

The first two tests need no server: they check each dialog hands back a real
IncidentCategory for every category (PySide6 returns item data as a plain str, which
broke both actions) and that the alert dialog chooses nothing in advance.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from app.domain.content import Challenge, ChallengeType
from app.domain.events import Event, EventKind
from app.domain.incidents import IncidentCategory
from app.views.invigilator.dialogs import CHOOSE_CATEGORY, AlertDialog, IncidentDialog
from app.views.invigilator.window import StationWindow
from tests.gui.invigilator.test_station import log_in, station
from tests.helpers.live_server import LiveServer
from tests.helpers.station import Kiosk, Session, make_session, named, run_on_qasync, until

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]

E_CODES = tuple(c for c in IncidentCategory if c.needs_question_number)
ROW = SimpleNamespace(name="LOVELACE Ada", position=3, total=32)


def main_button(dialog: Any) -> QPushButton:
    button: QPushButton = dialog.main_button
    return button


def test_the_alert_dialog_chooses_nothing_and_gives_back_each_category(qtbot: Any) -> None:
    question = Challenge(id="c1", competence="1.1", level=2, skill="", type=ChallengeType.QCU,
                         instruction="Quel est le format de ce fichier ?",
                         proposals=("PDF", "PNG"), image="img.png", image_alt="une capture")
    for code in E_CODES:
        dialog = AlertDialog(ROW, E_CODES, None, question)  # type: ignore[arg-type]
        qtbot.addWidget(dialog)
        assert not dialog.accept_radio.isChecked() and not dialog.refuse_radio.isChecked()
        assert dialog.category.currentText() == CHOOSE_CATEGORY
        assert not dialog.category.isEnabled()
        assert not main_button(dialog).isEnabled()
        text = dialog.question.text()
        assert "Quel est le format de ce fichier" in text and "2. PNG" in text
        assert "une image (une capture)" in text
        dialog.accept_radio.setChecked(True)
        assert dialog.category.isEnabled() and not main_button(dialog).isEnabled()
        starts = Qt.MatchFlag.MatchStartsWith
        dialog.category.setCurrentIndex(dialog.category.findText(code.value + " ", starts))
        assert main_button(dialog).isEnabled()
        with qtbot.waitSignal(dialog.decided) as got:
            main_button(dialog).click()
        assert got.args[0] is True and got.args[1] is code
        assert isinstance(got.args[1], IncidentCategory)
    dialog = AlertDialog(ROW, E_CODES, None, None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert "n'a pas pu être chargée" in dialog.question.text()
    dialog.refuse_radio.setChecked(True)
    with qtbot.waitSignal(dialog.decided) as got:
        main_button(dialog).click()
    assert got.args == [False, None]


def test_the_incident_dialog_gives_back_each_category(qtbot: Any) -> None:
    for code in IncidentCategory:
        dialog = IncidentDialog(ROW, None)  # type: ignore[arg-type]
        qtbot.addWidget(dialog)
        dialog.category.setCurrentIndex(list(IncidentCategory).index(code))
        assert dialog.question.isEnabled() is code.needs_question_number
        dialog.description.setPlainText("Écran noir")
        with qtbot.waitSignal(dialog.submitted) as got:
            main_button(dialog).click()
        assert got.args[0] is code
        assert got.args[1] == (3 if code.needs_question_number else None)


# -- against a live server -------------------------------------------------------------


_TOKENS: dict[int, str] = {}


def on_server(s: Session, kind: EventKind) -> list[Event]:
    inv = _TOKENS.get(s.sid) or _TOKENS.setdefault(
        s.sid, s.driver.login_invigilator(s.sid, s.password))
    data = s.driver.call("GET", f"/api/sessions/{s.sid}/events", inv,
                         params={"after": 0, "wait": 0, "limit": 1000})
    return [e for e in (Event.from_wire(w) for w in data["events"]) if e.kind is kind]


def started(s: Session, *names: tuple[str, str]) -> list[Kiosk]:
    inv = s.driver.login_invigilator(s.sid, s.password)
    kiosks = [Kiosk(s, first, last) for first, last in names]
    for k in kiosks:
        k.join()
        s.driver.action(inv, "PresenceConfirmed", k.cid)
        k.start()
    return kiosks


async def open_session(window: StationWindow, qtbot: Any, s: Session) -> None:
    log_in(window, qtbot, s.sid, s.password)
    await until(lambda: window.stack.currentWidget() is window.session, 5, "session")


async def click_action(window: StationWindow, qtbot: Any, cid: int, action: str) -> None:
    window.session.table.select_candidate(cid)
    await until(lambda: named(window, action).isEnabled(), 5, f"{action} enabled")
    qtbot.mouseClick(named(window, action), Qt.MouseButton.LeftButton)


def test_alerts_validated_with_their_categories_and_refused(
    qapp: QApplication, qtbot: Any, server: LiveServer, tmp_path: Path
) -> None:
    s = make_session(server, [("Ada", "Lovelace")])
    (ada,) = started(s, ("Ada", "Lovelace"))
    window = station(server, tmp_path)
    qtbot.addWidget(window)
    used: list[IncidentCategory] = []

    async def alert(n: int) -> AlertDialog:
        ada.push(EventKind.ALERT_RAISED, alert_id=f"a{n}", challenge_id=ada.challenge_ids()[n])
        await click_action(window, qtbot, ada.cid, "Traiter le signalement")
        await until(lambda: isinstance(window.session._dialog, AlertDialog), 5, "alert dialog")
        dialog = window.session._dialog
        assert isinstance(dialog, AlertDialog)
        assert not main_button(dialog).isEnabled()  # nothing chosen in advance
        return dialog

    async def scenario() -> None:
        await open_session(window, qtbot, s)
        for n in range(4):
            dialog = await alert(n)
            offered = [dialog.category.itemText(i)
                       for i in range(1, dialog.category.count())]
            values = [t.split(" ")[0] for t in offered]
            code = next(c for c in E_CODES if c.value in values and c not in used)
            used.append(code)
            dialog.accept_radio.click()
            dialog.category.setCurrentIndex(1 + values.index(code.value))
            assert dialog.accept_radio.isChecked() and main_button(dialog).isEnabled()
            qtbot.mouseClick(named(dialog, "Enregistrer la décision"), Qt.MouseButton.LeftButton)
            assert not dialog.isVisible()
            await until(lambda n=n: len(on_server(s, EventKind.ALERT_RESOLVED)) == n + 1, 10,
                        f"alert {n} {code}: {window.session.panel.message.text()}")
        dialog = await alert(4)
        dialog.refuse_radio.click()
        qtbot.mouseClick(named(dialog, "Enregistrer la décision"), Qt.MouseButton.LeftButton)
        await until(lambda: len(on_server(s, EventKind.ALERT_RESOLVED)) == 5, 10)
        resolved = on_server(s, EventKind.ALERT_RESOLVED)
        assert [e.payload["category"] for e in resolved] == [c.value for c in used] + [None]
        assert [e.payload["accepted"] for e in resolved] == [True] * 4 + [False]
        await until(lambda: not window.desk.row(ada.cid).paused, 5)  # type: ignore[union-attr]
        assert window.session.panel.message.text() == ""
        await window.desk.close()
        window.desk._store.close()  # as the composition root does

    run_on_qasync(qapp, scenario())


def test_incidents_of_each_kind_time_end_test_resume_and_end_screen(
    qapp: QApplication, qtbot: Any, server: LiveServer, tmp_path: Path
) -> None:
    s = make_session(server, [("Ada", "Lovelace"), ("Alan", "Turing"), ("Grace", "Hopper")])
    ada, alan, grace = started(s, ("Ada", "Lovelace"), ("Alan", "Turing"), ("Grace", "Hopper"))
    window = station(server, tmp_path)
    qtbot.addWidget(window)

    def dialog() -> Any:
        d = window.session._dialog
        assert d is not None and d.isVisible()
        return d

    async def scenario() -> None:
        await open_session(window, qtbot, s)
        for n, code in enumerate(IncidentCategory, 1):
            await click_action(window, qtbot, ada.cid, "Signaler un incident")
            d = dialog()
            assert isinstance(d, IncidentDialog)
            d.category.setCurrentIndex(list(IncidentCategory).index(code))
            d.description.setPlainText(f"Incident {code.value}")
            qtbot.mouseClick(named(d, "Enregistrer le signalement"), Qt.MouseButton.LeftButton)
            await until(lambda: window.session._dialog is None, 5, f"{code} recorded")
            await until(lambda n=n: len(on_server(s, EventKind.INCIDENT_REPORTED)) == n, 10)
        reported = on_server(s, EventKind.INCIDENT_REPORTED)
        assert [e.payload["category"] for e in reported] == [c.value for c in IncidentCategory]
        assert all(e.candidate_id == ada.cid for e in reported)

        await click_action(window, qtbot, ada.cid, "Ajouter du temps")
        dialog().minutes.setValue(7)
        qtbot.mouseClick(named(dialog(), "Ajouter le temps"), Qt.MouseButton.LeftButton)
        await until(lambda: bool(on_server(s, EventKind.TIME_ADDED)), 10, "time added")
        assert on_server(s, EventKind.TIME_ADDED)[0].payload["minutes"] == 7

        alan.push(EventKind.RESUME_REQUESTED, outage_ms=61_000)
        await click_action(window, qtbot, alan.cid, "Autoriser la reprise")
        await until(lambda: bool(on_server(s, EventKind.RESUME_AUTHORIZED)), 10, "resume")

        await click_action(window, qtbot, alan.cid, "Terminer le test")
        qtbot.mouseClick(named(dialog(), "Terminer le test"), Qt.MouseButton.LeftButton)
        await until(lambda: any(e.payload.get("by") == "invigilator"
                                for e in on_server(s, EventKind.TEST_ENDED)), 10, "ended")

        grace.push(EventKind.TEST_ENDED, by="candidate")
        await click_action(window, qtbot, grace.cid, "Écran de fin de test vu")
        await until(lambda: bool(on_server(s, EventKind.END_SCREEN_SEEN)), 10, "end screen")
        assert on_server(s, EventKind.END_SCREEN_SEEN)[0].candidate_id == grace.cid
        assert window.session.panel.message.text() == ""
        await window.desk.close()
        window.desk._store.close()  # as the composition root does

    run_on_qasync(qapp, scenario())


def test_the_kit_is_the_full_kit_saved_in_documents_and_confirmed(
    qapp: QApplication, qtbot: Any, server: LiveServer, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services import documents as docs
    from app.views.invigilator import kit
    from app.views.widgets import files

    s = make_session(server)
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(files, "default_folder", lambda: documents)
    built: list[tuple[Any, ...]] = []
    full_kit = docs.invigilator_kit

    def spy(*args: Any) -> Any:
        built.append(args)
        return full_kit(*args)

    monkeypatch.setattr(kit.docs, "invigilator_kit", spy)
    window = station(server, tmp_path)
    qtbot.addWidget(window)

    async def scenario() -> None:
        await open_session(window, qtbot, s)
        qtbot.mouseClick(named(window, "Kit surveillant (PDF)"), Qt.MouseButton.LeftButton)
        dialog = window.session._dialog
        assert dialog is not None
        assert Path(dialog.directory().absolutePath()) == documents  # type: ignore[attr-defined]
        target = documents / f"kit-surveillant-session-{s.sid}.pdf"
        assert dialog.selectedFiles() == [str(target)]  # type: ignore[attr-defined]
        dialog.fileSelected.emit(str(target))  # type: ignore[attr-defined]
        assert target.read_bytes().startswith(b"%PDF")
        info, code, password, resume = built[0]
        assert (info.session_number, code, password) == (s.sid, s.access_code, s.password)
        assert resume  # the resume code for an offline kiosk (issue 17)
        if shutil.which("pdftotext"):  # the full kit: codes and the day's steps
            text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True,
                                  text=True, check=True).stdout
            assert "Déroulement" in text and s.access_code in text
            assert "Collège Anne Frank" in text
        message = window.session.panel.message
        assert message.toolTip() == f"Enregistré\u00a0: {target}"
        assert message.property("role") != "error"
        dialog.reject()  # type: ignore[attr-defined]
        await window.desk.close()
        window.desk._store.close()  # as the composition root does

    run_on_qasync(qapp, scenario())
