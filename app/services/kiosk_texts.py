"""Every sentence the candidate kiosk shows, in one place, in French (the reference).

Why here and not in the views: the exam runner (a service) emits calm notices itself
(STYLE 3), and services must not import views; the kiosk's screens import this module too.
Wording follows the seeds (candidate notice, seed 003; end screen; "Je valide"/"Je passe").

Each constant is the French text, marked for translation (context "Kiosk", issue 20 item
2) and shown through `tr()`, which gives it in the process's language (app/services/i18n.py).
French typography (SPEC "Screens"): the French texts carry a non-breaking space (\\u00a0)
before : ; ? ! and inside « », so no sentence ever breaks a line before its punctuation;
`fr()` applies that rule to a text made at run time.
"""

from __future__ import annotations

import re

from app.domain.kiosk_phase import JoinProblem, QuestionNotice
from app.services.i18n import QT_TRANSLATE_NOOP, language, translate

NBSP = "\u00a0"


def fr(text: str) -> str:
    """Apply French spacing: NBSP before : ; ? ! and inside « »."""
    text = re.sub(r" ([:;?!])", NBSP + r"\1", text)
    return text.replace("« ", "«" + NBSP).replace(" »", NBSP + "»")


def tr(text: str) -> str:
    """A constant of this module (French) in the process's language."""
    return translate("Kiosk", text)


# -- join ---------------------------------------------------------------------------------
JOIN_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Rejoindre une session")
JOIN_INTRO = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Renseignez le numéro de session communiqué par le surveillant, puis votre prénom, "
    "votre nom de naissance et votre date de naissance.",
)
SESSION_NUMBER = QT_TRANSLATE_NOOP("Kiosk", "Numéro de session")
FIRST_NAME = QT_TRANSLATE_NOOP("Kiosk", "Prénom")
BIRTH_NAME = QT_TRANSLATE_NOOP("Kiosk", "Nom de naissance")
BIRTHDATE = QT_TRANSLATE_NOOP("Kiosk", "Date de naissance")
DAY = QT_TRANSLATE_NOOP("Kiosk", "Jour")
MONTH = QT_TRANSLATE_NOOP("Kiosk", "Mois")
YEAR = QT_TRANSLATE_NOOP("Kiosk", "Année")
CONTINUE = QT_TRANSLATE_NOOP("Kiosk", "Continuer")
JOIN_MISSING = QT_TRANSLATE_NOOP(
    "Kiosk", "Remplissez tous les champs\u00a0: numéro de session, prénom, nom et date.")
JOIN_BAD_NUMBER = QT_TRANSLATE_NOOP(
    "Kiosk", "Le numéro de session ne contient que des chiffres. Vérifiez-le.")
JOIN_BAD_DATE = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Cette date de naissance n'existe pas. Saisissez le jour, le mois et l'année, "
    "par exemple 04, 05 et 2010.",
)
JOIN_WAIT = QT_TRANSLATE_NOOP("Kiosk", "Recherche de votre inscription…")

# -- confirm identity -----------------------------------------------------------------------
CONFIRM_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Confirmez vos informations")
CONFIRM_QUESTION = QT_TRANSLATE_NOOP("Kiosk", "Est-ce bien vous\u00a0?")
CONFIRM_YES = QT_TRANSLATE_NOOP("Kiosk", "Je confirme")
CONFIRM_NO = QT_TRANSLATE_NOOP("Kiosk", "Ce n'est pas moi")

# -- waiting / instructions / access code ---------------------------------------------------
WAITING_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Vous allez commencer votre test de certification")
WAITING_TEXT = QT_TRANSLATE_NOOP(
    "Kiosk", "Attendez que le surveillant confirme votre présence. Cet écran change tout seul.")
PRESENCE_AGAIN = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Le surveillant doit à nouveau confirmer votre présence. Faites-lui signe et patientez.",
)
INSTRUCTIONS = (
    QT_TRANSLATE_NOOP("Kiosk", "Vous avez 1 h 45 maximum pour répondre aux questions."),
    QT_TRANSLATE_NOOP(
        "Kiosk",
        "Quelques questions sont chronométrées\u00a0: un écran vous prévient avant chacune."),
    QT_TRANSLATE_NOOP(
        "Kiosk",
        "Pour chaque question\u00a0: «\u00a0Je valide\u00a0» enregistre votre réponse."),
    QT_TRANSLATE_NOOP(
        "Kiosk",
        "«\u00a0Je passe\u00a0» est définitif\u00a0: la question ne revient pas et compte "
        "comme fausse."),
    QT_TRANSLATE_NOOP(
        "Kiosk",
        "En cas de problème sur une question, utilisez «\u00a0Signaler un problème avec la "
        "question\u00a0»."),
    QT_TRANSLATE_NOOP(
        "Kiosk", "À la fin, gardez l'écran de fin sous vos yeux et appelez le surveillant."),
)
ACCESS_CODE_PROMPT = QT_TRANSLATE_NOOP(
    "Kiosk", "Saisissez le code d'accès communiqué par le surveillant")
