"""The relay package: one wire model for both ends, its format checked, loaded by the server.

The central server builds it (`GET /api/invigilator/package`), the station seals it, the
relay validates it and loads it through the server's own `relay_local`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from app.domain import relay_trust as trust
from app.domain.events import Event, EventKind, Role, new_event
from app.models.server import Candidate, PreparedTest
from app.relay.package import (
    PackageError,
    PackageFormatError,
    StoredPackage,
    open_package,
    parse_package,
    save,
    seal,
    write_bank,
)
from app.relay.station import StationRelay, StationRelayError
from app.server.app import create_app
from app.server.relay_local import LinkCounts, RelayLog, load_package
from app.server.settings import ServerSettings
from app.wire.relay import PACKAGE_FORMAT, RelayPackage, UnsupportedPackageFormat
from tests.helpers.clock import FakeClock
from tests.helpers.live_server import free_port
from tests.server.conftest import Api


def _package(api: Api, *, candidates: int = 2) -> tuple[dict[str, Any], str, bytes]:
    """A session with `candidates` candidates, one of them started: (package JSON, session
    password, the relay's private key)."""
    admin = api.admin()
    sid = api.session(admin)["id"]
    cands = [api.candidate(admin, sid, first_name=f"Ada{i}") for i in range(candidates)]
    inv = api.invigilator(admin, sid)
    kiosk = api.join(sid, cands[0])
    api.push(inv, api.event(EventKind.PRESENCE_CONFIRMED, sid, cands[0]["id"], "station"))
    code = api.kit(admin, sid)["access_code"]
    r = api.client.post("/api/candidate/start", json={"access_code": code, "device_id": "pc-1"},
                        headers=api.h(kiosk))
    assert r.status_code == 200, r.text
    key = trust.new_private_key()
    api.register_relay_key(admin, trust.b64(trust.public_bytes(key)))
    r = api.client.get("/api/invigilator/package", headers=api.h(inv),
                       params={"relay_public_key": trust.b64(trust.public_bytes(key))})
    assert r.status_code == 200, r.text
    return dict(r.json()), api.kit(admin, sid)["session_password"], trust.private_bytes(key)


def test_the_package_answer_is_the_wire_model_exactly(api: Api) -> None:
    data, _password, _key = _package(api)
    package = RelayPackage.parse(data)
    assert package.format == PACKAGE_FORMAT == data["format"] == 1
    assert package.model_dump(mode="json") == data  # nothing lost, nothing renamed
    # Datetimes stay as isoformat wrote them (the grant is signed over that text).
    assert data["prepared_at"].endswith("+00:00")
    assert data["grant"]["expires"] == package.grant.expires.isoformat()
    assert len(package.candidates) == 2
    assert len(package.certifications) == 1
    assert len(package.prepared_tests) == 1
    # The grant the package carries is the central server's, for this session.
    trust.verify_grant(
        trust.unb64(package.central_public_key), package.grant.model_dump(mode="json"),
        package.grant_signature, session_id=package.session_id, now=datetime.now(UTC),
    )


def test_a_package_seals_and_opens_back_the_same(api: Api, tmp_path: Path) -> None:
    data, password, key = _package(api)
    stored = StoredPackage(RelayPackage.parse(data), key)
    save(tmp_path, stored, password)
    opened = open_package(tmp_path, stored.session_id, password)
    assert opened == stored
    assert opened.package.model_dump(mode="json") == data
    with pytest.raises(PackageError, match="wrong session password"):
        open_package(tmp_path, stored.session_id, "C-xxxxxx")


@pytest.mark.parametrize("found", [2, 0, None, "1", True])
def test_an_unknown_format_is_refused_before_anything_else(found: object) -> None:
    data: dict[str, Any] = {"session": "not even a session"}
    if found is not None:
        data["format"] = found
    with pytest.raises(UnsupportedPackageFormat) as err:
        RelayPackage.parse(data)
    assert f"relay package format {found!r} is not supported" in str(err.value)
    assert err.value.found == found
    with pytest.raises(PackageFormatError, match="is not supported"):
        parse_package(data, "relay-package-7.bin")


def test_a_malformed_package_names_its_first_bad_field(api: Api) -> None:
    data, _password, _key = _package(api, candidates=1)
    del data["relay_token"]
    with pytest.raises(PackageError, match="relay_token: Field required") as err:
        parse_package(data, "relay-package-7.bin")
    assert not isinstance(err.value, PackageFormatError)


def test_a_stored_package_of_another_format_is_said_in_french(
    api: Api, tmp_path: Path
) -> None:
    data, password, key = _package(api, candidates=1)
    sid = int(data["session"]["id"])
    newer = dict(data, format=PACKAGE_FORMAT + 1)
    seal(tmp_path, sid, {"package": newer, "relay_private_key": trust.b64(key)}, password)
    with pytest.raises(PackageFormatError, match=f"format {PACKAGE_FORMAT + 1}"):
        open_package(tmp_path, sid, password)
    # No central server: the station falls back on the stored package, and says why not.
    relay = StationRelay(None, tmp_path, free_port(), host="127.0.0.1")
    with pytest.raises(StationRelayError) as err:
        relay.start(sid, password)
    assert err.value.message_fr.startswith(
        f"Le paquet de la session {sid} vient d'une autre version d'examroom"
    )
    assert "is not supported" in str(err.value)
    assert relay.status() is None


def test_the_relay_loads_the_package_once_then_only_late_candidates(
    api: Api, tmp_path: Path
) -> None:
    data, _password, _key = _package(api, candidates=2)
    package = RelayPackage.parse(data)
    sid = package.session_id
    bank = write_bank(package, tmp_path / "files")
    settings = ServerSettings(db_url=f"sqlite:///{tmp_path / 'relay.sqlite'}",
                              content_path=tmp_path / "files", relay_session=sid)
    ctx = create_app(settings, bank=bank).state.ctx
    now = datetime.now(UTC)

    def rows() -> tuple[list[int], list[int]]:
        with ctx.sessions() as db:
            cands = list(db.scalars(sa.select(Candidate.id).order_by(Candidate.id)))
            preps = list(db.scalars(sa.select(PreparedTest.candidate_id)))
        return cands, sorted(preps)

    assert load_package(ctx, package, now) is True
    cands, preps = rows()
    assert cands == [c.id for c in package.candidates]
    assert preps == [p.candidate_id for p in package.prepared_tests]
    # A newer package with one more candidate (registered late on central): only that
    # candidate and their prepared test are added; the relay's own log is kept.
    late = package.candidates[-1].model_copy(update={"id": 10_000, "first_name": "Late"})
    prep = package.prepared_tests[0].model_copy(update={"candidate_id": 10_000,
                                                        "certification_number": 10_000})
    newer = package.model_copy(update={"candidates": [*package.candidates, late],
                                       "prepared_tests": [*package.prepared_tests, prep]})
    assert load_package(ctx, newer, now) is False
    assert rows() == ([*cands, 10_000], sorted([*preps, 10_000]))
    assert load_package(ctx, newer, now) is False
    assert rows() == ([*cands, 10_000], sorted([*preps, 10_000]))
    ctx.engine.dispose()


def test_the_relay_log_goes_up_exactly_once_and_translates_seen_seq(
    api: Api, tmp_path: Path
) -> None:
    """RelayLog, the relay's end of decision 0004's exactly-once: central's events come in
    once, the relay's go up once, and seen_seq is translated between the numberings."""
    data, _password, _key = _package(api, candidates=2)
    package = RelayPackage.parse(data)
    sid = package.session_id
    settings = ServerSettings(db_url=f"sqlite:///{tmp_path / 'relay.sqlite'}",
                              content_path=tmp_path / "files", relay_session=sid)
    ctx = create_app(settings, bank=write_bank(package, tmp_path / "files")).state.ctx
    clock = FakeClock(now=datetime.now(UTC).replace(microsecond=0))
    log = RelayLog(ctx, sid, clock)
    assert load_package(ctx, package, clock.now()) is True
    central = [Event.from_wire(raw) for raw in package.events]
    top_central = max(e.server_seq or 0 for e in central)

    # Down: every central event once, even when central sends them again.
    assert log.absorb(central) == len(central)
    assert log.absorb(central) == 0
    assert log.counts() == LinkCounts(pending=0, refused=0)
    assert log.outgoing(10).events == []

    def on_relay(seq: int, seen_seq: int) -> Event:
        """The station's action recorded by the relay (its own numbering)."""
        event = new_event(
            EventKind.TIME_ADDED, session_id=sid, candidate_id=package.candidates[0].id,
            payload={"minutes": 5}, device_id="station", device_seq=seq, monotonic_ms=seq,
            wall_time=clock.now(), seen_seq=seen_seq,
        )
        with ctx.sessions() as db:
            result = ctx.eventlog.append(db, [event], Role.INVIGILATOR, now=clock.now())
        assert result.acked, result.refused
        return event.model_copy(update={"server_seq": result.acked[0].server_seq})

    with ctx.sessions() as db:
        top_relay = log.to_relay(db, top_central)  # the relay had all of central's then
    first = on_relay(1, seen_seq=top_relay)

    # Up: in relay order, seen_seq in central's numbering, the relay's reception time.
    batch = log.outgoing(10)
    assert [e.id for e in batch.events] == [first.id]
    assert batch.wire[0]["seen_seq"] == top_central
    assert batch.wire[0]["server_seq"] is None
    assert batch.wire[0]["received_at"]
    assert log.counts() == LinkCounts(pending=1, refused=0)
    assert log.record_push(batch.events, {first.id: top_central + 1}, {}) == 0
    assert log.outgoing(10).events == []  # acknowledged: never pushed again
    assert log.counts() == LinkCounts(pending=0, refused=0)

    # Refused upstream, then central has it after all (a kiosk sent it there too).
    second = on_relay(2, seen_seq=first.server_seq or 0)
    batch = log.outgoing(10)
    assert log.record_push(batch.events, {}, {second.id: "paused: not yet"}) == 1
    assert log.counts() == LinkCounts(pending=0, refused=1)
    assert log.outgoing(10).events == []
    back = second.model_copy(update={"server_seq": top_central + 5, "seen_seq": 0})
    assert log.absorb([back]) == 0  # known here: it only gets central's number
    assert log.counts() == LinkCounts(pending=0, refused=0)

    # Central's numbers back to the relay's: what a device that saw central up to N saw.
    with ctx.sessions() as db:
        assert log.to_relay(db, top_central) == top_relay
        assert log.to_relay(db, top_central + 1) == first.server_seq
        assert log.to_relay(db, top_central + 5) == second.server_seq
        assert log.to_central(db, top_relay) == top_central
        assert log.to_central(db, 0) == 0
    ctx.engine.dispose()
