"""Pix v2 scoring: R, the per-competence table, Pix, status and trust (SPEC "Scoring")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.competences import COMPETENCE_CODES
from app.domain.content import AnswerStatus, ChallengeType
from app.domain.scoring import (
    CertificationResult,
    CertificationStatus,
    CompetenceOutcome,
    CompetenceResult,
    PositioningLevel,
    ScoredQuestion,
    competence_counts,
    competence_outcome,
    reproducibility_rate,
    score,
)

A = AnswerStatus
V = CompetenceOutcome.VALIDATED
M = CompetenceOutcome.LEVEL_MINUS_ONE
I = CompetenceOutcome.INVALID  # noqa: E741
RANK = {I: 0, M: 1, V: 2}

OK = ScoredQuestion("1.1", A.OK)
KO = ScoredQuestion("1.1", A.KO)
NEUTRALISED = ScoredQuestion("1.1", A.KO, neutralised=True)
DEP = ChallengeType.QROCM_DEP
DEP_OK = ScoredQuestion("1.1", A.OK, challenge_type=DEP)
DEP_PARTIALLY = ScoredQuestion("1.1", A.PARTIALLY, challenge_type=DEP)
DEP_KO = ScoredQuestion("1.1", A.KO, challenge_type=DEP)
DEP_NEUTRALISED = ScoredQuestion("1.1", A.PARTIALLY, neutralised=True, challenge_type=DEP)


def on(competence: str, *questions: ScoredQuestion) -> list[ScoredQuestion]:
    return [replace(q, competence=competence) for q in questions]


def profile_of(codes: Sequence[str], level: int = 4, pix: int = 36) -> dict[str, PositioningLevel]:
    return {c: PositioningLevel(level, pix) for c in codes}


# --- R -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("correct", "counted", "r"),
    [
        (0, 0, 0),
        (0, 5, 0),
        (5, 5, 100),
        (2, 3, 67),
        (1, 3, 33),
        (1, 8, 13),  # 12.5 rounds half up
        (3, 8, 38),  # 37.5
        (5, 8, 63),  # 62.5
        (22, 45, 49),
        (36, 45, 80),
    ],
)
def test_reproducibility_rate(correct: int, counted: int, r: int) -> None:
    assert reproducibility_rate(correct, counted) == r


# --- the SPEC table, every row ----------------------------------------------------------

SPEC_TABLE = [
    # (asked, correct, neutralised), (R >= 80, 70 <= R < 80, R < 70)
    ((3, 3, 0), (V, V, V)),
    ((3, 2, 0), (V, M, M)),
    ((3, 2, 1), (V, V, V)),
    ((3, 1, 0), (I, I, I)),
    ((3, 1, 1), (V, M, I)),
    ((3, 1, 2), (V, V, M)),
    ((3, 0, 0), (I, I, I)),
    ((3, 0, 1), (I, I, I)),
    ((3, 0, 2), (I, I, I)),
    ((3, 0, 3), (I, I, I)),  # all neutralised: 0 correct, invalid
    ((2, 2, 0), (V, V, V)),
    ((2, 1, 0), (V, M, I)),
    ((2, 1, 1), (V, V, M)),
    ((2, 0, 0), (I, I, I)),
    ((2, 0, 1), (I, I, I)),
    ((2, 0, 2), (I, I, I)),
    ((1, 1, 0), (V, V, M)),
    ((1, 0, 0), (I, I, I)),
    ((1, 0, 1), (I, I, I)),
]
R_BANDS = ((100, 80), (79, 70), (69, 50, 0))


@pytest.mark.parametrize(("counts", "outcomes"), SPEC_TABLE)
def test_spec_table(counts: tuple[int, int, int], outcomes: tuple[CompetenceOutcome, ...]) -> None:
    for band, expected in zip(R_BANDS, outcomes, strict=True):
        for r in band:
            assert competence_outcome(*counts, r) is expected, (counts, r)


def test_the_table_covers_every_possible_count() -> None:
    possible = {
        (asked, correct, neutralised)
        for asked in (1, 2, 3)
        for correct in range(asked + 1)
        for neutralised in range(asked + 1 - correct)
    }
    assert possible == {counts for counts, _ in SPEC_TABLE}


@pytest.mark.parametrize(("counts", "outcomes"), SPEC_TABLE)
def test_outcomes_never_worsen_as_r_rises(
    counts: tuple[int, int, int], outcomes: tuple[CompetenceOutcome, ...]
) -> None:
    ranks = [RANK[competence_outcome(*counts, r)] for r in range(101)]
    assert ranks == sorted(ranks)


@pytest.mark.parametrize("counts", [(4, 3, 0), (3, 3, 1), (0, 0, 0), (2, 1, 2)])
def test_impossible_counts_are_a_bug(counts: tuple[int, int, int]) -> None:
    with pytest.raises(ValueError, match="no scoring rule"):
        competence_outcome(*counts, 100)


# --- a whole test --------------------------------------------------------------------------


def five_competences(*per_competence: Sequence[ScoredQuestion]) -> list[ScoredQuestion]:
    codes = COMPETENCE_CODES[:5]
    return [q for code, qs in zip(codes, per_competence, strict=True) for q in on(code, *qs)]


def test_a_perfect_test() -> None:
    questions = five_competences(*[[OK, OK, OK]] * 5)
    profile = {
        c: PositioningLevel(lvl, 8 * lvl + 2) for lvl, c in enumerate(COMPETENCE_CODES[:5], 1)
    }
    result = score(questions, profile)
    assert result == CertificationResult(
        status=CertificationStatus.VALIDATED,
        r=100,
        total_pix=10 + 18 + 26 + 34 + 42,
        per_competence={c: CompetenceResult(p.level, p.pix, V) for c, p in profile.items()},
        trustable=True,
    )


def test_validated_level_minus_one_and_invalid_together() -> None:
    # 12 correct out of 15: R = 80.
    questions = five_competences(
        [OK, OK, OK], [OK, OK, OK], [OK, OK, OK], [OK, OK, KO], [OK, KO, KO]
    )
    result = score(questions, profile_of(COMPETENCE_CODES[:5]))
    assert result.r == 80
    outcomes = [c.outcome for c in result.per_competence.values()]
    assert outcomes == [V, V, V, V, I]
    # 11 correct: R = 73, 3/2/0 drops to level - 1.
    questions[0] = ScoredQuestion(questions[0].competence, A.KO)
    result = score(questions, profile_of(COMPETENCE_CODES[:5]))
    assert result.r == 73
    assert result.per_competence["1.1"] == CompetenceResult(3, 28, M)
    assert result.total_pix == 28 + 36 + 36 + 28 + 0


def test_level_minus_one_never_gives_negative_pix() -> None:
    questions = five_competences([OK, OK, KO], *[[OK, OK, OK]] * 3, [KO, KO, KO])
    profile = profile_of(COMPETENCE_CODES[:5]) | {"1.1": PositioningLevel(1, 5)}
    result = score(questions, profile)
    assert result.r == 73
    assert result.per_competence["1.1"] == CompetenceResult(0, 0, M)


def test_per_competence_follows_the_competence_order() -> None:
    codes = ["5.2", "1.1", "3.4", "2.1", "1.3"]
    questions = [q for c in codes for q in on(c, OK)]
    result = score(questions, profile_of(codes))
    assert list(result.per_competence) == ["1.1", "1.3", "2.1", "3.4", "5.2"]


def test_a_neutralised_correct_answer_does_not_count() -> None:
    assert not ScoredQuestion("1.1", A.OK, neutralised=True).correct
    questions = five_competences(*[[OK, OK, OK]] * 4, [ScoredQuestion("", A.OK, True), OK, OK])
    result = score(questions, profile_of(COMPETENCE_CODES[:5]))
    assert result.r == 100
    assert result.per_competence["2.2"].outcome is V  # 3/2/1


def test_an_unanswered_question_that_counts_is_wrong() -> None:
    none = ScoredQuestion("", None)
    result = score(five_competences(*[[OK, OK, none]] * 5), profile_of(COMPETENCE_CODES[:5]))
    assert result.r == 67


def test_a_competence_with_every_question_neutralised_is_invalid() -> None:
    questions = five_competences(*[[OK, OK, OK]] * 4, [NEUTRALISED] * 3)
    result = score(questions, profile_of(COMPETENCE_CODES[:5]))
    assert result.per_competence["2.2"] == CompetenceResult(0, 0, I)
    assert result.status is CertificationStatus.VALIDATED
    assert result.total_pix == 4 * 36


def test_one_and_two_questions_asked() -> None:
    questions = five_competences([OK], [OK, KO], [OK, OK], [OK, OK, OK], [OK, OK, OK])
    result = score(questions, profile_of(COMPETENCE_CODES[:5]))
    assert result.r == 91
    assert [c.outcome for c in result.per_competence.values()] == [V, V, V, V, V]


# --- QROCM-dep in a small competence --------------------------------------------------


@pytest.mark.parametrize(
    ("questions", "counts"),
    [
        ([DEP_OK], (2, 2, 0)),
        ([DEP_PARTIALLY], (2, 1, 0)),
        ([DEP_KO], (2, 0, 0)),
        ([DEP_NEUTRALISED], (2, 0, 2)),
        ([DEP_OK, KO], (3, 2, 0)),
        ([DEP_PARTIALLY, OK], (3, 2, 0)),
        ([DEP_PARTIALLY, KO], (3, 1, 0)),
        ([DEP_NEUTRALISED, OK], (3, 1, 2)),
        ([DEP_OK, NEUTRALISED], (3, 2, 1)),
        ([DEP_NEUTRALISED, NEUTRALISED], (3, 0, 3)),
        # Two QROCM-dep weigh four: capped at three, right answers first.
        ([DEP_OK, DEP_OK], (3, 3, 0)),
        ([DEP_OK, DEP_PARTIALLY], (3, 3, 0)),
        ([DEP_OK, DEP_NEUTRALISED], (3, 2, 1)),
        ([DEP_NEUTRALISED, DEP_NEUTRALISED], (3, 0, 3)),
        # Three questions: a QROCM-dep is one question, and partially right is not right.
        ([DEP_OK, OK, KO], (3, 2, 0)),
        ([DEP_PARTIALLY, OK, OK], (3, 2, 0)),
        ([DEP_NEUTRALISED, OK, OK], (3, 2, 1)),
        # Other types never weigh more, partially right or not.
        ([ScoredQuestion("1.1", A.PARTIALLY, challenge_type=ChallengeType.QROCM_IND)], (1, 0, 0)),
        ([OK, KO], (2, 1, 0)),
    ],
)
def test_qrocm_dep_weighs_two_questions_in_a_competence_asked_fewer_than_three(
    questions: list[ScoredQuestion], counts: tuple[int, int, int]
) -> None:
    """Rule (reference platform): in a competence asked with fewer than three questions, a
    QROCM-dep counts two asked; fully right two right, partially right one, neutralised
    two neutralised; the competence's counts never go above three."""
    assert competence_counts(questions) == counts


