"""Base classes and field types several areas of the API share."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    field_validator,
)

from app.domain.events import check_text

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

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: object) -> object:
        """A text field no database can store (NUL, a lone surrogate: PostgreSQL fails the
        whole statement) is a 422, never a 500. Event payloads are not fields of this kind:
        they are checked per event, the candidate's own text cleaned (domain/events.py).
        Texts inside a list or a mapping (the invigilators' names) too: schemathesis
        found a NUL there."""
        _check_texts(value)
        return value


def _check_texts(value: object) -> None:
    if isinstance(value, str):
        try:
            check_text("field", value)
        except ValueError as exc:
            raise ValueError(str(exc)) from None
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _check_texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_texts(key)
            _check_texts(item)
