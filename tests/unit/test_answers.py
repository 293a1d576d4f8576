"""Answer checking (SPEC "Question types"): tolerances, numbers, each type, final status."""

from __future__ import annotations

import string
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.domain.answers import (
    answers_from_solution,
    apply_t1,
    apply_t2,
    check_answer,
    field_matches,
    final_status,
    levenshtein,
    normalize_basic,
    normalize_text,
    parse_number,
    t3_threshold,
)
from app.domain.content import (
    AnswerStatus,
    Challenge,
    ChallengeType,
    FieldFormat,
    InputField,
    Tolerances,
)

OK, KO, PARTIALLY = AnswerStatus.OK, AnswerStatus.KO, AnswerStatus.PARTIALLY
ALL_ON = Tolerances()
ALL_OFF = Tolerances(t1=False, t2=False, t3=False)


def qcu(solution: int = 2, proposals: int = 4) -> Challenge:
    return Challenge(
        id="qcu",
        competence="1.1",
        level=1,
        skill="@s",
        type=ChallengeType.QCU,
        instruction="?",
        proposals=tuple(f"p{i}" for i in range(1, proposals + 1)),
        solution=solution,
    )


def qcm(*solution: int) -> Challenge:
    return Challenge(
        id="qcm",
        competence="1.1",
        level=1,
        skill="@s",
        type=ChallengeType.QCM,
        instruction="?",
        proposals=("a", "b", "c", "d"),
        solution=tuple(sorted(solution)),
    )


def qroc(
    *accepted: str,
    tolerances: Tolerances = ALL_ON,
    field_format: FieldFormat = FieldFormat.TEXT,
) -> Challenge:
    return Challenge(
        id="qroc",
        competence="1.1",
        level=1,
        skill="@s",
        type=ChallengeType.QROC,
        instruction="?",
        fields=(InputField("r", "Réponse", field_format),),
        solution={"r": tuple(accepted)},
        tolerances=tolerances,
    )


def qrocm_ind(solution: dict[str, tuple[str, ...]], *, partial: bool = False) -> Challenge:
    return Challenge(
        id="ind",
        competence="1.1",
        level=1,
        skill="@s",
        type=ChallengeType.QROCM_IND,
        instruction="?",
        fields=tuple(InputField(name, name) for name in solution),
        solution=solution,
        partial=partial,
    )


def qrocm_dep(
    groups: list[list[str]],
    fields: int,
    *,
    partial: bool = False,
    field_format: FieldFormat = FieldFormat.TEXT,
    tolerances: Tolerances = ALL_ON,
) -> Challenge:
    return Challenge(
        id="dep",
        competence="1.1",
        level=1,
        skill="@s",
        type=ChallengeType.QROCM_DEP,
        instruction="?",
        fields=tuple(InputField(f"f{i}", f"F{i}", field_format) for i in range(1, fields + 1)),
        solution={"groups": tuple(tuple(g) for g in groups)},
        partial=partial,
        tolerances=tolerances,
    )


def check_text(answer: str, *accepted: str, tolerances: Tolerances = ALL_ON) -> AnswerStatus:
    return check_answer(qroc(*accepted, tolerances=tolerances), {"r": answer})


# --- normalisation ---------------------------------------------------------------------


class TestNormalizeBasic:
    def test_composes_to_nfc(self) -> None:
        assert normalize_basic("e\u0301t\u00e9") == "\u00e9t\u00e9"

    @pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2007"])
    def test_non_breaking_spaces_become_spaces(self, space: str) -> None:
        assert normalize_basic(f"Quelle heure{space}?") == "Quelle heure ?"

    def test_strips_and_collapses_whitespace(self) -> None:
        assert normalize_basic("  mot \t de\n\npasse  ") == "mot de passe"

    def test_always_applied_even_without_tolerances(self) -> None:
        assert check_text(" Le\u00a0 canard ", "Le canard", tolerances=ALL_OFF) == OK
        assert check_text("le canard", "Le canard", tolerances=ALL_OFF) == KO


