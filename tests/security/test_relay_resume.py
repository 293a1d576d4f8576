"""Issue 17, item 1 on the room relay: with no internet, the relay itself refuses another
PC's takeover and checks the resume code's proof (it holds only the derived key)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain import resume_proof
from app.domain.events import EventKind
from tests.helpers.live_server import Driver
from tests.relay.helpers import LiveRelay, join_and_start, prepared_session
from tests.security.conftest import Kiosk


@pytest.mark.slow
def test_the_relay_refuses_a_takeover_and_checks_the_resume_proof(tmp_path: Path) -> None:
    p = prepared_session(tmp_path, n_candidates=1)
    p.central.stop()  # no internet: the relay alone decides
    relay = LiveRelay(p.station_dir, p.session_id, p.kit["session_password"], p.central.url)
    relay.start()
    try:
        d = Driver(relay.url)
        inv = d.login_invigilator(p.session_id, p.kit["session_password"])
        cand = p.candidates[0]
        join_and_start(d, p, inv, cand, "pc-real")
        joined = d.call("POST", "/api/candidate/join", json={
            "session_number": p.session_id, "first_name": cand["first_name"],
            "last_name": cand["last_name"], "birthdate": cand["birthdate"],
            "device_id": "pc-spare"})
        spare = Kiosk(relay.url, joined["token"], "pc-spare", p.session_id, int(cand["id"]))
        assert spare.call("GET", "/api/candidate/test").status_code == 403
        request = spare.event(EventKind.RESUME_REQUESTED, {"outage_ms": 0})
        spare.push(request)
        bare = spare.event(EventKind.RESUME_AUTHORIZED, {"via": "session_password"})
        out = spare.push(bare)
        assert out["refused"][0]["reason"].startswith("resume_proof_missing")
        key = resume_proof.resume_key(p.kit["resume_code"], p.session_id)
        mac = resume_proof.resume_mac(key, session_id=p.session_id, candidate_id=int(cand["id"]),
                                      device_id="pc-spare", request_id=request["id"])
        proof = spare.event(EventKind.RESUME_AUTHORIZED, {
            "via": "session_password", "request_id": request["id"], "mac": mac})
        assert len(spare.push(proof)["acked"]) == 1
        assert spare.call("GET", "/api/candidate/test").status_code == 200
    finally:
        relay.stop()
