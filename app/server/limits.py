"""Brute-force limits on every password or code check, and the bound on argon2 work.

`Limiter` counts failed checks per target (an account's e-mail, a session, a session and
a name) and per client address, in a sliding window; at the limit the check is refused
with 429, `Retry-After` and an English message, before any password is compared.
For a target, an attempt holds its place while it is checked (`attempt`), so parallel
wrong tries can never pass the limit (checked and recorded in one step under one lock);
a success gives the place back. For an address, failures are counted once known.

The counts live in this process. With `--workers N` each worker keeps its own, so an
attacker gets at most N times the limit; the access code's count, which guards the test
itself, is kept in the database instead (candidate_service.check_access_code).

`ArgonGate` bounds argon2: at most `slots` checks run at once and `queue` more wait; any
further check is refused at once (503 `busy`, `Retry-After: 1`). Why: argon2 costs about
0.1 s of CPU by design; 70 parallel logins held every worker thread and heartbeats and
station calls got 503 or waited 10 s (issue 17).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

from app.domain.clocks import Clock
from app.server.errors import ApiError


@dataclass(frozen=True, slots=True)
class Rule:
    failures: int
    window_s: float
    reserve: bool = True
    """True: a check in progress holds a place (exact under parallel tries: a target).
    False: only failures count, once known (an address: a whole room's kiosks behind one
    NAT start together, and their checks in progress must not refuse each other)."""


RULES: dict[str, Rule] = {
    "login_account": Rule(5, 300),
    "login_address": Rule(30, 300, reserve=False),
    "invigilator_session": Rule(10, 300),
    "invigilator_address": Rule(30, 300, reserve=False),
    "join_target": Rule(10, 300),
    "join_address": Rule(60, 300, reserve=False),
    "certificate_address": Rule(20, 60, reserve=False),
}
"""Failures allowed per window. An address is a school's NAT for a whole room: its limits
are wider than a target's."""


@dataclass
class _Attempt:
    keys: list[tuple[str, str]]
    stamp: float
    succeeded: bool = False

    def success(self) -> None:
        """The check passed: this attempt does not count against anyone."""
        self.succeeded = True


@dataclass
class Limiter:
    clock: Clock
    rules: dict[str, Rule] = field(default_factory=lambda: dict(RULES))
    max_keys: int = 100_000
    _seen: dict[tuple[str, str], deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _now(self) -> float:
        return self.clock.now().timestamp()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        stamps = self._seen.get(key)
        if stamps is None:
            if len(self._seen) >= self.max_keys:
                self._prune(now)
            stamps = self._seen[key] = deque()
        window = self.rules[key[0]].window_s
        while stamps and stamps[0] <= now - window:
            stamps.popleft()
        return stamps

    def _prune(self, now: float) -> None:
        for key in list(self._seen):
            stamps = self._seen[key]
            if not stamps or stamps[-1] <= now - self.rules[key[0]].window_s:
                del self._seen[key]
        if len(self._seen) >= self.max_keys:
            self._seen.clear()

    @contextmanager
    def attempt(self, keys: Sequence[tuple[str, str]]) -> Iterator[_Attempt]:
        """Take a place for a check against every `(rule, key)`, or raise 429.

        Call `success()` on the yielded attempt when the check passes; otherwise (or if
        the block raises) the attempt counts as a failure for the rule's window.
        """
        now = self._now()
        with self._lock:
            wait = 0.0
            for key in keys:
                stamps = self._recent(key, now)
                rule = self.rules[key[0]]
                if len(stamps) >= rule.failures:
                    wait = max(wait, stamps[0] + rule.window_s - now)
            if wait > 0:
                raise too_many(wait)
            reserved = [key for key in keys if self.rules[key[0]].reserve]
            for key in reserved:
                self._seen[key].append(now)
        attempt = _Attempt(reserved, now)
        try:
            yield attempt
        except ApiError as exc:
            if exc.status >= 500:  # busy: nothing was checked
                attempt.success()
            raise
        finally:
            if attempt.succeeded:
                self._give_back(attempt)
            else:
                self._count([key for key in keys if key not in reserved], now)

    def _give_back(self, attempt: _Attempt) -> None:
        with self._lock:
            for key in attempt.keys:
                stamps = self._seen.get(key)
                if stamps is not None:
                    with suppress(ValueError):
                        stamps.remove(attempt.stamp)

    def _count(self, keys: list[tuple[str, str]], now: float) -> None:
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def clear(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._seen.pop(key, None)


def too_many(wait_s: float) -> ApiError:
    seconds = max(1, int(wait_s + 0.999))
    return ApiError(
        429,
        "too_many_attempts",
        f"too many failed attempts: retry in {seconds} s",
        retry_after_s=seconds,
    )


def busy() -> ApiError:
    """Every argon2 slot and queue place is taken: come back in a second."""
    return ApiError(503, "busy", "too many password checks at once: retry in 1 s",
                    retry_after_s=1)


class ArgonGate:
    """At most `slots` argon2 checks at once, `queue` more waiting, the rest refused."""

    def __init__(self, slots: int = 2, queue: int = 6) -> None:
        self._slots = threading.BoundedSemaphore(slots)
        self._lock = threading.Lock()
        self._admitted = 0
        self.capacity = slots + queue

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._lock:
            if self._admitted >= self.capacity:
                raise busy()
            self._admitted += 1
        try:
            with self._slots:
                yield
        finally:
            with self._lock:
                self._admitted -= 1
