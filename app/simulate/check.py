"""The verdict of a simulated run: what the kiosks acknowledged against what the server holds.

Pure functions over plain data (the acknowledgement side files, the server's events, the
folds), so that the rules of the verdict are unit-tested on their own and a failed run can
be re-checked from its files.

Definitions (issue 9):
- acknowledged: an event the kiosk's `append` returned (listed in its side file);
- lost: acknowledged, not on the server, and no longer waiting in the kiosk's outbox
  (counted for answers and for all events): gone for good;
- undelivered: acknowledged, not on the server, still pending in the kiosk's outbox (not
  lost, but the drain did not finish: the server could not take it);
- duplicated: the same event id more than once on the server, or a question answered
  (or skipped) more than once on the server for one candidate;
- first_answer_mismatch: for a question, the kiosk's first acknowledged answer is not the
  one the server counts (first answer wins, decision 0002);
- mismatched state: the kiosk's fold and the server's fold disagree on the candidate's
  answers, skips, current question or end.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app.domain.events import Event, EventKind
from app.domain.fold import CandidateState

ANSWER_KINDS = frozenset({EventKind.ANSWER_SUBMITTED.value, EventKind.CHALLENGE_SKIPPED.value})


def read_acks(path: Path) -> list[dict[str, Any]]:
    """The side file's records; a torn last line (killed mid-write) was never acknowledged."""
    if not path.exists():
        return []
    out: list[dict[str, Any]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out


def candidate_view(cand: CandidateState | None) -> dict[str, Any]:
    """What must agree between a kiosk and the server for one candidate."""
    if cand is None:
        return {"started": False}
    return {
        "started": cand.started,
        "answers": {cid: a.event_id for cid, a in sorted(cand.answers.items())},
        "skipped": sorted(cand.skipped),
        "current": cand.current_challenge,
        "ended_by": cand.ended_by,
    }


@dataclass
class Verdict:
    answers_acknowledged: int = 0
    answers_on_server: int = 0
    events_acknowledged: int = 0
    events_on_server: int = 0
    lost: int = 0
    lost_events: int = 0
    undelivered: int = 0
    duplicated: int = 0
    first_answer_mismatch: int = 0
    mismatched_states: int = 0
    details: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if len(self.details) < 20:
            self.details.append(text)


def judge_candidate(
    verdict: Verdict,
    *,
    label: str,
    acks: Sequence[dict[str, Any]],
    server_events: Sequence[Event],
    server_cand: CandidateState | None,
    kiosk_cand: CandidateState | None,
    pending_ids: frozenset[str] = frozenset(),
) -> None:
    """Add one candidate's figures to `verdict`; `server_events` are that candidate's."""
    server_ids = Counter(e.id for e in server_events)
    answered = Counter(
        str(e.payload.get("challenge_id")) for e in server_events if e.kind.value in ANSWER_KINDS
    )
    verdict.events_on_server += len(server_events)
    verdict.answers_on_server += sum(answered.values())
    for event_id, n in server_ids.items():
        if n > 1:
            verdict.duplicated += n - 1
            verdict.note(f"{label}: event {event_id} stored {n} times")
    for challenge_id, n in answered.items():
        if n > 1:
            verdict.duplicated += n - 1
            verdict.note(f"{label}: question {challenge_id} answered {n} times on the server")
    first_by_challenge: dict[str, str] = {}
    for ack in acks:
        verdict.events_acknowledged += 1
        is_answer = ack["kind"] in ANSWER_KINDS
        if is_answer:
            verdict.answers_acknowledged += 1
            first_by_challenge.setdefault(str(ack["challenge_id"]), str(ack["id"]))
        if ack["id"] not in server_ids and ack["id"] in pending_ids:
            verdict.undelivered += 1
        elif ack["id"] not in server_ids:
            verdict.lost_events += 1
            if is_answer:
                verdict.lost += 1
            verdict.note(f"{label}: acknowledged {ack['kind']} {ack['id']} not on the server")
    by_id = {e.id: e for e in server_events}
    for challenge_id, event_id in first_by_challenge.items():
        counted = _counted_event(server_cand, challenge_id, server_events)
        if counted != event_id and event_id in by_id:
            verdict.first_answer_mismatch += 1
            verdict.note(
                f"{label}: question {challenge_id}: kiosk's first answer {event_id}, "
                f"server counts {counted}"
            )
    kiosk_view, server_view = candidate_view(kiosk_cand), candidate_view(server_cand)
    if kiosk_view != server_view:
        verdict.mismatched_states += 1
        verdict.note(f"{label}: kiosk state {kiosk_view} != server state {server_view}")


def _counted_event(
    cand: CandidateState | None, challenge_id: str, events: Iterable[Event]
) -> str | None:
    if cand is None:
        return None
    answer = cand.answers.get(challenge_id)
    if answer is not None:
        return answer.event_id
    if challenge_id in cand.skipped:
        for e in events:
            if e.kind is EventKind.CHALLENGE_SKIPPED and e.payload.get("challenge_id") == (
                challenge_id
            ):
                return e.id
    return None


def percentiles(values: Sequence[float]) -> dict[str, float | int]:
    """p50/p95/p99/max by nearest rank; empty input gives n = 0 only."""
    if not values:
        return {"n": 0}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, max(0, math.ceil(p * len(ordered)) - 1))], 2)

    return {
        "n": len(ordered),
        "p50": rank(0.50),
        "p95": rank(0.95),
        "p99": rank(0.99),
        "max": round(ordered[-1], 2),
    }


def ingest_peaks(received: Sequence[datetime]) -> dict[str, float]:
    """The server's busiest moments, from the `received_at` of the events it holds:
    events in the busiest second and per second over the busiest ten seconds."""
    if not received:
        return {"peak_1s": 0, "peak_10s_per_s": 0.0}
    seconds = Counter(int(t.timestamp()) for t in received)
    first, last = min(seconds), max(seconds)
    windows = (sum(seconds.get(s, 0) for s in range(start, start + 10))
               for start in range(first, max(first, last - 9) + 1))
    return {"peak_1s": max(seconds.values()), "peak_10s_per_s": round(max(windows) / 10, 1)}


def read_numbers(path: Path) -> list[float]:
    if not path.exists():
        return []
    out: list[float] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(float(line))
        except ValueError:
            continue
    return out
