"""Station latency: a kiosk event pushed -> the change visible in the station's table model.

A live `examroom server` (SQLite) and the real station desk and table model, offscreen.
A kiosk pushes FocusLost events one at a time (each changes the candidate's row: "Sortie
de la fenêtre ×N"); the clock starts just before the kiosk's HTTP push and stops when the
station's model emits dataChanged with the new count. So the figure covers the push, the
server's long-poll wake-up, the station's pull, its store write, fold and row rebuild.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/station_latency.py [--samples 200]

Prints one JSON object. Goal (issue 5): p95 <= 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.domain.events import EventKind  # noqa: E402
from app.views.invigilator.table import ROW_ROLE, CandidateModel  # noqa: E402
from tests.helpers.live_server import LiveServer  # noqa: E402
from tests.helpers.station import Kiosk, make_desk, make_session, run_on_qasync, until  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--samples", type=int, default=200)
    ns = p.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        server = LiveServer(Path(tmp) / "server")
        server.data_dir.mkdir()
        server.create_accounts()
        server.start()
        try:
            s = make_session(server)
            kiosk = Kiosk(s, "Ada", "Lovelace")
            kiosk.join()
            inv = s.driver.login_invigilator(s.sid, s.password)
            s.driver.action(inv, "PresenceConfirmed", kiosk.cid)
            kiosk.start()
            challenge = kiosk.challenge_ids()[0]
            desk, store, _api = make_desk(server.url, Path(tmp), poll_s=2.5, wait_s=20.0)
            model = CandidateModel(desk)
            seen: dict[int, float] = {}

            def changed(top: object, _bottom: object, _roles: object = None) -> None:
                row = model.data(top, ROW_ROLE)  # type: ignore[arg-type]
                if row is not None and row.candidate_id == kiosk.cid:
                    seen.setdefault(row.focus_lost, time.perf_counter())

            model.dataChanged.connect(changed)
            pusher = ThreadPoolExecutor(1)

            async def measure() -> list[float]:
                assert await desk.login(s.sid, s.password)
                await until(lambda: desk.online is True, 10)
                await asyncio.sleep(0.5)  # the long-poll is waiting
                loop = asyncio.get_running_loop()
                latencies = []
                for n in range(1, ns.samples + 1):
                    start = time.perf_counter()
                    await loop.run_in_executor(pusher, lambda: kiosk.push(
                        EventKind.FOCUS_LOST, challenge_id=challenge))
                    await until(lambda n=n: n in seen, 10, f"event {n} on the station")
                    latencies.append(seen[n] - start)
                    await asyncio.sleep(0.02)
                await desk.close()
                return latencies

            values = run_on_qasync(app, measure())
            store.close()
        finally:
            server.stop()
    ms = [v * 1000 for v in values]
    print(json.dumps({
        "bench": "station_latency",
        "samples": len(ms),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(percentile(ms, 0.95), 1),
        "p99_ms": round(percentile(ms, 0.99), 1),
        "max_ms": round(max(ms), 1),
        "goal_p95_ms": 1000,
    }))


if __name__ == "__main__":
    main()
