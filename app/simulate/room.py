"""The simulated exam room: server, proxy, kiosk processes, invigilator, faults, verdict.

Why separate processes for the kiosks: a SIGKILL must take down a kiosk exactly as a crash
or a pulled plug does, with its SQLite file and its half-sent requests, and nothing else.
Why a proxy: see proxy.py. Why a verdict from side files and the server's events rather
than counters kept by the workers: a killed worker's counters die with it; the side file
is fsync'ed after each acknowledged append, so it is the kiosk's promise, in writing.

Timeline of a run:
1. set up (spawn the server if asked, an admin, sessions, candidates);
2. fault window (`duration`): candidates answer; kiosks are killed and restarted; the
   proxy injects network faults; the spawned server is killed and restarted, or stopped
   for a long outage;
3. faults end: the proxy passes everything, the server is up, every kiosk is running, and
   candidates stop answering; the drain time is from that moment until no kiosk has an
   event the server has not acknowledged;
4. workers are stopped cleanly, then every kiosk's log and side file is compared with the
   server's events (check.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import string
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, ClassVar

import requests

from app.domain.competences import COMPETENCE_CODES
from app.domain.events import Event
from app.domain.fold import SessionState, fold
from app.simulate import check
from app.simulate.kiosk import (
    ACKS_FILE,
    LOCAL_LATENCY_FILE,
    SERVER_LATENCY_FILE,
    STORE_FILE,
    KioskSpec,
    dump_specs,
)
from app.simulate.proxy import FaultPlan, FaultProxy, ProxyThread

ROOT = Path(__file__).resolve().parents[2]
HUMAN_PACE_S = 45.0
"""A candidate's median time per question at speed 1 (a 32-question test in ~25 minutes)."""


@dataclass
class RoomOptions:
    server: str | None = None
    spawn_server: bool = False
    db: str | None = None
    kiosks: int = 10
    duration: float = 60.0
    kill_rate: float = 0.0
    """Kiosk kills per minute across the room (Poisson)."""
    net_faults: float = 0.0
    """Probability that a request through the proxy is faulted."""
    server_kills: int = 0
    outage: float = 0.0
    outage_at: float = 10.0
    seed: int = 1
    speed: float | None = None
    kiosks_per_process: int = 1
    room_size: int = 40
    levels: int = 6
    admin_email: str | None = None
    admin_password: str | None = None
    workdir: Path | None = None
    keep: bool = False
    drain_timeout: float = 180.0
    no_proxy: bool = False
    resume_wait: float = 6.0
    sync_wait: float = 5.0
    """Each kiosk's long-poll, seconds (the product's is 20; shorter converges faster)."""
    arrival: float = 0.0
    """Candidates sit down at random moments in the first `arrival` seconds."""
    relay: bool = False
    """Run the room through a room relay (issue 10): kiosks relay first, central second."""
    relay_kills: int = 0
    """With `relay`: kill -9 the relay this many times (kiosks fall back to central)."""
    server_workers: int = 1
    """With `spawn_server` on PostgreSQL: `examroom server --workers N`."""
    log: Any = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _name(i: int) -> str:
    letters = string.ascii_lowercase
    out = ""
    i += 26 * 26
    while i:
        i, r = divmod(i, 26)
        out = letters[r] + out
    return "Sim" + out


# ---------------------------------------------------------------------------
# The server


class _Child:
    """A process of the room: killed with SIGKILL (the crash under test) or stopped."""

    proc: subprocess.Popen[bytes] | None
    stop_signal: ClassVar[int] = signal.SIGTERM

    def _wait_answering(self, url: str, log: Path, what: str, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if requests.get(url + "/api/health", timeout=1).ok:
                    return
            if self.proc is not None and self.proc.poll() is not None:
                break
            time.sleep(0.1)
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"the {what} did not start:\n{tail}")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(30)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(self.stop_signal)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(15)
        self.proc = None


