"""The paper of a certification day, drawn with Qt's own PDF writer (no extra dependency).

Attendance sheet, blank incident report, fraud report template, invigilator kit, candidate
notice, room preparation checklist and certificate (SPEC "Documents to print", "Jury").
Each is built as a `Sheet`: drawing operations recorded page by page in millimetres, then
replayed on any `QPagedPaintDevice`. Recording first is what lets every page say
"Page 2 / 3", and lets the same drawing go to a PDF file (`write_pdf`) or to the printer
the administrator picked in the print dialog (`print_sheet`). No widget is imported:
only QtGui, so tests and the server side could render them headless.

Wording comes from the seeds (Pix Certif guide and certification kit): the ten steps of
the candidate notice, the room checklist, the incident categories of `app.domain`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from app.domain.competences import COMPETENCES, DOMAINS, MAX_LEVEL
from app.domain.incidents import IncidentCategory

U = 10.0
"""Drawing units per millimetre: fonts are sized in units, so 0.1 mm keeps them crisp."""
MARGIN_MM = 15.0
FOOTER_MM = 10.0
FONT_FAMILIES = ["Arial", "Liberation Sans", "DejaVu Sans"]
INK = QColor("#1b1f24")
GREY = QColor("#5a6270")
SHADE = QColor("#e9edf3")
CANDIDATES_PER_ROOM_UNIT = 20

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

NOTICE_STEPS = (
    "Posez votre pièce d'identité sur la table.",
    "Sur l'ordinateur, l'écran « Rejoindre une session » est affiché : faites signe au "
    "surveillant si ce n'est pas le cas.",
    "Renseignez le numéro de session communiqué par le surveillant.",
    "Renseignez votre prénom, votre nom de naissance et votre date de naissance. "
    "Confirmez les informations.",
    "Vous êtes sur la page « Vous allez commencer votre test de certification » : faites "
    "signe au surveillant si ce n'est pas le cas.",
    "Attendez que le surveillant donne les consignes et communique le code d'accès.",
    "Saisissez le code d'accès indiqué par le surveillant, puis « Commencer mon test ».",
    "La certification se génère.",
    "Vous pouvez répondre aux questions. Vous avez 1h45 maximum. Faites signe au "
    "surveillant en cas de problème technique.",
    "Vous avez terminé ? Étape de validation obligatoire : gardez sous vos yeux l'écran de "
    "fin de test et appelez le surveillant.",
)
"""The seed's ten steps (kit de certification SCO), with the kiosk in place of the ENT."""

CHECKLIST: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Salle",
        (
            "Un espace individuel pour chaque candidat",
            "Un poste informatique pour chaque candidat (sauf pour les candidats utilisant "
            "leur propre matériel)",
            "Un confort compatible avec le passage d'un examen (espace, calme, distance "
            "appropriée entre les candidats, éclairage et ventilation adaptés)",
            "Un espace permettant au surveillant la déambulation derrière les candidats",
            "Des postes informatiques additionnels (1 poste additionnel requis pour 20 candidats)",
        ),
    ),
    (
        "Configuration minimale des ordinateurs",
        (
            "Une taille et une résolution d'écran satisfaisantes (largeur minimale "
            "recommandée de 800 pixels)",
            "Le poste candidat examroom (mode kiosque) installé et démarré sur chaque poste, "
            "postes additionnels compris",
            "Un lecteur de fichier PDF",
            "Une suite bureautique aux fonctionnalités complètes (tableur, traitement de "
            "texte, présentation, dessin, traitement d'image)",
            "Le poste du surveillant relié au réseau de la salle",
        ),
    ),
    (
        "Documents et informations pour le surveillant",
        (
            "La feuille d'émargement imprimée, qui comporte le numéro de session",
            "Le PV d'incident vierge",
            "Le kit surveillant : code d'accès et mot de passe de session",
            "La notice pour l'élève, à projeter au tableau ou à afficher près des ordinateurs",
            "Le modèle de PV de fraude (à utiliser le cas échéant)",
        ),
    ),
)


# -- dates -------------------------------------------------------------------------------


def french_date(day: date, *, weekday: bool = True) -> str:
    """`lundi 14 décembre 2020`, or `5 octobre 1988` for a birth date (SPEC "Screens")."""
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{DAYS[day.weekday()]} {text}" if weekday else text


def short_date(day: date) -> str:
    """`14/12/2020`."""
    return day.strftime("%d/%m/%Y")


