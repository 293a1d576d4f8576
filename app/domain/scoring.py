"""Pix v2 scoring of a certification test (SPEC "Scoring").

The certification checks the positioning profile: R, the reproducibility rate, is the share
of correct answers among the questions that count (not neutralised). Each competence is
then validated at its positioning level, validated one level below (level - 1, 8 Pix
less) or invalidated, from how many of its questions were asked, answered correctly and
neutralised, and from R (the table `_RULES`, with Pix's 80 and 70 thresholds).

Input: the questions *after* automatic resolution and abandonment (see incidents.py).
A question replaced after a validated alert is not part of the input: its replacement
stands in its slot. So a competence has 1 to 3 questions; more is a bug (ValueError).

A QROCM-dep weighs as two questions in a competence asked with fewer than three
questions, as on the reference platform (its answer collection for scoring): fully right
counts two right answers, partially right one, neutralised two neutralised, and it counts
two asked. The competence's counts never go above three (`competence_counts`). R is not
weighted: the reference counts each question once there.

Choices where SPEC is silent (or where it and the brief differ):
- R = round(100 x correct / non-neutralised), rounded half up; with no question left
  that counts, R = 0 and the result is not trustable.
- A non-neutralised question with no status (never answered) counts as wrong.
- "Too few answers" for a cancellation, and "not trustable", are the same test: fewer
  than 66 % of the questions are not neutralised (exact integer comparison).
- A competence whose questions are all neutralised has 0 correct, so it is invalid
  (SPEC "0 correct invalid", as Pix does): it adds nothing to the total. A competence the
  test asked no question on (the bank had none) is absent from `per_competence`.
- "level - 1" gives level - 1 and max(0, Pix - 8); an invalid competence gives level 0
  and 0 Pix.
- When the certification is rejected or cancelled `total_pix` is 0, but
  `per_competence` still holds each competence's outcome, for the jury to read.
- Two QROCM-dep in a competence of two questions weigh four: the reference has no rule
  for four asked and fails; we count three asked, keep the right answers first (up to
  three), then the neutralised ones up to what is left, so the counts stay a row of the
  table and the candidate gets the better reading.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from app.domain.competences import BY_CODE, COMPETENCE_CODES, MAX_LEVEL
from app.domain.content import AnswerStatus, ChallengeType

MIN_R_TO_CERTIFY = 50
TRUSTED_NON_NEUTRALISED_PERCENT = 66
PIX_PER_LEVEL = 8
QUESTIONS_PER_COMPETENCE = 3
"""A competence asked this many questions is scored as is; fewer, a QROCM-dep weighs two."""


class CompetenceOutcome(StrEnum):
    VALIDATED = "validated"
    LEVEL_MINUS_ONE = "level_minus_one"
    INVALID = "invalid"


class CertificationStatus(StrEnum):
    VALIDATED = "validated"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class ScoredQuestion:
    """One question of the test, after automatic resolution.

    challenge_type: the question's type, for the QROCM-dep weight; None when unknown,
    which scores it as any other question.
    """

    competence: str
    status: AnswerStatus | None
    neutralised: bool = False
    challenge_type: ChallengeType | None = None

    @property
    def correct(self) -> bool:
        return self.status is AnswerStatus.OK and not self.neutralised

    @property
    def is_dependent(self) -> bool:
        return self.challenge_type is ChallengeType.QROCM_DEP


@dataclass(frozen=True, slots=True)
class PositioningLevel:
    """A competence of the positioning profile: level 0-8 and the Pix earned there."""

    level: int
    pix: int


@dataclass(frozen=True, slots=True)
class CompetenceResult:
    level: int
    pix: int
    outcome: CompetenceOutcome


@dataclass(frozen=True, slots=True)
class CertificationResult:
    """The outcome of a test.

    trustable is False when too many questions were neutralised: the jury decides.
    """

    status: CertificationStatus
    r: int
    total_pix: int
    per_competence: dict[str, CompetenceResult]
    trustable: bool


_V = CompetenceOutcome.VALIDATED
_M = CompetenceOutcome.LEVEL_MINUS_ONE
_I = CompetenceOutcome.INVALID

_RULES: dict[tuple[int, int, int], tuple[CompetenceOutcome, CompetenceOutcome, CompetenceOutcome]]
_RULES = {
    # (asked, correct, neutralised): (R >= 80, 70 <= R < 80, R < 70)
    (3, 3, 0): (_V, _V, _V),
    (3, 2, 0): (_V, _M, _M),
    (3, 2, 1): (_V, _V, _V),
    (3, 1, 0): (_I, _I, _I),
    (3, 1, 1): (_V, _M, _I),
    (3, 1, 2): (_V, _V, _M),
    (3, 0, 0): (_I, _I, _I),
    (3, 0, 1): (_I, _I, _I),
    (3, 0, 2): (_I, _I, _I),
    (3, 0, 3): (_I, _I, _I),
    (2, 2, 0): (_V, _V, _V),
    (2, 1, 0): (_V, _M, _I),
    (2, 1, 1): (_V, _V, _M),
    (2, 0, 0): (_I, _I, _I),
    (2, 0, 1): (_I, _I, _I),
    (2, 0, 2): (_I, _I, _I),
    (1, 1, 0): (_V, _V, _M),
    (1, 0, 0): (_I, _I, _I),
    (1, 0, 1): (_I, _I, _I),
}
"""Every possible (asked, correct, neutralised) for 1 to 3 questions: correct and
neutralised questions are disjoint, so correct + neutralised <= asked."""


def reproducibility_rate(correct: int, counted: int) -> int:
    """round(100 x correct / counted), half up; 0 when no question counts."""
    if counted == 0:
        return 0
    return (200 * correct + counted) // (2 * counted)


def competence_outcome(asked: int, correct: int, neutralised: int, r: int) -> CompetenceOutcome:
    """The SPEC table: one competence's outcome from its counts and R."""
    rule = _RULES.get((asked, correct, neutralised))
    if rule is None:
        raise ValueError(
            f"no scoring rule for {asked} asked, {correct} correct, {neutralised} neutralised"
        )
    if r >= 80:
        return rule[0]
    if r >= 70:
        return rule[1]
    return rule[2]


