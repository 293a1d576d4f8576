"""The fault-injecting proxy does each fault it claims, against a tiny counting upstream.

Why test the proxy on its own: a simulated run that reports "0 lost" proves something only
if the faults really happened; here each kind is forced (rate 1, one kind) and what the
upstream received and what the client saw are both checked.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import pytest

from app.simulate.proxy import FaultPlan, FaultProxy


class Upstream:
    """An HTTP server that answers {"n": N, "body": ...} and records the bodies it got."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self.server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = int(self.server.sockets[0].getsockname()[1])

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        body = await reader.readexactly(length) if length else b""
        self.bodies.append(body)
        payload = json.dumps({"n": len(self.bodies), "body": body.decode()}).encode()
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(payload)}\r\n\r\n".encode()
            + payload
        )
        await writer.drain()
        writer.close()

    async def stop(self) -> None:
        assert self.server is not None
        self.server.close()
        await self.server.wait_closed()


async def request(port: int, method: str, body: bytes = b"") -> tuple[int, bytes] | None:
    """One raw HTTP request; None when the connection fails or the answer is cut."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(
            f"{method} /x HTTP/1.1\r\nHost: t\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        data = await asyncio.wait_for(reader.read(), 10)
        writer.close()
    except (ConnectionError, OSError):
        return None
    head, _, rest = data.partition(b"\r\n\r\n")
    if not head:
        return None
    status = int(head.split(b" ")[1])
    lengths = [
        int(h.split(b":")[1])
        for h in head.split(b"\r\n")
        if h.lower().startswith(b"content-length")
    ]
    length = lengths[0] if lengths else len(rest)
    if len(rest) < length:
        return None  # cut mid-answer
    return status, rest


def forced(kind: str, **plan: float) -> FaultPlan:
    return FaultPlan(rate=1.0, weights={kind: 1.0}, hold_s=plan.get("hold_s", 5.0),
                     slow_s=(0.05, 0.1))


Outcome = tuple[Upstream, FaultProxy, Any]


async def with_proxy(kind: str, scenario: Callable[[FaultProxy], Awaitable[Any]]) -> Outcome:
    upstream = Upstream()
    await upstream.start()
    proxy = FaultProxy(f"http://127.0.0.1:{upstream.port}", plan=forced(kind), seed=1)
    await proxy.start()
    try:
        result = await scenario(proxy)
        await asyncio.sleep(0.4)  # late copies (duplicates, timed-out forwards) land
    finally:
        await proxy.stop()
        await upstream.stop()
    return upstream, proxy, result


def run(coro: Coroutine[Any, Any, Outcome]) -> Outcome:
    return asyncio.run(coro)


def test_refused_reaches_nothing() -> None:
    up, proxy, result = run(with_proxy("refused", lambda p: request(p.port, "POST", b"a")))
    assert result is None and up.bodies == [] and proxy.faults["refused"] == 1


def test_5xx_is_answered_by_the_proxy_without_forwarding() -> None:
    up, _, result = run(with_proxy("http_5xx", lambda p: request(p.port, "POST", b"a")))
    assert result is not None and result[0] == 503 and up.bodies == []


def test_reset_after_the_server_did_the_work() -> None:
    up, _, result = run(with_proxy("reset", lambda p: request(p.port, "POST", b"a")))
    assert result is None and up.bodies == [b"a"]


def test_duplicated_post_reaches_the_server_twice_client_sees_one_answer() -> None:
    up, _, result = run(with_proxy("duplicated", lambda p: request(p.port, "POST", b"a")))
    assert result is not None and result[0] == 200
    assert up.bodies == [b"a", b"a"]


def test_a_get_is_never_duplicated() -> None:
    up, proxy, result = run(with_proxy("duplicated", lambda p: request(p.port, "GET")))
    assert result is not None and len(up.bodies) == 1 and proxy.faults == {"slow": 1}


def test_reordered_post_is_forwarded_after_a_later_one() -> None:
    async def scenario(proxy: FaultProxy) -> Any:
        first = asyncio.create_task(request(proxy.port, "POST", b"first"))
        while not proxy._held:  # the first POST is now held by the proxy
            await asyncio.sleep(0.01)
        proxy.plan.rate = 0.0  # the second goes straight through
        second = await request(proxy.port, "POST", b"second")
        return second, await first

    up, _, (second, first) = run(with_proxy("reordered", scenario))
    assert first is not None and second is not None
    assert up.bodies == [b"second", b"first"]


def test_timeout_holds_then_closes() -> None:
    async def scenario(proxy: FaultProxy) -> Any:
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        result = await request(proxy.port, "POST", b"a")
        return result, loop.time() - t0

    _, _, (result, held) = run(with_proxy("timeout", scenario))
    assert result is None and held >= 4.9


@pytest.mark.parametrize("rate", [0.0, 0.3])
def test_fault_rate_is_respected(rate: float) -> None:
    import random

    plan = FaultPlan(rate=rate)
    rng = random.Random(3)
    drawn = [plan.draw(rng, "POST") for _ in range(2000)]
    share = sum(d is not None for d in drawn) / len(drawn)
    assert abs(share - rate) < 0.05