ACCESS_CODE = QT_TRANSLATE_NOOP("Kiosk", "Code d'accès")
START = QT_TRANSLATE_NOOP("Kiosk", "Commencer mon test")
STARTING = QT_TRANSLATE_NOOP("Kiosk", "La certification se génère…")

# -- question ---------------------------------------------------------------------------------
QUESTION_N = QT_TRANSLATE_NOOP("Kiosk", "Question {n} / {total}")
CERTIFICATION_NUMBER = QT_TRANSLATE_NOOP("Kiosk", "Certification n° {number}")
VALIDATE = QT_TRANSLATE_NOOP("Kiosk", "Je valide")
SKIP = QT_TRANSLATE_NOOP("Kiosk", "Je passe")
SKIP_CONFIRM = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Êtes-vous sûr(e) de vouloir passer cette question\u00a0? C'est définitif\u00a0: "
    "elle ne reviendra pas et comptera comme fausse.",
)
SKIP_YES = QT_TRANSLATE_NOOP("Kiosk", "Oui, je passe")
SKIP_CANCEL = QT_TRANSLATE_NOOP("Kiosk", "Non, je reviens à la question")
REPORT = QT_TRANSLATE_NOOP("Kiosk", "Signaler un problème avec la question")
PAUSED = QT_TRANSLATE_NOOP("Kiosk", "Les actions sont mises en pause en attendant le surveillant")
PAUSED_HELP = QT_TRANSLATE_NOOP(
    "Kiosk", "Le surveillant a été prévenu. Il va venir voir la question.")
ALERT_REFUSED = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Le surveillant a examiné la question\u00a0: vous pouvez y répondre normalement.")
ALERT_REPLACED = QT_TRANSLATE_NOOP(
    "Kiosk", "Le surveillant a validé votre signalement : voici une autre question.")
OPEN_ATTACHMENT = QT_TRANSLATE_NOOP("Kiosk", "Ouvrir le document")
CLOSE_ATTACHMENT = QT_TRANSLATE_NOOP("Kiosk", "Fermer le document")
ATTACHMENT_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Document : {name}")
ATTACHMENT_UNREADABLE = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Ce document ne peut pas être affiché sur ce poste. Signalez un problème avec la question.",
)
ATTACHMENT_TABLE = QT_TRANSLATE_NOOP("Kiosk", "Tableau du document")
ATTACHMENT_TEXT = QT_TRANSLATE_NOOP("Kiosk", "Texte du document")
ATTACHMENT_PAGE = QT_TRANSLATE_NOOP("Kiosk", "{name}, page {n}")
IMAGE_MISSING = QT_TRANSLATE_NOOP("Kiosk", "L'image de cette question ne peut pas être affichée.")
TIME_LEFT = QT_TRANSLATE_NOOP("Kiosk", "Temps restant : {time}")
TIMED_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Cette question est chronométrée")
TIMED_TEXT = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Vous aurez {time} pour répondre à cette question. Le temps ne démarre que lorsque "
    "vous cliquez sur «\u00a0Commencer\u00a0».",
)
TIMED_ONLY_THIS = QT_TRANSLATE_NOOP(
    "Kiosk", "Ce temps ne concerne que cette question, pas le reste du test.")
TIMED_EXTRA = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Votre temps est majoré\u00a0: une fois ce temps écoulé, vous pourrez encore répondre.")
BEGIN = QT_TRANSLATE_NOOP("Kiosk", "Commencer")
REPORT_CONFIRM = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Signaler un problème met le test en pause\u00a0: le surveillant va venir voir la question. "
    "Voulez-vous le prévenir\u00a0?",
)
REPORT_YES = QT_TRANSLATE_NOOP("Kiosk", "Oui, je préviens le surveillant")
REPORT_CANCEL = QT_TRANSLATE_NOOP("Kiosk", "Non, je reviens à la question")
TIME_UP = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Le temps est écoulé. Vous pouvez encore répondre\u00a0: votre réponse sera enregistrée "
    "comme donnée après la fin du temps.",
)
TIME_UP_EXTRA = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Le temps est écoulé. Comme vous bénéficiez d'un temps majoré, vous pouvez encore "
    "répondre\u00a0: le surveillant en tiendra compte.",
)
FOCUS_RULE = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Pour cette question, restez sur cette fenêtre et dans la zone de la question\u00a0: "
    "en sortir est enregistré.",
)
FOCUS_LOST = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Vous êtes sorti(e) de la zone de la question. C'est enregistré et signalé au surveillant.",
)
ANSWER = QT_TRANSLATE_NOOP("Kiosk", "Votre réponse")

