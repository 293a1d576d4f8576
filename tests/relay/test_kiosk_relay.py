"""The kiosk as IT configures it for a room relay: `relay_urls` first, `server_url` second.

A real kiosk process (`examroom kiosk --windowed --remote-control`) with the relay in its
configuration sits a test while the central server is down; the relay is killed and the
central server comes back: the kiosk switches by itself (joining there with what the
candidate typed), and every answer ends on the central server exactly once. And a relay
the kiosk cannot trust is never used.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests

from app.domain.relay_trust import b64, new_private_key, public_bytes
from app.services import kiosk_texts as T
from app.services.failover import CentralKey
from app.services.room_link import RoomLink
from tests.helpers.kiosk import PACK
from tests.helpers.kiosk_process import KioskProcess, answer_commands
from tests.helpers.live_server import Driver
from tests.relay.helpers import LiveRelay, Prepared, central_events, prepared_session

pytestmark = pytest.mark.slow


def _answers_on_central(p: Prepared) -> list[dict[str, Any]]:
    return [e for e in central_events(p) if e["kind"] == "AnswerSubmitted"]


def _wait(predicate: Any, timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def _answer(kiosk: KioskProcess, question: dict[str, Any]) -> dict[str, Any]:
    for command in answer_commands(question):
        kiosk.do(**command)
    kiosk.do(click=T.VALIDATE)
    return kiosk.question(after=question["position"])


def test_a_kiosk_configured_with_the_relay_sits_its_test_with_no_internet_then_switches(
    tmp_path: Path,
) -> None:
    p = prepared_session(tmp_path, 1, content=PACK)
    key = requests.get(f"{p.central.url}/api/public-key", timeout=10).json()["public_key"]
    p.central.stop()  # the internet is down from the start of the session
    password = p.kit["session_password"]
    relay = LiveRelay(p.station_dir, p.session_id, password, p.central.url).start()
    kiosk = KioskProcess(tmp_path / "kiosk", p.central.url, env={
        "EXAMROOM_RELAY_URLS": relay.url, "EXAMROOM_CENTRAL_PUBLIC_KEY": key})
    try:
        kiosk.start()
        kiosk.phase("join")
        cand = p.candidates[0]
        day = date.fromisoformat(cand["birthdate"])
        for name, text in ((T.SESSION_NUMBER, str(p.session_id)),
                           (T.FIRST_NAME, cand["first_name"]), (T.BIRTH_NAME, cand["last_name"]),
                           (T.DAY, f"{day.day:02d}"), (T.MONTH, f"{day.month:02d}"),
                           (T.YEAR, str(day.year))):
            kiosk.do(type=name, text=text)
        kiosk.do(click=T.CONTINUE)
        kiosk.phase("confirm")
        kiosk.do(click=T.CONFIRM_YES)
        kiosk.phase("waiting")
        on_relay = Driver(relay.url)
        inv = on_relay.login_invigilator(p.session_id, password)
        on_relay.action(inv, "PresenceConfirmed", cand["id"])  # the station's live view
        kiosk.phase("access_code")
        kiosk.do(type=T.ACCESS_CODE, text=p.kit["access_code"])
        kiosk.do(click=T.START)
        question = kiosk.question()
        for _ in range(2):
            question = _answer(kiosk, question)

        def relay_answers() -> int:
            events = on_relay.call("GET", f"/api/sessions/{p.session_id}/events", inv,
                                   params={"after": 0, "wait": 0, "limit": 1000})["events"]
            return sum(e["kind"] == "AnswerSubmitted" for e in events)

        _wait(lambda: relay_answers() == 2, 20, "two answers on the relay")

        # The teacher's PC goes down; the internet comes back a little later.
        relay.kill()
        question = _answer(kiosk, question)  # recorded on the kiosk, nowhere else yet
        p.central.start()
        question = _answer(kiosk, question)
        # The kiosk joins on central by itself, with what the candidate typed (the relay,
        # cut off all along, forwarded nothing). Its answers wait on the kiosk: central
        # has not heard of a test started on the relay (decision 0004, "Consequences").
        _wait(lambda: any(e["kind"] == "CandidateJoined" for e in central_events(p)), 45,
              "the kiosk joining on central")
        assert _answers_on_central(p) == []

        relay.start()  # the station again: the relay forwards the start and its answers,
        # and the kiosk's last two go up through whichever end it reaches
        relay.wait_drained(45)
        _wait(lambda: len(_answers_on_central(p)) >= 4, 30, "all four answers on central")
        answers = _answers_on_central(p)
        by_id = Counter(e["id"] for e in answers)
        by_question = Counter(e["payload"]["challenge_id"] for e in answers)
        assert len(answers) == 4, answers
        assert max(by_id.values()) == 1 and max(by_question.values()) == 1
    finally:
        kiosk.quit()
        relay.stop()
        p.central.stop()


def test_a_relay_the_kiosk_cannot_trust_is_never_used(tmp_path: Path) -> None:
    p = prepared_session(tmp_path, 2)
    relay = LiveRelay(p.station_dir, p.session_id, p.kit["session_password"], None).start()
    real_key = requests.get(f"{p.central.url}/api/public-key", timeout=10).json()["public_key"]
    forged_key = b64(public_bytes(new_private_key()))
    try:
        for key, cand, expected in ((forged_key, p.candidates[0], "central"),
                                    (real_key, p.candidates[1], "relay")):
            link = RoomLink(
                central_url=p.central.url, relay_urls=[relay.url], device_id=f"pc-{expected}",
                central_key=CentralKey(configured=key, cache_path=tmp_path / f"{expected}.json",
                                       central_url=p.central.url))
            joined = link.join(session_number=p.session_id, first_name=cand["first_name"],
                               last_name=cand["last_name"],
                               birthdate=date.fromisoformat(cand["birthdate"]),
                               device_id=f"pc-{expected}")
            assert link.active == expected
            assert joined.candidate_id == cand["id"]
            # The kept token holds only the ends actually joined, plus what to join again.
            assert link.token is not None
            link.token = joined.token
            assert link.session_id == p.session_id
            assert link.status()["candidate_id"] == cand["id"]
        # A session the relay does not hold: refused even with the right key.
        other = Driver(p.central.url).create_session(p.admin)["id"]
        link = RoomLink(central_url=p.central.url, relay_urls=[relay.url], device_id="pc-x",
                        central_key=CentralKey(configured=real_key,
                                               cache_path=tmp_path / "x.json",
                                               central_url=None))
        assert not link.trusted(link.ends[0], other)
        assert link.trusted(link.ends[0], p.session_id)
    finally:
        relay.stop()
        p.central.stop()
