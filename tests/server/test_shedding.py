"""Load shedding: above the bound, 503 at once with Retry-After; long-polls not counted."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from app.server.shedding import ShedLoad


def test_requests_above_the_bound_are_refused_at_once_and_long_polls_pass() -> None:
    release = asyncio.Event()

    async def slow_app(scope: Any, receive: Any, send: Any) -> None:
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    shed = ShedLoad(slow_app, limit=2, retry_after_s=3)

    async def call(path: str, method: str = "POST") -> dict[str, Any]:
        sent: list[dict[str, Any]] = []

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {"type": "http", "method": method, "path": path}
        await shed(scope, None, send)
        return {"status": sent[0]["status"], "headers": dict(sent[0]["headers"]),
                "body": sent[1]["body"]}

    async def scenario() -> None:
        admitted = [asyncio.create_task(call("/api/sync/events")) for _ in range(2)]
        polls = [asyncio.create_task(call("/api/sessions/3/events", "GET")) for _ in range(5)]
        await asyncio.sleep(0.01)
        refused = await call("/api/candidate/join")
        assert refused["status"] == 503 and refused["headers"][b"retry-after"] == b"3"
        assert json.loads(refused["body"])["error"]["code"] == "busy"
        assert shed.in_progress == 2  # the 5 long-polls waiting are not counted
        release.set()
        assert [r["status"] for r in await asyncio.gather(*admitted, *polls)] == [200] * 7
        assert shed.in_progress == 0
        assert (await call("/api/candidate/join"))["status"] == 200

    asyncio.run(scenario())


def test_logins_have_their_own_budget_and_never_take_the_rooms_places() -> None:
    """70 logins at once filled every place and heartbeats got 503 (issue 17): logins wait
    in a budget of their own, and the room's calls are admitted beside them."""
    release = asyncio.Event()

    async def slow_app(scope: Any, receive: Any, send: Any) -> None:
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    shed = ShedLoad(slow_app, limit=2, login_limit=3)

    async def call(path: str) -> int:
        sent: list[dict[str, Any]] = []

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await shed({"type": "http", "method": "POST", "path": path}, None, send)
        return int(sent[0]["status"])

    async def scenario() -> None:
        logins = [asyncio.create_task(call("/api/auth/login")) for _ in range(5)]
        await asyncio.sleep(0.01)
        beats = [asyncio.create_task(call("/api/candidate/heartbeat")) for _ in range(2)]
        await asyncio.sleep(0.01)
        assert (shed.logins_in_progress, shed.in_progress) == (3, 2)
        release.set()
        assert sorted(await asyncio.gather(*logins)) == [200, 200, 200, 503, 503]
        assert await asyncio.gather(*beats) == [200, 200]

    asyncio.run(scenario())
