"""Passwords, codes and bearer tokens.

Passwords, the session password and the access code are argon2-hashed (they are short
or chosen by people). Tokens are 256-bit random strings stored as SHA-256 digests: a
fast hash is safe for values nobody can guess, and it keeps every request cheap.
A token carries its role (`kind`) and its scope: an account (admin, jury), a session
(invigilator) or a candidate and its session (kiosk).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from app.domain.events import Role
from app.models.server import Account, ApiToken
from app.server.limits import ArgonGate

_HASHER = PasswordHasher()
ARGON = ArgonGate()
"""Every argon2 hash and check of this process goes through it (limits.ArgonGate)."""

TOKEN_KINDS: dict[str, Role] = {
    "admin": Role.ADMIN,
    "jury": Role.JURY,
    "invigilator": Role.INVIGILATOR,
    "candidate": Role.KIOSK,
    "relay": Role.RELAY,
}


def hash_secret(secret: str) -> str:
    with ARGON.slot():
        return _HASHER.hash(secret)


def verify_secret(stored_hash: str, secret: str) -> bool:
    """True if `secret` matches; a malformed stored hash counts as a mismatch.

    Raises ApiError 503 `busy` when too many argon2 checks are already under way."""
    with ARGON.slot():
        try:
            return _HASHER.verify(stored_hash, secret)
        except (VerificationError, InvalidHashError):
            return False


class SharedSecrets:
    """Argon2 checks of secrets a whole room types alike (the session's access code).

    Why: argon2 costs about 0.1 s of CPU by design, and the access code is checked at each
    candidate's start and resume: with 500 kiosks starting within minutes the server spent
    its CPU there (`examroom simulate --kiosks 500`). A value that matched a stored hash
    once is kept, keyed by that hash, and the same value then matches without argon2
    (constant-time comparison). A new code has a new hash, so nothing stale matches;
    wrong values always take the full argon2 check (and the lock-out rule). The clear
    code stays in the server's memory only, where it was already handled at each check.
    """

    def __init__(self, max_entries: int = 10_000) -> None:
        self._matched: dict[str, str] = {}
        self._lock = threading.Lock()
        self.max_entries = max_entries

    def verify(self, stored_hash: str, secret: str) -> bool:
        with self._lock:
            known = self._matched.get(stored_hash)
        if known is not None and hmac.compare_digest(known.encode(), secret.encode()):
            return True
        if not verify_secret(stored_hash, secret):
            return False
        with self._lock:
            if len(self._matched) >= self.max_entries:
                self._matched.clear()
            self._matched[stored_hash] = secret
        return True


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the role and the one centre, session or candidate they act for."""

    role: Role
    account_id: int | None = None
    centre_id: int | None = None
    session_id: int | None = None
    candidate_id: int | None = None
    device_id: str | None = None
    """A kiosk's token: the PC it was issued to at the join."""


def issue_token(
    db: Session,
    *,
    kind: str,
    now: datetime,
    ttl: timedelta,
    account_id: int | None = None,
    session_id: int | None = None,
    candidate_id: int | None = None,
    device_id: str | None = None,
) -> str:
    """Create a token, store its digest, and return the only clear copy."""
    token = secrets.token_urlsafe(32)
    db.add(
        ApiToken(
            token_hash=_digest(token),
            kind=kind,
            account_id=account_id,
            session_id=session_id,
            candidate_id=candidate_id,
            device_id=device_id,
            expires_at=now + ttl,
            created_at=now,
        )
    )
    return token


class KnownTokens:
    """Tokens this process resolved lately, so most requests skip the token query.

    Why: every kiosk request (a heartbeat every 5 s, each long-poll, each push) resolved
    its token in the database, then committed: two round trips before any work. With 500
    kiosks those were a large share of the server's waits (py-spy,
    `examroom simulate --kiosks 500`). An entry is kept at most `keep_s` and never past
    the token's expiry. Unknown tokens are not kept. A token ends early (logout, session
    finalised: its row is deleted); this process then forgets it at once (`forget`,
    `forget_session`), and other processes within `keep_s`, which is 1 s when the server
    runs several workers (settings.token_cache_s).
    """

    def __init__(self, *, keep_s: float = 60.0, max_entries: int = 20_000) -> None:
        self.keep = timedelta(seconds=keep_s)
        self.max_entries = max_entries
        self._known: dict[str, tuple[Principal, datetime]] = {}
        self._lock = threading.Lock()

    def get(self, token: str, now: datetime) -> Principal | None:
        with self._lock:
            entry = self._known.get(_digest(token))
        if entry is None or entry[1] <= now:
            return None
        return entry[0]

    def forget(self, token: str) -> None:
        with self._lock:
            self._known.pop(_digest(token), None)

    def forget_session(self, session_id: int) -> None:
        """Forget every kiosk token of a session (its tokens were deleted)."""
        with self._lock:
            for key, (principal, _) in list(self._known.items()):
                if principal.session_id == session_id and principal.role is Role.KIOSK:
                    del self._known[key]

    def keep_until(self, token: str, principal: Principal, expires: datetime,
                   now: datetime) -> None:
        with self._lock:
            if len(self._known) >= self.max_entries:
                self._known.clear()
            self._known[_digest(token)] = (principal, min(expires, now + self.keep))


def resolve_token(
    db: Session, token: str, now: datetime, known: KnownTokens | None = None
) -> Principal | None:
    """The principal of a valid, unexpired token, else None (from `known` if there)."""
    if known is not None and (principal := known.get(token, now)) is not None:
        return principal
    row = db.execute(
        sa.select(ApiToken, Account.centre_id)
        .outerjoin(Account, Account.id == ApiToken.account_id)
        .where(ApiToken.token_hash == _digest(token))
    ).first()
    if row is None:
        return None
    tok, centre_id = row
    expires = tok.expires_at if tok.expires_at.tzinfo else tok.expires_at.replace(tzinfo=now.tzinfo)
    if expires <= now:
        return None
    principal = Principal(
        role=TOKEN_KINDS[tok.kind],
        account_id=tok.account_id,
        centre_id=centre_id,
        session_id=tok.session_id,
        candidate_id=tok.candidate_id,
        device_id=tok.device_id,
    )
    if known is not None:
        known.keep_until(token, principal, expires, now)
    return principal


def revoke_token(db: Session, token: str, known: KnownTokens | None = None) -> None:
    """Logout: the token's row is deleted, so no process accepts it any more."""
    db.execute(sa.delete(ApiToken).where(ApiToken.token_hash == _digest(token)))
    db.commit()
    if known is not None:
        known.forget(token)


def authenticate_account(db: Session, email: str, password: str) -> Account | None:
    account = db.scalar(sa.select(Account).where(Account.email == email.strip().lower()))
    if account is None:
        # Same work either way, so response time does not reveal which e-mails exist.
        verify_secret(_DUMMY_HASH, password)
        return None
    return account if verify_secret(account.password_hash, password) else None


_DUMMY_HASH = _HASHER.hash("not-a-password")