class TestTolerances:
    """The SPEC's tolerance rules, each shown on, then off with the others still on."""

    @pytest.mark.parametrize(
        ("answer", "accepted"),
        [
            ("LE CANARD", "le canard"),  # case
            ("eleve", "Élève"),  # accents
            ("mot de passe", "motdepasse"),  # all spaces, not only extra ones
            ("Mot De Passe", "motdepasse"),
            ("Éléphant", "elephant"),
        ],
    )
    def test_t1_case_accents_spaces(self, answer: str, accepted: str) -> None:
        assert apply_t1(normalize_basic(answer)) == apply_t1(normalize_basic(accepted))
        assert check_text(answer, accepted) == OK

    def test_t1_off_keeps_case_and_accents(self) -> None:
        off = Tolerances(t1=False)
        assert check_text("PARIS", "Paris", tolerances=off) == KO
        assert check_text("Paris", "Paris", tolerances=off) == OK
        assert check_text("bebe", "bébé", tolerances=Tolerances(t1=False, t2=False)) == KO

    @pytest.mark.parametrize(
        ("answer", "accepted"),
        [
            ("l'été", "lete"),
            ("aujourd'hui", "aujourdhui"),
            ("Paris !", "paris"),
            ("R&D", "RD"),
            ("www.pix.fr", "wwwpixfr"),
        ],
    )
    def test_t2_drops_punctuation(self, answer: str, accepted: str) -> None:
        assert check_text(answer, accepted, tolerances=Tolerances(t3=False)) == OK

    def test_t2_off_keeps_punctuation(self) -> None:
        assert check_text("R&D", "RD", tolerances=Tolerances(t2=False)) == KO
        off = Tolerances(t2=False, t3=False)
        assert check_text("aujourd'hui", "aujourdhui", tolerances=off) == KO

    def test_t2_without_t1_collapses_the_gap_it_leaves(self) -> None:
        assert apply_t2("a - b") == "a b"
        assert check_text("copier - coller", "copier coller", tolerances=Tolerances(t1=False)) == OK

    @pytest.mark.parametrize(
        ("answer", "accepted"),
        [
            ("recherhce", "recherche"),  # 9 letters: 2 edits allowed
            ("moteur de recherhce", "moteur de recherche"),
            ("navigatuer", "navigateur"),
            ("navigateu", "navigateur"),  # a deletion
            ("naviggateur", "navigateur"),  # an insertion
        ],
    )
    def test_t3_accepts_small_typos(self, answer: str, accepted: str) -> None:
        assert check_text(answer, accepted) == OK
        assert check_text(answer, accepted, tolerances=Tolerances(t3=False)) == KO

    def test_t3_refuses_beyond_a_quarter(self) -> None:
        # "abcdefgh" has 8 letters: 2 edits allowed, not 3.
        assert check_text("xbcdefgx", "abcdefgh") == OK
        assert check_text("xbxdefgx", "abcdefgh") == KO

    def test_t3_divides_by_the_length_of_the_candidates_answer(self) -> None:
        """Rule (reference platform): accepted when distance / len(answer typed) <= 25 %.

        The reference's behaviour: "abcdefgh" typed for "abcdef" is 2 edits over 8
        letters typed (25 %): accepted. "abcdef" typed for "abcdefgh" is 2 edits over 6
        (33 %): refused. Dividing by the accepted answer gave the opposite verdicts.
        """
        assert check_text("abcdefgh", "abcdef") == OK
        assert check_text("abcdef", "abcdefgh") == KO
        assert check_text("navigateu", "navigateur") == OK  # 1 edit over 9
        assert check_text("navig", "navigateur") == KO  # 5 edits over 5

    def test_t3_counts_the_candidates_answer_after_normalisation(self) -> None:
        # "a b c x x" is 9 characters raw but "abcxx" (5) after T1: 1 edit, not 2.
        assert check_text("a b c x x", "abcde") == KO
        assert check_text("a b c d x", "abcde") == OK

    def test_t3_short_answers_must_be_exact(self) -> None:
        assert t3_threshold("oui") == 0
        assert check_text("ouo", "oui") == KO
        assert t3_threshold("ouii") == 1
        # 4 letters typed allow 1 edit, whatever the accepted answer's length.
        assert check_text("ouii", "oui") == OK

    def test_several_accepted_answers(self) -> None:
        challenge = qroc("courriel", "e-mail", "mail")
        assert check_answer(challenge, {"r": "Email"}) == OK
        assert check_answer(challenge, {"r": "Courriel"}) == OK
        assert check_answer(challenge, {"r": "lettre"}) == KO

    def test_empty_answer_never_matches(self) -> None:
        assert check_text("", "ab") == KO
        assert check_text("   ", "ab") == KO
        # Even against an accepted answer T2 reduces to nothing.
        assert check_text("?", "!!") == KO


