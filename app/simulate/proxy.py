"""A fault-injecting HTTP reverse proxy between the simulated kiosks and the server.

Why HTTP-aware rather than a TCP chaos tool: the faults that threaten "no answer lost, none
counted twice" are at the level of requests. A push the server has processed but whose
answer never arrives (reset mid-response, timeout after forwarding) must be retried
without creating a second copy; the same POST delivered twice, or an earlier POST
delivered after a later one, must be stored once and in a consistent order. A TCP tool
cannot duplicate or reorder a request; this proxy can, because it reads each request
whole before deciding what to do with it.

One fault at most per request, drawn from a seeded `random.Random` in arrival order:

- `refused`: the connection is closed before the request is read (the client sees a
  connection error; nothing reached the server);
- `reset`: forwarded, the server answers, then the client gets part of the answer and a
  TCP reset (the server did the work, the client does not know);
- `timeout`: held for `hold_s` then closed; forwarded first half of the time;
- `http_5xx`: answered 503 by the proxy itself, not forwarded;
- `slow`: delayed `slow_s` before forwarding, then answered normally;
- `duplicated` (POST only): forwarded twice, one answer returned (first sent wins);
- `reordered` (POST only): held until a later POST has been forwarded, or `hold_s`.

Everything runs on one asyncio loop, normally in a thread of its own (`ProxyThread`), so
the simulator's other work never delays a request. Every upstream request gets a fresh
connection with `Connection: close`, and every answer to a client says `Connection: close`
too: one request per connection keeps the parsing simple and makes a fault on one request
unable to leak into the next.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct
import threading
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

FAULT_KINDS = ("refused", "reset", "timeout", "http_5xx", "slow", "duplicated", "reordered")
POST_ONLY = frozenset({"duplicated", "reordered"})
_MAX_HEAD = 64 * 1024


@dataclass
class FaultPlan:
    """How often each fault happens: `rate` is the probability that a request is faulted.

    The kind is then drawn with `weights` among the kinds that apply to the request (a
    GET is never duplicated or reordered). `rate` may be changed while the proxy runs
    (the simulator sets it to 0 when the fault window ends).
    """

    rate: float = 0.0
    weights: dict[str, float] = field(
        default_factory=lambda: dict.fromkeys(FAULT_KINDS, 1.0)
    )
    hold_s: float = 4.0
    slow_s: tuple[float, float] = (0.3, 1.5)

    def draw(self, rng: random.Random, method: str) -> str | None:
        if self.rate <= 0 or rng.random() >= self.rate:
            return None
        kinds = [k for k in FAULT_KINDS if method == "POST" or k not in POST_ONLY]
        weights = [self.weights.get(k, 0.0) for k in kinds]
        if sum(weights) <= 0:
            return None
        return rng.choices(kinds, weights)[0]


@dataclass
class _Request:
    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes
    arrival: int = 0

    def encode(self, host: str) -> bytes:
        lines = [f"{self.method} {self.target} HTTP/1.1"]
        for name, value in self.headers:
            if name.lower() in ("connection", "keep-alive", "host", "proxy-connection"):
                continue
            lines.append(f"{name}: {value}")
        lines += [f"Host: {host}", "Connection: close", "", ""]
        return "\r\n".join(lines).encode("latin-1") + self.body


class FaultProxy:
    """The proxy itself; `start()` on a running loop, `stop()` on the same loop."""

    def __init__(
        self,
        upstream: str,
        *,
        plan: FaultPlan | None = None,
        seed: int = 0,
        host: str = "127.0.0.1",
        port: int = 0,
        upstream_timeout_s: float = 60.0,
    ) -> None:
        parsed = urlparse(upstream)
        if parsed.scheme != "http" or not parsed.hostname:
            raise ValueError(f"upstream must be an http:// URL, not {upstream!r}")
        self.upstream_host = parsed.hostname
        self.upstream_port = parsed.port or 80
        self.plan = plan or FaultPlan()
        self.host = host
        self.port = port
        self.upstream_timeout_s = upstream_timeout_s
        self._rng = random.Random(seed)
        self._server: asyncio.Server | None = None
        self._held: list[tuple[int, asyncio.Event]] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self.faults: Counter[str] = Counter()
        self.requests = 0
        self.upstream_errors = 0
        self.last_fault_at: float | None = None
        self.on_fault: Callable[[str], None] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port, backlog=1024)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for _arrival, held in self._held:
            held.set()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    # -- one connection = one request -----------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            await self._handle(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, TimeoutError, OSError):
            pass
        except asyncio.CancelledError:
            # Only stop() cancels: the proxy is going away, the client sees a reset.
            _abort(writer)
        finally:
            if task is not None:
                self._tasks.discard(task)
            with contextlib.suppress(Exception):
                writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # The draw happens at arrival, before reading: `refused` must not read anything.
        self.requests += 1
        fault_if_post = self.plan.draw(self._rng, "POST")
        if fault_if_post == "refused":
            self._count("refused")
            _abort(writer)
            return
        arrival = self.requests
        request = await _read_request(reader)
        if request is None:
            return
        request.arrival = arrival
        fault = fault_if_post
        if fault in POST_ONLY and request.method != "POST":
            fault = "slow"  # keep the fault rate; a GET cannot be duplicated or reordered
        if fault is not None:
            self._count(fault)
        match fault:
            case "http_5xx":
                writer.write(_response(503, b'{"error":{"code":"proxy_fault"}}'))
                await writer.drain()
            case "timeout":
                if self._rng.random() < 0.5:
                    self._spawn(self._forward(request))  # the server may well do the work
                await asyncio.sleep(self.plan.hold_s)
                _abort(writer)
            case "slow":
                await asyncio.sleep(self._rng.uniform(*self.plan.slow_s))
                await self._answer(writer, await self._forward(request))
            case "reset":
                answer = await self._forward(request)
                if answer is not None:
                    writer.write(answer[: max(1, len(answer) // 2)])
                    await writer.drain()
                _abort(writer)
            case "duplicated":
                first, _second = await asyncio.gather(
                    self._forward(request), self._forward_later(request)
                )
                await self._answer(writer, first)
            case "reordered":
                released = asyncio.Event()
                entry = (request.arrival, released)
                self._held.append(entry)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(released.wait(), self.plan.hold_s)
                if entry in self._held:
                    self._held.remove(entry)
                await self._answer(writer, await self._forward(request))
            case _:
                await self._answer(writer, await self._forward(request))

    def _count(self, fault: str) -> None:
        self.faults[fault] += 1
        self.last_fault_at = asyncio.get_running_loop().time()
        if self.on_fault is not None:
            self.on_fault(fault)

    def _release_held(self, arrival: int) -> None:
        """A POST that arrived later went through: held earlier ones may now follow it."""
        keep: list[tuple[int, asyncio.Event]] = []
        for entry in self._held:
            if entry[0] < arrival:
                entry[1].set()
            else:
                keep.append(entry)
        self._held = keep

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _forward_later(self, request: _Request) -> bytes | None:
        # Half the copies race the original, half follow it a little later.
        if self._rng.random() < 0.5:
            await asyncio.sleep(self._rng.uniform(0.0, 0.3))
        return await self._forward(request)

    async def _forward(self, request: _Request) -> bytes | None:
        """Send the request upstream on a new connection; the raw answer, or None."""
        try:
            up_reader, up_writer = await asyncio.wait_for(
                asyncio.open_connection(self.upstream_host, self.upstream_port), 5.0
            )
        except (OSError, TimeoutError):
            self.upstream_errors += 1
            return None
        try:
            up_writer.write(request.encode(f"{self.upstream_host}:{self.upstream_port}"))
            await up_writer.drain()
            answer = await asyncio.wait_for(up_reader.read(), self.upstream_timeout_s)
        except (OSError, TimeoutError):
            self.upstream_errors += 1
            return None
        finally:
            up_writer.close()
        if request.method == "POST" and answer:
            self._release_held(request.arrival)
        return answer

    async def _answer(self, writer: asyncio.StreamWriter, answer: bytes | None) -> None:
        if not answer:
            _abort(writer)  # like a dead server: the client sees a connection error
            return
        writer.write(_close_after(answer))
        await writer.drain()


async def _read_request(reader: asyncio.StreamReader) -> _Request | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    except asyncio.LimitOverrunError:
        return None
    if len(head) > _MAX_HEAD:
        return None
    lines = head.decode("latin-1").split("\r\n")
    try:
        method, target, _version = lines[0].split(" ", 2)
    except ValueError:
        return None
    headers: list[tuple[str, str]] = []
    length = 0
    for line in lines[1:]:
        if not line:
            continue
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    body = await reader.readexactly(length) if length else b""
    return _Request(method, target, headers, body)


def _close_after(answer: bytes) -> bytes:
    """The server's answer with `Connection: close`, so the client never reuses the socket."""
    head, sep, body = answer.partition(b"\r\n\r\n")
    if not sep:
        return answer
    lines = [
        line
        for line in head.split(b"\r\n")
        if not line.lower().startswith((b"connection:", b"keep-alive:"))
    ]
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def _response(status: int, body: bytes) -> bytes:
    reason = {503: "Service Unavailable"}.get(status, "Error")
    return (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode("latin-1") + body


def _abort(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP reset (SO_LINGER 0), as a crashed peer or a cut cable would."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport = writer.transport
    with contextlib.suppress(Exception):
        transport.abort()


class ProxyThread:
    """Runs a FaultProxy on its own event loop in a daemon thread."""

    def __init__(self, proxy: FaultProxy) -> None:
        self.proxy = proxy
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="fault-proxy", daemon=True)

    def start(self) -> ProxyThread:
        self._thread.start()
        self._ready.wait(10)
        if self._error is not None:
            raise self._error
        return self

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self.proxy.start())
        except BaseException as exc:  # reported to start()
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(self.proxy.stop())
        self._loop.close()

    def set_rate(self, rate: float) -> None:
        self._loop.call_soon_threadsafe(setattr, self.proxy.plan, "rate", rate)

    def stop(self) -> None:
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(15)
