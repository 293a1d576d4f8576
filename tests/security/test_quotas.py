"""Issue 17, "No quotas": what one kiosk token may push is bounded, refused with a reason.

Against a live server on SQLite and PostgreSQL: repeated FocusLost are folded (at most 20
stored per question, the station's count stops there), a flood of events is refused past
600 a minute per candidate, an answer over 10 kB is refused.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.domain.clocks import SystemClock
from app.domain.events import Event, EventKind, new_event
from app.server.quotas import Quotas
from app.services.store import LocalStore
from app.services.sync import HttpTransport, SyncEngine
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


def test_the_kiosk_outbox_parks_refused_events_and_goes_on(
    live_server: LiveServer, tmp_path: Path
) -> None:
    """The refused events stay apart with their reason; the outbox empties; the answer
    recorded after them reaches the server (a refusal never blocks the outbox)."""
    room = Room(live_server, n=1)
    token = room.join(0, device="pc-outbox")
    test = room.start(0, token, device="pc-outbox")
    challenge = test["challenges"][0]["id"]
    store = LocalStore.open(tmp_path / "kiosk.sqlite", device_id="pc-outbox",
                            clock=SystemClock())
    store.record_pulled([Event.from_wire(test["test_started_event"])])
    cid = room.cands[0]["id"]
    for _ in range(25):
        store.append(EventKind.FOCUS_LOST, session_id=room.sid, candidate_id=cid,
                     payload={"challenge_id": challenge})
    answer = store.append(EventKind.ANSWER_SUBMITTED, session_id=room.sid, candidate_id=cid,
                          payload={"challenge_id": challenge, "answer": 1})
    executor = ThreadPoolExecutor(1)

    async def scenario() -> None:
        engine = SyncEngine(
            store=store, transport=HttpTransport(room.url, lambda: token, timeout_s=5),
            session_id=room.sid, clock=SystemClock(), store_executor=executor, wait_s=1,
            on_status=lambda _online, _since: None, on_pulled=lambda _events: None)
        engine.start()
        engine.poke()
        deadline = asyncio.get_running_loop().time() + 20
        while store.pending():
            assert asyncio.get_running_loop().time() < deadline, "outbox stuck"
            await asyncio.sleep(0.05)
        await engine.stop()

    try:
        asyncio.run(scenario())
        refused = store.refused()
        assert len(refused) == 5
        assert all(reason.startswith("focus_lost_folded") for _e, reason in refused)
    finally:
        store.close()
        executor.shutdown(wait=True)
    pulled = room.raw("GET", f"/api/sessions/{room.sid}/events", room.inv).json()["events"]
    assert answer.id in {e["id"] for e in pulled}
