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
"""

from __future__ import annotations

import json
import logging
import re

from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)

_LONG_POLL = re.compile(r"^/api/(relay/)?sessions/\d+/events$")

BUSY_BODY = json.dumps({"error": {
    "code": "busy", "message": "the server is busy: retry in a moment", "details": {},
}}).encode()


class ShedLoad:
    """ASGI middleware: at most `limit` requests in progress (long-polls aside)."""

    def __init__(self, app: ASGIApp, *, limit: int, retry_after_s: int = 2) -> None:
        self.app = app
        self.limit = limit
        self.retry_after_s = retry_after_s
        self.in_progress = 0
        self.shed = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (
            scope["method"] == "GET" and _LONG_POLL.match(scope["path"])
        ) or scope["path"] == "/api/health":
            await self.app(scope, receive, send)
            return
        if self.in_progress >= self.limit:
            self.shed += 1
            if self.shed % 100 == 1:
                log.warning("busy: %d requests in progress, %d shed so far",
                            self.in_progress, self.shed)
            await send({"type": "http.response.start", "status": 503, "headers": [
                (b"content-type", b"application/json"),
                (b"retry-after", str(self.retry_after_s).encode()),
                (b"content-length", str(len(BUSY_BODY)).encode()),
            ]})
            await send({"type": "http.response.body", "body": BUSY_BODY})
            return
        self.in_progress += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_progress -= 1
