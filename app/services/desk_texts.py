"""Every French sentence the station's desk says about its own work, in one place.

Why apart from the desk (as the kiosk's sentences are in kiosk_texts.py): the desk is a
service that emits calm French sentences itself (STYLE 3) and the station's views show
the same sentence when one of their own tasks fails.
"""

from __future__ import annotations

_REFUSALS_FR = {
    "not_joined": "Ce candidat ne s'est pas encore connecté sur un poste.",
    "already_started": "Le test de ce candidat a déjà commencé.",
    "not_present": "La présence de ce candidat n'était pas confirmée.",
    "already_launched": "Le test est déjà lancé.",
    "code_given": "Le code d'accès a été donné : aucun retardataire ne peut plus être admis.",
    "test_ended": "Le test de ce candidat est terminé.",
    "not_started": "Le test de ce candidat n'a pas commencé.",
    "no_such_alert": "Ce signalement a déjà été traité.",
    "category_missing": "Choisissez la catégorie du problème pour valider le signalement.",
    "not_ended": "Le test de ce candidat n'est pas terminé.",
    "session_finalised": "La session est finalisée : elle ne peut plus être modifiée.",
    "question_number_missing": "Indiquez le numéro de la question concernée.",
    "bad_question_number": "Ce numéro de question n'existe pas dans le test du candidat.",
}


TASK_FAILED_FR = (
    "Un problème inattendu a empêché l'action ou la mise à jour de la liste. "
    "Réessayez ; si cela continue, redémarrez le poste surveillant."
)


UNLOCKED_FR = "Le candidat peut de nouveau saisir le code d'accès."
UNLOCK_FAILED_FR = "Le déblocage n'a pas pu être fait."


def refusal_fr(code: str, reason: str = "") -> str:
    """A refusal of the fold or the server, as a short French sentence for the station."""
    return _REFUSALS_FR.get(code, f"Action impossible ({code}). {reason}".strip())
