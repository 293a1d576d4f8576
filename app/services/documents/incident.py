"""PV d'incident, blank, with the incident categories of `app.domain.incidents` explained."""

from __future__ import annotations

from app.domain.incidents import IncidentCategory
from app.services.documents.parts import (
    Column,
    SessionInfo,
    footer_text,
    header,
    table_header,
    table_row,
)
from app.services.documents.sheet import GREY, Sheet
from app.services.i18n import domain_text, translate


def incident_report(session: SessionInfo, rows: int = 9) -> Sheet:
    """PV d'incident, blank: one line per report, the categories explained on page 2."""
    title = translate("Documents", "PV d'incident")
    sheet = Sheet(title, footer_text(title, session))
    sheet.new_page()
    header(
        sheet,
        title,
        translate(
            "Documents", "Procès-verbal de session : signalements relevés par le surveillant"
        ),
        session,
    )
    sheet.para(
        translate(
            "Documents",
            "Notez chaque signalement le plus précisément possible : candidat, catégorie (voir "
            "page 2), numéro de la question concernée pour un problème sur une question, heure "
            "et description détaillée. Seuls les signalements relevés par le surveillant sont "
            "pris en compte par le jury. Ils sont reportés lors de la finalisation de la "
            "session.",
        ),
        9.5,
        gap=4,
    )
    columns = (
        Column(translate("Documents", "Nom et prénom du candidat"), 38),
        Column(translate("Documents", "N° de certification"), 25),
        Column(translate("Documents", "Catégorie (C1 à E12)"), 20),
        Column(translate("Documents", "N° de question"), 17),
        Column(translate("Documents", "Heure"), 14),
        Column(translate("Documents", "Description précise de l'incident"), 66),
    )
    table_header(sheet, columns, 12)
    row_h = min(17.0, (sheet.bottom - 30 - sheet.y) / rows)
    for _ in range(rows):
        table_row(sheet, columns, (), row_h)
    sheet.y += 5
    sheet.para(
        translate("Documents", "Nom et signature du ou des surveillants :"), 10, bold=True, gap=0
    )
    sheet.rect(sheet.left, sheet.y + 1, sheet.inner, 14, color=GREY, pen_mm=0.25)
    sheet.new_page()
    sheet.para(translate("Documents", "Catégories de signalement"), 14, bold=True, gap=3)
    groups = (
        (
            translate("Documents", "Concernant le candidat (C)"),
            [c for c in IncidentCategory if c.value[0] == "C"],
        ),
        (
            translate(
                "Documents", "Problème sur la question N (E) : indiquez le numéro de la question"
            ),
            [c for c in IncidentCategory if c.value[0] == "E"],
        ),
    )
    for heading, categories in groups:
        sheet.para(heading, 11, bold=True, gap=2)
        for cat in categories:
            label = domain_text(cat.label)
            if cat.is_impactful:
                label = translate("Documents", "{label} — à examiner par le jury").format(
                    label=label
                )
            sheet.ensure(8)
            sheet.text(sheet.left + 2, sheet.y, 14, cat.value, 10, bold=True)
            sheet.y += sheet.text(sheet.left + 16, sheet.y, sheet.inner - 16, label, 10) + 2.2
        sheet.y += 3
    sheet.para(
        translate(
            "Documents",
            "C1 et C2 : décrivez la modification à apporter (nom, date de naissance, temps "
            "majoré). Description : 500 caractères au maximum par signalement. En cas de "
            "suspicion de fraude (C6), établissez aussi un PV de fraude.",
        ),
        9.5,
        italic=True,
    )
    return sheet
