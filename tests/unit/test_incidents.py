"""Incident categories, validation, automatic resolution and abandonment (SPEC "After")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.content import AnswerStatus, Challenge, ChallengeType
from app.domain.incidents import (
    MAX_DESCRIPTION_LENGTH,
    AbandonmentReason,
    AnsweredQuestion,
    IncidentCategory,
    Resolution,
    ResolutionEffect,
    applicable_e_categories,
    apply_abandonment,
    resolve,
    resolve_reports,
    validate_incident,
)

C = IncidentCategory
A = AnswerStatus
E = ResolutionEffect
NBSP = "\u00a0"

WRONG = (A.KO, A.TIMED_OUT, A.FOCUSED_OUT, A.PARTIALLY)
NOT_CORRECT = (*WRONG, A.SKIPPED, None)
ALWAYS = (C.E4, C.E5, C.E9, C.E11, C.E12)
C_CODES = (C.C1, C.C2, C.C4, C.C6, C.C7, C.C8)
E_CODES = (C.E1, C.E2, C.E3, C.E4, C.E5, C.E8, C.E9, C.E10, C.E11, C.E12)


def challenge(
    *,
    image: bool = False,
    attachment: bool = False,
    timer: int | None = None,
    focus: bool = False,
    embed: bool = False,
) -> Challenge:
    return Challenge(
        id="rec1",
        competence="1.1",
        level=2,
        skill="@s",
        type=ChallengeType.QCU,
        instruction="?",
        image="img.png" if image else None,
        attachment="file.ods" if attachment else None,
        timer=timer,
        focus=focus,
        embed=embed,
    )


PLAIN = challenge()
EVERYTHING = challenge(image=True, attachment=True, timer=60, focus=True, embed=True)


def q(status: AnswerStatus | None, ch: Challenge = PLAIN) -> AnsweredQuestion:
    return AnsweredQuestion(ch, status)


# --- categories ------------------------------------------------------------------------


def test_the_current_pix_set() -> None:
    assert [c.value for c in C] == [
        *("C1", "C2", "C4", "C6", "C7", "C8"),
        *("E1", "E2", "E3", "E4", "E5", "E8", "E9", "E10", "E11", "E12"),
    ]


@pytest.mark.parametrize(
    ("category", "label"),
    [
        (C.C1, "Modification du nom ou de la date de naissance"),
        (C.C2, "Modification du temps majoré"),
        (C.C4, "Problème de signature"),
        (C.C6, "Suspicion de fraude"),
        (C.C7, "Incident technique non bloquant"),
        (C.C8, "Incident candidat non bloquant"),
        (C.E1, "L'image ne s'affiche pas"),
        (C.E2, "L'application embarquée ne s'affiche pas"),
        (C.E3, "Le fichier à télécharger ne se télécharge pas"),
        (C.E4, "Le site à visiter est indisponible/en maintenance/inaccessible"),
        (C.E5, "Le site est bloqué par les restrictions réseau de l'établissement"),
        (C.E8, "Le candidat a besoin de plus de temps (temps majoré)"),
        (C.E9, "Le logiciel installé sur l'ordinateur n'a pas fonctionné"),
        (C.E10, "Le candidat a été contraint de cliquer en dehors du cadre autorisé"),
        (C.E11, "Le candidat a rencontré un problème technique sur la plateforme"),
        (C.E12, "Problème d'accessibilité de la question"),
    ],
)
def test_french_labels(category: IncidentCategory, label: str) -> None:
    assert category.label == label


def test_question_number_impact_and_description_flags() -> None:
    assert {c for c in C if c.needs_question_number} == set(E_CODES)
    assert {c for c in C if c.is_impactful} == {C.C1, C.C6, *E_CODES}
    assert {c for c in C if c.requires_description} == {C.C1, C.C2}


def test_abandonment_reasons() -> None:
    assert AbandonmentReason.CANDIDATE.label == "Abandon du candidat"
    assert AbandonmentReason.TECHNICAL.label == "Problème technique"
    assert AbandonmentReason("technical") is AbandonmentReason.TECHNICAL


# --- validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "number", "description"),
    [
        (C.C1, None, "Nom de naissance : Martin, pas Martine."),
        (C.C2, None, "Temps majoré de 33 %."),
        (C.C4, None, None),
        (C.C6, None, ""),
        (C.E1, 12, None),
        (C.E10, 1, "x" * MAX_DESCRIPTION_LENGTH),
    ],
)
def test_valid_reports(
    category: IncidentCategory, number: int | None, description: str | None
) -> None:
    assert validate_incident(category, number, description) == []


def test_e_codes_need_a_question_number() -> None:
    assert validate_incident(C.E4, None, "") == ["Indiquez le numéro de la question concernée."]


def test_question_number_starts_at_one() -> None:
    assert validate_incident(C.E4, 0, "") == [
        "Le numéro de la question doit être supérieur ou égal à 1."
    ]


@pytest.mark.parametrize("number", [0, 46])
def test_question_number_within_the_test(number: int) -> None:
    assert validate_incident(C.E4, number, "", question_count=45) == [
        "Le numéro de la question doit être compris entre 1 et 45."
    ]
    assert validate_incident(C.E4, 45, "", question_count=45) == []


def test_c_codes_take_no_question_number() -> None:
    assert validate_incident(C.C7, 3, "") == [
        f"Ce signalement ne porte pas sur une question{NBSP}: "
        "ne saisissez pas de numéro de question."
    ]


@pytest.mark.parametrize("description", [None, "", "   \n"])
@pytest.mark.parametrize("category", [C.C1, C.C2])
def test_c1_and_c2_must_be_described(category: IncidentCategory, description: str | None) -> None:
    assert validate_incident(category, None, description) == [
        f"Décrivez l'incident{NBSP}: la description est obligatoire."
    ]


def test_description_at_most_500_characters() -> None:
    assert validate_incident(C.C7, None, "é" * 501) == [
        "La description ne doit pas dépasser 500 caractères (actuellement 501)."
    ]


def test_every_error_is_reported_at_once() -> None:
    assert len(validate_incident(C.C1, 2, " " * 600)) == 3


# --- automatic resolution --------------------------------------------------------------


@pytest.mark.parametrize("category", ALWAYS)
@pytest.mark.parametrize("status", NOT_CORRECT)
def test_always_applicable_codes_neutralise_wrong_or_skipped(
    category: IncidentCategory, status: AnswerStatus | None
) -> None:
    assert resolve(q(status), category) == Resolution(E.NEUTRALISED, status)


@pytest.mark.parametrize("category", [*C])
def test_a_correct_answer_is_never_touched(category: IncidentCategory) -> None:
    for ch in (PLAIN, EVERYTHING):
        result = resolve(q(A.OK, ch), category)
        assert result == Resolution(E.UNCHANGED, A.OK)
        assert not result.neutralised


@pytest.mark.parametrize("category", C_CODES)
@pytest.mark.parametrize("status", NOT_CORRECT)
def test_c_codes_never_act_on_a_question(
    category: IncidentCategory, status: AnswerStatus | None
) -> None:
    assert resolve(q(status, EVERYTHING), category).effect is E.UNCHANGED


@pytest.mark.parametrize(
    ("category", "needing", "having"),
    [
        (C.E1, PLAIN, challenge(image=True)),
        (C.E1, PLAIN, challenge(embed=True)),
        (C.E2, PLAIN, challenge(image=True)),
        (C.E2, PLAIN, challenge(embed=True)),
        (C.E3, PLAIN, challenge(attachment=True)),
        (C.E8, PLAIN, challenge(timer=30)),
    ],
)
@pytest.mark.parametrize("status", NOT_CORRECT)
def test_feature_codes_only_when_the_question_has_the_feature(
    category: IncidentCategory, needing: Challenge, having: Challenge, status: AnswerStatus | None
) -> None:
    assert resolve(q(status, needing), category).effect is E.UNCHANGED
    assert resolve(q(status, having), category).neutralised


@pytest.mark.parametrize("category", [C.E1, C.E2])
@pytest.mark.parametrize("status", NOT_CORRECT)
def test_e1_and_e2_with_an_image_or_an_embedded_application_either_code(
    category: IncidentCategory, status: AnswerStatus | None
) -> None:
    """Rule (reference platform): E1 and E2 neutralise when the question has an image or an
    embedded application, whichever code was picked.

    The reference's behaviour: E2 ("the embedded application does not show") on a
    question with only an image neutralises it, and E1 on a question with only an
    embedded application too. Before, E1 needed an image and E2 an embed.
    """
    assert resolve(q(status, challenge(image=True)), category).neutralised
    assert resolve(q(status, challenge(embed=True)), category).neutralised
    other = challenge(attachment=True, timer=30, focus=True)
    assert resolve(q(status, other), category).effect is E.UNCHANGED


def test_e10_turns_focused_out_into_correct() -> None:
    focus = challenge(focus=True)
    assert resolve(q(A.FOCUSED_OUT, focus), C.E10) == Resolution(E.MARKED_CORRECT, A.OK)


@pytest.mark.parametrize("status", [A.SKIPPED, None])
def test_e10_neutralises_a_skipped_focus_question(status: AnswerStatus | None) -> None:
    assert resolve(q(status, challenge(focus=True)), C.E10) == Resolution(E.NEUTRALISED, status)
    assert resolve(q(status, PLAIN), C.E10).effect is E.UNCHANGED


@pytest.mark.parametrize("status", [A.KO, A.TIMED_OUT, A.PARTIALLY])
def test_e10_leaves_other_wrong_answers(status: AnswerStatus) -> None:
    assert resolve(q(status, challenge(focus=True)), C.E10).effect is E.UNCHANGED


def test_several_reports_keep_the_best_for_the_candidate() -> None:
    focus_out = q(A.FOCUSED_OUT, challenge(focus=True))
    assert resolve_reports(focus_out, [C.E4, C.E10]).effect is E.MARKED_CORRECT
    assert resolve_reports(focus_out, [C.E1, C.E4]).effect is E.NEUTRALISED
    assert resolve_reports(focus_out, [C.E1, C.C7]) == Resolution(E.UNCHANGED, A.FOCUSED_OUT)
    assert resolve_reports(focus_out, []).effect is E.UNCHANGED


@given(
    st.sampled_from([*C]),
    st.sampled_from([*A, None]),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_resolution_invariants(
    category: IncidentCategory,
    status: AnswerStatus | None,
    image: bool,
    attachment: bool,
    timed: bool,
    focus: bool,
    embed: bool,
) -> None:
    ch = challenge(
        image=image, attachment=attachment, timer=30 if timed else None, focus=focus, embed=embed
    )
    result = resolve(q(status, ch), category)
    if status is A.OK or category in C_CODES:
        assert result.effect is E.UNCHANGED
    if result.effect is not E.UNCHANGED:
        assert category in applicable_e_categories(ch)
    if result.effect is E.MARKED_CORRECT:
        assert (category, status) == (C.E10, A.FOCUSED_OUT)
    if result.effect is not E.MARKED_CORRECT:
        assert result.status is status


# --- what the station offers -----------------------------------------------------------


def test_a_plain_question_offers_the_always_applicable_codes() -> None:
    assert applicable_e_categories(PLAIN) == ALWAYS


def test_a_question_with_everything_offers_every_code() -> None:
    assert applicable_e_categories(EVERYTHING) == E_CODES


@pytest.mark.parametrize(
    ("ch", "extra"),
    [
        (challenge(image=True), {C.E1, C.E2}),
        (challenge(embed=True), {C.E1, C.E2}),
        (challenge(attachment=True), {C.E3}),
        (challenge(timer=45), {C.E8}),
        (challenge(focus=True), {C.E10}),
    ],
)
def test_each_feature_adds_its_codes(ch: Challenge, extra: set[IncidentCategory]) -> None:
    assert set(applicable_e_categories(ch)) == {*ALWAYS, *extra}


# --- abandonment -----------------------------------------------------------------------


def test_candidate_abandonment_counts_unanswered_as_skipped() -> None:
    assert apply_abandonment([A.OK, A.KO, None, None], AbandonmentReason.CANDIDATE) == [
        Resolution(E.UNCHANGED, A.OK),
        Resolution(E.UNCHANGED, A.KO),
        Resolution(E.MARKED_SKIPPED, A.SKIPPED),
        Resolution(E.MARKED_SKIPPED, A.SKIPPED),
    ]


def test_technical_abandonment_neutralises_unanswered() -> None:
    results = apply_abandonment([A.SKIPPED, None], AbandonmentReason.TECHNICAL)
    assert results == [Resolution(E.UNCHANGED, A.SKIPPED), Resolution(E.NEUTRALISED, None)]
    assert [r.neutralised for r in results] == [False, True]


def test_abandonment_then_resolution() -> None:
    """Unanswered after a candidate's abandonment is skipped, and E4 still neutralises it."""
    (after,) = apply_abandonment([None], AbandonmentReason.CANDIDATE)
    assert resolve(q(after.status), C.E4).neutralised
