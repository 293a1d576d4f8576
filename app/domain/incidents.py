"""Incident reports (signalements), abandonment reasons and automatic resolution.

SPEC "After the session": the current Pix categories, which of them the jury must see,
and the rules that neutralise a question (take it out of the score) or count it correct
without waiting for the jury. French labels come from the seeds: they are shown as is.

Choices where SPEC is silent:
- "Answered wrong" covers ``ko``, ``timedout``, ``focusedOut`` and ``partially``: a
  partial answer is not a correct one.
- An unanswered question (status None) is treated like a skipped one. Normally the
  abandonment rule has already turned it into skipped or neutralised: apply
  `apply_abandonment` first, then `resolve`.
- E10 only has an effect on a focus challenge: ``focusedOut`` can only happen there, and
  "a skipped focus question" is what SPEC neutralises.
- Several reports on one question (`resolve_reports`): counting it correct beats
  neutralising it, which beats doing nothing, because each is better for the candidate.

E1 (image) and E2 (embedded application) follow the reference platform: either code
neutralises when the question has an image or an embedded application, whichever it is.
An invigilator who picks "image" for a simulator that did not load, or the reverse, has
still reported a real display problem on a question that had something to display.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.domain.content import AnswerStatus, Challenge
from app.domain.marks import QT_TRANSLATE_NOOP, Phrase

MAX_DESCRIPTION_LENGTH = 500

_NBSP = "\u00a0"


class IncidentCategory(StrEnum):
    """Incident categories; C codes concern the candidate, E codes one question."""

    C1 = "C1"
    C2 = "C2"
    C4 = "C4"
    C6 = "C6"
    C7 = "C7"
    C8 = "C8"
    E1 = "E1"
    E2 = "E2"
    E3 = "E3"
    E4 = "E4"
    E5 = "E5"
    E8 = "E8"
    E9 = "E9"
    E10 = "E10"
    E11 = "E11"
    E12 = "E12"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def needs_question_number(self) -> bool:
        """E codes are about "question N", so the report must say which one."""
        return self.value.startswith("E")

    @property
    def is_impactful(self) -> bool:
        """Whether the jury must review the report before results are published."""
        return self.needs_question_number or self in (IncidentCategory.C1, IncidentCategory.C6)

    @property
    def requires_description(self) -> bool:
        """C1 and C2 change the candidate's record: the jury needs the new value."""
        return self in (IncidentCategory.C1, IncidentCategory.C2)


_LABELS: dict[IncidentCategory, str] = {
    IncidentCategory.C1: QT_TRANSLATE_NOOP(
        "Domain", "Modification du nom ou de la date de naissance"),
    IncidentCategory.C2: QT_TRANSLATE_NOOP("Domain", "Modification du temps majoré"),
    IncidentCategory.C4: QT_TRANSLATE_NOOP("Domain", "Problème de signature"),
    IncidentCategory.C6: QT_TRANSLATE_NOOP("Domain", "Suspicion de fraude"),
    IncidentCategory.C7: QT_TRANSLATE_NOOP("Domain", "Incident technique non bloquant"),
    IncidentCategory.C8: QT_TRANSLATE_NOOP("Domain", "Incident candidat non bloquant"),
    IncidentCategory.E1: QT_TRANSLATE_NOOP("Domain", "L'image ne s'affiche pas"),
    IncidentCategory.E2: QT_TRANSLATE_NOOP("Domain", "L'application embarquée ne s'affiche pas"),
    IncidentCategory.E3: QT_TRANSLATE_NOOP(
        "Domain", "Le fichier à télécharger ne se télécharge pas"),
    IncidentCategory.E4: QT_TRANSLATE_NOOP(
        "Domain", "Le site à visiter est indisponible/en maintenance/inaccessible"),
    IncidentCategory.E5: QT_TRANSLATE_NOOP(
        "Domain", "Le site est bloqué par les restrictions réseau de l'établissement"),
    IncidentCategory.E8: QT_TRANSLATE_NOOP(
        "Domain", "Le candidat a besoin de plus de temps (temps majoré)"),
    IncidentCategory.E9: QT_TRANSLATE_NOOP(
        "Domain", "Le logiciel installé sur l'ordinateur n'a pas fonctionné"),
    IncidentCategory.E10: QT_TRANSLATE_NOOP(
        "Domain", "Le candidat a été contraint de cliquer en dehors du cadre autorisé"),
    IncidentCategory.E11: QT_TRANSLATE_NOOP(
        "Domain", "Le candidat a rencontré un problème technique sur la plateforme"),
    IncidentCategory.E12: QT_TRANSLATE_NOOP("Domain", "Problème d'accessibilité de la question"),
}


class AbandonmentReason(StrEnum):
    """Why a test was not finished; every unfinished test needs one to finalise."""

    CANDIDATE = "candidate"
    TECHNICAL = "technical"

    @property
    def label(self) -> str:
        if self is AbandonmentReason.CANDIDATE:
            return QT_TRANSLATE_NOOP("Domain", "Abandon du candidat")
        return QT_TRANSLATE_NOOP("Domain", "Problème technique")


