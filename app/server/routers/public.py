"""Routes anyone may call: health, login, certificate verification."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app import __version__
from app.server import results_service
from app.server.auth import authenticate_account, issue_token, revoke_token
from app.server.deps import (
    BearerToken,
    ClientAddress,
    ContextDep,
    CurrentPrincipal,
    DbRoute,
    SessionDep,
)
from app.server.errors import ApiError
from app.wire.auth import LoginIn, TokenOut
from app.wire.results import CertificateOut

router = APIRouter(prefix="/api", tags=["public"], route_class=DbRoute)


@router.get("/health")
def health(db: SessionDep) -> dict[str, str]:
    """Liveness and database reachability, for load balancers and the installer's checks."""
    db.connection()
    return {"status": "ok", "version": __version__}


@router.post("/auth/login")
def login(ctx: ContextDep, db: SessionDep, body: LoginIn, address: ClientAddress) -> TokenOut:
    """Log in an administrator or a jury member (role taken from the account).

    5 failures in 5 minutes per e-mail, 30 per client address: 429 with Retry-After."""
    keys = [("login_account", body.email.strip().lower()), ("login_address", address)]
    with ctx.limits.attempt(keys) as attempt:
        account = authenticate_account(db, body.email, body.password)
        if account is None:
            raise ApiError(401, "bad_credentials", "wrong e-mail or password")
        attempt.success()
    token = issue_token(
        db, kind=account.role, now=ctx.clock.now(), ttl=ctx.token_ttl, account_id=account.id
    )
    db.commit()
    return TokenOut(token=token, role=account.role, expires_in=int(ctx.token_ttl.total_seconds()))


@router.post("/auth/logout", status_code=204)
def logout(ctx: ContextDep, db: SessionDep, _who: CurrentPrincipal, token: BearerToken) -> Response:
    """End the caller's token, whatever its role: refused on every route from now on."""
    revoke_token(db, token, ctx.tokens)
    return Response(status_code=204)


@router.get("/certificates/{verification_code}")
def verify_certificate(
    ctx: ContextDep, db: SessionDep, verification_code: str, address: ClientAddress
) -> CertificateOut:
    """Public check of a certificate by its verification code ("P-" + 8 characters).

    20 unknown codes a minute per client address: 429 with Retry-After."""
    with ctx.limits.attempt([("certificate_address", address)]) as attempt:
        found = results_service.certificate_by_code(db, verification_code[:40])
        attempt.success()
    return found
