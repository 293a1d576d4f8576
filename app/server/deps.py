"""Typed FastAPI dependencies (STYLE item 13): the database session and who is calling.

Every route depends on exactly one of CurrentAdmin, CurrentJury, CurrentInvigilator,
CurrentCandidate (or CurrentPrincipal for the sync routes, which check the scope of each
event). The scope checks for a centre's or a session's data live in `scope.py`, so a
router cannot forget them without it showing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
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


def get_db(ctx: ContextDep) -> Iterator[Session]:
    with ctx.sessions() as db:
        try:
            yield db
        except BaseException:
            db.rollback()
            raise


SessionDep = Annotated[Session, Depends(get_db)]


def get_principal(
    ctx: ContextDep,
    db: SessionDep,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if creds is None or not creds.credentials:
        raise ApiError(401, "not_authenticated", "a bearer token is required")
    principal = resolve_token(db, creds.credentials, ctx.clock.now())
    # End the read transaction now: the push path must start its own with a write lock.
    db.commit()
    if principal is None:
        raise ApiError(401, "invalid_token", "the token is unknown or expired")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


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
