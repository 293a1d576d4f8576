"""A candidate registered after the relay first ran reaches it with a newer package."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.relay.package import prepare
from tests.helpers.live_server import Driver
from tests.relay.helpers import LiveRelay, prepared_session


@pytest.mark.slow
def test_a_late_registration_reaches_a_relay_that_already_ran(tmp_path: Path) -> None:
    p = prepared_session(tmp_path, 1)
    password = p.kit["session_password"]
    relay = LiveRelay(p.station_dir, p.session_id, password, p.central.url).start()
    try:
        d = Driver(relay.url)
        late = Driver(p.central.url).add_candidate(p.admin, p.session_id, "Grace", "Hopper",
                                                   "2010-12-09")
        join = {"session_number": p.session_id, "first_name": "Grace", "last_name": "Hopper",
                "birthdate": "2010-12-09", "device_id": "pc-9"}
        refused = d.http.post(f"{relay.url}/api/candidate/join", json=join, timeout=10)
        assert refused.status_code == 404  # not in the package the relay started from
        relay.stop()
        prepare(p.central.url, p.session_id, password, p.station_dir)  # the station, online
        relay.start()
        joined = d.call("POST", "/api/candidate/join", json=join)
        assert joined["candidate_id"] == late["id"]
        inv = d.login_invigilator(p.session_id, password)
        d.action(inv, "PresenceConfirmed", late["id"])
        test = d.call("POST", "/api/candidate/start", joined["token"],
                      json={"access_code": p.kit["access_code"], "device_id": "pc-9"})
        assert test["challenges"]  # the prepared test came with the newer package
    finally:
        relay.stop()
        p.central.stop()
