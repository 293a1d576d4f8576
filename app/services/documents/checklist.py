"""Check-list de préparation de la salle (seed 003), with the session's numbers."""

from __future__ import annotations

import math

from app.services.documents.parts import SessionInfo, footer_text, header
from app.services.documents.sheet import SHADE, Sheet
from app.services.i18n import QT_TRANSLATE_NOOP, translate

CANDIDATES_PER_ROOM_UNIT = 20

CHECKLIST: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        QT_TRANSLATE_NOOP("Documents", "Salle"),
        (
            QT_TRANSLATE_NOOP("Documents", "Un espace individuel pour chaque candidat"),
            QT_TRANSLATE_NOOP(
                "Documents",
                "Un poste informatique pour chaque candidat (sauf pour les candidats utilisant "
                "leur propre matériel)",
            ),
            QT_TRANSLATE_NOOP(
                "Documents",
                "Un confort compatible avec le passage d'un examen (espace, calme, distance "
                "appropriée entre les candidats, éclairage et ventilation adaptés)",
            ),
            QT_TRANSLATE_NOOP(
                "Documents",
                "Un espace permettant au surveillant la déambulation derrière les candidats",
            ),
            QT_TRANSLATE_NOOP(
                "Documents",
                "Des postes informatiques additionnels (1 poste additionnel requis pour 20 "
                "candidats)",
            ),
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Documents", "Configuration minimale des ordinateurs"),
        (
            QT_TRANSLATE_NOOP(
                "Documents",
                "Une taille et une résolution d'écran satisfaisantes (largeur minimale "
                "recommandée de 800 pixels)",
            ),
            QT_TRANSLATE_NOOP(
                "Documents",
                "Le poste candidat examroom (mode kiosque) installé et démarré sur chaque poste, "
                "postes additionnels compris",
            ),
            QT_TRANSLATE_NOOP("Documents", "Un lecteur de fichier PDF"),
            QT_TRANSLATE_NOOP(
                "Documents",
                "Une suite bureautique aux fonctionnalités complètes (tableur, traitement de "
                "texte, présentation, dessin, traitement d'image)",
            ),
            QT_TRANSLATE_NOOP("Documents", "Le poste du surveillant relié au réseau de la salle"),
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Documents", "Documents et informations pour le surveillant"),
        (
            QT_TRANSLATE_NOOP(
                "Documents",
                "La feuille d'émargement imprimée, qui comporte le numéro de session",
            ),
            QT_TRANSLATE_NOOP("Documents", "Le PV d'incident vierge"),
            QT_TRANSLATE_NOOP(
                "Documents",
                "Le kit surveillant : code d'accès et mot de passe de session",
            ),
            QT_TRANSLATE_NOOP(
                "Documents",
                "La notice pour l'élève, à projeter au tableau ou à afficher près des ordinateurs",
            ),
            QT_TRANSLATE_NOOP("Documents", "Le modèle de PV de fraude (à utiliser le cas échéant)"),
        ),
    ),
)


def room_checklist(session: SessionInfo, candidate_count: int) -> Sheet:
    """Check-list de préparation de la salle (seed 003), with this session's numbers."""
    title = translate("Documents", "Check-list de préparation de la salle")
    sheet = Sheet(title, footer_text(title, session))
    sheet.new_page()
    header(sheet, title, translate("Documents", "Pour les sessions de certification"), session)
    units = math.ceil(candidate_count / CANDIDATES_PER_ROOM_UNIT) if candidate_count else 0
    have = len(session.invigilators)
    registered = translate("Documents", "Candidats inscrits : {count}.")
    spare = translate("Documents", "Postes additionnels à prévoir : {units} (1 pour 20 candidats).")
    staff = translate(
        "Documents",
        "Surveillants nécessaires : au moins {needed} (1 pour 20 élèves) ; prévu(s) : {have}.",
    )
    lines = [
        (registered.format(count=candidate_count), False),
        (spare.format(units=units), False),
        (staff.format(needed=max(units, 1), have=have), have < units),
    ]
    top = sheet.y
    height = 6.5 * len(lines) + 4
    sheet.rect(sheet.left, top, sheet.inner, height, fill=SHADE, pen_mm=0.3)
    sheet.y += 2
    for text, bold in lines:
        sheet.para(text, 10.5, indent=3, gap=1.5, bold=bold)
    sheet.y = top + height + 6
    for heading, items in CHECKLIST:
        sheet.ensure(20)
        sheet.para(translate("Documents", heading), 12.5, bold=True, gap=3)
        for item in items:
            sheet.ensure(10)
            sheet.checkbox(sheet.left + 1, sheet.y + 0.3)
            text = translate("Documents", item)
            sheet.y += sheet.text(sheet.left + 9, sheet.y, sheet.inner - 9, text, 10.5) + 2.2
        sheet.y += 3
    sheet.ensure(10)
    sheet.para(
        translate(
            "Documents",
            "Vérifiée le : ____ / ____ / ________      par : ______________________________",
        ),
        10.5,
        gap=4,
    )
    return sheet
