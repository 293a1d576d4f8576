"""The jury area in English (issue 20 item 2): finalisation (its three steps, the report
panel, read-only), the jury's list and review, the results and "Vérifier un certificat",
in every state they show, leave no French on screen.

The screens are the real ones; the server is a fake answering the shapes the admin API
gives (the screens' texts are the point here, the server is tested elsewhere), so that
every state is reached in a few milliseconds: errors, confirmations, each message.
Test data are names without accents; what the screens show of them is listed in DATA.
"""

from __future__ import annotations

import ast
import asyncio
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.services.documents import Sheet
from app.services.http import ApiRefused
from app.services.i18n import translate
from app.views.admin.common import RESULT_LABELS, STATUS_LABELS, AdminContext
from app.views.admin.window import AdminWindow
from tests.helpers.i18n import looks_french, visible_texts
from tools import i18n as catalogues

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TODAY = date.today()
DATA = {"College Anne Frank", "B208", "Image missing", "Power cut", "Ambiguous wording",
        "Please check"}
"""Data the screens show as they are (a site, a room, typed descriptions and comments)."""

ADMIN_OWNED = ["Annuler", *STATUS_LABELS.values(), *RESULT_LABELS.values()]
"""Texts of the administration's shared code (app/views/admin/common.py, context "Admin",
the i18n-admin area) that these screens show: the confirmation's "Annuler", the session
and result statuses. Allowed only while the "Admin" catalogue does not translate them."""


def candidate(cid: int, first: str, last: str, **extra: Any) -> dict[str, Any]:
    return {"candidate_id": cid, "first_name": first, "last_name": last,
            "certification_number": 480 + cid, "started": True, "completed": True,
            "incidents": [], "abandonment": None, "end_screen_seen": False, **extra}


def session(status: str, day: date = TODAY) -> dict[str, Any]:
    return {"id": 7, "session_number": 296, "status": status, "date": day.isoformat(),
            "start_time": "09:00", "site": "College Anne Frank", "room": "B208",
            "candidate_count": 4}


def questions() -> list[dict[str, Any]]:
    statuses = ["ok", "ko", "aband", "timedout", "focusedOut", "partially", None]
    return [{"challenge_id": f"rec{i}", "competence": f"{1 + i % 5}.1", "status": s,
             "neutralised": i == 1} for i, s in enumerate(statuses)]


def jury_result(cid: int, first: str, last: str, status: str, **result: Any) -> dict[str, Any]:
    return {"candidate_id": cid, "first_name": first, "last_name": last,
            "certification_number": 480 + cid, "jury_comment": result.pop("comment", None),
            "result": {"status": status, "r": 62, "pix_score": 144,
                       "trustable": status != "pending", "questions": questions(),
                       "incidents": [], "abandonment": None, **result}}


