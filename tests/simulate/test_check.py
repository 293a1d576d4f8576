"""The verdict's rules (check.py) on hand-made data: it must see what it claims to see.

A simulator that cannot fail proves nothing: each kind of failure the summary counts is
produced here on purpose and must be counted.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from app.domain.events import Event, EventKind, new_event
from app.domain.fold import SessionState, fold
from app.simulate import check

SID, CID = 1, 7
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def ev(kind: EventKind, seq: int, device: str = "pc", **payload: Any) -> Event:
    cand = None if kind is EventKind.TEST_LAUNCHED else CID
    e = new_event(kind, session_id=SID, candidate_id=cand, device_id=device, device_seq=seq,
                  monotonic_ms=seq, wall_time=T0, payload=payload)
    return e.acknowledged(seq, T0)


def base() -> list[Event]:
    return [
        ev(EventKind.CANDIDATE_JOINED, 1, "server", device_id="pc"),  # as the server records it
        ev(EventKind.PRESENCE_CONFIRMED, 2, "station"),
        ev(EventKind.TEST_STARTED, 3, "server", certification_number=1,
           challenges=[{"id": "q1", "competence": "1.1"}, {"id": "q2", "competence": "1.2"}]),
    ]


def ack(e: Event) -> dict[str, Any]:
    return {"id": e.id, "kind": e.kind.value, "challenge_id": e.payload.get("challenge_id")}


def judge(acks: list[dict[str, Any]], server: list[Event], kiosk: list[Event]) -> check.Verdict:
    verdict = check.Verdict()
    s = fold(server, SessionState(SID)).state.candidates.get(CID)
    k = fold(kiosk, SessionState(SID)).state.candidates.get(CID)
    check.judge_candidate(verdict, label="c", acks=acks, server_events=server,
                          server_cand=s, kiosk_cand=k)
    return verdict


def test_all_there_is_clean() -> None:
    a1 = ev(EventKind.ANSWER_SUBMITTED, 4, challenge_id="q1", answer=1)
    log = [*base(), a1]
    v = judge([ack(a1)], log, log)
    assert (v.lost, v.duplicated, v.mismatched_states, v.first_answer_mismatch) == (0, 0, 0, 0)
    assert v.answers_acknowledged == v.answers_on_server == 1


def test_an_acknowledged_answer_missing_on_the_server_is_lost_and_mismatched() -> None:
    a1 = ev(EventKind.ANSWER_SUBMITTED, 4, challenge_id="q1", answer=1)
    v = judge([ack(a1)], base(), [*base(), a1])
    assert v.lost == 1 and v.lost_events == 1 and v.mismatched_states == 1


def test_the_same_event_twice_and_a_question_answered_twice_are_duplicates() -> None:
    a1 = ev(EventKind.ANSWER_SUBMITTED, 4, challenge_id="q1", answer=1)
    a2 = ev(EventKind.ANSWER_SUBMITTED, 5, challenge_id="q1", answer=2)
    v = judge([ack(a1)], [*base(), a1, a1, a2], [*base(), a1])
    assert v.duplicated == 3  # one repeated id, and q1 answered three times


def test_the_server_counting_another_answer_is_a_first_answer_mismatch() -> None:
    mine = ev(EventKind.ANSWER_SUBMITTED, 4, challenge_id="q1", answer=1)
    other = ev(EventKind.ANSWER_SUBMITTED, 5, "pc", challenge_id="q1", answer=2)
    v = judge([ack(mine)], [*base(), other, mine], [*base(), mine])
    assert v.first_answer_mismatch == 1


def test_a_torn_last_line_was_never_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "acks.jsonl"
    path.write_text('{"id": "a", "kind": "AnswerSubmitted", "challenge_id": "q1"}\n{"id": "b", "ki')
    assert [a["id"] for a in check.read_acks(path)] == ["a"]


def test_percentiles() -> None:
    p = check.percentiles([float(i) for i in range(1, 101)])
    assert (p["p50"], p["p95"], p["p99"], p["max"]) == (50.0, 95.0, 99.0, 100.0)
    assert check.percentiles([]) == {"n": 0}


def test_ingest_peaks_find_the_busiest_second_and_ten_seconds() -> None:
    t0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    quiet = [t0 + timedelta(seconds=s) for s in range(30)]  # one a second
    burst = [t0 + timedelta(seconds=40, milliseconds=10 * i) for i in range(50)]  # 50 in 0.5 s
    peaks = check.ingest_peaks(quiet + burst)
    assert peaks == {"peak_1s": 50, "peak_10s_per_s": 5.0}
    assert check.ingest_peaks([]) == {"peak_1s": 0, "peak_10s_per_s": 0.0}
    assert check.ingest_peaks([t0]) == {"peak_1s": 1, "peak_10s_per_s": 0.1}
