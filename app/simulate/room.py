"""The simulated exam room: set up, run the fault window, end it, tear everything down.

The room's parts each have a module: processes.py (server, relay, kiosk worker processes,
and why separate processes), proxy.py (network faults), invigilator.py (the simulated
station), faults.py (kills and outages), verdict.py (drain, convergence, the verdict from
side files and the server's events), check.py (the comparison itself).

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

import json
import random
import shutil
import signal
import string
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from app.domain.competences import COMPETENCE_CODES
from app.simulate import verdict as judge
from app.simulate.faults import Faults
from app.simulate.invigilator import Invigilator
from app.simulate.kiosk import STORE_FILE, KioskSpec, dump_specs
from app.simulate.processes import (
    Http,
    RelayProcess,
    ServerProcess,
    Worker,
    Zygote,
)
from app.simulate.proxy import FaultPlan, FaultProxy, ProxyThread

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


def _name(i: int) -> str:
    letters = string.ascii_lowercase
    out = ""
    i += 26 * 26
    while i:
        i, r = divmod(i, 26)
        out = letters[r] + out
    return "Sim" + out


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
        self.relay_drain_s: float | None = None
        self.workers: list[Worker] = []
        self.zygote: Zygote | None = None
        self.specs: list[KioskSpec] = []
        self.sessions: dict[int, dict[str, Any]] = {}
        self.invigilators: list[Invigilator] = []
        self.stop_invigilators = threading.Event()
        self.faults = Faults(self)
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
        self._admin = (admin_http, str(admin))
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
        from app.relay.package import prepare, relay_public_key

        opts = self.opts
        ((sid, kit),) = self.sessions.items()
        station = self.dir / "station"
        # The centre's referent registers the station's relay key beforehand (issue 17).
        admin_http, admin = self._admin
        admin_http.call("POST", "/api/admin/relay-keys", admin, attempts=3,
                        json={"public_key": relay_public_key(station), "label": "simulation"})
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

    def run(self) -> dict[str, Any]:
        opts = self.opts
        started = time.monotonic()
        for w in self.workers:
            w.start()
        for inv in self.invigilators:
            inv.start()
        self.faults.plan(started)
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
            self.faults.step(now)
            time.sleep(0.05)
        return self._finish(started)

    def _finish(self, started: float) -> dict[str, Any]:
        opts = self.opts
        # -- the faults end --
        for proxy in (self.proxy, self.central_proxy):
            if proxy is not None:
                proxy.set_rate(0.0)
        self.faults.wait_restarts()
        for w in self.workers:
            if not w.alive:
                w.start()
        (self.dir / "stop-answering").touch()
        faults_end = time.monotonic()
        fault_window_s = faults_end - started
        self.say(f"faults ended after {fault_window_s:.1f} s; waiting for the drain")
        deadline = faults_end + opts.drain_timeout
        stores = [s.path / STORE_FILE for s in self.specs]
        drain_s = judge.wait_drained(self, stores, faults_end, deadline)
        self.say(f"drain: {drain_s} s")
        if self.relay is not None:
            self.relay_drain_s = self._wait_relay_drained(deadline)
            self.say(f"relay drained to central in {self.relay_drain_s} s more")
        converged_s = judge.wait_converged(self, deadline)
        self.say(f"kiosks hold every test the server started: {converged_s} s")
        if converged_s:  # a kiosk that caught up recorded its first question: push it too
            judge.wait_drained(self, stores, time.monotonic(), deadline)
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
        summary = judge.verdict(self)
        summary.update({
            "kills": self.faults.kills,
            "kiosk_restarts": sum(w.starts for w in self.workers) - len(self.workers),
            "worker_crashes": sum(w.crashes for w in self.workers),
            "server_kills": self.faults.server_kills,
            "server_restart_failures": self.faults.server_restart_failures,
            "outage_s": opts.outage,
            "outage_drain_s": self.faults.outage_drain_s,
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
                "kills": self.faults.relay_kills,
                "drain_to_central_s": self.relay_drain_s,
                "outage_drain_to_central_s": self.faults.relay_outage_drain_s,
                "status": self.relay.status(),
            }
        return summary

    # -- teardown -------------------------------------------------------------------

    def close(self) -> None:
        """Stop everything this room started; safe to call more than once, after errors."""
        self.stop_invigilators.set()
        for w in self.workers:
            if w.alive:
                w.signal(signal.SIGKILL)
        if self.zygote is not None:
            self.zygote.close()
        self.faults.wait_restarts()
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
