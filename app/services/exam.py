"""The candidate kiosk's use cases: join, wait, start, answer, pause, end, resume.

Why a QObject with signals and no widgets (STYLE 1-4): the screens only call these methods
and react to the signals; the runner never opens a dialog, it emits `notice(level, text)`
with a calm French sentence (app/services/kiosk_texts.py) and the screen shows it.

Durability (ARCHITECTURE "The event log"): every answer, skip, shown question, focus loss
and alert is appended to the local store, durably (WAL + synchronous=FULL, in the store's
single-thread executor), BEFORE the screen moves on; then the sync engine is poked. The
state the screens show is the fold of the local log, so a kiosk killed at any moment comes
back on the same question by folding its log again (`start_up`).

Offline: once the test package is on the kiosk (exam_package.py) nothing here needs the
network until the end; the sync engine pushes the outbox and pulls what the invigilator
did (presence, resume authorised, alert resolved, test ended, end screen seen) whenever
the server is reachable.

Threading: all methods are called on the GUI thread (qasync loop); blocking work goes to
`store_executor` (SQLite, one thread: writes are serialised) or `net_executor` (HTTP,
scrypt, argon2). Every state change happens under one asyncio lock, so a pulled event and
a click never interleave half-way. Background work runs through the app's task helper
(app/services/tasks.py): a failure is logged and told to the candidate as a calm notice.
A candidate's action (an answer, an alert, a code) is never cancelled by a second click:
it keeps running and the click is dropped, since an answer being written must reach the
screen; background refreshes and heartbeats replace their earlier run.

Which screen shows when is decided by pure functions (app/domain/kiosk_flow.py); this
runner reads the facts, calls them, and performs the effects.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import Executor
from functools import partial
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain import event_signing
from app.domain import kiosk_flow as flow
from app.domain.clocks import Clock
from app.domain.codes import normalize_access_code
from app.domain.events import Event, EventKind
from app.domain.fold import CandidateState, Refused, SessionState, apply
from app.domain.kiosk_flow import EndView, JoinProblem, KioskFacts, Phase, QuestionView
from app.services import exam_package as pkg
from app.services import exam_resume as resume_steps
from app.services import kiosk_texts as T
from app.services.candidate_api import CandidateClient, Joined
from app.services.exam_link import CandidateLink
from app.services.exam_resume import verify_password
from app.services.exam_screen import QuestionOnScreen
from app.services.http import ApiRefused, Unreachable
from app.services.store import LocalStore, StoreError
from app.services.sync import Transport
from app.services.tasks import Tasks

log = logging.getLogger(__name__)

_R = TypeVar("_R")

PRESENCE_RETRY_S = 10.0
"""After a start refused for presence while the kiosk knows a confirmation, how often it
asks again by itself (see `_start_when_known`)."""


class ExamRunner(QObject):
    """The kiosk's exam, from "Rejoindre une session" to the wipe after the end screen.

    Signals:
        phase_changed(str): the screen to show changed (a `Phase` value).
        question_changed(object): a `QuestionView` (new question, or paused/unpaused).
        countdown_changed(int): milliseconds left on a timed question (-1: untimed).
        notice(str, str): (level "info" | "warning" | "error", French sentence) to show.
        busy_changed(bool): an action is in progress; the screen disables its buttons.
        sync_changed(bool): the server became reachable (True) or not (False).
    """

    phase_changed = Signal(str)
    question_changed = Signal(object)
    countdown_changed = Signal(int)
    notice = Signal(str, str)
    busy_changed = Signal(bool)
    sync_changed = Signal(bool)

    def __init__(
        self,
        *,
        store: LocalStore,
        api: CandidateClient,
        transport: Transport,
        clock: Clock,
        device_id: str,
        store_executor: Executor,
        net_executor: Executor,
        heartbeat_interval_ms: int = 5000,
        sync_wait_s: float = 20.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.api = api
        self.clock = clock
        self.device_id = device_id
        self._store_executor = store_executor
        self._net_executor = net_executor
        self.phase = Phase.STARTING
        self.joined: Joined | None = None
        self.current: pkg.CurrentCandidate | None = None
        self.package: pkg.TestPackage | None = None
        self.state: SessionState | None = None
        self.end_view: EndView | None = None
        self.busy = False
        self._lock = asyncio.Lock()
        self._tasks = Tasks("kiosk", on_error=self._task_failed, logger=log)
        self._link = CandidateLink(
            store=store, transport=transport, api=api, clock=clock, device_id=device_id,
            store_executor=store_executor, net_executor=net_executor, wait_s=sync_wait_s,
            tasks=self._tasks, on_status=self.sync_changed.emit, on_changed=self._refresh,
        )
        self._refresh_again = False
        self._screen = QuestionOnScreen(clock)
        self._offline_failures = 0
        self._offline_locked_until_ms = 0
        self._code_for_resume: str | None = None
        self._fetching = False
        """The access code typed on a PC the test did not start on: the test is fetched
        with it once the resume is authorised here (issue 17)."""
        self._wiping = False
        self._stale_presence: object = None
        self._token_kept: int | None = None
        """The candidate whose token is back in clear for the end (`_token_for_the_end`)."""
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(heartbeat_interval_ms)
        self._heartbeat.timeout.connect(lambda: self._spawn("beat", self._beat()))
        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(self._tick)

    # ------------------------------------------------------------------------------------
    # Plumbing

    def _spawn(
        self, name: str, coro: Coroutine[Any, Any, Any], *, replace: bool = True
    ) -> Awaitable[Any]:
        """Run `coro` as a named background task (app/services/tasks.py).

        After `shutdown`, or outside a running loop (a window event while the application
        closes), the action is dropped: awaiting what is returned then gives None.
        """
        return self._tasks.start(name, coro, replace=replace)

    def _act(self, name: str, coro: Coroutine[Any, Any, None]) -> Awaitable[Any]:
        """A candidate's action: never cancelled by a second click, which is dropped."""
        return self._spawn(name, self._guarded(coro), replace=False)

    def _task_failed(self, exc: BaseException) -> None:
        """A background task failed past its own handling: say so calmly (the disk's own
        words for a store error, e.g. a heartbeat that cannot be written)."""
        self.notice.emit("error", exc.user_message if isinstance(exc, StoreError)
                         else T.tr(T.UNEXPECTED))

    async def _in_store(self, fn: Callable[..., _R], *args: Any, **kw: Any) -> _R:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._store_executor, partial(fn, *args, **kw))

    async def _on_net(self, fn: Callable[..., _R], *args: Any, **kw: Any) -> _R:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._net_executor, partial(fn, *args, **kw))

    def _set_phase(self, phase: Phase) -> None:
        if phase is not self.phase:
            self.phase = phase
            log.info("kiosk screen: %s", phase.value)
            self.phase_changed.emit(phase.value)

    def _set_busy(self, busy: bool) -> None:
        if busy is not self.busy:
            self.busy = busy
            self.busy_changed.emit(busy)

    async def _guarded(self, coro: Coroutine[Any, Any, None]) -> None:
        """Run one user action: busy while it runs, calm French on any failure."""
        if self.busy:
            coro.close()
            return
        self._set_busy(True)
        try:
            await coro
        except StoreError as exc:
            log.error("local store: %s", exc)
            self.notice.emit("error", exc.user_message)
        except Unreachable as exc:
            log.info("server unreachable: %s", exc)
            self.notice.emit("error", T.tr(T.OFFLINE))
        except ApiRefused as exc:
            log.info("server refused: %s", exc)
            self.notice.emit("error", T.refusal_text(exc.code, exc.retry_after_s))
        except Exception:
            log.exception("unexpected error in a kiosk action")
            self.notice.emit("error", T.tr(T.UNEXPECTED))
        finally:
            self._set_busy(False)

    @property
    def cand(self) -> CandidateState | None:
        if self.state is None or self.current is None:
            return None
        return self.state.candidates.get(self.current.candidate_id)

    @property
    def question(self) -> QuestionView | None:
        """The question on screen (None on every other screen)."""
        return self._screen.view

    def attachment(self, challenge_id: str) -> pkg.AttachedFile | None:
        """The attached file of a question, from the decrypted package (memory only)."""
        return None if self.package is None else self.package.file(challenge_id, "attachment")

    # ------------------------------------------------------------------------------------
    # Public actions (called by the screens; each returns its task, tests may await it)

    def start_up(self) -> Awaitable[Any]:
        return self._act("start_up", self._start_up())

    def join(
        self,
        session_number: str,
        first_name: str,
        last_name: str,
        day: str,
        month: str,
        year: str,
    ) -> Awaitable[Any]:
        return self._act(
            "join", self._join(session_number, first_name, last_name, day, month, year)
        )

    def confirm_identity(self, confirmed: bool) -> Awaitable[Any]:
        return self._act("confirm", self._confirm(confirmed))

    def start_test(self, access_code: str) -> Awaitable[Any]:
        return self._act("start", self._start_test(access_code))

    def submit(self, answer: int | list[int] | dict[str, str]) -> Awaitable[Any]:
        """ "Je valide"."""
        return self._act("submit", self._answer(answer))

    def skip(self) -> Awaitable[Any]:
        """ "Je passe" (the screen has asked for confirmation: it is final)."""
        return self._act("submit", self._answer(None))

    def raise_alert(self) -> Awaitable[Any]:
        return self._act("alert", self._raise_alert())

    def begin_question(self) -> None:
        """ "Commencer" on a timed question's warning: its countdown starts (and is beaten)."""
        if (view := self._screen.begin()) is not None and self.phase is Phase.QUESTION:
            self.question_changed.emit(view)
            self._tick()
            self._spawn("beat", self._beat())

    def focus_lost(self, reason: str) -> Awaitable[Any]:
        """The window lost focus, or the candidate clicked outside the question."""
        return self._spawn("focus", self._focus_lost(reason), replace=False)

    def resume_with_code(self, access_code: str) -> Awaitable[Any]:
        return self._act("resume", resume_steps.resume(self, access_code))

    def authorize_with_password(self, password: str) -> Awaitable[Any]:
        return self._act("authorize", resume_steps.authorize(self, password))

    def back_home(self) -> None:
        self._set_phase(flow.back_home(self.phase, joined=self.current is not None))

    async def check_exit_password(self, session_number: str, password: str) -> bool:
        """Leaving the kiosk: the session password, checked offline when a test is here."""
        if self.package is not None and self.package.resume_verifier:
            return await self._on_net(verify_password, self.package.resume_verifier, password)
        number = session_number.strip() or (str(self.current.session_id) if self.current else "")
        if not number.isdigit():
            return False
        try:
            return await self._on_net(self.api.invigilator_login, int(number), password)
        except Unreachable:
            self.notice.emit("error", T.tr(T.OFFLINE))
            return False

    async def shutdown(self) -> None:
        """Stop sync, tasks and timers, in that order (the log is already durable).

        Nothing starts again afterwards: a pull answered during the stop cannot restart
        the heartbeat (the tasks refuse new ones first).
        """
        self._tasks.refuse_new()
        await self._link.stop()
        await self._tasks.stop()
        self._heartbeat.stop()
        self._ticker.stop()

    # ------------------------------------------------------------------------------------
    # Join, presence, start

    async def _start_up(self) -> None:
        raw = await self._in_store(self.store.get_blob, pkg.CURRENT_KEY)
        if raw is not None:
            self.current = pkg.CurrentCandidate.from_json(raw)
            self.api.token = self.current.token or None
            if await self._in_store(self.store.get_blob, pkg.DEVICE_KEY) is not None:
                await self._in_store(pkg.device_signing_key, self.store)
            await self._refold()
            if self.current.token:  # else sealed with the test: once the code opens it
                self._link.start(self.current.session_id)
        self._set_phase(flow.screen_at_start(self._facts()))
        if self.current is not None:
            await self._react()

    async def _join(
        self, number: str, first: str, last: str, day: str, month: str, year: str
    ) -> None:
        form = flow.read_join_form(number, first, last, day, month, year)
        if isinstance(form, JoinProblem):
            self.notice.emit("error", T.tr(T.JOIN_PROBLEMS[form]))
            return
        key = await self._in_store(pkg.device_signing_key, self.store)
        self.joined = await self._on_net(
            self.api.join,
            session_number=form.session_number,
            first_name=form.first_name,
            last_name=form.last_name,
            birthdate=form.birthdate,
            device_id=self.device_id,
            public_key=event_signing.public_key_text(key),
        )
        self._set_phase(Phase.CONFIRM)

    async def _confirm(self, confirmed: bool) -> None:
        joined = self.joined
        if joined is None:
            return
        if not confirmed:
            self.joined = None
            self.api.token = None
            self._set_phase(flow.screen_after_confirm(confirmed=False, started_elsewhere=False))
            return
        self.current = pkg.CurrentCandidate(
            joined.session_id,
            joined.candidate_id,
            joined.token,
            joined.first_name,
            joined.last_name,
        )
        await self._in_store(
            self.store.put_blob,
            pkg.CURRENT_KEY,
            self.current.to_json(),
            session_id=joined.session_id,
            candidate_id=joined.candidate_id,
        )
        await self._refold()
        self._link.start(joined.session_id)
        self._set_phase(flow.screen_after_confirm(confirmed=True, started_elsewhere=joined.started))
        await self._react()

    async def _start_test(self, access_code: str, *, again: bool = False) -> None:
        current, joined = self.current, self.joined
        code = normalize_access_code(access_code)
        if current is None or not code:
            self.notice.emit("error", T.tr(T.WRONG_CODE_OFFLINE))
            return
        if not again:
            self.notice.emit("info", T.tr(T.STARTING))
        try:
            test = await self._on_net(self.api.start, code, self.device_id)
        except Unreachable:
            if again:
                return  # asked by itself: nothing to tell the candidate, it asks again
            raise
        except ApiRefused as exc:
            if exc.code == "resume_required":
                # The test started on another PC: ask for a resume; the test comes once
                # the invigilator authorises it here (_fetch_after_resume).
                self._code_for_resume = code
                await self._link.catch_up()
                await self._refold()
                await resume_steps.request_resume(self, outage_ms=0)
                return
            if exc.code == "presence_not_confirmed":
                if again:
                    return
                cand = self.cand
                self._stale_presence = cand.presence_at if cand else None
                self._set_phase(Phase.WAITING)
                if self._stale_presence is not None:
                    self._spawn("start_again", self._start_when_known(code))
            raise
        package = await resume_steps.keep_package(self, test, code)
        await self._link.catch_up()
        if package.test_started_event:
            started = Event.from_wire(package.test_started_event)
            await self._in_store(self.store.record_received, [started])
        self.package = package
        await self._refold()
        already = joined is not None and joined.started
        cand = self.cand
        if already and cand is not None and cand.started and not cand.ended:
            # The test began elsewhere (a dead PC, a crash): the invigilator authorises.
            await resume_steps.request_resume(self, outage_ms=0)
        else:
            await self._react()  # shows question 1, then switches to the question screen

    async def _start_when_known(self, code: str) -> None:
        """Ask for the start again, quietly, while the screen waits for a presence.

        Why: "presence not confirmed" may mean "not here yet" rather than "expired". The
        station confirmed on the room's relay, the relay was down a moment, the kiosk
        asked central, which gets the confirmation only when the relay forwards it: the
        candidate then waited for a second confirmation the station had no reason to give
        (found by `examroom simulate --relay` under load, issue 21). The code was accepted
        (the server checks it before the presence), so asking again costs one request
        every PRESENCE_RETRY_S; a new confirmation brings the access-code screen back
        as before, and this stops.
        """
        while True:
            await asyncio.sleep(PRESENCE_RETRY_S)
            if self.phase is not Phase.WAITING or self._facts().presence is not flow.Presence.STALE:
                return
            if not self.busy:
                await self._act("start", self._start_test(code, again=True))

    # ------------------------------------------------------------------------------------
    # The questions

    async def _append(self, kind: EventKind, payload: dict[str, Any]) -> Event:
        """Append durably, then fold it in; the caller moves the screen on only after this."""
        current = self.current
        assert current is not None
        event = await self._in_store(
            self.store.append,
            kind,
            session_id=current.session_id,
            candidate_id=current.candidate_id,
            payload=payload,
        )
        if self.state is not None:
            try:
                apply(self.state, event)
            except Refused as exc:
                log.warning("own %s refused by the local fold: %s", kind.value, exc)
        self._link.poke()
        return event

    async def _answer(self, answer: int | list[int] | dict[str, str] | None) -> None:
        async with self._lock:
            cand, question = self.cand, self.question
            if self.phase is not Phase.QUESTION or cand is None or question is None:
                return
            if question.paused or cand.current_challenge != question.challenge.id:
                return
            cid = question.challenge.id
            if answer is None:
                await self._append(EventKind.CHALLENGE_SKIPPED, {"challenge_id": cid})
            else:
                await self._append(
                    EventKind.ANSWER_SUBMITTED,
                    {
                        "challenge_id": cid,
                        "answer": question.to_bank(answer),
                        "timed_out": self._screen.timed_out,
                        "focused_out": question.challenge.focus and cid in cand.focus_lost,
                        "elapsed_ms": self._screen.elapsed_ms,
                    },
                )
            await self._react_locked()

    async def _raise_alert(self) -> None:
        async with self._lock:
            question = self.question
            if self.phase is not Phase.QUESTION or question is None or question.paused:
                return
            await self._append(
                EventKind.ALERT_RAISED,
                {"alert_id": uuid.uuid4().hex, "challenge_id": question.challenge.id},
            )
            await self._react_locked()

    async def _focus_lost(self, reason: str) -> None:
        async with self._lock:
            question = self.question
            if self.phase is not Phase.QUESTION or question is None or question.paused:
                return
            if question.warning or not self._screen.focus_loss_counts():  # not shown yet
                return
            focus = question.challenge.focus
            log.info("focus lost (%s) on %s", reason, question.challenge.id)
            try:
                await self._append(
                    EventKind.FOCUS_LOST,
                    {"challenge_id": question.challenge.id, "focus_challenge": focus},
                )
            except StoreError as exc:
                self.notice.emit("error", exc.user_message)
                return
            if focus:
                self.notice.emit("warning", T.tr(T.FOCUS_LOST))

    # ------------------------------------------------------------------------------------
    # Resume

    # ------------------------------------------------------------------------------------
    # Reacting to the state (after an own event, a pull, a refusal)

    @property
    def _finalised(self) -> bool:
        return self.state is not None and self.state.finalised

    async def _refold(self) -> None:
        if self.current is None:
            self.state = None
            return
        result = await self._in_store(self.store.state, self.current.session_id)
        for event, refusal in result.refused:
            log.info("local fold refused %s %s: %s", event.kind.value, event.id, refusal.code)
        self.state = result.state

    def _refresh(self) -> None:
        """Refold after pulled events or refusals; coalesces bursts into one refold: a
        running loop sees the flag and goes round once more."""
        self._refresh_again = True
        self._spawn("refresh_loop", self._refresh_loop(), replace=False)

    async def _refresh_loop(self) -> None:
        while self._refresh_again:
            self._refresh_again = False
            async with self._lock:
                if self.current is None:
                    return
                try:
                    await self._refold()
                    await self._react_locked()
                except StoreError as exc:
                    self.notice.emit("error", exc.user_message)

    async def _react(self) -> None:
        async with self._lock:
            await self._react_locked()

    def _facts(self) -> KioskFacts:
        return KioskFacts.of(
            self.phase,
            self.cand,
            joined=self.current is not None,
            finalised=self._finalised,
            package_open=self.package is not None,
            stale_presence=self._stale_presence,
        )

    async def _react_locked(self) -> None:
        """Move to the screen the state calls for; append ChallengeShown/TestEnded as due."""
        cand = self.cand
        if (self.package is None and self._code_for_resume is not None and cand is not None
                and cand.bound_device == self.device_id and not cand.resume_pending):
            if not self._fetching:
                self._fetching = True
                self._spawn("fetch_test", resume_steps.fetch_after_resume(self), replace=False)
            return
        step = flow.react(self._facts())
        if step is None:
            return
        if step.record_end or step.phase is Phase.END:
            await self._token_for_the_end()
        if step.record_end:
            await self._append(EventKind.TEST_ENDED, {"by": "candidate"})
        if step.phase is Phase.END:
            self._show_end()
        elif step.phase is Phase.QUESTION:
            cand = self.cand
            assert cand is not None
            await self._show_current(cand)
        else:
            self._set_phase(step.phase)

    async def _token_for_the_end(self) -> None:
        """The token back in clear once the test is over here, whoever ended it (see
        `exam_package.token_in_clear_for_the_end`); once per candidate."""
        current, package = self.current, self.package
        token = (current.token if current else "") or (package.token if package else "")
        if current is None or not token or self._token_kept == current.candidate_id:
            return
        self.current = await self._in_store(
            pkg.token_in_clear_for_the_end, self.store, current, token)
        self._token_kept = current.candidate_id

    async def _show_current(self, cand: CandidateState) -> None:
        assert self.package is not None
        shown = self._screen.show(cand, self.package)
        if self._tasks.closed:
            return
        if not self._heartbeat.isActive():
            self._heartbeat.start()
        if self._screen.countdown is not None:
            self._ticker.start()
        else:
            self._ticker.stop()
        self.question_changed.emit(shown.view)
        self._set_phase(Phase.QUESTION)  # after the question is ready to be shown
        if shown.notice is not None:
            self.notice.emit("info", T.tr(T.QUESTION_NOTICES[shown.notice]))
        self._tick()
        cid = shown.view.challenge.id
        if shown.new:
            # Recorded just after the screen changed: the answer before it is already on
            # disk, and a crash in between only loses the fact that it was displayed.
            if cid not in cand.shown:
                await self._append(EventKind.CHALLENGE_SHOWN, {"challenge_id": cid})
            self._spawn("beat", self._beat())

    def countdown_remaining_ms(self) -> int:
        return self._screen.remaining_ms

    def _tick(self) -> None:
        remaining = self._screen.remaining_ms
        self.countdown_changed.emit(remaining)
        if self._screen.time_up_due(remaining):
            extra = self.package is not None and self.package.extra_time > 0
            self.notice.emit("warning", T.tr(T.TIME_UP_EXTRA) if extra else T.tr(T.TIME_UP))

    def _show_end(self) -> None:
        self._heartbeat.stop()
        self._ticker.stop()
        self._screen.clear()
        self.end_view = flow.end_view(self._facts())
        if self.phase is Phase.END:
            self.phase_changed.emit(Phase.END.value)  # the variant may have changed
        self._set_phase(Phase.END)
        if self.end_view.seen and not self._wiping:
            self._wiping = True
            self._spawn("wipe", self._wipe())

    async def _wipe(self) -> None:
        """Clear the candidate's data once the server holds it all, then back to "join"."""
        current = self.current
        try:
            if current is not None:
                await self._link.wipe(current.session_id, current.candidate_id)
            else:
                await self._link.stop()
            finalised = self._finalised
            async with self._lock:
                self.current = self.joined = self.package = self.state = None
                self._screen.forget()
                self.api.token = None
            log.info("candidate data wiped; kiosk ready for the next candidate")
            phase, self.end_view = flow.after_wipe(finalised=finalised)
            if phase is self.phase:
                self.phase_changed.emit(phase.value)  # the variant changed
            self._set_phase(phase)
        finally:
            self._wiping = False

    # ------------------------------------------------------------------------------------
    # Heartbeat

    async def _beat(self) -> None:
        """Durable "I'm alive" with the countdown, then a best-effort one to the server."""
        current, question = self.current, self.question
        if current is None or self.phase is not Phase.QUESTION:
            return
        countdown = self._screen.countdown
        await self._link.beat(
            session_id=current.session_id,
            candidate_id=current.candidate_id,
            challenge_id=question.challenge.id if question else None,
            countdown_elapsed_ms=countdown.elapsed_ms if countdown else None,
        )