def validate_incident(
    category: IncidentCategory,
    question_number: int | None,
    description: str | None,
    *,
    question_count: int | None = None,
) -> list[str]:
    """The reasons a report cannot be saved, in French for the form; empty when valid.

    question_count, when known, bounds the question number by the candidate's test.
    """
    errors: list[str] = []
    if category.needs_question_number:
        if question_number is None:
            errors.append(QT_TRANSLATE_NOOP(
                "Domain", "Indiquez le numéro de la question concernée."))
        elif question_count is not None and not 1 <= question_number <= question_count:
            errors.append(Phrase.of(QT_TRANSLATE_NOOP(
                "Domain", "Le numéro de la question doit être compris entre 1 et {count}."),
                count=question_count))
        elif question_number < 1:
            errors.append(QT_TRANSLATE_NOOP(
                "Domain", "Le numéro de la question doit être supérieur ou égal à 1."))
    elif question_number is not None:
        errors.append(QT_TRANSLATE_NOOP(
            "Domain", "Ce signalement ne porte pas sur une question\u00a0: "
            "ne saisissez pas de numéro de question."))
    text = description or ""
    if category.requires_description and not text.strip():
        errors.append(QT_TRANSLATE_NOOP(
            "Domain", "Décrivez l'incident\u00a0: la description est obligatoire."))
    if len(text) > MAX_DESCRIPTION_LENGTH:
        errors.append(Phrase.of(QT_TRANSLATE_NOOP(
            "Domain", "La description ne doit pas dépasser {limit} caractères "
            "(actuellement {length})."), limit=MAX_DESCRIPTION_LENGTH, length=len(text)))
    return errors


@dataclass(frozen=True, slots=True)
class AnsweredQuestion:
    """A question of a finished test, as the automatic resolution sees it.

    What the question shows (image, embedded application, file, timer, focus) is read
    from the challenge itself, so no caller can forget to say it.
    """

    challenge: Challenge
    status: AnswerStatus | None


class ResolutionEffect(StrEnum):
    UNCHANGED = "unchanged"
    NEUTRALISED = "neutralised"
    MARKED_CORRECT = "marked_correct"
    MARKED_SKIPPED = "marked_skipped"


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a rule did to a question: the effect and the status it leaves.

    A neutralised question keeps its status (the jury sees what was answered); scoring
    leaves it out whatever its status.
    """

    effect: ResolutionEffect
    status: AnswerStatus | None

    @property
    def neutralised(self) -> bool:
        return self.effect is ResolutionEffect.NEUTRALISED


_E_CODES = tuple(c for c in IncidentCategory if c.needs_question_number)


def _can_affect(category: IncidentCategory, challenge: Challenge) -> bool:
    # The E codes that need some feature of the challenge; the others always can.
    match category:
        case IncidentCategory.E1 | IncidentCategory.E2:
            return challenge.has_image or challenge.has_embed
        case IncidentCategory.E3:
            return challenge.has_attachment
        case IncidentCategory.E8:
            return challenge.is_timed
        case IncidentCategory.E10:
            return challenge.focus
    return category.needs_question_number


def applicable_e_categories(challenge: Challenge) -> tuple[IncidentCategory, ...]:
    """The E codes that could change anything for this challenge, in code order.

    When validating an alert the station offers only these, so an invigilator cannot
    pick E1 for a question that has neither an image nor an embedded application.
    """
    return tuple(c for c in _E_CODES if _can_affect(c, challenge))


def resolve(question: AnsweredQuestion, category: IncidentCategory) -> Resolution:
    """The automatic effect of one report on one question (SPEC "Automatic resolution").

    A correct answer is never touched and C codes never act on a question.
    """
    status = question.status
    unchanged = Resolution(ResolutionEffect.UNCHANGED, status)
    if status is AnswerStatus.OK or not _can_affect(category, question.challenge):
        return unchanged
    if category is IncidentCategory.E10:
        if status is AnswerStatus.FOCUSED_OUT:
            return Resolution(ResolutionEffect.MARKED_CORRECT, AnswerStatus.OK)
        if status not in (AnswerStatus.SKIPPED, None):
            return unchanged
    return Resolution(ResolutionEffect.NEUTRALISED, status)


_PREFERENCE = (ResolutionEffect.MARKED_CORRECT, ResolutionEffect.NEUTRALISED)


def resolve_reports(
    question: AnsweredQuestion, categories: Iterable[IncidentCategory]
) -> Resolution:
    """The effect of all the reports on one question: the best one for the candidate."""
    results = [resolve(question, c) for c in categories]
    for effect in _PREFERENCE:
        for result in results:
            if result.effect is effect:
                return result
    return Resolution(ResolutionEffect.UNCHANGED, question.status)


def apply_abandonment(
    statuses: Sequence[AnswerStatus | None], reason: AbandonmentReason
) -> list[Resolution]:
    """What an unfinished test's unanswered questions (None) become.

    The candidate who left chose not to answer: skipped, i.e. wrong. A technical problem
    is nobody's fault: the questions are neutralised. Answered questions are unchanged.
    """
    results: list[Resolution] = []
    for status in statuses:
        if status is not None:
            results.append(Resolution(ResolutionEffect.UNCHANGED, status))
        elif reason is AbandonmentReason.CANDIDATE:
            results.append(Resolution(ResolutionEffect.MARKED_SKIPPED, AnswerStatus.SKIPPED))
        else:
            results.append(Resolution(ResolutionEffect.NEUTRALISED, None))
    return results
