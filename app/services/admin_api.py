"""HTTP client of the central server for the administration and jury screens.

Why a service and not calls from the widgets: a view never opens an HTTP connection
(docs/architecture.md). Every call is a coroutine whose blocking `requests` work runs in
an executor thread, so the Qt event loop (qasync) keeps painting while the server thinks;
results come back on the GUI thread because the coroutine resumes there (STYLE item 4).

Failures are the HTTP core's (`app.services.http`): `ApiRefused` carries the server's
stable `code`, its English `message` and its `details` (the import's line errors);
`Unreachable` means no usable answer (network down, wrong address, timeout, 5xx). The view
turns them into French sentences; this module never shows anything (STYLE item 3).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import requests

from app.services.http import HttpClient, Unreachable

Json = dict[str, Any]
T = TypeVar("T")

DEFAULT_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class Login:
    token: str
    role: str
    """"admin" (a centre's administrator) or "jury"."""


@dataclass(frozen=True, slots=True)
class Download:
    """A file the server sends back (CSV template, results export)."""

    content: bytes
    filename: str


class AdminApi:
    """The admin and jury routes of the server, as coroutines.

    `executor` runs the blocking calls; by default a small private thread pool. Each of
    its threads has its own `requests.Session` (the core's): a Session is not
    thread-safe, and each keeps its connection open between screens.
    """

    def __init__(
        self,
        base_url: str,
        *,
        executor: Executor | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self._owns_executor = executor is None
        self._executor = executor or ThreadPoolExecutor(2, thread_name_prefix="admin-api")
        self._http = HttpClient(base_url, timeout_s=timeout_s, token=lambda: self.token)
        self.base_url = self._http.base_url
        self.timeout_s = timeout_s
        self.token: str | None = None
        self.role: str | None = None

    # -- plumbing -------------------------------------------------------------------

    async def _run(self, func: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, func)

    def _send(self, method: str, path: str, **kw: Any) -> requests.Response:
        return self._http.request(method, path, **kw)

    async def _json(self, method: str, path: str, **kw: Any) -> Any:
        response = await self._run(lambda: self._send(method, path, **kw))
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise Unreachable(f"{method} {path}: the answer is not JSON") from exc

    async def _bytes(self, path: str) -> Download:
        response = await self._run(lambda: self._send("GET", path))
        disposition = response.headers.get("Content-Disposition", "")
        name = disposition.split("filename=")[-1].strip('"') if "filename=" in disposition else ""
        return Download(response.content, name)

    def close(self) -> None:
        """End the calls in flight, close every thread's connections and, when the client
        made its executor, its threads (a given executor is the caller's to shut down)."""
        self._http.abort()
        if self._owns_executor and isinstance(self._executor, ThreadPoolExecutor):
            self._executor.shutdown(wait=True, cancel_futures=True)
        self._http.close()

    # -- accounts -------------------------------------------------------------------

    async def login(self, email: str, password: str) -> Login:
        body = await self._json(
            "POST", "/api/auth/login", json={"email": email, "password": password}
        )
        self.token, self.role = str(body["token"]), str(body["role"])
        return Login(self.token, self.role)

    def logout(self) -> None:
        self.token = self.role = None

    async def centre(self) -> Json:
        return dict(await self._json("GET", "/api/admin/centre"))

    # -- sessions -------------------------------------------------------------------

    async def sessions(
        self,
        *,
        date_from: date | None = None,
        date_to: date | None = None,
        status: str | None = None,
        room: str | None = None,
        sort: str = "date",
    ) -> list[Json]:
        params: dict[str, str] = {"sort": sort}
        if date_from:
            params["date_from"] = date_from.isoformat()
        if date_to:
            params["date_to"] = date_to.isoformat()
        if status:
            params["status"] = status
        if room:
            params["room"] = room
        return list(await self._json("GET", "/api/admin/sessions", params=params))

    async def session(self, session_id: int) -> Json:
        return dict(await self._json("GET", f"/api/admin/sessions/{session_id}"))

    async def create_session(self, body: Json) -> Json:
        return dict(await self._json("POST", "/api/admin/sessions", json=body))

    async def update_session(self, session_id: int, body: Json) -> Json:
        return dict(await self._json("PATCH", f"/api/admin/sessions/{session_id}", json=body))

    async def postpone_session(self, session_id: int, day: date, start_time: str) -> Json:
        body = {"date": day.isoformat(), "start_time": start_time}
        path = f"/api/admin/sessions/{session_id}/postpone"
        return dict(await self._json("POST", path, json=body))

    async def delete_session(self, session_id: int) -> None:
        await self._json("DELETE", f"/api/admin/sessions/{session_id}")

    async def kit(self, session_id: int) -> Json:
        return dict(await self._json("GET", f"/api/admin/sessions/{session_id}/kit"))

    # -- candidates -----------------------------------------------------------------

    async def candidates(self, session_id: int, class_name: str | None = None) -> list[Json]:
        params = {"class_name": class_name} if class_name else {}
        path = f"/api/admin/sessions/{session_id}/candidates"
        return list(await self._json("GET", path, params=params))

    async def add_candidate(self, session_id: int, body: Json) -> Json:
        path = f"/api/admin/sessions/{session_id}/candidates"
        return dict(await self._json("POST", path, json=body))

    async def update_candidate(self, session_id: int, candidate_id: int, body: Json) -> Json:
        path = f"/api/admin/sessions/{session_id}/candidates/{candidate_id}"
        return dict(await self._json("PATCH", path, json=body))

    async def delete_candidate(self, session_id: int, candidate_id: int) -> None:
        await self._json("DELETE", f"/api/admin/sessions/{session_id}/candidates/{candidate_id}")

    async def preview_import(self, session_id: int, filename: str, data: bytes) -> Json:
        """Every line of the file, good or bad, without replacing anything (dry run)."""
        path = f"/api/admin/sessions/{session_id}/candidates/import"
        files = {"file": (filename, data)}
        return dict(await self._json("POST", path, params={"dry_run": "true"}, files=files))

    async def import_candidates(self, session_id: int, filename: str, data: bytes) -> Json:
        path = f"/api/admin/sessions/{session_id}/candidates/import"
        return dict(await self._json("POST", path, files={"file": (filename, data)}))

    async def pupils(self, class_name: str | None = None) -> list[Json]:
        params = {"class_name": class_name} if class_name else None
        return list(await self._json("GET", "/api/admin/pupils", params=params))

    async def preview_pupils_import(self, filename: str, data: bytes) -> Json:
        files = {"file": (filename, data)}
        path = "/api/admin/pupils/import"
        return dict(await self._json("POST", path, params={"dry_run": "true"}, files=files))

    async def import_pupils(self, filename: str, data: bytes) -> Json:
        path = "/api/admin/pupils/import"
        return dict(await self._json("POST", path, files={"file": (filename, data)}))

    async def add_pupils(self, session_id: int, pupil_ids: list[int]) -> Json:
        path = f"/api/admin/sessions/{session_id}/candidates/from-pupils"
        return dict(await self._json("POST", path, json={"pupil_ids": pupil_ids}))

    async def import_template(self) -> Download:
        return await self._bytes("/api/admin/candidates/import-template")

    # -- after the session ----------------------------------------------------------

    async def finalisation_state(self, session_id: int) -> list[Json]:
        path = f"/api/admin/sessions/{session_id}/finalisation"
        return list(await self._json("GET", path))

    async def saved_finalisation(self, session_id: int) -> Json | None:
        """The finalisation saved so far (or the one sent, once finalised); None if none."""
        path = f"/api/admin/sessions/{session_id}/finalisation/saved"
        saved = await self._json("GET", path)
        return dict(saved) if saved else None

    async def save_finalisation(self, session_id: int, body: Json) -> None:
        path = f"/api/admin/sessions/{session_id}/finalisation/saved"
        await self._json("PUT", path, json=body)

    async def finalise(self, session_id: int, body: Json) -> Json:
        path = f"/api/admin/sessions/{session_id}/finalise"
        return dict(await self._json("POST", path, json=body))

    async def documents(self, session_id: int) -> list[Json]:
        return list(await self._json("GET", f"/api/admin/sessions/{session_id}/documents"))

    async def upload_document(self, session_id: int, filename: str, data: bytes) -> Json:
        path = f"/api/admin/sessions/{session_id}/documents"
        return dict(await self._json("POST", path, files={"file": (filename, data)}))

    async def delete_document(self, session_id: int, document_id: int) -> None:
        await self._json("DELETE", f"/api/admin/sessions/{session_id}/documents/{document_id}")

    async def results(self, session_id: int) -> list[Json]:
        return list(await self._json("GET", f"/api/admin/sessions/{session_id}/results"))

    async def results_csv(self, session_id: int) -> Download:
        return await self._bytes(f"/api/admin/sessions/{session_id}/results.csv")

    async def certificate(self, session_id: int, candidate_id: int) -> Json:
        path = f"/api/admin/sessions/{session_id}/candidates/{candidate_id}/certificate"
        return dict(await self._json("GET", path))

    async def verify_certificate(self, code: str) -> Json:
        """Public: no token needed; a 404 means no published certificate has this code."""
        safe = "".join(c for c in code if c.isalnum() or c == "-")[:40] or "-"
        return dict(await self._json("GET", f"/api/certificates/{safe}"))

    # -- jury -------------------------------------------------------------------------

    async def jury_sessions(self) -> list[Json]:
        return list(await self._json("GET", "/api/jury/sessions"))

    async def jury_results(self, session_id: int) -> list[Json]:
        return list(await self._json("GET", f"/api/jury/sessions/{session_id}/results"))

    async def neutralise(
        self, session_id: int, candidate_id: int, challenge_id: str, comment: str
    ) -> Json:
        path = f"/api/jury/sessions/{session_id}/candidates/{candidate_id}/neutralise"
        body = {"challenge_id": challenge_id, "comment": comment}
        return dict(await self._json("POST", path, json=body))

    async def cancel_certification(self, session_id: int, candidate_id: int, comment: str) -> Json:
        path = f"/api/jury/sessions/{session_id}/candidates/{candidate_id}/cancel"
        return dict(await self._json("POST", path, json={"comment": comment}))

    async def jury_comment(self, session_id: int, candidate_id: int, comment: str) -> Json:
        path = f"/api/jury/sessions/{session_id}/candidates/{candidate_id}/comment"
        return dict(await self._json("POST", path, json={"comment": comment}))

    async def publish(self, session_id: int) -> Json:
        return dict(await self._json("POST", f"/api/jury/sessions/{session_id}/publish"))
