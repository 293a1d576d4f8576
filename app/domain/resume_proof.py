"""The offline resume on a kiosk: a code of its own, and a proof the server can check.

A started test belongs to the PC that started it (issue 17). Another PC (a spare, or an
impostor who knows the candidate's name and birthdate) may only ask for a resume; the
station authorises it, or, with no network to the station, the invigilator types the
*resume code* on that kiosk. The kiosk then proves it knew the code: an HMAC-SHA256, keyed
by a key derived from the code and the session (`resume_key`), over the session, the
candidate, the device and the request (the ResumeRequested event id). The server and the
room relay recompute it; a bare `{"via": "session_password"}` claim is refused.

The resume code is not the session password: it is derived from it (`resume_code`), so the
station (which knows the password) shows it and the central server recomputes it, but a
pupil who sees it typed on a kiosk cannot log in to the station with it (the station
login checks the session password's hash, which the code does not match).

Pure functions (no clock, no I/O): used by the server, the relay, the station and the
kiosk alike.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from app.domain.codes import normalize_session_password

RESUME_CODE_ALPHABET = "2346789BCDFGHJKMPQRTVWXY"
RESUME_CODE_LENGTH = 8
_CODE_CONTEXT = b"examroom-resume-code-v1\n"
_KEY_CONTEXT = b"examroom-resume-key-v1\n"
_MAC_CONTEXT = b"examroom-resume-mac-v1\n"


def resume_code(session_password: str, session_id: int) -> str:
    """The code typed on a kiosk for an offline resume, derived from the session password."""
    secret = normalize_session_password(session_password).encode("utf-8")
    digest = hmac.new(secret, _CODE_CONTEXT + str(session_id).encode(), hashlib.sha256).digest()
    n = int.from_bytes(digest, "big")
    chars = []
    for _ in range(RESUME_CODE_LENGTH):
        n, r = divmod(n, len(RESUME_CODE_ALPHABET))
        chars.append(RESUME_CODE_ALPHABET[r])
    return "".join(chars)


def normalize_resume_code(text: str) -> str:
    """Upper-cased, spaces and dashes removed (the kit prints it as two groups of four,
    H76F-7FYB)."""
    return "".join(text.split()).replace("-", "").upper()


def format_resume_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == RESUME_CODE_LENGTH else code


def resume_key(code: str, session_id: int) -> bytes:
    """The MAC key: PBKDF2-HMAC-SHA256 of the code, salted with the session (32 bytes)."""
    salt = _KEY_CONTEXT + str(session_id).encode()
    return hashlib.pbkdf2_hmac("sha256", normalize_resume_code(code).encode(), salt, 20_000)


def _message(session_id: int, candidate_id: int, device_id: str, request_id: str) -> bytes:
    return _MAC_CONTEXT + f"{session_id}\n{candidate_id}\n{device_id}\n{request_id}".encode()


def resume_mac(
    key: bytes, *, session_id: int, candidate_id: int, device_id: str, request_id: str
) -> str:
    """Base64 of HMAC-SHA256(key, session | candidate | device | request)."""
    mac = hmac.new(key, _message(session_id, candidate_id, device_id, request_id), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode("ascii")


def check_resume_mac(
    key: bytes, mac: str, *, session_id: int, candidate_id: int, device_id: str, request_id: str
) -> bool:
    expected = resume_mac(
        key, session_id=session_id, candidate_id=candidate_id, device_id=device_id,
        request_id=request_id,
    )
    return hmac.compare_digest(expected.encode(), mac.encode("utf-8", "replace"))


def resume_check(key: bytes) -> str:
    """What a kiosk keeps to recognise the resume code offline (never the code itself)."""
    mac = hmac.new(key, _MAC_CONTEXT + b"check", hashlib.sha256).digest()
    return base64.b64encode(mac).decode("ascii")


def code_matches(code: str, session_id: int, check: str) -> bool:
    """The code typed on a kiosk against the server's `resume_check` (offline)."""
    if not check or not normalize_resume_code(code):
        return False
    expected = resume_check(resume_key(code, session_id))
    return hmac.compare_digest(expected.encode(), check.encode("utf-8", "replace"))
