"""RoomLink without a network: which end a call goes to, and what the kiosk keeps."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.services.candidate_api import Joined
from app.services.http import ApiRefused, Unreachable
from app.services.room_link import RoomLink


class FakeEnd:
    def __init__(self, name: str) -> None:
        self.name = name
        self.token: str | None = None
        self.fail: Exception | None = None
        self.calls: list[str] = []

    def join(self, **kw: Any) -> Joined:
        self.calls.append("join")
        if self.fail:
            raise self.fail
        return Joined(token=f"tok-{self.name}", candidate_id=7, session_id=kw["session_number"],
                      first_name="Ada", last_name="Lovelace", status="joined")

    def start(self, access_code: str, device_id: str) -> dict[str, Any]:
        self.calls.append(f"start:{self.token}")
        if self.fail:
            raise self.fail
        return {"end": self.name}


def link_with(trusted: bool = True) -> tuple[RoomLink, FakeEnd, FakeEnd]:
    clock = [0.0]

    def verify(*_: Any) -> None:
        if not trusted:
            from app.domain.relay_trust import RelayNotTrusted

            raise RelayNotTrusted("bad_grant", "forged")

    class Key:
        def get(self) -> bytes:
            return b"k" * 32

    link = RoomLink(central_url="http://central", relay_urls=["http://relay"], device_id="pc",
                    central_key=Key(), verify=verify,  # type: ignore[arg-type]
                    monotonic=lambda: clock[0])
    relay, central = FakeEnd("relay"), FakeEnd("central")
    link.ends[0].api, link.ends[1].api = relay, central  # type: ignore[assignment]
    return link, relay, central


def join(link: RoomLink) -> Joined:
    return link.join(session_number=296, first_name="Ada", last_name="Lovelace",
                     birthdate=date(2010, 5, 4), device_id="pc")


def test_the_trusted_relay_first_then_central_joined_on_demand() -> None:
    link, relay, central = link_with()
    joined = join(link)
    assert link.active == "relay" and central.calls == []
    assert link.start("ABCD12", "pc") == {"end": "relay"}
    relay.fail = Unreachable("down")
    assert link.start("ABCD12", "pc") == {"end": "central"}
    assert central.calls == ["join", "start:tok-central"]  # joined there by itself
    # What the runner keeps restores both: a restarted kiosk needs no new join.
    again, _, central2 = link_with()
    again.ends[1].api = central2  # type: ignore[assignment]
    again.token = joined.token
    assert again.session_id == 296
    again.ends[0].api.fail = Unreachable("down")  # type: ignore[attr-defined]
    again.start("ABCD12", "pc")
    assert central2.calls == ["join", "start:tok-central"]


def test_an_untrusted_relay_is_skipped() -> None:
    link, relay, _central = link_with(trusted=False)
    join(link)
    assert relay.calls == [] and link.active == "central"


def test_not_here_goes_to_the_next_end_but_no_is_the_answer() -> None:
    link, relay, _central = link_with()
    join(link)
    relay.fail = ApiRefused("not_prepared", "added after the package", status=409)
    assert link.start("ABCD12", "pc") == {"end": "central"}
    # The station confirmed presence on central; the relay has not pulled it yet.
    relay.fail = ApiRefused("presence_not_confirmed", "not yet here", status=409)
    assert link.start("ABCD12", "pc") == {"end": "central"}
    relay.fail = ApiRefused("wrong_access_code", "no", status=403)
    with pytest.raises(ApiRefused, match="wrong_access_code"):
        link.start("ABCD12", "pc")


def test_a_plain_token_from_before_relays_is_the_central_token() -> None:
    link, _, central = link_with(trusted=False)
    link.token = "plain-token"
    assert link.start("ABCD12", "pc") == {"end": "central"}
    assert central.calls == ["start:plain-token"]
    link.token = None
    assert link.token is None