# --- Levenshtein -----------------------------------------------------------------------


def reference_levenshtein(a: str, b: str) -> int:
    rows = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            rows[i][j] = min(
                rows[i - 1][j] + 1,
                rows[i][j - 1] + 1,
                rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]),
            )
    return rows[len(a)][len(b)]


class TestLevenshtein:
    @pytest.mark.parametrize(
        ("a", "b", "distance"),
        [("", "", 0), ("", "abc", 3), ("kitten", "sitting", 3), ("abab", "baba", 2)],
    )
    def test_known_distances(self, a: str, b: str, distance: int) -> None:
        assert levenshtein(a, b) == distance
        assert levenshtein(b, a) == distance

    def test_limit_stops_early(self) -> None:
        assert levenshtein("a" * 10_000, "abc", limit=2) == 3
        assert levenshtein("abcdef", "uvwxyz", limit=2) == 3
        assert levenshtein("kitten", "sitting", limit=3) == 3

    @given(st.text("abc", max_size=8), st.text("abc", max_size=8), st.integers(0, 9))
    def test_matches_reference(self, a: str, b: str, limit: int) -> None:
        expected = reference_levenshtein(a, b)
        assert levenshtein(a, b) == expected
        assert levenshtein(a, b, limit) == min(expected, limit + 1)


# --- numbers ---------------------------------------------------------------------------


class TestNumbers:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("3,5", "3.5"),
            ("3.5", "3.5"),
            ("3,50", "3.5"),
            ("+3,5", "3.5"),
            ("-2", "-2"),
            ("\u22122", "-2"),
            ("1 000", "1000"),
            ("1\u00a0000", "1000"),
            ("1\u202f000\u202f000,25", "1000000.25"),
            (" 42 ", "42"),
            ("007", "7"),
            ("00025 000", "25000"),
            ("-0 025 000,5", "-25000.5"),
        ],
    )
    def test_parses(self, text: str, value: str) -> None:
        assert parse_number(text) == Decimal(value)

    @pytest.mark.parametrize(
        "text", ["", "trois", "3e5", "1 00", "10 00", "1.000,5", "3,", ",5", "1 000.", "+-3", "٣"]
    )
    def test_not_numbers(self, text: str) -> None:
        assert parse_number(text) is None

    def test_nombre_field_compares_values(self) -> None:
        challenge = qroc("3,5", field_format=FieldFormat.NUMBER)
        for answer in ("3.5", "3,50", "+3,5", " 3,5 "):
            assert check_answer(challenge, {"r": answer}) == OK
        assert check_answer(challenge, {"r": "3,6"}) == KO
        assert check_answer(challenge, {"r": "35"}) == KO

    def test_thousands(self) -> None:
        challenge = qroc("1000", field_format=FieldFormat.NUMBER)
        assert check_answer(challenge, {"r": "1 000"}) == OK
        assert check_answer(challenge, {"r": "1\u00a0000"}) == OK

    def test_leading_zeros_and_thousands_spaces_together(self) -> None:
        """Rule (reference platform): a number is read whatever its leading zeros, also
        when it is written with thousands spaces.

        The reference's behaviour: "0123" is 123, "25 000" is 25000, and so is
        "00025 000" (before, we refused the last one: "00025" is not a group of three).
        """
        challenge = qroc("25000", field_format=FieldFormat.NUMBER)
        for answer in ("25000", "025000", "25 000", "00025 000", "00025\u202f000"):
            assert check_answer(challenge, {"r": answer}) == OK, answer
        assert check_answer(qroc("123", field_format=FieldFormat.NUMBER), {"r": "0123"}) == OK
        # Thousands groups still have three digits, leading zeros or not.
        for answer in ("0025 00", "00025 0000", "0 0 025"):
            assert check_answer(challenge, {"r": answer}) == KO, answer

    def test_text_tolerances_do_not_apply_to_numbers(self) -> None:
        challenge = qroc("1000", field_format=FieldFormat.NUMBER)
        assert check_answer(challenge, {"r": "1001"}) == KO  # T3 would accept it as text
        assert check_answer(challenge, {"r": "1OOO"}) == KO
        assert check_answer(challenge, {"r": "mille"}) == KO

    def test_field_matches(self) -> None:
        assert field_matches("2,0", ["2"], FieldFormat.NUMBER, ALL_ON)
        assert not field_matches("deux", ["2"], FieldFormat.NUMBER, ALL_ON)
        assert field_matches("Deux", ["deux"], FieldFormat.TEXT, ALL_ON)


