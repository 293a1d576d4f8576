"""Issue 17, "Tokens outlive their purpose": a token ends with what it was for.

Against a live server on SQLite and PostgreSQL: after a logout or a finalised
session, the token is refused at once on every route; after the candidate's
test ended, it serves only to push and pull the candidate's own events; an event id
already used in another session is refused, not acknowledged with the other's seq.
"""

from __future__ import annotations

import time

import pytest

from tests.helpers.live_server import LiveServer
from tests.helpers.security_room import Room, live_server

__all__ = ["live_server"]

pytestmark = pytest.mark.slow


def _routes(room: Room) -> list[tuple[str, str, dict[str, object] | None]]:
    """Every route a kiosk token is for (method, path, body)."""
    return [
        ("GET", "/api/candidate/status", None),
        ("GET", "/api/candidate/test", None),
        ("POST", "/api/candidate/heartbeat", {"device_id": "pc-0"}),
        ("POST", "/api/candidate/start", {"access_code": room.kit["access_code"],
                                          "device_id": "pc-0"}),
        ("GET", f"/api/sessions/{room.sid}/events", None),
        ("POST", "/api/sync/events", {"events": []}),
    ]


def test_logout_ends_every_kind_of_token_at_once(live_server: LiveServer) -> None:
    room = Room(live_server, n=1)
    kiosk = room.join(0)
    assert room.raw("GET", "/api/admin/sessions", room.admin).status_code == 200
    assert room.raw("GET", "/api/invigilator/session", room.inv).status_code == 200
    assert room.raw("GET", "/api/candidate/status", kiosk).status_code == 200
    for token, probe in ((room.admin, "/api/admin/sessions"),
                         (room.inv, "/api/invigilator/session"),
                         (kiosk, "/api/candidate/status")):
        t0 = time.monotonic()
        assert room.raw("POST", "/api/auth/logout", token).status_code == 204
        r = room.raw("GET", probe, token)
        assert r.status_code == 401, r.text
        assert time.monotonic() - t0 < 1.0
        assert room.raw("POST", "/api/auth/logout", token).status_code == 401


def test_an_ended_test_keeps_only_the_sync_routes(live_server: LiveServer) -> None:
    room = Room(live_server, n=1)
    kiosk = room.join(0)
    test = room.start(0, kiosk)
    ended = room.event("TestEnded", 0, by="candidate")
    r = room.push(kiosk, ended)
    assert r.status_code == 200 and r.json()["acked"], r.text
    challenge = test["challenges"][0]["id"]
    for method, path, body in _routes(room):
        r = room.raw(method, path, kiosk, json=body)
        if "/events" in path or path.endswith("/status"):
            assert r.status_code == 200, (path, r.text)
        else:
            assert r.status_code == 401, (path, r.status_code, r.text)
            assert r.json()["error"]["code"] == "token_ended"
    r = room.raw("GET", f"/api/candidate/files/{challenge}/image", kiosk)
    assert r.status_code == 401


def test_finalisation_ends_the_kiosk_tokens(live_server: LiveServer) -> None:
    room = Room(live_server, n=1)
    kiosk = room.join(0)
    room.start(0, kiosk)
    assert room.raw("GET", "/api/candidate/test", kiosk).status_code == 200
    r = room.raw("POST", f"/api/admin/sessions/{room.sid}/finalise", room.admin,
                 json={"no_particular_problem": True, "candidates": [
                     {"candidate_id": room.cands[0]["id"], "abandonment": "technical"}]})
    assert r.status_code == 200, r.text
    for method, path, body in _routes(room):
        r = room.raw(method, path, kiosk, json=body)
        assert r.status_code == 401, (path, r.status_code, r.text)


def test_an_event_id_of_another_session_is_refused(live_server: LiveServer) -> None:
    first = Room(live_server, n=1)
    second = Room(live_server, n=1)
    k1, k2 = first.join(0, device="pc-a"), second.join(0, device="pc-b")
    first.start(0, k1, device="pc-a")
    test2 = second.start(0, k2, device="pc-b")
    event = first.event("TestEnded", 0, device="pc-a", by="candidate")
    assert first.push(k1, event).json()["acked"]
    reused = second.event("ChallengeShown", 0, device="pc-b",
                          challenge_id=test2["challenges"][0]["id"])
    reused["id"] = event["id"]
    out = second.push(k2, reused).json()
    assert out["acked"] == [], out
    assert out["refused"][0]["reason"].startswith("duplicate_id: "), out
    # A repeat in its own session is still acknowledged with its own seq.
    again = first.push(k1, event).json()
    assert [a["id"] for a in again["acked"]] == [event["id"]]
