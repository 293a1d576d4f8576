"""How long the server spends on each push, measured by the server (issue 22).

A load run on one shared machine measures the machine: the kiosks' processes take the
cores, and the kiosks' acknowledgement times include their own queues. This timer is
kept by the server around `sync_service.push` (the checks, the fold, the SQL and the
commit; not the HTTP parsing, the token and the JSON answer): the wall time of each push
and the CPU time its thread used, with the events it acknowledged.

Off unless `EXAMROOM_PUSH_TIMES` names a file: every `every_s` seconds (on a push), each
server process writes its summary as JSON to `<file>.<pid>` (workers and restarts each
have their own), and once more at exit, so the figure survives a kill -9 and needs no
route.
"""

from __future__ import annotations

import atexit
import json
import os
import threading
import time
from array import array
from pathlib import Path
from typing import Any

_KEEP = 500_000
"""At most this many pushes are kept (then the oldest half is dropped)."""


class PushTimes:
    def __init__(self, path: Path | None, *, every_s: float = 5.0) -> None:
        self.path = path
        self.every_s = every_s
        self._wall = array("d")
        self._cpu = array("d")
        self._events = 0
        self._lock = threading.Lock()
        self._written = time.monotonic()
        self._started_cpu = time.process_time()

    @classmethod
    def from_environment(cls) -> PushTimes:
        named = os.environ.get("EXAMROOM_PUSH_TIMES")
        times = cls(Path(named) if named else None)
        if named:
            atexit.register(times.write)  # the last seconds too, on a normal stop
        return times

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def record(self, wall_s: float, cpu_s: float, events: int) -> None:
        if self.path is None:
            return
        with self._lock:
            if len(self._wall) >= _KEEP:
                del self._wall[: _KEEP // 2]
                del self._cpu[: _KEEP // 2]
            self._wall.append(wall_s)
            self._cpu.append(cpu_s)
            self._events += events
            due = time.monotonic() - self._written >= self.every_s
            if due:
                self._written = time.monotonic()
        if due:
            self.write()

    def summary(self) -> dict[str, Any]:
        with self._lock:
            wall = sorted(self._wall)
            cpu = sorted(self._cpu)
            events = self._events
        process_cpu = time.process_time() - self._started_cpu

        def pct(values: list[float], p: float) -> float:
            if not values:
                return 0.0
            return round(values[min(len(values) - 1, int(p / 100 * len(values)))] * 1000, 3)

        return {
            "pushes": len(wall),
            "events_acked": events,
            "wall_ms": {f"p{p}": pct(wall, p) for p in (50, 95, 99)}
            | {"max": round(wall[-1] * 1000, 3) if wall else 0.0},
            "thread_cpu_ms": {f"p{p}": pct(cpu, p) for p in (50, 95, 99)}
            | {"mean": round(sum(cpu) / len(cpu) * 1000, 3) if cpu else 0.0},
            "push_cpu_s": round(sum(cpu), 3),
            "process_cpu_s": round(process_cpu, 3),
            "pid": os.getpid(),
        }

    def write(self) -> None:
        if self.path is None:
            return
        target = self.path.with_name(f"{self.path.name}.{os.getpid()}")
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.summary()))
        tmp.replace(target)