# -- lockdown: a second screen (app/views/kiosk/lockdown.py) ----------------------------------
SCREENS_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Un seul écran doit être branché sur ce poste")
SCREENS_TEXT = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Appelez le surveillant\u00a0: un second écran est branché sur ce poste. Le test ne peut "
    "pas commencer, ni continuer, tant que ce poste a plus d'un écran.",
)
NUMBER_HINT = QT_TRANSLATE_NOOP("Kiosk", "Un nombre")

# -- end --------------------------------------------------------------------------------------
END_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Vous avez presque terminé")
END_TEXT = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Appelez le surveillant\u00a0: il doit impérativement voir cet écran pour finaliser "
    "votre certification.",
)
END_BY_INVIGILATOR = QT_TRANSLATE_NOOP(
    "Kiosk", "Le surveillant a mis fin à votre test de certification.")
END_MAX_DURATION = QT_TRANSLATE_NOOP(
    "Kiosk", "Le temps maximum du test est dépassé : votre test est terminé.")
END_FINALISED = QT_TRANSLATE_NOOP(
    "Kiosk", "La session de certification est finalisée : votre test est terminé.")
END_FINALISED_HELP = QT_TRANSLATE_NOOP("Kiosk", "Vous pouvez quitter ce poste.")
END_WIPING = QT_TRANSLATE_NOOP(
    "Kiosk", "Le surveillant a vu cet écran. Ce poste se prépare pour le candidat suivant…")
BACK_HOME = QT_TRANSLATE_NOOP("Kiosk", "Revenir à l'accueil")

# -- resume ---------------------------------------------------------------------------------
RESUME_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Reprendre votre test")
RESUME_TEXT = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Votre test de certification a été interrompu. Pour le reprendre, saisissez à nouveau "
    "le code d'accès communiqué par le surveillant.",
)
RESUME = QT_TRANSLATE_NOOP("Kiosk", "Reprendre mon test")
RESUME_WAIT_TITLE = QT_TRANSLATE_NOOP(
    "Kiosk", "Le surveillant doit autoriser la reprise de votre test")
RESUME_WAIT_TEXT = QT_TRANSLATE_NOOP(
    "Kiosk", "Faites signe au surveillant. Vous retrouverez la question où vous en étiez.")
RESUME_PASSWORD_HELP = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Réservé au surveillant\u00a0: sans réseau, il peut autoriser la reprise ici avec le code "
    "de reprise imprimé sur le kit.",
)
RESUME_CODE = QT_TRANSLATE_NOOP("Kiosk", "Code de reprise")
WRONG_RESUME_CODE = QT_TRANSLATE_NOOP("Kiosk", "Ce code de reprise n'est pas le bon.")
SESSION_PASSWORD = QT_TRANSLATE_NOOP("Kiosk", "Mot de passe de session")
AUTHORIZE = QT_TRANSLATE_NOOP("Kiosk", "Autoriser la reprise")
WRONG_PASSWORD = QT_TRANSLATE_NOOP("Kiosk", "Ce mot de passe de session n'est pas le bon.")
WRONG_CODE_OFFLINE = QT_TRANSLATE_NOOP(
    "Kiosk", "Ce code d'accès n'est pas le bon. Vérifiez-le et saisissez-le à nouveau.")
RESUME_LOCKED = QT_TRANSLATE_NOOP(
    "Kiosk", "Trop d'essais. Attendez {wait} avant de réessayer, ou appelez le surveillant.")

# -- leaving the kiosk (staff) --------------------------------------------------------------
EXIT_TITLE = QT_TRANSLATE_NOOP("Kiosk", "Quitter le poste d'examen")
EXIT_TEXT = QT_TRANSLATE_NOOP(
    "Kiosk", "Réservé au surveillant : saisissez le mot de passe de la session pour quitter.")
EXIT = QT_TRANSLATE_NOOP("Kiosk", "Quitter")
EXIT_CANCEL = QT_TRANSLATE_NOOP("Kiosk", "Annuler")

