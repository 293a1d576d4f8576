"""An outsider's request that never ends its headers must not grow a server's memory.

Before any route, any token or any body limit, the HTTP parser reads the request line and
the headers. h11, the parser the server and the room relay run (`UVICORN_OPTIONS`,
`app/server/settings.py`), refuses a request whose line and headers pass 16 KB (400) and
closes the connection. httptools, uvicorn's faster parser, has no such limit: tried on
2026-12-06 (issue 22), one connection sent a 60 MB header and the server's memory grew by
77 MB, still reading. These tests fail with it. The relay is tested too: every pupil's PC
in the room can reach it.
"""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from tests.helpers.live_server import LiveServer
from tests.helpers.security_room import live_server
from tests.relay.helpers import LiveRelay, prepared_session

__all__ = ["live_server"]

pytestmark = pytest.mark.slow

_ENDLESS = 32 * 2**20
"""Bytes offered after the prefix: far beyond what the loopback's buffers hold (a few MB),
so only a server that keeps reading takes them all."""


def _offer(url: str, prefix: bytes) -> tuple[int, bytes]:
    """Send `prefix`, then never-ending bytes; how many were taken, and the answer if any."""
    where = urlsplit(url)
    chunk = b"a" * 65536
    sent = 0
    with socket.create_connection((where.hostname, where.port), timeout=10) as conn:
        conn.sendall(prefix)
        try:
            while sent < _ENDLESS:
                conn.sendall(chunk)
                sent += len(chunk)
        except OSError:  # reset or broken pipe: the server closed the connection
            pass
        try:
            answer = conn.recv(200)
        except OSError:  # reset, or a server still waiting for the end of the headers
            answer = b""
    return sent, answer


PREFIXES = {
    "header": b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ",
    "request-line": b"GET /api/health?",
}


def _assert_cut_off(url: str, prefix: bytes) -> None:
    sent, answer = _offer(url, prefix)
    assert sent < _ENDLESS, "the server read 32 MB of one request's headers"
    assert answer == b"" or answer.startswith(b"HTTP/1.1 4"), answer
    assert requests.get(f"{url}/api/health", timeout=10).ok


@pytest.mark.parametrize("prefix", PREFIXES.values(), ids=PREFIXES.keys())
def test_endless_headers_are_cut_off(live_server: LiveServer, prefix: bytes) -> None:
    _assert_cut_off(live_server.url, prefix)


def test_endless_headers_are_cut_off_by_the_relay(tmp_path: Path) -> None:
    p = prepared_session(tmp_path, 1)
    relay = LiveRelay(p.station_dir, p.session_id, p.kit["session_password"], None).start()
    try:
        for prefix in PREFIXES.values():
            _assert_cut_off(relay.url, prefix)
    finally:
        relay.stop()
        p.central.stop()
