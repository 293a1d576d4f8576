"""Certification test generation and certifiability (Pix v2)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.competences import COMPETENCE_CODES
from app.domain.content import Challenge, ChallengeType
from app.domain.generation import (
    GeneratedTest,
    NotCertifiable,
    generate_test,
    is_certifiable,
)

FIVE = ("1.1", "1.2", "2.1", "3.1", "4.1")


def ch(id_: str, competence: str = "1.1", level: int = 1, skill: str | None = None) -> Challenge:
    return Challenge(
        id=id_,
        competence=competence,
        level=level,
        skill=skill if skill is not None else f"@{id_}",
        type=ChallengeType.QCU,
        instruction="?",
    )


def profile_with(**levels: int) -> dict[str, int]:
    """Five competences at level 1, overridden by keyword (c1_1=3 means 1.1 at 3)."""
    profile = dict.fromkeys(FIVE, 1)
    profile.update({k[1:].replace("_", "."): v for k, v in levels.items()})
    return profile


def ids_of(test: GeneratedTest, competence: str) -> list[str]:
    return [i for i in test.challenge_ids if test.competence_of[i] == competence]


# --- certifiability --------------------------------------------------------------------


def test_five_competences_at_level_one_are_certifiable() -> None:
    assert is_certifiable(dict.fromkeys(FIVE, 1))


def test_four_competences_are_not_certifiable() -> None:
    assert not is_certifiable(dict.fromkeys(FIVE[:4], 8))


def test_level_zero_does_not_count() -> None:
    profile = dict.fromkeys(COMPETENCE_CODES, 0) | dict.fromkeys(FIVE[:4], 2)
    assert not is_certifiable(profile)
    assert not is_certifiable({})


@pytest.mark.parametrize(
    "profile",
    [{"9.9": 1}, {"1.1": 9}, {"1.1": -1}],
)
def test_bad_profile_is_a_bug(profile: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        is_certifiable(profile)


def test_non_certifiable_candidate_gets_no_test() -> None:
    with pytest.raises(NotCertifiable):
        generate_test(dict.fromkeys(FIVE[:4], 3), [], rng=random.Random(0))


# --- picking rules ---------------------------------------------------------------------


def test_three_hardest_at_or_below_the_level_hardest_first() -> None:
    bank = [ch(f"L{lvl}", level=lvl) for lvl in range(1, 7)]
    test = generate_test(profile_with(c1_1=4), bank, rng=random.Random(0))
    assert ids_of(test, "1.1") == ["L4", "L3", "L2"]


def test_skills_are_distinct() -> None:
    bank = [
        ch("a1", level=3, skill="@a"),
        ch("a2", level=3, skill="@a"),
        ch("a3", level=3, skill="@a"),
        ch("b", level=2, skill="@b"),
        ch("c", level=1, skill="@c"),
    ]
    test = generate_test(profile_with(c1_1=3), bank, rng=random.Random(1))
    picked = ids_of(test, "1.1")
    assert picked[0] in {"a1", "a2", "a3"}
    assert picked[1:] == ["b", "c"]


def test_unseen_outranks_harder() -> None:
    bank = [ch("hard-seen", level=5), ch("u3", level=3), ch("u2", level=2), ch("u1", level=1)]
    test = generate_test(profile_with(c1_1=5), bank, seen={"hard-seen"}, rng=random.Random(0))
    assert ids_of(test, "1.1") == ["u3", "u2", "u1"]
    assert test.spares["1.1"] == ("hard-seen",)


def test_a_seen_challenge_is_used_when_no_unseen_one_fits() -> None:
    bank = [
        ch("u-a", level=2, skill="@a"),
        ch("u-a2", level=1, skill="@a"),  # unseen but same skill: does not fit
        ch("s-b", level=3, skill="@b"),
        ch("s-c", level=1, skill="@c"),
    ]
    test = generate_test(
        profile_with(c1_1=3), bank, seen={"s-b", "s-c", "elsewhere"}, rng=random.Random(0)
    )
    assert ids_of(test, "1.1") == ["u-a", "s-b", "s-c"]


def test_short_bank_gives_as_many_as_it_can() -> None:
    bank = [
        ch("a", "1.1", 1),
        ch("b", "1.1", 1),
        ch("c", "1.2", 1),
        ch("d", "1.2", 3),  # above the level
        ch("e", "2.1", 1, skill="@same"),
        ch("f", "2.1", 1, skill="@same"),
    ]
    test = generate_test(profile_with(), bank, rng=random.Random(0))
    assert len(ids_of(test, "1.1")) == 2
    assert ids_of(test, "1.2") == ["c"]
    assert len(ids_of(test, "2.1")) == 1
    assert ids_of(test, "3.1") == []
    assert test.spares["3.1"] == ()
    assert set(test.spares["2.1"]) == {"e", "f"} - set(ids_of(test, "2.1"))


def test_order_is_competence_code_order_and_only_tested_competences() -> None:
    codes = ["5.2", "1.1", "3.4", "2.1", "1.3", "4.3"]
    bank = [ch(f"{c}-{i}", c, 1) for c in COMPETENCE_CODES for i in range(3)]
    profile = dict.fromkeys(codes, 2) | {"2.2": 0}
    test = generate_test(profile, bank, rng=random.Random(3))
    competences = [test.competence_of[i] for i in test.challenge_ids]
    assert competences == [c for c in COMPETENCE_CODES if c in codes for _ in range(3)]
    assert set(test.spares) == set(codes)


def test_challenges_of_unknown_competences_are_ignored() -> None:
    bank = [ch("x", "9.9", 1), ch("a", "1.1", 1)]
    test = generate_test(profile_with(), bank, rng=random.Random(0))
    assert test.challenge_ids == ("a",)


def test_duplicate_ids_in_the_bank_are_a_bug() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        generate_test(profile_with(), [ch("a"), ch("a", "1.2")], rng=random.Random(0))


# --- spares ----------------------------------------------------------------------------


def test_spares_prefer_skills_the_test_does_not_ask() -> None:
    bank = [
        ch("a", level=4, skill="@a"),
        ch("b", level=4, skill="@b"),
        ch("c", level=4, skill="@c"),
        ch("a-variant", level=4, skill="@a"),  # unseen, but asks @a again
        ch("d-seen", level=2, skill="@d"),
        ch("e", level=1, skill="@e"),
    ]
    test = generate_test(profile_with(c1_1=4), bank, seen={"d-seen"}, rng=random.Random(0))
    by_id = {c.id: c for c in bank}
    assert {by_id[i].skill for i in ids_of(test, "1.1")} == {"@a", "@b", "@c"}
    assert test.spares["1.1"] == ("e", "d-seen")


def test_spares_fall_back_to_skills_already_asked() -> None:
    bank = [
        ch("a", level=2, skill="@a"),
        ch("b", level=2, skill="@b"),
        ch("c", level=2, skill="@c"),
        ch("a2", level=1, skill="@a"),
        ch("d", level=1, skill="@d"),
    ]
    test = generate_test(profile_with(c1_1=2), bank, rng=random.Random(0))
    assert test.spares["1.1"] == ("d", "a2")
    assert test.competence_of["a2"] == test.competence_of["d"] == "1.1"


def test_spares_respect_the_level() -> None:
    bank = [ch(f"l{i}", level=i) for i in range(1, 8)]
    test = generate_test(profile_with(c1_1=4), bank, rng=random.Random(0))
    assert test.spares["1.1"] == ("l1",)


# --- randomness ------------------------------------------------------------------------


def equal_bank() -> list[Challenge]:
    return [ch(f"{c}-{i}", c, 1) for c in FIVE for i in range(8)]


def test_same_seed_same_test_whatever_the_bank_order() -> None:
    bank = equal_bank()
    first = generate_test(profile_with(), bank, rng=random.Random(42))
    random.Random(1).shuffle(bank)
    again = generate_test(profile_with(), bank, rng=random.Random(42))
    assert first == again


def test_random_among_equals() -> None:
    tests = {
        generate_test(profile_with(), equal_bank(), rng=random.Random(seed)).challenge_ids
        for seed in range(10)
    }
    assert len(tests) > 1


# --- properties on random profiles and banks ---------------------------------------------

profiles = st.fixed_dictionaries({c: st.integers(0, 8) for c in COMPETENCE_CODES}).filter(
    is_certifiable
)


@st.composite
def banks(draw: st.DrawFn) -> list[Challenge]:
    rows = draw(
        st.lists(
            st.tuples(
                # Half of the challenges on 5 competences: dense enough for spares to matter.
                st.one_of(st.sampled_from(FIVE), st.sampled_from(COMPETENCE_CODES)),
                st.integers(1, 7),
                st.integers(0, 4),
            ),
            max_size=80,
        )
    )
    return [
        ch(f"q{i}", comp, level, f"@{comp}-{skill}") for i, (comp, level, skill) in enumerate(rows)
    ]


def eligible(bank: Sequence[Challenge], profile: Mapping[str, int], code: str) -> list[Challenge]:
    return [c for c in bank if c.competence == code and c.level <= profile[code]]


@given(profiles, banks(), st.data(), st.integers(0, 2**32))
def test_generation_properties(
    profile: dict[str, int], bank: list[Challenge], data: st.DataObject, seed: int
) -> None:
    seen = data.draw(st.sets(st.sampled_from([c.id for c in bank]))) if bank else set()
    test = generate_test(profile, bank, seen=seen, rng=random.Random(seed))
    by_id = {c.id: c for c in bank}

    all_ids = [*test.challenge_ids, *(i for s in test.spares.values() for i in s)]
    assert len(all_ids) == len(set(all_ids)), "no challenge twice"
    assert set(test.competence_of) == set(all_ids)
    assert set(test.spares) == {c for c in COMPETENCE_CODES if profile[c] >= 1}

    order = [COMPETENCE_CODES.index(test.competence_of[i]) for i in test.challenge_ids]
    assert order == sorted(order)

    for code in COMPETENCE_CODES:
        pool = eligible(bank, profile, code)
        chosen = [by_id[i] for i in ids_of(test, code)]
        spares = [by_id[i] for i in test.spares.get(code, ())]
        if profile[code] == 0:
            assert chosen == [] and spares == []
            continue
        for c in chosen + spares:
            assert c.competence == code == test.competence_of[c.id]
            assert c.level <= profile[code]
        skills = [c.skill for c in chosen]
        assert len(skills) == len(set(skills))
        assert len(chosen) == min(3, len({c.skill for c in pool}))
        assert len(spares) == min(2, len(pool) - len(chosen))

        unseen_pool = [c for c in pool if c.id not in seen]
        chosen_unseen = [c for c in chosen if c.id not in seen]
        assert chosen[: len(chosen_unseen)] == chosen_unseen, "unseen first"
        if len(chosen_unseen) < len(chosen):
            assert {c.skill for c in unseen_pool} <= {c.skill for c in chosen_unseen}
        for i, c in enumerate(chosen):
            peers = unseen_pool if c.id not in seen else pool
            new_skill = [p for p in peers if p.skill not in skills[:i]]
            assert c.level == max(p.level for p in new_skill), "hardest first"

        used = set(skills)
        left_out = [c for c in pool if c not in chosen and c not in spares]
        for s in spares:
            if s.skill in used:
                assert all(c.skill in used for c in left_out), "new skills first"
            used.add(s.skill)

    shuffled = list(bank)
    random.Random(seed).shuffle(shuffled)
    assert generate_test(profile, shuffled, seen=seen, rng=random.Random(seed)) == test


@given(profiles)
def test_missing_competences_count_as_level_zero(profile: dict[str, int]) -> None:
    sparse = {c: lvl for c, lvl in profile.items() if lvl > 0}
    bank = [ch(f"{c}-{i}", c, 1) for c in COMPETENCE_CODES for i in range(4)]
    rng_a, rng_b = random.Random(5), random.Random(5)
    assert generate_test(sparse, bank, rng=rng_a) == generate_test(profile, bank, rng=rng_b)
