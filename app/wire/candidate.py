"""The kiosk's routes (`/api/candidate/...`): join, presence, start, the test.

`JoinOut` is what the kiosk keeps after "Rejoindre une session"
(`app.services.candidate_api.Joined` is this model with the kiosk's reading of
`status`); `PublicChallenge` is `Challenge.public()`: everything but the solution.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from app.wire.common import StrictIn


class JoinIn(StrictIn):
    session_number: int = Field(gt=0, lt=2**62)
    first_name: str = Field(min_length=1, max_length=200)
    last_name: str = Field(min_length=1, max_length=200)
    birthdate: dt.date
    device_id: str = Field(min_length=1, max_length=64)
    device_name: str = Field(default="", max_length=64, description="the PC's name")
    public_key: str = Field(
        default="", max_length=64,
        description="the kiosk's Ed25519 public key (base64 of the 32 raw bytes): its "
        "events for this candidate must then be signed by it; empty for a kiosk that "
        "does not sign (accepted unsigned)",
    )


class JoinOut(BaseModel):
    token: str
    candidate_id: int
    session_id: int
    first_name: str
    last_name: str
    status: str


class CandidateStatusOut(BaseModel):
    candidate_id: int
    session_id: int
    status: str
    presence_confirmed: bool
    presence_valid: bool
    started: bool
    ended: bool
    ended_by: str | None
    certification_number: int | None
    last_server_seq: int


class StartIn(StrictIn):
    access_code: str = Field(min_length=1, max_length=20)
    device_id: str = Field(min_length=1, max_length=64)


class PublicField(BaseModel):
    name: str
    label: str
    format: str


class PublicChallenge(BaseModel):
    """A challenge as a kiosk sees it: `Challenge.public()`, no solution."""

    id: str
    competence: str
    level: int
    type: str
    instruction: str
    proposals: list[str]
    fields: list[PublicField]
    timer: int | None
    focus: bool
    image: str | None
    image_alt: str
    attachment: str | None
    keep_order: bool = False
    """The proposals are shown as written (the kiosk shuffles the others: app/domain/shuffle.py)."""


class TestOut(BaseModel):
    certification_number: int
    session_id: int
    candidate_id: int
    challenges: list[PublicChallenge]
    spares: list[PublicChallenge]
    extra_time: float
    accessibility: bool
    started_at: dt.datetime
    test_started_event: dict[str, Any] = Field(
        description="the TestStarted event, for the kiosk's own log"
    )
    resume_verifier: str = Field(
        description="argon2 hash of the session password: lets a kiosk with no network "
        "accept the session password typed by the invigilator to authorise a resume"
    )
    resume_check: str = Field(
        default="",
        description="recognises the resume code offline (app.domain.resume_proof)",
    )


class HeartbeatIn(StrictIn):
    device_id: str = Field(min_length=1, max_length=64)
