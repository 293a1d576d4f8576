"""Every French sentence the candidate kiosk shows, in one place.

Why here and not in the views: the exam runner (a service) emits calm notices itself
(STYLE 3), and services must not import views; the kiosk's screens import this module too.
Wording follows the seeds (candidate notice, seed 003; end screen; "Je valide"/"Je passe").

French typography (SPEC "Screens"): `fr()` puts a non-breaking space before : ; ? ! and
inside « », so no sentence ever breaks a line before its punctuation.
"""

from __future__ import annotations

import re

from app.domain.kiosk_flow import JoinProblem, QuestionNotice

NBSP = "\u00a0"


def fr(text: str) -> str:
    """Apply French spacing: NBSP before : ; ? ! and inside « »."""
    text = re.sub(r" ([:;?!])", NBSP + r"\1", text)
    return text.replace("« ", "«" + NBSP).replace(" »", NBSP + "»")


# -- join ---------------------------------------------------------------------------------
JOIN_TITLE = "Rejoindre une session"
JOIN_INTRO = fr(
    "Renseignez le numéro de session communiqué par le surveillant, puis votre prénom, "
    "votre nom de naissance et votre date de naissance."
)
SESSION_NUMBER = "Numéro de session"
FIRST_NAME = "Prénom"
BIRTH_NAME = "Nom de naissance"
BIRTHDATE = "Date de naissance"
DAY = "Jour"
MONTH = "Mois"
YEAR = "Année"
CONTINUE = "Continuer"
JOIN_MISSING = fr("Remplissez tous les champs : numéro de session, prénom, nom et date.")
JOIN_BAD_NUMBER = fr("Le numéro de session ne contient que des chiffres. Vérifiez-le.")
JOIN_BAD_DATE = fr(
    "Cette date de naissance n'existe pas. Saisissez le jour, le mois et l'année, "
    "par exemple 04, 05 et 2010."
)
JOIN_WAIT = "Recherche de votre inscription…"

# -- confirm identity -----------------------------------------------------------------------
CONFIRM_TITLE = "Confirmez vos informations"
CONFIRM_QUESTION = fr("Est-ce bien vous ?")
CONFIRM_YES = "Je confirme"
CONFIRM_NO = "Ce n'est pas moi"

# -- waiting / instructions / access code ---------------------------------------------------
WAITING_TITLE = "Vous allez commencer votre test de certification"
WAITING_TEXT = "Attendez que le surveillant confirme votre présence. Cet écran change tout seul."
PRESENCE_AGAIN = (
    "Le surveillant doit à nouveau confirmer votre présence. Faites-lui signe et patientez."
)
INSTRUCTIONS = (
    fr("Vous avez 1 h 45 maximum pour répondre aux questions."),
    fr("Quelques questions sont chronométrées : un écran vous prévient avant chacune."),
    fr("Pour chaque question : « Je valide » enregistre votre réponse."),
    fr("« Je passe » est définitif : la question ne revient pas et compte comme fausse."),
    fr("En cas de problème sur une question, utilisez « Signaler un problème avec la question »."),
    "À la fin, gardez l'écran de fin sous vos yeux et appelez le surveillant.",
)
ACCESS_CODE_PROMPT = "Saisissez le code d'accès communiqué par le surveillant"
ACCESS_CODE = "Code d'accès"
START = "Commencer mon test"
STARTING = "La certification se génère…"