# --- choice questions ------------------------------------------------------------------


class TestQcu:
    @pytest.mark.parametrize("answer", [2, "2", " 2 "])
    def test_right(self, answer: object) -> None:
        assert check_answer(qcu(2), answer) == OK

    @pytest.mark.parametrize("answer", [1, 5, "3", "2.0", "+2", True, None, [2], 2.0, "deux"])
    def test_wrong_or_malformed(self, answer: object) -> None:
        assert check_answer(qcu(2), answer) == KO

    def test_true_is_not_proposal_one(self) -> None:
        assert check_answer(qcu(1), True) == KO


class TestQcm:
    @pytest.mark.parametrize("answer", [[1, 3], [3, 1], (3, 1), ["1", 3]])
    def test_right_in_any_order(self, answer: object) -> None:
        assert check_answer(qcm(1, 3), answer) == OK

    @pytest.mark.parametrize(
        "answer", [[1], [1, 3, 4], [2, 4], [], [1, 1, 3], [1, 3, 3], "1,3", {1, 3}, None, [1, None]]
    )
    def test_must_be_exactly_the_set(self, answer: object) -> None:
        assert check_answer(qcm(1, 3), answer) == KO

    def test_never_partially(self) -> None:
        assert check_answer(qcm(1, 3), [1]) == KO


# --- short answers ---------------------------------------------------------------------


class TestQrocShapes:
    @pytest.mark.parametrize(
        "answer",
        [
            None,
            "Paris",
            ["Paris"],
            {},
            {"r": None},
            {"r": 3},
            {"x": "Paris"},
            {"r": "Paris", "x": ""},
        ],
    )
    def test_malformed_is_ko(self, answer: object) -> None:
        assert check_answer(qroc("Paris"), answer) == KO

    def test_right(self) -> None:
        assert check_answer(qroc("Paris"), {"r": "paris"}) == OK


PERSON = {"nom": ("Dupont",), "ville": ("Lyon", "Lyon 3e")}
COLOURS = [["rouge"], ["vert"], ["bleu"]]


class TestQrocmInd:
    def test_all_right(self) -> None:
        assert check_answer(qrocm_ind(PERSON), {"nom": "dupont", "ville": "lyon"}) == OK

    def test_fields_are_not_interchangeable(self) -> None:
        answer = {"nom": "Lyon", "ville": "Dupont"}
        assert check_answer(qrocm_ind(PERSON), answer) == KO

    def test_some_right_is_ko_unless_partial(self) -> None:
        answer = {"nom": "Dupont", "ville": "Paris"}
        assert check_answer(qrocm_ind(PERSON), answer) == KO
        assert check_answer(qrocm_ind(PERSON, partial=True), answer) == PARTIALLY

    def test_none_right_is_ko_even_if_partial(self) -> None:
        answer = {"nom": "Martin", "ville": "Paris"}
        assert check_answer(qrocm_ind(PERSON, partial=True), answer) == KO

    def test_missing_field_is_ko_even_if_partial(self) -> None:
        assert check_answer(qrocm_ind(PERSON, partial=True), {"nom": "Dupont"}) == KO


