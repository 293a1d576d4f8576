"""The administration screens of the "admin" area in English (issue 20 item 2): sign-in,
sessions, the session form in its three modes, a session in each status, candidates, the
candidate form, the import preview (bad and good files), the school's pupils, the
confirmations and the messages, on the real widgets against a live server.

Each screen and state is looked at with `french_left`; the test data (names, rooms, the
centre) is chosen without French words or accents, so nothing needs to be allowed but the
server's centre name. The jury's screens (finalisation, results, verification, jury) are
the "jury" area's.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from app.services.http import ApiRefused, Unreachable
from app.views.admin.common import (
    BIRTHPLACE_FR,
    MESSAGES,
    RESULT_LABELS,
    STATUS_LABELS,
    birthplace_text,
    error_text,
    long_date,
    result_text,
    room_warnings,
    status_text,
)
from app.views.admin.import_preview import _PROBLEMS_FR, french_line_error
from tests.gui.admin.conftest import Ui, loop, server, ui  # noqa: F401 (fixtures)
from tests.gui.admin.cycle import PASSWORD, DayRunner, bad_csv, students_csv
from tests.helpers.i18n import french_left, looks_french
from tests.helpers.live_server import ADMIN_EMAIL, Driver, LiveServer

pytestmark = [pytest.mark.slow, pytest.mark.qt_log_ignore("propagateSizeHints")]

CENTRE = "Anne Frank School"
"""Shown instead of the server's centre ("Collège Anne Frank", a name: not translated)."""


def test_every_message_status_and_reason_in_english(english: None) -> None:
    said = [error_text(ApiRefused(code, "x", status=400)) for code in MESSAGES]
    said += [
        error_text(ApiRefused("something_new", "x", status=400)),
        error_text(ApiRefused("too_many_attempts", "x", status=429, retry_after_s=42)),
        error_text(Unreachable("down")),
        error_text(RuntimeError("bug")),
        *(status_text(code) for code in STATUS_LABELS),
        *(result_text(code) for code in RESULT_LABELS),
        *(birthplace_text(code) for code in BIRTHPLACE_FR),
        *room_warnings(45, 1),
        long_date("2020-12-14"),
    ]
    for code in _PROBLEMS_FR:
        problem = {"code": code, "column": "classe", "value": "12/300"}
        said.append(french_line_error({"error": "x", "problems": [problem]}))
    said += [french_line_error({"error": "x", "problems": [
        {"code": f"birthplace_{code}", "column": "lieu", "value": "96000 Nulle"},
        {"code": "unknown_code", "column": "", "value": ""}]}) for code in BIRTHPLACE_FR]
    assert [text for text in said if looks_french(text)] == []
    assert long_date("2020-12-14") == "Monday 14 December 2020"
    assert error_text(ApiRefused("too_many_attempts", "x", status=429, retry_after_s=42)) == (
        "Too many attempts. Try again in 42 s.")


def test_the_same_in_french_is_unchanged() -> None:
    assert long_date("2020-12-14") == "lundi 14 décembre 2020"
    assert status_text("published") == "Résultats transmis"
    assert error_text(ApiRefused("forbidden", "x", status=403)) == (
        "Ce compte n'a pas accès à cette page.")


class Look:
    """Collects the French left on each screen, so one run names every screen at fault."""

    def __init__(self, driven: Ui) -> None:
        self.ui = driven
        self.found: list[str] = []
        self.seen: list[str] = []

    def __call__(self, state: str, widget: QWidget | None = None) -> None:
        root = widget or self.ui.window
        self.seen.append(state)
        self.found += [f"{state}: {entry}" for entry in french_left(root)]

    def box(self, state: str, answer: str) -> None:
        box: QMessageBox | None = self.ui.ctx.confirmer.last
        assert box is not None and box.isVisible(), f"{state}: no confirmation is open"
        self(state, box)
        self.ui.confirm(answer)


