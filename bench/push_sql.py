"""PostgreSQL's own CPU for the push's two round trips: the server's way against text.

The push path on PostgreSQL (app/server/eventlog_pg.py) is two round trips: BEGIN and the
lock statement, then the write statement and COMMIT. Since 2026-12-06 each step is one
simple query that EXECUTEs a statement PREPAREd once per connection (from 03:00 to 08:00
UTC that day, psycopg's prepared statements in pipeline mode), with `PLAN_SETTINGS` so
that PostgreSQL's cached generic plans stay on the indexes. This bench
runs batches of 20 new AnswerSubmitted events through both steps, one connection per
variant, alternately in blocks, and reads each backend's CPU from /proc:

- `text`: the same statements as one simple query per step with the values inlined,
  parsed and planned at every push (the server's way before);
- `server`: `eventlog_pg.lock` and `eventlog_pg.write` themselves, on a SQLAlchemy
  session as the server calls them;
- `server_default_plans` (with --all): the same without `PLAN_SETTINGS`: the generic plan
  PostgreSQL settles on while `events` is small reads the whole table for the ids
  already stored, at a cost that grows with every push.

The CPU each variant spends in this process (building the rows included) is printed too:
what the server's Python pays for it. No HTTP, no server process. Prints JSON. Fresh
schema per run, dropped at the end.

    .venv/bin/python bench/push_sql.py [--db URL] [--pushes 300] [--rounds 6] [--all]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sync_ingest import BASE, cpu_seconds, prepare  # noqa: E402

from app.domain.events import Event, EventKind, new_event  # noqa: E402
from app.server import eventlog_pg  # noqa: E402
from app.server.db import make_engine  # noqa: E402

VARIANTS = ("text", "server", "server_default_plans")


def answers(sid: int, cid: int) -> list[Event]:
    now = datetime.now(UTC)
    return [
        new_event(EventKind.ANSWER_SUBMITTED, session_id=sid, candidate_id=cid,
                  device_id="pc", device_seq=i + 1, monotonic_ms=i * 1000, wall_time=now,
                  payload={"challenge_id": f"q{i}", "answer": 1})
        for i in range(20)
    ]


def rows_of(events: list[Event], seqs: list[int]) -> list[dict[str, Any]]:
    """The rows `eventlog_pg.write` takes, as the append builds them."""
    now = datetime.now(UTC)
    return [
        {"server_seq": seq, "id": e.id, "candidate_id": e.candidate_id, "kind": e.kind.value,
         "payload": e.payload, "device_id": e.device_id, "device_seq": e.device_seq,
         "monotonic_ms": e.monotonic_ms, "wall_time": e.wall_time, "seen_seq": e.seen_seq,
         "received_at": now, "role": "kiosk"}
        for e, seq in zip(events, seqs, strict=True)
    ]


def push_text(raw: psycopg.Connection[Any], sid: int, cid: int) -> None:
    """The steps as text: the values inlined (ClientCursor), parsed and planned each time."""
    events = answers(sid, cid)
    lock = {"sid": sid, "ids": json.dumps([e.id for e in events]), "n": len(events),
            "cids": json.dumps([cid])}
    with psycopg.ClientCursor(raw) as cur:
        cur.execute("BEGIN;" + eventlog_pg._LOCK_SQL, lock)
        cur.nextset()
        seqs = sorted(r[1] for r in cur.fetchall() if r[0] == "S")
        rows = rows_of(events, seqs)
        write = {
            "sid": sid, "now": rows[0]["received_at"], "role": "kiosk",
            "rows": eventlog_pg.rows_json(rows),
            "top": seqs[-1], "joined": False, "started": False,
        }
        cur.execute(eventlog_pg._WRITE_SQL + "; COMMIT", write)


def push_server(db: Session, sid: int, cid: int) -> None:
    """The server's own two steps (the fold left out)."""
    events = answers(sid, cid)
    raw = eventlog_pg.connection_for_push(db)
    assert raw is not None
    locked = eventlog_pg.lock(raw, sid, events)
    eventlog_pg.write(raw, sid, rows_of(events, locked.seqs), {})
    db.commit()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--db", default=BASE)
    p.add_argument("--pushes", type=int, default=300, help="pushes per block")
    p.add_argument("--rounds", type=int, default=6, help="blocks per variant, alternated")
    p.add_argument("--all", action="store_true", help="also server_default_plans")
    ns = p.parse_args()
    variants = list(VARIANTS) if ns.all else ["text", "server"]
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(ns.db)
    with admin.begin() as c:
        c.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = f"{ns.db}?options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    sessions: dict[str, Session] = {}
    plan_settings = eventlog_pg.PLAN_SETTINGS

    def push(variant: str) -> None:
        db = sessions[variant]
        if variant == "text":
            raw = eventlog_pg.driver(db)
            raw.autocommit = True
            push_text(raw, sid, cid)
            raw.autocommit = False
            return
        eventlog_pg.PLAN_SETTINGS = "SELECT 1" if variant.endswith("default_plans") else (
            plan_settings)
        push_server(db, sid, cid)

    try:
        [(_token, sid, cid)] = prepare(url, 1, 1, 20)
        for variant in variants:
            sessions[variant] = Session(engine.connect())
            for _ in range(10):  # warm-up: a generic plan is settled on after five
                push(variant)
        cpu: dict[str, list[float]] = {v: [] for v in variants}
        wall: dict[str, list[float]] = {v: [] for v in variants}
        client: dict[str, list[float]] = {v: [] for v in variants}
        for block in range(ns.rounds):
            for variant in variants if block % 2 == 0 else variants[::-1]:
                pid = eventlog_pg.driver(sessions[variant]).info.backend_pid
                c0, t0, p0 = cpu_seconds([pid]), time.perf_counter(), time.thread_time()
                for _ in range(ns.pushes):
                    push(variant)
                client[variant].append((time.thread_time() - p0) / ns.pushes * 1000)
                cpu[variant].append((cpu_seconds([pid]) - c0) / ns.pushes * 1000)
                wall[variant].append((time.perf_counter() - t0) / ns.pushes * 1000)
        median = {v: statistics.median(cpu[v]) for v in variants}

        def rounded(d: dict[str, list[float]]) -> dict[str, list[float]]:
            return {v: [round(x, 3) for x in xs] for v, xs in d.items()}

        print(json.dumps({
            "pushes_per_block": ns.pushes,
            "rounds": ns.rounds,
            "batch": 20,
            "events_at_end": (ns.rounds * ns.pushes + 10) * len(variants) * 20,
            "pg_cpu_ms_per_push": rounded(cpu),
            "client_cpu_ms_per_push": rounded(client),
            "wall_ms_per_push": rounded(wall),
            "median_pg_cpu_ms": {v: round(m, 3) for v, m in median.items()},
            "median_client_cpu_ms": {v: round(statistics.median(xs), 3)
                                     for v, xs in client.items()},
            "server_over_text_pg_cpu": round(median["server"] / median["text"], 2),
        }, indent=2))
    finally:
        eventlog_pg.PLAN_SETTINGS = plan_settings
        for db in sessions.values():  # an open transaction would hold up the DROP
            bind = db.get_bind()
            db.close()
            if isinstance(bind, sa.Connection):
                bind.close()
        engine.dispose()
        with admin.begin() as c:
            c.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


if __name__ == "__main__":
    main()
