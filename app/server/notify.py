"""Wake long-polls when a session gets new events (ARCHITECTURE "Scale").

Every process keeps one asyncio.Event per session that has waiters. A push calls
`notify_threadsafe` after its commit (pushes run in worker threads), which wakes the
waiters of this process at once. On PostgreSQL the push also runs `pg_notify` in its
transaction, and a background LISTEN connection in every process turns those
notifications into local wake-ups, so a push on one process wakes polls on all others.

A waiter takes its Event *before* reading the database: a push committed between the
read and the wait has already set that Event, so no wake-up is ever lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import sqlalchemy as sa

log = logging.getLogger(__name__)

CHANNEL = "examroom_events"


class Notifier:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._events: dict[int, asyncio.Event] = {}
        self._listener: asyncio.Task[None] | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def waiter(self, session_id: int) -> asyncio.Event:
        """The Event the next push to this session sets (call on the event loop)."""
        event = self._events.get(session_id)
        if event is None:
            event = self._events[session_id] = asyncio.Event()
        return event

    def notify(self, session_id: int) -> None:
        """Wake this session's waiters (on the event loop thread)."""
        event = self._events.pop(session_id, None)
        if event is not None:
            event.set()

    def notify_threadsafe(self, session_id: int) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # loop shutting down
                loop.call_soon_threadsafe(self.notify, session_id)

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
                            self.notify(int(note.payload))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # network or server restart: retry with back-off
                log.warning("LISTEN connection lost (%s); retrying in %.1f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)


def pg_notify(db: sa.orm.Session, session_id: int) -> None:
    """Queue a notification, delivered by PostgreSQL when the transaction commits."""
    db.execute(sa.text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": str(session_id)})
