"""`examroom kiosk --self-check DIR`: prove a frozen build draws on this PC's real display.

The smoke tests run headless (QT_QPA_PLATFORM=offscreen); this one does not: it opens a
full-screen window with the platform's own plugin (`windows` on Windows, `xcb` on X11),
draws a kiosk page into it, writes the candidate notice as a PDF with the documents' code,
renders that PDF back to an image with the kiosk's attachment viewer code (pypdfium2 or
QtPdf: the native PDFium library must be in the bundle), and writes what it saw to
DIR/self-check.json (examroomw.exe has no console to print to), with DIR/window.png and
DIR/notice.pdf. Exit 0 only if every part worked. Used by the Windows CI workflow on
examroomw.exe (.github/workflows/windows.yml).
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app import __version__
from app.services import i18n
from app.services import kiosk_texts as T
from app.services.documents import SessionInfo, candidate_notice, write_pdf


def run_self_check(out_dir: Path) -> int:
    from app.views.kiosk.page import Page
    from app.views.kiosk.viewer import _pdf_pages, _qtpdf_pages
    from app.views.runtime import qt_app

    out_dir.mkdir(parents=True, exist_ok=True)
    report: dict[str, object] = {"version": __version__, "platform": None}
    try:
        app = qt_app(sys.argv[:1], app_name="examroom-self-check")
        report["platform"] = QGuiApplication.platformName()
        report["screens"] = len(QGuiApplication.screens())
        # The language's catalogues, as a lab PC would load them (the bundle's .qm files).
        report["language"] = i18n.language()
        report["catalogues"] = i18n.installed()
        report["join_title"] = T.tr(T.JOIN_TITLE)
        page = Page(T.tr(T.JOIN_TITLE))
        page.add_text(T.tr(T.JOIN_INTRO))
        page.finish()
        page.showFullScreen()
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)
        shot = page.grab()
        report["window"] = [shot.width(), shot.height()]
        report["window_png"] = shot.save(str(out_dir / "window.png"))
        page.close()
        session = SessionInfo(session_number=1, day=date(2026, 1, 5), start_time="09:00",
                              site="Lycée", room="Salle 208", invigilators=("M. Dupont",))
        pdf = write_pdf(candidate_notice(session), out_dir / "notice.pdf")
        report["pdf_bytes"] = pdf.stat().st_size
        pages = _qtpdf_pages(pdf.read_bytes()) or _pdf_pages(pdf.read_bytes()) or []
        report["pdf_pages_rendered"] = len(pages)
        report["pdf_page_size"] = [pages[0].width(), pages[0].height()] if pages else None
        QApplication.processEvents()
    except Exception as exc:  # the report says what broke; the status says that it did
        report["error"] = f"{type(exc).__name__}: {exc}"
    ok = (report.get("error") is None and report.get("window_png") is True
          and int(str(report.get("pdf_pages_rendered", 0))) > 0)
    report["ok"] = ok
    (out_dir / "self-check.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0 if ok else 1