@dataclass
class FakeApi:
    """The admin API's coroutines, answering canned data (app/services/admin_api.py)."""

    token: str | None = "token"
    role: str | None = "admin"
    calls: list[str] = field(default_factory=list)
    saved: dict[str, Any] | None = None

    def logout(self) -> None:
        self.calls.append("logout")

    def close(self) -> None:
        pass

    async def finalisation_state(self, session_id: int) -> list[dict[str, Any]]:
        return [
            candidate(1, "Ada", "Lovelace"),
            candidate(2, "Faye", "Bernier", incidents=[
                {"category": "C7", "question_number": None, "description": "Power cut"}]),
            candidate(3, "Alan", "Turing", completed=False),
            candidate(4, "Louis", "Pouzin", started=False),
            candidate(5, "Grace", "Hopper", started=False),
        ]

    async def documents(self, session_id: int) -> list[dict[str, Any]]:
        return [{"id": 1, "filename": "fraud-report.pdf", "size": 30_000}]

    async def saved_finalisation(self, session_id: int) -> dict[str, Any] | None:
        return self.saved

    async def save_finalisation(self, session_id: int, body: dict[str, Any]) -> None:
        self.saved = body

    async def finalise(self, session_id: int, body: dict[str, Any]) -> dict[str, Any]:
        self.saved = body
        return session("finalised")

    async def upload_document(self, session_id: int, name: str, data: bytes) -> dict[str, Any]:
        return {"id": 2, "filename": name, "size": len(data)}

    async def delete_document(self, session_id: int, document_id: int) -> None:
        self.calls.append(f"delete {document_id}")

    async def jury_sessions(self) -> list[dict[str, Any]]:
        return [session("finalised"), {**session("in_process"), "id": 8, "session_number": 297}]

    async def jury_results(self, session_id: int) -> list[dict[str, Any]]:
        if session_id == 8:
            return []
        return [
            jury_result(1, "Ada", "Lovelace", "validated", comment="Please check"),
            jury_result(2, "Faye", "Bernier", "pending", incidents=[
                {"category": "E1", "question_number": 2, "description": "Image missing"},
                {"category": "C7", "question_number": None, "description": ""}]),
            jury_result(3, "Alan", "Turing", "rejected", abandonment="technical"),
            jury_result(4, "Grace", "Hopper", "cancelled", abandonment="candidate"),
        ]

    async def neutralise(self, session_id: int, candidate_id: int, challenge: str,
                         comment: str) -> dict[str, Any]:
        return session("finalised")

    async def cancel_certification(self, session_id: int, candidate_id: int,
                                   comment: str) -> dict[str, Any]:
        return session("finalised")

    async def jury_comment(self, session_id: int, candidate_id: int,
                           comment: str) -> dict[str, Any]:
        return session("finalised")

    async def publish(self, session_id: int) -> dict[str, Any]:
        return session("published")

    async def results(self, session_id: int) -> list[dict[str, Any]]:
        levels = [{"competence": c, "level": 3} for c in ("1.1", "1.2", "2.1", "3.1", "5.2")]
        return [
            {"candidate_id": 1, "first_name": "Ada", "last_name": "Lovelace",
             "certification_number": 481, "status": "validated", "pix_score": 144,
             "verification_code": "P-C3YFQ8GC", "competences": levels},
            {"candidate_id": 2, "first_name": "Alan", "last_name": "Turing",
             "certification_number": 482, "status": "rejected", "pix_score": 0,
             "verification_code": None, "competences": []},
        ]

    async def results_csv(self, session_id: int) -> Any:
        @dataclass
        class Download:
            content: bytes
            filename: str

        return Download(b"nom;prenom\n", "results.csv")

    async def certificate(self, session_id: int, candidate_id: int) -> dict[str, Any]:
        return await self.verify_certificate("P-C3YFQ8GC")

    async def verify_certificate(self, code: str) -> dict[str, Any]:
        if code != "P-C3YFQ8GC":
            raise ApiRefused("not_found", "no such certificate", status=404)
        return {"first_name": "Ada", "last_name": "Lovelace", "birthdate": "2010-12-10",
                "birthplace": "99 Canada", "issued_on": "2020-12-18",
                "centre": "College Anne Frank", "session_date": "2020-12-14",
                "certification_number": 481, "pix_score": 144,
                "verification_code": "P-C3YFQ8GC",
                "competences": [{"competence": c, "level": 3} for c in ("1.1", "2.3", "4.1")]
                + [{"competence": "5.2", "level": 0}]}


@dataclass
class FakeFiles:
    folder: Path
    to_open: list[str] = field(default_factory=list)

    def open_file(self, parent: QWidget, title: str, filters: str,
                  done: Callable[[str], None]) -> None:
        done(self.to_open.pop(0))

    def save_file(self, parent: QWidget, title: str, suggested: str,
                  done: Callable[[str], None]) -> None:
        done(str(self.folder / suggested))


@dataclass
class FakePrinter:
    printed: list[Sheet] = field(default_factory=list)

    def print_sheet(self, parent: QWidget, sheet: Sheet) -> None:
        self.printed.append(sheet)


class Clock:
    def now(self) -> datetime:
        return datetime.now()


