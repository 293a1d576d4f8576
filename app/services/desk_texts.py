"""Every sentence the station's desk says about its own work, in one place.

Why apart from the desk (as the kiosk's sentences are in kiosk_texts.py): the desk is a
service that emits calm sentences itself (STYLE 3) and the station's views show the same
sentence when one of their own tasks fails. The French is the reference, marked for the
"Station" catalogue (app/services/i18n.py); `station_text` and `refusal_fr` give it in the
process's language at the moment it is said.
"""

from __future__ import annotations

from app.services.i18n import QT_TRANSLATE_NOOP, domain_text, translate

_REFUSALS_FR = {
    "not_joined": QT_TRANSLATE_NOOP(
        "Station", "Ce candidat ne s'est pas encore connecté sur un poste."),
    "already_started": QT_TRANSLATE_NOOP("Station", "Le test de ce candidat a déjà commencé."),
    "not_present": QT_TRANSLATE_NOOP(
        "Station", "La présence de ce candidat n'était pas confirmée."),
    "already_launched": QT_TRANSLATE_NOOP("Station", "Le test est déjà lancé."),
    "code_given": QT_TRANSLATE_NOOP(
        "Station",
        "Le code d'accès a été donné : aucun retardataire ne peut plus être admis."),
    "test_ended": QT_TRANSLATE_NOOP("Station", "Le test de ce candidat est terminé."),
    "not_started": QT_TRANSLATE_NOOP("Station", "Le test de ce candidat n'a pas commencé."),
    "no_such_alert": QT_TRANSLATE_NOOP("Station", "Ce signalement a déjà été traité."),
    "category_missing": QT_TRANSLATE_NOOP(
        "Station", "Choisissez la catégorie du problème pour valider le signalement."),
    "not_ended": QT_TRANSLATE_NOOP("Station", "Le test de ce candidat n'est pas terminé."),
    "session_finalised": QT_TRANSLATE_NOOP(
        "Station", "La session est finalisée : elle ne peut plus être modifiée."),
    "question_number_missing": QT_TRANSLATE_NOOP(
        "Station", "Indiquez le numéro de la question concernée."),
    "bad_question_number": QT_TRANSLATE_NOOP(
        "Station", "Ce numéro de question n'existe pas dans le test du candidat."),
}


TASK_FAILED_FR = QT_TRANSLATE_NOOP(
    "Station",
    "Un problème inattendu a empêché l'action ou la mise à jour de la liste. "
    "Réessayez ; si cela continue, redémarrez le poste surveillant.",
)


UNLOCKED_FR = QT_TRANSLATE_NOOP("Station", "Le candidat peut de nouveau saisir le code d'accès.")
UNLOCK_FAILED_FR = QT_TRANSLATE_NOOP("Station", "Le déblocage n'a pas pu être fait.")
BAD_MINUTES_FR = QT_TRANSLATE_NOOP("Station", "Indiquez une durée entre 1 et 240 minutes.")
INCIDENT_NOT_SAVED_FR = QT_TRANSLATE_NOOP("Station", "Le signalement n'a pas pu être enregistré.")
NO_SESSION_FR = QT_TRANSLATE_NOOP("Station", "Aucune session n'est ouverte.")


def station_text(text: str) -> str:
    """One of the constants above, in the process's language."""
    return translate("Station", text)


def domain_texts(texts: list[str]) -> list[str]:
    """Sentences of app.domain (an incident's validation), in the process's language."""
    return [domain_text(t) for t in texts]


def unknown_candidate(candidate_id: int) -> str:
    """The name shown for a candidate who joined before the enrolled list was cached."""
    return translate("Station", "Candidat n°\u00a0{number}").format(number=candidate_id)


def impossible_fr(detail: object) -> str:
    """An action the domain could not even build (a bug in the station): said with its
    detail, which is the domain's English."""
    return translate("Station", "Action impossible : {detail}").format(detail=detail)


def server_refused_fr(refusal: str) -> str:
    """The server refused an action the station had recorded (`refusal` is translated)."""
    return translate("Station", "Le serveur a refusé une action : {refusal}").format(
        refusal=refusal)


def refusal_fr(code: str, reason: str = "") -> str:
    """A refusal of the fold or the server, as a short sentence for the station, in the
    process's language (the server's own `reason`, in English, only for an unknown code)."""
    known = _REFUSALS_FR.get(code)
    if known is not None:
        return translate("Station", known)
    return translate("Station", "Action impossible ({code}). {reason}").format(
        code=code, reason=reason).strip()
