"""The invigilator station's routes (`/api/invigilator/...`).

The station reads two answers and caches them for a restart with no network: the
session's header and the list of candidates. Their common parts are models of their own
(`SessionHeaderOut`, `CandidateIdentityOut`) so the station's `SessionHeader` and
`EnrolledCandidate` (`app.services.invigilator_api`) are these models, not copies: a field
the server adds or renames is a field the station sees.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from app.wire.common import StrictIn


class InvigilatorLoginIn(StrictIn):
    session_number: int = Field(gt=0, lt=2**62)
    password: str = Field(min_length=1, max_length=50)


class SessionHeaderOut(BaseModel):
    """What the station's header shows of the session."""

    session_number: int
    date: dt.date
    start_time: str
    site: str
    room: str
    invigilators: list[str]
    access_code: str
    launched: bool
    entries_closed: bool
    finalised: bool
    presence_validity_minutes: int = 15
    """The server's `--presence-validity`: how long the list shows a presence as valid."""


class InvigilatorSessionOut(SessionHeaderOut):
    time_added_all_minutes: float
    last_server_seq: int
    counters: dict[str, int]


class CandidateIdentityOut(BaseModel):
    """Who a candidate of the session is, as the station lists them."""

    candidate_id: int
    last_name: str
    first_name: str
    birthdate: dt.date
    extra_time: float
    certifiable: bool


class CandidateStateOut(CandidateIdentityOut):
    joined: bool
    status: str
    status_label: str
    presence_valid: bool
    started_at: dt.datetime | None
    theoretical_end: dt.datetime | None
    ended_at: dt.datetime | None
    ended_by: str | None
    position: int
    total: int
    paused: bool
    open_alert: dict[str, str] | None
    resume_pending: bool
    end_screen_waiting: bool
    focus_lost: int
    overtime: bool
    last_heard: dt.datetime | None
    device_id: str | None
    time_added_minutes: float
    needs_attention: bool
    resume_elsewhere: str = ""
    """A resume asked from another PC than the test's: that PC's name (issue 17)."""


class ActionIn(StrictIn):
    """An invigilator action recorded by the server on the station's behalf."""

    kind: str = Field(min_length=1, max_length=40)
    candidate_id: int | None = Field(default=None, gt=0, lt=2**62)
    payload: dict[str, Any] = Field(default_factory=dict)
    device_id: str = Field(default="station", min_length=1, max_length=64)
    id: str | None = Field(default=None, min_length=8, max_length=64)
    """The event's id, chosen by the station so that a retry records nothing twice."""
