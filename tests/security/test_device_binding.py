"""Issue 17, item 1: a started test belongs to the PC that started it.

Attack: with a started candidate's session number, names and birthdate, join from another
device and take the test over (read it, answer, skip, authorise oneself with a bare
`{"via": "session_password"}`). Each test asserts the server's refusal, on SQLite and
PostgreSQL (the `live` fixture).
"""

from __future__ import annotations

import requests

from app.domain import resume_proof
from app.domain.events import EventKind
from tests.helpers.live_server import LiveServer
from tests.security.conftest import started_room


def _refusals(out: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {r["id"]: r["reason"].split(":")[0] for r in out["refused"]}


def test_a_join_from_another_pc_gets_no_test_no_files_no_start(live: LiveServer) -> None:
    room = started_room(live)
    intruder = room.join("pc-intruder")
    r = intruder.call("GET", "/api/candidate/test")
    assert (r.status_code, r.json()["error"]["code"]) == (403, "resume_required")
    challenge = room.test["challenges"][0]["id"]
    r = intruder.call("GET", f"/api/candidate/files/{challenge}/image")
    assert (r.status_code, r.json()["error"]["code"]) == (403, "resume_required")
    r = intruder.call("POST", "/api/candidate/start",
                      json={"access_code": room.kit["access_code"], "device_id": "pc-intruder"})
    assert (r.status_code, r.json()["error"]["code"]) == (403, "resume_required")
    assert "another PC" in r.json()["error"]["message"]


def test_another_pcs_answers_are_refused_and_the_real_candidate_keeps_hers(
    live: LiveServer,
) -> None:
    room = started_room(live)
    intruder = room.join("pc-intruder")
    q1, q2 = room.test["challenges"][0]["id"], room.test["challenges"][1]["id"]
    shown = intruder.event(EventKind.CHALLENGE_SHOWN, {"challenge_id": q1})
    answer = intruder.event(EventKind.ANSWER_SUBMITTED, {"challenge_id": q1, "answer": 2})
    skip = intruder.event(EventKind.CHALLENGE_SKIPPED, {"challenge_id": q2})
    ended = intruder.event(EventKind.TEST_ENDED, {"by": "candidate"})
    out = intruder.push(shown, answer, skip, ended)
    assert out["acked"] == []
    assert set(_refusals(out).values()) == {"not_bound_device"}
    real = room.real.push(room.real.event(EventKind.ANSWER_SUBMITTED,
                                          {"challenge_id": q1, "answer": 1}))
    assert len(real["acked"]) == 1 and real["refused"] == []


def test_a_token_records_only_under_its_own_device(live: LiveServer) -> None:
    room = started_room(live)
    intruder = room.join("pc-intruder")
    q1 = room.test["challenges"][0]["id"]
    forged = intruder.event(EventKind.ANSWER_SUBMITTED, {"challenge_id": q1, "answer": 2},
                            device_id="pc-real")
    out = intruder.push(forged)
    assert _refusals(out) == {forged["id"]: "device_mismatch"}


def test_a_bare_or_wrong_resume_claim_is_refused(live: LiveServer) -> None:
    room = started_room(live)
    intruder = room.join("pc-intruder")
    request = intruder.event(EventKind.RESUME_REQUESTED, {"outage_ms": 0})
    assert len(intruder.push(request)["acked"]) == 1
    bare = intruder.event(EventKind.RESUME_AUTHORIZED, {"via": "session_password"})
    # The session password (seen on the station) is not the resume code.
    key = resume_proof.resume_key(room.kit["session_password"], room.sid)
    wrong = intruder.event(EventKind.RESUME_AUTHORIZED, {
        "via": "session_password", "request_id": request["id"],
        "mac": resume_proof.resume_mac(key, session_id=room.sid, candidate_id=room.cid,
                                       device_id="pc-intruder", request_id=request["id"])})
    out = intruder.push(bare, wrong)
    assert _refusals(out) == {bare["id"]: "resume_proof_missing",
                              wrong["id"]: "resume_proof_invalid"}
    r = intruder.call("GET", "/api/candidate/test")
    assert r.status_code == 403
    rows = room.driver.candidates(room.inv)
    row = next(c for c in rows if c["candidate_id"] == room.cid)
    assert row["resume_pending"]


def test_the_resume_code_does_not_open_the_station(live: LiveServer) -> None:
    room = started_room(live)
    body = {"session_number": room.sid, "password": room.kit["resume_code"]}
    r = requests.post(live.url + "/api/invigilator/login", json=body, timeout=30)
    assert r.status_code in (401, 403), r.text
    assert room.kit["resume_code"].replace("-", "") not in room.kit["session_password"]


def test_a_spare_pc_gets_the_test_once_the_station_authorises(live: LiveServer) -> None:
    room = started_room(live)
    spare = room.join("pc-spare")
    request = spare.event(EventKind.RESUME_REQUESTED, {"outage_ms": 0})
    spare.push(request)
    room.driver.action(room.inv, "ResumeAuthorized", room.cid, via="station")
    r = spare.call("GET", "/api/candidate/test")
    assert r.status_code == 200, r.text
    q1 = room.test["challenges"][0]["id"]
    out = spare.push(spare.event(EventKind.ANSWER_SUBMITTED, {"challenge_id": q1, "answer": 1}))
    assert len(out["acked"]) == 1
    # The dead PC, heard again after the move and knowing of it, is refused.
    late = room.real.event(EventKind.ANSWER_SUBMITTED, {"challenge_id": q1, "answer": 2},
                           seen_seq=10**6)
    assert _refusals(room.real.push(late)) == {late["id"]: "not_bound_device"}


def test_a_spare_pc_gets_the_test_with_the_resume_codes_proof(live: LiveServer) -> None:
    room = started_room(live)
    spare = room.join("pc-spare")
    request = spare.event(EventKind.RESUME_REQUESTED, {"outage_ms": 0})
    spare.push(request)
    key = resume_proof.resume_key(room.kit["resume_code"], room.sid)
    mac = resume_proof.resume_mac(key, session_id=room.sid, candidate_id=room.cid,
                                  device_id="pc-spare", request_id=request["id"])
    proof = spare.event(EventKind.RESUME_AUTHORIZED, {
        "via": "session_password", "request_id": request["id"], "mac": mac})
    assert len(spare.push(proof)["acked"]) == 1
    assert spare.call("GET", "/api/candidate/test").status_code == 200
    # The same proof replayed by another PC names another device: refused.
    other = room.join("pc-other")
    other.push(other.event(EventKind.RESUME_REQUESTED, {"outage_ms": 0}))
    replay = other.event(EventKind.RESUME_AUTHORIZED, {
        "via": "session_password", "request_id": request["id"], "mac": mac})
    assert _refusals(other.push(replay)) == {replay["id"]: "resume_proof_invalid"}


def test_through_a_relay_token_another_pcs_events_and_a_bare_claim_are_refused(
    live: LiveServer,
) -> None:
    """The same takeover forwarded by a relay: central checks the binding and the proof."""
    from datetime import UTC, datetime

    from app.domain import relay_trust as trust

    room = started_room(live)
    key = trust.b64(trust.public_bytes(trust.new_private_key()))
    room.driver.register_relay_key(room.admin, key)
    package = room.driver.call("GET", "/api/invigilator/package", room.inv,
                               params={"relay_public_key": key})
    intruder = room.join("pc-intruder")
    q1 = room.test["challenges"][0]["id"]
    now = datetime.now(UTC).isoformat()
    request = intruder.event(EventKind.RESUME_REQUESTED, {"outage_ms": 0}, received_at=now)
    answer = intruder.event(EventKind.ANSWER_SUBMITTED, {"challenge_id": q1, "answer": 2},
                            received_at=now)
    bare = intruder.event(EventKind.RESUME_AUTHORIZED, {"via": "session_password"},
                          received_at=now)
    r = requests.post(live.url + "/api/relay/events", json={"events": [request, answer, bare]},
                      headers={"Authorization": f"Bearer {package['relay_token']}"}, timeout=30)
    assert r.status_code == 200, r.text
    out = r.json()
    assert [a["id"] for a in out["acked"]] == [request["id"]]
    assert _refusals(out) == {answer["id"]: "not_bound_device",
                              bare["id"]: "resume_proof_missing"}
