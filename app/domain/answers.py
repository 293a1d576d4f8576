"""Answer checking: turns a candidate's raw answer into a Pix answer status.

It runs on the server only (solutions never reach a kiosk, ARCHITECTURE "Security model"),
and is also what the content loader runs on every solution, so a question whose own
solution would be marked wrong never reaches a candidate.

Rules (SPEC "Question types"):
- Text is always normalised first (Unicode NFC, the non-breaking space family becomes a
  plain space, whitespace collapsed), then the challenge's switchable tolerances apply:
  T1 lower-case, strip accents and all spaces; T2 keep only ``[a-zA-Z0-9 ]``; T3 accept a
  Levenshtein distance up to 25 % of the length of the candidate's answer, as the reference
  platform does (it divides the distance by the answer typed, not by the accepted one).
- ``nombre`` fields are compared as numbers, so "3,50", "3.5", "+3,5" are one answer, and
  "25 000", "025000" and "00025 000" are another (the reference reads them all as 25000).
- Malformed answers are wrong, never an exception: an answer comes from a kiosk we do not
  trust, and one bad record must not stop a session from being scored.

Two deliberate differences from the reference remain (docs/architecture.md says why):
surrounding and repeated spaces are trimmed even with T1 off, and an empty answer is
never right, even against an accepted answer that T2 would reduce to nothing.

Answer shapes mirror the solution shapes documented in ``app.domain.content``:
QCU an int (a numeric string is accepted too, as answers travel through JSON forms);
QCM a list of ints; QROC and QROCM a dict {field name: text}.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal

from app.domain.content import AnswerStatus, Challenge, ChallengeType, FieldFormat, Tolerances

T3_RATIO_DENOMINATOR = 4
"""T3 accepts up to len(candidate's answer) // 4 edits, i.e. 25 % rounded down (SPEC)."""

_NOT_T2 = re.compile(r"[^a-zA-Z0-9 ]")
_CHOICE = re.compile(r"[0-9]+", re.ASCII)
_NUMBER = re.compile(
    r"(?P<sign>[+-])?(?P<int>0*[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)(?:[.,](?P<frac>[0-9]+))?",
    re.ASCII,
)
_MINUS_SIGN = "\u2212"
"""The typographic minus some keyboards and word processors produce instead of '-'."""

_QROCM_TYPES = frozenset({ChallengeType.QROCM_IND, ChallengeType.QROCM_DEP})


# --- text normalisation --------------------------------------------------------------


def normalize_basic(text: str) -> str:
    """Normalise what always differs invisibly between two spellings of the same text.

    NFC first, so an "é" typed as e + combining accent equals the precomposed one. Then
    whitespace is collapsed: ``str.split()`` treats the non-breaking spaces French text is
    full of (U+00A0, U+202F narrow, U+2007 figure) as whitespace, so they become plain
    spaces along with tabs and newlines, and leading/trailing blanks go.
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def apply_t1(text: str) -> str:
    """T1: lower-case, strip accents, remove every space.

    Lower-casing comes before the accent stripping because lower-casing can itself add a
    combining mark (Turkish "İ" becomes "i" + U+0307), which must go too.
    """
    decomposed = unicodedata.normalize("NFD", text.lower())
    unaccented = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(unicodedata.normalize("NFC", unaccented).split())


def apply_t2(text: str) -> str:
    """T2: keep only ``[a-zA-Z0-9 ]`` (punctuation, apostrophes, symbols go).

    Spaces are collapsed again afterwards, so "a - b" and "a b" stay equal when T1 is
    off; on both sides of a comparison the same characters go, so accented letters
    dropped here (T1 off) are dropped from the accepted answer too.
    """
    return " ".join(_NOT_T2.sub("", text).split())


def normalize_text(text: str, tolerances: Tolerances) -> str:
    """The form in which an answer and an accepted answer are compared (T3 aside).

    Idempotent: normalising an already normalised text changes nothing, which is what
    lets the checker compare normalised forms and the loader reason about them.
    """
    normalized = normalize_basic(text)
    if tolerances.t1:
        normalized = apply_t1(normalized)
    if tolerances.t2:
        normalized = apply_t2(normalized)
    return normalized


def t3_threshold(answer: str) -> int:
    """Edits T3 allows for an already normalised candidate's answer: 25 %, rounded down.

    The reference platform accepts when distance / len(answer typed) <= 0.25, which for
    whole edits is this floor. So "abcdefgh" is accepted for "abcdef" (2 edits, 8
    letters typed) but "abcdef" is refused for "abcdefgh" (2 edits, only 6 typed), and an
    answer of fewer than 4 characters must be exact: a typo there is a different word.
    """
    return len(answer) // T3_RATIO_DENOMINATOR


def levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance (insertions, deletions, substitutions) between two strings.

    With ``limit``, gives up as soon as the distance is known to exceed it and returns
    ``limit + 1``: an answer pasted with thousands of characters must not cost
    thousands × length steps when all we ask is "within 3 edits?". The minimum of a DP
    row never decreases from one row to the next, which makes the early exit exact.
    """
    if len(a) < len(b):
        a, b = b, a
    if limit is not None and len(a) - len(b) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if limit is not None and min(current) > limit:
            return limit + 1
        previous = current
    distance = previous[-1]
    return distance if limit is None or distance <= limit else limit + 1


# --- numbers ---------------------------------------------------------------------------


def parse_number(text: str) -> Decimal | None:
    """Read a number the way French candidates write it, or None if it is not one.

    Accepts a decimal comma or point ("3,5", "3.5"), spaces (plain or non-breaking) as
    thousands separators in groups of three ("1 000 000"), leading zeros, also before a
    grouped number ("00025 000", as the reference platform reads it), a leading "+" or "-"
    (also the typographic minus U+2212). Decimal rather than float, so "0,1" is exactly
    0.1 and "3,50" equals "3.5". Anything else ("3e5", "1.000,5", "trois") is not a number.
    """
    match = _NUMBER.fullmatch(normalize_basic(text).replace(_MINUS_SIGN, "-"))
    if match is None:
        return None
    integer = match["int"].replace(" ", "")
    fraction = match["frac"] or "0"
    return Decimal(f"{match['sign'] or ''}{integer}.{fraction}")


# --- matching one field ----------------------------------------------------------------

_Key = str | Decimal
"""A field answer in comparable form: normalised text, or the number it denotes."""


def _answer_key(text: str, field_format: FieldFormat, tolerances: Tolerances) -> _Key | None:
    """The comparable form of a field answer; None when it can never be right.

    An empty answer never matches (even against an accepted answer that T2 would reduce
    to nothing), and a `nombre` answer that is not a number is simply wrong.
    """
    if field_format is FieldFormat.NUMBER:
        return parse_number(text)
    return normalize_text(text, tolerances) or None


def _key_matches(
    key: _Key, accepted: Sequence[str], field_format: FieldFormat, tolerances: Tolerances
) -> bool:
    """Whether a comparable answer equals one of the accepted answers (or is close, T3)."""
    if field_format is FieldFormat.NUMBER:
        return any(key == parse_number(candidate) for candidate in accepted)
    assert isinstance(key, str)
    limit = t3_threshold(key) if tolerances.t3 else 0
    for candidate in accepted:
        expected = normalize_text(candidate, tolerances)
        if key == expected:
            return True
        if limit and expected and levenshtein(key, expected, limit) <= limit:
            return True
    return False


def field_matches(
    text: str, accepted: Sequence[str], field_format: FieldFormat, tolerances: Tolerances
) -> bool:
    """Whether one field's text is one of its accepted answers, per format and tolerances."""
    key = _answer_key(text, field_format, tolerances)
    return key is not None and _key_matches(key, accepted, field_format, tolerances)


# --- whole answers ---------------------------------------------------------------------


def _as_choice(value: object) -> int | None:
    """A proposal number from an int or a numeric string; None for anything else.

    bool is excluded although it is an int subclass: True is not "proposal 1".
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _CHOICE.fullmatch(value.strip()):
        return int(value.strip())
    return None


def _field_texts(challenge: Challenge, answer: object) -> list[str] | None:
    """The texts of a QROC/QROCM answer in field order, or None if it is malformed.

    Well formed means a mapping whose keys are exactly the challenge's field names and
    whose values are all strings. An extra or missing key means the answer was made for
    another version of the question, so none of it is trusted.
    """
    if not isinstance(answer, Mapping):
        return None
    if set(answer) != {f.name for f in challenge.fields}:
        return None
    texts = [answer[f.name] for f in challenge.fields]
    if not all(isinstance(text, str) for text in texts):
        return None
    return texts


def _count_independent(challenge: Challenge, texts: Sequence[str]) -> int:
    """Right fields of a QROC/QROCM-ind answer: each field against its own answers."""
    return sum(
        field_matches(text, challenge.solution[f.name], f.format, challenge.tolerances)
        for f, text in zip(challenge.fields, texts, strict=True)
    )


def _count_dependent(challenge: Challenge, texts: Sequence[str]) -> int:
    """Right fields of a QROCM-dep answer: the size of a maximum field-to-group matching.

    Fields may come in any order but each must match a different group, so this is a
    bipartite matching, not a greedy scan (a greedy scan can give an answer's only group
    to another answer that had a choice). The same answer typed in two fields (equal once
    normalised) counts once: it names one thing, not two.
    """
    groups: Sequence[Sequence[str]] = challenge.solution["groups"]
    tolerances = challenge.tolerances
    distinct: dict[tuple[_Key, FieldFormat], None] = {}
    for f, text in zip(challenge.fields, texts, strict=True):
        key = _answer_key(text, f.format, tolerances)
        if key is not None:
            distinct[(key, f.format)] = None
    edges = [
        [g for g, group in enumerate(groups) if _key_matches(key, group, fmt, tolerances)]
        for key, fmt in distinct
    ]
    return _maximum_matching(edges, len(groups))


def _maximum_matching(edges: Sequence[Sequence[int]], right_count: int) -> int:
    """Size of a maximum bipartite matching (Kuhn's augmenting paths; sizes are tiny)."""
    owner: list[int | None] = [None] * right_count

    def augment(left: int, visited: set[int]) -> bool:
        for right in edges[left]:
            if right in visited:
                continue
            visited.add(right)
            current = owner[right]
            if current is None or augment(current, visited):
                owner[right] = left
                return True
        return False

    return sum(augment(left, set()) for left in range(len(edges)))


def _fields_status(challenge: Challenge, right: int) -> AnswerStatus:
    """ok when every field is right; partially only where the content allows it."""
    if right == len(challenge.fields):
        return AnswerStatus.OK
    if challenge.partial and challenge.type in _QROCM_TYPES and right > 0:
        return AnswerStatus.PARTIALLY
    return AnswerStatus.KO


def check_answer(challenge: Challenge, answer: object) -> AnswerStatus:
    """ok, ko or partially for a submitted answer; malformed answers are ko, never raise.

    The challenge is trusted (the content loader validated it); the answer is not.
    """
    if challenge.type is ChallengeType.QCU:
        return _ok_if(_as_choice(answer) == challenge.solution)
    if challenge.type is ChallengeType.QCM:
        if not isinstance(answer, list | tuple):
            return AnswerStatus.KO
        choices = [_as_choice(value) for value in answer]
        well_formed = None not in choices and len(set(choices)) == len(choices)
        return _ok_if(well_formed and set(choices) == set(challenge.solution))
    texts = _field_texts(challenge, answer)
    if texts is None:
        return AnswerStatus.KO
    if challenge.type is ChallengeType.QROCM_DEP:
        return _fields_status(challenge, _count_dependent(challenge, texts))
    return _fields_status(challenge, _count_independent(challenge, texts))


def _ok_if(right: bool) -> AnswerStatus:
    return AnswerStatus.OK if right else AnswerStatus.KO


def final_status(
    challenge: Challenge,
    answer: object,
    *,
    skipped: bool,
    timed_out: bool,
    focused_out: bool,
    accessibility: bool = False,
) -> AnswerStatus:
    """The status recorded for a question once the candidate is done with it (SPEC).

    "Je passe" is aband whatever was typed. Otherwise the answer is checked, and only a
    right answer can be downgraded: late on a timed question it becomes timedout; after
    leaving the window on a focus question it becomes focusedOut, unless the candidate
    has an accessibility adjustment (assistive tools may take the focus). A wrong answer
    stays ko: the downgrades only say why a right answer does not count. When both
    apply, timedout is recorded (the question has a single status; either makes it wrong).
    """
    if skipped:
        return AnswerStatus.SKIPPED
    status = check_answer(challenge, answer)
    if status is not AnswerStatus.OK:
        return status
    if timed_out:
        return AnswerStatus.TIMED_OUT
    if focused_out and challenge.focus and not accessibility:
        return AnswerStatus.FOCUSED_OUT
    return status


def answers_from_solution(challenge: Challenge) -> list[tuple[str, object]]:
    """Answers built from the challenge's own solution, each with a short description.

    Every one must be checked ok; the content loader reports those that are not (an
    accepted answer made only of punctuation that T2 erases, a QROCM-dep answer that also
    belongs to another group...). Each accepted alternative is tried in turn, the other
    fields holding their first accepted answer.
    """
    solution = challenge.solution
    if challenge.type is ChallengeType.QCU:
        return [("the solution", solution)]
    if challenge.type is ChallengeType.QCM:
        return [("the solution", list(solution))]
    if challenge.type is ChallengeType.QROCM_DEP:
        return _dependent_solution_answers(challenge)
    first = {f.name: solution[f.name][0] for f in challenge.fields}
    return [
        (f"accepted answer {text!r} of field {f.name!r}", {**first, f.name: text})
        for f in challenge.fields
        for text in solution[f.name]
    ]


def _dependent_solution_answers(challenge: Challenge) -> list[tuple[str, object]]:
    """QROCM-dep: each accepted answer in the first field, other groups filling the rest.

    The other fields take, from the other groups in order, the first accepted answer
    that is not the same answer as one already placed (groups may share an answer, and
    typing it twice counts once). Only when no such choice exists is a repeat used; the
    answer is then rejected, and the loader asks the author to make the groups distinct.
    """
    groups: Sequence[Sequence[str]] = challenge.solution["groups"]
    fields = challenge.fields
    tolerances = challenge.tolerances
    answers: list[tuple[str, object]] = []
    for index, group in enumerate(groups):
        for text in group:
            values = [text]
            used = {_answer_key(text, fields[0].format, tolerances)}
            others = [other for i, other in enumerate(groups) if i != index]
            for other in others:
                if len(values) == len(fields):
                    break
                field_format = fields[len(values)].format
                fresh = [
                    candidate
                    for candidate in other
                    if _answer_key(candidate, field_format, tolerances) not in used
                ]
                if fresh:
                    values.append(fresh[0])
                    used.add(_answer_key(fresh[0], field_format, tolerances))
            values += [other[0] for other in others][: len(fields) - len(values)]
            answers.append(
                (
                    f"accepted answer {text!r} of group {index + 1}",
                    {f.name: value for f, value in zip(fields, values, strict=True)},
                )
            )
    return answers