@dataclass
class Room:
    """The administration window on the fake server, and the French left on it."""

    ctx: AdminContext
    window: AdminWindow
    loop: asyncio.AbstractEventLoop
    files: FakeFiles
    seen: list[str] = field(default_factory=list)

    @property
    def screen(self) -> Any:
        return self.window.current

    def settle(self, predicate: Callable[[], object] | None = None) -> None:
        async def wait() -> None:
            for _ in range(200):
                await asyncio.sleep(0.005)
                if not self.ctx.tasks.busy and (predicate is None or predicate()):
                    return
            raise AssertionError(f"{type(self.screen).__name__} did not settle")

        self.loop.run_until_complete(wait())

    def look(self, what: str, widget: QWidget | None = None) -> None:
        """Record the French left on the current screen (or `widget`), named `what`."""
        self.settle()
        untranslated = [t for t in ADMIN_OWNED if translate("Admin", t) == t]
        for where, text in visible_texts(widget or self.screen):
            rest = text
            for admin_text in untranslated:  # a status may be part of a title
                rest = rest.replace(admin_text, "")
            entry = f"{what}: {where}: {text!r}"
            if rest not in DATA and looks_french(rest) and entry not in self.seen:
                self.seen.append(entry)

    def confirmation(self, what: str, yes: bool = False) -> None:
        box: QMessageBox | None = self.ctx.confirmer.last
        assert box is not None and box.isVisible(), f"{what}: no confirmation is open"
        self.look(what, box)
        accept = box.buttons()[0] if yes else box.buttons()[-1]
        box.done(0)
        accept.click()
        self.ctx.confirmer.last = None


@pytest.fixture
def room(qapp: QApplication, english: None, tmp_path: Path) -> Iterator[Room]:
    import qasync

    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    files = FakeFiles(tmp_path)
    ctx = AdminContext(api=FakeApi(), clock=Clock(), files=files,  # type: ignore[arg-type]
                       printer=FakePrinter())
    window = AdminWindow(ctx)
    window.resize(1024, 768)
    window.show()
    try:
        yield Room(ctx, window, loop, files)
    finally:
        ctx.tasks.cancel_all()
        window.close()
        window.deleteLater()
        loop.close()
        asyncio.set_event_loop(None)


def test_finalisation_in_english(room: Room, tmp_path: Path) -> None:
    room.window.show_finalisation(session("started", TODAY - timedelta(days=5)))
    room.look("finalisation, overdue")
    screen = room.screen
    assert "48" in screen.deadline.text()
    screen.confirm()  # Alan's reason is missing
    room.look("reason missing")
    screen.some_problem.setChecked(True)
    screen.comment.setPlainText("x" * 501)
    screen.confirm()
    room.look("comment too long, reason missing")
    screen.comment.setPlainText("")
    screen.confirm()
    room.look("incidents not described")
    screen.save()
    room.look("too long to save")
    screen.no_problem.setChecked(True)
    screen.reasons[3].setCurrentIndex(2)
    screen.confirm()
    room.confirmation("confirm finalisation (screens not ticked)")
    screen.save()
    room.look("saved")
    # step 1's report panel: open, refused by the domain's check, then added
    screen.editor.start(candidate(1, "Ada", "Lovelace"))
    screen.editor.category.setCurrentIndex(screen.editor.category.findData("E1"))
    screen.editor.save()
    room.look("report panel, question number missing")
    screen.editor.question.setValue(3)
    screen.editor.description.setPlainText("x" * 501)
    screen.editor.save()
    room.look("report panel, description too long")
    screen.editor.description.setPlainText("Image missing")
    screen.editor.save()
    room.look("report added")
    # step 2: a document sent, one unreadable, one deleted
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    room.files.to_open += [str(scan), str(tmp_path / "missing.png")]
    screen.choose_document()
    room.look("document sent")
    screen.choose_document()
    room.look("document unreadable")
    screen.documents.setCurrentRow(0)
    screen.confirm_delete_document()
    room.confirmation("confirm deletion", yes=True)
    room.look("document deleted")
    screen.all_seen.setChecked(True)
    screen.confirm()
    room.confirmation("confirm finalisation", yes=True)
    room.settle(lambda: room.screen is not screen and room.screen.loaded)
    assert room.screen.read_only
    room.look("finalised, read-only")
    assert room.seen == [], "\n".join(room.seen)


def test_finalisation_resumed_in_english(room: Room) -> None:
    api: Any = room.ctx.api
    api.saved = {"candidates": [{"candidate_id": 3, "abandonment": "technical", "incidents": [
        {"category": "C6", "question_number": None, "description": ""}]}],
        "comment": "Power cut", "no_particular_problem": False,
        "candidates_had_trouble_joining": True}
    room.window.show_finalisation(session("started"))
    room.look("finalisation resumed, within 48 hours")
    assert room.screen.reasons[3].currentData() == "technical"
    shown: list[int] = []
    room.window.show_session = shown.append  # type: ignore[method-assign,assignment]
    api.saved = None
    room.screen.leave()  # saves first, then goes back to the session (not this area's screen)
    room.settle(lambda: shown)
    assert shown == [7] and api.saved["comment"] == "Power cut"
    room.look("saved on leaving")
    assert room.seen == [], "\n".join(room.seen)


