"""Sync ingest on PostgreSQL: 8 concurrent pushers, batches of 20 AnswerSubmitted events.

Starts `examroom server` processes on a fresh schema, prepares one started candidate per
pusher (tests of synthetic challenge ids, so the bank does not limit the run), then each
pusher posts its batches over HTTP as fast as the server acknowledges them. In the same
run, the same rows are inserted raw through psycopg (one transaction per batch of 20, 8
threads) into a copy of the events table: the ceiling the server is compared with.

    .venv/bin/python bench/sync_ingest.py [--db URL] [--pushers 8] [--batches 60]
        [--sessions 1] [--processes 1] [--in-process]

--in-process also pushes the same amount without HTTP (the push service called by 8
threads in this process, on fresh candidates): what the server's own code allows.

--client http.client pushes with the standard library's keep-alive connection instead of
`requests` (what the kiosks use): the pushers share the 2 cores with the server, and a
`requests` call costs about 1 ms of their CPU; a diagnostic of how much of the ratio is
the harness's, not the default figure.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.domain.events import EventKind, Role, new_event  # noqa: E402
from app.models.server import Candidate, Centre, ExamSession  # noqa: E402
from app.server.auth import issue_token  # noqa: E402
from app.server.db import make_engine, make_sessionmaker, migrate  # noqa: E402
from app.server.eventlog import EventLog  # noqa: E402
from app.server.notify import Notifier  # noqa: E402

BASE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


QUESTIONS_PER_TEST = 300
"""A TestStarted payload lists its questions, and a payload has at most 16,000 characters
(events.MAX_PAYLOAD_CHARS): a pusher with more answers to push works through several
candidates of its session, one after the other."""


def prepare(url: str, pushers: int, sessions: int, questions: int) -> list[tuple[str, int, int]]:
    """(kiosk token, session id, candidate id) per candidate, each with a started test;
    pusher i's candidates are i, i + pushers, i + 2 * pushers..."""
    engine = make_engine(url)
    migrate(engine)
    log = EventLog(notifier=Notifier(), postgres=True)
    now = datetime.now(UTC)
    out = []
    with make_sessionmaker(engine)() as db:
        centre = Centre(name=f"bench-{uuid.uuid4().hex[:6]}", created_at=now)
        db.add(centre)
        db.flush()
        sids = []
        for _ in range(sessions):
            s = ExamSession(
                centre_id=centre.id,
                site="bench",
                room="bench",
                invigilators=["x"],
                date=now.date(),
                start_time="09:00",
                observations="",
                password_hash="x",
                access_code_hash="x",
                last_seq=0,
                started=False,
                joined=False,
                created_at=now,
            )
            db.add(s)
            db.flush()
            sids.append(s.id)
        db.commit()
        for i in range(pushers * -(-questions // QUESTIONS_PER_TEST)):
            sid = sids[i % pushers % sessions]
            cand = Candidate(
                session_id=sid,
                last_name=f"C{i}",
                first_name="B",
                birthdate=now.date() - timedelta(days=5000),
                profile={},
                certifiable=True,
                match_key=f"b{i}",
                created_at=now,
            )
            db.add(cand)
            db.commit()
            ids = [f"q{j}" for j in range(min(questions, QUESTIONS_PER_TEST))]
            events = [
                log.server_event(
                    EventKind.CANDIDATE_JOINED, session_id=sid, candidate_id=cand.id, now=now,
                    payload={"device_id": f"pc-{cand.id}"},  # the PC the test belongs to
                ),
            ]
            log.append(db, events, Role.SERVER, now=now, require_all=True)
            # presence comes from an invigilator; the bench records it as the server would
            presence = new_event(
                EventKind.PRESENCE_CONFIRMED,
                session_id=sid,
                candidate_id=cand.id,
                device_id="station",
                device_seq=i + 1,
                monotonic_ms=0,
                wall_time=now,
            )
            log.append(db, [presence], Role.INVIGILATOR, now=now, require_all=True)
            started = log.server_event(
                EventKind.TEST_STARTED,
                session_id=sid,
                candidate_id=cand.id,
                now=now,
                payload={
                    "certification_number": 1000 + i,
                    "challenges": [{"id": c, "competence": "1.1"} for c in ids],
                },
            )
            log.append(db, [started], Role.SERVER, now=now, require_all=True)
            token = issue_token(
                db,
                kind="candidate",
                now=now,
                ttl=timedelta(hours=2),
                session_id=sid,
                candidate_id=cand.id,
            )
            db.commit()
            out.append((token, sid, cand.id))
    engine.dispose()
    return out


def batches_for(sid: int, cid: int, device: str, batches: int, size: int) -> list[bytes]:
    now = datetime.now(UTC)
    out = []
    n = 0
    for _ in range(batches):
        events = []
        for _ in range(size):
            events.append(
                new_event(
                    EventKind.ANSWER_SUBMITTED,
                    session_id=sid,
                    candidate_id=cid,
                    device_id=device,
                    device_seq=n + 1,
                    monotonic_ms=n * 1000,
                    wall_time=now,
                    payload={"challenge_id": f"q{n}", "answer": 1},
                ).to_wire()
            )
            n += 1
        out.append(json.dumps({"events": events}).encode())
    return out


Work = list[list[tuple[str, bytes]]]
"""Per pusher, its (token, batch) in order."""


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes and their threads so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue  # gone: a PostgreSQL backend that ended
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def postgres_pids() -> list[int]:
    """Every PostgreSQL process on this machine (backends, WAL writer, checkpointer...)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


class CpuShare:
    """Who used the machine's CPU during a phase: this process (the clients), the server
    processes and PostgreSQL, in ms per batch: the machine's cores are shared by all three,
    and only the server's share is ours to lower. PostgreSQL's backends come and go (the
    raw baseline's connections end with the phase): a thread reads them every 20 ms and
    keeps the last figure of each, so a backend's last 20 ms at most are missed."""

    def __init__(self, servers: list[int]) -> None:
        self.servers = servers
        self.pg: dict[int, float] = {}
        self.stop = threading.Event()

    def _sample(self) -> None:
        while True:
            for pid in postgres_pids():
                self.pg[pid] = cpu_seconds([pid])
            if self.stop.wait(0.02):
                self.sampler_cpu = time.thread_time()  # not the clients': taken off theirs
                return

    def __enter__(self) -> CpuShare:
        self.pg_before = {pid: cpu_seconds([pid]) for pid in postgres_pids()}
        self.start = (time.process_time(), cpu_seconds(self.servers))
        self.sampler = threading.Thread(target=self._sample, daemon=True)
        self.sampler.start()
        return self

    def __exit__(self, *exc: object) -> None:
        end = (time.process_time(), cpu_seconds(self.servers))
        self.stop.set()
        self.sampler.join()
        pg = sum(cpu - self.pg_before.get(pid, 0.0) for pid, cpu in self.pg.items())
        self.used = [end[0] - self.start[0] - self.sampler_cpu, end[1] - self.start[1], pg]

    def per_batch(self, batches: int) -> str:
        client, server, pg = (1000 * u / max(batches, 1) for u in self.used)
        return (f"CPU per batch: clients {client:.2f} ms, server {server:.2f} ms, "
                f"PostgreSQL {pg:.2f} ms, total {client + server + pg:.2f} ms")


def run_threads(pusher: Callable[[int, list[tuple[str, bytes]]], None], work: Work) -> float:
    """One thread per pusher, all started together: seconds until the last is done."""
    threads = [threading.Thread(target=pusher, args=(i, b)) for i, b in enumerate(work)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0


def plan(prepared: list[tuple[str, int, int]], pushers: int, batches: int, size: int) -> Work:
    """Each pusher's (token, batch) list, through its candidates of QUESTIONS_PER_TEST."""
    per_test = QUESTIONS_PER_TEST // size
    work: Work = []
    for i in range(pushers):
        mine: list[tuple[str, bytes]] = []
        for tok, sid, cid in prepared[i::pushers]:
            left = batches - len(mine)
            mine += [(tok, b) for b in batches_for(
                sid, cid, f"pc-{cid}", min(per_test, left), size)]
        work.append(mine)
    return work


def run_pushers(urls: list[str], work: Work, client: str = "requests") -> tuple[float, int]:
    done = [0] * len(work)
    errors: list[str] = []

    def pusher(i: int, batches: list[tuple[str, bytes]]) -> None:
        s = requests.Session()
        base = urls[i % len(urls)]
        conn = http.client.HTTPConnection(base.removeprefix("http://"), timeout=60)
        for token, body in batches:
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            if client == "http.client":
                conn.request("POST", "/api/sync/events", body, headers)
                response = conn.getresponse()
                status, text = response.status, response.read().decode()
            else:
                r = s.post(f"{base}/api/sync/events", data=body, headers=headers, timeout=60)
                status, text = r.status_code, r.text
            out = json.loads(text)
            if status != 200 or out["refused"]:
                errors.append(text[:200])
                return
            done[i] += len(out["acked"])
        conn.close()

    elapsed = run_threads(pusher, work)
    if errors:
        raise SystemExit(f"push failed: {errors[0]}")
    return elapsed, sum(done)


def run_in_process(url: str, work: Work) -> tuple[float, int]:
    """The same pushes without HTTP: the push service called by one thread per pusher,
    in this process (what the server's code costs without uvicorn, FastAPI and the
    clients; a diagnostic, not the goal's figure)."""
    from app.server import sync_service
    from app.server.app import create_app
    from app.server.auth import resolve_token
    from app.server.settings import ServerSettings

    ctx = create_app(ServerSettings(db_url=url, run_migrations=False)).state.ctx
    done = [0] * len(work)

    def pusher(i: int, batches: list[tuple[str, bytes]]) -> None:
        for token, body in batches:
            with ctx.sessions() as db:
                who = resolve_token(db, token, ctx.clock.now(), ctx.tokens)
                db.commit()
                assert who is not None
                acked, refused = sync_service.push(ctx, db, who, json.loads(body)["events"])
            if refused:
                raise SystemExit(f"in-process push refused: {refused[0]}")
            done[i] += len(acked)

    elapsed = run_threads(pusher, work)
    ctx.engine.dispose()
    return elapsed, sum(done)


def raw_inserts(url: str, schema: str, work: Work) -> tuple[float, int]:
    """The same rows, inserted by psycopg directly: one transaction per batch of 20."""
    conninfo = sa.engine.make_url(BASE).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE {schema}.events_raw (LIKE {schema}.events INCLUDING ALL)")
    sql = (
        f"INSERT INTO {schema}.events_raw (id, session_id, candidate_id, kind, payload, device_id,"
        " device_seq, monotonic_ms, wall_time, seen_seq, received_at, role)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, now(), 'kiosk')"
    )
    count = [0]
    lock = threading.Lock()

    def inserter(batches: list[tuple[str, bytes]]) -> None:
        with psycopg.connect(conninfo) as conn:
            for _token, body in batches:
                rows = [
                    (
                        e["id"],
                        e["session_id"],
                        e["candidate_id"],
                        e["kind"],
                        json.dumps(e["payload"]),
                        e["device_id"],
                        e["device_seq"],
                        e["monotonic_ms"],
                        e["wall_time"],
                        e["seen_seq"],
                    )
                    for e in json.loads(body)["events"]
                ]
                with conn.transaction(), conn.cursor() as cur:
                    cur.executemany(sql, rows)
                with lock:
                    count[0] += len(rows)

    threads = [threading.Thread(target=inserter, args=(b,)) for b in work]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, count[0]


def report_push_times(folder: Path) -> None:
    """The servers' own timers (app/server/push_timing.py), written every 5 s and at exit:
    what a push costs the server process, whatever the clients cost the machine."""
    for path in sorted(folder.glob("push-times.json.*")):
        t = json.loads(path.read_text())
        pushes = max(t["pushes"], 1)
        print(
            f"server {t['pid']}: {t['pushes']} pushes, wall p50/p95 "
            f"{t['wall_ms']['p50']}/{t['wall_ms']['p95']} ms, push thread CPU mean "
            f"{t['thread_cpu_ms']['mean']} ms, process CPU {t['process_cpu_s']} s "
            f"= {t['process_cpu_s'] / pushes * 1000:.2f} ms/push "
            f"(incl. HTTP, start-up and the warm-up)"
        )


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--db", default=BASE)
    p.add_argument("--pushers", type=int, default=8)
    p.add_argument("--batches", type=int, default=60)
    p.add_argument("--size", type=int, default=20)
    p.add_argument("--sessions", type=int, default=1)
    p.add_argument("--processes", type=int, default=1)
    p.add_argument("--client", choices=("requests", "http.client"), default="requests",
                   help="the pushers' HTTP client (http.client: a diagnostic, see above)")
    p.add_argument("--in-process", action="store_true",
                   help="also push a second set of candidates without HTTP (a diagnostic)")
    ns = p.parse_args()
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(ns.db)
    with admin.begin() as c:
        c.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = f"{ns.db}?options=-csearch_path%3D{schema}"
    procs = []
    try:
        prepared = prepare(url, ns.pushers, ns.sessions, ns.batches * ns.size)
        work = plan(prepared, ns.pushers, ns.batches, ns.size)
        urls = []
        times = Path(f"/tmp/{schema}/push-times.json")
        times.parent.mkdir(parents=True, exist_ok=True)
        env = os.environ | {"EXAMROOM_DATA_DIR": f"/tmp/{schema}",
                            "EXAMROOM_PUSH_TIMES": str(times)}
        for _ in range(ns.processes):
            port = free_port()
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "app", "server", "--port", str(port), "--db", url],
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
        # warm-up: one batch per pusher, not counted
        run_pushers(urls, [b[:1] for b in work], ns.client)
        timed = [b[1:] for b in work]
        with CpuShare([p.pid for p in procs]) as pushed:
            elapsed, n = run_pushers(urls, timed, ns.client)
        with CpuShare([]) as inserted:
            raw_elapsed, raw_n = raw_inserts(url, schema, timed)
        rate, raw_rate = n / elapsed, raw_n / raw_elapsed
        print(
            f"pushers={ns.pushers} batch={ns.size} sessions={ns.sessions} "
            f"server_processes={ns.processes} client={ns.client} events={n}"
        )
        print(f"server ingest: {rate:,.0f} events/s ({elapsed:.2f} s)")
        print(f"raw psycopg INSERT: {raw_rate:,.0f} events/s ({raw_elapsed:.2f} s)")
        print(f"ratio: {rate / raw_rate:.2f}x raw")
        batches = sum(len(b) for b in timed)
        print(f"server ingest {pushed.per_batch(batches)}")
        print(f"raw INSERT {inserted.per_batch(batches)}")
        if ns.in_process:
            # fresh candidates (the same events again would only be acknowledged repeats)
            again = prepare(url, ns.pushers, ns.sessions, ns.batches * ns.size)
            local = plan(again, ns.pushers, ns.batches, ns.size)
            run_in_process(url, [b[:1] for b in local])  # warm-up, not counted
            local_elapsed, local_n = run_in_process(url, [b[1:] for b in local])
            print(f"in-process push, no HTTP: {local_n / local_elapsed:,.0f} events/s "
                  f"({local_n / local_elapsed / raw_rate:.2f}x raw)")
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGINT)  # a normal exit: the push timer writes its last
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        report_push_times(times.parent)
        with admin.begin() as c:
            c.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


if __name__ == "__main__":
    main()
