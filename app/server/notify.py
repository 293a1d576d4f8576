"""Wake long-polls when a session gets new events (ARCHITECTURE "Scale").

Every process keeps one asyncio.Event per (session, candidate) that has waiters: a
kiosk waits for its candidate's events, a station (candidate None) for every event of the
session. A push calls `notify_threadsafe` after its commit (pushes run in worker threads)
with the candidates its events concern, which wakes those waiters of this process at
once; a session-wide event wakes them all. Why per candidate: a room's 40 kiosks each
long-poll, and waking all of them for each answer made 40 database reads per event, 39
of them for nothing (found with 500 simulated kiosks).

On PostgreSQL the other processes (`--workers N`, or servers on other machines sharing the
database) hear of it through `pg_notify`: a publisher task gathers what was committed for
PUBLISH_AFTER_S and sends it in one statement on a connection of its own, and a LISTEN
connection in every process turns the notifications of the others into local wake-ups.
Not inside the push's transaction, as it was: PostgreSQL serialises the commits of every
transaction that notifies (a heavyweight lock on "database 0", cluster-wide, held until
after the commit: async.c, PreCommit_Notify), which capped the pushes of all processes
together at one commit at a time (bench/RESULTS.md, issue 22). The publisher's connection
commits without waiting for the disk, so it holds that lock only briefly: a notification
is a hint, never the data. One lost (a process killed between its commit and the next
publication, a broken connection) only delays the other processes' long-polls until they
time out and read the database, which they always do.

A waiter takes its Event *before* reading the database: a push committed between the
read and the wait has already set that Event, so no wake-up is ever lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Collection
from typing import Any

import sqlalchemy as sa

log = logging.getLogger(__name__)

CHANNEL = "examroom_events"
PUBLISH_AFTER_S = 0.01
"""How long the publisher gathers commits before it sends them to the other processes."""


class Notifier:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._events: dict[int, dict[int | None, asyncio.Event]] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._pending: dict[int, set[int | None] | None] = {}
        """What the publisher has yet to send: per session, its candidates (None: all)."""
        self._wanted = asyncio.Event()
        self._own_pid: int | None = None
        """The publisher's backend: the listener ignores what this process sent."""

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def waiter(self, session_id: int, candidate_id: int | None = None) -> asyncio.Event:
        """The Event the next push concerning this candidate (None: anything in the
        session) sets; call on the event loop."""
        waiting = self._events.setdefault(session_id, {})
        event = waiting.get(candidate_id)
        if event is None:
            event = waiting[candidate_id] = asyncio.Event()
        return event

    def notify(self, session_id: int, candidates: Collection[int | None] | None = None) -> None:
        """Wake the waiters of these candidates and the session's (on the event loop
        thread). `candidates` None, or holding None (a session-wide event): everyone."""
        waiting = self._events.get(session_id)
        if not waiting:
            return
        if candidates is None or None in candidates:
            woken = list(waiting.values())
            del self._events[session_id]
        else:
            woken = [e for key in (None, *candidates) if (e := waiting.pop(key, None))]
        for event in woken:
            event.set()

    def notify_threadsafe(
        self, session_id: int, candidates: Collection[int | None] | None = None
    ) -> None:
        """After a commit, from any thread: wake this process's waiters, and on
        PostgreSQL queue the news for the other processes."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # loop shutting down
                loop.call_soon_threadsafe(self._committed, session_id, candidates)

    def _committed(self, session_id: int, candidates: Collection[int | None] | None) -> None:
        self.notify(session_id, candidates)
        if self._tasks:
            self._queue(session_id, candidates)

    def _queue(self, session_id: int, candidates: Collection[int | None] | None) -> None:
        if candidates is None or None in candidates:
            self._pending[session_id] = None
        elif session_id not in self._pending:
            self._pending[session_id] = set(candidates)
        elif (known := self._pending[session_id]) is not None:
            known.update(candidates)
        self._wanted.set()

    # -- PostgreSQL -----------------------------------------------------------------

    def start_listener(self, db_url: str) -> None:
        """On PostgreSQL: listen to the other processes and publish to them."""
        url = sa.engine.make_url(db_url).set(drivername="postgresql")
        conninfo = url.render_as_string(hide_password=False)
        loop = asyncio.get_running_loop()
        self._tasks = [
            loop.create_task(self._connected(conninfo, "LISTEN", self._listen)),
            loop.create_task(self._connected(conninfo, "NOTIFY", self._publish)),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    async def _connected(
        self, conninfo: str, what: str, use: Callable[[Any], Awaitable[None]]
    ) -> None:
        """Run `use` on a connection of its own, connected again with back-off whenever
        it is lost (network, a database restart)."""
        import psycopg

        delay = 0.5
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
                    delay = 0.5
                    await use(conn)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("%s connection lost (%s); retrying in %.1f s", what, exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)

    async def _listen(self, conn: Any) -> None:
        await conn.execute(f"LISTEN {CHANNEL}")
        # WORKAROUND: a notification sent while we were reconnecting is lost, so wake
        # everyone after (re)connecting; waiters re-read the database.
        for session_id in list(self._events):
            self.notify(session_id)
        async for note in conn.notifies():
            if note.pid != self._own_pid:  # this process's own: its waiters already woke
                with contextlib.suppress(ValueError):
                    self.notify(*parse_payload(note.payload))

    async def _publish(self, conn: Any) -> None:
        await conn.execute("SET synchronous_commit TO off")  # a hint: no wait for the disk
        self._own_pid = conn.info.backend_pid
        while True:
            await self._wanted.wait()
            await asyncio.sleep(PUBLISH_AFTER_S)  # gather the commits of the moment
            self._wanted.clear()
            pending, self._pending = self._pending, {}
            notes = [payload_for(sid, candidates) for sid, candidates in pending.items()]
            try:
                await conn.execute(
                    "SELECT " + ", ".join(["pg_notify(%s, %s)"] * len(notes)),
                    [value for note in notes for value in (CHANNEL, note)],
                )
            except BaseException:
                for sid, candidates in pending.items():  # sent again once connected
                    self._queue(sid, candidates)
                raise


MAX_NAMED = 200
"""Above this many candidates a notification names only the session (wakes everyone):
PostgreSQL limits a payload to 8,000 bytes."""


def payload_for(session_id: int, candidates: Collection[int | None] | None) -> str:
    """'12' (everyone in session 12) or '12:3,7' (candidates 3 and 7 and the station)."""
    if candidates is None or None in candidates or len(candidates) > MAX_NAMED:
        return str(session_id)
    named = sorted(c for c in candidates if c is not None)
    return f"{session_id}:{','.join(str(c) for c in named)}"


def parse_payload(payload: str) -> tuple[int, set[int | None] | None]:
    session, _, names = payload.partition(":")
    if not names:
        return int(session), None
    return int(session), {int(c) for c in names.split(",")}
