"""A headless kiosk: the real ExamRunner, no window, driven by a simulated candidate.

    python -m app.simulate.kiosk SPEC.json
    python -m app.simulate.kiosk --zygote     (forks one kiosk process per spec path on stdin)

SPEC.json holds a list of kiosks (`KioskSpec`). Normally one per process, so that a
SIGKILL takes down exactly one kiosk, as a crash or a pulled plug would; the 500-kiosk
load run packs several in one process to fit on the machine (same code, one loop).

Why the real `ExamRunner` and not a re-implementation: the promise under test is the
kiosk's ("an answer the screen accepted is on disk and reaches the server once"). The
runner is a QObject whose only Qt dependencies are QTimers and signals, so it runs under
a QCoreApplication with qasync, exactly as under the kiosk's QApplication. The simulated
candidate calls the same methods the screens call (`join`, `confirm_identity`,
`start_test`, `submit`, `skip`, `resume_with_code`, `authorize_with_password`) and reads
the same state (`phase`, `question`).

What counts as acknowledged: `RecordingStore.append` writes the event's id to a side file
(`acks.jsonl`, appended and fsync'ed) after `LocalStore.append` has returned, i.e. after
the event is durable. A kill between the two leaves a durable event that the side file
does not list: harmless for the check, which only ever asks "is every listed event on the
server, once". The side file is written by the same store thread, before the runner moves
the screen on, so the candidate has never seen an answer accepted that the file misses.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import signal
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TextIO

from app.domain.clocks import SystemClock
from app.domain.content import Challenge, ChallengeType
from app.domain.events import Event, EventKind
from app.services.store import LocalStore

log = logging.getLogger("app.simulate.kiosk")

ACKS_FILE = "acks.jsonl"
LOCAL_LATENCY_FILE = "local_ack_ms.txt"
SERVER_LATENCY_FILE = "server_ack_ms.txt"
STORE_FILE = "kiosk.sqlite"


@dataclass(frozen=True)
class KioskSpec:
    """Everything one simulated kiosk needs; written by the room, read by the worker."""

    directory: str
    device_id: str
    server_url: str
    session_id: int
    first_name: str
    last_name: str
    birthdate: str  # YYYY-MM-DD
    access_code: str
    session_password: str
    seed: int
    pace_s: float
    """Median think time per question, already scaled by the run's speed."""
    stop_file: str
    """When this file exists the candidate stops answering (the drain is then measured)."""
    resume_wait_s: float = 6.0
    """After a restart, how long to wait for the station before typing the password."""
    skip_rate: float = 0.05
    sync_wait_s: float = 5.0
    http_timeout_s: float = 5.0
    arrival_s: float = 0.0
    """The candidate sits down at a random moment in the first `arrival_s` seconds."""
    relay_urls: tuple[str, ...] = ()
    """With `--relay`: the room relay first, `server_url` (central) second, as a kiosk
    configured with `relay_urls` (app/services/room_link.py)."""
    central_public_key: str = ""

    @property
    def path(self) -> Path:
        return Path(self.directory)


# ---------------------------------------------------------------------------
# The store that remembers what it acknowledged


class RecordingStore(LocalStore):
    """A LocalStore that lists, in a fsync'ed side file, each event `append` returned.

    It also measures, for the figures, the local acknowledgement (the append) and the
    server acknowledgement (`mark_acked` of an id appended by this process).
    """

    ack_file: TextIO | None = None
    latency_file: TextIO | None = None
    appended_at: dict[str, float]

    def record_to(self, directory: Path) -> None:
        self.appended_at = {}
        # Line-buffered text; fsync'ed explicitly below for the acknowledgements.
        self.ack_file = open(directory / ACKS_FILE, "a", encoding="utf-8")  # noqa: SIM115
        self.latency_file = open(  # noqa: SIM115
            directory / SERVER_LATENCY_FILE, "a", encoding="utf-8", buffering=1
        )

    def append(
        self,
        kind: EventKind,
        *,
        session_id: int,
        candidate_id: int | None = None,
        payload: Any = None,
    ) -> Event:
        event = super().append(
            kind, session_id=session_id, candidate_id=candidate_id, payload=payload
        )
        if self.ack_file is not None:
            line = {
                "id": event.id,
                "kind": event.kind.value,
                "session_id": event.session_id,
                "candidate_id": event.candidate_id,
                "challenge_id": event.payload.get("challenge_id"),
                "device_seq": event.device_seq,
            }
            self.ack_file.write(json.dumps(line) + "\n")
            self.ack_file.flush()
            os.fsync(self.ack_file.fileno())
            self.appended_at[event.id] = time.monotonic()
        return event

    def mark_acked(self, acks: Any) -> None:
        super().mark_acked(acks)
        if self.latency_file is None:
            return
        now = time.monotonic()
        for event_id in acks:
            started = self.appended_at.pop(event_id, None)
            if started is not None:
                self.latency_file.write(f"{(now - started) * 1000:.1f}\n")

    def close(self) -> None:
        super().close()
        for f in (self.ack_file, self.latency_file):
            if f is not None:
                f.close()
        self.ack_file = self.latency_file = None


