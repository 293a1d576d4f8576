"""A whole session through the room relay with the central server unreachable, then upstream.

Issue 10, "Tests": central up only to prepare; every candidate action and every kiosk
sync go to the relay over HTTP; the relay is killed and restarted mid-session; then the
central server returns and holds every event exactly once.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests

from app.domain.clocks import SystemClock
from app.domain.events import Event, EventKind
from app.domain.relay_trust import RelayNotTrusted
from app.relay.package import open_package
from app.services.failover import CentralKey, FailoverTransport, trusted_endpoints, verify_relay
from app.services.store import LocalStore
from app.services.sync import HttpTransport, SyncEngine
from tests.helpers.live_server import Driver
from tests.relay.helpers import (
    LiveRelay,
    Prepared,
    central_events,
    join_and_start,
    prepared_session,
)

pytestmark = pytest.mark.slow

_OPEN: list[LocalStore] = []


@pytest.fixture(autouse=True)
def _kiosk_stores_closed() -> Iterator[None]:
    """Each test's kiosk stores are closed after it (their checkpoint threads end)."""
    yield
    while _OPEN:
        _OPEN.pop().close()


def kiosk(tmp_path: Path, name: str, started: dict[str, Any]) -> LocalStore:
    store = LocalStore.open(tmp_path / f"{name}.sqlite", device_id=name, clock=SystemClock())
    _OPEN.append(store)
    store.record_pulled([Event.from_wire(started["test"]["test_started_event"])])
    return store


def answer(store: LocalStore, sid: int, started: dict[str, Any], ids: list[str]) -> list[Event]:
    return [
        store.append(EventKind.ANSWER_SUBMITTED, session_id=sid, candidate_id=started["cid"],
                     payload={"challenge_id": c, "answer": 1})
        for c in ids
    ]


def push_all(store: LocalStore, transport: Any) -> None:
    """What the kiosk's pusher does, synchronously: until the outbox is empty."""
    while pending := store.pending():
        result = transport.push(pending)
        store.mark_acked(result.acked)
        for event_id, reason in result.refused.items():
            store.mark_refused(event_id, reason)
    assert not store.refused(), store.refused()


def assert_exactly_once(p: Prepared, relay: LiveRelay, stores: list[LocalStore]) -> None:
    on_central = central_events(p)
    counts = Counter(e["id"] for e in on_central)
    assert not [i for i, n in counts.items() if n > 1], "duplicated events on central"
    relay_inv = Driver(relay.url).login_invigilator(p.session_id, p.kit["session_password"])
    on_relay = Driver(relay.url).call("GET", f"/api/sessions/{p.session_id}/events", relay_inv,
                                      params={"after": 0, "wait": 0, "limit": 1000})["events"]
    assert {e["id"] for e in on_relay} <= set(counts), "a relay event never reached central"
    for store in stores:
        own = {e.id for e in store.events(p.session_id) if e.device_id == store.device_id}
        assert own <= set(counts), "a kiosk event never reached central"


