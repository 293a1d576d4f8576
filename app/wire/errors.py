"""The body of every refusal: `{"error": {"code", "message", "details"?}}`.

`code` is stable (clients map it to a French sentence), `message` is English for logs and
API users, `details` carries structured extras (`retry_after_s`, an import's line errors).
The server writes it (`app.server.errors`); the HTTP client core reads it
(`app.services.http`).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: dict[str, Any] | None = None


class ErrorOut(BaseModel):
    error: ErrorDetail