class TestQrocmDep:
    @pytest.mark.parametrize(
        "values", [("rouge", "vert", "bleu"), ("bleu", "rouge", "vert"), ("Vert", "BLEU", "rouge")]
    )
    def test_any_order(self, values: tuple[str, str, str]) -> None:
        answer = dict(zip(("f1", "f2", "f3"), values, strict=True))
        assert check_answer(qrocm_dep(COLOURS, 3), answer) == OK

    def test_more_groups_than_fields(self) -> None:
        challenge = qrocm_dep(COLOURS, 2)
        assert check_answer(challenge, {"f1": "bleu", "f2": "rouge"}) == OK
        assert check_answer(challenge, {"f1": "vert", "f2": "bleu"}) == OK

    def test_an_answer_cannot_be_reused(self) -> None:
        challenge = qrocm_dep(COLOURS, 2)
        assert check_answer(challenge, {"f1": "rouge", "f2": "rouge"}) == KO
        # Equal once normalised counts as the same answer.
        assert check_answer(challenge, {"f1": "rouge", "f2": " Rouge "}) == KO

    def test_reused_answer_counts_once_when_partial(self) -> None:
        challenge = qrocm_dep(COLOURS, 2, partial=True)
        assert check_answer(challenge, {"f1": "rouge", "f2": "rouge"}) == PARTIALLY

    def test_reuse_refused_even_when_groups_share_it(self) -> None:
        challenge = qrocm_dep([["paris", "lyon"], ["paris"]], 2)
        assert check_answer(challenge, {"f1": "paris", "f2": "paris"}) == KO

    def test_each_field_matches_a_different_group(self) -> None:
        # A greedy scan gives "paris" the first group and leaves "lyon" nowhere to go.
        challenge = qrocm_dep([["paris", "lyon"], ["paris"]], 2)
        assert check_answer(challenge, {"f1": "paris", "f2": "lyon"}) == OK
        assert check_answer(challenge, {"f1": "lyon", "f2": "paris"}) == OK

    def test_two_answers_for_one_group_is_not_enough(self) -> None:
        challenge = qrocm_dep([["chat", "chien"], ["poisson"]], 2)
        assert check_answer(challenge, {"f1": "chat", "f2": "chien"}) == KO

    def test_empty_fields_do_not_match(self) -> None:
        challenge = qrocm_dep(COLOURS, 2, partial=True)
        assert check_answer(challenge, {"f1": "", "f2": ""}) == KO
        assert check_answer(challenge, {"f1": "rouge", "f2": " "}) == PARTIALLY

    def test_numbers(self) -> None:
        challenge = qrocm_dep([["2"], ["3,5"]], 2, field_format=FieldFormat.NUMBER)
        assert check_answer(challenge, {"f1": "3.50", "f2": "2"}) == OK
        assert check_answer(challenge, {"f1": "2", "f2": "2,0"}) == KO
        assert check_answer(challenge, {"f1": "deux", "f2": "2"}) == KO

    def test_tolerances_apply(self) -> None:
        challenge = qrocm_dep([["navigateur"], ["moteur"]], 2)
        assert check_answer(challenge, {"f1": "Moteur", "f2": "navigatuer"}) == OK
        strict = qrocm_dep([["navigateur"], ["moteur"]], 2, tolerances=Tolerances(t3=False))
        assert check_answer(strict, {"f1": "Moteur", "f2": "navigatuer"}) == KO

    @pytest.mark.parametrize(
        "answer", [None, ["rouge", "vert"], {"f1": "rouge"}, {"f1": "rouge", "f2": 1}]
    )
    def test_malformed_is_ko(self, answer: object) -> None:
        assert check_answer(qrocm_dep(COLOURS, 2, partial=True), answer) == KO


# --- final status ----------------------------------------------------------------------


def with_flags(challenge: Challenge, **changes: Any) -> Challenge:
    fields = {name: getattr(challenge, name) for name in Challenge.__dataclass_fields__}
    return Challenge(**{**fields, **changes})


