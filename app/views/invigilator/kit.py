"""The invigilator kit (kit surveillant) as a PDF, as the seeds show it: the session's
details, then the three numbered codes with who may use each."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

from app.domain.resume_proof import format_resume_code, resume_code
from app.services.invigilator_api import SessionHeader

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def date_fr(header: SessionHeader) -> str:
    d = header.date
    return f"{DAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}"


def write_kit_pdf(path: Path, header: SessionHeader, session_password: str) -> Path:
    """Write the kit; the session password is shown as given (`C-…`).

    The station does not keep the password after login, so the view asks for it (or
    passes the one just typed). Written to a temporary file then renamed (STYLE 8).
    """
    tmp = path.with_name(path.name + ".part")
    writer = QPdfWriter(str(tmp))
    writer.setTitle(f"Kit surveillant — session {header.session_number}")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(18, 18, 18, 18),
                                     QPageLayout.Unit.Millimeter))
    writer.setResolution(300)
    painter = QPainter(writer)
    try:
        width = painter.viewport().width()
        y = 0

        def text(line: str, size: int, *, bold: bool = False, gap: float = 1.6) -> None:
            nonlocal y
            font = QFont("Sans Serif")
            font.setPointSize(size)
            font.setBold(bold)
            painter.setFont(font)
            height = int(painter.fontMetrics().height() * gap)
            painter.drawText(QRectF(0, y, width, height),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             line)
            y += height

        text("Kit surveillant", 22, bold=True)
        text("Détails de la session", 14, bold=True)
        password = session_password if session_password.startswith("C-") else (
            f"C-{session_password}" if session_password else "C-……")
        resume = format_resume_code(resume_code(session_password, header.session_number)) if (
            session_password) else "……"
        for name, value in (
            ("Date", date_fr(header)),
            ("Début", header.start_time.replace(":", "h")),
            ("Site", header.site),
            ("Salle", header.room),
            ("Surveillant(s)", ", ".join(header.invigilators)),
        ):
            text(f"{name}\u00a0: {value}", 12)
        y += 40
        for number, title, value, who in (
            ("1", "Numéro de session", str(header.session_number),
             "À usage du surveillant et des candidats"),
            ("2", "Mot de passe de la session", password, "À usage exclusif du surveillant"),
            ("3", "Code d'accès à la session", header.access_code,
             "À fournir aux candidats au lancement du test"),
            ("4", "Code de reprise sur un poste", resume,
             "À taper par le surveillant sur un poste sans réseau (n'ouvre pas la station)"),
        ):
            text(f"{number}. {title}", 14, bold=True, gap=1.3)
            text(value, 28, bold=True, gap=1.4)
            text(who, 11, gap=2.2)
        text("À garder par l'établissement pendant 5 ans.", 10)
    finally:
        painter.end()
    tmp.replace(path)
    return path
