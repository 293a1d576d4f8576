"""Long-poll latency: time from a push to the return of a pull already waiting for it.

Two `examroom server` processes on one PostgreSQL (a fresh schema): the invigilator
pushes on process A while a kiosk long-polls (`wait=10`) on process B, so the wake-up
goes through LISTEN/NOTIFY, the path a load-balanced deployment takes. With
`--processes 1` both talk to one process (the in-process notification).

    .venv/bin/python bench/longpoll_latency.py [--db URL] [--samples 200] [--processes 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.domain.events import EventKind, new_event  # noqa: E402
from app.server.auth import issue_token  # noqa: E402
from app.server.db import make_engine, make_sessionmaker  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from sync_ingest import BASE, free_port, prepare  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--db", default=BASE)
    p.add_argument("--samples", type=int, default=200)
    p.add_argument("--processes", type=int, default=2)
    ns = p.parse_args()
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(ns.db)
    with admin.begin() as c:
        c.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = f"{ns.db}?options=-csearch_path%3D{schema}"
    procs = []
    try:
        ((kiosk, sid, _cid),) = prepare(url, 1, 1, 10)
        engine = make_engine(url)
        with make_sessionmaker(engine)() as db:
            inv = issue_token(
                db,
                kind="invigilator",
                now=datetime.now(UTC),
                ttl=timedelta(hours=1),
                session_id=sid,
            )
            db.commit()
        engine.dispose()
        urls = []
        env = os.environ | {"EXAMROOM_DATA_DIR": f"/tmp/{schema}"}
        for _ in range(ns.processes):
            port = free_port()
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "app.server.cli", "--port", str(port), "--db", url],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for u in urls:
            for _ in range(200):
                try:
                    if requests.get(f"{u}/api/health", timeout=1).ok:
                        break
                except requests.ConnectionError:
                    time.sleep(0.1)
        push_url, poll_url = urls[0], urls[-1]
        poller, pusher = requests.Session(), requests.Session()
        kh = {"Authorization": f"Bearer {kiosk}"}
        ih = {"Authorization": f"Bearer {inv}"}
        last = poller.get(f"{poll_url}/api/sessions/{sid}/events", headers=kh).json()["last_seq"]
        latencies = []
        for n in range(ns.samples):
            got: dict[str, float] = {}

            def poll(after: int = last, got: dict[str, float] = got) -> None:
                r = poller.get(
                    f"{poll_url}/api/sessions/{sid}/events?after={after}&wait=10",
                    headers=kh,
                    timeout=20,
                )
                got["t"] = time.perf_counter()
                got["seq"] = r.json()["last_seq"]

            t = threading.Thread(target=poll)
            t.start()
            time.sleep(0.05)  # the poll is waiting on the server
            event = new_event(
                EventKind.TIME_ADDED,
                session_id=sid,
                candidate_id=None,
                payload={"minutes": 1},
                device_id="station",
                device_seq=n + 1,
                monotonic_ms=n,
                wall_time=datetime.now(UTC),
            ).to_wire()
            t0 = time.perf_counter()
            r = pusher.post(f"{push_url}/api/sync/events", json={"events": [event]}, headers=ih)
            assert r.status_code == 200 and not r.json()["refused"], r.text
            t.join(15)
            latencies.append((got["t"] - t0) * 1000)
            last = int(got["seq"])
        latencies.sort()
        p50 = statistics.median(latencies)
        p95 = latencies[int(0.95 * len(latencies)) - 1]
        print(f"processes={ns.processes} samples={len(latencies)}")
        print(f"push->pull latency: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms")
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(10)
        with admin.begin() as c:
            c.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


if __name__ == "__main__":
    main()
