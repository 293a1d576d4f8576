"""Check-list de préparation de la salle (seed 003), with the session's numbers."""

from __future__ import annotations

import math

from app.services.documents.parts import SessionInfo, footer_text, header
from app.services.documents.sheet import SHADE, Sheet

CANDIDATES_PER_ROOM_UNIT = 20

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


def room_checklist(session: SessionInfo, candidate_count: int) -> Sheet:
    """Check-list de préparation de la salle (seed 003), with this session's numbers."""
    sheet = Sheet(
        "Check-list de préparation de la salle",
        footer_text("Check-list de préparation de la salle", session),
    )
    sheet.new_page()
    header(
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