def french_spacing(text: str) -> str:
    """Non-breaking spaces before `: ; ? !` and inside « » (SPEC "French conventions")."""
    for mark in (":", ";", "?", "!", "»"):
        text = text.replace(f" {mark}", f"\u00a0{mark}")
    return text.replace("« ", "«\u00a0")


def extra_time_text(share: float) -> str:
    return f"{round(share * 100)} %" if share else "—"


# -- data --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """What every session document shows in its header."""

    session_number: int
    day: date
    start_time: str
    site: str
    room: str
    invigilators: tuple[str, ...]
    centre: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any], centre: str = "") -> SessionInfo:
        """From the server's session (or kit) JSON."""
        day = data["date"]
        return cls(
            session_number=int(data["session_number"]),
            day=day if isinstance(day, date) else date.fromisoformat(str(day)),
            start_time=str(data["start_time"]),
            site=str(data["site"]),
            room=str(data["room"]),
            invigilators=tuple(str(i) for i in data["invigilators"]),
            centre=centre,
        )


# -- drawing -----------------------------------------------------------------------------

Op = Callable[[QPainter], None]


def _font(size_pt: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(max(1, round(size_pt * 0.3528 * U)))
    font.setBold(bold)
    font.setItalic(italic)
    # No "fi" ligature: text copied or extracted from the PDF must read "certification".
    font.setFeature(QFont.Tag("liga"), 0)
    return font


@dataclass
class Sheet:
    """A document being drawn: pages of recorded operations, coordinates in mm."""

    title: str
    footer: str
    landscape: bool = False
    pages: list[list[Op]] = field(default_factory=list)
    y: float = MARGIN_MM

    @property
    def width(self) -> float:
        return 297.0 if self.landscape else 210.0

    @property
    def height(self) -> float:
        return 210.0 if self.landscape else 297.0

    @property
    def left(self) -> float:
        return MARGIN_MM

    @property
    def inner(self) -> float:
        return self.width - 2 * MARGIN_MM

    @property
    def bottom(self) -> float:
        """The lowest y the content may reach (the footer lives below)."""
        return self.height - MARGIN_MM - FOOTER_MM

    def new_page(self) -> None:
        self.pages.append([])
        self.y = MARGIN_MM

    def _op(self, op: Op) -> None:
        if not self.pages:
            self.new_page()
        self.pages[-1].append(op)

    # measuring and drawing primitives (mm in, units inside)

    @staticmethod
    def measure(text: str, width: float, size: float, bold: bool = False) -> float:
        metrics = QFontMetricsF(_font(size, bold))
        flags = int(Qt.TextFlag.TextWordWrap)
        rect = metrics.boundingRect(QRectF(0, 0, width * U, 100_000), flags, text)
        return rect.height() / U

    def text(
        self,
        x: float,
        y: float,
        width: float,
        text: str,
        size: float = 10,
        *,
        bold: bool = False,
        italic: bool = False,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        height: float | None = None,
        color: QColor = INK,
    ) -> float:
        """Draw wrapped text in a box; answer the height it took, in mm."""
        text = french_spacing(text)
        taken = self.measure(text, width, size, bold)
        box_h = height if height is not None else taken + 0.5
        flags = int(Qt.TextFlag.TextWordWrap) | int(align)
        if height is not None:
            flags |= int(Qt.AlignmentFlag.AlignVCenter)
        font = _font(size, bold, italic)
        rect = QRectF(x * U, y * U, width * U, box_h * U)

        def op(p: QPainter) -> None:
            p.setFont(font)
            p.setPen(color)
            p.drawText(rect, flags, text)

        self._op(op)
        return taken

    def para(
        self,
        text: str,
        size: float = 10,
        *,
        bold: bool = False,
        gap: float = 2.0,
        indent: float = 0.0,
        italic: bool = False,
        color: QColor = INK,
    ) -> None:
        """A paragraph at the cursor, full width; moves the cursor down."""
        self.y += (
            self.text(
                self.left + indent,
                self.y,
                self.inner - indent,
                text,
                size,
                bold=bold,
                italic=italic,
                color=color,
            )
            + gap
        )

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: QColor | None = None,
        pen_mm: float = 0.3,
        color: QColor = INK,
    ) -> None:
        box = QRectF(x * U, y * U, w * U, h * U)

        def op(p: QPainter) -> None:
            p.setPen(QPen(color, pen_mm * U) if pen_mm else Qt.PenStyle.NoPen)
            p.setBrush(fill if fill is not None else Qt.BrushStyle.NoBrush)
            p.drawRect(box)

        self._op(op)

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        *,
        pen_mm: float = 0.25,
        color: QColor = INK,
        dotted: bool = False,
    ) -> None:
        def op(p: QPainter) -> None:
            pen = QPen(color, pen_mm * U)
            if dotted:
                pen.setStyle(Qt.PenStyle.DotLine)
            p.setPen(pen)
            p.drawLine(round(x1 * U), round(y1 * U), round(x2 * U), round(y2 * U))

        self._op(op)

    def checkbox(self, x: float, y: float, size: float = 4.5) -> None:
        self.rect(x, y, size, size, pen_mm=0.35)

    def writing_lines(self, label: str, lines: int, gap: float = 8.0) -> None:
        """A labelled space to write by hand: a heading then dotted lines."""
        self.ensure(6 + lines * gap)
        self.para(label, 10.5, bold=True, gap=0)
        for _ in range(lines):
            self.y += gap
            self.line(self.left, self.y, self.left + self.inner, self.y, dotted=True, color=GREY)
        self.y += 5

    def ensure(self, needed: float) -> bool:
        """Start a new page when `needed` mm do not fit; answer whether it did."""
        if self.y + needed > self.bottom:
            self.new_page()
            return True
        return False

    # -- rendering ----------------------------------------------------------------------

    def render(self, device: QPagedPaintDevice) -> None:
        """Replay every page on `device` (a QPdfWriter or a QPrinter), with page numbers."""
        if not self.pages:
            self.new_page()
        orientation = (
            QPageLayout.Orientation.Landscape
            if self.landscape
            else QPageLayout.Orientation.Portrait
        )
        device.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                orientation,
                QMarginsF(0, 0, 0, 0),
                QPageLayout.Unit.Millimeter,
            )
        )
        painter = QPainter(device)
        if not painter.isActive():
            raise OSError("cannot draw on the output (file not writable or printer unavailable)")
        try:
            full = device.pageLayout().fullRectPixels(device.logicalDpiX())
            scale = full.width() / (self.width * U)
            total = len(self.pages)
            for index, ops in enumerate(self.pages, start=1):
                if index > 1:
                    device.newPage()
                painter.save()
                painter.scale(scale, scale)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                for op in ops:
                    op(painter)
                self._footer(painter, index, total)
                painter.restore()
        finally:
            painter.end()

    def _footer(self, p: QPainter, index: int, total: int) -> None:
        y = (self.height - MARGIN_MM - FOOTER_MM + 3) * U
        p.setPen(QPen(GREY, 0.2 * U))
        p.drawLine(round(self.left * U), round(y), round((self.left + self.inner) * U), round(y))
        p.setFont(_font(8))
        box = QRectF(self.left * U, y + 1.5 * U, self.inner * U, 5 * U)
        p.drawText(box, int(Qt.AlignmentFlag.AlignLeft), self.footer)
        p.drawText(box, int(Qt.AlignmentFlag.AlignRight), f"Page {index} / {total}")


