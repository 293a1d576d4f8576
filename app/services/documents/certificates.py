"""The candidate's certificate: identity, centre, levels by domain, total, code."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from app.domain.birthplace import birthplace_french
from app.domain.competences import COMPETENCES, DOMAINS, MAX_LEVEL
from app.services.documents.french import long_date
from app.services.documents.sheet import GREY, SHADE, Sheet
from app.services.i18n import QT_TRANSLATE_NOOP, domain_text, translate

VALIDITY_FR = QT_TRANSLATE_NOOP("Documents", "Certificat valable 3 ans")
"""Seed 003, the certificate: "Délivré le 28 septembre 2020 / Certificat valable 3 ans"."""


def certificate(cert: Mapping[str, Any]) -> Sheet:
    """The candidate's certificate: identity, centre, levels by domain, total, code."""
    name = f"{cert['first_name']} {str(cert['last_name']).upper()}"
    title = translate("Documents", "Certificat de compétences numériques")
    footer = translate("Documents", "examroom — certificat n° {number} — {name}").format(
        number=cert["certification_number"], name=name
    )
    sheet = Sheet(title, footer)
    sheet.new_page()
    born = date.fromisoformat(str(cert["birthdate"]))
    taken = date.fromisoformat(str(cert["session_date"]))
    sheet.rect(sheet.left, sheet.y, sheet.inner, 24, fill=SHADE, pen_mm=0)
    sheet.text(
        sheet.left,
        sheet.y + 4,
        sheet.inner,
        title,
        20,
        bold=True,
        align=Qt.AlignmentFlag.AlignHCenter,
    )
    sheet.text(
        sheet.left,
        sheet.y + 15,
        sheet.inner,
        translate("Documents", "Cadre de référence des compétences numériques (CRCN)"),
        11,
        color=GREY,
        align=Qt.AlignmentFlag.AlignHCenter,
    )
    sheet.y += 30
    issued = cert.get("issued_on")
    validity = translate("Documents", VALIDITY_FR)
    if issued:
        validity = translate("Documents", "Délivré le {date} — {validity}").format(
            date=long_date(date.fromisoformat(str(issued)), weekday=False), validity=validity
        )
    sheet.para(validity, 11, bold=True, gap=3)
    sheet.para(name, 18, bold=True, gap=2)
    where = birthplace_french(str(cert.get("birthplace") or ""))
    born_on = long_date(born, weekday=False)
    if where:
        born_text = translate("Documents", "Né(e) le {date} {place}").format(
            date=born_on, place=domain_text(where)
        )
    else:
        born_text = translate("Documents", "Né(e) le {date}").format(date=born_on)
    sheet.para(born_text, 11, gap=1.5)
    details = (
        translate("Documents", "Centre de certification : {centre}").format(centre=cert["centre"]),
        translate("Documents", "Date de passage : {date}").format(date=long_date(taken)),
    )
    for line in details:
        sheet.para(line, 11, gap=1.5)
    number = translate("Documents", "N° de certification : {number}")
    sheet.para(number.format(number=cert["certification_number"]), 11, gap=5)
    levels = {c["competence"]: int(c["level"]) for c in cert.get("competences", [])}
    certified = translate("Documents", "Compétences certifiées (niveaux sur {max})")
    sheet.para(certified.format(max=MAX_LEVEL), 12.5, bold=True, gap=2.5)
    level_w = 24.0
    row = 5.8
    for domain in DOMAINS:
        sheet.rect(sheet.left, sheet.y, sheet.inner, 7, fill=SHADE)
        sheet.text(
            sheet.left + 2,
            sheet.y,
            sheet.inner - level_w,
            f"{domain.code}. {domain_text(domain.name).upper()}",
            9.5,
            bold=True,
            height=7,
        )
        sheet.text(
            sheet.left + sheet.inner - level_w,
            sheet.y,
            level_w,
            translate("Documents", "NIVEAU"),
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
                f"{comp.code} {domain_text(comp.name)}",
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
        translate("Documents", "Score total"),
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
        translate("Documents", "Code de vérification"),
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
        translate(
            "Documents",
            "Communiquez ce code pour permettre à un tiers de vérifier l'authenticité de "
            "votre certificat (écran « Vérifier un certificat »).",
        ),
        9.5,
        italic=True,
        color=GREY,
    )
    return sheet
