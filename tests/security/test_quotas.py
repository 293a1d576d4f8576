"""Issue 17, "No quotas": what one kiosk token may push is bounded, refused with a reason.

Against a live server on SQLite and PostgreSQL: repeated FocusLost are folded (at most 20
stored per question, the station's count stops there), a flood of events is refused past
600 a minute per candidate, an answer over 10 kB is refused.
"""

from __future__ import annotations

import pytest

from app.domain.events import Event, EventKind, new_event
from app.server.quotas import Quotas
from tests.helpers.clock import FakeClock
from tests.helpers.live_server import LiveServer
from tests.helpers.security_room import Room, live_server

__all__ = ["live_server"]

pytestmark = pytest.mark.slow


def test_focus_lost_floods_are_folded_and_events_are_rate_limited(
    live_server: LiveServer,
) -> None:
    room = Room(live_server, n=1)
    token = room.join(0)
    challenges = [c["id"] for c in room.start(0, token)["challenges"]]
    flood = [room.event("FocusLost", 0, challenge_id=challenges[0]) for _ in range(300)]
    r = room.push(token, *flood)
    assert r.status_code == 200, r.text
    out = r.json()
    assert len(out["acked"]) == 20
    assert len(out["refused"]) == 280
    assert all(x["reason"].startswith("focus_lost_folded: ") for x in out["refused"])
    # A repeat of an acknowledged one is acknowledged again, not folded.
    again = room.push(token, flood[0]).json()
    assert [a["id"] for a in again["acked"]] == [flood[0]["id"]]
    rows = room.driver.candidates(room.inv)
    assert rows[0]["focus_lost"] == 20
    # Other questions: 20 each, until 600 events a minute for the candidate.
    statuses: list[str] = []
    for challenge in challenges[1:]:
        batch = [room.event("FocusLost", 0, challenge_id=challenge) for _ in range(20)]
        shown = room.event("ChallengeShown", 0, challenge_id=challenge)
        out = room.push(token, *batch, shown).json()
        statuses += ["ok"] * len(out["acked"]) + [x["reason"].split(":")[0]
                                                    for x in out["refused"]]
    for _ in range(2):
        shown = [room.event("ChallengeShown", 0, challenge_id=challenges[0]) for _ in range(200)]
        out = room.push(token, *shown).json()
        statuses += ["ok"] * len(out["acked"]) + [x["reason"].split(":")[0]
                                                    for x in out["refused"]]
    assert "quota_exceeded" in statuses
    assert statuses.count("ok") <= 600


def test_quotas_on_a_fake_clock() -> None:
    clock = FakeClock()
    quotas = Quotas(clock, per_minute=5, focus_per_question=2)

    def focus(challenge: str = "c1") -> Event:
        return new_event(EventKind.FOCUS_LOST, session_id=1, candidate_id=7,
                         payload={"challenge_id": challenge}, device_id="pc", device_seq=1,
                         monotonic_ms=0)

    first = focus()
    assert quotas.refusal(first) is None
    assert quotas.refusal(focus()) is None
    assert str(quotas.refusal(focus())).startswith("focus_lost_folded")
    assert quotas.refusal(first) is None  # a repeat passes
    assert quotas.refusal(focus("c2")) is None
    assert quotas.refusal(focus("c3")) is None
    assert str(quotas.refusal(focus("c4"))).startswith("quota_exceeded")
    answer = new_event(EventKind.ANSWER_SUBMITTED, session_id=1, candidate_id=7,
                       payload={"challenge_id": "c1", "answer": 1}, device_id="pc",
                       device_seq=2, monotonic_ms=0)
    assert quotas.refusal(answer) is None  # an answer is never refused for the rate
    clock.advance(61_000)
    assert quotas.refusal(focus("c4")) is None
