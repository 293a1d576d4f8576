"""A live server hammered by clients that give up fast keeps no connection it cannot use.

Found by `examroom simulate --kiosks 500` on PostgreSQL: kiosks timing out and retrying
left all 40 pooled connections "idle in transaction" (a read after the last commit of
`join`) while all 30 worker threads waited for a connection; the connections were only
given back after the result was serialized, which needs a worker thread. The server then
answered nothing for minutes. `DbRoute` now closes the session in the endpoint's thread.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.helpers.live_server import Driver, LiveServer
from tests.server.conftest import PG_BASE, pg_available

pytestmark = pytest.mark.slow


@pytest.fixture
def pg_server(tmp_path: Path) -> Iterator[LiveServer]:
    if not pg_available():
        reason = "PostgreSQL: nothing answers at 127.0.0.1:5432"
        print(f"SKIP {reason}")
        pytest.skip(reason)
    schema = f"load_{int(time.time() * 1000)}"
    subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "test",
                    "-c", f"CREATE SCHEMA {schema}"], check=True)
    live = LiveServer(tmp_path, db_url=f"{PG_BASE}?options=-csearch_path%3D{schema}")
    live.create_accounts()
    live.start()
    try:
        yield live
    finally:
        live.stop()
        subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "test",
                        "-c", f"DROP SCHEMA {schema} CASCADE"], check=False)


def _stuck_connections() -> int:
    """Connections of the test database idle in a transaction for more than 5 s."""
    out = subprocess.run(
        ["psql", "-At", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-c",
         "SELECT count(*) FROM pg_stat_activity WHERE datname = 'test' "
         "AND state = 'idle in transaction' AND now() - state_change > interval '5 seconds'"],
        capture_output=True, text=True, check=True,
    ).stdout
    return int(out.strip())


def test_clients_that_time_out_leave_no_connection_stuck(pg_server: LiveServer) -> None:
    d = Driver(pg_server.url)
    admin = d.login_admin()
    sid = d.create_session(admin)["id"]
    cands = [d.add_candidate(admin, sid, "Cand", f"N{i}", f"2010-01-{i + 1:02d}")
             for i in range(20)]
    stop = time.monotonic() + 12

    def hammer(i: int) -> None:
        c = cands[i % len(cands)]
        body = {"session_number": sid, "first_name": "Cand", "last_name": c["last_name"],
                "birthdate": c["birthdate"], "device_id": f"pc-{i}"}
        with requests.Session() as http:
            while time.monotonic() < stop:
                with contextlib.suppress(requests.RequestException):
                    http.post(f"{pg_server.url}/api/candidate/join", json=body, timeout=0.3)

    threads = [threading.Thread(target=hammer, args=(i,)) for i in range(100)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # The server works through what the clients abandoned, then answers again, and no
    # connection stays held by a request that is over.
    deadline = time.monotonic() + 120
    while True:
        try:
            if requests.get(f"{pg_server.url}/api/health", timeout=5).ok:
                break
        except requests.RequestException:
            pass
        assert time.monotonic() < deadline, "the server did not answer again within 2 min"
    time.sleep(6)
    assert _stuck_connections() == 0
