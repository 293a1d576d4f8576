"""Issue 17, item 2: candidate events are signed by their device (Ed25519).

Attack: a holder of a relay token forges an `AnswerSubmitted` under the device id of the
PC the test is bound to, or alters a signed event it forwards. The PC registered its public
key with its join, so central refuses both `bad_signature`, per event, and acknowledges the
rest of the batch. SQLite and PostgreSQL (the `live` fixture).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import requests

from app.domain import event_signing
from app.domain.events import EventKind
from tests.helpers.live_server import LiveServer
from tests.security.conftest import Room, started_room


def _refusals(out: dict[str, Any]) -> dict[str, str]:
    return {r["id"]: r["reason"].split(":")[0] for r in out["refused"]}


def _relay_push(live: LiveServer, room: Room, *events: dict[str, Any]) -> dict[str, Any]:
    from tests.security.relay_keys import relay_token

    token = relay_token(room)
    now = datetime.now(UTC).isoformat()
    r = requests.post(live.url + "/api/relay/events",
                      json={"events": [e | {"received_at": now} for e in events]},
                      headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_the_kiosks_own_signed_events_pass(live: LiveServer) -> None:
    room = started_room(live, signed=True)
    q1 = room.test["challenges"][0]["id"]
    shown = room.real.event(EventKind.CHALLENGE_SHOWN, {"challenge_id": q1})
    answer = room.real.event(EventKind.ANSWER_SUBMITTED, {"challenge_id": q1, "answer": 1})
    assert event_signing.SIG_KEY in answer["payload"]
    out = room.real.push(shown, answer)
    assert out["refused"] == [] and len(out["acked"]) == 2
    stored = room.events("AnswerSubmitted")
    assert [e["id"] for e in stored] == [answer["id"]]
    # What central stores still verifies: the signature survives the database.
    key = event_signing.public_key_text(room.real.signer)  # type: ignore[arg-type]
    from app.domain.events import Event

    assert event_signing.verify(Event.from_wire(stored[0]), key)


def test_an_altered_signed_payload_is_refused(live: LiveServer) -> None:
    room = started_room(live, signed=True)
    q1, q2 = room.test["challenges"][0]["id"], room.test["challenges"][1]["id"]
    good = room.real.event(EventKind.ANSWER_SUBMITTED, {"challenge_id": q1, "answer": 1})
    altered = room.real.event(EventKind.ANSWER_SUBMITTED, {"challenge_id": q2, "answer": 1})
    altered["payload"]["answer"] = 3
    unsigned = room.real.event(EventKind.FOCUS_LOST, {"challenge_id": q1})
    del unsigned["payload"][event_signing.SIG_KEY]
    out = room.real.push(good, altered, unsigned)
    assert [a["id"] for a in out["acked"]] == [good["id"]]
    assert _refusals(out) == {altered["id"]: "bad_signature", unsigned["id"]: "bad_signature"}


def test_an_answer_forged_through_a_relay_token_under_the_bound_pc_is_refused(
    live: LiveServer,
) -> None:
    room = started_room(live, signed=True)
    q1, q2 = room.test["challenges"][0]["id"], room.test["challenges"][1]["id"]
    forger = event_signing.new_private_key()  # the relay's own key: not the PC's
    seq = room.real.seq
    forged_unsigned = room.real.event(EventKind.ANSWER_SUBMITTED,
                                      {"challenge_id": q1, "answer": 2})
    del forged_unsigned["payload"][event_signing.SIG_KEY]
    room.real.signer, real_key = forger, room.real.signer
    forged_signed = room.real.event(EventKind.ANSWER_SUBMITTED,
                                    {"challenge_id": q2, "answer": 2})
    ended = room.real.event(EventKind.TEST_ENDED, {"by": "candidate"})
    out = _relay_push(live, room, forged_unsigned, forged_signed, ended)
    assert out["acked"] == []
    assert set(_refusals(out).values()) == {"bad_signature"}
    assert room.events("AnswerSubmitted") == [] and room.events("TestEnded") == []
    # The real PC's answers still go in, through the relay too.
    room.real.signer, room.real.seq = real_key, seq + 3
    real = room.real.event(EventKind.ANSWER_SUBMITTED, {"challenge_id": q1, "answer": 1})
    out = _relay_push(live, room, real)
    assert [a["id"] for a in out["acked"]] == [real["id"]] and out["refused"] == []


def test_the_relay_forwards_a_signed_join_and_the_kiosks_events(live: LiveServer) -> None:
    """A kiosk that joined on the relay: the relay forwards its keyed join and its signed
    events in one batch; central checks them against the key of that join."""
    room = started_room(live)
    key = event_signing.new_private_key()
    kiosk = room.join("pc-late", key)
    joined = kiosk.event(EventKind.CANDIDATE_JOINED, {
        "device_id": "pc-late", "public_key": event_signing.public_key_text(key)})
    request = kiosk.event(EventKind.RESUME_REQUESTED, {"outage_ms": 0})
    altered = kiosk.event(EventKind.RESUME_REQUESTED, {"outage_ms": 0})
    altered["payload"]["outage_ms"] = 5
    out = _relay_push(live, room, joined, request, altered)
    assert {a["id"] for a in out["acked"]} == {joined["id"], request["id"]}
    assert _refusals(out) == {altered["id"]: "bad_signature"}


def test_a_kiosk_that_registered_no_key_is_accepted_unsigned(live: LiveServer) -> None:
    """Kiosks and stores from before signatures: no key at the join, events unsigned."""
    room = started_room(live)
    q1 = room.test["challenges"][0]["id"]
    out = room.real.push(room.real.event(EventKind.ANSWER_SUBMITTED,
                                         {"challenge_id": q1, "answer": 1}))
    assert out["refused"] == [] and len(out["acked"]) == 1


def test_a_join_with_a_malformed_key_is_refused(live: LiveServer) -> None:
    room = started_room(live)
    body = {"session_number": room.sid, "first_name": "Ada", "last_name": "Lovelace",
            "birthdate": "2010-05-04", "device_id": "pc-x", "public_key": "not-a-key"}
    r = requests.post(live.url + "/api/candidate/join", json=body, timeout=30)
    assert (r.status_code, r.json()["error"]["code"]) == (422, "invalid_public_key")
