"""PV de fraude: the template the invigilator fills in when fraud is suspected."""

from __future__ import annotations

from app.services.documents.parts import SessionInfo, footer_text, header
from app.services.documents.sheet import GREY, Sheet
from app.services.i18n import translate


def fraud_report(session: SessionInfo) -> Sheet:
    """PV de fraude: the template the invigilator fills in when fraud is suspected."""
    title = translate("Documents", "PV de fraude")
    sheet = Sheet(title, footer_text(title, session))
    sheet.new_page()
    header(sheet, title, translate("Documents", "Procès-verbal de suspicion de fraude"), session)
    sheet.para(translate("Documents", "Candidat concerné"), 11, bold=True, gap=2)
    fields = (
        translate("Documents", "Nom de naissance :"),
        translate("Documents", "Prénom :"),
        translate("Documents", "Date de naissance :"),
        translate("Documents", "N° de certification :"),
    )
    half = sheet.inner / 2
    for i, name in enumerate(fields):
        x = sheet.left + (i % 2) * half
        if i % 2 == 0 and i:
            sheet.y += 11
        sheet.text(x, sheet.y, 40, name, 10)
        sheet.line(x + 38, sheet.y + 5, x + half - 4, sheet.y + 5, dotted=True, color=GREY)
    sheet.y += 13
    sheet.text(sheet.left, sheet.y, 80, translate("Documents", "Date et heure des faits :"), 10)
    sheet.line(
        sheet.left + 45, sheet.y + 5, sheet.left + half - 4, sheet.y + 5, dotted=True, color=GREY
    )
    sheet.text(sheet.left + half, sheet.y, 45, translate("Documents", "N° de la question :"), 10)
    sheet.line(
        sheet.left + half + 38,
        sheet.y + 5,
        sheet.left + sheet.inner,
        sheet.y + 5,
        dotted=True,
        color=GREY,
    )
    sheet.y += 12
    sheet.writing_lines(translate("Documents", "Description précise des faits constatés"), 5, gap=7)
    sheet.writing_lines(translate("Documents", "Mesures prises par le surveillant"), 2, gap=7)
    sheet.writing_lines(translate("Documents", "Observations du candidat"), 2, gap=7)
    sheet.writing_lines(translate("Documents", "Témoin(s) : nom et qualité"), 1, gap=7)
    sheet.ensure(36)
    box_w = (sheet.inner - 6) / 2
    for i, who in enumerate(
        (
            translate("Documents", "Signature du ou des surveillants"),
            translate("Documents", "Signature du candidat (ou mention de son refus de signer)"),
        )
    ):
        x = sheet.left + i * (box_w + 6)
        sheet.text(x, sheet.y, box_w, who, 9.5, bold=True)
        sheet.rect(x, sheet.y + 10, box_w, 20, color=GREY, pen_mm=0.25)
    sheet.y += 33
    sheet.para(
        translate(
            "Documents",
            "À joindre à la finalisation de la session (étape 2 : documents), et à "
            "conserver avec la feuille d'émargement.",
        ),
        9,
        italic=True,
        color=GREY,
    )
    return sheet
