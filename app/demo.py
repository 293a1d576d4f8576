"""`examroom demo`: the newcomer's first command, everything on one machine.

    examroom demo               server + invigilator station (logged in) + two kiosks
    examroom demo --headless    the same session run by a script, no window; exits 0 (CI)
    examroom demo --relay       the room runs through the station's relay (SCENARIOS 8):
                                pause the server (kill -STOP, as printed) and go on

Starts `examroom server` as a subprocess on embedded SQLite in a fresh demo data
directory on a free port, creates a demo centre administrator, a session for today and six
candidates with varied profiles (one with 33 % extra time, one not certifiable), then
prints the session number, session password and access code.

With windows: the station runs in this process, already logged in; each kiosk is its own
`examroom kiosk --windowed` process (not locked down) with its own data directory, as on
two lab PCs. Closing the station ends the demo and stops the kiosks and the server.

Headless: a candidate joins on a real kiosk runner (`ExamRunner`), the invigilator
confirms presence and launches the test from a real desk (`InvigilatorDesk`), the
candidate answers every question, reaches the end screen, the invigilator marks it seen
and the kiosk clears itself. Everything goes through the real services and server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import requests

from app.config import Config
from app.domain.competences import COMPETENCE_CODES
from app.services.i18n import QT_TRANSLATE_NOOP, translate

ROOT = Path(__file__).resolve().parents[1]
EXAMROOM: tuple[str, ...] = (
    (sys.executable,) if getattr(sys, "frozen", False) else (sys.executable, "-m", "app")
)
"""How to start another examroom process: the bundle is its own executable (issue 8)."""
ADMIN_EMAIL = "demo@examroom.local"
ADMIN_PASSWORD = "demo-examroom-2024"
CENTRE = "Collège de démonstration"

CANDIDATES: tuple[dict[str, Any], ...] = (
    {"first_name": "Ada", "last_name": "Lovelace", "birthdate": "2010-05-04",
     "extra_time": 0.33, "levels": 8, "level": 3},
    {"first_name": "Alan", "last_name": "Turing", "birthdate": "2009-06-23",
     "levels": 6, "level": 2},
    {"first_name": "Grace", "last_name": "Hopper", "birthdate": "2010-12-09",
     "levels": 10, "level": 4},
    {"first_name": "Éloïse", "last_name": "Bernier", "birthdate": "2010-02-14",
     "levels": 5, "level": 1},
    {"first_name": "Linus", "last_name": "Torvalds", "birthdate": "2009-12-28",
     "levels": 7, "level": 2},
    {"first_name": "Jean", "last_name": "Sammet", "birthdate": "2010-03-23",
     "levels": 4, "level": 2},  # 4 competences: not certifiable
)


def _die_with_parent() -> None:
    """Child processes (server, kiosks) end with the demo even if it is killed (Linux)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _popen_options() -> dict[str, Any]:
    """Children in a session of their own: Ctrl+C in the terminal reaches the demo alone,
    which then stops them in order (the whole group used to get it: the server died, the
    kiosks swallowed it and stayed up)."""
    if sys.platform.startswith("linux"):
        return {"preexec_fn": _die_with_parent, "start_new_session": True}
    return {"start_new_session": True} if os.name == "posix" else {}


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class DemoServer:
    """`examroom server` in a subprocess on SQLite in `data_dir`."""

    data_dir: Path
    port: int
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        return os.environ | {"EXAMROOM_DATA_DIR": str(self.data_dir)}

    def create_admin(self) -> None:
        done = subprocess.run(
            [*EXAMROOM, "server", "create-admin", "--email", ADMIN_EMAIL,
             "--centre", CENTRE],
            input=ADMIN_PASSWORD + "\n", text=True, capture_output=True, env=self.env,
            cwd=ROOT, timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(f"create-admin failed: {done.stderr.strip()}")

    def start(self, timeout_s: float = 60) -> None:
        log = open(self.data_dir / "server.log", "ab")  # noqa: SIM115 - kept by Popen
        self.proc = subprocess.Popen(
            [*EXAMROOM, "server", "--port", str(self.port)],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, **_popen_options(),
        )
        log.close()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/api/health", timeout=1).ok:
                    return
            except requests.RequestException:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"the demo server did not start; see {self.data_dir / 'server.log'}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            if hasattr(signal, "SIGCONT"):  # paused for the "no internet" demo (--relay)
                self.proc.send_signal(signal.SIGCONT)
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc = None


@dataclass(frozen=True)
class DemoSession:
    session_number: int
    password: str
    access_code: str
    candidates: dict[str, int]


def create_demo_session(url: str, relay_key: str | None = None) -> DemoSession:
    """Through the server's admin API: a session today and the six demo candidates.

    `relay_key`: the station's relay key, registered as the centre's referent does it
    before the session (central gives a relay package only to a registered key)."""
    http = requests.Session()

    def call(method: str, path: str, token: str | None = None, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        r = http.request(method, url + path, headers=headers, timeout=30, **kw)
        if r.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {r.status_code} {r.text[:300]}")
        return r.json()

    token = call("POST", "/api/auth/login",
                 json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})["token"]
    if relay_key is not None:
        call("POST", "/api/admin/relay-keys", token,
             json={"public_key": relay_key, "label": "Salle 208 (démonstration)"})
    now = datetime.now()
    session = call("POST", "/api/admin/sessions", token, json={
        "site": CENTRE, "room": "Salle 208", "invigilators": ["Paul Eluard"],
        "date": date.today().isoformat(), "start_time": f"{now.hour:02d}:00",
        "observations": "Session de démonstration",
    })
    sid = int(session["id"])
    ids: dict[str, int] = {}
    for spec in CANDIDATES:
        profile = {
            code: {"level": spec["level"] if i < spec["levels"] else 0,
                   "pix": 8 * spec["level"] if i < spec["levels"] else 0}
            for i, code in enumerate(COMPETENCE_CODES)
        }
        body = {k: spec[k] for k in ("first_name", "last_name", "birthdate")}
        body |= {"extra_time": spec.get("extra_time", 0.0), "profile": profile}
        created = call("POST", f"/api/admin/sessions/{sid}/candidates", token, json=body)
        ids[spec["first_name"]] = int(created["id"])
    kit = call("GET", f"/api/admin/sessions/{sid}/kit", token)
    return DemoSession(sid, str(kit["session_password"]), str(kit["access_code"]), ids)


def describe(server: DemoServer, s: DemoSession, data_dir: Path) -> str:
    lines = [
        "examroom demo",
        translate("Common", "  serveur              {url}  (données : {data})").format(
            url=server.url, data=data_dir),
        translate("Common", "  numéro de session    {number}").format(number=s.session_number),
        translate("Common", "  mot de passe         {password}").format(password=s.password),
        translate("Common", "  code d'accès         {code}").format(code=s.access_code),
        translate("Common", "  candidats (date de naissance) :"),
    ]
    for spec in CANDIDATES:
        born = date.fromisoformat(spec["birthdate"]).strftime("%d/%m/%Y")
        notes = []
        if spec.get("extra_time"):
            notes.append(translate("Common", "temps majoré {percent} %").format(
                percent=round(spec["extra_time"] * 100)))
        if spec["levels"] < 5:
            notes.append(translate("Common", "non certifiable"))
        extra = f"  ({', '.join(notes)})" if notes else ""
        lines.append(f"    {spec['first_name']} {spec['last_name'].upper()}  {born}{extra}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="examroom demo", description=__doc__.split("\n")[0])
    parser.add_argument("--headless", action="store_true",
                        help="run the demo session by script, no window, exit 0 (CI)")
    parser.add_argument("--data-dir", type=Path,
                        help="where the demo keeps its data (default: a new temporary dir)")
    parser.add_argument("--port", type=int, default=0, help="server port (default: free)")
    parser.add_argument("--kiosks", type=int, default=2, help="kiosk windows to open")
    parser.add_argument("--relay", action="store_true",
                        help="the station is the room relay; kiosks use it first")
    return parser


def run(argv: list[str], config: Config) -> int:
    ns = build_parser().parse_args(argv)
    import signal

    # SIGTERM (a closed terminal, `timeout`) unwinds like Ctrl+C, so `finally` stops the
    # server and the kiosks.
    signal.signal(signal.SIGTERM, _interrupt)
    if hasattr(signal, "SIGHUP"):  # the terminal closed: its children are in their own
        signal.signal(signal.SIGHUP, _interrupt)  # session (_popen_options), stop them
    temporary = ns.data_dir is None
    data_dir: Path = ns.data_dir or Path(tempfile.mkdtemp(prefix="examroom-demo-"))
    (data_dir / "server").mkdir(parents=True, exist_ok=True)
    server = DemoServer(data_dir / "server", ns.port or free_port())
    try:
        server.create_admin()
        server.start()
        relay_key = None
        if ns.relay and not ns.headless:
            from app.relay.package import relay_public_key

            relay_key = relay_public_key(data_dir / "station")
        session = create_demo_session(server.url, relay_key)
        print(describe(server, session, data_dir), flush=True)
        if ns.headless:
            return run_headless(server.url, session, data_dir)
        return run_windows(server.url, session, data_dir, kiosks=ns.kiosks,
                           relay_pid=server.proc.pid if ns.relay and server.proc else None)
    except RuntimeError as exc:
        print(f"examroom demo: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl+C or SIGTERM before the windows: a clean stop
        print(translate("Common", "examroom demo: arrêtée"), file=sys.stderr)
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not cut the stop
        server.stop()
        if temporary:
            shutil.rmtree(data_dir, ignore_errors=True)
        signal.signal(signal.SIGINT, signal.default_int_handler)


# -- with windows -------------------------------------------------------------------------


def open_kiosk_windows(url: str, data_dir: Path, count: int,
                       relay: dict[str, str] | None = None) -> list[subprocess.Popen[bytes]]:
    """Each kiosk is `examroom kiosk --windowed`, its own process and data directory;
    `relay`: the EXAMROOM_RELAY_URLS and EXAMROOM_CENTRAL_PUBLIC_KEY of a room relay."""
    return [start_kiosk(url, data_dir / f"kiosk-{n}", relay) for n in range(1, count + 1)]


def start_kiosk(url: str, kiosk_dir: Path,
                relay: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    from app.services import i18n

    kiosk_dir.mkdir(parents=True, exist_ok=True)
    # The demo's language (its `language` key, from its file or EXAMROOM_LANGUAGE) is the
    # kiosks' too, even when it came from a --config file they do not read.
    env = os.environ | {"EXAMROOM_DATA_DIR": str(kiosk_dir),
                        "EXAMROOM_LANGUAGE": i18n.language()} | (relay or {})
    log = open(kiosk_dir / "kiosk.log", "ab")  # noqa: SIM115 - kept by Popen
    try:
        return subprocess.Popen(
            [*EXAMROOM, "kiosk", "--windowed", "--server", url],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, **_popen_options())
    finally:
        log.close()


class KioskKeeper:
    """The demo's kiosks, as the supervisor keeps a lab PC's (app/supervisor.py): a kiosk
    that ends on its own deliberate exit (status 0: its window closed, or left with the
    session password) ends the demo; any other end (a kill, a crash: the power-cut story)
    starts it again on the same data directory, where it resumes the candidate's test.
    A kiosk that keeps dying at once is given up after `MAX_QUICK_DEATHS`."""

    MAX_QUICK_DEATHS = 5
    QUICK_S = 5.0

    def __init__(self, procs: list[subprocess.Popen[bytes]],
                 start: Callable[[int], subprocess.Popen[bytes]],
                 clock: Callable[[], float] = time.monotonic,
                 say: Callable[[str], None] = print) -> None:
        self.procs = procs
        self._start = start
        self._clock = clock
        self._say = say
        self._started = [clock()] * len(procs)
        self._quick = [0] * len(procs)
        self.restarts = 0

    def check(self) -> bool:
        """Restart the kiosks that died; True when one was closed on purpose."""
        for i, proc in enumerate(self.procs):
            status = proc.poll()
            if status is None or self._quick[i] > self.MAX_QUICK_DEATHS:
                continue
            if status == 0:
                self._say(translate("Common", "  kiosque {n} fermé : fin de la démo").format(
                    n=i + 1))
                return True
            quick = self._clock() - self._started[i] < self.QUICK_S
            self._quick[i] = self._quick[i] + 1 if quick else 0
            if self._quick[i] > self.MAX_QUICK_DEATHS:
                self._say(translate(
                    "Common", "  kiosque {n} s'arrête dès son lancement (statut {status}) : "
                    "abandon ; voir {folder}").format(n=i + 1, status=status, folder=ROOT))
                continue
            self._say(translate(
                "Common", "  kiosque {n} arrêté (statut {status}) : il redémarre, comme un "
                "PC après une coupure de courant").format(n=i + 1, status=status))
            self.procs[i] = self._start(i)
            self._started[i] = self._clock()
            self.restarts += 1
        return False

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def run_windows(url: str, session: DemoSession, data_dir: Path, *, kiosks: int,
                relay_pid: int | None = None) -> int:
    """`relay_pid`: run the room through the station's relay (the server's pid, to pause)."""
    from app.views.invigilator.main import build_station, open_station
    from app.views.runtime import qt_app, run_qt
    from app.views.style import Appearance

    app = qt_app()
    relay_port = free_port() if relay_pid is not None else None
    station = build_station(url, data_dir / "station", device_id="demo-station",
                            appearance=Appearance(app), relay_port=relay_port)
    relay_env = None
    if relay_port is not None:
        key = requests.get(f"{url}/api/public-key", timeout=10).json()["public_key"]
        relay_env = {"EXAMROOM_RELAY_URLS": f"http://127.0.0.1:{relay_port}",
                     "EXAMROOM_CENTRAL_PUBLIC_KEY": key}
        print(translate("Common", "  relais de la salle   http://127.0.0.1:{port}\n"
                        "  coupure d'internet   kill -STOP {pid}   (retour : kill -CONT {pid})"
                        ).format(port=relay_port, pid=relay_pid), flush=True)
    procs = open_kiosk_windows(url, data_dir, kiosks, relay_env)
    keeper = KioskKeeper(procs, lambda i: start_kiosk(url, data_dir / f"kiosk-{i + 1}",
                                                      relay_env),
                         say=lambda text: print(text, flush=True))
    print(translate("Common", STOP_HELP), flush=True)

    async def main() -> int:
        import signal

        closed = asyncio.Event()
        end_with_the_station(station, closed.set)
        # WORKAROUND: an exception raised in a Qt slot is swallowed by PySide, so under
        # the Qt loop SIGTERM and Ctrl+C end the demo through this event, not by raising.
        for name in ("SIGTERM", "SIGINT", "SIGHUP"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), lambda *_: closed.set())
        await open_station(station, session=session.session_number, password=session.password)
        # The loop also gives Python the hand, so that the signal handlers run at once.
        while not closed.is_set() and not keeper.check():
            await asyncio.sleep(KEEPER_POLL_S)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the stop itself is not interrupted
        station.window.hide()  # type: ignore[attr-defined]
        await station.close()
        return 0

    try:
        return run_qt(main)
    finally:
        keeper.stop()


def end_with_the_station(station: Any, end: Callable[[], None]) -> None:
    """The demo ends when its station window closes, or on "Quitter" (the invigilator
    logs out on purpose: reason ""); not when a login expires (a reason is given)."""
    station.window.closed.connect(end)
    station.desk.logged_out.connect(lambda reason: None if reason else end())


KEEPER_POLL_S = 0.5
STOP_HELP = QT_TRANSLATE_NOOP(
    "Common",
    "  arrêter la démo      « Quitter » sur le poste surveillant, fermer une fenêtre, Ctrl+C\n"
    "  coupure de courant   tuer un kiosque (kill -9 PID) : la démo le relance, il reprend"
    " la question")


# -- headless -------------------------------------------------------------------------------


async def _until(what: str, predicate: Callable[[], object], timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"headless demo: {what} not reached in {timeout_s:.0f} s")
        await asyncio.sleep(0.05)


def _moved_on(runner: Any, position: int) -> bool:
    """The kiosk left the question at `position` (next question or another screen)."""
    from app.domain.kiosk_flow import Phase

    question = runner.question
    return bool(runner.phase is not Phase.QUESTION
                or (question is not None and question.position != position))


def _an_answer(question: Any) -> int | list[int] | dict[str, str]:
    challenge = question.challenge
    if challenge.fields:
        return {f.name: "42" for f in challenge.fields}
    if challenge.type.value == "QCM":
        return [1]
    return 1


async def scripted_session(url: str, session: DemoSession, data_dir: Path) -> dict[str, Any]:
    """A candidate's whole session, kiosk and station both real services."""
    from concurrent.futures import ThreadPoolExecutor

    from app.domain.clocks import SystemClock
    from app.domain.kiosk_flow import Phase
    from app.services.candidate_api import CandidateApi
    from app.services.exam import ExamRunner
    from app.services.store import LocalStore
    from app.services.sync import HttpTransport
    from app.views.invigilator.main import build_desk

    (data_dir / "station").mkdir(parents=True, exist_ok=True)
    desk, station_store, _api = build_desk(url, data_dir / "station", device_id="demo-station",
                                           long_poll_s=5.0, poll_s=1.0)
    clock = SystemClock()
    kiosk_store = LocalStore.open(data_dir / "kiosk-1" / "kiosk.sqlite",
                                  device_id="demo-kiosk-1", clock=clock)
    api = CandidateApi(url)
    store_ex = ThreadPoolExecutor(1)
    net_ex = ThreadPoolExecutor(4)
    runner = ExamRunner(store=kiosk_store, api=api,
                        transport=HttpTransport(url, lambda: api.token), clock=clock,
                        device_id="demo-kiosk-1", store_executor=store_ex, net_executor=net_ex,
                        sync_wait_s=5.0)
    notices: list[str] = []
    runner.notice.connect(lambda level, text: notices.append(f"{level}: {text}"))
    steps: list[str] = []
    try:
        if not await desk.login(session.session_number, session.password):
            raise RuntimeError("the station could not log in")
        steps.append("station logged in")
        await runner.start_up()
        await _until("kiosk home", lambda: runner.phase is Phase.JOIN)
        await runner.join(str(session.session_number), "ada", "LOVELACE", "04", "05", "2010")
        await _until("identity screen", lambda: runner.phase is Phase.CONFIRM)
        await runner.confirm_identity(True)
        await _until("waiting screen", lambda: runner.phase is Phase.WAITING)
        cid = session.candidates["Ada"]
        await _until("candidate seen by the station",
                     lambda: (r := desk.row(cid)) is not None and r.joined)
        steps.append("Ada joined on the kiosk")
        if not await desk.confirm_presence(cid):
            raise RuntimeError("presence refused")
        if not await desk.launch_test():
            raise RuntimeError("launch refused")
        steps.append("presence confirmed, test launched")
        await _until("access code screen", lambda: runner.phase is Phase.ACCESS_CODE)
        await runner.start_test(session.access_code)
        await _until("first question", lambda: runner.phase is Phase.QUESTION)
        answered = 0
        while runner.phase is Phase.QUESTION:
            question = runner.question
            assert question is not None
            position = question.position
            runner.begin_question()  # "Commencer" on a timed question's warning
            await runner.submit(_an_answer(question))
            answered += 1
            await _until("next question", partial(_moved_on, runner, position))
        await _until("end screen", lambda: runner.phase is Phase.END)
        steps.append(f"{answered} questions answered, end screen shown")
        await _until("end screen waiting on the station",
                     lambda: (r := desk.row(cid)) is not None and r.end_screen_waiting)
        if not await desk.mark_end_screen_seen(cid):
            raise RuntimeError("end screen seen refused")
        await _until("kiosk cleared", lambda: runner.current is None, timeout_s=30)
        steps.append("end screen seen; the kiosk cleared the candidate's data")
        await _until("station synced", lambda: desk.unsent_total == 0)
        row = desk.row(cid)
        assert row is not None
        return {"ok": True, "session": session.session_number, "answered": answered,
                "station_status": row.status_label, "steps": steps}
    except BaseException:
        print("\n".join(notices), file=sys.stderr)
        raise
    finally:
        await runner.shutdown()
        await desk.close()
        station_store.close()
        kiosk_store.close()
        store_ex.shutdown(wait=True)
        net_ex.shutdown(wait=False, cancel_futures=True)


def run_headless(url: str, session: DemoSession, data_dir: Path) -> int:
    """No window, no display needed: a QCoreApplication runs the Qt timers and qasync."""
    import qasync
    from PySide6.QtCore import QCoreApplication

    from app.services.gc_guard import install_main_thread_gc

    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])
    install_main_thread_gc()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    import signal

    try:
        with loop:
            task = loop.create_task(
                asyncio.wait_for(scripted_session(url, session, data_dir), timeout=240))
            signal.signal(signal.SIGTERM, lambda *_: task.cancel())
            result = loop.run_until_complete(task)
    except asyncio.CancelledError:
        return 130
    except (RuntimeError, TimeoutError) as exc:
        print(f"examroom demo --headless: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result, ensure_ascii=False))
    return 0