def _competence_result(
    outcome: CompetenceOutcome, positioning: PositioningLevel
) -> CompetenceResult:
    if outcome is CompetenceOutcome.VALIDATED:
        return CompetenceResult(positioning.level, positioning.pix, outcome)
    if outcome is CompetenceOutcome.LEVEL_MINUS_ONE:
        return CompetenceResult(
            positioning.level - 1, max(0, positioning.pix - PIX_PER_LEVEL), outcome
        )
    return CompetenceResult(0, 0, outcome)


def competence_counts(questions: list[ScoredQuestion]) -> tuple[int, int, int]:
    """(asked, correct, neutralised) of one competence, with the QROCM-dep weight.

    With three questions or more each counts once (more than three is a bug the table
    reports). With fewer, a QROCM-dep counts two asked; two right if fully right, one if
    partially right, two neutralised if neutralised; then the counts are capped at three.
    """
    if len(questions) >= QUESTIONS_PER_COMPETENCE:
        return (
            len(questions),
            sum(q.correct for q in questions),
            sum(q.neutralised for q in questions),
        )
    asked = correct = neutralised = 0
    for q in questions:
        weight = 2 if q.is_dependent else 1
        asked += weight
        if q.neutralised:
            neutralised += weight
        elif q.correct:
            correct += weight
        elif q.is_dependent and q.status is AnswerStatus.PARTIALLY:
            correct += 1
    asked = min(asked, QUESTIONS_PER_COMPETENCE)
    correct = min(correct, asked)
    return asked, correct, min(neutralised, asked - correct)


def _check_profile(profile: Mapping[str, PositioningLevel], tested: Iterable[str]) -> None:
    for code in tested:
        if code not in BY_CODE:
            raise ValueError(f"unknown competence code: {code!r}")
        positioning = profile.get(code)
        if positioning is None or not 1 <= positioning.level <= MAX_LEVEL:
            raise ValueError(f"competence {code} is tested but not at level 1-8 in the profile")
        if positioning.pix < 0:
            raise ValueError(f"negative Pix score for competence {code}: {positioning.pix}")


def score(
    questions: Iterable[ScoredQuestion],
    profile: Mapping[str, PositioningLevel],
    *,
    technical_abandonment: bool = False,
) -> CertificationResult:
    """Score a test: R, each competence's outcome, the total and the status.

    R < 50 rejects the certification with 0 Pix, unless the test was abandoned for a
    technical reason with too few answers, which cancels it instead (the candidate may
    sit again). Raises ValueError for a question on a competence the profile does not
    have at level 1 or more, or more than 3 questions on one competence.
    """
    by_competence: dict[str, list[ScoredQuestion]] = {}
    for q in questions:
        by_competence.setdefault(q.competence, []).append(q)
    _check_profile(profile, by_competence)
    everything = [q for listed in by_competence.values() for q in listed]

    total = len(everything)
    counted = total - sum(q.neutralised for q in everything)
    r = reproducibility_rate(sum(q.correct for q in everything), counted)
    trustable = counted > 0 and 100 * counted >= TRUSTED_NON_NEUTRALISED_PERCENT * total

    per_competence = {
        code: _competence_result(
            competence_outcome(*competence_counts(by_competence[code]), r), profile[code]
        )
        for code in sorted(by_competence, key=COMPETENCE_CODES.index)
    }
    if r < MIN_R_TO_CERTIFY:
        status = (
            CertificationStatus.CANCELLED
            if technical_abandonment and not trustable
            else CertificationStatus.REJECTED
        )
        total_pix = 0
    else:
        status = CertificationStatus.VALIDATED
        total_pix = sum(c.pix for c in per_competence.values())
    return CertificationResult(status, r, total_pix, per_competence, trustable)
