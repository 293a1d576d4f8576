"""Issue 20: entries close by themselves once the code is given (seed 000, scenario 6), and
the server's `presence_validity_minutes` is the rule of the start, of every device's fold
and of the station's list."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.events import EventKind
from app.server.cli import build_parser
from app.server.settings import ServerSettings
from tests.server.conftest import Api


@pytest.fixture(scope="module")
def server_settings(db_url: str) -> ServerSettings:
    return ServerSettings(db_url=db_url, max_wait_s=2.0, presence_validity_minutes=30)


def _start(api: Api, admin: str, sid: int, kiosk: str) -> Any:
    code = api.kit(admin, sid)["access_code"]
    return api.client.post("/api/candidate/start", json={"access_code": code,
                           "device_id": "pc-1"}, headers=api.h(kiosk))


def test_the_servers_presence_validity_is_the_rule_of_the_start(api: Api) -> None:
    admin = api.admin()
    sid = api.session(admin)["id"]
    cand = api.candidate(admin, sid)
    kiosk = api.join(sid, cand)
    inv = api.invigilator(admin, sid)
    api.push(inv, api.event(EventKind.PRESENCE_CONFIRMED, sid, cand["id"], "station"))
    api.clock.advance(20 * 60 * 1000)  # over Pix's 15, under this server's 30
    status = api.client.get("/api/candidate/status", headers=api.h(kiosk)).json()
    assert status["presence_valid"]
    rows = api.client.get("/api/invigilator/candidates", headers=api.h(inv)).json()
    assert [r["presence_valid"] for r in rows] == [True]
    header = api.client.get("/api/invigilator/session", headers=api.h(inv)).json()
    assert header["presence_validity_minutes"] == 30  # the station's list follows it
    r = _start(api, admin, sid, kiosk)
    assert r.status_code == 200, r.text
    events = api.client.get(f"/api/sessions/{sid}/events?after=0",
                            headers=api.h(inv)).json()["events"]
    started = [e for e in events if e["kind"] == "TestStarted"]
    assert started[0]["payload"]["presence_validity_minutes"] == 30


def test_past_the_validity_the_start_is_refused(api: Api) -> None:
    admin = api.admin()
    sid = api.session(admin)["id"]
    cand = api.candidate(admin, sid)
    kiosk = api.join(sid, cand)
    inv = api.invigilator(admin, sid)
    api.push(inv, api.event(EventKind.PRESENCE_CONFIRMED, sid, cand["id"], "station"))
    api.clock.advance(31 * 60 * 1000)
    r = _start(api, admin, sid, kiosk)
    assert r.status_code == 409 and r.json()["error"]["code"] == "presence_not_confirmed"
    assert "30 minutes" in r.json()["error"]["message"]


def test_no_latecomer_once_the_code_is_given(api: Api) -> None:
    admin = api.admin()
    sid = api.session(admin)["id"]
    on_time = api.candidate(admin, sid)
    late = api.candidate(admin, sid, first_name="Alan", last_name="Turing")
    inv = api.invigilator(admin, sid)
    api.join(sid, on_time)
    out = api.push(inv, api.event(EventKind.TEST_LAUNCHED, sid, None, "station"))
    assert not out["refused"]
    session = api.client.get("/api/invigilator/session", headers=api.h(inv)).json()
    assert session["entries_closed"]  # closed by themselves, no "Clore les entrées"
    body = {"session_number": sid, "first_name": "Alan", "last_name": "Turing",
            "birthdate": late["birthdate"], "device_id": "pc-9"}
    r = api.client.post("/api/candidate/join", json=body)
    assert r.status_code == 403 and r.json()["error"]["code"] == "session_closed"
    out = api.push(inv, api.event(EventKind.LATE_ENTRY_ADMITTED, sid, late["id"], "station"))
    assert out["refused"][0]["reason"].startswith("code_given")
    api.join(sid, on_time, device="pc-2")  # joined before the code: still in the room


def test_presence_validity_on_the_command_line() -> None:
    assert build_parser().parse_args([]).presence_validity == 15
    assert build_parser().parse_args(["--presence-validity", "30"]).presence_validity == 30
    for bad in ("0", "abc", "2000"):
        with pytest.raises(SystemExit):
            build_parser().parse_args(["--presence-validity", bad])