def test_a_partially_right_qrocm_dep_alone_can_validate_its_competence() -> None:
    """The reference's behaviour: a competence asked one QROCM-dep, answered partially
    right, is 2 asked / 1 right: validated when R >= 80 (it was 1 asked / 0 right: invalid).
    """
    questions = five_competences([DEP_PARTIALLY], *[[OK, OK, OK]] * 4)
    result = score(questions, profile_of(COMPETENCE_CODES[:5]))
    assert result.r == 92  # R counts each question once: 12 right of 13
    assert result.per_competence["1.1"].outcome is V
    unweighted = [replace(q, challenge_type=None) for q in questions]
    assert score(unweighted, profile_of(COMPETENCE_CODES[:5])).per_competence["1.1"].outcome is I


# --- status and trust ------------------------------------------------------------------


def r_test(correct: int, total: int = 15, *, neutralised: int = 0) -> list[ScoredQuestion]:
    """`total` questions over 3 per competence: `neutralised` first, then correct, then wrong."""
    kinds = [NEUTRALISED] * neutralised + [OK] * correct
    kinds += [KO] * (total - len(kinds))
    return [on(COMPETENCE_CODES[i // 3], k)[0] for i, k in enumerate(kinds)]


def test_r_of_50_is_enough() -> None:
    result = score(r_test(5, 10), profile_of(COMPETENCE_CODES[:4]))
    assert result.r == 50
    assert result.status is CertificationStatus.VALIDATED


def test_r_below_50_is_rejected_with_zero_pix() -> None:
    result = score(r_test(7, 15), profile_of(COMPETENCE_CODES[:5]))
    assert result.r == 47
    assert result.status is CertificationStatus.REJECTED
    assert result.total_pix == 0
    assert result.trustable
    assert result.per_competence["1.1"].outcome is V  # kept for the jury


def test_66_percent_non_neutralised_is_trustable() -> None:
    profile = profile_of(COMPETENCE_CODES[:15])
    assert score(r_test(30, 45, neutralised=15), profile).trustable  # 30/45 = 66.7 %
    untrusted = score(r_test(29, 45, neutralised=16), profile)  # 29/45 = 64.4 %
    assert not untrusted.trustable
    assert untrusted.status is CertificationStatus.VALIDATED  # the jury decides
    assert untrusted.r == 100


def test_technical_abandonment_with_too_few_answers_is_cancelled() -> None:
    questions = r_test(5, 45, neutralised=20)  # 25 answered of 45, R = 20
    profile = profile_of(COMPETENCE_CODES[:15])
    cancelled = score(questions, profile, technical_abandonment=True)
    assert cancelled.status is CertificationStatus.CANCELLED
    assert cancelled.total_pix == 0
    assert not cancelled.trustable
    assert score(questions, profile).status is CertificationStatus.REJECTED


def test_technical_abandonment_with_enough_answers_is_rejected() -> None:
    questions = r_test(5, 45, neutralised=10)
    result = score(questions, profile_of(COMPETENCE_CODES[:15]), technical_abandonment=True)
    assert result.trustable
    assert result.status is CertificationStatus.REJECTED


@pytest.mark.parametrize("technical", [False, True])
def test_nothing_counts(technical: bool) -> None:
    for questions in ([], r_test(0, 15, neutralised=15)):
        result = score(questions, profile_of(COMPETENCE_CODES[:5]), technical_abandonment=technical)
        assert (result.r, result.total_pix, result.trustable) == (0, 0, False)
        expected = CertificationStatus.CANCELLED if technical else CertificationStatus.REJECTED
        assert result.status is expected


# --- bugs upstream ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("questions", "profile", "message"),
    [
        (on("1.1", OK, OK, OK, OK), profile_of(["1.1"]), "no scoring rule"),
        (on("1.2", OK), profile_of(["1.1"]), "not at level 1-8"),
        (on("1.1", OK), profile_of(["1.1"], level=0), "not at level 1-8"),
        (on("1.1", OK), profile_of(["1.1"], level=9), "not at level 1-8"),
        (on("1.1", OK), profile_of(["1.1"], pix=-1), "negative Pix"),
        (on("9.9", OK), profile_of(["9.9"]), "unknown competence"),
    ],
)
def test_inconsistent_input_is_refused(
    questions: list[ScoredQuestion], profile: dict[str, PositioningLevel], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        score(questions, profile)


# --- invariants on random tests --------------------------------------------------------

statuses = st.sampled_from([*A, None])
types = st.sampled_from([*ChallengeType, None])


@st.composite
def scored_tests(draw: st.DrawFn) -> tuple[list[ScoredQuestion], dict[str, PositioningLevel]]:
    codes = draw(st.lists(st.sampled_from(COMPETENCE_CODES), min_size=5, unique=True))
    profile = {
        c: PositioningLevel(draw(st.integers(1, 8)), draw(st.integers(0, 64))) for c in codes
    }
    questions = [
        ScoredQuestion(c, draw(statuses), draw(st.booleans()), draw(types))
        for c in codes
        for _ in range(draw(st.integers(1, 3)))
    ]
    return questions, profile


@given(scored_tests(), st.booleans())
def test_scoring_invariants(
    drawn: tuple[list[ScoredQuestion], dict[str, PositioningLevel]], technical: bool
) -> None:
    questions, profile = drawn
    result = score(questions, profile, technical_abandonment=technical)
    assert 0 <= result.r <= 100
    assert 0 <= result.total_pix <= sum(p.pix for p in profile.values())
    assert set(result.per_competence) == set(profile)
    for code, c in result.per_competence.items():
        assert 0 <= c.pix <= profile[code].pix
        assert 0 <= c.level <= profile[code].level
        if c.outcome is I:
            assert (c.level, c.pix) == (0, 0)
    if result.status is CertificationStatus.VALIDATED:
        assert result.r >= 50
        assert result.total_pix == sum(c.pix for c in result.per_competence.values())
    else:
        assert result.r < 50
        assert result.total_pix == 0
    if result.status is CertificationStatus.CANCELLED:
        assert technical and not result.trustable


def outcomes(result: CertificationResult) -> dict[str, int]:
    return {code: RANK[c.outcome] for code, c in result.per_competence.items()}


@given(scored_tests(), st.data())
def test_helping_a_wrong_answer_never_hurts(
    drawn: tuple[list[ScoredQuestion], dict[str, PositioningLevel]], data: st.DataObject
) -> None:
    """Neutralising a wrong answer or counting it correct (E10) cannot lower any outcome.

    True because both raise (or keep) R, every row of the table is monotone in R, and
    within a competence each move goes to a row at least as good at the same R.

    Except one case, the reference's as much as ours: a partially right QROCM-dep in a
    competence of fewer than three questions counts one right answer, which
    neutralising it takes away. Counting it correct still never hurts.
    """
    questions, profile = drawn
    small = {c for c in profile if sum(q.competence == c for q in questions) < 3}
    wrong = [i for i, q in enumerate(questions) if not q.correct and not q.neutralised]
    if not wrong:
        return
    i = data.draw(st.sampled_from(wrong))
    question = questions[i]
    helps = [replace(question, status=A.OK)]
    if not (
        question.is_dependent
        and question.status is A.PARTIALLY
        and question.competence in small
    ):
        helps.append(replace(question, neutralised=True))
    helped = data.draw(st.sampled_from(helps))
    before = score(questions, profile)
    after = score([*questions[:i], helped, *questions[i + 1 :]], profile)
    assert after.r >= before.r
    assert all(after_rank >= outcomes(before)[c] for c, after_rank in outcomes(after).items())
    if before.status is CertificationStatus.VALIDATED:
        assert after.status is CertificationStatus.VALIDATED
        assert after.total_pix >= before.total_pix