def test_jury_in_english(room: Room) -> None:
    room.ctx.api.role = "jury"
    room.window.show_jury()
    room.look("jury sessions")
    room.screen.table.clearSelection()
    room.screen.open_selected()
    room.look("no session selected")
    room.screen.table.selectRow(0)
    room.screen.open_selected()
    room.settle(lambda: type(room.screen).__name__ == "JuryReviewScreen")
    review = room.screen
    for row in range(review.table.rowCount()):
        review.table.selectRow(row)
        room.look(f"review, row {row}")
    review.table.selectRow(0)
    review.question.clear()
    review.neutralise()
    room.look("no question to neutralise")
    review.table.selectRow(1)
    review.neutralise()
    room.look("question neutralised")
    review.cancel()
    room.look("cancellation without a comment")
    review.comment.setPlainText("Ambiguous wording")
    review.cancel()
    room.confirmation("confirm cancellation", yes=True)
    room.look("certification cancelled")
    review.comment.setPlainText("Ambiguous wording")
    review.save_comment()
    room.look("comment saved")
    review.publish()
    room.confirmation("confirm publication", yes=True)
    room.settle(lambda: room.screen is not review and room.screen.loaded)
    assert room.screen.published
    room.look("published")
    room.window.show_jury_session({**session("in_process"), "id": 8, "session_number": 297})
    room.look("a session without results")
    assert room.seen == [], "\n".join(room.seen)


def test_results_in_english(room: Room, tmp_path: Path) -> None:
    room.window.show_results(session("published"))
    room.look("results")
    screen = room.screen
    screen.export_csv()
    room.look("exported")
    screen.save()
    room.look("certificate saved")
    assert (tmp_path / "certificate-lovelace-ada.pdf").exists()
    assert (tmp_path / "results-session-296.csv").exists()
    screen.table.selectRow(1)
    room.look("a rejected certification")
    screen.print_certificate()
    room.look("no certificate to print")
    screen.table.clearSelection()
    screen.save()
    room.look("no candidate selected")
    blocked = tmp_path / "no-such-folder" / "results.csv"
    screen._write(blocked, b"")
    room.look("not saved")
    assert room.seen == [], "\n".join(room.seen)


def test_verification_in_english(room: Room) -> None:
    room.window.show_verify()
    room.look("verification")
    screen = room.screen
    screen.check()
    room.look("no code")
    screen.code.setText("P-BBBBBBBB")
    screen.check()
    room.look("unknown code")
    screen.code.setText("p-c3yfq8gc")
    screen.check()
    room.settle(lambda: screen.result.text())
    room.look("genuine certificate")
    text = screen.result.text()
    assert "Ada LOVELACE, born on 10 December 2010" in text
    assert "Wednesday 18 December 2019" not in text and "Friday 18 December 2020" in text
    assert room.seen == [], "\n".join(room.seen)


AREA_FILES = ("finalise", "incident_editor", "jury", "jury_review", "results", "verify")


def test_lupdate_finds_every_marked_string_of_the_area() -> None:
    """`tools/i18n.py check` compares the catalogue with what lupdate extracts, and lupdate's
    Python parser silently skips some calls (translate(ctx, text, None, len(x))): every
    literal marked in the code must be in the catalogue."""
    marked = set()
    for name in AREA_FILES:
        path = catalogues.APP / "views" / "admin" / f"{name}.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and len(node.args) >= 2
                    and getattr(node.func, "id", "") in catalogues.MARKERS
                    and isinstance(node.args[0], ast.Constant) and node.args[0].value == "Jury"
                    and isinstance(node.args[1], ast.Constant)):
                marked.add(node.args[1].value)
    ts = catalogues.catalogue("jury", "en")
    sources = {m.findtext("source") for m in ET.parse(ts).getroot().iter("message")}
    assert sorted(marked - sources) == []
