"""The codes people read aloud, copy from a kit or type on a kiosk (SPEC "Codes").

Every alphabet leaves out vowels (no accidental words) and characters that look alike
(0/O, 1/I/l, 5/S...), so a code read in a noisy room or off a projector is typed right.

Generators draw from the operating system's CSPRNG (`secrets`) because these codes guard
access to a test; tests pass a seeded `random.Random` instead to get repeatable codes.
Uniqueness (of a verification code among all certificates, of an access code among open
sessions) needs a store, so it is the caller's job: draw again on a collision.

Canonical forms, the ones stored (hashed) and compared:
- access code: 6 upper-case characters, no spaces (`normalize_access_code` gets there);
- session password: the 6 characters *without* the `C-` prefix, which is only how the kit
  shows it (`format_session_password`); `normalize_session_password` drops the prefix and
  spaces but keeps case, because its alphabet has both cases;
- verification code: with its `P-` prefix, as printed on the certificate.
"""

from __future__ import annotations

import random
import secrets

ACCESS_CODE_LETTERS = "BCDFGHJKMPQRTVWXY"
ACCESS_CODE_DIGITS = "2346789"
SESSION_PASSWORD_ALPHABET = "23456789bcdfghjkmpqrstvwxyBCDFGHJKMPQRSTVWXY!*?"
SESSION_PASSWORD_PREFIX = "C-"
SESSION_PASSWORD_LENGTH = 6
VERIFICATION_CODE_ALPHABET = "2346789BCDFGHJKMPQRTVWXY"
VERIFICATION_CODE_PREFIX = "P-"
VERIFICATION_CODE_LENGTH = 8

_SYSTEM_RNG = secrets.SystemRandom()


def _rng(rng: random.Random | None) -> random.Random:
    # secrets.SystemRandom is a random.Random, so one parameter type covers both.
    return _SYSTEM_RNG if rng is None else rng


def _without_spaces(text: str) -> str:
    # str.split() with no argument also splits on non-breaking and other Unicode spaces,
    # which a copy-paste from a PDF kit brings along.
    return "".join(text.split())


def new_access_code(rng: random.Random | None = None) -> str:
    """A fresh access code: 4 letters then 2 digits, e.g. ``BCRQ72``."""
    r = _rng(rng)
    letters = "".join(r.choice(ACCESS_CODE_LETTERS) for _ in range(4))
    digits = "".join(r.choice(ACCESS_CODE_DIGITS) for _ in range(2))
    return letters + digits


def normalize_access_code(text: str) -> str:
    """What the candidate typed, as the canonical form: upper-cased, every space removed.

    Candidates type the code as they hear it ("bcrq 72"); SPEC says it is typed
    upper-cased, so the kiosk forgives case and spacing rather than count an attempt.
    """
    return _without_spaces(text).upper()


def is_valid_access_code(code: str) -> bool:
    """True for a canonical access code; normalise what a person typed first."""
    return (
        len(code) == 6
        and all(c in ACCESS_CODE_LETTERS for c in code[:4])
        and all(c in ACCESS_CODE_DIGITS for c in code[4:])
    )


def new_session_password(rng: random.Random | None = None) -> str:
    """A fresh session password in canonical form: 6 distinct characters, no prefix.

    Distinct characters make the password easier to read out and to check against the
    kit. Show it with `format_session_password`.
    """
    return "".join(_rng(rng).sample(SESSION_PASSWORD_ALPHABET, SESSION_PASSWORD_LENGTH))


def format_session_password(password: str) -> str:
    """The password as the kit and the station show it, ``C-`` + 6 characters.

    Idempotent, so a caller need not know whether it holds the canonical or shown form.
    """
    return SESSION_PASSWORD_PREFIX + normalize_session_password(password)


def normalize_session_password(text: str) -> str:
    """The canonical form of a typed password: spaces and any ``C-``/``c-`` prefix removed.

    Case is kept: the alphabet holds both ``b`` and ``B``. The prefix cannot be confused
    with the password itself because ``-`` is not in the alphabet.
    """
    compact = _without_spaces(text)
    if compact[:2] in (SESSION_PASSWORD_PREFIX, SESSION_PASSWORD_PREFIX.lower()):
        return compact[2:]
    return compact


def is_valid_session_password(password: str) -> bool:
    """True for a well-formed password, with or without its ``C-`` prefix.

    Both are accepted because the invigilator may copy the prefix from the kit or not.
    """
    bare = password.removeprefix(SESSION_PASSWORD_PREFIX)
    return (
        len(bare) == SESSION_PASSWORD_LENGTH
        and all(c in SESSION_PASSWORD_ALPHABET for c in bare)
        and len(set(bare)) == SESSION_PASSWORD_LENGTH
    )


def new_verification_code(rng: random.Random | None = None) -> str:
    """A fresh certificate verification code, ``P-`` + 8 characters (repeats allowed).

    The server must check it is unused and draw again if not (SPEC: unique).
    """
    r = _rng(rng)
    body = "".join(r.choice(VERIFICATION_CODE_ALPHABET) for _ in range(VERIFICATION_CODE_LENGTH))
    return VERIFICATION_CODE_PREFIX + body


def normalize_verification_code(text: str) -> str:
    """A code typed by someone checking a certificate, in canonical form.

    Upper-cases, removes spaces and adds a missing ``P-``: the public check page should
    not reject ``p-bcd...`` or the 8 characters alone.
    """
    compact = _without_spaces(text).upper()
    if compact.startswith(VERIFICATION_CODE_PREFIX):
        return compact
    return VERIFICATION_CODE_PREFIX + compact


def is_valid_verification_code(code: str) -> bool:
    """True for a canonical verification code (with its ``P-`` prefix)."""
    body = code.removeprefix(VERIFICATION_CODE_PREFIX)
    return (
        code.startswith(VERIFICATION_CODE_PREFIX)
        and len(body) == VERIFICATION_CODE_LENGTH
        and all(c in VERIFICATION_CODE_ALPHABET for c in body)
    )