def test_a_whole_session_with_no_internet_then_everything_on_central_once(
    tmp_path: Path,
) -> None:
    p = prepared_session(tmp_path, n_candidates=2)
    key = CentralKey(configured=None, cache_path=tmp_path / "kiosk-key.json",
                     central_url=p.central.url)
    assert key.get() is not None  # the kiosk was online once: the key is cached
    p.central.stop()  # the internet is down from before the session to after it
    relay = LiveRelay(p.station_dir, p.session_id, p.kit["session_password"], p.central.url)
    relay.start()
    try:
        # Trust: the kiosk checks the relay holds this session, with the cached key.
        central_key = key.get()
        assert central_key is not None
        assert verify_relay(relay.url, p.session_id, central_key).session_id == p.session_id
        with pytest.raises(RelayNotTrusted) as refused:
            verify_relay(relay.url, p.session_id + 1, central_key)
        assert refused.value.code == "other_session"
        assert trusted_endpoints(relay_urls=[relay.url], central_url=p.central.url,
                                 session_id=p.session_id, central_public_key=central_key
                                 ) == [relay.url, p.central.url]
        assert trusted_endpoints(relay_urls=[relay.url], central_url=p.central.url,
                                 session_id=p.session_id + 1, central_public_key=central_key
                                 ) == [p.central.url]
        d = Driver(relay.url)
        inv = d.login_invigilator(p.session_id, p.kit["session_password"])
        ada = join_and_start(d, p, inv, p.candidates[0], "pc-1")
        alan = join_and_start(d, p, inv, p.candidates[1], "pc-2")
        # Launched once everyone is in: no one joins after (seed 000).
        d.call("POST", "/api/invigilator/actions", inv,
               json={"kind": "TestLaunched", "candidate_id": None, "payload": {}})
        assert ada["test"]["certification_number"] != alan["test"]["certification_number"]
        # The relay serves the questions' files with no internet.
        for ch in ada["test"]["challenges"]:
            for kind in ("image", "attachment"):
                if ch[kind]:
                    r = requests.get(f"{relay.url}/api/candidate/files/{ch['id']}/{kind}",
                                     headers={"Authorization": f"Bearer {ada['token']}"},
                                     timeout=5)
                    assert r.status_code == 200 and r.content
        # Ada answers everything, raises an alert the invigilator refuses, ends her test.
        ada_store = kiosk(tmp_path, "pc-1", ada)
        to_relay_ada = HttpTransport(relay.url, lambda: ada["token"])
        ids = [c["id"] for c in ada["test"]["challenges"]]
        answer(ada_store, p.session_id, ada, ids[:2])
        ada_store.append(EventKind.ALERT_RAISED, session_id=p.session_id,
                         candidate_id=ada["cid"],
                         payload={"alert_id": "a1", "challenge_id": ids[2]})
        push_all(ada_store, to_relay_ada)
        d.action(inv, "AlertResolved", ada["cid"], alert_id="a1", accepted=False)
        answer(ada_store, p.session_id, ada, ids[2:])
        ada_store.append(EventKind.TEST_ENDED, session_id=p.session_id,
                         candidate_id=ada["cid"], payload={"by": "candidate"})
        push_all(ada_store, to_relay_ada)
        d.action(inv, "EndScreenSeen", ada["cid"])
        # Alan answers three questions; the invigilator ends his test.
        alan_store = kiosk(tmp_path, "pc-2", alan)
        answer(alan_store, p.session_id, alan, [c["id"] for c in alan["test"]["challenges"]][:3])
        push_all(alan_store, HttpTransport(relay.url, lambda: alan["token"]))
        d.action(inv, "TestEnded", alan["cid"], by="invigilator")
        states = {c["candidate_id"]: c for c in d.candidates(inv)}
        assert states[ada["cid"]]["status"] == "ended"
        assert states[alan["cid"]]["status"] == "ended_by_invigilator"
        assert relay.status()["pending_upstream"] > 0
        # 13:00: the internet returns.
        p.central.start()
        relay.wait_drained()
        assert relay.status()["refused_upstream"] == 0
        assert_exactly_once(p, relay, [ada_store, alan_store])
        # Central now knows the session as the room lived it, with the prepared tests.
        c = Driver(p.central.url)
        cinv = c.login_invigilator(p.session_id, p.kit["session_password"])
        central_states = {s["candidate_id"]: s for s in c.candidates(cinv)}
        assert central_states[ada["cid"]]["status"] == "ended"
        assert central_states[ada["cid"]]["position"] == len(ids)
        assert central_states[alan["cid"]]["status"] == "ended_by_invigilator"
        # The certification on central is the prepared test with its reserved number.
        started = next(e for e in central_events(p)
                       if e["kind"] == "TestStarted" and e["candidate_id"] == ada["cid"])
        assert started["payload"]["certification_number"] == ada["test"]["certification_number"]
        assert [x["id"] for x in started["payload"]["challenges"]] == ids
        assert c.call("GET", f"/api/invigilator/challenges/{ids[0]}", cinv)["id"] == ids[0]
        # Central accepts from the relay token only this session and only prepared tests.
        token = open_package(p.station_dir, p.session_id, p.kit["session_password"]
                             ).package.relay_token
        forged = dict(started, id="forged-start", candidate_id=alan["cid"], server_seq=None)
        forged["payload"] = dict(started["payload"], challenges=started["payload"]["challenges"])
        other = dict(forged, id="other-session", session_id=p.session_id + 1)
        r = requests.post(f"{p.central.url}/api/relay/events",
                          json={"events": [forged, other]},
                          headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
        reasons = {x["id"]: x["reason"].split(":")[0] for x in r["refused"]}
        assert reasons == {"forged-start": "not_prepared_test", "other-session": "out_of_scope"}
    finally:
        relay.stop()
        p.central.stop()


def test_the_relay_killed_and_restarted_mid_session_loses_nothing(tmp_path: Path) -> None:
    p = prepared_session(tmp_path, n_candidates=1)
    p.central.stop()
    relay = LiveRelay(p.station_dir, p.session_id, p.kit["session_password"], p.central.url)
    relay.start()
    try:
        d = Driver(relay.url)
        inv = d.login_invigilator(p.session_id, p.kit["session_password"])
        ada = join_and_start(d, p, inv, p.candidates[0], "pc-1")
        store = kiosk(tmp_path, "pc-1", ada)
        transport = HttpTransport(relay.url, lambda: ada["token"], timeout_s=2)
        ids = [c["id"] for c in ada["test"]["challenges"]]
        answer(store, p.session_id, ada, ids[:4])
        push_all(store, transport)
        relay.kill()  # mid-session, as a pulled plug
        answer(store, p.session_id, ada, ids[4:8])  # the kiosk keeps working
        relay.start()  # same data directory, same port; the package is not loaded again
        # The relay kept what it acknowledged: the same tokens and test still work.
        again = d.call("GET", "/api/candidate/test", ada["token"])
        assert again["certification_number"] == ada["test"]["certification_number"]
        push_all(store, transport)
        answer(store, p.session_id, ada, ids[8:])
        push_all(store, transport)
        p.central.start()
        relay.wait_drained()
        assert_exactly_once(p, relay, [store])
        answers = [e for e in central_events(p) if e["kind"] == "AnswerSubmitted"]
        assert sorted(e["payload"]["challenge_id"] for e in answers) == sorted(ids)
        # A kiosk that also pushes its whole backlog to central directly adds nothing.
        before = len(central_events(p))
        joined = Driver(p.central.url).call("POST", "/api/candidate/join", json={
            "session_number": p.session_id, "first_name": "Ada", "last_name": "Lovelace",
            "birthdate": "2010-05-04", "device_id": "pc-1"})
        backlog = [e.model_copy(update={"server_seq": None, "received_at": None})
                   for e in store.events(p.session_id) if e.device_id == "pc-1"]
        again = HttpTransport(p.central.url, lambda: joined["token"]).push(backlog)
        assert not again.refused and len(again.acked) == len(ids)
        assert len(central_events(p)) == before  # its join too: that PC had joined
    finally:
        relay.stop()
        p.central.stop()


async def _until(predicate: Any, timeout_s: float = 30) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.05)