# ---------------------------------------------------------------------------
# The simulated candidate


def answer_for(challenge: Challenge, rng: random.Random) -> int | list[int] | dict[str, str]:
    """A plausible raw answer of the right shape; correctness does not matter here."""
    n = max(1, len(challenge.proposals))
    if challenge.type is ChallengeType.QCU:
        return rng.randint(1, n)
    if challenge.type is ChallengeType.QCM:
        return sorted(rng.sample(range(1, n + 1), rng.randint(1, n)))
    names = [f.name for f in challenge.fields] or ["reponse"]
    return {name: rng.choice(["oui", "non", "42", "Paris", "ctrl+c"]) for name in names}


class SimKiosk:
    """One kiosk: a RecordingStore, the real ExamRunner, and a candidate driving it."""

    def __init__(self, spec: KioskSpec) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed ^ (os.getpid() << 16) ^ time.time_ns())
        self.local_latency: TextIO | None = None

    def stopped_answering(self) -> bool:
        return os.path.exists(self.spec.stop_file)

    async def _think(self, stop: asyncio.Event) -> bool:
        """Wait a human-like time (log-normal around pace_s); False if told to stop."""
        pace = self.spec.pace_s
        delay = min(4 * pace, max(0.2 * pace, self.rng.lognormvariate(0, 0.5) * pace))
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline:
            if stop.is_set() or self.stopped_answering():
                return False
            await asyncio.sleep(min(0.2, deadline - time.monotonic()))
        return True

    async def run(self, stop: asyncio.Event) -> None:
        from app.services.candidate_api import CandidateApi, CandidateClient
        from app.services.exam import ExamRunner
        from app.services.failover import CentralKey
        from app.services.room_link import RoomLink
        from app.services.sync import HttpTransport, Transport

        spec = self.spec
        spec.path.mkdir(parents=True, exist_ok=True)
        clock = SystemClock()
        store = await asyncio.to_thread(
            RecordingStore.open, spec.path / STORE_FILE, device_id=spec.device_id, clock=clock
        )
        assert isinstance(store, RecordingStore)
        store.record_to(spec.path)
        self.local_latency = open(  # noqa: SIM115
            spec.path / LOCAL_LATENCY_FILE, "a", encoding="utf-8", buffering=1
        )
        store_executor = ThreadPoolExecutor(1, thread_name_prefix="store")
        net_executor = ThreadPoolExecutor(4, thread_name_prefix="net")
        api: CandidateClient
        transport: Transport
        if spec.relay_urls:
            link = RoomLink(
                central_url=spec.server_url, relay_urls=spec.relay_urls,
                central_key=CentralKey(configured=spec.central_public_key,
                                       cache_path=spec.path / "central-key.json",
                                       central_url=None),
                device_id=spec.device_id, timeout_s=spec.http_timeout_s, recheck_s=5.0,
                store=store,
            )
            api, transport = link, link.transport
        else:
            plain = CandidateApi(spec.server_url, timeout_s=spec.http_timeout_s)
            api = plain
            transport = HttpTransport(spec.server_url, lambda: plain.token,
                                      timeout_s=spec.http_timeout_s)
        runner = ExamRunner(
            store=store,
            api=api,
            transport=transport,
            clock=clock,
            device_id=spec.device_id,
            store_executor=store_executor,
            net_executor=net_executor,
            sync_wait_s=spec.sync_wait_s,
        )
        runner.notice.connect(
            lambda level, text: log.warning("%s notice %s: %s", spec.device_id, level, text)
            if level == "error"
            else None
        )
        try:
            await runner.start_up()
            await self._drive(runner, stop)
        finally:
            await runner.shutdown()
            await asyncio.to_thread(store.close)
            store_executor.shutdown(wait=False)
            net_executor.shutdown(wait=False)
            self.local_latency.close()

    async def _drive(self, runner: Any, stop: asyncio.Event) -> None:
        """The candidate's side of each screen, until told to stop."""
        from app.domain.kiosk_flow import Phase

        spec = self.spec
        born = spec.birthdate.split("-")
        waited_resume_since: float | None = None
        tries = 0  # failed tries on this screen: a person waits longer each time

        async def try_again() -> None:
            nonlocal tries
            tries += 1
            await asyncio.sleep(self.rng.uniform(0.5, 1.5) * min(2 ** (tries - 1), 8))

        if runner.phase is Phase.JOIN and spec.arrival_s > 0:  # not yet here (not a restart)
            await asyncio.sleep(self.rng.uniform(0, spec.arrival_s))
        while not stop.is_set():
            phase = runner.phase
            if runner.busy:
                await asyncio.sleep(0.05)
                continue
            if phase is not Phase.RESUME_WAIT:
                waited_resume_since = None
            if phase is Phase.JOIN:
                await runner.join(
                    str(spec.session_id), spec.first_name, spec.last_name,
                    born[2], born[1], born[0],
                )
                if runner.phase is Phase.JOIN:
                    await try_again()  # offline or busy
            elif phase is Phase.CONFIRM:
                tries = 0
                await runner.confirm_identity(True)
            elif phase is Phase.ACCESS_CODE:
                await runner.start_test(spec.access_code)
                if runner.phase is Phase.ACCESS_CODE:
                    await try_again()
            elif phase is Phase.RESUME:
                await runner.resume_with_code(spec.access_code)
                if runner.phase is Phase.RESUME:
                    await try_again()
            elif phase is Phase.RESUME_WAIT:
                now = time.monotonic()
                if waited_resume_since is None:
                    waited_resume_since = now
                elif now - waited_resume_since > spec.resume_wait_s:
                    # The invigilator comes to the PC and types the resume code (the
                    # station shows it; derived from the session password: issue 17).
                    from app.domain.resume_proof import resume_code

                    await runner.authorize_with_password(
                        resume_code(spec.session_password, spec.session_id)
                    )
                    waited_resume_since = now
                await asyncio.sleep(0.2)
            elif phase is Phase.QUESTION and not self.stopped_answering():
                tries = 0
                await self._answer_one(runner, stop)
            else:  # STARTING, WAITING, END, or told to stop answering: sync goes on
                await asyncio.sleep(0.2)

    async def _answer_one(self, runner: Any, stop: asyncio.Event) -> None:
        question = runner.question
        if question is None or question.paused:
            await asyncio.sleep(0.1)
            return
        shown = question.challenge.id
        if not await self._think(stop):
            return
        question = runner.question
        if question is None or question.challenge.id != shown or runner.busy:
            return  # the screen changed meanwhile (a pull, a pause): look again
        started = time.perf_counter()
        if self.rng.random() < self.spec.skip_rate:
            await runner.skip()
        else:
            await runner.submit(answer_for(question.challenge, self.rng))
        if self.local_latency is not None:
            self.local_latency.write(f"{(time.perf_counter() - started) * 1000:.2f}\n")


