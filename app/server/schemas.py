"""Request and response bodies: separate create / update / public schemas (STYLE item 13).

Create schemas validate everything a client may send; update schemas make every field
optional (PATCH); public schemas are what the API answers and never carry a secret or a
solution. Every string has a length limit so a hostile client cannot store megabytes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from app.domain.clocks import parse_extra_time
from app.domain.competences import COMPETENCE_CODES, MAX_LEVEL

HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
SessionStatus = Literal["created", "started", "finalised", "in_process", "published"]

Name = Field(min_length=1, max_length=200)
Invigilators = Annotated[
    list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]],
    Field(min_length=1, max_length=20),
]
Email = Annotated[str, Field(max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# -- auth ------------------------------------------------------------------------------


class LoginIn(_Strict):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=200)


class TokenOut(BaseModel):
    token: str
    role: str
    expires_in: int = Field(description="seconds")


class InvigilatorLoginIn(_Strict):
    session_number: int = Field(gt=0, lt=2**62)
    password: str = Field(min_length=1, max_length=50)


class CentreOut(BaseModel):
    id: int
    name: str


# -- sessions --------------------------------------------------------------------------


class SessionCreate(_Strict):
    site: str = Name
    room: str = Name
    invigilators: Invigilators
    date: dt.date
    start_time: str = Field(pattern=HHMM)
    observations: str = Field(default="", max_length=2000)


class SessionUpdate(_Strict):
    site: str | None = Field(default=None, min_length=1, max_length=200)
    room: str | None = Field(default=None, min_length=1, max_length=200)
    invigilators: Invigilators | None = None
    date: dt.date | None = None
    start_time: str | None = Field(default=None, pattern=HHMM)
    observations: str | None = Field(default=None, max_length=2000)


class PostponeIn(_Strict):
    date: dt.date
    start_time: str | None = Field(default=None, pattern=HHMM)


class SessionPublic(BaseModel):
    id: int
    session_number: int
    centre_id: int
    site: str
    room: str
    invigilators: list[str]
    date: dt.date
    start_time: str
    observations: str
    status: SessionStatus
    candidate_count: int
    warnings: list[str]
    created_at: dt.datetime


class SessionKit(BaseModel):
    """The invigilator kit (kit surveillant): what the admin prints for the room."""

    session_number: int
    date: dt.date
    start_time: str
    site: str
    room: str
    invigilators: list[str]
    session_password: str
    access_code: str


# -- candidates ------------------------------------------------------------------------


class ProfileEntry(_Strict):
    level: int = Field(ge=0, le=MAX_LEVEL)
    pix: int = Field(default=0, ge=0, le=1024)


def _check_profile(value: dict[str, ProfileEntry]) -> dict[str, ProfileEntry]:
    unknown = sorted(set(value) - set(COMPETENCE_CODES))
    if unknown:
        raise ValueError(f"unknown competence code(s): {', '.join(unknown)}")
    return value


def _extra_time(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("extra time must be like 30%, 30 or 0.30")
    try:
        return float(parse_extra_time(value if isinstance(value, str) else str(value)))
    except ValueError as exc:
        raise ValueError(str(exc)) from None


def _birth(value: dt.date) -> dt.date:
    if not dt.date(1900, 1, 1) <= value <= dt.date.today():
        raise ValueError("birthdate must be between 1900-01-01 and today")
    return value


ExtraTime = Annotated[
    float,
    BeforeValidator(_extra_time),
    Field(ge=0.0, le=1.0, description="share of the base duration; `30%`, `30`, `0.30` accepted"),
]
Profile = Annotated[dict[str, ProfileEntry], AfterValidator(_check_profile)]
Birthdate = Annotated[dt.date, AfterValidator(_birth)]


class CandidateCreate(_Strict):
    last_name: str = Name
    first_name: str = Name
    birthdate: Birthdate
    birthplace: str = Field(default="", max_length=200)
    sex: Literal["M", "F", ""] = ""
    class_name: str = Field(default="", max_length=100)
    external_id: str = Field(default="", max_length=100)
    extra_time: ExtraTime = 0.0
    accessibility: bool = False
    email: Email = ""
    profile: Profile = Field(default_factory=dict)


class CandidateUpdate(_Strict):
    last_name: str | None = Field(default=None, min_length=1, max_length=200)
    first_name: str | None = Field(default=None, min_length=1, max_length=200)
    birthdate: Birthdate | None = None
    birthplace: str | None = Field(default=None, max_length=200)
    sex: Literal["M", "F", ""] | None = None
    class_name: str | None = Field(default=None, max_length=100)
    external_id: str | None = Field(default=None, max_length=100)
    extra_time: ExtraTime | None = None
    accessibility: bool | None = None
    email: Email | None = None
    profile: Profile | None = None


class CandidatePublic(BaseModel):
    id: int
    session_id: int
    last_name: str
    first_name: str
    birthdate: dt.date
    birthplace: str
    sex: str
    class_name: str
    external_id: str
    extra_time: float
    accessibility: bool
    email: str
    profile: dict[str, ProfileEntry]
    certifiable: bool


class ImportOut(BaseModel):
    imported: int
    not_certifiable: list[int] = Field(description="line numbers of non-certifiable candidates")


class ImportPreviewLine(BaseModel):
    """One line of an import file as it would be imported (dry run), or its error."""

    line: int
    last_name: str = ""
    first_name: str = ""
    birthdate: dt.date | None = None
    class_name: str = ""
    extra_time: float = 0.0
    certifiable: bool | None = None
    error: str | None = None


class ImportPreviewOut(BaseModel):
    """What an import would do, without doing it: the admin sees every bad line first."""

    lines: list[ImportPreviewLine]
    errors: list[dict[str, Any]]


# -- candidate (kiosk) -----------------------------------------------------------------


class JoinIn(_Strict):
    session_number: int = Field(gt=0, lt=2**62)
    first_name: str = Field(min_length=1, max_length=200)
    last_name: str = Field(min_length=1, max_length=200)
    birthdate: dt.date
    device_id: str = Field(min_length=1, max_length=64)


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


class StartIn(_Strict):
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


class HeartbeatIn(_Strict):
    device_id: str = Field(min_length=1, max_length=64)


# -- invigilator -----------------------------------------------------------------------


class InvigilatorSessionOut(BaseModel):
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
    time_added_all_minutes: float
    last_server_seq: int
    counters: dict[str, int]


class CandidateStateOut(BaseModel):
    candidate_id: int
    last_name: str
    first_name: str
    birthdate: dt.date
    extra_time: float
    certifiable: bool
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


class ActionIn(_Strict):
    """An invigilator action recorded by the server on the station's behalf."""

    kind: str = Field(min_length=1, max_length=40)
    candidate_id: int | None = Field(default=None, gt=0, lt=2**62)
    payload: dict[str, Any] = Field(default_factory=dict)
    device_id: str = Field(default="station", min_length=1, max_length=64)
    id: str | None = Field(default=None, min_length=8, max_length=64)
    """The event's id, chosen by the station so that a retry records nothing twice."""


