"""PostgreSQL's own CPU for the push's two statements: as the server sends them, or prepared.

The push path on PostgreSQL (app/server/eventlog_pg.py) is two round trips, each one
simple query with the values inlined: BEGIN and the lock statement, then the write
statement and COMMIT; PostgreSQL parses and plans both at every push. This bench runs
the same two steps for batches of 20 new AnswerSubmitted events, one connection per
variant, alternately in blocks, and reads each backend's CPU from /proc:

- `text`: what the server sends now;
- `prepared`: the same statements PREPAREd once on the connection, then `EXECUTE name(values)`
  in the same simple queries, with `SET LOCAL enable_seqscan = off` in the transaction;
- `prepared_default_plans` (with --all): the same without that setting;
- `pipeline` (with --pipeline): psycopg's own prepared statements in pipeline mode on an
  autocommit connection: BEGIN, the SET and the lock statement in one flush, the write
  and COMMIT in the other (two round trips, counted with libpq's trace); psycopg
  prepares them again by itself after its DEALLOCATE ALL.

Each variant's own CPU in this process (building the rows included) is printed too:
what the server's Python would pay for it.

A lead measured, not built (bench/RESULTS.md, 2026-12-06): PostgreSQL settles on one
generic plan after five runs and keeps it for the connection's life; made while `events`
was small, that plan reads the whole table for the ids already stored. And psycopg sends
DEALLOCATE ALL after a ROLLBACK once it has prepared statements of its own, which drops
statements prepared by SQL on any pooled connection that served another request.

No HTTP, no server process. Prints JSON. Fresh schema per run, dropped at the end.

    .venv/bin/python bench/push_sql.py [--db URL] [--pushes 300] [--rounds 6] [--all]
        [--pipeline]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sync_ingest import BASE, prepare  # noqa: E402

from app.server import eventlog_pg  # noqa: E402

LOCK_PARAMS = ("sid", "ids", "n", "cids")
WRITE_PARAMS = ("sid", "now", "role", "rows", "top", "joined", "started")
WRITE_BODY = eventlog_pg._WRITE_SQL.strip().removesuffix("COMMIT").strip().removesuffix(";")


def numbered(sql: str, names: tuple[str, ...]) -> str:
    """psycopg's named placeholders as a prepared statement's $1, $2..."""
    for i, name in enumerate(names, 1):
        sql = sql.replace(f"%({name})s", f"${i}")
    return sql


PREPARE = (
    f"PREPARE bench_lock(bigint, jsonb, int, jsonb) AS"
    f" {numbered(eventlog_pg._LOCK_SQL, LOCK_PARAMS)};"
    f"PREPARE bench_write(bigint, timestamptz, text, jsonb, bigint, boolean, boolean) AS"
    f" {numbered(WRITE_BODY, WRITE_PARAMS)}"
)


def execute(name: str, names: tuple[str, ...]) -> str:
    return f"EXECUTE {name}(" + ", ".join(f"%({n})s" for n in names) + ")"


VARIANTS = ("text", "prepared", "prepared_default_plans", "pipeline")
STEPS = {  # variant -> (lock step, write step)
    "text": ("BEGIN;" + eventlog_pg._LOCK_SQL, eventlog_pg._WRITE_SQL),
    "prepared": ("BEGIN; SET LOCAL enable_seqscan = off;" + execute("bench_lock", LOCK_PARAMS),
                 execute("bench_write", WRITE_PARAMS) + "; COMMIT"),
    "prepared_default_plans": ("BEGIN;" + execute("bench_lock", LOCK_PARAMS),
                               execute("bench_write", WRITE_PARAMS) + "; COMMIT"),
}


def backend_cpu(pid: int) -> float:
    """User + system seconds of one PostgreSQL backend (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def push(conn: psycopg.Connection[Any], sid: int, cid: int, variant: str) -> None:
    """One push of 20 new answers: the lock step, then the write step."""
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = [
        {"s": None, "i": str(uuid.uuid4()), "c": cid, "k": "AnswerSubmitted",
         "p": {"challenge_id": f"q{i}", "answer": 1}, "d": "pc", "ds": i + 1, "m": i * 1000,
         "w": now.isoformat(), "ss": 0}
        for i in range(20)
    ]
    lock = {"sid": sid, "ids": json.dumps([r["i"] for r in rows]), "n": len(rows),
            "cids": json.dumps([cid])}
    if variant == "pipeline":
        push_pipelined(conn, rows, lock, now)
        return
    with psycopg.ClientCursor(conn) as cur:
        cur.execute(STEPS[variant][0], lock)
        while cur.description is None and cur.nextset():  # past BEGIN (and SET)
            pass
        seqs = sorted(r[1] for r in cur.fetchall() if r[0] == "S")
        for row, seq in zip(rows, seqs, strict=True):
            row["s"] = seq
        write = {"sid": sid, "now": now, "role": "kiosk", "rows": json.dumps(rows),
                 "top": seqs[-1], "joined": False, "started": False}
        cur.execute(STEPS[variant][1], write)


def push_pipelined(
    conn: psycopg.Connection[Any], rows: list[dict[str, Any]], lock: dict[str, Any],
    now: datetime,
) -> None:
    """The `pipeline` variant: psycopg's own prepared statements (values bound by the
    server), BEGIN + SET + the lock statement in one flush, then the write and COMMIT in
    another; psycopg prepares again by itself after its DEALLOCATE ALL."""
    with conn.pipeline(), conn.cursor() as cur:  # an autocommit connection: BEGIN is ours
        cur.execute("BEGIN")
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute(eventlog_pg._LOCK_SQL, lock, prepare=True)
        seqs = sorted(r[1] for r in cur.fetchall() if r[0] == "S")  # the first sync
        for row, seq in zip(rows, seqs, strict=True):
            row["s"] = seq
        write = {"sid": lock["sid"], "now": now, "role": "kiosk", "rows": json.dumps(rows),
                 "top": seqs[-1], "joined": False, "started": False}
        cur.execute(WRITE_BODY, write, prepare=True)
        cur.execute("COMMIT")  # the second sync: leaving the pipeline


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--db", default=BASE)
    p.add_argument("--pushes", type=int, default=300, help="pushes per block")
    p.add_argument("--rounds", type=int, default=6, help="blocks per variant, alternated")
    p.add_argument("--all", action="store_true", help="also prepared_default_plans")
    p.add_argument("--pipeline", action="store_true", help="also pipeline")
    ns = p.parse_args()
    variants = [v for v in VARIANTS if v in ("text", "prepared")
                or (v == "pipeline" and ns.pipeline) or (v != "pipeline" and ns.all)]
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(ns.db)
    with admin.begin() as c:
        c.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = f"{ns.db}?options=-csearch_path%3D{schema}"
    conninfo = sa.engine.make_url(ns.db).set(drivername="postgresql").render_as_string(False)
    conns: dict[str, psycopg.Connection[Any]] = {}
    try:
        [(_token, sid, cid)] = prepare(url, 1, 1, 20)
        for variant in variants:
            conn = psycopg.connect(conninfo, autocommit=True, options=f"-csearch_path={schema}")
            if variant in STEPS and variant != "text":
                with psycopg.ClientCursor(conn) as cur:
                    cur.execute(PREPARE)
            for _ in range(10):  # warm-up: a generic plan is settled on after five
                push(conn, sid, cid, variant)
            conns[variant] = conn
        cpu: dict[str, list[float]] = {v: [] for v in variants}
        wall: dict[str, list[float]] = {v: [] for v in variants}
        client: dict[str, list[float]] = {v: [] for v in variants}
        for block in range(ns.rounds):
            for variant in variants if block % 2 == 0 else variants[::-1]:
                conn = conns[variant]
                pid = conn.info.backend_pid
                c0, t0, p0 = backend_cpu(pid), time.perf_counter(), time.thread_time()
                for _ in range(ns.pushes):
                    push(conn, sid, cid, variant)
                client[variant].append((time.thread_time() - p0) / ns.pushes * 1000)
                cpu[variant].append((backend_cpu(pid) - c0) / ns.pushes * 1000)
                wall[variant].append((time.perf_counter() - t0) / ns.pushes * 1000)
        median = {v: statistics.median(cpu[v]) for v in variants}
        print(json.dumps({
            "pushes_per_block": ns.pushes,
            "rounds": ns.rounds,
            "batch": 20,
            "events_at_end": (ns.rounds * ns.pushes + 10) * len(variants) * 20,
            "pg_cpu_ms_per_push": {v: [round(x, 3) for x in xs] for v, xs in cpu.items()},
            "wall_ms_per_push": {v: [round(x, 3) for x in xs] for v, xs in wall.items()},
            "client_cpu_ms_per_push": {v: [round(x, 3) for x in xs] for v, xs in client.items()},
            "median_client_cpu_ms": {v: round(statistics.median(xs), 3)
                                     for v, xs in client.items()},
            "median_pg_cpu_ms": {v: round(m, 3) for v, m in median.items()},
            "prepared_over_text": round(median["prepared"] / median["text"], 2),
        }, indent=2))
    finally:
        for conn in conns.values():  # an open transaction would hold up the DROP
            conn.close()
        with admin.begin() as c:
            c.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


if __name__ == "__main__":
    main()
