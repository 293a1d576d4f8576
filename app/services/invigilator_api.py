"""HTTP client of the invigilator API (`/api/invigilator/*`), with typed errors.

Why a separate client: the desk must tell "wrong password" (say it, in the seeds' words),
"server unreachable" (keep working from the local store) and "token no longer valid" (ask
to log in again) apart, and a view never opens an HTTP connection (ARCHITECTURE). Events
are not pushed here: the station records its actions in its own store and the sync engine
pushes them, so that they survive an outage.

Blocking (requests); the desk calls it from a worker thread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

import requests

from app.services.sync import HttpTransport

BAD_CREDENTIALS_FR = "Le numéro de session et/ou le mot de passe saisis sont incorrects."


class InvigilatorApiError(Exception):
    """Base of the client's errors; `message_fr` is what the station may show."""

    message_fr = "Le serveur a refusé la demande."


class BadCredentials(InvigilatorApiError):
    message_fr = BAD_CREDENTIALS_FR


class ServerUnreachable(InvigilatorApiError):
    """No answer, a network error or a server error: try again later, keep working offline."""

    message_fr = (
        "Le serveur ne répond pas. Vérifiez le réseau\u00a0; vous pourrez réessayer dans "
        "un instant."
    )


class TokenRejected(InvigilatorApiError):
    """The saved token expired or was revoked: the invigilator must log in again."""

    message_fr = "Votre connexion a expiré. Saisissez de nouveau le mot de passe de session."


class RequestRefused(InvigilatorApiError):
    """A 4xx other than credentials: a bug or a state the server refuses (`code`)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"HTTP {status} {code}: {message}")
        self.status = status
        self.code = code


@dataclass(frozen=True, slots=True)
class SessionHeader:
    """What the station's header shows; cached in the store for an offline restart."""

    session_number: int
    date: date
    start_time: str
    site: str
    room: str
    invigilators: tuple[str, ...]
    access_code: str
    launched: bool = False
    entries_closed: bool = False
    finalised: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "session_number": self.session_number,
            "date": self.date.isoformat(),
            "start_time": self.start_time,
            "site": self.site,
            "room": self.room,
            "invigilators": list(self.invigilators),
            "access_code": self.access_code,
            "launched": self.launched,
            "entries_closed": self.entries_closed,
            "finalised": self.finalised,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SessionHeader:
        return cls(
            session_number=int(data["session_number"]),
            date=date.fromisoformat(str(data["date"])),
            start_time=str(data["start_time"]),
            site=str(data["site"]),
            room=str(data["room"]),
            invigilators=tuple(str(i) for i in data.get("invigilators", ())),
            access_code=str(data["access_code"]),
            launched=bool(data.get("launched", False)),
            entries_closed=bool(data.get("entries_closed", False)),
            finalised=bool(data.get("finalised", False)),
        )


@dataclass(frozen=True, slots=True)
class EnrolledCandidate:
    """A candidate of the session as the server knows it, with its liveness.

    `last_heard` merges kiosk events and the kiosk heartbeat (every 5 s) on the server.
    """

    candidate_id: int
    last_name: str
    first_name: str
    birthdate: date
    extra_time: float = 0.0
    certifiable: bool = True
    last_heard: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "candidate_id": self.candidate_id,
            "last_name": self.last_name,
            "first_name": self.first_name,
            "birthdate": self.birthdate.isoformat(),
            "extra_time": self.extra_time,
            "certifiable": self.certifiable,
            "last_heard": self.last_heard.isoformat() if self.last_heard else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EnrolledCandidate:
        heard = data.get("last_heard")
        return cls(
            candidate_id=int(data["candidate_id"]),
            last_name=str(data["last_name"]),
            first_name=str(data["first_name"]),
            birthdate=date.fromisoformat(str(data["birthdate"])),
            extra_time=float(data.get("extra_time") or 0.0),
            certifiable=bool(data.get("certifiable", True)),
            last_heard=datetime.fromisoformat(heard) if heard else None,
            extra=dict(data),
        )


class InvigilatorApi:
    """Blocking client of the invigilator routes. `token` is set by a successful login.

    One requests.Session per calling thread (requests sessions are not thread-safe).
    """

    def __init__(self, base_url: str, *, timeout_s: float = 3.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.token: str | None = None
        self._local = threading.local()

    def transport(self, *, timeout_s: float = 5.0) -> HttpTransport:
        """The sync transport, authenticated with whatever token the client holds now."""
        return HttpTransport(self.base_url, lambda: self.token, timeout_s=timeout_s)

    def _http(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _call(self, method: str, path: str, *, auth: bool = True, **kwargs: Any) -> Any:
        headers = {}
        if auth:
            if not self.token:
                raise TokenRejected("no token: log in first")
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = self._http().request(
                method, self.base_url + path, headers=headers, timeout=self.timeout_s, **kwargs
            )
        except requests.RequestException as exc:
            raise ServerUnreachable(f"{method} {path}: {type(exc).__name__}") from exc
        status = response.status_code
        if status >= 500 or status in (408, 429):
            raise ServerUnreachable(f"{method} {path}: HTTP {status}")
        if status >= 400:
            code, message = _error_of(response)
            if status == 401 and not auth:
                raise BadCredentials(message)
            if status in (401, 403):
                raise TokenRejected(f"{method} {path}: HTTP {status} {code}")
            raise RequestRefused(status, code, message)
        try:
            return response.json()
        except ValueError as exc:
            raise ServerUnreachable(f"{method} {path}: the answer is not JSON") from exc

    # -- routes --------------------------------------------------------------------------

    def login(self, session_number: int, password: str) -> str:
        """Session number + session password (`C-` prefix optional); keeps and returns the token."""
        body = {"session_number": session_number, "password": password.strip()}
        try:
            data = self._call("POST", "/api/invigilator/login", auth=False, json=body)
        except RequestRefused as exc:
            if exc.status == 422:  # a malformed number or password: the same answer
                raise BadCredentials(str(exc)) from exc
            raise
        self.token = str(data["token"])
        return self.token

    def session(self) -> SessionHeader:
        data = self._call("GET", "/api/invigilator/session")
        return SessionHeader.from_json(data)

    def candidates(self) -> list[EnrolledCandidate]:
        """Every enrolled candidate with the server's "last heard" of its kiosk."""
        return [EnrolledCandidate.from_json(c) for c in self._call(
            "GET", "/api/invigilator/candidates"
        )]

    def challenge(self, challenge_id: str) -> dict[str, Any]:
        """Public data (no solution) of a question of the session, for the alert dialog."""
        data: dict[str, Any] = self._call(
            "GET", f"/api/invigilator/challenges/{quote(challenge_id, safe='')}"
        )
        return data


def _error_of(response: requests.Response) -> tuple[str, str]:
    try:
        error = response.json()["error"]
        return str(error.get("code", "")), str(error.get("message", ""))
    except (ValueError, KeyError, TypeError):
        return "", response.text[:200]
