"""The invigilator desk: the station's live view of a session and every action it takes.

Why it is built this way (ARCHITECTURE "The event log", SPEC "Invigilator"):
- Every action is an event appended durably to the station's OWN local store, then pushed
  by the sync engine with the invigilator token. An action taken while the server is
  unreachable is therefore kept and replayed when it returns, and a station that is
  killed comes back to the same state by folding its log.
- The live view is `fold(own + pulled events)` merged with the enrolled candidates (from
  the server, cached in the store for an offline restart) and the kiosks' liveness (the
  server's "last heard", polled every few seconds). Kiosk events arrive by long-poll, so a
  change on a kiosk shows within a second, not at the next poll.
- It reports what changed (`rows_changed(ids)`), never "refresh all" (STYLE 5), and never
  opens a dialog (STYLE 3): the view asks, the desk records, and a refusal comes back as a
  French sentence.

QtCore only, so it runs offscreen and in the headless demo.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import uuid
from collections import Counter
from collections.abc import Callable, Coroutine, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.clocks import HEARTBEAT_INTERVAL, OUTAGE_THRESHOLD, Clock, Outage
from app.domain.content import Challenge
from app.domain.events import Event, EventKind, EventPayloadError, new_event
from app.domain.fold import Refused, SessionState, apply, check_new_entry, fold
from app.domain.incidents import IncidentCategory, validate_incident
from app.domain.roster import Counters, count, ordered
from app.services import desk_texts as texts
from app.services.desk_questions import E_CODES, AlertQuestions
from app.services.desk_rows import CandidateRow, build_row
from app.services.http import HttpFailure
from app.services.invigilator_api import (
    EnrolledCandidate,
    InvigilatorApi,
    SessionHeader,
    TokenRejected,
    message_fr,
)
from app.services.store import LocalStore, StoreError
from app.services.sync import (
    PulledCallback,
    PushResult,
    StatusCallback,
    SyncedCallback,
    SyncEngine,
)
from app.services.tasks import Tasks

log = logging.getLogger(__name__)

T = TypeVar("T")

LOGIN_KEY = "station:login"
HEADER_KEY = "station:header"
ENROLLED_KEY = "station:enrolled"

C_CODES = tuple(c for c in IncidentCategory if not c.needs_question_number)


class SyncFactory(Protocol):
    """Builds the sync engine of a session (the composition root knows the transport)."""

    def __call__(
        self,
        *,
        session_id: int,
        store_executor: Executor,
        on_status: StatusCallback,
        on_pulled: PulledCallback,
        on_pushed: SyncedCallback,
    ) -> SyncEngine: ...


class InvigilatorDesk(QObject):
    """Live state of one session for the station, and the actions on it.

    Keyword-only dependencies (STYLE 2): `store` the station's LocalStore, `api` the
    invigilator HTTP client, `clock`, `sync` a SyncFactory. Coroutines run on the qasync
    loop; store and HTTP calls run in executors, so the screen never waits.

    Signals:
        logged_in(int): the session is open (after login or restart); rows are ready.
        login_failed(str): French message (wrong password, server unreachable).
        logged_out(str): back to the login screen; the French reason, "" for Quitter.
        header_changed(): the header, the launch or the entries state changed.
        rows_changed(list): ids of candidates whose row changed (same set of candidates).
        rows_reset(): the set of candidates changed; re-read every row.
        connection_changed(bool, object): server reachable or not, since when (datetime).
        action_failed(str): an action was refused; French sentence to show.
        notice(str, str): level ("info" / "warning"), French text, for the station's log.
    """

    logged_in = Signal(int)
    login_failed = Signal(str)
    logged_out = Signal(str)
    header_changed = Signal()
    rows_changed = Signal(list)
    rows_reset = Signal()
    connection_changed = Signal(bool, object)
    action_failed = Signal(str)
    notice = Signal(str, str)

    def __init__(
        self,
        *,
        store: LocalStore,
        api: InvigilatorApi,
        clock: Clock,
        sync: SyncFactory,
        poll_s: float = 2.5,
        tick_ms: int = 1000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._api = api
        self._clock = clock
        self._sync_factory = sync
        self._poll_s = poll_s
        self._store_ex = ThreadPoolExecutor(1, thread_name_prefix="desk-store")
        self._net_ex = ThreadPoolExecutor(2, thread_name_prefix="desk-net")
        self._sync: SyncEngine | None = None
        self._tasks = Tasks("desk", on_error=self._task_failed, logger=log)
        self.session_id: int | None = None
        self.header: SessionHeader | None = None
        self._state: SessionState | None = None
        self._enrolled: dict[int, EnrolledCandidate] = {}
        self._server_heard: dict[int, datetime] = {}
        self._unsent: Counter[int | None] = Counter()
        self._rows: dict[int, CandidateRow] = {}
        self._lost: dict[int, list[Outage]] = {}
        self._resume_ms: dict[int, tuple[int, int | None]] = {}  # outage ms, server_seq
        self._questions = AlertQuestions(lambda cid: self._on_net(self._api.challenge, cid))
        self._sync_online: bool | None = None
        self._poll_online: bool | None = None
        self.online: bool | None = None
        self.since: datetime = clock.now()
        self._tick = QTimer(self)
        self._tick.setInterval(tick_ms)
        self._tick.timeout.connect(lambda: self._recompute(None))

    # -- running things off the loop -------------------------------------------------

    async def _in_store(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._store_ex, fn, *args)

    async def _on_net(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._net_ex, fn, *args)

    def _spawn(self, name: str, coro: Coroutine[Any, Any, None]) -> None:
        """A named background task; a new run replaces the old (app/services/tasks.py)."""
        self._tasks.start(name, coro)

    def _task_failed(self, exc: BaseException) -> None:
        """A background task failed past its own handling (a bug): tell the invigilator."""
        self.action_failed.emit(texts.station_text(texts.TASK_FAILED_FR))

    # -- login, restart, Quitter ---------------------------------------------------------

    async def login(self, session_number: int, password: str) -> bool:
        """Log in with the session number and password; open the session on success."""
        try:
            token = await self._on_net(self._api.login, session_number, password)
            header = await self._on_net(self._api.session)
            enrolled = await self._on_net(self._api.candidates)
        except HttpFailure as exc:
            log.info("login failed: %s", exc)
            self.login_failed.emit(message_fr(exc))
            return False
        data = json.dumps({"session_id": header.session_number, "token": token}).encode()
        await self._in_store(self._store.put_blob, LOGIN_KEY, data)
        await self._open(header.session_number, header, enrolled)
        await self._save_cache()
        return True

    async def restore(self) -> bool:
        """Reopen the session a killed or restarted station was in; False if none.

        Works offline: the header and the enrolled list come from the store's cache, the
        state from folding the station's log.
        """
        raw = await self._in_store(self._store.get_blob, LOGIN_KEY)
        if not raw:
            return False
        login = json.loads(raw)
        self._api.token = str(login["token"])
        sid = int(login["session_id"])
        header_raw = await self._in_store(self._store.get_blob, HEADER_KEY)
        enrolled_raw = await self._in_store(self._store.get_blob, ENROLLED_KEY)
        header = SessionHeader.from_json(json.loads(header_raw)) if header_raw else None
        enrolled = (
            [EnrolledCandidate.from_json(c) for c in json.loads(enrolled_raw)]
            if enrolled_raw
            else []
        )
        await self._open(sid, header, enrolled)
        return True

    async def _open(
        self, sid: int, header: SessionHeader | None, enrolled: list[EnrolledCandidate]
    ) -> None:
        self.session_id = sid
        self.header = header
        self._enrolled = {c.candidate_id: c for c in enrolled}
        self._server_heard = {c.candidate_id: c.last_heard for c in enrolled if c.last_heard}
        await self._refold()
        self._recompute(None, reset=True)
        self._sync = self._sync_factory(
            session_id=sid,
            store_executor=self._store_ex,
            on_status=self._on_sync_status,
            on_pulled=self._on_pulled,
            on_pushed=self._on_pushed,
        )
        try:  # catch up before showing the session, so the first screen is true
            self._apply(await self._sync.pull_once(0.0))
            self._recompute(None)
        except HttpFailure as exc:
            log.info("first pull failed, showing the local state: %s", exc)
        self._sync.start()
        self._spawn("poll", self._poll_loop())
        self._tick.start()
        self.logged_in.emit(sid)

    async def logout(self) -> None:
        """Quitter: stop, and forget the token and the cached session (nothing secret kept).

        Actions not yet sent stay in the log; they are sent at the next login to the session.
        """
        await self._stop()
        if self._api.token:
            try:  # the token ends on the server too (issue 17); offline, it just expires
                await self._on_net(self._api.logout)
            except HttpFailure as exc:
                log.info("logout not sent: %s", exc)
        for key in (LOGIN_KEY, HEADER_KEY, ENROLLED_KEY):
            await self._in_store(self._store.put_blob, key, b"")
        self._api.token = None
        self.session_id = None
        self.header = None
        self._state = None
        self._enrolled.clear()
        self._rows.clear()
        self.rows_reset.emit()
        self.logged_out.emit("")

    async def close(self) -> None:
        """The station is closing (not Quitter): stop loops, keep the session for a restart."""
        await self._stop()
        self._store_ex.shutdown(wait=True)
        self._net_ex.shutdown(wait=False, cancel_futures=True)

    async def _stop(self) -> None:
        self._tick.stop()
        await self._tasks.cancel_and_wait()
        if self._sync is not None:
            await self._sync.stop()
            self._sync = None

    async def _save_cache(self) -> None:
        if self.header is not None:
            await self._in_store(
                self._store.put_blob, HEADER_KEY, json.dumps(self.header.to_json()).encode()
            )
        data = json.dumps([c.to_json() for c in self._enrolled.values()]).encode()
        await self._in_store(self._store.put_blob, ENROLLED_KEY, data)

    # -- reading -------------------------------------------------------------------------

    def row(self, candidate_id: int) -> CandidateRow | None:
        return self._rows.get(candidate_id)

    def rows(self) -> list[CandidateRow]:
        """Every candidate, those needing attention first, then alphabetical."""
        return ordered(self._rows.values())

    def counters(self) -> Counters:
        return count(self._rows.values())

    @property
    def launched(self) -> bool:
        state_launched = self._state is not None and self._state.launched_at is not None
        return state_launched or bool(self.header and self.header.launched)

    @property
    def entries_closed(self) -> bool:
        """Closed by "Clore les entrées", or by themselves once the code is given."""
        closed = self._state is not None and self._state.entries_closed_now
        return closed or self.launched or bool(self.header and self.header.entries_closed)

    @property
    def can_admit_late(self) -> bool:
        """A latecomer may be admitted: entries closed by hand, the code not given yet."""
        by_hand = self._state is not None and self._state.entries_closed
        code_given = self.launched
        return (by_hand or bool(self.header and self.header.entries_closed)) and not code_given

    @property
    def unsent_total(self) -> int:
        return sum(self._unsent.values())

    def suggested_minutes(self, candidate_id: int | None = None) -> int:
        """Time to give back after an outage, rounded up to minutes; 0 when none measured.

        Per candidate: the longer of the outage its kiosk measured (ResumeRequested) and the
        silences the station saw in its "last heard". For the room: the candidate who lost
        the most, since outages overlap (clocks.suggest_time_to_add).
        """
        ids = [candidate_id] if candidate_id is not None else list(self._rows)
        best = 0
        for cid in ids:
            seen = sum((o.duration for o in self._lost.get(cid, [])), timedelta())
            asked_ms = self._resume_ms.get(cid, (0, None))[0]
            ms = max(asked_ms, int(seen / timedelta(milliseconds=1)))
            best = max(best, ms)
        return math.ceil(best / 60_000)

    async def alert_question(self, candidate_id: int) -> Challenge | None:
        """The question of the open alert, without its solution, as the kiosk shows it."""
        row = self._rows.get(candidate_id)
        if row is None or row.alert_challenge is None:
            return None
        return await self._questions.question(row.alert_challenge)

    async def alert_categories(self, candidate_id: int) -> tuple[IncidentCategory, ...]:
        """The E codes that apply to the question of the open alert (all E codes if unknown)."""
        row = self._rows.get(candidate_id)
        return await self._questions.categories(None if row is None else row.alert_challenge)

    # -- actions ---------------------------------------------------------------------------

    async def launch_test(self) -> bool:
        """"Lancer le test": records the start time of the session."""
        return await self._record(EventKind.TEST_LAUNCHED)

    async def close_entries(self) -> bool:
        """Entries closed before the code is given (they close by themselves once it is);
        a latecomer then needs `admit_late`."""
        return await self._record(EventKind.ENTRIES_CLOSED)

    async def admit_late(self, candidate_id: int) -> bool:
        return await self._record(EventKind.LATE_ENTRY_ADMITTED, candidate_id)

    async def confirm_presence(self, candidate_id: int) -> bool:
        return await self._record(EventKind.PRESENCE_CONFIRMED, candidate_id)

    async def cancel_presence(self, candidate_id: int) -> bool:
        return await self._record(EventKind.PRESENCE_CANCELLED, candidate_id)

    async def authorize_resume(self, candidate_id: int) -> bool:
        return await self._record(EventKind.RESUME_AUTHORIZED, candidate_id, {"via": "station"})

    async def end_test(self, candidate_id: int) -> bool:
        """Irreversible: the view asks for confirmation first."""
        return await self._record(EventKind.TEST_ENDED, candidate_id, {"by": "invigilator"})

    async def unlock(self, candidate_id: int) -> bool:
        """"Débloquer": lift the candidate's access-code lockout (needs the server)."""
        try:
            await self._on_net(self._api.unlock, candidate_id)
        except HttpFailure as exc:
            log.info("unlock of candidate %s failed: %s", candidate_id, exc)
            self.action_failed.emit(
                texts.station_text(texts.UNLOCK_FAILED_FR) + " " + message_fr(exc))
            return False
        return True

    async def mark_end_screen_seen(self, candidate_id: int) -> bool:
        """"Écran de fin de test vu": the kiosk may then clear the candidate's data."""
        return await self._record(EventKind.END_SCREEN_SEEN, candidate_id)

    async def resolve_alert(
        self, candidate_id: int, *, accepted: bool, category: IncidentCategory | None = None
    ) -> bool:
        """Validate (the question is neutralised and replaced) with an E code, or refuse."""
        row = self._rows.get(candidate_id)
        if row is None or row.alert_id is None:
            self.action_failed.emit(texts.refusal_fr("no_such_alert"))
            return False
        if accepted and (category is None or not category.needs_question_number):
            self.action_failed.emit(texts.refusal_fr("category_missing"))
            return False
        payload = {
            "alert_id": row.alert_id,
            "accepted": accepted,
            "category": category.value if accepted and category else None,
        }
        return await self._record(EventKind.ALERT_RESOLVED, candidate_id, payload)

    async def add_time(self, minutes: int, candidate_id: int | None = None) -> bool:
        """Time for one candidate, or for everyone with candidate_id None."""
        if not 0 < minutes <= 240:
            self.action_failed.emit(texts.station_text(texts.BAD_MINUTES_FR))
            return False
        return await self._record(EventKind.TIME_ADDED, candidate_id, {"minutes": minutes})

    async def report_incident(
        self,
        candidate_id: int,
        category: IncidentCategory,
        question_number: int | None,
        description: str,
    ) -> list[str]:
        """Record an incident report; returns the French reasons it cannot be, [] if saved."""
        row = self._rows.get(candidate_id)
        errors = validate_incident(
            category,
            question_number,
            description,
            question_count=row.total if row and row.total else None,
        )
        if errors:
            return texts.domain_texts(errors)
        payload = {
            "incident_id": str(uuid.uuid4()),
            "category": category.value,
            "question_number": question_number,
            "description": description,
        }
        ok = await self._record(EventKind.INCIDENT_REPORTED, candidate_id, payload)
        return [] if ok else [texts.station_text(texts.INCIDENT_NOT_SAVED_FR)]

    async def _record(
        self,
        kind: EventKind,
        candidate_id: int | None = None,
        payload: Mapping[str, Any] | None = None,
    ) -> bool:
        """Check the action against the current state, append it durably, push it.

        The check uses the same fold as the server, so a refusal is said at once, offline
        too. The event is on disk before the view changes (ARCHITECTURE).
        """
        if self._state is None or self.session_id is None:
            self.action_failed.emit(texts.station_text(texts.NO_SESSION_FR))
            return False
        try:
            trial = new_event(
                kind,
                session_id=self.session_id,
                candidate_id=candidate_id,
                payload=payload,
                device_id=self._store.device_id,
                device_seq=1,
                monotonic_ms=0,
                wall_time=self._clock.now(),
            )
            check_new_entry(self._state, trial)
            apply(self._state.copy(), trial)
        except Refused as exc:
            self.action_failed.emit(texts.refusal_fr(exc.code, exc.reason))
            return False
        except EventPayloadError as exc:
            log.error("invalid action %s: %s", kind, exc)
            self.action_failed.emit(texts.impossible_fr(exc))
            return False
        try:
            event = await self._in_store(
                lambda: self._store.append(
                    kind, session_id=self.session_id or 0, candidate_id=candidate_id,
                    payload=payload,
                )
            )
        except StoreError as exc:
            log.error("station store: %s", exc)
            self.action_failed.emit(exc.user_message)
            return False
        self._apply([event])
        self._unsent[candidate_id] += 1
        if self._sync is not None:
            self._sync.poke()
        self._after_change({candidate_id} if candidate_id is not None else None)
        return True

    # -- incoming ------------------------------------------------------------------------

    async def _refold(self) -> None:
        """Rebuild the state from the log in the store's causal order, as a kiosk does
        (`LocalStore.causal_events`): server order, an own pending action just after what
        the station had seen when it recorded it. So a restarted station shows what it
        showed live, where a pulled event arrived after its own action.

        Refused own events are left out (decision 0002): the view converges on the server's.
        """
        sid = self.session_id
        assert sid is not None

        def read() -> tuple[list[Event], list[Event]]:
            return self._store.causal_events(sid), self._store.pending(100_000)

        events, pending = await self._in_store(read)
        validity = self.header.presence_validity_minutes if self.header else 15
        self._state = SessionState(session_id=sid,
                                   presence_validity=timedelta(minutes=validity))
        self._lost.clear()
        self._resume_ms.clear()
        self._apply(events)
        self._unsent = Counter(e.candidate_id for e in pending if e.session_id == sid)

    def _apply(self, events: list[Event]) -> set[int | None]:
        """Apply events to the live state; returns the candidates touched (None: all)."""
        assert self._state is not None
        touched: set[int | None] = set()
        result = fold(events, self._state)
        refused_ids = {e.id for e, _ in result.refused}
        for event, exc in result.refused:
            log.info("event %s %s not applied here: %s", event.kind, event.id, exc)
        for event in events:
            if event.id in refused_ids:
                continue
            touched.add(event.candidate_id)
            cid = event.candidate_id
            if event.kind is EventKind.RESUME_REQUESTED and cid is not None:
                self._resume_ms[cid] = (int(event.payload.get("outage_ms", 0)),
                                        event.server_seq)
            elif event.kind is EventKind.TIME_ADDED:
                self._time_given_back(cid, event.seen_seq)
            if cid is not None and cid in self._state.candidates:
                self._note_heard(cid, self._state.candidates[cid].last_heard)
        return touched

    def _time_given_back(self, cid: int | None, seen_seq: int) -> None:
        """Time added answers the outages the station knew of when it was recorded.

        A kiosk's ResumeRequested that reached the server after the station recorded the
        TimeAdded (it is sequenced later than what the station had seen) stays suggested:
        the invigilator has not answered it yet, whatever order the server holds.
        """
        for who in list(self._resume_ms) if cid is None else [cid]:
            _ms, seq = self._resume_ms.get(who, (0, None))
            if seq is None or seq <= seen_seq:
                self._resume_ms.pop(who, None)
        if cid is None:
            self._lost.clear()
        else:
            self._lost.pop(cid, None)

    def _on_pulled(self, events: list[Event]) -> None:
        if self._state is None:
            return
        touched = self._apply([e for e in events if e.session_id == self.session_id])
        if any(e.candidate_id is None for e in events):
            self.header_changed.emit()
        self._after_change(None if None in touched else {c for c in touched if c is not None})

    def _on_pushed(self, result: PushResult) -> None:
        self._spawn("after-push", self._after_push(result))

    async def _after_push(self, result: PushResult) -> None:
        if self.session_id is None:
            return
        if result.refused:
            for reason in result.refused.values():
                code = reason.split(":", 1)[0]
                self.notice.emit("warning", texts.server_refused_fr(texts.refusal_fr(code, reason)))
            await self._refold()
            self._recompute(None)
            self.header_changed.emit()
            return
        sid = self.session_id
        pending = await self._in_store(self._store.pending, 100_000)
        before = dict(self._unsent)
        self._unsent = Counter(e.candidate_id for e in pending if e.session_id == sid)
        changed = {c for c in set(before) | set(self._unsent) if before.get(c) != self._unsent[c]}
        self._after_change(None if None in changed else {c for c in changed if c is not None})

    def _after_change(self, ids: set[int] | None) -> None:
        self._recompute(ids)
        if ids is None:
            self.header_changed.emit()

    # -- liveness -------------------------------------------------------------------------

    def _note_heard(self, cid: int, heard: datetime | None) -> None:
        """Keep the silences a kiosk had: measured outages to offer as time to add back."""
        if heard is None:
            return
        previous = self._server_heard.get(cid)
        if previous is not None and heard - previous > OUTAGE_THRESHOLD:
            self._lost.setdefault(cid, []).append(
                Outage(previous, heard, heard - previous - HEARTBEAT_INTERVAL)
            )
        if previous is None or heard > previous:
            self._server_heard[cid] = heard

    async def _poll_loop(self) -> None:
        """Every few seconds: the enrolled list and each kiosk's "last heard" from the server."""
        while True:
            try:
                await self.poll_once()
            except TokenRejected as exc:
                log.warning("token rejected: %s", exc)
                self._spawn("expire", self._expire(message_fr(exc)))
                return
            except HttpFailure as exc:
                log.info("poll failed: %s", exc)
                self._set_poll_online(False)
            await asyncio.sleep(self._poll_s)

    async def poll_once(self) -> None:
        """One poll; raises Unreachable / TokenRejected (the loop handles them)."""
        enrolled = await self._on_net(self._api.candidates)
        header = self.header
        if header is None:
            header = await self._on_net(self._api.session)
        self._set_poll_online(True)
        known = set(self._enrolled)
        changed_identity = header is not self.header or [
            c.to_json() | {"last_heard": None} for c in enrolled
        ] != [c.to_json() | {"last_heard": None} for c in self._enrolled.values()]
        self.header = header
        self._enrolled = {c.candidate_id: c for c in enrolled}
        for cand in enrolled:
            self._note_heard(cand.candidate_id, cand.last_heard)
        if set(self._enrolled) != known:
            self._recompute(None, reset=True)
        else:
            self._recompute(None)
        if changed_identity:
            self.header_changed.emit()
            await self._save_cache()

    async def _expire(self, message: str) -> None:
        await self._stop()
        await self._in_store(self._store.put_blob, LOGIN_KEY, b"")
        self._api.token = None
        self.session_id = None
        self.logged_out.emit(message)

    def _on_sync_status(self, online: bool, since: datetime) -> None:
        self._sync_online = online
        self._update_online()

    def _set_poll_online(self, online: bool) -> None:
        self._poll_online = online
        self._update_online()

    def _update_online(self) -> None:
        """Offline as soon as either the sync or the poll fails: say it at once."""
        states = [s for s in (self._sync_online, self._poll_online) if s is not None]
        if not states:
            return
        online = all(states)
        if online is self.online:
            return
        self.online = online
        self.since = self._clock.now()
        self.connection_changed.emit(online, self.since)

    # -- rows -----------------------------------------------------------------------------

    def _recompute(self, ids: set[int] | None, *, reset: bool = False) -> None:
        if self._state is None:
            return
        now = self._clock.now()
        everyone = dict(self._enrolled)
        for cid in self._state.candidates:
            if cid not in everyone:  # joined but the enrolled list is not cached yet
                everyone[cid] = EnrolledCandidate(
                    candidate_id=cid, last_name=texts.unknown_candidate(cid), first_name="",
                    birthdate=now.date(),
                )
        targets = set(everyone) if ids is None or reset else ids & set(everyone)
        changed: list[int] = []
        for cid in targets:
            row = build_row(
                everyone[cid], self._state, now,
                server_last_heard=self._server_heard.get(cid),
                unsent=self._unsent.get(cid, 0),
            )
            if self._rows.get(cid) != row:
                self._rows[cid] = row
                changed.append(cid)
        if reset:
            for gone in set(self._rows) - set(everyone):
                del self._rows[gone]
            self.rows_reset.emit()
        elif changed:
            self.rows_changed.emit(sorted(changed))


__all__ = [
    "C_CODES",
    "E_CODES",
    "InvigilatorDesk",
    "SyncFactory",
]
