"""The pieces every session document shares: session details, header box, table, footer.

The header and its details box are as on every Pix Certif printout; papers build their
tables from `Column`, `table_header` and `table_row`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from app.services.documents.french import long_date
from app.services.documents.sheet import GREY, SHADE, Sheet
from app.services.i18n import translate


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


def header(sheet: Sheet, title: str, subtitle: str, session: SessionInfo) -> None:
    """Title band and the session's details box, as on every Pix Certif printout."""
    left, inner = sheet.left, sheet.inner
    if session.centre:
        centre = translate("Documents", "Centre de certification : {centre}").format(
            centre=session.centre)
        sheet.text(left, sheet.y, inner / 2, centre, 9, color=GREY)
    sheet.text(
        left + inner / 2,
        sheet.y,
        inner / 2,
        translate("Documents", "Certification des compétences numériques"),
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
        (translate("Documents", "N° de session"), str(session.session_number)),
        (translate("Documents", "Date"), long_date(session.day)),
        (translate("Documents", "Heure de début"), session.start_time),
        (translate("Documents", "Nom du site"), session.site),
        (translate("Documents", "Salle"), session.room),
        (translate("Documents", "Surveillant(s)"), ", ".join(session.invigilators)),
    )
    col_w = inner / 3
    row_h = 13.0
    top = sheet.y
    sheet.rect(left, top, inner, row_h * 2, fill=SHADE)
    for i, (name, value) in enumerate(cells):
        x = left + (i % 3) * col_w
        y = top + (i // 3) * row_h
        sheet.text(x + 2.5, y + 1.8, col_w - 5, name, 8, color=GREY)
        size = sheet.fitting_size(value, col_w - 5, 10.5, bold=True)
        sheet.text(x + 2.5, y + 5.6, col_w - 5, value, size, bold=True)
    for i in (1, 2):
        sheet.line(left + i * col_w, top, left + i * col_w, top + 2 * row_h)
    sheet.line(left, top + row_h, left + inner, top + row_h)
    sheet.y = top + 2 * row_h + 6


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width: float
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


def table_header(sheet: Sheet, columns: Sequence[Column], height: float = 10.0) -> None:
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


def table_row(
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


def footer_text(kind: str, session: SessionInfo | None) -> str:
    """The page footer; `kind` is the paper's name, already translated."""
    if session is None:
        return f"examroom — {kind}"
    return translate("Documents", "examroom — {kind} — session n° {number}").format(
        kind=kind, number=session.session_number)
