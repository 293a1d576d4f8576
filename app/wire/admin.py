"""The centre's administration: sessions, candidates and their import.

Create schemas validate everything a client may send; update schemas make every field
optional (PATCH); public schemas are what the API answers and never carry a secret or a
solution (STYLE item 13).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field

from app.domain.birthplace import canonical_birthplace
from app.domain.clocks import parse_extra_time
from app.domain.competences import COMPETENCE_CODES, MAX_LEVEL
from app.wire.common import HHMM, Email, Invigilators, Name, StrictIn

SessionStatus = Literal["created", "started", "finalised", "in_process", "published"]


# -- sessions --------------------------------------------------------------------------


class SessionCreate(StrictIn):
    site: str = Name
    room: str = Name
    invigilators: Invigilators
    date: dt.date
    start_time: str = Field(pattern=HHMM)
    observations: str = Field(default="", max_length=2000)


class SessionUpdate(StrictIn):
    site: str | None = Field(default=None, min_length=1, max_length=200)
    room: str | None = Field(default=None, min_length=1, max_length=200)
    invigilators: Invigilators | None = None
    date: dt.date | None = None
    start_time: str | None = Field(default=None, pattern=HHMM)
    observations: str | None = Field(default=None, max_length=2000)


class PostponeIn(StrictIn):
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
    resume_code: str = ""
    """Typed on a kiosk for an offline resume; opens nothing else (app.domain.resume_proof)."""


# -- candidates ------------------------------------------------------------------------


class ProfileEntry(StrictIn):
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
Birthplace = Annotated[
    str,
    Field(max_length=200, description="INSEE code, postal code and city, or 99 and a country"),
    AfterValidator(canonical_birthplace),
]


class CandidateCreate(StrictIn):
    last_name: str = Name
    first_name: str = Name
    birthdate: Birthdate
    birthplace: Birthplace = ""
    sex: Literal["M", "F", ""] = ""
    class_name: str = Field(default="", max_length=100)
    external_id: str = Field(default="", max_length=100)
    extra_time: ExtraTime = 0.0
    accessibility: bool = False
    email: Email = ""
    profile: Profile = Field(default_factory=dict)


class CandidateUpdate(StrictIn):
    last_name: str | None = Field(default=None, min_length=1, max_length=200)
    first_name: str | None = Field(default=None, min_length=1, max_length=200)
    birthdate: Birthdate | None = None
    birthplace: Birthplace | None = None
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


class PupilPublic(BaseModel):
    """A pupil of the school's list, as the list filtered by class shows them."""

    id: int
    last_name: str
    first_name: str
    birthdate: dt.date
    class_name: str
    certifiable: bool
    extra_time: float


class AddPupilsIn(StrictIn):
    pupil_ids: list[Annotated[int, Field(gt=0, lt=2**62)]] = Field(min_length=1, max_length=2000)


class AddPupilsOut(BaseModel):
    added: int
    already: int = Field(description="pupils already candidates of this session, left as is")
    not_certifiable: list[str] = Field(default_factory=list, description="names added, flagged")


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
    """In English (API users, logs); `problems` carries the stable codes."""
    problems: list[dict[str, str]] = Field(default_factory=list)
    """[{code, column, value}] (app/server/importer.py `Problem`): the screens' French."""


class ImportPreviewOut(BaseModel):
    """What an import would do, without doing it: the admin sees every bad line first."""

    lines: list[ImportPreviewLine]
    errors: list[dict[str, Any]]
