"""Push and pull of events (ARCHITECTURE "Sync"): kiosks, stations and relays alike.

Events travel as `Event.to_wire()` dicts (`app.domain.events`), validated one by one by
the receiving end, so that one bad event is refused alone, never with its batch.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

MAX_PUSH_EVENTS = 500
"""Events per push the API accepts (the server's `max_batch` may be lower)."""


class PushIn(BaseModel):
    events: list[dict[str, Any]] = Field(max_length=MAX_PUSH_EVENTS)


class AckOut(BaseModel):
    id: str
    server_seq: int
    received_at: dt.datetime


class RefusalOut(BaseModel):
    id: str
    reason: str


class PushOut(BaseModel):
    acked: list[AckOut]
    refused: list[RefusalOut]


class PullOut(BaseModel):
    events: list[dict[str, Any]]
    last_seq: int = Field(description="the highest server_seq returned, or `after`")