class TestFinalStatus:
    RIGHT, WRONG = 2, 3

    def status(self, answer: object, challenge: Challenge | None = None, **flags: bool) -> str:
        flags = {"skipped": False, "timed_out": False, "focused_out": False, **flags}
        return final_status(challenge or qcu(2), answer, **flags)

    def test_plain(self) -> None:
        assert self.status(self.RIGHT) == OK
        assert self.status(self.WRONG) == KO

    def test_skipped_is_aband_whatever_was_typed(self) -> None:
        assert self.status(self.RIGHT, skipped=True) == AnswerStatus.SKIPPED
        assert self.status(None, skipped=True, timed_out=True) == AnswerStatus.SKIPPED

    def test_late_right_answer_is_timedout(self) -> None:
        assert self.status(self.RIGHT, timed_out=True) == AnswerStatus.TIMED_OUT

    def test_late_wrong_answer_stays_ko(self) -> None:
        assert self.status(self.WRONG, timed_out=True) == KO

    def test_focus_lost_on_focus_challenge(self) -> None:
        focus = with_flags(qcu(2), focus=True)
        assert self.status(self.RIGHT, focus, focused_out=True) == AnswerStatus.FOCUSED_OUT
        assert self.status(self.WRONG, focus, focused_out=True) == KO

    def test_focus_lost_with_accessibility_adjustment_counts(self) -> None:
        focus = with_flags(qcu(2), focus=True)
        assert self.status(self.RIGHT, focus, focused_out=True, accessibility=True) == OK

    def test_focus_lost_on_ordinary_challenge_counts(self) -> None:
        assert self.status(self.RIGHT, focused_out=True) == OK

    def test_timed_out_wins_over_focused_out(self) -> None:
        focus = with_flags(qcu(2), focus=True)
        status = self.status(self.RIGHT, focus, focused_out=True, timed_out=True)
        assert status == AnswerStatus.TIMED_OUT

    def test_partially_is_not_downgraded(self) -> None:
        challenge = qrocm_ind({"a": ("x1",), "b": ("y1",)}, partial=True)
        answer = {"a": "x1", "b": "nope"}
        assert self.status(answer, challenge, timed_out=True) == PARTIALLY


# --- answers built from solutions ------------------------------------------------------


class TestAnswersFromSolution:
    @pytest.mark.parametrize(
        "challenge",
        [
            qcu(3),
            qcm(1, 2, 4),
            qroc("courriel", "e-mail"),
            qrocm_ind({"a": ("un", "1"), "b": ("deux",)}),
            qrocm_dep([["rouge", "red"], ["vert"], ["bleu", "blue"]], 2),
        ],
        ids=lambda c: c.type.value,
    )
    def test_every_one_is_ok(self, challenge: Challenge) -> None:
        answers = answers_from_solution(challenge)
        assert answers
        for description, answer in answers:
            assert check_answer(challenge, answer) == OK, description

    def test_one_answer_per_accepted_alternative(self) -> None:
        challenge = qrocm_dep([["rouge", "red"], ["vert"], ["bleu", "blue"]], 2)
        answers = answers_from_solution(challenge)
        assert [description for description, _ in answers] == [
            "accepted answer 'rouge' of group 1",
            "accepted answer 'red' of group 1",
            "accepted answer 'vert' of group 2",
            "accepted answer 'bleu' of group 3",
            "accepted answer 'blue' of group 3",
        ]
        assert answers[2][1] == {"f1": "vert", "f2": "rouge"}

    def test_groups_sharing_an_answer_are_filled_with_distinct_answers(self) -> None:
        challenge = qrocm_dep([["bleu"], ["bleu", "blanc"], ["rouge"]], 2)
        answers = dict(answers_from_solution(challenge))
        assert answers["accepted answer 'bleu' of group 1"] == {"f1": "bleu", "f2": "blanc"}
        for description, answer in answers.items():
            assert check_answer(challenge, answer) == OK, description

    def test_groups_that_cannot_all_be_answered_are_revealed(self) -> None:
        challenge = qrocm_dep([["bleu"], ["Bleu"]], 2)
        statuses = [check_answer(challenge, a) for _, a in answers_from_solution(challenge)]
        assert statuses == [KO, KO]

    def test_reveals_an_accepted_answer_that_normalises_to_nothing(self) -> None:
        challenge = qroc("ok", "!!!")
        statuses = [check_answer(challenge, a) for _, a in answers_from_solution(challenge)]
        assert statuses == [OK, KO]


# --- properties ------------------------------------------------------------------------

tolerances_strategy = st.builds(Tolerances, st.booleans(), st.booleans(), st.booleans())
french_text = st.text(
    alphabet=st.sampled_from(
        list(string.ascii_letters + string.digits + " '-!?.,")
        + list("éèêàçùôÉÀ\u00a0\u202f\u2007\t\n\u0301")
    ),
    max_size=30,
)


