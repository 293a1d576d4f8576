"""One HTTP client core under every client of the examroom API (issue 21).

Why one core: the kiosk's, the station's and the administration's clients, the sync
transport, the relay's upstream link and its package download each had their own
`requests` plumbing, with five names for "the server could not be reached" and four
different readings of the same status codes; `admin_api` shared one `requests.Session`
across two threads. Here, once:

- **timeouts**: every call has one (the client's, or the call's own: a long-poll waits
  longer);
- **one error for "unreachable"**, `Unreachable`: no usable answer from examroom (network
  down, timeout, a 5xx, 407/408, a proxy's or captive portal's page that is not JSON, an
  answer that is not the expected model). The caller keeps working from what it has and
  tries again later;
- **typed refusals**, `ApiRefused`: examroom answered no, with the HTTP `status`, the stable
  error `code`, the English `message`, the `details` and `retry_after_s` of the error
  body (`app.wire.errors`). The caller maps the code to a sentence in the screen's language;
- **a retry policy where a caller wants it** (`Retry`): a few attempts with exponential
  back-off and jitter, on `Unreachable` only (a refusal does not change by asking again);
- **one `requests.Session` per thread**: a Session is not thread-safe, and each client is
  called from executor threads;
- **calls in flight can be aborted** (`abort()`): a long-poll waits up to 20 s for the
  server, and a stopped sync engine or a closing station must not leave its worker thread
  blocked that long (a thread that outlives what started it keeps Qt and asyncio objects
  alive and frees them later, on the wrong thread: issue 21's segfaults).

Both errors derive from `HttpFailure`, for a caller that treats them alike. Blocking
(`requests`): callers run it off the UI thread. No Qt.
"""

from __future__ import annotations

import contextlib
import functools
import random
import socket
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from app.wire.errors import ErrorOut

if TYPE_CHECKING:
    # requests (and urllib3) are imported on the first call, not with this module: about
    # 0.1-0.5 s a kiosk spent before its first screen, which makes no call (issue 22).
    import requests

M = TypeVar("M", bound=BaseModel)

DEFAULT_TIMEOUT_S = 10.0

UNREACHABLE_STATUSES = frozenset({407, 408})
"""Besides every 5xx: a proxy that wants credentials (407: not examroom's answer) and a
request timeout (408). 429 ("too many requests") is a client's choice: see `HttpClient`."""


class HttpFailure(Exception):
    """A call to the server gave no value: `Unreachable` or `ApiRefused`."""


class Unreachable(HttpFailure):
    """No usable answer from the server: try again later, keep working meanwhile."""


LOCKOUT_CODES = frozenset({"too_many_attempts"})
"""429 codes that are a brute-force limit (app/server/limits.py), never "busy"."""


def too_many_attempts_fr(exc: ApiRefused) -> str | None:
    """The sentence for a brute-force limit, in the screen's language (French unless the
    language is English: issue 20 item 2), else None."""
    if exc.status != 429 or exc.code != "too_many_attempts":
        return None
    from app.services.i18n import translate  # here: this module is used without Qt

    return translate("Common", "Trop d'essais. Réessayez dans {seconds}\u00a0s.").format(
        seconds=max(1, exc.retry_after_s or 60))


class ApiRefused(HttpFailure):
    """The server answered with a refusal (4xx); `code` is stable (app/server/errors.py)."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int,
        details: dict[str, Any] | None = None,
        retry_after_s: int | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details: dict[str, Any] = details or {}
        self.retry_after_s = retry_after_s

    @property
    def unauthorized(self) -> bool:
        """The credentials were refused (401, 403): asking again will not help."""
        return self.status in (401, 403)

    @classmethod
    def of(cls, response: requests.Response) -> ApiRefused:
        """The refusal the server's error body (`{"error": {...}}`) describes, or a generic
        `http_error` when the body is not examroom's."""
        status = response.status_code
        code, message, details = "http_error", response.text[:200] or f"HTTP {status}", {}
        try:
            error = ErrorOut.model_validate(response.json()).error
        except (ValueError, ValidationError):
            pass
        else:
            code, message, details = error.code, error.message, dict(error.details or {})
        retry: int | None = None
        raw = details.get("retry_after_s")
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            retry = int(raw)
        elif response.headers.get("Retry-After", "").isdigit():
            retry = int(response.headers["Retry-After"])
        return cls(code, message, status=status, details=details, retry_after_s=retry)


class Backoff:
    """Exponential back-off with full jitter (STYLE 12), capped so a device drains fast."""

    def __init__(
        self, *, base_s: float = 0.25, cap_s: float = 4.0, rng: random.Random | None = None
    ) -> None:
        self.base_s = base_s
        self.cap_s = cap_s
        self.failures = 0
        self._rng = rng or random.Random()

    def next_delay(self) -> float:
        self.failures += 1
        ceiling = min(self.cap_s, self.base_s * 2 ** (self.failures - 1))
        return self._rng.uniform(ceiling / 2, ceiling)

    def reset(self) -> None:
        self.failures = 0


@dataclass(frozen=True, slots=True)
class Retry:
    """Try up to `attempts` times while the server is unreachable, backing off between.

    For calls that may be repeated safely (a GET, a login) and whose caller has nothing
    better to do meanwhile (downloading the session package before the day)."""

    attempts: int = 3
    base_s: float = 0.5
    cap_s: float = 4.0


