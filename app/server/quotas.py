"""Quotas per candidate on what kiosks (and relays, for them) push: refused with a reason.

- Events per minute: past `per_minute` candidate events received in a minute, further
  events are refused (one kiosk token once pushed 261,500 FocusLost in 20 s and the
  database grew from 6 to 91 MB, issue 17), except the ones that make the result
  (answers, skips, the end), which the fold already allows once per question: a kiosk
  back after a long outage never loses an answer to this quota.
- Repeated losses of focus are folded: at most `focus_per_question` FocusLost are stored
  per candidate and question; the next ones are refused as `focus_lost_folded`, counted
  here (`folded`), and the station's count stops there.
- An answer's size is limited where every event is checked (`events.MAX_ANSWER_CHARS`).

The counts live in this process (each of `--workers N` keeps its own, and a restart
starts them again): a bound on the damage, not an exact figure.
"""

from __future__ import annotations

import threading
from collections import deque

from app.domain.clocks import Clock
from app.domain.events import Event, EventKind

NEVER_RATE_LIMITED = frozenset({
    EventKind.ANSWER_SUBMITTED, EventKind.CHALLENGE_SKIPPED, EventKind.TEST_ENDED,
})
"""Bounded by the fold (once per question, once per test): never refused for the rate."""


class Quotas:
    def __init__(self, clock: Clock, *, per_minute: int = 600, focus_per_question: int = 20,
                 max_keys: int = 100_000) -> None:
        self.clock = clock
        self.per_minute = per_minute
        self.focus_per_question = focus_per_question
        self.max_keys = max_keys
        self._received: dict[int, deque[float]] = {}
        self._focus: dict[tuple[int, str], set[str]] = {}
        self.folded: dict[tuple[int, str], int] = {}
        self._lock = threading.Lock()

    def refusal(self, event: Event) -> str | None:
        """Why `event` is over its candidate's quota, else None (and it is counted)."""
        cid = event.candidate_id
        if cid is None:
            return None
        now = self.clock.now().timestamp()
        with self._lock:
            if len(self._received) >= self.max_keys:
                self._received.clear()
            window = self._received.setdefault(cid, deque())
            while window and window[0] <= now - 60:
                window.popleft()
            if len(window) >= self.per_minute and event.kind not in NEVER_RATE_LIMITED:
                return (f"quota_exceeded: more than {self.per_minute} events a minute "
                        "for this candidate")
            if event.kind is EventKind.FOCUS_LOST:
                challenge = str(event.payload.get("challenge_id", ""))
                key = (cid, challenge)
                if len(self._focus) >= self.max_keys:
                    self._focus.clear()
                seen = self._focus.setdefault(key, set())
                if event.id not in seen and len(seen) >= self.focus_per_question:
                    self.folded[key] = self.folded.get(key, 0) + 1
                    return (f"focus_lost_folded: {self.focus_per_question} losses of focus "
                            f"already stored for this question; {self.folded[key]} more counted")
                seen.add(event.id)
            window.append(now)
        return None
