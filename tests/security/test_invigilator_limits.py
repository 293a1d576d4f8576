"""Issue 17, item 2 (the sanity limits): what a station or a relay token may record.

Attacks: with the session password, add five times 240 minutes to a candidate; through a
relay token, record a presence "received" in 2000. Both refused, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid

import pytest
import requests

from app.domain import relay_trust as trust
from tests.helpers.live_server import Driver, LiveServer
from tests.security.conftest import started_room


def test_time_added_to_a_candidate_is_bounded(live: LiveServer) -> None:
    room = started_room(live)
    room.driver.action(room.inv, "TimeAdded", room.cid, minutes=240)
    with pytest.raises(AssertionError) as refused:
        room.driver.action(room.inv, "TimeAdded", room.cid, minutes=240)
    assert "time_added_limit" in str(refused.value)
    with pytest.raises(AssertionError) as everyone:
        room.driver.action(room.inv, "TimeAdded", None, minutes=5)
    assert "time_added_limit" in str(everyone.value)


def test_a_relay_cannot_backdate_a_presence(live: LiveServer) -> None:
    d = Driver(live.url)
    admin = d.login_admin()
    sid = int(d.create_session(admin)["id"])
    cid = int(d.add_candidate(admin, sid, "Alan", "Turing")["id"])
    inv = d.login_invigilator(sid, d.kit(admin, sid)["session_password"])
    join = {"session_number": sid, "first_name": "Alan", "last_name": "Turing",
            "birthdate": "2010-05-04", "device_id": "pc-1"}
    d.call("POST", "/api/candidate/join", json=join)
    key = trust.b64(trust.public_bytes(trust.new_private_key()))
    d.register_relay_key(admin, key)
    package = d.call("GET", "/api/invigilator/package", inv, params={"relay_public_key": key})
    presence = {"id": str(uuid.uuid4()), "session_id": sid, "candidate_id": cid,
                "kind": "PresenceConfirmed", "payload": {}, "device_id": "station",
                "device_seq": 1, "monotonic_ms": 1, "wall_time": "2000-01-01T09:00:00+00:00",
                "seen_seq": 0, "received_at": "2000-01-01T09:00:00+00:00"}
    r = requests.post(live.url + "/api/relay/events", json={"events": [presence]},
                      headers={"Authorization": f"Bearer {package['relay_token']}"}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.json()["acked"] == []
    assert "received_at: before the session's day" in r.json()["refused"][0]["reason"]