class TestProperties:
    @given(st.text(), tolerances_strategy)
    def test_normalisation_is_idempotent(self, text: str, tolerances: Tolerances) -> None:
        once = normalize_text(text, tolerances)
        assert normalize_text(once, tolerances) == once

    @given(st.text())
    def test_basic_normalisation_is_idempotent(self, text: str) -> None:
        once = normalize_basic(text)
        assert normalize_basic(once) == once

    @given(st.lists(french_text, min_size=1, max_size=4), tolerances_strategy)
    def test_text_solution_passes_its_own_checker(
        self, accepted: list[str], tolerances: Tolerances
    ) -> None:
        assume(all(normalize_text(text, tolerances) for text in accepted))
        challenge = qroc(*accepted, tolerances=tolerances)
        for text in accepted:
            assert check_answer(challenge, {"r": text}) == OK

    @given(
        st.lists(
            st.lists(st.text(string.ascii_lowercase, min_size=1, max_size=8), min_size=1),
            min_size=2,
            max_size=4,
        ),
        tolerances_strategy,
    )
    def test_dependent_solution_passes_its_own_checker(
        self, groups: list[list[str]], tolerances: Tolerances
    ) -> None:
        keys = [{normalize_text(text, tolerances) for text in group} for group in groups]
        assume(all(a.isdisjoint(b) for i, a in enumerate(keys) for b in keys[i + 1 :]))
        challenge = qrocm_dep(groups, 2, tolerances=tolerances)
        for description, answer in answers_from_solution(challenge):
            assert check_answer(challenge, answer) == OK, description

    @given(st.integers(1, 8), st.data())
    def test_choice_solution_passes_its_own_checker(self, count: int, data: st.DataObject) -> None:
        proposals = count + 1
        chosen = data.draw(st.sets(st.integers(1, proposals), min_size=1))
        challenge = with_flags(qcm(*chosen), proposals=tuple("abcdefghi"[:proposals]))
        assert check_answer(challenge, data.draw(st.permutations(sorted(chosen)))) == OK
        assert check_answer(qcu(min(chosen), proposals), min(chosen)) == OK

    @given(
        st.decimals(
            allow_nan=False, allow_infinity=False, places=3, min_value=-(10**9), max_value=10**9
        ),
        st.booleans(),
        st.sampled_from([" ", "\u00a0", "\u202f"]),
    )
    def test_french_number_formats_round_trip(
        self, value: Decimal, comma: bool, separator: str
    ) -> None:
        text = f"{value:,f}".replace(",", separator)
        if comma:
            text = text.replace(".", ",")
        assert parse_number(text) == value
        challenge = qroc(str(value), field_format=FieldFormat.NUMBER)
        assert check_answer(challenge, {"r": text}) == OK

    @given(st.text(string.ascii_lowercase, min_size=1, max_size=40), st.data())
    def test_t3_threshold_is_exact(self, accepted: str, data: st.DataObject) -> None:
        # Digits never occur in the accepted answer, so k substitutions by a digit are
        # exactly k edits away: threshold edits pass, one more does not.
        limit = len(accepted) // 4
        positions = data.draw(
            st.lists(
                st.integers(0, len(accepted) - 1),
                min_size=min(limit + 1, len(accepted)),
                max_size=min(limit + 1, len(accepted)),
                unique=True,
            )
        )

        def typo(count: int) -> str:
            chars = list(accepted)
            for position in positions[:count]:
                chars[position] = "0"
            return "".join(chars)

        challenge = qroc(accepted)
        assert check_answer(challenge, {"r": typo(limit)}) == OK
        if len(positions) > limit:
            assert check_answer(challenge, {"r": typo(limit + 1)}) == KO

    @given(st.text(string.ascii_lowercase, min_size=1, max_size=30), st.integers(1, 12))
    def test_t3_extra_letters_allowed_by_the_typed_length(self, accepted: str, extra: int) -> None:
        # Typing `extra` more characters is `extra` edits over len(accepted) + extra typed.
        typed = accepted + "0" * extra
        expected = OK if 4 * extra <= len(typed) else KO
        assert check_answer(qroc(accepted), {"r": typed}) == expected

    @given(
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.sampled_from(["r", "f1", "f2", "x"]), inner, max_size=3)
            ),
            max_leaves=8,
        )
    )
    def test_any_answer_is_checked_without_raising(self, answer: object) -> None:
        challenges = [
            qcu(2),
            qcm(1, 3),
            qroc("x"),
            qroc("3", field_format=FieldFormat.NUMBER),
            qrocm_dep([["a"], ["b"]], 2, partial=True),
        ]
        for challenge in challenges:
            assert check_answer(challenge, answer) in {OK, KO, PARTIALLY}
