"""The kiosk's HTTP client for the candidate API (`/api/candidate/...`).

Why a class of its own rather than calls scattered in the exam runner: every answer of the
server becomes either a plain value or one of two typed errors, so the runner (and its
tests) never look at HTTP status codes or JSON error bodies:

- `Offline`: the server could not be reached (network down, server dead, 5xx). The kiosk
  keeps working from its own log where it can, and says so calmly where it cannot.
- `ApiRefused`: the server answered and said no, with its stable machine `code`
  (`not_found`, `wrong_access_code`, `access_locked`...), which the kiosk maps to a French
  sentence, and `retry_after_s` when it asks us to wait.

The methods block (requests); callers run them in an executor, never on the UI thread.
One `requests.Session` per calling thread, because a Session is not thread-safe.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import requests

DEFAULT_TIMEOUT_S = 10.0


class Offline(Exception):
    """The server is unreachable or failed (network, timeout, 5xx): try again later."""


class ApiRefused(Exception):
    """The server answered with a refusal; `code` is stable (see app/server/errors.py)."""

    def __init__(
        self, code: str, message: str, *, status: int, retry_after_s: int | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.retry_after_s = retry_after_s


@dataclass(frozen=True, slots=True)
class Joined:
    """What `join` returns: who the server matched, and the candidate token."""

    token: str
    candidate_id: int
    session_id: int
    first_name: str
    last_name: str
    status: str

    @property
    def started(self) -> bool:
        """The test already exists on the server (a crash or a spare PC): resume it."""
        return self.status in ("started", "ended", "ended_by_invigilator")


class CandidateClient(Protocol):
    """What the exam runner needs: `CandidateApi` (one server) or `app.services.room_link.
    RoomLink` (the room relay first, the central server second)."""

    token: str | None

    def join(self, *, session_number: int, first_name: str, last_name: str,
             birthdate: date, device_id: str) -> Joined: ...

    def status(self) -> dict[str, Any]: ...

    def start(self, access_code: str, device_id: str) -> dict[str, Any]: ...

    def test(self) -> dict[str, Any]: ...

    def heartbeat(self, device_id: str) -> None: ...

    def file(self, challenge_id: str, kind: str) -> bytes: ...

    def invigilator_login(self, session_number: int, password: str) -> bool: ...


class CandidateApi:
    """Blocking client of the candidate routes; `token` is set by `join` (or restored)."""

    def __init__(self, base_url: str, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.token: str | None = None
        self._local = threading.local()

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        try:
            response = self._session().request(
                method, self.base_url + path, headers=headers, timeout=self.timeout_s, **kwargs
            )
        except requests.RequestException as exc:
            raise Offline(f"{method} {path}: {type(exc).__name__}") from exc
        if response.status_code >= 500 or response.status_code == 408:
            raise Offline(f"{method} {path}: HTTP {response.status_code}")
        if response.status_code >= 400:
            raise _refusal(response)
        return response

    def _json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self._request(method, path, **kwargs)
        try:
            data = response.json()
        except ValueError as exc:
            raise Offline(f"{method} {path}: the answer is not JSON") from exc
        if not isinstance(data, dict):
            raise Offline(f"{method} {path}: unexpected answer")
        return data

    # -- routes ---------------------------------------------------------------------

    def join(
        self,
        *,
        session_number: int,
        first_name: str,
        last_name: str,
        birthdate: date,
        device_id: str,
    ) -> Joined:
        """ "Rejoindre une session"; keeps the token for the next calls."""
        data = self._json(
            "POST",
            "/api/candidate/join",
            json={
                "session_number": session_number,
                "first_name": first_name,
                "last_name": last_name,
                "birthdate": birthdate.isoformat(),
                "device_id": device_id,
            },
        )
        joined = Joined(
            token=str(data["token"]),
            candidate_id=int(data["candidate_id"]),
            session_id=int(data["session_id"]),
            first_name=str(data["first_name"]),
            last_name=str(data["last_name"]),
            status=str(data["status"]),
        )
        self.token = joined.token
        return joined

    def status(self) -> dict[str, Any]:
        return self._json("GET", "/api/candidate/status")

    def start(self, access_code: str, device_id: str) -> dict[str, Any]:
        """The access code, then the test without solutions (TestOut)."""
        return self._json(
            "POST",
            "/api/candidate/start",
            json={"access_code": access_code, "device_id": device_id},
        )

    def test(self) -> dict[str, Any]:
        """The test again (resume, spare PC)."""
        return self._json("GET", "/api/candidate/test")

    def heartbeat(self, device_id: str) -> None:
        self._request("POST", "/api/candidate/heartbeat", json={"device_id": device_id})

    def file(self, challenge_id: str, kind: str) -> bytes:
        """An image or attachment of a question of the test, kept for offline use."""
        return self._request("GET", f"/api/candidate/files/{challenge_id}/{kind}").content

    def invigilator_login(self, session_number: int, password: str) -> bool:
        """Check a session password online (to leave the kiosk when no test is on it)."""
        try:
            self._request(
                "POST",
                "/api/invigilator/login",
                json={"session_number": session_number, "password": password},
            )
        except ApiRefused:
            return False
        return True


def _refusal(response: requests.Response) -> ApiRefused:
    code, message, retry = "http_error", f"HTTP {response.status_code}", None
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        error = body["error"]
        code = str(error.get("code", code))
        message = str(error.get("message", message))
        details = error.get("details")
        if isinstance(details, dict) and details.get("retry_after_s") is not None:
            retry = int(details["retry_after_s"])
    if retry is None and response.headers.get("Retry-After", "").isdigit():
        retry = int(response.headers["Retry-After"])
    return ApiRefused(code, message, status=response.status_code, retry_after_s=retry)
