"""After the session: finalisation, documents, results, certificates and the jury."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from app.wire.common import StrictIn


class IncidentIn(StrictIn):
    category: str = Field(pattern=r"^(C(1|2|4|6|7|8)|E(1|2|3|4|5|8|9|10|11|12))$")
    question_number: int | None = Field(default=None, gt=0, le=1000)
    description: str = Field(default="", max_length=500)


class CandidateFinalisation(StrictIn):
    candidate_id: int = Field(gt=0, lt=2**62)
    end_screen_seen: bool = False
    abandonment: Literal["candidate", "technical"] | None = None
    incidents: list[IncidentIn] = Field(default_factory=list, max_length=50)


class FinaliseIn(StrictIn):
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
    email: str = ""
    """Where the school sends this candidate's results (it sends them; the server never
    sends mail)."""


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
    issued_on: dt.date | None = None
    """"Délivré le …": the day the results were published (seed 003)."""


class JuryNeutraliseIn(StrictIn):
    challenge_id: str = Field(min_length=1, max_length=100)
    comment: str = Field(default="", max_length=500)


class JuryCommentIn(StrictIn):
    comment: str = Field(default="", max_length=500)
