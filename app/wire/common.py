"""Base classes and field types several areas of the API share."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, StringConstraints

HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"

Name = Field(min_length=1, max_length=200)
Invigilators = Annotated[
    list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]],
    Field(min_length=1, max_length=20),
]
Email = Annotated[str, Field(max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")]

IsoDatetime = Annotated[datetime, PlainSerializer(lambda d: d.isoformat(), return_type=str)]
"""A datetime written as `datetime.isoformat()` gives it (`+00:00`, not pydantic's `Z`):
what the relay package has always carried, and what the grant's signature is made over."""


class StrictIn(BaseModel):
    """What a client sends: unknown fields are refused, strings stripped.

    Every string has a length limit so a hostile client cannot store megabytes."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
