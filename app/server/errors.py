"""Clear 4xx JSON errors: `{"error": {"code": ..., "message": ...}}`, never a 500 for bad input.

Routers and services raise `ApiError` with a stable machine code (the kiosk maps codes to
French sentences) and an English message for logs and API users. Validation errors and
database integrity errors are turned into the same shape.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import TimeoutError as SaTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.wire.errors import ErrorOut

log = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details


def not_found(what: str = "resource") -> ApiError:
    return ApiError(404, "not_found", f"{what} not found")


def forbidden(message: str = "not allowed for this role or scope") -> ApiError:
    return ApiError(403, "forbidden", message)


def conflict(code: str, message: str, **details: Any) -> ApiError:
    return ApiError(409, code, message, **details)


def error_body(code: str, message: str, **details: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = details
    return {"error": body}


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"description": desc, "model": ErrorOut}
    for status, desc in (
        (401, "Not authenticated"),
        (403, "Forbidden for this role or scope"),
        (404, "Not found"),
        (409, "Conflicts with the current state"),
        (413, "Request too large"),
        (422, "Invalid request"),
        (429, "Too many attempts"),
        (503, "Busy: retry after Retry-After seconds"),
    )
}
"""Documented on every route, so clients (and schemathesis) know the error shape."""


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        headers: dict[str, str] = {}
        if exc.status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        retry = exc.details.get("retry_after_s")
        if isinstance(retry, int):
            headers["Retry-After"] = str(retry)
        return JSONResponse(
            error_body(exc.code, exc.message, **exc.details),
            status_code=exc.status,
            headers=headers or None,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        return JSONResponse(
            error_body("invalid_request", "the request is not valid", errors=errors),
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(
            exc.status_code, "http_error"
        )
        return JSONResponse(
            error_body(code, str(exc.detail)), status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(SaTimeoutError)
    async def _pool_timeout(_request: Request, exc: SaTimeoutError) -> JSONResponse:
        # Every database connection busy for 10 s: overloaded, not broken. Clients
        # retry with back-off (503 is "try again" for the sync client).
        log.warning("database pool exhausted: answered 503")
        return JSONResponse(
            error_body("overloaded", "the server is busy, try again shortly"),
            status_code=503,
            headers={"Retry-After": "2"},
        )

    @app.exception_handler(IntegrityError)
    async def _integrity(_request: Request, exc: IntegrityError) -> JSONResponse:
        # A unique or foreign-key violation the service did not foresee is still the
        # client's input clashing with stored data: a conflict, not a crash.
        # The driver's message may quote the clashing values (an e-mail, a name): DEBUG only.
        log.info("integrity error answered as 409 (%s)", type(exc.orig).__name__)
        log.debug("integrity error detail: %s", exc.orig)
        return JSONResponse(
            error_body("conflict", "the request conflicts with stored data"), status_code=409
        )