def write_pdf(sheet: Sheet, path: Path) -> Path:
    """Write `sheet` as an A4 PDF at `path` (300 dpi) and answer the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setTitle(sheet.title)
    writer.setCreator("examroom")
    sheet.render(writer)
    del writer  # the file is complete once the writer is gone
    return path


def print_sheet(sheet: Sheet, printer: QPagedPaintDevice) -> None:
    """Print on the printer chosen in the print dialog (the view opens the dialog)."""
    sheet.render(printer)


# -- shared pieces -------------------------------------------------------------------------


def _header(sheet: Sheet, title: str, subtitle: str, session: SessionInfo) -> None:
    """Title band and the session's details box, as on every Pix Certif printout."""
    left, inner = sheet.left, sheet.inner
    if session.centre:
        sheet.text(
            left, sheet.y, inner / 2, f"Centre de certification : {session.centre}", 9, color=GREY
        )
    sheet.text(
        left + inner / 2,
        sheet.y,
        inner / 2,
        "Certification des compétences numériques",
        9,
        color=GREY,
        align=Qt.AlignmentFlag.AlignRight,
    )
    sheet.y += 6
    sheet.para(title, 17, bold=True, gap=0.5)
    if subtitle:
        sheet.para(subtitle, 10, italic=True, gap=1, color=GREY)
    sheet.y += 2
    cells = (
        ("N° de session", str(session.session_number)),
        ("Date", french_date(session.day)),
        ("Heure de début", session.start_time),
        ("Nom du site", session.site),
        ("Salle", session.room),
        ("Surveillant(s)", ", ".join(session.invigilators)),
    )
    col_w = inner / 3
    row_h = 13.0
    top = sheet.y
    sheet.rect(left, top, inner, row_h * 2, fill=SHADE)
    for i, (name, value) in enumerate(cells):
        x = left + (i % 3) * col_w
        y = top + (i // 3) * row_h
        sheet.text(x + 2.5, y + 1.8, col_w - 5, name, 8, color=GREY)
        sheet.text(x + 2.5, y + 5.6, col_w - 5, value, 10.5, bold=True)
    for i in (1, 2):
        sheet.line(left + i * col_w, top, left + i * col_w, top + 2 * row_h)
    sheet.line(left, top + row_h, left + inner, top + row_h)
    sheet.y = top + 2 * row_h + 6


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width: float
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


def _table_header(sheet: Sheet, columns: Sequence[Column], height: float = 10.0) -> None:
    x = sheet.left
    sheet.rect(x, sheet.y, sum(c.width for c in columns), height, fill=SHADE)
    for col in columns:
        sheet.rect(x, sheet.y, col.width, height)
        sheet.text(
            x + 1.5,
            sheet.y,
            col.width - 3,
            col.title,
            8.5,
            bold=True,
            height=height,
            align=Qt.AlignmentFlag.AlignHCenter,
        )
        x += col.width
    sheet.y += height


def _table_row(
    sheet: Sheet,
    columns: Sequence[Column],
    values: Sequence[str],
    height: float,
    *,
    size: float = 9.5,
    boxes: Sequence[int] = (),
) -> None:
    """One row of cells; columns whose index is in `boxes` get a tick box instead."""
    x = sheet.left
    for index, col in enumerate(columns):
        sheet.rect(x, sheet.y, col.width, height)
        if index in boxes:
            sheet.checkbox(x + col.width / 2 - 2.5, sheet.y + height / 2 - 2.5, 5)
        elif index < len(values) and values[index]:
            sheet.text(
                x + 1.8,
                sheet.y,
                col.width - 3.6,
                values[index],
                size,
                height=height,
                align=col.align,
            )
        x += col.width
    sheet.y += height


def _footer_text(kind: str, session: SessionInfo | None) -> str:
    if session is None:
        return f"examroom — {kind}"
    return f"examroom — {kind} — session n° {session.session_number}"


# -- the documents -------------------------------------------------------------------------


def attendance_sheet(session: SessionInfo, candidates: Sequence[Mapping[str, Any]]) -> Sheet:
    """Feuille d'émargement: one signed line per candidate, the end-screen box to tick."""
    sheet = Sheet("Feuille d'émargement", _footer_text("Feuille d'émargement", session))
    columns = (
        Column("N°", 9, Qt.AlignmentFlag.AlignHCenter),
        Column("Nom de naissance", 36),
        Column("Prénom", 31),
        Column("Date de naissance", 23, Qt.AlignmentFlag.AlignHCenter),
        Column("Temps majoré", 17, Qt.AlignmentFlag.AlignHCenter),
        Column("Signature", 39),
        Column("Écran de fin de test vu", 25),
    )
    row_h = 12.0
    rows = list(candidates) or [{}]
    index = 0
    while index < len(rows):
        sheet.new_page()
        _header(
            sheet,
            "Feuille d'émargement",
            "À signer par chaque candidat à son arrivée ; le surveillant coche « Écran de "
            "fin de test vu » après avoir constaté l'écran de fin de test.",
            session,
        )
        _table_header(sheet, columns, 11)
        while index < len(rows) and sheet.y + row_h <= sheet.bottom - 24:
            c = rows[index]
            birth = c.get("birthdate")
            values = (
                str(index + 1) if c else "",
                str(c.get("last_name", "")).upper(),
                str(c.get("first_name", "")),
                short_date(date.fromisoformat(str(birth))) if birth else "",
                extra_time_text(float(c.get("extra_time", 0) or 0)) if c else "",
            )
            _table_row(sheet, columns, values, row_h, boxes=(6,) if c else ())
            index += 1
    sheet.y += 5
    present = f"Candidats inscrits : {len(candidates)}      Candidats présents : ________"
    sheet.para(present, 10)
    sheet.para("Nom et signature du ou des surveillants :", 10, bold=True, gap=0)
    sheet.rect(sheet.left, sheet.y + 1, sheet.inner, 14, color=GREY, pen_mm=0.25)
    return sheet


def incident_report(session: SessionInfo, rows: int = 9) -> Sheet:
    """PV d'incident, blank: one line per report, the categories explained on page 2."""
    sheet = Sheet("PV d'incident", _footer_text("PV d'incident", session))
    sheet.new_page()
    _header(
        sheet,
        "PV d'incident",
        "Procès-verbal de session : signalements relevés par le surveillant",
        session,
    )
    sheet.para(
        "Notez chaque signalement le plus précisément possible : candidat, catégorie (voir "
        "page 2), numéro de la question concernée pour un problème sur une question, heure et "
        "description détaillée. Seuls les signalements relevés par le surveillant sont pris "
        "en compte par le jury. Ils sont reportés lors de la finalisation de la session.",
        9.5,
        gap=4,
    )
    columns = (
        Column("Nom et prénom du candidat", 38),
        Column("N° de certification", 20),
        Column("Catégorie (C1 à E12)", 20),
        Column("N° de question", 17),
        Column("Heure", 14),
        Column("Description précise de l'incident", 71),
    )
    _table_header(sheet, columns, 12)
    row_h = min(17.0, (sheet.bottom - 30 - sheet.y) / rows)
    for _ in range(rows):
        _table_row(sheet, columns, (), row_h)
    sheet.y += 5
    sheet.para("Nom et signature du ou des surveillants :", 10, bold=True, gap=0)
    sheet.rect(sheet.left, sheet.y + 1, sheet.inner, 14, color=GREY, pen_mm=0.25)
    sheet.new_page()
    sheet.para("Catégories de signalement", 14, bold=True, gap=3)
    groups = (
        ("Concernant le candidat (C)", [c for c in IncidentCategory if c.value[0] == "C"]),
        (
            "Problème sur la question N (E) : indiquez le numéro de la question",
            [c for c in IncidentCategory if c.value[0] == "E"],
        ),
    )
    for heading, categories in groups:
        sheet.para(heading, 11, bold=True, gap=2)
        for cat in categories:
            mark = " — à examiner par le jury" if cat.is_impactful else ""
            sheet.ensure(8)
            sheet.text(sheet.left + 2, sheet.y, 14, cat.value, 10, bold=True)
            sheet.y += (
                sheet.text(sheet.left + 16, sheet.y, sheet.inner - 16, f"{cat.label}{mark}", 10)
                + 2.2
            )
        sheet.y += 3
    sheet.para(
        "C1 et C2 : décrivez la modification à apporter (nom, date de naissance, temps "
        "majoré). Description : 500 caractères au maximum par signalement. En cas de "
        "suspicion de fraude (C6), établissez aussi un PV de fraude.",
        9.5,
        italic=True,
    )
    return sheet


def fraud_report(session: SessionInfo) -> Sheet:
    """PV de fraude: the template the invigilator fills in when fraud is suspected."""
    sheet = Sheet("PV de fraude", _footer_text("PV de fraude", session))
    sheet.new_page()
    _header(sheet, "PV de fraude", "Procès-verbal de suspicion de fraude", session)
    sheet.para("Candidat concerné", 11, bold=True, gap=2)
    fields = ("Nom de naissance", "Prénom", "Date de naissance", "N° de certification")
    half = sheet.inner / 2
    for i, name in enumerate(fields):
        x = sheet.left + (i % 2) * half
        if i % 2 == 0 and i:
            sheet.y += 11
        sheet.text(x, sheet.y, 40, f"{name} :", 10)
        sheet.line(x + 38, sheet.y + 5, x + half - 4, sheet.y + 5, dotted=True, color=GREY)
    sheet.y += 13
    sheet.text(sheet.left, sheet.y, 80, "Date et heure des faits :", 10)
    sheet.line(
        sheet.left + 45, sheet.y + 5, sheet.left + half - 4, sheet.y + 5, dotted=True, color=GREY
    )
    sheet.text(sheet.left + half, sheet.y, 45, "N° de la question :", 10)
    sheet.line(
        sheet.left + half + 38,
        sheet.y + 5,
        sheet.left + sheet.inner,
        sheet.y + 5,
        dotted=True,
        color=GREY,
    )
    sheet.y += 12
    sheet.writing_lines("Description précise des faits constatés", 5, gap=7)
    sheet.writing_lines("Mesures prises par le surveillant", 2, gap=7)
    sheet.writing_lines("Observations du candidat", 2, gap=7)
    sheet.writing_lines("Témoin(s) : nom et qualité", 1, gap=7)
    sheet.ensure(36)
    box_w = (sheet.inner - 6) / 2
    for i, who in enumerate(
        (
            "Signature du ou des surveillants",
            "Signature du candidat (ou mention de son refus de signer)",
        )
    ):
        x = sheet.left + i * (box_w + 6)
        sheet.text(x, sheet.y, box_w, who, 9.5, bold=True)
        sheet.rect(x, sheet.y + 10, box_w, 20, color=GREY, pen_mm=0.25)
    sheet.y += 33
    sheet.para(
        "À joindre à la finalisation de la session (étape 2 : documents), et à "
        "conserver avec la feuille d'émargement.",
        9,
        italic=True,
        color=GREY,
    )
    return sheet


def invigilator_kit(session: SessionInfo, access_code: str, session_password: str) -> Sheet:
    """Kit surveillant: the codes in large type and the day's reminders."""
    sheet = Sheet("Kit surveillant", _footer_text("Kit surveillant — confidentiel", session))
    sheet.new_page()
    _header(sheet, "Kit surveillant", "Confidentiel : à remettre au surveillant seulement", session)
    box_w = (sheet.inner - 8) / 3
    codes = (
        (
            "Numéro de session",
            str(session.session_number),
            "À projeter et à communiquer aux élèves dès leur arrivée",
        ),
        (
            "Mot de passe de session",
            session_password,
            "Réservé au surveillant : connexion au poste surveillant, reprise d'un test",
        ),
        ("Code d'accès", access_code, "À ne communiquer aux élèves qu'au lancement du test"),
    )
    top = sheet.y
    for i, (name, value, note) in enumerate(codes):
        x = sheet.left + i * (box_w + 4)
        sheet.rect(x, top, box_w, 40, fill=SHADE, pen_mm=0.4)
        sheet.text(
            x + 3, top + 3, box_w - 6, name, 10, bold=True, align=Qt.AlignmentFlag.AlignHCenter
        )
        sheet.text(
            x + 2,
            top + 10,
            box_w - 4,
            value,
            22,
            bold=True,
            height=13,
            align=Qt.AlignmentFlag.AlignHCenter,
        )
        sheet.text(
            x + 3, top + 25, box_w - 6, note, 8.5, italic=True, align=Qt.AlignmentFlag.AlignHCenter
        )
    sheet.y = top + 48
    sheet.para("Déroulement", 13, bold=True, gap=2)
    steps = (
        "Préparez la salle (check-list) et les documents : feuille d'émargement, PV "
        "d'incident vierge, notice pour l'élève, modèle de PV de fraude.",
        "Connectez-vous au poste surveillant avec le numéro de session et le mot de passe "
        "de session ci-dessus.",
        "Accueillez les élèves : vérification d'identité, émargement, installation. Chaque "
        "élève rejoint la session en suivant la notice ; confirmez sa présence sur le poste "
        "surveillant.",
        "Quand tous les élèves sont prêts, communiquez les consignes, puis le code d'accès, "
        "et notez l'heure de début du test.",
        "Pendant le test, passez régulièrement dans les rangs. Notez tout incident sur le PV "
        "d'incident (numéro de la question concernée, description précise) ; en cas de "
        "suspicion de fraude, établissez un PV de fraude.",
        "Arrêtez la session 1h45 après le début du test (hormis pour les temps majorés) : "
        "les élèves n'ayant pas fini passent les questions jusqu'à la fin (« Je passe »).",
        "Constatez l'écran de fin de test de chaque élève, marquez-le « Écran de fin de test "
        "vu » sur le poste surveillant et cochez la case de la feuille d'émargement.",
        "Remettez à l'administrateur la feuille d'émargement complétée, le PV d'incident "
        "et, le cas échéant, le PV de fraude.",
    )
    for n, step in enumerate(steps, start=1):
        sheet.ensure(12)
        sheet.text(sheet.left, sheet.y, 8, f"{n}.", 10.5, bold=True)
        sheet.y += sheet.text(sheet.left + 8, sheet.y, sheet.inner - 8, step, 10.5) + 2.5
    sheet.y += 2
    sheet.para(
        "En cas de coupure du réseau ou de courant, les réponses déjà données sont "
        "conservées sur chaque poste : l'élève ressaisit le code d'accès et vous "
        "autorisez la reprise depuis le poste surveillant (ou, sans réseau, en tapant le "
        "mot de passe de session sur son poste).",
        9.5,
        italic=True,
    )
    return sheet


def candidate_notice(session: SessionInfo) -> Sheet:
    """Notice pour l'élève: the ten steps, large, landscape, to project on the board."""
    sheet = Sheet(
        "Notice pour l'élève", _footer_text("Notice pour l'élève", session), landscape=True
    )
    sheet.new_page()
    sheet.text(sheet.left, sheet.y, sheet.inner * 0.6, "Notice pour l'élève", 24, bold=True)
    box_w = 78.0
    x = sheet.left + sheet.inner - box_w
    sheet.rect(x, sheet.y - 2, box_w, 20, fill=SHADE, pen_mm=0.5)
    sheet.text(
        x,
        sheet.y - 1,
        box_w,
        "Numéro de session",
        11,
        bold=True,
        align=Qt.AlignmentFlag.AlignHCenter,
    )
    sheet.text(
        x,
        sheet.y + 5,
        box_w,
        str(session.session_number),
        26,
        bold=True,
        height=12,
        align=Qt.AlignmentFlag.AlignHCenter,
    )
    sheet.y += 11
    sheet.para(
        f"{french_date(session.day)} — {session.start_time} — {session.room}",
        12,
        color=GREY,
        gap=10,
    )
    sheet.y = max(sheet.y, MARGIN_MM + 26)
    for n, step in enumerate(NOTICE_STEPS, start=1):
        sheet.rect(sheet.left, sheet.y, 11, 11, fill=SHADE, pen_mm=0.4)
        sheet.text(
            sheet.left,
            sheet.y,
            11,
            str(n),
            15,
            bold=True,
            height=11,
            align=Qt.AlignmentFlag.AlignHCenter,
        )
        taken = sheet.text(sheet.left + 15, sheet.y + 1.5, sheet.inner - 15, step, 14.5)
        sheet.y += max(11.0, taken + 1.5) + 2.6
    return sheet


def room_checklist(session: SessionInfo, candidate_count: int) -> Sheet:
    """Check-list de préparation de la salle (seed 003), with this session's numbers."""
    sheet = Sheet(
        "Check-list de préparation de la salle",
        _footer_text("Check-list de préparation de la salle", session),
    )
    sheet.new_page()
    _header(
        sheet,
        "Check-list de préparation de la salle",
        "Pour les sessions de certification",
        session,
    )
    units = math.ceil(candidate_count / CANDIDATES_PER_ROOM_UNIT) if candidate_count else 0
    have = len(session.invigilators)
    lines = [
        f"Candidats inscrits : {candidate_count}.",
        f"Postes additionnels à prévoir : {units} (1 pour 20 candidats).",
        f"Surveillants nécessaires : au moins {max(units, 1)} (1 pour 20 élèves) ; "
        f"prévu(s) : {have}.",
    ]
    top = sheet.y
    height = 6.5 * len(lines) + 4
    sheet.rect(sheet.left, top, sheet.inner, height, fill=SHADE, pen_mm=0.3)
    sheet.y += 2
    for text in lines:
        sheet.para(
            text, 10.5, indent=3, gap=1.5, bold=text.startswith("Surveillants") and have < units
        )
    sheet.y = top + height + 6
    for heading, items in CHECKLIST:
        sheet.ensure(20)
        sheet.para(heading, 12.5, bold=True, gap=3)
        for item in items:
            sheet.ensure(10)
            sheet.checkbox(sheet.left + 1, sheet.y + 0.3)
            sheet.y += sheet.text(sheet.left + 9, sheet.y, sheet.inner - 9, item, 10.5) + 2.2
        sheet.y += 3
    sheet.ensure(10)
    sheet.para(
        "Vérifiée le : ____ / ____ / ________      par : ______________________________",
        10.5,
        gap=4,
    )
    return sheet


def certificate(cert: Mapping[str, Any]) -> Sheet:
    """The candidate's certificate: identity, centre, levels by domain, total, code."""
    name = f"{cert['first_name']} {str(cert['last_name']).upper()}"
    sheet = Sheet(
        "Certificat de compétences numériques",
        f"examroom — certificat n° {cert['certification_number']} — {name}",
    )
    sheet.new_page()
    born = date.fromisoformat(str(cert["birthdate"]))
    taken = date.fromisoformat(str(cert["session_date"]))
    sheet.rect(sheet.left, sheet.y, sheet.inner, 24, fill=SHADE, pen_mm=0)
    sheet.text(
        sheet.left,
        sheet.y + 4,
        sheet.inner,
        "Certificat de compétences numériques",
        20,
        bold=True,
        align=Qt.AlignmentFlag.AlignHCenter,
    )
    sheet.text(
        sheet.left,
        sheet.y + 15,
        sheet.inner,
        "Cadre de référence des compétences numériques (CRCN)",
        11,
        color=GREY,
        align=Qt.AlignmentFlag.AlignHCenter,
    )
    sheet.y += 30
    sheet.para(name, 18, bold=True, gap=2)
    place = f" à {cert['birthplace']}" if cert.get("birthplace") else ""
    sheet.para(f"Né(e) le {french_date(born, weekday=False)}{place}", 11, gap=1.5)
    sheet.para(f"Centre de certification : {cert['centre']}", 11, gap=1.5)
    sheet.para(f"Date de passage : {french_date(taken)}", 11, gap=1.5)
    sheet.para(f"N° de certification : {cert['certification_number']}", 11, gap=5)
    levels = {c["competence"]: int(c["level"]) for c in cert.get("competences", [])}
    sheet.para(f"Compétences certifiées (niveaux sur {MAX_LEVEL})", 12.5, bold=True, gap=2.5)
    level_w = 24.0
    row = 6.2
    for domain in DOMAINS:
        sheet.rect(sheet.left, sheet.y, sheet.inner, 7, fill=SHADE)
        sheet.text(
            sheet.left + 2,
            sheet.y,
            sheet.inner - level_w,
            f"{domain.code}. {domain.name.upper()}",
            9.5,
            bold=True,
            height=7,
        )
        sheet.text(
            sheet.left + sheet.inner - level_w,
            sheet.y,
            level_w,
            "NIVEAU",
            9,
            bold=True,
            height=7,
            align=Qt.AlignmentFlag.AlignHCenter,
        )
        sheet.y += 7
        for comp in (c for c in COMPETENCES if c.domain == domain):
            level = levels.get(comp.code, 0)
            sheet.rect(sheet.left, sheet.y, sheet.inner, row)
            sheet.line(
                sheet.left + sheet.inner - level_w,
                sheet.y,
                sheet.left + sheet.inner - level_w,
                sheet.y + row,
            )
            sheet.text(
                sheet.left + 2,
                sheet.y,
                sheet.inner - level_w - 4,
                f"{comp.code} {comp.name}",
                9.5,
                height=row,
            )
            sheet.text(
                sheet.left + sheet.inner - level_w,
                sheet.y,
                level_w,
                str(level) if level else "—",
                10.5,
                bold=bool(level),
                height=row,
                align=Qt.AlignmentFlag.AlignHCenter,
            )
            sheet.y += row
        sheet.y += 1.5
    sheet.y += 3
    half = (sheet.inner - 6) / 2
    top = sheet.y
    sheet.rect(sheet.left, top, half, 21, pen_mm=0.5)
    sheet.text(
        sheet.left,
        top + 2.5,
        half,
        "Score total",
        10.5,
        bold=True,
        align=Qt.AlignmentFlag.AlignHCenter,
    )
    sheet.text(
        sheet.left,
        top + 8,
        half,
        f"{cert['pix_score']} Pix",
        20,
        bold=True,
        align=Qt.AlignmentFlag.AlignHCenter,
    )
    x = sheet.left + half + 6
    sheet.rect(x, top, half, 21, fill=SHADE, pen_mm=0.5)
    sheet.text(
        x,
        top + 2.5,
        half,
        "Code de vérification",
        10.5,
        bold=True,
        align=Qt.AlignmentFlag.AlignHCenter,
    )
    sheet.text(
        x,
        top + 8,
        half,
        str(cert["verification_code"]),
        20,
        bold=True,
        align=Qt.AlignmentFlag.AlignHCenter,
    )
    sheet.y = top + 24
    sheet.para(
        "Communiquez ce code pour permettre à un tiers de vérifier l'authenticité de "
        "votre certificat (écran « Vérifier un certificat »).",
        9.5,
        italic=True,
        color=GREY,
    )
    return sheet