def test_a_kiosk_switches_between_relay_and_central(tmp_path: Path) -> None:
    """FailoverTransport under the real SyncEngine: relay, then central, then relay again."""
    p = prepared_session(tmp_path, n_candidates=1)
    relay = LiveRelay(p.station_dir, p.session_id, p.kit["session_password"], p.central.url)
    relay.start()
    try:
        d = Driver(relay.url)
        inv = d.login_invigilator(p.session_id, p.kit["session_password"])
        ada = join_and_start(d, p, inv, p.candidates[0], "pc-1")
        relay.wait_drained()  # the relay forwards the start while central is reachable
        c = Driver(p.central.url)
        central_token = c.call("POST", "/api/candidate/join", json={
            "session_number": p.session_id, "first_name": "Ada", "last_name": "Lovelace",
            "birthdate": "2010-05-04", "device_id": "pc-1"})["token"]
        transport = FailoverTransport([
            ("relay", HttpTransport(relay.url, lambda: ada["token"], timeout_s=2)),
            ("central", HttpTransport(p.central.url, lambda: central_token, timeout_s=2)),
        ], down_for_s=1.0)
        store = kiosk(tmp_path, "pc-1", ada)
        ids = [c["id"] for c in ada["test"]["challenges"]]
        used: list[str | None] = []
        executor = ThreadPoolExecutor(1)

        async def scenario() -> None:
            engine = SyncEngine(store=store, transport=transport, session_id=p.session_id,
                                clock=SystemClock(), store_executor=executor,
                                wait_s=0.5, on_pushed=lambda _r: used.append(transport.active))
            engine.start()
            answer(store, p.session_id, ada, ids[:3])
            engine.poke()
            # on_pushed runs just after the acks are stored: wait for both.
            await _until(lambda: not store.pending() and bool(used))
            assert used[-1] == "relay"
            relay.kill()
            answer(store, p.session_id, ada, ids[3:6])
            engine.poke()
            await _until(lambda: not store.pending() and used[-1] == "central")
            # The invigilator, on central, adds time: the kiosk learns it via central.
            cinv = c.login_invigilator(p.session_id, p.kit["session_password"])
            c.action(cinv, "TimeAdded", ada["cid"], minutes=5)
            await _until(lambda: store.state(p.session_id).state.candidates[ada["cid"]]
                         .time_added.total_seconds() == 300)
            relay.start()
            await asyncio.sleep(1.5)  # the relay is preferred again once it is back
            answer(store, p.session_id, ada, ids[6:])
            engine.poke()
            await _until(lambda: not store.pending())
            await engine.stop()

        asyncio.run(scenario())
        executor.shutdown()
        assert "relay" in used and "central" in used
        assert not store.refused()
        relay.wait_drained()
        assert_exactly_once(p, relay, [store])
        answers = [e for e in central_events(p) if e["kind"] == "AnswerSubmitted"]
        assert sorted(e["payload"]["challenge_id"] for e in answers) == sorted(ids)
    finally:
        relay.stop()
        p.central.stop()
