"""Accounts: an administrator's or the jury's login, and the token every login returns."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.wire.common import StrictIn


class LoginIn(StrictIn):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=200)


class TokenOut(BaseModel):
    token: str
    role: str
    expires_in: int = Field(description="seconds")


class CentreOut(BaseModel):
    id: int
    name: str
