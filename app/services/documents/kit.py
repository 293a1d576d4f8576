"""Kit surveillant: the session's codes in large type and the day's steps."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services.documents.parts import SessionInfo, footer_text, header
from app.services.documents.sheet import SHADE, Sheet
from app.services.i18n import QT_TRANSLATE_NOOP, translate

KIT_STEPS = (
    QT_TRANSLATE_NOOP(
        "Documents",
        "Préparez la salle (check-list) et les documents : feuille d'émargement, PV "
        "d'incident vierge, notice pour l'élève, modèle de PV de fraude.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Connectez-vous au poste surveillant avec le numéro de session et le mot de passe "
        "de session ci-dessus.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Accueillez les élèves : vérification d'identité, émargement, installation. Chaque "
        "élève rejoint la session en suivant la notice ; confirmez sa présence sur le poste "
        "surveillant.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Quand tous les élèves sont prêts, communiquez les consignes, puis le code d'accès, "
        "et notez l'heure de début du test.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Pendant le test, passez régulièrement dans les rangs. Notez tout incident sur le PV "
        "d'incident (numéro de la question concernée, description précise) ; en cas de "
        "suspicion de fraude, établissez un PV de fraude.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Arrêtez la session 1h45 après le début du test (hormis pour les temps majorés) : "
        "les élèves n'ayant pas fini passent les questions jusqu'à la fin (« Je passe »).",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Constatez l'écran de fin de test de chaque élève, marquez-le « Écran de fin de test "
        "vu » sur le poste surveillant et cochez la case de la feuille d'émargement.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Remettez à l'administrateur la feuille d'émargement complétée, le PV d'incident "
        "et, le cas échéant, le PV de fraude.",
    ),
)
"""The day's steps, in the order the invigilator meets them."""


def invigilator_kit(
    session: SessionInfo, access_code: str, session_password: str, resume_code: str = ""
) -> Sheet:
    """Kit surveillant: the codes in large type and the day's reminders.

    The resume code (derived from the session password, `app/domain/resume_proof.py`) is
    what the invigilator types on a kiosk with no network to let a test resume there; unlike
    the session password it does not open the station, so a pupil who sees it typed gains
    nothing.
    """
    title = translate("Documents", "Kit surveillant")
    sheet = Sheet(
        title, footer_text(translate("Documents", "Kit surveillant — confidentiel"), session)
    )
    sheet.new_page()
    header(
        sheet,
        title,
        translate("Documents", "Confidentiel : à remettre au surveillant seulement"),
        session,
    )
    box_w = (sheet.inner - 4) / 2
    codes = (
        (
            translate("Documents", "Numéro de session"),
            str(session.session_number),
            translate("Documents", "À projeter et à communiquer aux élèves dès leur arrivée"),
        ),
        (
            translate("Documents", "Mot de passe de session"),
            session_password,
            translate("Documents", "Réservé au surveillant : connexion au poste surveillant"),
        ),
        (
            translate("Documents", "Code d'accès"),
            access_code,
            translate("Documents", "À ne communiquer aux élèves qu'au lancement du test"),
        ),
        (
            translate("Documents", "Code de reprise"),
            resume_code or "……",
            translate(
                "Documents",
                "À taper par le surveillant sur un poste sans réseau (n'ouvre pas la station)",
            ),
        ),
    )
    first_top = sheet.y
    for i, (name, value, note) in enumerate(codes):
        x = sheet.left + (i % 2) * (box_w + 4)
        top = first_top + (i // 2) * 44
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
    sheet.y = first_top + 2 * 44 + 4
    sheet.para(translate("Documents", "Déroulement"), 13, bold=True, gap=2)
    for n, step in enumerate(KIT_STEPS, start=1):
        sheet.ensure(12)
        sheet.text(sheet.left, sheet.y, 8, f"{n}.", 10.5, bold=True)
        text = translate("Documents", step)
        sheet.y += sheet.text(sheet.left + 8, sheet.y, sheet.inner - 8, text, 10.5) + 2.5
    sheet.y += 2
    sheet.para(
        translate(
            "Documents",
            "En cas de coupure du réseau ou de courant, les réponses déjà données sont "
            "conservées sur chaque poste : l'élève ressaisit le code d'accès et vous "
            "autorisez la reprise depuis le poste surveillant (ou, sans réseau, en tapant le "
            "code de reprise sur son poste).",
        ),
        9.5,
        italic=True,
    )
    return sheet

