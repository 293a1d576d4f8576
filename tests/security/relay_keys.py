"""A relay token for a test room: the relay's key pair and the package's token."""

from __future__ import annotations

from typing import Any

from app.domain import relay_trust as trust


def relay_token(room: Any) -> str:
    key = trust.b64(trust.public_bytes(trust.new_private_key()))
    room.driver.register_relay_key(room.admin, key)
    package = room.driver.call("GET", "/api/invigilator/package", room.inv,
                               params={"relay_public_key": key})
    return str(package["relay_token"])
