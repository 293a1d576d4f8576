"""Write tests/data/local_store_v0001.sqlite: a kiosk's local store in schema 0001.

STYLE item 9 (Electrum's test_storage_upgrade): keep a sample database of every released
schema and test that the current code opens and migrates it. This script documents how the
sample was made; it is run once per released schema, and the file it writes is committed.
Do NOT regenerate an existing sample after a schema change: it must stay what old kiosks
really have on disk. A new schema gets a new script function and a new file.

The rows are written with plain SQL in the 0001 column layout (not through LocalStore), so
the sample keeps that layout whatever the store becomes. Content: a kiosk in the middle of
a test, candidate 7 of session 1, with events pulled from the server, own events acked,
pending and refused, two heartbeats, the last seen server_seq and an encrypted package.

Usage: .venv/bin/python tests/data/make_local_samples.py [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.domain.events import Event, EventKind, validate  # noqa: E402
from app.services.store import upgrade_schema  # noqa: E402

NS = uuid.UUID("6f1d3c9e-0b7a-4c55-9a51-5b8f0c2e7a10")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SESSION = 1
CANDIDATE = 7
KIOSK = "kiosk-salle-B-07"


def _event(
    name: str,
    kind: EventKind,
    *,
    device: str,
    seq: int,
    minutes: float,
    candidate: int | None = CANDIDATE,
    payload: dict[str, Any] | None = None,
    seen_seq: int = 0,
    server_seq: int | None = None,
) -> Event:
    when = T0 + timedelta(minutes=minutes)
    event = Event(
        id=str(uuid.uuid5(NS, name)),
        session_id=SESSION,
        candidate_id=candidate,
        kind=kind,
        payload=payload or {},
        device_id=device,
        device_seq=seq,
        monotonic_ms=int(minutes * 60_000) + 1_000_000,
        wall_time=when,
        seen_seq=seen_seq,
        server_seq=server_seq,
        received_at=None if server_seq is None else when + timedelta(milliseconds=80),
    )
    validate(event)
    return event


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.astimezone(UTC).isoformat(timespec="microseconds")


def _rows_v0001() -> list[tuple[Event, str, str, str | None]]:
    """(event, origin, sync_state, refusal_reason) in the kiosk's order of arrival."""
    test = {
        "certification_number": 1007,
        "challenges": [
            {"id": "rec-c1", "competence": "1.1"},
            {"id": "rec-c2", "competence": "2.1"},
            {"id": "rec-c3", "competence": "3.1"},
        ],
        "spares": [{"id": "rec-s1", "competence": "1.1"}],
        "extra_time": 0.0,
    }
    station, server = "station-salle-B", "server"
    return [
        (
            _event("launched", EventKind.TEST_LAUNCHED, device=station, seq=1, minutes=0,
                   candidate=None, server_seq=1),
            "pulled", "acked", None,
        ),
        (
            _event("joined", EventKind.CANDIDATE_JOINED, device=KIOSK, seq=1, minutes=1,
                   seen_seq=1, server_seq=2),
            "own", "acked", None,
        ),
        (
            _event("presence", EventKind.PRESENCE_CONFIRMED, device=station, seq=2, minutes=2,
                   server_seq=3),
            "pulled", "acked", None,
        ),
        (
            _event("started", EventKind.TEST_STARTED, device=server, seq=1, minutes=3,
                   payload=test, server_seq=4),
            "pulled", "acked", None,
        ),
        (
            _event("shown-c1", EventKind.CHALLENGE_SHOWN, device=KIOSK, seq=2, minutes=3.5,
                   payload={"challenge_id": "rec-c1"}, seen_seq=4, server_seq=5),
            "own", "acked", None,
        ),
        (
            _event("answer-c1", EventKind.ANSWER_SUBMITTED, device=KIOSK, seq=3, minutes=5,
                   payload={"challenge_id": "rec-c1", "answer": 2, "elapsed_ms": 90_000},
                   seen_seq=4, server_seq=6),
            "own", "acked", None,
        ),
        (
            _event("focus-x", EventKind.FOCUS_LOST, device=KIOSK, seq=4, minutes=5.5,
                   payload={"challenge_id": "rec-unknown"}, seen_seq=6),
            "own", "refused", "unknown_challenge: rec-unknown is not in the candidate's test",
        ),
        (
            _event("shown-c2", EventKind.CHALLENGE_SHOWN, device=KIOSK, seq=5, minutes=6,
                   payload={"challenge_id": "rec-c2"}, seen_seq=6),
            "own", "pending", None,
        ),
        (
            _event("answer-c2", EventKind.ANSWER_SUBMITTED, device=KIOSK, seq=6, minutes=8,
                   payload={"challenge_id": "rec-c2", "answer": {"nom": "rapport.odt"},
                            "elapsed_ms": 120_000},
                   seen_seq=6),
            "own", "pending", None,
        ),
    ]  # fmt: skip


def write_v0001(target: Path) -> None:
    """Build the 0001 sample in a temporary file, then move it into place atomically."""
    fd, tmp_name = tempfile.mkstemp(prefix=".v0001-", suffix=".sqlite", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()  # let SQLite create it
        upgrade_schema(tmp, revision="0001")
        db = sqlite3.connect(tmp, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        for event, origin, sync_state, reason in _rows_v0001():
            db.execute(
                "INSERT INTO events (id, session_id, candidate_id, kind, payload, device_id, "
                "device_seq, monotonic_ms, wall_time, seen_seq, server_seq, received_at, "
                "origin, sync_state, refusal_reason) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    event.id, event.session_id, event.candidate_id, str(event.kind),
                    json.dumps(event.payload, separators=(",", ":")), event.device_id,
                    event.device_seq, event.monotonic_ms, _iso(event.wall_time),
                    event.seen_seq, event.server_seq, _iso(event.received_at),
                    origin, sync_state, reason,
                ),
            )  # fmt: skip
        meta = {
            "created_at": _iso(T0),
            "device_seq": "6",
            f"last_seen_seq:{SESSION}": "6",
        }
        db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())
        boot = "0" * 31 + "1"
        for i, minutes in enumerate((7.9, 8.0)):
            db.execute(
                "INSERT INTO heartbeats (wall_time, monotonic_ms, boot_id, session_id, "
                "candidate_id, challenge_id, countdown_elapsed_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    _iso(T0 + timedelta(minutes=minutes)),
                    int(minutes * 60_000) + 1_000_000,
                    boot,
                    SESSION,
                    CANDIDATE,
                    "rec-c3",
                    5_000 * i,
                ),
            )
        db.execute(
            "INSERT INTO blobs (key, data, updated_at, session_id, candidate_id) "
            "VALUES (?, ?, ?, ?, ?)",
            (f"package:{SESSION}:{CANDIDATE}", bytes(range(256)) * 4, _iso(T0), SESSION,
             CANDIDATE),
        )  # fmt: skip
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    target = args.out / "local_store_v0001.sqlite"
    write_v0001(target)
    print(target)


if __name__ == "__main__":
    main()
