"""Load shedding: answer 503 at once when more requests wait than the server can serve.

Why: the server never cancels a request whose client gave up (a kiosk's 10 s timeout), and
a kiosk that gave up tries again. When 500 kiosks arrive together, abandoned requests pile
up behind the 30 worker threads, every new one waits longer than its client, and the
server works only for clients that have left (`examroom simulate --kiosks 500`: no answer
recorded in 4 minutes). Refusing at once above a bound keeps the queue short enough for
every admitted request to be answered in time; refused kiosks back off and come again
(`Retry-After`), and nothing is lost: kiosks keep their events until acknowledged.

Long-polls (`GET .../events`) are not counted: they wait on the event loop, not on a
thread, and a room keeps one open per kiosk.

Logins (a password checked with argon2) have a budget of their own (`login_limit`) and
never take the places of the room's calls: 70 logins at once used to fill all 60 places,
and heartbeats and station calls got 503 (issue 17). Above their budget they get the same
503 busy with Retry-After; the argon2 gate (app/server/limits.py) bounds the work inside.
"""

from __future__ import annotations

import json
import logging
import re

from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)

_LONG_POLL = re.compile(r"^/api/(relay/)?sessions/\d+/events$")
_LOGINS = frozenset({"/api/auth/login", "/api/invigilator/login"})

BUSY_BODY = json.dumps({"error": {
    "code": "busy", "message": "the server is busy: retry in a moment", "details": {},
}}).encode()


class ShedLoad:
    """ASGI middleware: at most `limit` requests in progress (long-polls aside)."""

    def __init__(
        self, app: ASGIApp, *, limit: int, retry_after_s: int = 2, login_limit: int = 16
    ) -> None:
        self.app = app
        self.limit = limit
        self.login_limit = login_limit
        self.retry_after_s = retry_after_s
        self.in_progress = 0
        self.logins_in_progress = 0
        self.shed = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (
            scope["method"] == "GET" and _LONG_POLL.match(scope["path"])
        ) or scope["path"] == "/api/health":
            await self.app(scope, receive, send)
            return
        if scope["path"] in _LOGINS:
            if self.logins_in_progress >= self.login_limit:
                await self._busy(send)
                return
            self.logins_in_progress += 1
            try:
                await self.app(scope, receive, send)
            finally:
                self.logins_in_progress -= 1
            return
        if self.in_progress >= self.limit:
            await self._busy(send)
            return
        self.in_progress += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_progress -= 1

    async def _busy(self, send: Send) -> None:
        self.shed += 1
        if self.shed % 100 == 1:
            log.warning("busy: %d requests in progress (%d logins), %d shed so far",
                        self.in_progress, self.logins_in_progress, self.shed)
        await send({"type": "http.response.start", "status": 503, "headers": [
            (b"content-type", b"application/json"),
            (b"retry-after", str(self.retry_after_s).encode()),
            (b"content-length", str(len(BUSY_BODY)).encode()),
        ]})
        await send({"type": "http.response.body", "body": BUSY_BODY})
