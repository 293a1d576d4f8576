"""The access code is checked with argon2 once per room, not once per candidate."""

from __future__ import annotations

import pytest

from app.server import auth
from app.server.auth import SharedSecrets, hash_secret


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
