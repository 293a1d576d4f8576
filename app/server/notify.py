"""Wake long-polls when a session gets new events (ARCHITECTURE "Scale").

Every process keeps one asyncio.Event per (session, candidate) that has waiters: a
kiosk waits for its candidate's events, a station (candidate None) for every event of the
session. A push calls `notify_threadsafe` after its commit (pushes run in worker threads)
with the candidates its events concern, which wakes those waiters of this process at
once; a session-wide event wakes them all. Why per candidate: a room's 40 kiosks each
long-poll, and waking all of them for each answer made 40 database reads per event, 39
of them for nothing (found with 500 simulated kiosks). On PostgreSQL the push also runs
`pg_notify` in its transaction, and a background LISTEN connection in every process turns
those notifications into local wake-ups, so a push on one process wakes polls on all
others.

A waiter takes its Event *before* reading the database: a push committed between the
read and the wait has already set that Event, so no wake-up is ever lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Collection

import sqlalchemy as sa

log = logging.getLogger(__name__)

CHANNEL = "examroom_events"


class Notifier:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._events: dict[int, dict[int | None, asyncio.Event]] = {}
        self._listener: asyncio.Task[None] | None = None

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
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # loop shutting down
                loop.call_soon_threadsafe(self.notify, session_id, candidates)

    # -- PostgreSQL -----------------------------------------------------------------

    def start_listener(self, db_url: str) -> None:
        self._listener = asyncio.get_running_loop().create_task(self._listen(db_url))

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None

    async def _listen(self, db_url: str) -> None:
        import psycopg

        url = sa.engine.make_url(db_url).set(drivername="postgresql")
        conninfo = url.render_as_string(hide_password=False)
        delay = 0.5
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    delay = 0.5
                    # WORKAROUND: a notification sent while we were reconnecting is lost,
                    # so wake everyone after (re)connecting; waiters re-read the database.
                    for session_id in list(self._events):
                        self.notify(session_id)
                    async for note in conn.notifies():
                        with contextlib.suppress(ValueError):
                            self.notify(*parse_payload(note.payload))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # network or server restart: retry with back-off
                log.warning("LISTEN connection lost (%s); retrying in %.1f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)


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


def pg_notify(db: sa.orm.Session, session_id: int,
              candidates: Collection[int | None] | None = None) -> None:
    """Queue a notification, delivered by PostgreSQL when the transaction commits."""
    db.execute(sa.text("SELECT pg_notify(:c, :p)"),
               {"c": CHANNEL, "p": payload_for(session_id, candidates)})
