"""Challenge content encrypted at rest on a kiosk (ARCHITECTURE "Security model").

The key is derived with scrypt from the session's access code and a per-session salt, so
a candidate who rejoins after a power cut unlocks the content offline by typing the code
the invigilator read out, and a student who copies the data directory learns nothing
without it. The code space is 17⁴ × 7² ≈ 4.1 million; at scrypt's cost (n = 2¹⁵, about
0.1 s a guess on a lab PC) trying them all takes days on one core, far longer than a
session. Content is authenticated (AES-GCM), so a wrong code is detected, never
decrypted into garbage.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

FORMAT_VERSION = b"\x01"
SALT_BYTES = 16
NONCE_BYTES = 12
SCRYPT_N = 2**15


class WrongKey(Exception):
    """The content could not be opened with this code: wrong code or damaged data."""


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def derive_key(access_code: str, salt: bytes, *, n: int = SCRYPT_N) -> bytes:
    """A 256-bit key from the access code (normalised to upper case, no spaces)."""
    code = "".join(access_code.split()).upper().encode("utf-8")
    return Scrypt(salt=salt, length=32, n=n, r=8, p=1).derive(code)


def seal(data: bytes, key: bytes, *, associated: bytes = b"") -> bytes:
    """Encrypt and authenticate; `associated` binds the blob to e.g. its session."""
    nonce = os.urandom(NONCE_BYTES)
    return FORMAT_VERSION + nonce + AESGCM(key).encrypt(nonce, data, associated)


def unseal(blob: bytes, key: bytes, *, associated: bytes = b"") -> bytes:
    if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != FORMAT_VERSION:
        raise WrongKey("not a sealed blob of a known format")
    nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, body, associated)
    except InvalidTag:
        raise WrongKey("wrong access code or damaged content") from None
