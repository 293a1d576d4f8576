"""Notice pour l'élève: the ten steps of the seed, large, to project on the board."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services.documents.french import long_date
from app.services.documents.parts import SessionInfo, footer_text
from app.services.documents.sheet import GREY, MARGIN_MM, SHADE, Sheet
from app.services.i18n import QT_TRANSLATE_NOOP, translate

NOTICE_STEPS = (
    QT_TRANSLATE_NOOP("Documents", "Posez votre pièce d'identité sur la table."),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Sur l'ordinateur, l'écran « Rejoindre une session » est affiché : faites signe au "
        "surveillant si ce n'est pas le cas.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Renseignez le numéro de session communiqué par le surveillant.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Renseignez votre prénom, votre nom de naissance et votre date de naissance. "
        "Confirmez les informations.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Vous êtes sur la page « Vous allez commencer votre test de certification » : faites "
        "signe au surveillant si ce n'est pas le cas.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Attendez que le surveillant donne les consignes et communique le code d'accès.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Saisissez le code d'accès indiqué par le surveillant, puis « Commencer mon test ».",
    ),
    QT_TRANSLATE_NOOP("Documents", "La certification se génère."),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Vous pouvez répondre aux questions. Vous avez 1h45 maximum. Faites signe au "
        "surveillant en cas de problème technique.",
    ),
    QT_TRANSLATE_NOOP(
        "Documents",
        "Vous avez terminé ? Étape de validation obligatoire : gardez sous vos yeux l'écran de "
        "fin de test et appelez le surveillant.",
    ),
)
"""The seed's ten steps (kit de certification SCO), with the kiosk in place of the ENT."""


def candidate_notice(session: SessionInfo) -> Sheet:
    """Notice pour l'élève: the ten steps, large, landscape, to project on the board."""
    title = translate("Documents", "Notice pour l'élève")
    sheet = Sheet(title, footer_text(title, session), landscape=True)
    sheet.new_page()
    sheet.text(sheet.left, sheet.y, sheet.inner * 0.6, title, 24, bold=True)
    box_w = 78.0
    x = sheet.left + sheet.inner - box_w
    sheet.rect(x, sheet.y - 2, box_w, 20, fill=SHADE, pen_mm=0.5)
    sheet.text(
        x,
        sheet.y - 1,
        box_w,
        translate("Documents", "Numéro de session"),
        11,
        bold=True,
        align=Qt.AlignmentFlag.AlignHCenter,
    )
    sheet.text(
        x,
        sheet.y + 5,
        box_w,
        str(session.session_number),
        26,
        bold=True,
        height=12,
        align=Qt.AlignmentFlag.AlignHCenter,
    )
    sheet.y += 11
    sheet.para(
        f"{long_date(session.day)} — {session.start_time} — {session.room}",
        12,
        color=GREY,
        gap=10,
    )
    sheet.y = max(sheet.y, MARGIN_MM + 26)
    for n, step in enumerate(NOTICE_STEPS, start=1):
        sheet.rect(sheet.left, sheet.y, 11, 11, fill=SHADE, pen_mm=0.4)
        sheet.text(
            sheet.left,
            sheet.y,
            11,
            str(n),
            15,
            bold=True,
            height=11,
            align=Qt.AlignmentFlag.AlignHCenter,
        )
        text = translate("Documents", step)
        taken = sheet.text(sheet.left + 15, sheet.y + 1.5, sheet.inner - 15, text, 14.5)
        sheet.y += max(11.0, taken + 1.5) + 2.6
    return sheet
