"""How much does a durable `LocalStore.append` cost, compared with the disk itself?

Every answer a candidate validates waits for one `append` (a commit with WAL and
synchronous=FULL) before the screen moves on, so its tail latency is what a candidate
feels. The floor is the disk's fsync latency, so the benchmark measures, in the same run
and on the same directory, a raw `os.write` + `os.fsync` of a record of the same size, and
interleaves the two in blocks so that noise (other processes, the disk's cache) hits both
alike. Goal (issue 2): append p99 <= 1.5 x raw fsync p99.

It also counts the WAL frames (pages) one append writes: appends on a fresh store with the
background checkpoint held off, the -wal file's growth divided by the frame size.

Commits that extend the -wal file cost more (the file's size is journaled too) than those
that overwrite it after a WAL restart. Before issue 22's checkpointer change the
background checkpoint rarely caught up while appends kept coming, so the file grew to the
writer's 4000-frame safety net first; it now restarts every ~200 commits (~3 MB), so a
fresh store grows only during its first ones. `--warmup 5000` measures after that.

`appends_growing_wal` counts the measured appends during which the -wal file grew (and
`growing_append_p50_ms` is their median): on a fresh store the file grows to its
high-water mark during the first ~150 appends after the warm-up, and then only if the
checkpointer fails to let it restart (the bug its last round under the writer's lock
fixed: 3,270 growing appends of 5,000 before it).

`--bare-sqlite` adds a third operation to the rotation: a bare SQLite transaction on a
file of its own with the store's settings (WAL, synchronous=FULL): BEGIN IMMEDIATE, one
INSERT of the same record as text, COMMIT. It tells what SQLite itself costs over the raw
write (`bare_sqlite_ms`) apart from what the store adds to it (its Python: the event's
checks, the row, the statements).

Usage: .venv/bin/python bench/store_append.py [--n 2000] [--dir DIR] [--warmup 50]
    [--bare-sqlite]
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.clocks import SystemClock
from app.domain.events import EventKind
from app.services.store import LocalStore

BLOCK = 20
WARMUP = 50

# An AnswerSubmitted as a kiosk records it: a form answer of a few fields (~300 bytes).
PAYLOAD: dict[str, Any] = {
    "challenge_id": "recQx7Lm2Jd9FaB3k",
    "answer": {
        "nom_du_fichier": "rapport_final_2026.odt",
        "dossier": "Documents/Projets/Certification",
        "taille": "24 Ko",
        "extension": "odt",
        "auteur": "Ada Lovelace",
        "date": "23/11/2026",
    },
    "timed_out": False,
    "focused_out": False,
    "elapsed_ms": 48213,
}


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation: a p99 is a latency that happened)."""
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def summary(samples: list[float]) -> dict[str, float]:
    values = sorted(samples)
    return {"p50": round(percentile(values, 50), 3), "p99": round(percentile(values, 99), 3)}


