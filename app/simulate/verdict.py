"""Reading the kiosks' stores and the server's log: drained? converged? the verdict.

Why from side files, the stores and the server's events rather than counters kept by
the workers: a killed worker's counters die with it; the side file is fsync'ed after each
acknowledged append, so it is the kiosk's promise, in writing (check.py compares).
The stores are read read-only while the kiosks run (drain, convergence), and opened
after they stopped for the verdict.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.events import Event
from app.domain.fold import SessionState, fold
from app.simulate import check
from app.simulate.kiosk import ACKS_FILE, LOCAL_LATENCY_FILE, SERVER_LATENCY_FILE, STORE_FILE
from app.simulate.processes import Http, HttpRefused

if TYPE_CHECKING:
    from app.simulate.room import Room


def pending(store: Path, up_to: int | None = None) -> tuple[int, int]:
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


def holds_test(store: Path, started: set[int]) -> bool:
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


def wait_drained(room: Room, stores: list[Path], since: float, deadline: float) -> float | None:
    """Seconds from `since` until no kiosk has an unacknowledged event (None: timeout)."""
    while time.monotonic() < deadline:
        for w in room.workers:
            if not w.alive:
                w.crashes += 1
                room.say(f"worker {w.index} died during the drain; restart")
                w.start()
        if all(pending(s)[0] == 0 for s in stores):
            return round(time.monotonic() - since, 2)
        time.sleep(0.1)
    return None


def wait_converged(room: Room, deadline: float) -> float | None:
    """Wait until every kiosk whose test the server started holds that test locally.

    Why: a kiosk killed between the server's answer to /start and its own record of
    it starts again from the waiting screen and fetches the test again; on a loaded
    machine that can take longer than the fault window. It is not an answer lost
    (there is none yet), so the verdict waits for it instead of calling it a mismatch;
    the time it took is reported.
    """
    began = time.monotonic()
    http = Http(room.server_url, timeout_s=10)
    started: set[int] = set()
    while time.monotonic() < deadline:
        try:
            started = set()
            for sid, kit in room.sessions.items():
                token = http.call("POST", "/api/invigilator/login", json={
                    "session_number": sid, "password": kit["session_password"]})["token"]
                rows = http.call("GET", "/api/invigilator/candidates", token)
                started |= {int(r["candidate_id"]) for r in rows if r["started_at"]}
        except (RuntimeError, HttpRefused):
            time.sleep(0.5)
            continue
        if all(holds_test(s.path / STORE_FILE, started) for s in room.specs):
            return round(time.monotonic() - began, 2)
        time.sleep(0.5)
    return None


def server_log(server_url: str, sid: int, token: str) -> list[Event]:
    """Every event the server holds for the session, in server order."""
    http = Http(server_url, timeout_s=60)
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


def verdict(room: Room) -> dict[str, Any]:
    """Every kiosk's log and side files against the server's events (check.py)."""
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
    http = Http(room.server_url)
    for sid, kit in room.sessions.items():
        token = http.call("POST", "/api/invigilator/login", attempts=5, json={
            "session_number": sid, "password": kit["session_password"]})["token"]
        events = server_log(room.server_url, sid, token)
        server_events[sid] = events
        server_states[sid] = fold(events, SessionState(session_id=sid)).state
    for spec in room.specs:
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
        "kiosks": len(room.specs),
        "kiosk_processes": len(room.workers),
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
