"""The kiosk's HTTP client for the candidate API (`/api/candidate/...`).

Why a class of its own rather than calls scattered in the exam runner: every answer of the
server becomes either a plain value or one of the two errors of the HTTP core
(`app.services.http`), so the runner (and its tests) never look at HTTP status codes or
JSON error bodies:

- `Unreachable`: the server could not be reached (network down, server dead, 5xx). The
  kiosk keeps working from its own log where it can, and says so calmly where it cannot.
- `ApiRefused`: the server answered and said no, with its stable machine `code`
  (`not_found`, `wrong_access_code`, `access_locked`...), which the kiosk maps to a French
  sentence, and `retry_after_s` when it asks us to wait. A 429 is such a refusal here
  (the access-code lockout says how long to wait), not "unreachable".

The methods block (requests); callers run them in an executor, never on the UI thread.
One `requests.Session` per calling thread (the core's), because a Session is not
thread-safe.
"""

from __future__ import annotations

import socket
from datetime import date
from typing import Any, Protocol

from pydantic import ConfigDict

from app.services.http import DEFAULT_TIMEOUT_S, ApiRefused, HttpClient, Unreachable
from app.wire.candidate import JoinOut

__all__ = ["DEFAULT_TIMEOUT_S", "CandidateApi", "CandidateClient", "Joined"]


class Joined(JoinOut):
    """What `join` returns: who the server matched, and the candidate token (`JoinOut`)."""

    model_config = ConfigDict(frozen=True)

    @property
    def started(self) -> bool:
        """The test already exists on the server (a crash or a spare PC): resume it."""
        return self.status in ("started", "ended", "ended_by_invigilator")


class CandidateClient(Protocol):
    """What the exam runner needs: `CandidateApi` (one server) or `app.services.room_link.
    RoomLink` (the room relay first, the central server second)."""

    token: str | None

    def join(self, *, session_number: int, first_name: str, last_name: str,
             birthdate: date, device_id: str, public_key: str = "") -> Joined: ...

    def status(self) -> dict[str, Any]: ...

    def start(self, access_code: str, device_id: str) -> dict[str, Any]: ...

    def test(self) -> dict[str, Any]: ...

    def heartbeat(self, device_id: str) -> None: ...

    def file(self, challenge_id: str, kind: str) -> bytes: ...

    def invigilator_login(self, session_number: int, password: str) -> bool: ...


class CandidateApi:
    """Blocking client of the candidate routes; `token` is set by `join` (or restored)."""

    def __init__(self, base_url: str, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self._http = HttpClient(base_url, timeout_s=timeout_s, token=lambda: self.token,
                                busy_is_unreachable=False)
        self.base_url = self._http.base_url
        self.timeout_s = timeout_s
        self.token: str | None = None

    def _json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        data = self._http.json(method, path, **kwargs)
        if not isinstance(data, dict):
            raise Unreachable(f"{method} {path}: unexpected answer")
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
        public_key: str = "",
    ) -> Joined:
        """ "Rejoindre une session"; keeps the token for the next calls."""
        joined = self._http.model(
            Joined,
            "POST",
            "/api/candidate/join",
            json={
                "session_number": session_number,
                "first_name": first_name,
                "last_name": last_name,
                "birthdate": birthdate.isoformat(),
                "device_id": device_id,
                "device_name": socket.gethostname()[:64],
                **({"public_key": public_key} if public_key else {}),
            },
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
        self._http.request("POST", "/api/candidate/heartbeat", json={"device_id": device_id})

    def file(self, challenge_id: str, kind: str) -> bytes:
        """An image or attachment of a question of the test, kept for offline use."""
        return self._http.request("GET", f"/api/candidate/files/{challenge_id}/{kind}").content

    def invigilator_login(self, session_number: int, password: str) -> bool:
        """Check a session password online (to leave the kiosk when no test is on it)."""
        try:
            self._http.request(
                "POST",
                "/api/invigilator/login",
                json={"session_number": session_number, "password": password},
                auth=False,
            )
        except ApiRefused:
            return False
        return True