# -- sync ------------------------------------------------------------------------------


class PushIn(BaseModel):
    events: list[dict[str, Any]] = Field(max_length=500)


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


# -- after the session -----------------------------------------------------------------


class IncidentIn(_Strict):
    category: str = Field(pattern=r"^(C(1|2|4|6|7|8)|E(1|2|3|4|5|8|9|10|11|12))$")
    question_number: int | None = Field(default=None, gt=0, le=1000)
    description: str = Field(default="", max_length=500)


class CandidateFinalisation(_Strict):
    candidate_id: int = Field(gt=0, lt=2**62)
    end_screen_seen: bool = False
    abandonment: Literal["candidate", "technical"] | None = None
    incidents: list[IncidentIn] = Field(default_factory=list, max_length=50)


class FinaliseIn(_Strict):
    candidates: list[CandidateFinalisation] = Field(default_factory=list, max_length=1000)
    comment: str = Field(default="", max_length=500)
    no_particular_problem: bool = False
    candidates_had_trouble_joining: bool = False


class FinalisationCandidateOut(BaseModel):
    """A candidate as step 1 of the finalisation needs it (admin, before and after)."""

    candidate_id: int
    last_name: str
    first_name: str
    certification_number: int | None
    started: bool
    completed: bool
    ended: bool
    end_screen_seen: bool
    abandonment: str | None
    incidents: list[dict[str, Any]]


class DocumentOut(BaseModel):
    id: int
    filename: str
    content_type: str
    size: int
    uploaded_at: dt.datetime


class CompetenceResult(BaseModel):
    competence: str
    name: str
    domain: str
    level: int
    pix: int


class ResultOut(BaseModel):
    candidate_id: int
    certification_number: int
    last_name: str
    first_name: str
    status: str
    pix_score: int
    competences: list[CompetenceResult]
    jury_comment: str
    verification_code: str | None


class CertificateOut(BaseModel):
    verification_code: str
    last_name: str
    first_name: str
    birthdate: dt.date
    birthplace: str
    centre: str
    session_date: dt.date
    certification_number: int
    pix_score: int
    competences: list[CompetenceResult]


class JuryNeutraliseIn(_Strict):
    challenge_id: str = Field(min_length=1, max_length=100)
    comment: str = Field(default="", max_length=500)


class JuryCommentIn(_Strict):
    comment: str = Field(default="", max_length=500)