def preload_requests() -> None:
    """Import requests now, e.g. on a worker thread once a first screen is up, so that the
    first call does not pay for it (~0.1 s; see the TYPE_CHECKING import above)."""
    import requests  # noqa: F401


@functools.cache
def _tracking_adapter_class() -> type[Any]:
    """requests' adapter whose connections are remembered while they live, so that another
    thread can shut their sockets down (`HttpClient.abort`): closing a socket another thread
    is blocked on does not wake it on Linux; `shutdown` does, on every platform. Defined on
    first use, with requests imported then (see the TYPE_CHECKING import above)."""
    from requests.adapters import HTTPAdapter
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class TrackingAdapter(HTTPAdapter):
        def __init__(self, live: weakref.WeakSet[Any]) -> None:
            self._live = live
            super().__init__()

        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            live = self._live

            class Pool(HTTPConnectionPool):
                def _new_conn(self) -> Any:
                    conn = super()._new_conn()
                    live.add(conn)
                    return conn

            class TlsPool(HTTPSConnectionPool):
                def _new_conn(self) -> Any:
                    conn = super()._new_conn()
                    live.add(conn)
                    return conn

            self.poolmanager.pool_classes_by_scheme = {"http": Pool, "https": TlsPool}

    return TrackingAdapter


class HttpClient:
    """Calls to one examroom server (`base_url`); see the module docstring.

    `token`: called for each request; its bearer token, if any, is sent (unless the call
    says `auth=False`). `busy_is_unreachable`: whether a 429 is "try again later" (the
    sync loops, the station) or a refusal to show (the kiosk's access-code lockout, whose
    body says how long to wait). `sleep` waits between retries (tests pass their own).
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        token: Callable[[], str | None] | None = None,
        busy_is_unreachable: bool = True,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self._token = token
        self.busy_is_unreachable = busy_is_unreachable
        self._sleep = sleep
        self._local = threading.local()
        self._lock = threading.Lock()
        self._sessions: list[requests.Session] = []
        self._live: weakref.WeakSet[Any] = weakref.WeakSet()

    def session(self) -> requests.Session:
        """This thread's `requests.Session` (created on first use, kept for its pool)."""
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            import requests

            session = self._local.session = requests.Session()
            adapter = _tracking_adapter_class()(self._live)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            with self._lock:
                self._sessions.append(session)
        return session

    def abort(self) -> None:
        """End every call in flight now: each raises `Unreachable` in its own thread.

        Later calls work as usual (on new connections): aborting is what a stopping owner
        does with its calls, not a state of the client."""
        with self._lock:
            connections = list(self._live)
        for conn in connections:
            sock = getattr(conn, "sock", None)
            if sock is None:
                continue
            with contextlib.suppress(OSError):  # already closed, or never connected
                sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        """Close every thread's session (their pooled connections)."""
        with self._lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()
        self._local = threading.local()

    def request(
        self,
        method: str,
        path: str,
        *,
        auth: bool = True,
        timeout: float | None = None,
        retry: Retry | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        """The server's answer (2xx or 3xx); raises Unreachable or ApiRefused otherwise."""
        if retry is None:
            return self._once(method, path, auth=auth, timeout=timeout, **kwargs)
        backoff = Backoff(base_s=retry.base_s, cap_s=retry.cap_s)
        for _ in range(retry.attempts - 1):
            try:
                return self._once(method, path, auth=auth, timeout=timeout, **kwargs)
            except Unreachable:
                self._sleep(backoff.next_delay())
        return self._once(method, path, auth=auth, timeout=timeout, **kwargs)

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        """The answer's JSON; Unreachable if it is not JSON (a captive portal's page)."""
        response = self.request(method, path, **kwargs)
        try:
            return response.json()
        except ValueError as exc:
            raise Unreachable(f"{method} {path}: the answer is not JSON") from exc

    def model(self, model: type[M], method: str, path: str, **kwargs: Any) -> M:
        """The answer read as a wire model; Unreachable if it is not one (not examroom's)."""
        data = self.json(method, path, **kwargs)
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise Unreachable(
                f"{method} {path}: the answer is not a {model.__name__} "
                f"({exc.error_count()} error(s))"
            ) from exc

    def _once(
        self, method: str, path: str, *, auth: bool, timeout: float | None, **kwargs: Any
    ) -> requests.Response:
        import requests

        headers = dict(kwargs.pop("headers", None) or {})
        token = self._token() if auth and self._token is not None else None
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            response = self.session().request(
                method, self.base_url + path, headers=headers,
                timeout=self.timeout_s if timeout is None else timeout, **kwargs,
            )
        except requests.RequestException as exc:
            raise Unreachable(f"{method} {path}: {type(exc).__name__}") from exc
        status = response.status_code
        if status == 429 and self.busy_is_unreachable:
            refusal = ApiRefused.of(response)
            if refusal.code in LOCKOUT_CODES:  # not busy: a limit the user must hear of
                raise refusal
        if (
            status >= 500
            or status in UNREACHABLE_STATUSES
            or (status == 429 and self.busy_is_unreachable)
        ):
            raise Unreachable(f"{method} {path}: HTTP {status}")
        if status >= 400:
            raise ApiRefused.of(response)
        return response
