"""Certification test generation, Pix v2 (SPEC "Before the session", "During the session").

The certification checks that the positioning profile is sincere, so each competence the
candidate reached (level >= 1) is tested with challenges at or below that level, hardest
first, on 3 different skills. Challenges the candidate already met (during positioning or
an earlier certification) would measure memory, not skill: they are used only when no
unseen challenge fits.

Choices where SPEC is silent:
- Ranking, per competence: unseen before seen, then highest level first, then random.
  "Unseen" outranks "harder": a seen challenge is taken only when no unseen one with a
  new skill is left. Greedy picking on this ranking also gets the most distinct skills.
- Spares (replacements for a question whose alert the invigilator validates) follow the
  same ranking, but a skill not yet in the competence's test (nor in an earlier spare)
  outranks "unseen": a replacement must not ask a skill the test already asks. Only when
  no new skill is left are challenges of an already-used skill taken.
- Randomness: the bank is sorted by id before the rng shuffles it, so the test depends
  only on the seed and on the bank's content, never on the order the bank was loaded in.
- Challenges of unknown competences are ignored (a content pack may carry more); a
  duplicate challenge id, an unknown competence code in a profile or a level outside
  0..8 is a bug upstream and raises ValueError.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.domain.competences import BY_CODE, COMPETENCE_CODES, MAX_LEVEL
from app.domain.content import Challenge

CERTIFIABLE_MIN_COMPETENCES = 5
QUESTIONS_PER_COMPETENCE = 3
SPARES_PER_COMPETENCE = 2


class NotCertifiable(Exception):
    """The profile has fewer than 5 competences at level 1 or more (SPEC)."""


@dataclass(frozen=True, slots=True)
class GeneratedTest:
    """A candidate's certification test.

    challenge_ids: the questions in the order they are asked (competence code order, then
        as picked, so hardest-and-unseen first within a competence).
    competence_of: the competence of every challenge id above *and* of every spare, so a
        replacement can be placed without going back to the bank. Count the questions
        asked per competence from `challenge_ids`, not from this mapping.
    spares: for every tested competence (level >= 1, even one without any question), up
        to 2 replacement challenge ids, best first.
    """

    challenge_ids: tuple[str, ...]
    competence_of: dict[str, str]
    spares: dict[str, tuple[str, ...]]


def _check_profile(profile: Mapping[str, int]) -> None:
    for code, level in profile.items():
        if code not in BY_CODE:
            raise ValueError(f"unknown competence code in profile: {code!r}")
        if not 0 <= level <= MAX_LEVEL:
            raise ValueError(f"level of competence {code} out of 0..{MAX_LEVEL}: {level}")


def is_certifiable(profile: Mapping[str, int]) -> bool:
    """True when at least 5 competences are at level 1 or more (SPEC "Certifiable")."""
    _check_profile(profile)
    reached = sum(1 for level in profile.values() if level >= 1)
    return reached >= CERTIFIABLE_MIN_COMPETENCES


def _ranked(
    pool: Sequence[Challenge], seen: Collection[str], rng: random.Random
) -> list[Challenge]:
    ordered = sorted(pool, key=lambda c: c.id)
    rng.shuffle(ordered)
    # A stable sort keeps the shuffled order among equals: random among equals.
    ordered.sort(key=lambda c: (c.id in seen, -c.level))
    return ordered


def _pick_new_skills(
    ranked: Sequence[Challenge], count: int, used_skills: Collection[str]
) -> list[Challenge]:
    picked: list[Challenge] = []
    skills = set(used_skills)
    for challenge in ranked:
        if len(picked) == count:
            break
        if challenge.skill not in skills:
            picked.append(challenge)
            skills.add(challenge.skill)
    return picked


def generate_test(
    profile: Mapping[str, int],
    bank: Iterable[Challenge],
    *,
    seen: Collection[str] = (),
    rng: random.Random,
) -> GeneratedTest:
    """Pick 3 questions and up to 2 spares for every competence at level >= 1.

    A competence whose bank is short gets as many questions as it allows (2, 1 or none);
    scoring has rules for 1 and 2 questions asked.

    Raises NotCertifiable for a profile with fewer than 5 competences at level >= 1.
    """
    if not is_certifiable(profile):
        raise NotCertifiable("fewer than 5 competences at level 1 or more")
    seen_ids = frozenset(seen)
    by_competence: dict[str, list[Challenge]] = {code: [] for code in COMPETENCE_CODES}
    known_ids: set[str] = set()
    for challenge in bank:
        if challenge.id in known_ids:
            raise ValueError(f"duplicate challenge id in the bank: {challenge.id!r}")
        known_ids.add(challenge.id)
        if challenge.competence in by_competence:
            by_competence[challenge.competence].append(challenge)

    challenge_ids: list[str] = []
    competence_of: dict[str, str] = {}
    spares: dict[str, tuple[str, ...]] = {}
    for code in COMPETENCE_CODES:
        level = profile.get(code, 0)
        if level < 1:
            continue
        pool = [c for c in by_competence[code] if c.level <= level]
        ranked = _ranked(pool, seen_ids, rng)
        chosen = _pick_new_skills(ranked, QUESTIONS_PER_COMPETENCE, ())
        chosen_ids = {c.id for c in chosen}
        rest = [c for c in ranked if c.id not in chosen_ids]
        spare_list = _pick_new_skills(rest, SPARES_PER_COMPETENCE, {c.skill for c in chosen})
        spare_ids = {c.id for c in spare_list}
        spare_list += [c for c in rest if c.id not in spare_ids][
            : SPARES_PER_COMPETENCE - len(spare_list)
        ]
        challenge_ids += (c.id for c in chosen)
        spares[code] = tuple(c.id for c in spare_list)
        competence_of.update((c.id, code) for c in (*chosen, *spare_list))
    return GeneratedTest(tuple(challenge_ids), competence_of, spares)