# -- errors from the server ------------------------------------------------------------------
REFUSALS = {
    "not_found": QT_TRANSLATE_NOOP(
        "Kiosk",
        "Aucune inscription ne correspond à ces informations dans cette session. Vérifiez "
        "le numéro de session, votre prénom, votre nom de naissance et votre date de naissance.",
    ),
    "several_matches": QT_TRANSLATE_NOOP(
        "Kiosk",
        "Plusieurs inscriptions correspondent à ces informations. Appelez le surveillant."),
    "session_finalised": QT_TRANSLATE_NOOP(
        "Kiosk",
        "Cette session est terminée\u00a0: il n'est plus possible de la rejoindre. "
        "Appelez le surveillant.",
    ),
    "not_certifiable": QT_TRANSLATE_NOOP(
        "Kiosk",
        "Votre profil n'est pas certifiable\u00a0: vous ne pouvez pas passer ce test. "
        "Appelez le surveillant.",
    ),
    "session_closed": QT_TRANSLATE_NOOP(
        "Kiosk", "Les entrées dans cette session sont closes. Appelez le surveillant."),
    "test_ended": QT_TRANSLATE_NOOP(
        "Kiosk", "Votre test de certification est déjà terminé. Appelez le surveillant."),
    "wrong_access_code": WRONG_CODE_OFFLINE,
    "presence_not_confirmed": PRESENCE_AGAIN,
}
"""The server's refusals of a kiosk request, by its stable error code (the server's own
message is English, for the logs: never shown)."""
ACCESS_LOCKED = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Trop de codes incorrects ont été saisis. Attendez {wait} avant de réessayer, "
    "ou appelez le surveillant.",
)
TOO_MANY_ATTEMPTS = QT_TRANSLATE_NOOP(
    "Kiosk", "Trop d'essais. Réessayez dans {wait}, ou appelez le surveillant.")
REFUSED_OTHER = QT_TRANSLATE_NOOP(
    "Kiosk", "Le serveur a refusé cette action. Appelez le surveillant.")
OFFLINE = QT_TRANSLATE_NOOP(
    "Kiosk",
    "Le serveur ne répond pas. Vérifiez que le poste est connecté, puis réessayez. "
    "Si cela continue, appelez le surveillant.",
)
UNEXPECTED = QT_TRANSLATE_NOOP(
    "Kiosk", "Un problème inattendu est survenu. Appelez le surveillant.")

# -- sync indicator ---------------------------------------------------------------------------
SYNC_ONLINE = QT_TRANSLATE_NOOP("Kiosk", "Connecté")
SYNC_OFFLINE = QT_TRANSLATE_NOOP("Kiosk", "Hors ligne : vos réponses sont gardées sur ce poste")
SYNC_PENDING = QT_TRANSLATE_NOOP("Kiosk", "Envoi en cours")


def _count(n: int, one: str, many: str) -> str:
    """`one` or `many` (both translated, with {n}) as the language's plural rule says:
    French takes the singular for 0 and 1, English for 1 only."""
    singular = n == 1 if language() == "en" else n <= 1
    return (one if singular else many).format(n=n)


def _minutes(n: int) -> str:
    return _count(n, translate("Kiosk", "{n} minute"), translate("Kiosk", "{n} minutes"))


def _seconds(n: int) -> str:
    return _count(n, translate("Kiosk", "{n} seconde"), translate("Kiosk", "{n} secondes"))


def wait_text(seconds: int) -> str:
    """ "2 minutes", "45 secondes": how long a candidate must wait, rounded up (a
    non-breaking space between the number and its unit)."""
    if seconds >= 60:
        return _minutes(-(-seconds // 60)).replace(" ", NBSP)
    return _seconds(max(1, seconds)).replace(" ", NBSP)


def refusal_text(code: str, retry_after_s: int | None = None) -> str:
    """The server's refusal of a kiosk request (its error code), in the screen's language."""
    if code == "access_locked":
        return tr(ACCESS_LOCKED).format(wait=wait_text(retry_after_s or 300))
    if code == "too_many_attempts":
        return tr(TOO_MANY_ATTEMPTS).format(wait=wait_text(retry_after_s or 60))
    return tr(REFUSALS.get(code, REFUSED_OTHER))


JOIN_PROBLEMS = {
    JoinProblem.MISSING: JOIN_MISSING,
    JoinProblem.BAD_NUMBER: JOIN_BAD_NUMBER,
    JoinProblem.BAD_DATE: JOIN_BAD_DATE,
}
QUESTION_NOTICES = {
    QuestionNotice.REPLACED: ALERT_REPLACED,
    QuestionNotice.REFUSED: ALERT_REFUSED,
}


def clock_text(ms: int) -> str:
    """A countdown as m:ss (rounded up, so 0:00 means really over)."""
    seconds = -(-ms // 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


def duration_text(seconds: int) -> str:
    """A question's time, written out: "1 minute", "45 secondes", "1 minute 30 secondes"."""
    return countdown_spoken(seconds * 1000) if seconds % 60 else _minutes(seconds // 60)


def countdown_spoken(ms: int) -> str:
    """The countdown for a screen reader: "1 minute 5 secondes"."""
    seconds = -(-ms // 1000)
    minutes, rest = divmod(seconds, 60)
    parts = []
    if minutes:
        parts.append(_minutes(minutes))
    parts.append(_seconds(rest))
    return " ".join(parts)