# ---------------------------------------------------------------------------
# Process entry point


def load_specs(path: Path) -> list[KioskSpec]:
    return [
        KioskSpec(**{**raw, "relay_urls": tuple(raw.get("relay_urls", ()))})
        for raw in json.loads(path.read_text(encoding="utf-8"))
    ]


def dump_specs(specs: list[KioskSpec], path: Path) -> None:
    path.write_text(json.dumps([asdict(s) for s in specs], indent=1), encoding="utf-8")


async def run_kiosks(specs: list[KioskSpec], stop: asyncio.Event) -> int:
    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(max(8, 4 * len(specs))))
    results = await asyncio.gather(
        *(SimKiosk(s).run(stop) for s in specs), return_exceptions=True
    )
    failed = [r for r in results if isinstance(r, BaseException)]
    for exc in failed:
        log.error("kiosk failed", exc_info=exc)
    return 1 if failed else 0


def _die_with_parent() -> None:
    """Linux: be SIGKILLed when the parent dies, so no kiosk outlives its room.

    Without it, a room that is itself killed (a CI timeout, a SIGKILL) leaves its kiosk
    processes running, orphaned, hammering a server that no longer exists.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def zygote() -> int:
    """Fork a kiosk process per line `SPEC.json` read on stdin; answer its pid on stdout.

    Why: a kiosk process spends about a second of CPU importing Qt, SQLAlchemy, pydantic
    and the app before it does anything, and a run with a thousand kills would spend most
    of a 2-core machine on imports (measured: 40 kiosks and 60 kills a minute starved the
    server). Forking from a process that has imported everything but started nothing (no
    thread, no QCoreApplication, no store) gives each kiosk its own OS process, its own
    store and its own sockets, at a few milliseconds per start. A SIGKILL of a child is
    exactly the crash under test. Children are reaped here on SIGCHLD; their exit status
    goes to zygote.log for the room's report.
    """
    import PySide6.QtCore  # noqa: F401 - imported before forking, on purpose
    import qasync  # noqa: F401
    from argon2 import PasswordHasher

    import app.services.candidate_api
    import app.services.exam
    import app.services.room_link
    import app.services.sync  # noqa: F401

    PasswordHasher()  # warms argon2's cffi bindings
    _die_with_parent()
    exits = open(os.environ.get("EXAMROOM_ZYGOTE_LOG", os.devnull), "a", buffering=1)  # noqa: SIM115

    def reap(*_: object) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            exits.write(f"{pid} {os.waitstatus_to_exitcode(status)}\n")

    signal.signal(signal.SIGCHLD, reap)
    for line in sys.stdin:
        spec = line.strip()
        if not spec:
            continue
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            _die_with_parent()
            from app.services.store import local_store as store_module

            # A new process start: the store tells restarts apart by this id (read from
            # the module LocalStore lives in, not from the package's re-export).
            setattr(store_module, "BOOT_ID", uuid.uuid4().hex)  # noqa: B010 - Final on purpose
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
            out = os.open(str(Path(spec).with_suffix(".out")), flags)
            os.dup2(out, 1)
            os.dup2(out, 2)
            os.close(out)
            try:
                main([spec])
            finally:
                os._exit(1)
        sys.stdout.write(f"{pid}\n")
        sys.stdout.flush()
    return 0


def main(argv: list[str]) -> int:
    if argv == ["--zygote"]:
        return zygote()
    if len(argv) != 1:
        print("usage: python -m app.simulate.kiosk SPEC.json | --zygote", file=sys.stderr)
        return 2
    spec_path = Path(argv[0])
    specs = load_specs(spec_path)
    logging.basicConfig(
        filename=str(spec_path.with_suffix(".log")),
        level=logging.WARNING,
        format="%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s",
    )
    import qasync
    from PySide6.QtCore import QCoreApplication

    from app.services.gc_guard import install_main_thread_gc

    app = QCoreApplication.instance() or QCoreApplication([sys.argv[0]])
    install_main_thread_gc()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    stop = asyncio.Event()
    # SIGTERM = "shut down cleanly" (end of the run); SIGKILL is the crash under test.
    signal.signal(signal.SIGTERM, lambda *_: loop.call_soon_threadsafe(stop.set))
    code = 1
    try:
        code = loop.run_until_complete(run_kiosks(specs, stop))
    except BaseException:
        log.exception("kiosk worker crashed")
    sys.stdout.flush()
    sys.stderr.flush()
    # os._exit: Qt and executor threads must not outlive a finished run (no join hangs).
    os._exit(code)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
