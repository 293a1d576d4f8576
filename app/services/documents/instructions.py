"""Consignes à lire aux élèves: what the invigilator reads out before giving the code.

The seeds name this paper ("les consignes à lire aux élèves", seeds 002 and 003: read once
every candidate is ready, before the access code) without giving its text; each sentence
below restates a rule the seeds give the candidates (seed 000 FAQ, seed 003 notice).
"""

from __future__ import annotations

from app.services.documents.parts import SessionInfo, footer_text, header
from app.services.documents.sheet import GREY, Sheet
from app.services.i18n import QT_TRANSLATE_NOOP, translate

TITLE = QT_TRANSLATE_NOOP("Documents", "Consignes à lire aux élèves")

INSTRUCTIONS = (
    QT_TRANSLATE_NOOP(
        "Documents",
        "Votre pièce d'identité reste posée sur la table pendant tout le test.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Vos téléphones, notes et documents restent dans votre sac : seules les feuilles de "
        "brouillon vierges distribuées sont autorisées.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Je vais vous communiquer le code d'accès : à partir de ce moment, vous disposez "
        "d'1h45 au maximum pour le test. Aucun retardataire ne pourra plus entrer.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "En haut à droite de votre écran, vous voyez le nombre total de questions et le nombre "
        "de questions auxquelles vous avez déjà répondu : organisez votre temps.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Lorsque vous cliquez sur « Je passe », vous ne pouvez plus revenir sur cette question : "
        "une question passée est considérée comme fausse.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Certaines questions sont chronométrées. Si vous bénéficiez d'un temps majoré et que le "
        "chronomètre arrive à la fin, répondez quand même : votre réponse est prise en compte.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "En cas de problème technique (une image qui ne s'affiche pas, un écran bloqué), "
        "levez la main : je viens voir et je le note.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Si votre ordinateur s'éteint ou se bloque, ne vous inquiétez pas : vos réponses sont "
        "gardées et vous reprendrez là où vous étiez.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Lorsque vous avez terminé, gardez sous vos yeux l'écran de fin de test et appelez-moi : "
        "je dois impérativement le voir pour valider votre certification.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Au bout d'1h45, ceux qui n'ont pas fini passent les questions restantes avec "
        "« Je passe » jusqu'à l'écran de fin de test.",
    ),
)
"""One rule a sentence, in the order the candidates meet them."""


def candidate_instructions(session: SessionInfo) -> Sheet:
    """Consignes à lire aux élèves: the rules of the test, read aloud before the code."""
    title = translate("Documents", TITLE)
    sheet = Sheet(title, footer_text(title, session))
    sheet.new_page()
    header(sheet, title, translate("Documents", "Avant de communiquer le code d'accès"), session)
    sheet.para(
        translate(
            "Documents",
            "À lire quand tous les élèves sont installés et connectés, avant de communiquer le "
            "code d'accès.",
        ),
        10.5, italic=True, color=GREY, gap=5,
    )
    for n, rule in enumerate(INSTRUCTIONS, start=1):
        sheet.para(f"{n}. {translate('Documents', rule)}", 12.5, gap=3.2)
    return sheet
