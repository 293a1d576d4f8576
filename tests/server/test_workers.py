"""`examroom server --workers N`: several processes on one port and one PostgreSQL, a
push on one waking the long-polls of the others (ARCHITECTURE "Scale")."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.live_server import ROOT, Driver, LiveServer
from tests.helpers.station import Kiosk, make_session
from tests.server.conftest import PG_BASE, pg_available

pytestmark = pytest.mark.slow


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[LiveServer]:
    if not pg_available():
        reason = "PostgreSQL: nothing answers at 127.0.0.1:5432"
        print(f"SKIP {reason}")
        pytest.skip(reason)
    schema = f"workers_{int(time.time() * 1000)}"
    subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "test",
                    "-c", f"CREATE SCHEMA {schema}"], check=True)
    live = LiveServer(tmp_path, db_url=f"{PG_BASE}?options=-csearch_path%3D{schema}",
                      workers=2)
    live.create_accounts()
    live.start(timeout_s=60)
    try:
        yield live
    finally:
        live.stop()
        subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "test",
                        "-c", f"DROP SCHEMA {schema} CASCADE"], check=False)


def _server_pids(parent: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(parent)],
                         capture_output=True, text=True, check=False).stdout
    return {int(p) for p in out.split()}


def test_two_processes_serve_the_room_and_wake_each_others_long_polls(
    two_workers: LiveServer,
) -> None:
    assert two_workers.proc is not None
    assert len(_server_pids(two_workers.proc.pid)) >= 2
    s = make_session(two_workers)
    ada = Kiosk(s, "Ada", "Lovelace")
    ada.join()
    station = s.driver.call("POST", "/api/invigilator/login",
                            json={"session_number": s.sid, "password": s.password})["token"]
    # Each try: the kiosk's long-poll on its own connection, the station's action on
    # another. The kernel spreads connections over the two processes, so over ten tries
    # some action lands on the other process than the poll (all on the same one: about
    # 1 in 1,000); every poll must wake within a second, not at the end of its 10 s.
    for i in range(10):
        last = max(e.server_seq or 0 for e in ada.pulled())
        woke: dict[str, Any] = {}

        def poll(after: int = last, woke: dict[str, Any] = woke) -> None:
            t0 = time.monotonic()
            data = Driver(two_workers.url).call(
                "GET", f"/api/sessions/{s.sid}/events", ada.token,
                params={"after": after, "wait": 10})
            woke["s"] = time.monotonic() - t0
            woke["kinds"] = [e["kind"] for e in data["events"]]

        thread = threading.Thread(target=poll)
        thread.start()
        time.sleep(0.5)
        kind = "PresenceConfirmed" if i % 2 == 0 else "PresenceCancelled"
        Driver(two_workers.url).call("POST", "/api/invigilator/actions", station, json={
            "kind": kind, "candidate_id": ada.cid, "payload": {}, "device_id": "station-1"})
        thread.join(15)
        assert woke["kinds"] == [kind], (i, woke)
        assert woke["s"] < 1.5, (i, woke)


def test_workers_need_postgresql(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "server", "--workers", "2", "--port", "1"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
        env=os.environ | {"EXAMROOM_DATA_DIR": str(tmp_path)},
    )
    assert done.returncode == 2
    assert "--workers needs PostgreSQL" in done.stderr