def wal_frames_per_append(directory: Path, count: int = 150) -> float:
    """Median WAL frames written by one append (each frame is one page plus a 24-byte header).

    Measured on a fresh store whose WAL only grows: `settle` is not called and fewer appends
    than the checkpoint threshold are made, so no checkpoint restarts the WAL midway; an
    append during which the file did not grow (a restart after all) is left out.
    """
    work = Path(tempfile.mkdtemp(prefix="store_frames-", dir=directory))
    try:
        path = work / "local.sqlite"
        with LocalStore.open(path, device_id="bench", clock=SystemClock()) as store:
            wal = path.with_name(path.name + "-wal")
            with closing(sqlite3.connect(path)) as db:
                page = int(db.execute("PRAGMA page_size").fetchone()[0])
            frames: list[float] = []
            for _ in range(count):
                before = wal.stat().st_size
                store.append(
                    EventKind.ANSWER_SUBMITTED, session_id=1, candidate_id=1, payload=PAYLOAD
                )
                grown = wal.stat().st_size - before
                if grown > 0:
                    frames.append(grown / (page + 24))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return sorted(frames)[len(frames) // 2]


def run(
    n: int, directory: Path, block: int = BLOCK, warmup: int = WARMUP, bare: bool = False
) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="store_append-", dir=directory))
    try:
        store = LocalStore.open(work / "local.sqlite", device_id="bench", clock=SystemClock())
        probe = store.append(
            EventKind.ANSWER_SUBMITTED, session_id=1, candidate_id=1, payload=PAYLOAD
        )
        record = json.dumps(probe.to_wire(), separators=(",", ":")).encode()
        fd = os.open(work / "raw.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

        def one_append() -> None:
            store.append(EventKind.ANSWER_SUBMITTED, session_id=1, candidate_id=1, payload=PAYLOAD)

        def one_raw() -> None:
            os.write(fd, record)
            os.fsync(fd)

        # Opened only with --bare-sqlite (":memory:" otherwise: never written).
        bare_db = sqlite3.connect(work / "bare.sqlite" if bare else ":memory:",
                                  isolation_level=None)
        if bare:
            bare_db.execute("PRAGMA journal_mode = WAL")
            bare_db.execute("PRAGMA synchronous = FULL")
            bare_db.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, record TEXT NOT NULL)")
        text = record.decode()

        def one_bare() -> None:
            bare_db.execute("BEGIN IMMEDIATE")
            bare_db.execute("INSERT INTO t (record) VALUES (?)", (text,))
            bare_db.execute("COMMIT")

        wal = work / "local.sqlite-wal"
        wal_size = [0]
        grew: list[float] = []  # appends during which the -wal file grew: their latencies

        def timed(fn: Callable[[], None], count: int, into: list[float] | None) -> None:
            for _ in range(count):
                start = time.perf_counter_ns()
                fn()
                elapsed = (time.perf_counter_ns() - start) / 1e6
                if into is not None:
                    into.append(elapsed)
                    if fn is one_append:
                        size = wal.stat().st_size
                        if size > wal_size[0]:
                            grew.append(elapsed)
                        wal_size[0] = size

        try:
            timed(one_append, warmup, None)
            store.settle()
            wal_size[0] = wal.stat().st_size
            timed(one_raw, WARMUP, None)
            if bare:
                timed(one_bare, WARMUP, None)
            appends: list[float] = []
            raws: list[float] = []
            bares: list[float] = []
            while len(appends) < n or len(raws) < n:
                timed(one_append, min(block, n - len(appends)), appends)
                # The store checkpoints its WAL in a background thread; let a checkpoint
                # started by the appends finish before timing raw writes, or the raw
                # baseline would pay for the store's I/O. (Appends are not spared: a
                # checkpoint started mid-block overlaps the appends that follow it.)
                store.settle()
                timed(one_raw, min(block, n - len(raws)), raws)
                if bare:
                    timed(one_bare, min(block, n - len(bares)), bares)
        finally:
            bare_db.close()
            os.close(fd)
            store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    append_ms = summary(appends)
    raw_ms = summary(raws)
    extra: dict[str, Any] = {}
    if bare:
        bare_ms = summary(bares)
        extra = {"bare_sqlite_ms": bare_ms,
                 "ratio_p99_bare_sqlite": round(bare_ms["p99"] / raw_ms["p99"], 2)}
    return {
        "append_ms": append_ms,
        "raw_fsync_ms": raw_ms,
        "ratio_p99": round(append_ms["p99"] / raw_ms["p99"], 2),
        "n": n,
        "dir": str(directory),
        "record_bytes": len(record),
        "warmup_appends": warmup,
        "appends_growing_wal": len(grew),
        "growing_append_p50_ms": summary(grew)["p50"] if grew else None,
        "wal_frames_per_append": wal_frames_per_append(directory),
        **extra,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="measured appends (and raw writes)")
    parser.add_argument(
        "--dir",
        type=Path,
        default=Path(tempfile.gettempdir()),
        help="directory on the disk to measure (a temporary subdirectory is used and removed)",
    )
    parser.add_argument(
        "--block",
        type=int,
        default=BLOCK,
        help="operations of one kind in a row before switching to the other",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=WARMUP,
        help="appends before measuring; 5000 grows the -wal file to its high-water mark "
        "(4000 frames) first, so no measured commit extends the file",
    )
    parser.add_argument(
        "--bare-sqlite",
        action="store_true",
        help="also time a bare SQLite transaction of the same record (see above)",
    )
    args = parser.parse_args()
    print(json.dumps(run(args.n, args.dir.resolve(), args.block, args.warmup, args.bare_sqlite)))


if __name__ == "__main__":
    main()
