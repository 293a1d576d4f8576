"""Feuille d'émargement: one line per candidate to sign, the end-screen box to tick."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from app.services.documents.french import extra_time_text, short_date
from app.services.documents.parts import (
    Column,
    SessionInfo,
    footer_text,
    header,
    table_header,
    table_row,
)
from app.services.documents.sheet import GREY, Sheet
from app.services.i18n import translate


def attendance_sheet(session: SessionInfo, candidates: Sequence[Mapping[str, Any]]) -> Sheet:
    """Feuille d'émargement: one signed line per candidate, the end-screen box to tick."""
    title = translate("Documents", "Feuille d'émargement")
    sheet = Sheet(title, footer_text(title, session))
    columns = (
        Column(translate("Documents", "N°"), 9, Qt.AlignmentFlag.AlignHCenter),
        Column(translate("Documents", "Nom de naissance"), 36),
        Column(translate("Documents", "Prénom"), 31),
        Column(translate("Documents", "Date de naissance"), 23, Qt.AlignmentFlag.AlignHCenter),
        Column(translate("Documents", "Temps majoré"), 17, Qt.AlignmentFlag.AlignHCenter),
        Column(translate("Documents", "Signature"), 39),
        Column(translate("Documents", "Écran de fin de test vu"), 25),
    )
    row_h = 12.0
    rows = list(candidates) or [{}]
    index = 0
    while index < len(rows):
        sheet.new_page()
        header(
            sheet,
            title,
            translate(
                "Documents",
                "À signer par chaque candidat à son arrivée ; le surveillant coche « Écran de "
                "fin de test vu » après avoir constaté l'écran de fin de test.",
            ),
            session,
        )
        table_header(sheet, columns, 11)
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
            table_row(sheet, columns, values, row_h, boxes=(6,) if c else ())
            index += 1
    sheet.y += 5
    present = translate(
        "Documents", "Candidats inscrits : {count}      Candidats présents : ________"
    ).format(count=len(candidates))
    sheet.para(present, 10)
    sheet.para(
        translate("Documents", "Nom et signature du ou des surveillants :"), 10, bold=True, gap=0
    )
    sheet.rect(sheet.left, sheet.y + 1, sheet.inner, 14, color=GREY, pen_mm=0.25)
    return sheet
