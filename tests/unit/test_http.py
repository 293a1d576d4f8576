"""The HTTP client core against a real local HTTP server: what is "unreachable", what is a
refusal and what it carries, retries, tokens, and one requests.Session per thread."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pydantic import BaseModel

from app.services.http import ApiRefused, HttpClient, HttpFailure, Retry, Unreachable


@dataclass
class Reply:
    status: int = 200
    body: bytes = b'{"ok": true}'
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Script:
    """What the server answers, in order (the last answer repeats), and what it saw."""

    replies: list[Reply] = field(default_factory=lambda: [Reply()])
    seen: list[dict[str, Any]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    hold: bool = False

    def next(self) -> Reply:
        return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]


def json_reply(status: int, data: Any, **headers: str) -> Reply:
    return Reply(status, json.dumps(data).encode(), {"Content-Type": "application/json", **headers})


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: a session reuses its connection

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            script.seen.append({
                "path": self.path,
                "port": self.client_address[1],
                "auth": self.headers.get("Authorization"),
            })
            if script.hold:
                script.release.wait(10)
            reply = script.next()
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        do_GET = do_POST = _answer

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", script
    finally:
        script.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there any more


# -- what is unreachable ------------------------------------------------------------------


def test_nothing_listening_is_unreachable() -> None:
    client = HttpClient(closed_port_url(), timeout_s=2)
    with pytest.raises(Unreachable, match="GET /api/health: ConnectionError"):
        client.request("GET", "/api/health")
    client.close()


def test_no_answer_within_the_timeout_is_unreachable(server: tuple[str, Script]) -> None:
    url, script = server
    script.hold = True  # the server holds the request until the test ends
    client = HttpClient(url, timeout_s=0.2)
    with pytest.raises(Unreachable, match="ReadTimeout"):
        client.request("GET", "/slow")
    client.close()


@pytest.mark.parametrize("status", [500, 502, 503, 504, 407, 408])
def test_server_errors_and_proxies_are_unreachable(
    server: tuple[str, Script], status: int
) -> None:
    url, script = server
    script.replies = [json_reply(status, {"error": {"code": "overloaded", "message": "busy"}})]
    client = HttpClient(url)
    with pytest.raises(Unreachable, match=f"HTTP {status}"):
        client.json("GET", "/api/x")
    client.close()


def test_a_page_that_is_not_json_is_unreachable(server: tuple[str, Script]) -> None:
    """A captive portal or a proxy answers 200 with its own page."""
    url, script = server
    script.replies = [Reply(200, b"<html>Connectez-vous au Wi-Fi</html>")]
    client = HttpClient(url)
    assert client.request("GET", "/api/health").status_code == 200
    with pytest.raises(Unreachable, match="not JSON"):
        client.json("GET", "/api/candidate/status")
    client.close()


class Pong(BaseModel):
    pong: int


def test_an_answer_that_is_not_the_expected_model_is_unreachable(
    server: tuple[str, Script],
) -> None:
    url, script = server
    script.replies = [json_reply(200, {"ping": 1}), json_reply(200, {"pong": 2})]
    client = HttpClient(url)
    with pytest.raises(Unreachable, match="not a Pong"):
        client.model(Pong, "GET", "/api/ping")
    assert client.model(Pong, "GET", "/api/ping") == Pong(pong=2)
    client.close()


def test_too_many_requests_is_unreachable_or_a_refusal_as_the_client_chooses(
    server: tuple[str, Script],
) -> None:
    url, script = server
    body = {"error": {"code": "access_locked", "message": "too many wrong codes",
                      "details": {"retry_after_s": 120}}}
    script.replies = [json_reply(429, body)]
    with pytest.raises(Unreachable, match="HTTP 429"):
        HttpClient(url).json("POST", "/api/candidate/start")
    kiosk = HttpClient(url, busy_is_unreachable=False)
    with pytest.raises(ApiRefused) as err:
        kiosk.json("POST", "/api/candidate/start")
    refusal = err.value
    assert (refusal.status, refusal.code, refusal.retry_after_s) == (429, "access_locked", 120)
    kiosk.close()


# -- refusals -----------------------------------------------------------------------------


def test_a_refusal_carries_status_code_message_and_details(server: tuple[str, Script]) -> None:
    url, script = server
    errors = [{"line": 3, "reason": "birthdate"}]
    script.replies = [json_reply(422, {"error": {"code": "import_rejected", "message": "bad lines",
                                                 "details": {"errors": errors}}})]
    client = HttpClient(url)
    with pytest.raises(ApiRefused) as err:
        client.json("POST", "/api/admin/sessions/1/candidates/import")
    refusal = err.value
    assert isinstance(refusal, HttpFailure)
    assert (refusal.status, refusal.code, refusal.message) == (422, "import_rejected", "bad lines")
    assert refusal.details == {"errors": errors}
    assert refusal.retry_after_s is None
    assert not refusal.unauthorized
    assert str(refusal) == "422 import_rejected: bad lines"
    client.close()


def test_retry_after_comes_from_the_header_when_the_body_does_not_say(
    server: tuple[str, Script],
) -> None:
    url, script = server
    script.replies = [json_reply(409, {"error": {"code": "busy", "message": "wait"}},
                                 **{"Retry-After": "7"})]
    with pytest.raises(ApiRefused) as err:
        HttpClient(url).request("POST", "/api/x")
    assert err.value.retry_after_s == 7


def test_a_refusal_that_is_not_examroom_s_is_an_http_error(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [Reply(404, b"<html>Not Found</html>"), Reply(401, b"")]
    client = HttpClient(url)
    with pytest.raises(ApiRefused) as err:
        client.request("GET", "/nowhere")
    assert (err.value.status, err.value.code) == (404, "http_error")
    assert err.value.message == "<html>Not Found</html>"
    with pytest.raises(ApiRefused) as err:
        client.request("GET", "/nowhere")
    assert (err.value.code, err.value.message, err.value.unauthorized) == (
        "http_error", "HTTP 401", True
    )
    client.close()


# -- tokens and retries ---------------------------------------------------------------------


def test_the_bearer_token_is_read_at_each_call_unless_the_call_is_anonymous(
    server: tuple[str, Script],
) -> None:
    url, script = server
    token: list[str | None] = [None]
    client = HttpClient(url, token=lambda: token[0])
    client.request("GET", "/a")
    token[0] = "tok-1"
    client.request("GET", "/b")
    client.request("POST", "/login", auth=False)
    assert [s["auth"] for s in script.seen] == [None, "Bearer tok-1", None]
    client.close()


def test_retry_tries_again_while_unreachable_then_answers(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [Reply(503, b""), Reply(502, b""), json_reply(200, {"pong": 3})]
    slept: list[float] = []
    client = HttpClient(url, sleep=slept.append)
    assert client.model(Pong, "GET", "/api/package", retry=Retry(attempts=3)) == Pong(pong=3)
    assert len(script.seen) == 3
    assert len(slept) == 2 and all(0 < s <= Retry().cap_s for s in slept)
    client.close()


def test_retry_gives_up_after_its_attempts_and_never_repeats_a_refusal(
    server: tuple[str, Script],
) -> None:
    url, script = server
    script.replies = [Reply(503, b"")]
    slept: list[float] = []
    client = HttpClient(url, sleep=slept.append)
    with pytest.raises(Unreachable):
        client.request("GET", "/api/package", retry=Retry(attempts=3))
    assert (len(script.seen), len(slept)) == (3, 2)
    script.replies = [json_reply(401, {"error": {"code": "bad_credentials", "message": "no"}})]
    with pytest.raises(ApiRefused, match="bad_credentials"):
        client.request("POST", "/api/invigilator/login", retry=Retry(attempts=3))
    assert (len(script.seen), len(slept)) == (4, 2)
    client.close()


def test_without_retry_one_attempt_only(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [Reply(503, b""), Reply(200, b"{}")]
    client = HttpClient(url, sleep=lambda s: pytest.fail("no retry was asked for"))
    with pytest.raises(Unreachable):
        client.request("GET", "/api/x")
    assert len(script.seen) == 1
    client.close()


# -- one session per thread -------------------------------------------------------------------


def test_each_thread_has_its_own_session_and_keeps_it(server: tuple[str, Script]) -> None:
    url, script = server
    client = HttpClient(url)
    mine = client.session()
    assert client.session() is mine
    theirs: list[Any] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        theirs.append(client.session())
        barrier.wait(5)  # both threads alive at once: no reuse of a finished thread's slot
        client.request("GET", "/from-worker")
        client.request("GET", "/from-worker")

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    client.request("GET", "/from-main")
    client.request("GET", "/from-main")
    for t in threads:
        t.join(10)
    assert len(theirs) == 2
    assert len({id(mine), *(id(s) for s in theirs)}) == 3
    # Each session keeps its own connection: the main thread's two calls came from one
    # client port, and no worker used it.
    main_ports = {s["port"] for s in script.seen if s["path"] == "/from-main"}
    worker_ports = {s["port"] for s in script.seen if s["path"] == "/from-worker"}
    assert len(main_ports) == 1
    assert not main_ports & worker_ports
    client.close()
    assert client.session() is not mine  # closed sessions are not handed out again
    client.close()


# -- aborting calls in flight ---------------------------------------------------------------


def test_abort_ends_a_call_the_server_holds_and_later_calls_work(
    server: tuple[str, Script]
) -> None:
    """A long-poll the server holds for 20 s ends at once when its owner stops."""
    url, script = server
    script.hold = True
    client = HttpClient(url, timeout_s=30)
    outcome: list[BaseException | None] = []

    def long_poll() -> None:
        try:
            client.request("GET", "/held")
            outcome.append(None)
        except HttpFailure as exc:
            outcome.append(exc)

    worker = threading.Thread(target=long_poll)
    worker.start()
    while not script.seen:  # the request reached the server and waits there
        threading.Event().wait(0.01)
    client.abort()
    worker.join(5)
    assert not worker.is_alive(), "abort did not wake the blocked call"
    assert len(outcome) == 1 and isinstance(outcome[0], Unreachable), outcome
    script.hold = False
    script.release.set()
    assert client.json("GET", "/after") == {"ok": True}
    client.close()
