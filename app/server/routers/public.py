"""Routes anyone may call: health, login, certificate verification."""

from __future__ import annotations

from fastapi import APIRouter

from app import __version__
from app.server import results_service
from app.server.auth import authenticate_account, issue_token
from app.server.deps import ContextDep, DbRoute, SessionDep
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
def login(ctx: ContextDep, db: SessionDep, body: LoginIn) -> TokenOut:
    """Log in an administrator or a jury member (role taken from the account)."""
    account = authenticate_account(db, body.email, body.password)
    if account is None:
        raise ApiError(401, "bad_credentials", "wrong e-mail or password")
    token = issue_token(
        db, kind=account.role, now=ctx.clock.now(), ttl=ctx.token_ttl, account_id=account.id
    )
    db.commit()
    return TokenOut(token=token, role=account.role, expires_in=int(ctx.token_ttl.total_seconds()))


@router.get("/certificates/{verification_code}")
def verify_certificate(db: SessionDep, verification_code: str) -> CertificateOut:
    """Public check of a certificate by its verification code ("P-" + 8 characters)."""
    return results_service.certificate_by_code(db, verification_code[:40])
