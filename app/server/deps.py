"""Typed FastAPI dependencies (STYLE item 13): the database session and who is calling.

Every route depends on exactly one of CurrentAdmin, CurrentJury, CurrentInvigilator,
CurrentCandidate (or CurrentPrincipal for the sync routes, which check the scope of each
event). The scope checks for a centre's or a session's data live in `scope.py`, so a
router cannot forget them without it showing.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param
from sqlalchemy.orm import Session

from app.domain.events import Role
from app.server.auth import Principal, resolve_token
from app.server.context import ServerContext
from app.server.errors import ApiError

_bearer = HTTPBearer(auto_error=False, description="token from a login or a join")


def get_context(request: Request) -> ServerContext:
    ctx: ServerContext = request.app.state.ctx
    return ctx


ContextDep = Annotated[ServerContext, Depends(get_context)]


async def get_db(ctx: ContextDep) -> AsyncIterator[Session]:
    """The request's database session, closed on the event loop when the request ends.

    Why async: a sync generator's teardown runs in the worker-thread pool. Under load
    every worker thread can be waiting for a database connection while the connections
    are held by finished requests whose teardown is queued behind them: with 500 kiosks
    the server answered nothing for minutes, 40 connections "idle in transaction", 30
    threads in `pool.connect` (found by `examroom simulate --kiosks 500`). Closing here
    returns the connection without needing a thread. The session opens no connection
    until first used; closing it is a rollback of at most one round trip.
    """
    db = ctx.sessions()
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    finally:
        db.close()


SessionDep = Annotated[Session, Depends(get_db)]


def principal_of(ctx: ServerContext, db: Session, token: str | None) -> Principal:
    """Who holds this bearer token; 401 when there is none or it is unknown or expired."""
    if not token:
        raise ApiError(401, "not_authenticated", "a bearer token is required")
    principal = resolve_token(db, token, ctx.clock.now(), ctx.tokens)
    # End the read transaction if the token was read (not cached): the push path must
    # start its own with a write lock.
    if db.in_transaction():
        db.commit()
    if principal is None:
        raise ApiError(401, "invalid_token", "the token is unknown or expired")
    return principal


def bearer_of(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer ...` header, as HTTPBearer reads it."""
    scheme, token = get_authorization_scheme_param(authorization)
    return token if scheme.lower() == "bearer" and token else None


def get_principal(
    ctx: ContextDep,
    db: SessionDep,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    return principal_of(ctx, db, creds.credentials if creds is not None else None)


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def bearer_token(
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    return creds.credentials if creds is not None else ""


BearerToken = Annotated[str, Depends(bearer_token)]
"""The caller's token itself (to end it); the route also depends on CurrentPrincipal."""


def client_address(request: Request) -> str:
    """The caller's IP address, as the connection shows it (a proxy's header is not trusted)."""
    return request.client.host if request.client is not None else "unknown"


ClientAddress = Annotated[str, Depends(client_address)]


class DbRoute(APIRoute):
    """A route whose sync endpoint gives its database connection back before it returns.

    Why: after a sync endpoint returns, FastAPI validates and serializes its result in the
    worker-thread pool, and only then ends the request. A connection still held then (a
    read after the last commit, e.g. the fold in `join`) waits for a free thread; under
    load every thread waited for a connection, and the server answered nothing for
    minutes (found by `examroom simulate --kiosks 500`; reproduced by
    tests/server/test_pool_under_load.py). Closing the session in the endpoint's own
    thread ends that wait. Our endpoints return pydantic models built from loaded data,
    so nothing needs the session afterwards (closing detaches without expiring).
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _closing_sessions(endpoint)
        super().__init__(path, endpoint, **kwargs)


def _closing_sessions(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(endpoint)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return endpoint(*args, **kwargs)
        finally:
            for value in kwargs.values():
                if isinstance(value, Session):
                    value.close()

    return wrapper


def _role(role: Role) -> object:
    def dependency(principal: CurrentPrincipal) -> Principal:
        if principal.role is not role:
            raise ApiError(403, "forbidden", f"this route is for the {role.value} role")
        return principal

    return Depends(dependency)


CurrentAdmin = Annotated[Principal, _role(Role.ADMIN)]
CurrentJury = Annotated[Principal, _role(Role.JURY)]
CurrentInvigilator = Annotated[Principal, _role(Role.INVIGILATOR)]
CurrentCandidate = Annotated[Principal, _role(Role.KIOSK)]

IdPath = Annotated[int, Path(gt=0, lt=2**62, description="a positive id")]
"""Path ids are bounded so a huge number is a 422, not a database overflow."""