# -- question ---------------------------------------------------------------------------------
QUESTION_N = "Question {n} / {total}"
CERTIFICATION_NUMBER = "Certification n° {number}"
VALIDATE = "Je valide"
SKIP = "Je passe"
SKIP_CONFIRM = fr(
    "Êtes-vous sûr(e) de vouloir passer cette question ? C'est définitif : "
    "elle ne reviendra pas et comptera comme fausse."
)
SKIP_YES = "Oui, je passe"
SKIP_CANCEL = "Non, je reviens à la question"
REPORT = "Signaler un problème avec la question"
PAUSED = "Les actions sont mises en pause en attendant le surveillant"
PAUSED_HELP = "Le surveillant a été prévenu. Il va venir voir la question."
ALERT_REFUSED = fr("Le surveillant a examiné la question : vous pouvez y répondre normalement.")
ALERT_REPLACED = "Le surveillant a validé votre signalement : voici une autre question."
OPEN_ATTACHMENT = "Ouvrir le document"
CLOSE_ATTACHMENT = "Fermer le document"
ATTACHMENT_TITLE = "Document : {name}"
ATTACHMENT_UNREADABLE = (
    "Ce document ne peut pas être affiché sur ce poste. Signalez un problème avec la question."
)
IMAGE_MISSING = "L'image de cette question ne peut pas être affichée."
TIME_LEFT = "Temps restant : {time}"
TIMED_TITLE = "Cette question est chronométrée"
TIMED_TEXT = fr(
    "Vous aurez {time} pour répondre à cette question. Le temps ne démarre que lorsque "
    "vous cliquez sur « Commencer »."
)
TIMED_ONLY_THIS = "Ce temps ne concerne que cette question, pas le reste du test."
TIMED_EXTRA = fr(
    "Votre temps est majoré : une fois ce temps écoulé, vous pourrez encore répondre."
)
BEGIN = "Commencer"
REPORT_CONFIRM = fr(
    "Signaler un problème met le test en pause : le surveillant va venir voir la question. "
    "Voulez-vous le prévenir ?"
)
REPORT_YES = "Oui, je préviens le surveillant"
REPORT_CANCEL = "Non, je reviens à la question"
TIME_UP = fr(
    "Le temps est écoulé. Vous pouvez encore répondre : votre réponse sera enregistrée "
    "comme donnée après la fin du temps."
)
TIME_UP_EXTRA = fr(
    "Le temps est écoulé. Comme vous bénéficiez d'un temps majoré, vous pouvez encore "
    "répondre : le surveillant en tiendra compte."
)
FOCUS_RULE = fr(
    "Pour cette question, restez sur cette fenêtre et dans la zone de la question : "
    "en sortir est enregistré."
)
FOCUS_LOST = fr(
    "Vous êtes sorti(e) de la zone de la question. C'est enregistré et signalé au surveillant."
)
ANSWER = "Votre réponse"

# -- lockdown: a second screen (app/views/kiosk/lockdown.py) ----------------------------------
SCREENS_TITLE = "Un seul écran doit être branché sur ce poste"
SCREENS_TEXT = fr(
    "Appelez le surveillant : un second écran est branché sur ce poste. Le test ne peut pas "
    "commencer, ni continuer, tant que ce poste a plus d'un écran."
)
NUMBER_HINT = "Un nombre"

# -- end --------------------------------------------------------------------------------------
END_TITLE = "Vous avez presque terminé"
END_TEXT = fr(
    "Appelez le surveillant : il doit impérativement voir cet écran pour finaliser "
    "votre certification."
)
END_BY_INVIGILATOR = "Le surveillant a mis fin à votre test de certification."
END_MAX_DURATION = "Le temps maximum du test est dépassé : votre test est terminé."
END_FINALISED = "La session de certification est finalisée : votre test est terminé."
END_FINALISED_HELP = "Vous pouvez quitter ce poste."
END_WIPING = "Le surveillant a vu cet écran. Ce poste se prépare pour le candidat suivant…"
BACK_HOME = "Revenir à l'accueil"

# -- resume ---------------------------------------------------------------------------------
RESUME_TITLE = "Reprendre votre test"
RESUME_TEXT = fr(
    "Votre test de certification a été interrompu. Pour le reprendre, saisissez à nouveau "
    "le code d'accès communiqué par le surveillant."
)
RESUME = "Reprendre mon test"
RESUME_WAIT_TITLE = "Le surveillant doit autoriser la reprise de votre test"
RESUME_WAIT_TEXT = "Faites signe au surveillant. Vous retrouverez la question où vous en étiez."
RESUME_PASSWORD_HELP = fr(
    "Réservé au surveillant : sans réseau, il peut autoriser la reprise ici avec le code "
    "de reprise imprimé sur le kit."
)
RESUME_CODE = "Code de reprise"
WRONG_RESUME_CODE = "Ce code de reprise n'est pas le bon."
SESSION_PASSWORD = "Mot de passe de session"
AUTHORIZE = "Autoriser la reprise"
WRONG_PASSWORD = "Ce mot de passe de session n'est pas le bon."
WRONG_CODE_OFFLINE = fr("Ce code d'accès n'est pas le bon. Vérifiez-le et saisissez-le à nouveau.")
RESUME_LOCKED = "Trop d'essais. Attendez {wait} avant de réessayer, ou appelez le surveillant."

