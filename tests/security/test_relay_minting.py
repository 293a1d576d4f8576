"""Issue 17, item 2: a relay token takes more than the session password to mint.

Attack: a holder of the session password (typed in the room) logs in as invigilator and
asks `GET /api/invigilator/package?relay_public_key=<any key>` for a relay token. Central
now gives a package only to a relay key the centre's administrator registered beforehand
(`/api/admin/relay-keys`, `examroom server register-relay-key`). SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import requests

from app.domain import relay_trust as trust
from app.relay.package import relay_key, relay_public_key
from app.relay.station import StationRelay, StationRelayError, key_not_registered_fr
from tests.helpers.live_server import PASSWORD, Driver, LiveServer, free_port


def _room(live: LiveServer) -> tuple[Driver, str, int, str]:
    d = Driver(live.url)
    admin = d.login_admin()
    sid = int(d.create_session(admin)["id"])
    d.add_candidate(admin, sid, "Ada", "Lovelace")
    password = d.kit(admin, sid)["session_password"]
    return d, admin, sid, password


def _package(live: LiveServer, inv: str, key: str) -> requests.Response:
    return requests.get(live.url + "/api/invigilator/package", timeout=60,
                        params={"relay_public_key": key},
                        headers={"Authorization": f"Bearer {inv}"})


def test_the_session_password_alone_mints_no_relay_token(live: LiveServer) -> None:
    d, admin, sid, password = _room(live)
    inv = d.login_invigilator(sid, password)
    key = trust.b64(trust.public_bytes(trust.new_private_key()))
    r = _package(live, inv, key)
    assert r.status_code == 403, r.text
    assert r.json()["error"]["code"] == "relay_key_not_registered"
    assert "administrator must register" in r.json()["error"]["message"]
    # Registered by the centre's administrator: the same request gets the package.
    d.register_relay_key(admin, key)
    r = _package(live, inv, key)
    assert r.status_code == 200, r.text
    assert r.json()["grant"]["relay_public_key"] == key


def test_only_the_centres_administrator_registers_and_removes_keys(live: LiveServer) -> None:
    d, admin, sid, password = _room(live)
    inv = d.login_invigilator(sid, password)
    key = trust.b64(trust.public_bytes(trust.new_private_key()))
    # The invigilator (session password) cannot register a key itself.
    r = requests.post(live.url + "/api/admin/relay-keys", json={"public_key": key},
                      headers={"Authorization": f"Bearer {inv}"}, timeout=30)
    assert r.status_code == 403, r.text
    r = requests.post(live.url + "/api/admin/relay-keys", json={"public_key": "bad" * 14},
                      headers={"Authorization": f"Bearer {admin}"}, timeout=30)
    assert (r.status_code, r.json()["error"]["code"]) == (422, "bad_relay_key")
    out = d.call("POST", "/api/admin/relay-keys", admin,
                 json={"public_key": key, "label": "Salle 208"})
    assert out in d.call("GET", "/api/admin/relay-keys", admin)
    assert _package(live, inv, key).status_code == 200
    d.call("DELETE", f"/api/admin/relay-keys/{out['id']}", admin)
    assert out["id"] not in [k["id"] for k in d.call("GET", "/api/admin/relay-keys", admin)]
    r = _package(live, inv, key)
    assert (r.status_code, r.json()["error"]["code"]) == (403, "relay_key_not_registered")


def test_a_key_registered_by_another_centre_does_not_count(live: LiveServer) -> None:
    d, _admin, sid, password = _room(live)
    inv = d.login_invigilator(sid, password)
    email = f"other-{uuid.uuid4().hex[:8]}@example.org"
    live.cli("create-admin", "--email", email, "--centre", f"Autre collège {email[6:14]}",
             stdin=PASSWORD + "\n")
    other = str(d.call("POST", "/api/auth/login",
                       json={"email": email, "password": PASSWORD})["token"])
    key = trust.b64(trust.public_bytes(trust.new_private_key()))
    d.register_relay_key(other, key)
    r = _package(live, inv, key)
    assert (r.status_code, r.json()["error"]["code"]) == (403, "relay_key_not_registered")


def test_the_station_says_an_unregistered_key_in_french(
    live: LiveServer, tmp_path: Path,
) -> None:
    d, admin, sid, password = _room(live)
    relay = StationRelay(live.url, tmp_path, free_port(), host="127.0.0.1")
    with pytest.raises(StationRelayError) as err:
        relay.start(sid, password)
    key = relay_public_key(tmp_path)
    assert err.value.message_fr == key_not_registered_fr(key)
    assert "pas enregistrée" in err.value.message_fr and key in err.value.message_fr
    relay.stop()
    # The station keeps its key: registered once, the next start prepares the relay.
    assert relay_public_key(tmp_path) == key
    assert (tmp_path / "relay-key").stat().st_mode & 0o777 == 0o600
    assert trust.b64(trust.public_bytes(relay_key(tmp_path))) == key
    d.register_relay_key(admin, key)
    try:
        assert relay.start(sid, password)
    finally:
        relay.stop()


def test_the_cli_registers_a_relay_key(live: LiveServer) -> None:
    """`examroom server register-relay-key --centre NAME KEY` on the server's database."""
    d, admin, sid, password = _room(live)
    key = trust.b64(trust.public_bytes(trust.new_private_key()))
    centre = d.call("GET", "/api/admin/centre", admin)["name"]
    out = live.cli("register-relay-key", "--centre", centre, "--label", "Salle 208", key)
    assert key in out
    inv = d.login_invigilator(sid, password)
    assert _package(live, inv, key).status_code == 200
    with pytest.raises(RuntimeError, match="no centre"):
        live.cli("register-relay-key", "--centre", "no such centre", key)
