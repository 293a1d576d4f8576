"""Access code, session password and verification code (SPEC "Codes")."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.codes import (
    ACCESS_CODE_DIGITS,
    ACCESS_CODE_LETTERS,
    SESSION_PASSWORD_ALPHABET,
    VERIFICATION_CODE_ALPHABET,
    format_session_password,
    is_valid_access_code,
    is_valid_session_password,
    is_valid_verification_code,
    new_access_code,
    new_session_password,
    new_verification_code,
    normalize_access_code,
    normalize_session_password,
    normalize_verification_code,
)

seeds = st.integers(min_value=0, max_value=2**32)


def test_alphabets_leave_out_vowels_and_look_alikes() -> None:
    for alphabet in (ACCESS_CODE_LETTERS + ACCESS_CODE_DIGITS, VERIFICATION_CODE_ALPHABET):
        assert not set(alphabet) & set("AEIOU01LS5Z")
    assert not set(SESSION_PASSWORD_ALPHABET) & set("AEIOUaeiou01OIl")


# --- access code -----------------------------------------------------------------------


def test_spec_example_access_code_is_valid() -> None:
    assert is_valid_access_code("BCRQ72")


@given(seeds)
def test_new_access_code_is_valid(seed: int) -> None:
    code = new_access_code(random.Random(seed))
    assert is_valid_access_code(code)
    assert code[:4].isalpha() and code[4:].isdigit()


def test_new_access_code_uses_the_system_rng_by_default() -> None:
    assert is_valid_access_code(new_access_code())


def test_generators_are_repeatable_with_a_seeded_rng() -> None:
    assert new_access_code(random.Random(7)) == new_access_code(random.Random(7))
    assert new_session_password(random.Random(7)) == new_session_password(random.Random(7))
    assert new_verification_code(random.Random(7)) == new_verification_code(random.Random(7))


@pytest.mark.parametrize(
    "code",
    [
        "",
        "BCRQ7",  # too short
        "BCRQ722",  # too long
        "bcrq72",  # lower case: normalise first
        "BCRQ 72",  # space: normalise first
        "ACRQ72",  # vowel
        "BCRQ12",  # 1 is a look-alike
        "BCRQ52",  # 5 too
        "BCR772",  # digit among the letters
        "BCRQQ2",  # letter among the digits
        "BCRL72",  # L is not in the alphabet
    ],
)
def test_invalid_access_codes(code: str) -> None:
    assert not is_valid_access_code(code)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("bcrq72", "BCRQ72"),
        ("  bcrq 72 ", "BCRQ72"),
        ("BC RQ\u00a072", "BCRQ72"),  # a non-breaking space pasted from a PDF
        ("BCRQ72", "BCRQ72"),
    ],
)
def test_normalize_access_code(typed: str, expected: str) -> None:
    assert normalize_access_code(typed) == expected
    assert is_valid_access_code(normalize_access_code(typed))


# --- session password ------------------------------------------------------------------


@given(seeds)
def test_new_session_password_has_six_distinct_characters_and_no_prefix(seed: int) -> None:
    password = new_session_password(random.Random(seed))
    assert len(password) == 6
    assert len(set(password)) == 6
    assert set(password) <= set(SESSION_PASSWORD_ALPHABET)
    assert not password.startswith("C-")
    assert is_valid_session_password(password)


def test_new_session_password_uses_the_system_rng_by_default() -> None:
    assert is_valid_session_password(new_session_password())


@given(seeds)
def test_formatted_password_is_valid_and_round_trips(seed: int) -> None:
    password = new_session_password(random.Random(seed))
    shown = format_session_password(password)
    assert shown == "C-" + password
    assert is_valid_session_password(shown)
    assert format_session_password(shown) == shown
    assert normalize_session_password(shown) == password


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("C-b7K!*?", "b7K!*?"),
        ("c-b7K!*?", "b7K!*?"),
        ("b7K!*?", "b7K!*?"),
        (" C- b7K !*? ", "b7K!*?"),
        ("cb7K!*", "cb7K!*"),  # c is a password character: only "c-" is a prefix
    ],
)
def test_normalize_session_password_keeps_case_and_drops_prefix(typed: str, expected: str) -> None:
    assert normalize_session_password(typed) == expected


@pytest.mark.parametrize(
    "password",
    [
        "",
        "C-",
        "b7K!*",  # 5 characters
        "b7K!*?x",  # 7 characters
        "b7K!*b",  # b twice
        "C-b7K!*b",
        "b7K!*0",  # 0 is a look-alike
        "b7K!*a",  # vowel
        "b7K!*-",
        "c-b7K!*?",  # the canonical check wants the prefix as shown, C-
    ],
)
def test_invalid_session_passwords(password: str) -> None:
    assert not is_valid_session_password(password)


def test_session_password_is_case_sensitive_both_cases_valid() -> None:
    assert is_valid_session_password("bcdfgh")
    assert is_valid_session_password("BCDFGH")
    assert is_valid_session_password("bBcCdD")


# --- verification code -----------------------------------------------------------------


@given(seeds)
def test_new_verification_code_is_valid(seed: int) -> None:
    code = new_verification_code(random.Random(seed))
    assert code.startswith("P-")
    assert len(code) == 10
    assert is_valid_verification_code(code)


def test_new_verification_code_uses_the_system_rng_by_default() -> None:
    assert is_valid_verification_code(new_verification_code())


@pytest.mark.parametrize(
    "code",
    [
        "",
        "P-",
        "BCDFGHJK",  # no prefix
        "P-BCDFGHJ",  # 7 characters
        "P-BCDFGHJKM",  # 9 characters
        "P-bcdfghjk",  # lower case: normalise first
        "P-BCDFGHJ5",  # 5 is a look-alike
        "P-BCDFGHJA",  # vowel
        "C-BCDFGHJK",
        "P-P-BCDFGH",
    ],
)
def test_invalid_verification_codes(code: str) -> None:
    assert not is_valid_verification_code(code)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("P-BCDFGHJK", "P-BCDFGHJK"),
        ("p-bcdfghjk", "P-BCDFGHJK"),
        ("bcdf ghjk", "P-BCDFGHJK"),
        (" P- BCDF GHJK ", "P-BCDFGHJK"),
    ],
)
def test_normalize_verification_code(typed: str, expected: str) -> None:
    assert normalize_verification_code(typed) == expected
    assert is_valid_verification_code(normalize_verification_code(typed))


@given(st.text(alphabet=VERIFICATION_CODE_ALPHABET.lower() + " ", max_size=12))
def test_normalize_verification_code_is_idempotent(typed: str) -> None:
    once = normalize_verification_code(typed)
    assert normalize_verification_code(once) == once


def test_codes_vary() -> None:
    """The CSPRNG default gives different codes (a collision among 50 is ~impossible)."""
    assert len({new_verification_code() for _ in range(50)}) == 50
    assert len({new_session_password() for _ in range(50)}) == 50
