"""The candidate's certificate: identity, centre, levels by domain, total, code."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from app.domain.birthplace import birthplace_french
from app.domain.competences import COMPETENCES, DOMAINS, MAX_LEVEL
from app.services.documents.french import french_date
from app.services.documents.sheet import GREY, SHADE, Sheet

VALIDITY_FR = "Certificat valable 3 ans"
"""Seed 003, the certificate: "Délivré le 28 septembre 2020 / Certificat valable 3 ans"."""


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
    issued = cert.get("issued_on")
    delivered = (f"Délivré le {french_date(date.fromisoformat(str(issued)), weekday=False)}"
                 " — " if issued else "")
    sheet.para(f"{delivered}{VALIDITY_FR}", 11, bold=True, gap=3)
    sheet.para(name, 18, bold=True, gap=2)
    where = birthplace_french(str(cert.get("birthplace") or ""))
    place = f" {where}" if where else ""
    sheet.para(f"Né(e) le {french_date(born, weekday=False)}{place}", 11, gap=1.5)
    sheet.para(f"Centre de certification : {cert['centre']}", 11, gap=1.5)
    sheet.para(f"Date de passage : {french_date(taken)}", 11, gap=1.5)
    sheet.para(f"N° de certification : {cert['certification_number']}", 11, gap=5)
    levels = {c["competence"]: int(c["level"]) for c in cert.get("competences", [])}
    sheet.para(f"Compétences certifiées (niveaux sur {MAX_LEVEL})", 12.5, bold=True, gap=2.5)
    level_w = 24.0
    row = 5.8
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