@dataclass
class ServerProcess(_Child):
    """`examroom server` started by the simulator; killed with SIGKILL, restarted as-is."""

    data_dir: Path
    db: str | None
    port: int = field(default_factory=_free_port)
    proc: subprocess.Popen[bytes] | None = None
    workers: int = 1
    """`examroom server --workers N` (PostgreSQL): N processes, killed together."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """SIGKILL the server and its worker processes (its own process group)."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(30)
        self.proc = None

    def _cmd(self, *args: str) -> list[str]:
        db = ["--db", self.db] if self.db else []
        return [sys.executable, "-m", "app", "server", *args, *db]

    @property
    def env(self) -> dict[str, str]:
        return os.environ | {"EXAMROOM_DATA_DIR": str(self.data_dir)}

    def create_admin(self, email: str, centre: str, password: str) -> None:
        done = subprocess.run(
            self._cmd("create-admin", "--email", email, "--centre", centre),
            input=password + "\n", text=True, capture_output=True, env=self.env, cwd=ROOT,
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(f"create-admin failed: {done.stderr[-2000:]}")

    def start(self, timeout_s: float = 60) -> None:
        with open(self.data_dir / "server.log", "ab") as log:
            workers = ["--workers", str(self.workers)] if self.workers > 1 else []
            self.proc = subprocess.Popen(
                [*self._cmd("--port", str(self.port), *workers)],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_healthy(timeout_s)

    def wait_healthy(self, timeout_s: float) -> None:
        self._wait_answering(self.url, self.data_dir / "server.log", "server", timeout_s)



@dataclass
class RelayProcess(_Child):
    """`python -m app.relay run`: the station's relay for one session, killable like a PC."""

    stop_signal: ClassVar[int] = signal.SIGINT

    data_dir: Path
    session_id: int
    password: str
    central_url: str
    port: int = field(default_factory=_free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 60) -> None:
        with open(self.data_dir / "relay.log", "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "app.relay", "run", "--session", str(self.session_id),
                 "--data-dir", str(self.data_dir), "--host", "127.0.0.1",
                 "--port", str(self.port), "--central", self.central_url],
                cwd=ROOT, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
            )
        assert self.proc.stdin is not None
        self.proc.stdin.write((self.password + "\n").encode())
        self.proc.stdin.close()
        self._wait_answering(self.url, self.data_dir / "relay.log", "relay", timeout_s)

    def status(self) -> dict[str, Any] | None:
        try:
            return dict(requests.get(self.url + "/api/relay/status", timeout=5).json())
        except (requests.RequestException, ValueError):
            return None



class Http:
    """Small JSON client with retries, for the set-up, the invigilator and the verdict."""

    def __init__(self, base: str, *, timeout_s: float = 30.0) -> None:
        self.base = base.rstrip("/")
        self.timeout_s = timeout_s
        self.session = requests.Session()

    def call(self, method: str, path: str, token: str | None = None, *,
             attempts: int = 1, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        last: Exception | None = None
        for attempt in range(attempts):
            try:
                r = self.session.request(method, self.base + path, headers=headers,
                                         timeout=self.timeout_s, **kw)
            except requests.RequestException as exc:
                last = exc
            else:
                if r.status_code < 500:
                    if r.status_code >= 400:
                        raise HttpRefused(r.status_code, f"{method} {path}: {r.text[:300]}")
                    return r.json() if r.content else None
                last = RuntimeError(f"{method} {path}: HTTP {r.status_code}")
            time.sleep(min(2.0, 0.2 * 2**attempt))
        raise RuntimeError(f"{method} {path} failed {attempts} times: {last}")


class HttpRefused(Exception):
    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status


# ---------------------------------------------------------------------------
# Kiosk worker processes


class Zygote:
    """The fork server of kiosk processes (see `app.simulate.kiosk.zygote`)."""

    def __init__(self, directory: Path) -> None:
        env = os.environ | {
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONUNBUFFERED": "1",
            "EXAMROOM_ZYGOTE_LOG": str(directory / "zygote.log"),
        }
        with open(directory / "zygote.out", "ab") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "app.simulate.kiosk", "--zygote"],
                cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                text=True, bufsize=1,
            )
        self._lock = threading.Lock()

    def spawn(self, spec_file: Path) -> int:
        with self._lock:
            assert self.proc.stdin is not None and self.proc.stdout is not None
            self.proc.stdin.write(f"{spec_file}\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        if not line.strip():
            raise RuntimeError("the kiosk fork server died")
        return int(line)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(30)
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()


def _alive(pid: int) -> bool:
    """Running and not a zombie (the zygote reaps its children on SIGCHLD)."""
    try:
        os.kill(pid, 0)
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@dataclass
class Worker:
    """One OS process running one kiosk (or a pack of them, for the load run)."""

    index: int
    specs: list[KioskSpec]
    spec_file: Path
    zygote: Zygote
    pid: int | None = None
    restart_at: float | None = None
    starts: int = 0
    crashes: int = 0

    def start(self) -> None:
        self.pid = self.zygote.spawn(self.spec_file)
        self.starts += 1
        self.restart_at = None

    @property
    def alive(self) -> bool:
        return self.pid is not None and _alive(self.pid)

    @property
    def exited(self) -> bool:
        """Started, and gone without being killed by the room (a crash)."""
        return self.pid is not None and not _alive(self.pid)

    def signal(self, sig: int) -> None:
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, sig)

    def kill(self) -> None:
        self.signal(signal.SIGKILL)
        self.wait(30)
        self.pid = None

    def wait(self, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        while self.alive:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True


# ---------------------------------------------------------------------------
# The invigilator


class Invigilator(threading.Thread):
    """The station, reduced to what a room needs from it: presence and resumes.

    Watches the session through the invigilator API (through the proxy, so it suffers the
    same faults) and records presence for every joined candidate and a resume for every
    kiosk that asks. It does not mark end screens seen: the kiosk would then wipe the
    candidate's data, which the verdict needs.
    """

    def __init__(self, base: str, session_id: int, password: str, stop: threading.Event,
                 poll_s: float = 1.0) -> None:
        super().__init__(name=f"invigilator-{session_id}", daemon=True)
        self.http = Http(base, timeout_s=5)
        self.session_id = session_id
        self.password = password
        self.stop_event = stop
        self.poll_s = poll_s
        self.token: str | None = None
        self.actions: Counter[str] = Counter()
        self.failures = 0

    def _login(self) -> str:
        body = {"session_number": self.session_id, "password": self.password}
        return str(self.http.call("POST", "/api/invigilator/login", json=body)["token"])

    def _act(self, kind: str, candidate_id: int) -> None:
        """One action; a failure skips only this candidate until the next look (an
        invigilator who could not click for one PC goes on with the others)."""
        body = {"kind": kind, "candidate_id": candidate_id, "payload": {},
                "device_id": f"station-{self.session_id}", "id": str(uuid.uuid4())}
        try:
            self.http.call("POST", "/api/invigilator/actions", self.token, attempts=3,
                           json=body)
            self.actions[kind] += 1
        except HttpRefused as exc:  # e.g. 409: the state moved on meanwhile
            if exc.status in (401, 403):
                raise
        except RuntimeError:  # unreachable or busy (503) three times: next look
            self.failures += 1

    def run(self) -> None:
        while not self.stop_event.wait(self.poll_s):
            try:
                if self.token is None:
                    self.token = self._login()
                rows = self.http.call("GET", "/api/invigilator/candidates", self.token,
                                      attempts=3)
                for row in rows:
                    cid = int(row["candidate_id"])
                    if row["joined"] and not row["presence_valid"] and row["status"] in (
                        "joined", "present"
                    ):
                        self._act("PresenceConfirmed", cid)
                    if row["resume_pending"]:
                        self._act("ResumeAuthorized", cid)
            except HttpRefused as exc:
                if exc.status in (401, 403):
                    self.token = None
                self.failures += 1
            except Exception:
                self.failures += 1


# ---------------------------------------------------------------------------
# Reading the kiosks' stores from outside (read-only, while they run)


def _pending(store: Path, up_to: int | None = None) -> tuple[int, int]:
    """(pending own events [with local_seq <= up_to], highest pending local_seq)."""
    if not store.exists():
        return 0, 0
    try:
        db = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return 0, 0
    try:
        where = "origin = 'own' AND sync_state = 'pending'"
        if up_to is not None:
            where += f" AND local_seq <= {int(up_to)}"
        row = db.execute(f"SELECT count(*), coalesce(max(local_seq), 0) FROM events WHERE {where}")
        count, top = row.fetchone()
        return int(count), int(top)
    except sqlite3.Error:
        return 1, 0  # not readable yet (being created): not drained
    finally:
        db.close()


def _holds_test(store: Path, started: set[int]) -> bool:
    """False if the kiosk's candidate was started by the server but not in its own log."""
    if not store.exists():
        return True
    try:
        db = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return False
    try:
        row = db.execute("SELECT data FROM blobs WHERE key = 'kiosk/current'").fetchone()
        if row is None:
            return True  # never joined: nothing to hold
        cid = int(json.loads(row[0])["candidate_id"])
        if cid not in started:
            return True
        found = db.execute(
            "SELECT 1 FROM events WHERE kind = 'TestStarted' AND candidate_id = ?", (cid,)
        ).fetchone()
        return found is not None
    except (sqlite3.Error, ValueError, KeyError):
        return False
    finally:
        db.close()


# ---------------------------------------------------------------------------
# The room


class Room:
    def __init__(self, opts: RoomOptions) -> None:
        self.opts = opts
        self.rng = random.Random(opts.seed)
        self._own_dir = opts.workdir is None
        if opts.workdir is None:
            self.dir = Path(tempfile.mkdtemp(prefix="examroom-sim-"))
        else:
            self.dir = opts.workdir
            self.dir.mkdir(parents=True, exist_ok=True)
        self.server: ServerProcess | None = None
        self.server_url = opts.server or ""
        self.proxy: ProxyThread | None = None
        self.central_proxy: ProxyThread | None = None
        """With a relay: the kiosks' second way, to central, faulted like the first."""
        self.relay: RelayProcess | None = None
        self.relay_kills = 0
        self.relay_drain_s: float | None = None
        self.relay_outage_drain_s: float | None = None
        """Central back after the outage -> the relay has forwarded everything it held."""
        self.relay_restarting: threading.Thread | None = None
        self.workers: list[Worker] = []
        self.zygote: Zygote | None = None
        self.specs: list[KioskSpec] = []
        self.sessions: dict[int, dict[str, Any]] = {}
        self.invigilators: list[Invigilator] = []
        self.stop_invigilators = threading.Event()
        self.kills = 0
        self.server_kills = 0
        self.server_restart_failures = 0
        self.server_down_until: float | None = None
        self.server_restarting: threading.Thread | None = None
        self.outage_drain_s: float | None = None
        self.events_log: list[str] = []

    def say(self, text: str) -> None:
        self.events_log.append(text)
        if self.opts.log is not None:
            print(f"[simulate] {text}", file=self.opts.log, flush=True)

    # -- set-up ---------------------------------------------------------------------

    def setup(self) -> None:
        opts = self.opts
        email = opts.admin_email or f"sim-{self.rng.randrange(16**8):08x}@examroom.test"
        password = opts.admin_password or f"simulation {self.rng.randrange(10**12)}"
        if opts.spawn_server:
            data = self.dir / "server"
            data.mkdir(exist_ok=True)
            self.server = ServerProcess(data, opts.db, workers=opts.server_workers)
            self.server.create_admin(email, f"Collège simulé {email[4:12]}", password)
            self.server.start()
            self.server_url = self.server.url
            self.say(f"server on {self.server_url} ({opts.db or 'SQLite'})")
        if not self.server_url:
            raise ValueError("give --server URL or --spawn-server")
        admin_http = Http(self.server_url)
        admin = admin_http.call("POST", "/api/auth/login", attempts=3,
                                json={"email": email, "password": password})["token"]
        n_sessions = max(1, -(-opts.kiosks // opts.room_size))
        if opts.relay and n_sessions != 1:
            raise ValueError("--relay simulates one room: give --room-size >= --kiosks")
        if opts.no_proxy or opts.relay:
            front = self.server_url  # with a relay: set once the relay runs
        else:
            plan = FaultPlan(rate=opts.net_faults)
            self.proxy = ProxyThread(FaultProxy(self.server_url, plan=plan, seed=opts.seed))
            self.proxy.start()
            front = self.proxy.proxy.url
        speed = opts.speed or max(1.0, HUMAN_PACE_S * 3 * opts.levels / (0.6 * opts.duration))
        pace = HUMAN_PACE_S / speed
        stop_file = self.dir / "stop-answering"
        profile = {
            code: {"level": 2 if i < opts.levels else 0, "pix": 16 if i < opts.levels else 0}
            for i, code in enumerate(COMPETENCE_CODES)
        }
        day = (date.today() + timedelta(days=1)).isoformat()
        per_session = -(-opts.kiosks // n_sessions)
        for s in range(n_sessions):
            session = admin_http.call("POST", "/api/admin/sessions", admin, json={
                "site": "Collège simulé", "room": f"Salle {s + 1}", "invigilators": ["Sim"],
                "date": day, "start_time": "09:00"})
            sid = int(session["id"])
            count = min(per_session, opts.kiosks - len(self.specs))
            for i in range(len(self.specs), len(self.specs) + count):
                birth = (date(2009, 1, 1) + timedelta(days=i)).isoformat()
                admin_http.call("POST", f"/api/admin/sessions/{sid}/candidates", admin, json={
                    "first_name": "Candidat", "last_name": _name(i), "birthdate": birth,
                    "extra_time": 0.0, "profile": profile})
                kdir = self.dir / f"kiosk-{i:03d}"
                kdir.mkdir(exist_ok=True)
                self.specs.append(KioskSpec(
                    directory=str(kdir), device_id=f"sim-pc-{i:03d}", server_url=front,
                    session_id=sid, first_name="Candidat", last_name=_name(i),
                    birthdate=birth, access_code="", session_password="",
                    seed=opts.seed * 100_003 + i, pace_s=pace, stop_file=str(stop_file),
                    resume_wait_s=opts.resume_wait, arrival_s=opts.arrival,
                    sync_wait_s=opts.sync_wait,
                ))
            kit = admin_http.call("GET", f"/api/admin/sessions/{sid}/kit", admin)
            self.sessions[sid] = kit
        kiosk_central, central_key = front, ""
        relay_urls: tuple[str, ...] = ()
        if opts.relay:
            front, kiosk_central, central_key = self._start_relay()
            relay_urls = (front,)
        self.specs = [
            KioskSpec(**{**s.__dict__,
                         "server_url": kiosk_central, "relay_urls": relay_urls,
                         "central_public_key": central_key,
                         "access_code": self.sessions[s.session_id]["access_code"],
                         "session_password": self.sessions[s.session_id]["session_password"]})
            for s in self.specs
        ]
        self.zygote = Zygote(self.dir)
        per_process = max(1, opts.kiosks_per_process)
        for w, first in enumerate(range(0, len(self.specs), per_process)):
            pack = self.specs[first:first + per_process]
            spec_file = self.dir / f"worker-{w:03d}.json"
            dump_specs(pack, spec_file)
            self.workers.append(Worker(w, pack, spec_file, self.zygote))
        for sid, kit in self.sessions.items():
            inv = Invigilator(front, sid, kit["session_password"], self.stop_invigilators)
            self.invigilators.append(inv)
        self.say(f"{len(self.specs)} kiosks in {len(self.workers)} processes, "
                 f"{n_sessions} session(s), pace {pace:.1f} s/question (speed {speed:.1f})")

    def _start_relay(self) -> tuple[str, str, str]:
        """Prepare the package online, start the room's relay; (relay, central, key) URLs
        the kiosks use: each through its own fault proxy unless --no-proxy."""
        from app.relay.package import prepare

        opts = self.opts
        ((sid, kit),) = self.sessions.items()
        station = self.dir / "station"
        prepare(self.server_url, sid, kit["session_password"], station)
        key = str(Http(self.server_url).call("GET", "/api/public-key", attempts=3)["public_key"])
        self.relay = RelayProcess(station, sid, kit["session_password"], self.server_url)
        self.relay.start()
        self.say(f"room relay on {self.relay.url} (package prepared from {self.server_url})")
        if opts.no_proxy:
            return self.relay.url, self.server_url, key
        self.proxy = ProxyThread(FaultProxy(self.relay.url, plan=FaultPlan(rate=opts.net_faults),
                                            seed=opts.seed))
        self.central_proxy = ProxyThread(FaultProxy(
            self.server_url, plan=FaultPlan(rate=opts.net_faults), seed=opts.seed + 1))
        self.proxy.start()
        self.central_proxy.start()
        return self.proxy.proxy.url, self.central_proxy.proxy.url, key

    def _restart_relay_later(self, down_s: float) -> None:
        relay = self.relay
        assert relay is not None

        def later() -> None:
            time.sleep(down_s)
            try:
                relay.start(timeout_s=120)
                self.say("relay restarted")
            except RuntimeError:
                self.say("the relay did not answer within 120 s of its restart")

        self.relay_restarting = threading.Thread(target=later, daemon=True)
        self.relay_restarting.start()

    def _relay_busy(self) -> bool:
        return self.relay_restarting is not None and self.relay_restarting.is_alive()

    def _wait_relay_drained(self, deadline: float) -> float | None:
        """Seconds until the relay has forwarded everything to central (None: timeout)."""
        if self.relay is None:
            return 0.0
        began = time.monotonic()
        while time.monotonic() < deadline:
            status = self.relay.status()
            if status and status["central_reachable"] and status["pending_upstream"] == 0:
                return round(time.monotonic() - began, 2)
            time.sleep(0.2)
        return None

    # -- the run --------------------------------------------------------------------

    def _restart_server_later(self, down_s: float) -> None:
        assert self.server is not None
        server = self.server

        def later() -> None:
            time.sleep(down_s)
            try:
                server.start(timeout_s=120)
                self.say("server restarted")
            except RuntimeError:
                self.server_restart_failures += 1
                self.say("the server did not answer /api/health within 120 s of its restart")

        self.server_down_until = time.monotonic() + down_s
        self.server_restarting = threading.Thread(target=later, daemon=True)
        self.server_restarting.start()

    def _server_busy(self) -> bool:
        return self.server_restarting is not None and self.server_restarting.is_alive()

    def run(self) -> dict[str, Any]:
        opts = self.opts
        started = time.monotonic()
        for w in self.workers:
            w.start()
        for inv in self.invigilators:
            inv.start()
        kill_rate_s = opts.kill_rate / 60.0
        next_kill = started + (self.rng.expovariate(kill_rate_s) if kill_rate_s else 1e18)
        server_kill_times = sorted(
            started + self.rng.uniform(0.1, 0.8) * opts.duration for _ in range(opts.server_kills)
        ) if self.server is not None else []
        relay_kill_times = sorted(
            started + self.rng.uniform(0.1, 0.8) * opts.duration for _ in range(opts.relay_kills)
        ) if self.relay is not None else []
        outage_at = started + opts.outage_at if opts.outage > 0 and self.server else None
        outage_end: float | None = None
        next_relay_check = 0.0
        outage_snapshot: dict[Path, int] = {}
        end = started + opts.duration
        while time.monotonic() < end:
            now = time.monotonic()
            for w in self.workers:
                if w.restart_at is not None and now >= w.restart_at:
                    w.start()
                elif w.restart_at is None and w.exited:
                    w.crashes += 1
                    self.say(f"worker {w.index} exited by itself (see zygote.log); restart")
                    w.pid = None
                    w.restart_at = now + 1.0
            if now >= next_kill:
                live = [w for w in self.workers if w.alive]
                if live:
                    victim = self.rng.choice(live)
                    victim.kill()
                    self.kills += len(victim.specs)
                    victim.restart_at = now + self.rng.uniform(0.2, 2.0)
                next_kill = now + self.rng.expovariate(kill_rate_s)
            if server_kill_times and now >= server_kill_times[0] and not self._server_busy():
                server_kill_times.pop(0)
                assert self.server is not None
                self.server.kill()
                self.server_kills += 1
                down = self.rng.uniform(1.0, 3.0)
                self.say(f"server killed (-9), down {down:.1f} s")
                self._restart_server_later(down)
            if relay_kill_times and now >= relay_kill_times[0] and not self._relay_busy():
                relay_kill_times.pop(0)
                assert self.relay is not None
                self.relay.kill()
                self.relay_kills += 1
                down = self.rng.uniform(3.0, 20.0)
                self.say(f"relay killed (-9), down {down:.1f} s")
                self._restart_relay_later(down)
            if outage_at is not None and now >= outage_at and not self._server_busy():
                assert self.server is not None
                self.server.kill()
                self.server_kills += 1
                self.say(f"server outage: stopped (-9) for {opts.outage:.0f} s")
                self._restart_server_later(opts.outage)
                outage_end = -1.0
                outage_at = None
            if outage_end == -1.0 and not self._server_busy():
                outage_end = time.monotonic()
                for spec in self.specs:
                    store = spec.path / STORE_FILE
                    outage_snapshot[store] = _pending(store)[1]
            if (
                outage_end
                and outage_end > 0
                and outage_snapshot
                and self.outage_drain_s is None
                and all(_pending(s, top)[0] == 0 for s, top in outage_snapshot.items())
            ):
                self.outage_drain_s = round(time.monotonic() - outage_end, 2)
                self.say(f"outage backlog drained in {self.outage_drain_s} s")
            if (
                outage_end
                and outage_end > 0
                and self.relay is not None
                and self.relay_outage_drain_s is None
                and now >= next_relay_check
            ):
                next_relay_check = now + 0.25
                status = self.relay.status()
                if status and status["central_reachable"] and status["pending_upstream"] == 0:
                    self.relay_outage_drain_s = round(time.monotonic() - outage_end, 2)
                    self.say(f"the relay forwarded its backlog to central in "
                             f"{self.relay_outage_drain_s} s")
            time.sleep(0.05)
        return self._finish(started)

    def _finish(self, started: float) -> dict[str, Any]:
        opts = self.opts
        # -- the faults end --
        for proxy in (self.proxy, self.central_proxy):
            if proxy is not None:
                proxy.set_rate(0.0)
        if self.server_restarting is not None:
            self.server_restarting.join(opts.outage + 120)
        if self.relay_restarting is not None:
            self.relay_restarting.join(150)
        for w in self.workers:
            if not w.alive:
                w.start()
        (self.dir / "stop-answering").touch()
        faults_end = time.monotonic()
        fault_window_s = faults_end - started
        self.say(f"faults ended after {fault_window_s:.1f} s; waiting for the drain")
        deadline = faults_end + opts.drain_timeout
        stores = [s.path / STORE_FILE for s in self.specs]
        drain_s = self._wait_drained(stores, faults_end, deadline)
        self.say(f"drain: {drain_s} s")
        if self.relay is not None:
            self.relay_drain_s = self._wait_relay_drained(deadline)
            self.say(f"relay drained to central in {self.relay_drain_s} s more")
        converged_s = self._wait_converged(deadline)
        self.say(f"kiosks hold every test the server started: {converged_s} s")
        if converged_s:  # a kiosk that caught up recorded its first question: push it too
            self._wait_drained(stores, time.monotonic(), deadline)
            self._wait_relay_drained(deadline)
        time.sleep(1.0)  # let the last pulls land (kiosk folds see the server's acks)
        self.stop_invigilators.set()
        for w in self.workers:
            w.signal(signal.SIGTERM)
        for w in self.workers:
            if not w.wait(60):
                w.kill()
        for inv in self.invigilators:
            inv.join(10)
        summary = self.verdict()
        summary.update({
            "kills": self.kills,
            "kiosk_restarts": sum(w.starts for w in self.workers) - len(self.workers),
            "worker_crashes": sum(w.crashes for w in self.workers),
            "server_kills": self.server_kills,
            "server_restart_failures": self.server_restart_failures,
            "outage_s": opts.outage,
            "outage_drain_s": self.outage_drain_s,
            "drain_time_s": drain_s,
            "converged_s": converged_s,
            "duration_s": round(fault_window_s, 1),
            "invigilator_actions": dict(sum((i.actions for i in self.invigilators), Counter())),
        })
        proxies = [t.proxy for t in (self.proxy, self.central_proxy) if t is not None]
        faults: Counter[str] = Counter()
        for p in proxies:
            faults.update(p.faults)
        summary["faults"] = dict(sorted(faults.items()))
        summary["faults_total"] = sum(faults.values())
        summary["requests_proxied"] = sum(p.requests for p in proxies)
        if self.relay is not None:
            summary["relay"] = {
                "kills": self.relay_kills,
                "drain_to_central_s": self.relay_drain_s,
                "outage_drain_to_central_s": self.relay_outage_drain_s,
                "status": self.relay.status(),
            }
        return summary

    def _wait_drained(self, stores: list[Path], since: float, deadline: float) -> float | None:
        """Seconds from `since` until no kiosk has an unacknowledged event (None: timeout)."""
        while time.monotonic() < deadline:
            for w in self.workers:
                if not w.alive:
                    w.crashes += 1
                    self.say(f"worker {w.index} died during the drain; restart")
                    w.start()
            if all(_pending(s)[0] == 0 for s in stores):
                return round(time.monotonic() - since, 2)
            time.sleep(0.1)
        return None

    def _wait_converged(self, deadline: float) -> float | None:
        """Wait until every kiosk whose test the server started holds that test locally.

        Why: a kiosk killed between the server's answer to /start and its own record of
        it starts again from the waiting screen and fetches the test again; on a loaded
        machine that can take longer than the fault window. It is not an answer lost
        (there is none yet), so the verdict waits for it instead of calling it a mismatch;
        the time it took is reported.
        """
        began = time.monotonic()
        http = Http(self.server_url, timeout_s=10)
        started: set[int] = set()
        while time.monotonic() < deadline:
            try:
                started = set()
                for sid, kit in self.sessions.items():
                    token = http.call("POST", "/api/invigilator/login", json={
                        "session_number": sid, "password": kit["session_password"]})["token"]
                    rows = http.call("GET", "/api/invigilator/candidates", token)
                    started |= {int(r["candidate_id"]) for r in rows if r["started_at"]}
            except (RuntimeError, HttpRefused):
                time.sleep(0.5)
                continue
            if all(_holds_test(s.path / STORE_FILE, started) for s in self.specs):
                return round(time.monotonic() - began, 2)
            time.sleep(0.5)
        return None

    # -- the verdict ------------------------------------------------------------------

    def _server_events(self, sid: int, token: str) -> list[Event]:
        http = Http(self.server_url, timeout_s=60)
        out: list[Event] = []
        after = 0
        while True:
            data = http.call("GET", f"/api/sessions/{sid}/events", token, attempts=5,
                             params={"after": after, "wait": 0, "limit": 1000})
            batch = [Event.model_validate(e) for e in data["events"]]
            out.extend(batch)
            if len(batch) < 1000:
                return out
            after = int(data["last_seq"])

    def verdict(self) -> dict[str, Any]:
        from app.domain.clocks import SystemClock
        from app.services.exam_package import CURRENT_KEY, CurrentCandidate
        from app.services.store import LocalStore

        verdict = check.Verdict()
        refused: Counter[str] = Counter()
        started = completed = 0
        local_ms: list[float] = []
        server_ms: list[float] = []
        server_events: dict[int, list[Event]] = {}
        server_states: dict[int, SessionState] = {}
        http = Http(self.server_url)
        for sid, kit in self.sessions.items():
            token = http.call("POST", "/api/invigilator/login", attempts=5, json={
                "session_number": sid, "password": kit["session_password"]})["token"]
            events = self._server_events(sid, token)
            server_events[sid] = events
            server_states[sid] = fold(events, SessionState(session_id=sid)).state
        for spec in self.specs:
            local_ms += check.read_numbers(spec.path / LOCAL_LATENCY_FILE)
            server_ms += check.read_numbers(spec.path / SERVER_LATENCY_FILE)
            acks = check.read_acks(spec.path / ACKS_FILE)
            store_path = spec.path / STORE_FILE
            if not store_path.exists():
                continue
            store = LocalStore.open(store_path, device_id=spec.device_id, clock=SystemClock())
            try:
                raw = store.get_blob(CURRENT_KEY)
                if raw is None:
                    continue
                current = CurrentCandidate.from_json(raw)
                sid, cid = current.session_id, current.candidate_id
                kiosk_cand = store.state(sid).state.candidates.get(cid)
                pending = frozenset(e.id for e in store.pending(limit=1_000_000))
                for _event, reason in store.refused():
                    refused[reason.split(":", 1)[0]] += 1
            finally:
                store.close()
            server_cand = server_states[sid].candidates.get(cid)
            if server_cand is not None and server_cand.started:
                started += 1
                completed += bool(server_cand.completed)
            check.judge_candidate(
                verdict,
                label=f"{spec.device_id}/candidate {cid}",
                acks=acks,
                server_events=[e for e in server_events[sid] if e.candidate_id == cid],
                server_cand=server_cand,
                kiosk_cand=kiosk_cand,
                pending_ids=pending,
            )
        total_events = sum(len(v) for v in server_events.values())
        return {
            "kiosks": len(self.specs),
            "kiosk_processes": len(self.workers),
            "candidates_started": started,
            "candidates_completed": completed,
            "answers_acknowledged": verdict.answers_acknowledged,
            "answers_on_server": verdict.answers_on_server,
            "events_acknowledged": verdict.events_acknowledged,
            "events_on_server": total_events,
            "lost": verdict.lost,
            "lost_events": verdict.lost_events,
            "undelivered": verdict.undelivered,
            "duplicated": verdict.duplicated,
            "first_answer_mismatch": verdict.first_answer_mismatch,
            "mismatched_states": verdict.mismatched_states,
            "refused_events": dict(refused),
            "local_ack_ms": check.percentiles(local_ms),
            "server_ack_ms": check.percentiles(server_ms),
            "ingest": check.ingest_peaks([e.received_at for events in server_events.values()
                                          for e in events if e.received_at is not None]),
            "events_by_kind": dict(Counter(e.kind.value for events in server_events.values()
                                           for e in events).most_common()),
            "details": verdict.details,
        }

    # -- teardown -------------------------------------------------------------------

    def close(self) -> None:
        """Stop everything this room started; safe to call more than once, after errors."""
        self.stop_invigilators.set()
        for w in self.workers:
            if w.alive:
                w.signal(signal.SIGKILL)
        if self.zygote is not None:
            self.zygote.close()
        if self.server_restarting is not None:
            self.server_restarting.join(self.opts.outage + 120)
        if self.relay_restarting is not None:
            self.relay_restarting.join(150)
        for proxy in (self.proxy, self.central_proxy):
            if proxy is not None:
                proxy.stop()
        if self.relay is not None:
            self.relay.stop()
        if self.server is not None:
            self.server.stop()
        if self._own_dir and not self.opts.keep:
            shutil.rmtree(self.dir, ignore_errors=True)


def simulate(opts: RoomOptions) -> dict[str, Any]:
    """Run one simulated room and return its summary (see the module docstring)."""
    room = Room(opts)
    wall = time.monotonic()
    try:
        room.setup()
        summary = room.run()
    finally:
        room.close()
    summary["wall_time_s"] = round(time.monotonic() - wall, 1)
    summary["seed"] = opts.seed
    summary["db"] = "postgresql" if (opts.db or "").startswith("postgresql") else (
        "sqlite" if opts.spawn_server else "external")
    summary["workdir"] = str(room.dir) if (opts.keep or opts.workdir) else None
    summary["ingest_events_per_s"] = round(
        summary["events_on_server"] / max(1e-9, summary["duration_s"]), 1)
    return summary


def to_json(summary: dict[str, Any]) -> str:
    return json.dumps(summary, indent=2, sort_keys=False, default=str)