def prepare(url: str) -> dict[str, int]:
    """Through the API: a session run this morning (started) and one finalised."""
    d = Driver(url)
    admin = d.login_admin()
    ids = {}
    for name in ("started", "finalised"):
        sid = d.create_session(admin, site=CENTRE, room=f"Room {name}",
                               date=date.today().isoformat())["id"]
        d.call("POST", f"/api/admin/sessions/{sid}/candidates/import", admin,
               files={"file": ("pupils.csv", students_csv())})
        cands = DayRunner(url).run(sid)
        ids[name] = sid
        if name == "finalised":
            d.call("POST", f"/api/admin/sessions/{sid}/finalise", admin, json={
                "candidates": [
                    {"candidate_id": cands["Ada"], "end_screen_seen": True},
                    {"candidate_id": cands["Faye"], "end_screen_seen": True},
                    {"candidate_id": cands["Alan"], "abandonment": "candidate"},
                ],
                "comment": "",
            })
    return ids


def test_every_admin_screen_in_english(
    english: None, ui: Ui, loop: asyncio.AbstractEventLoop, server: LiveServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    """`english` first: the window is built once the catalogues are loaded, as in the
    application (set_language, install, then the first window)."""
    ids = prepare(server.url)
    look = Look(ui)

    async def scenario() -> None:
        await ui.screen_loaded("LoginScreen")
        look("sign-in")
        ui.click("Sign in")
        look("sign-in, fields empty")
        ui.type("E-mail address", ADMIN_EMAIL)
        ui.type("Password", "wrong")
        ui.click("Sign in")
        await ui.until(lambda: "wrong" in ui.screen.feedback.text())
        look("sign-in refused")
        ui.type("Password", PASSWORD)
        ui.click("Sign in")
        await ui.screen_loaded("SessionsScreen")
        ui.ctx.centre = CENTRE
        ui.window.show_sessions()
        await ui.screen_loaded("SessionsScreen")
        look("sessions")
        ui.type("From", "31/02/2020")
        ui.click("Filter")
        look("sessions, bad date")

        ui.click("Create a session")
        await ui.screen_loaded("SessionFormScreen")
        look("create a session")
        ui.type("Site name", "")
        ui.type("Date (DD/MM/YYYY)", "31/02/2020")
        ui.type("Start time (HH:MM)", "9h")
        ui.click("Create the session")
        look("create a session, errors")
        day = date.today() + timedelta(days=5)
        ui.type("Site name", CENTRE)
        ui.type("Room", "Room 208")
        ui.type("Invigilator(s), one per line", "\n".join(f"Inv {n}" for n in range(1)))
        ui.type("Date (DD/MM/YYYY)", day.strftime("%d/%m/%Y"))
        ui.type("Start time (HH:MM)", "09:00")
        ui.click("Create the session")
        await ui.screen_loaded("SessionDetailScreen")
        look("session created")
        created: dict[str, Any] = dict(ui.screen.session)
        ui.click("Delete the session")
        look.box("delete the session?", "Cancel")
        ui.click("Edit")
        await ui.screen_loaded("SessionFormScreen")
        look("edit the session")
        ui.click("Cancel")
        await ui.screen_loaded("SessionDetailScreen")
        ui.click("Postpone")
        await ui.screen_loaded("SessionFormScreen")
        look("postpone the session")
        ui.click("Cancel")
        await ui.screen_loaded("SessionDetailScreen")

        ui.click("Candidates (0)")
        await ui.screen_loaded("CandidatesScreen")
        look("candidates, none")
        ui.click("Add a candidate")
        await ui.screen_loaded("CandidateFormScreen")
        look("add a candidate")
        ui.type("Date of birth (DD/MM/YYYY)", "1/13/2010")
        ui.type("Place of birth", "Paris")
        ui.type("Extra time", "lots")
        ui.type("E-mail for the results", "nowhere")
        ui.click("Add the candidate")
        look("add a candidate, errors")
        ui.type("Surname at birth", "Hopper")
        ui.type("First name", "Grace")
        ui.type("Date of birth (DD/MM/YYYY)", "09/12/2010")
        ui.type("Place of birth", "99 Espagne")
        ui.type("Extra time", "30%")
        ui.type("E-mail for the results", "")
        for code in ("1.1", "1.2", "1.3", "2.1", "2.2"):
            ui.find(f"Level {code}").setValue(2)
        look("add a candidate, eligible")
        ui.click("Add the candidate")
        await ui.until(lambda: type(ui.screen).__name__ == "CandidatesScreen"
                       and ui.screen.loaded and ui.screen.table.rowCount() == 1)
        look("candidates, one")
        ui.screen.table.selectRow(0)
        ui.click("Edit")
        await ui.screen_loaded("CandidateFormScreen")
        look("edit a candidate")
        ui.click("Cancel")
        await ui.screen_loaded("CandidatesScreen")
        ui.screen.table.selectRow(0)
        ui.click("Remove")
        look.box("remove the candidate?", "Cancel")
        ui.click("Download the template")
        await ui.until(lambda: ui.screen.feedback.isVisible())
        look("template saved")

        ui.click("Import (CSV or ODS)")
        await ui.screen_loaded("ImportScreen")
        look("import, no file")
        bad = tmp_path / "bad.csv"
        bad.write_bytes(bad_csv())
        ui.files.to_open.append(str(bad))
        ui.click("Choose a file")
        await ui.until(lambda: "error" in ui.find("Import summary").text())
        look("import, lines with errors")
        headers = tmp_path / "headers.csv"
        headers.write_text("nom;nom;colonne\n", encoding="utf-8")
        ui.files.to_open.append(str(headers))
        ui.click("Choose a file")
        await ui.until(lambda: ui.screen.loaded and "headers" in ui.find("File chosen").text())
        look("import, bad header")
        good = tmp_path / "good.csv"
        good.write_bytes(students_csv())
        ui.files.to_open.append(str(good))
        ui.click("Choose a file")
        await ui.until(lambda: ui.find("Replace the list").isEnabled())
        look("import, ready")
        ui.click("Replace the list")
        look.box("replace the list?", "Replace the list")
        await ui.until(lambda: type(ui.screen).__name__ == "CandidatesScreen"
                       and ui.screen.loaded and ui.screen.feedback.isVisible())
        look("candidates imported")

        ui.window.show_pupils(None)
        await ui.screen_loaded("PupilsScreen")
        look("school's pupils, none")
        ui.click("Import (CSV or ODS)")
        await ui.screen_loaded("ImportScreen")
        look("import the school's pupils")
        ui.files.to_open.append(str(good))
        ui.click("Choose a file")
        await ui.until(lambda: ui.find("Replace the list").isEnabled())
        ui.click("Replace the list")
        look.box("replace the school's list?", "Replace the list")
        await ui.until(lambda: type(ui.screen).__name__ == "PupilsScreen"
                       and ui.screen.loaded and ui.screen.feedback.isVisible())
        look("school's pupils imported")
        ui.window.show_pupils(created)
        await ui.screen_loaded("PupilsScreen")
        look("pupils, add to a session")
        ui.click("Add the selection")
        look("pupils, nothing selected")
        ui.click("Add the pupils shown")
        await ui.until(lambda: "added" in ui.screen.feedback.text())
        look("pupils added")

        for sid in (ids["started"], ids["finalised"]):
            ui.window.show_session(sid)
            await ui.screen_loaded("SessionDetailScreen")
            look(f"session {ui.screen.session['status']}")
            session = dict(ui.screen.session)
            ui.window.show_candidates(session)
            await ui.screen_loaded("CandidatesScreen")
            look(f"candidates, session {session['status']}")
        ui.window.show_sessions()
        await ui.screen_loaded("SessionsScreen")
        look("sessions, three statuses")

    loop.run_until_complete(scenario())
    assert len(look.seen) >= 35
    assert look.found == [], "\n".join(look.found)
