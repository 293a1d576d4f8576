"""What the server remembers to spare work: the room's access code checked with argon2
once, and tokens resolved lately (never past their expiry)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.domain.events import Role
from app.server import auth
from app.server.auth import KnownTokens, Principal, SharedSecrets, hash_secret


def test_a_code_that_matched_once_matches_again_without_argon2(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stored = hash_secret("K7P2QX")
    calls: list[str] = []
    real = auth.verify_secret

    def counting(stored_hash: str, secret: str) -> bool:
        calls.append(secret)
        return real(stored_hash, secret)

    monkeypatch.setattr(auth, "verify_secret", counting)
    codes = SharedSecrets()
    assert codes.verify(stored, "K7P2QX")
    assert all(codes.verify(stored, "K7P2QX") for _ in range(40))  # the rest of the room
    assert calls == ["K7P2QX"]
    # A wrong code always takes the full check (and counts towards the lock-out).
    assert not codes.verify(stored, "K7P2QY")
    assert not codes.verify(stored, "K7P2QY")
    assert calls == ["K7P2QX", "K7P2QY", "K7P2QY"]
    # A new code for the session has a new hash: the old one matches nothing there.
    renewed = hash_secret("ZZ99AA")
    assert not codes.verify(renewed, "K7P2QX")
    assert codes.verify(renewed, "ZZ99AA")


def test_the_cache_stays_bounded() -> None:
    codes = SharedSecrets(max_entries=2)
    hashes = [hash_secret(f"CODE{i}") for i in range(3)]
    for i, stored in enumerate(hashes):
        assert codes.verify(stored, f"CODE{i}")
    assert len(codes._matched) <= 2


def test_a_resolved_token_is_known_until_its_expiry_and_at_most_a_minute() -> None:
    now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    kiosk = Principal(Role.KIOSK, session_id=3, candidate_id=7)
    known = KnownTokens(keep_s=60)
    assert known.get("tok", now) is None
    known.keep_until("tok", kiosk, now + timedelta(hours=12), now)
    assert known.get("tok", now + timedelta(seconds=59)) == kiosk
    assert known.get("tok", now + timedelta(seconds=61)) is None  # asked again in the database
    known.keep_until("late", kiosk, now + timedelta(seconds=5), now)
    assert known.get("late", now + timedelta(seconds=6)) is None  # never past the expiry
    assert known.get("other", now) is None