# -- leaving the kiosk (staff) --------------------------------------------------------------
EXIT_TITLE = "Quitter le poste d'examen"
EXIT_TEXT = "Réservé au surveillant : saisissez le mot de passe de la session pour quitter."
EXIT = "Quitter"
EXIT_CANCEL = "Annuler"

# -- errors from the server ------------------------------------------------------------------
REFUSALS = {
    "not_found": fr(
        "Aucune inscription ne correspond à ces informations dans cette session. Vérifiez "
        "le numéro de session, votre prénom, votre nom de naissance et votre date de naissance."
    ),
    "several_matches": "Plusieurs inscriptions correspondent à ces informations. "
    "Appelez le surveillant.",
    "session_finalised": fr(
        "Cette session est terminée : il n'est plus possible de la rejoindre. "
        "Appelez le surveillant."
    ),
    "not_certifiable": fr(
        "Votre profil n'est pas certifiable : vous ne pouvez pas passer ce test. "
        "Appelez le surveillant."
    ),
    "session_closed": "Les entrées dans cette session sont closes. Appelez le surveillant.",
    "test_ended": "Votre test de certification est déjà terminé. Appelez le surveillant.",
    "wrong_access_code": WRONG_CODE_OFFLINE,
    "presence_not_confirmed": PRESENCE_AGAIN,
}
ACCESS_LOCKED = fr(
    "Trop de codes incorrects ont été saisis. Attendez {wait} avant de réessayer, "
    "ou appelez le surveillant."
)
TOO_MANY_ATTEMPTS = fr("Trop d'essais. Réessayez dans {wait}, ou appelez le surveillant.")
REFUSED_OTHER = "Le serveur a refusé cette action. Appelez le surveillant."
OFFLINE = fr(
    "Le serveur ne répond pas. Vérifiez que le poste est connecté, puis réessayez. "
    "Si cela continue, appelez le surveillant."
)
UNEXPECTED = "Un problème inattendu est survenu. Appelez le surveillant."

# -- sync indicator ---------------------------------------------------------------------------
SYNC_ONLINE = "Connecté"
SYNC_OFFLINE = "Hors ligne : vos réponses sont gardées sur ce poste"
SYNC_PENDING = "Envoi en cours"


def wait_text(seconds: int) -> str:
    """ "2 minutes", "45 secondes": how long a candidate must wait, rounded up."""
    if seconds >= 60:
        minutes = -(-seconds // 60)
        return f"{minutes}{NBSP}minute" + ("s" if minutes > 1 else "")
    return f"{max(1, seconds)}{NBSP}seconde" + ("s" if seconds > 1 else "")


def refusal_text(code: str, retry_after_s: int | None = None) -> str:
    """The server's refusal of a kiosk request (its error code), in French."""
    if code == "access_locked":
        return ACCESS_LOCKED.format(wait=wait_text(retry_after_s or 300))
    if code == "too_many_attempts":
        return TOO_MANY_ATTEMPTS.format(wait=wait_text(retry_after_s or 60))
    return REFUSALS.get(code, REFUSED_OTHER)


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
    return countdown_spoken(seconds * 1000) if seconds % 60 else (
        f"{seconds // 60} minute" + ("s" if seconds >= 120 else ""))


def countdown_spoken(ms: int) -> str:
    """The countdown for a screen reader: "1 minute 5 secondes"."""
    seconds = -(-ms // 1000)
    minutes, rest = divmod(seconds, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute" + ("s" if minutes > 1 else ""))
    parts.append(f"{rest} seconde" + ("s" if rest > 1 else ""))
    return " ".join(parts)
