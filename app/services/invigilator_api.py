"""HTTP client of the invigilator API (`/api/invigilator/*`), with typed errors.

Why a separate client: the desk must tell "wrong password" (say it, in the seeds' words),
"server unreachable" (keep working from the local store) and "token no longer valid" (ask
to log in again) apart, and a view never opens an HTTP connection (ARCHITECTURE). Events
are not pushed here: the station records its actions in its own store and the sync engine
pushes them, so that they survive an outage.

Blocking (requests); the desk calls it from a worker thread.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, RootModel, ValidationError

from app.services.http import (
    ApiRefused,
    HttpClient,
    HttpFailure,
    Unreachable,
    too_many_attempts_fr,
)
from app.services.i18n import QT_TRANSLATE_NOOP, translate
from app.services.sync import HttpTransport
from app.wire.invigilator import CandidateIdentityOut, SessionHeaderOut

BAD_CREDENTIALS_FR = QT_TRANSLATE_NOOP(
    "Station", "Le numéro de session et/ou le mot de passe saisis sont incorrects.")
UNREACHABLE_FR = QT_TRANSLATE_NOOP(
    "Station", "Le serveur ne répond pas. Vérifiez le réseau\u00a0; vous pourrez réessayer "
    "dans un instant.")
REFUSED_FR = QT_TRANSLATE_NOOP("Station", "Le serveur a refusé la demande.")
EXPIRED_FR = QT_TRANSLATE_NOOP(
    "Station", "Votre connexion a expiré. Saisissez de nouveau le mot de passe de session.")
"""The station's sentences for a failed call (French, the reference), translated by
`message_fr` when said."""


class BadCredentials(ApiRefused):
    """Wrong session number or password (or a malformed one: the same answer)."""


class TokenRejected(ApiRefused):
    """The saved token expired or was revoked: the invigilator must log in again."""


def message_fr(exc: HttpFailure) -> str:
    """What the station says when a call failed: one sentence per kind of failure, in the
    process's language (never the server's own message)."""
    if isinstance(exc, BadCredentials):
        return translate("Station", BAD_CREDENTIALS_FR)
    if isinstance(exc, TokenRejected):
        return translate("Station", EXPIRED_FR)
    if isinstance(exc, Unreachable):
        return translate("Station", UNREACHABLE_FR)
    if isinstance(exc, ApiRefused) and too_many_attempts_fr(exc) is not None:
        return translate("Station", "Trop d'essais. Réessayez dans {seconds}\u00a0s.").format(
            seconds=max(1, exc.retry_after_s or 60))
    return translate("Station", REFUSED_FR)


class SessionHeader(SessionHeaderOut):
    """What the station's header shows (`SessionHeaderOut`); cached in the store for an
    offline restart (`to_json`/`from_json`: the same JSON as the API's answer)."""

    model_config = ConfigDict(frozen=True)

    launched: bool = False
    entries_closed: bool = False
    finalised: bool = False

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SessionHeader:
        return cls.model_validate(data)


class EnrolledCandidate(CandidateIdentityOut):
    """A candidate of the session as the server knows it (`CandidateIdentityOut`), with
    its liveness; cached in the store for an offline restart.

    `last_heard` merges kiosk events and the kiosk heartbeat (every 5 s) on the server.
    The rest of the server's `CandidateStateOut` is not kept: the station computes each
    candidate's state from its own fold (`desk_rows`).
    """

    model_config = ConfigDict(frozen=True)

    extra_time: float = 0.0
    certifiable: bool = True
    last_heard: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EnrolledCandidate:
        return cls.model_validate(data)


_Enrolled = RootModel[list[EnrolledCandidate]]
M = TypeVar("M", bound=BaseModel)


class InvigilatorApi:
    """Blocking client of the invigilator routes. `token` is set by a successful login.

    Raises `Unreachable` (keep working offline), `BadCredentials` (say it in the seeds'
    words), `TokenRejected` (log in again) or another `ApiRefused`; `message_fr` says each.
    One requests.Session per calling thread (the core's).
    """

    def __init__(self, base_url: str, *, timeout_s: float = 3.0) -> None:
        self._http = HttpClient(base_url, timeout_s=timeout_s, token=lambda: self.token)
        self.base_url = self._http.base_url
        self.timeout_s = timeout_s
        self.token: str | None = None

    def transport(self, *, timeout_s: float = 5.0) -> HttpTransport:
        """The sync transport, authenticated with whatever token the client holds now."""
        return HttpTransport(self.base_url, lambda: self.token, timeout_s=timeout_s)

    def _call(self, method: str, path: str, *, auth: bool = True, **kwargs: Any) -> Any:
        if auth and not self.token:
            raise TokenRejected("not_authenticated", "no token: log in first", status=401)
        try:
            return self._http.json(method, path, auth=auth, **kwargs)
        except ApiRefused as exc:
            if exc.status == 401 and not auth:
                raise BadCredentials(exc.code, exc.message, status=exc.status) from exc
            if exc.unauthorized:
                raise TokenRejected(exc.code, f"{method} {path}: {exc}", status=exc.status) from exc
            raise

    def _model(self, model: type[M], method: str, path: str) -> M:
        data = self._call(method, path)
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise Unreachable(f"{method} {path}: not a {model.__name__} answer") from exc

    # -- routes --------------------------------------------------------------------------

    def login(self, session_number: int, password: str) -> str:
        """Session number + session password (`C-` prefix optional); keeps and returns the token."""
        body = {"session_number": session_number, "password": password.strip()}
        try:
            data = self._call("POST", "/api/invigilator/login", auth=False, json=body)
        except BadCredentials:
            raise
        except ApiRefused as exc:
            if exc.status == 422:  # a malformed number or password: the same answer
                raise BadCredentials(exc.code, exc.message, status=exc.status) from exc
            raise
        self.token = str(data["token"])
        return self.token

    def session(self) -> SessionHeader:
        return self._model(SessionHeader, "GET", "/api/invigilator/session")

    def candidates(self) -> list[EnrolledCandidate]:
        """Every enrolled candidate with the server's "last heard" of its kiosk."""
        return self._model(_Enrolled, "GET", "/api/invigilator/candidates").root

    def _no_content(self, method: str, path: str) -> None:
        """A call answered 204: the same failures as `_call`, no JSON to read."""
        if not self.token:
            raise TokenRejected("not_authenticated", "no token: log in first", status=401)
        try:
            self._http.request(method, path)
        except ApiRefused as exc:
            if exc.unauthorized:
                raise TokenRejected(exc.code, f"{method} {path}: {exc}", status=exc.status) from exc
            raise

    def unlock(self, candidate_id: int) -> None:
        """"Débloquer": lift the candidate's access-code lockout (online only)."""
        self._no_content("POST", f"/api/invigilator/candidates/{int(candidate_id)}/unlock")

    def logout(self) -> None:
        """End this station's token on the server (best effort: it also expires)."""
        self._no_content("POST", "/api/auth/logout")

    def challenge(self, challenge_id: str) -> dict[str, Any]:
        """Public data (no solution) of a question of the session, for the alert dialog."""
        data: dict[str, Any] = self._call(
            "GET", f"/api/invigilator/challenges/{quote(challenge_id, safe='')}"
        )
        return data
