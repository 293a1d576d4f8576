"""Long-poll wake-ups: a kiosk's poll wakes for its candidate and the session, not for
every answer in the room; a station's for everything; the PostgreSQL payload says which."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator
from typing import Any

import psycopg
import pytest

from app.server.notify import CHANNEL, MAX_NAMED, Notifier, parse_payload, payload_for
from tests.server.conftest import PG_BASE, pg_available


def test_a_kiosk_wakes_for_its_candidate_and_the_session_a_station_for_everything() -> None:
    async def scenario() -> None:
        n = Notifier()
        ada, alan, station = n.waiter(1, 7), n.waiter(1, 8), n.waiter(1)
        other_room = n.waiter(2, 7)
        n.notify(1, {8})  # Alan answered
        assert alan.is_set() and station.is_set()
        assert not ada.is_set() and not other_room.is_set()
        assert n.waiter(1, 7) is ada  # still waiting on the same Event
        n.notify(1, {None})  # time added for the room
        assert ada.is_set() and not other_room.is_set()
        fresh = n.waiter(1, 7)
        n.notify(1)  # no list: everyone (the LISTEN connection came back)
        assert fresh.is_set()

    asyncio.run(scenario())


@pytest.mark.parametrize("candidates", [None, {None}, {None, 3}, {3, 7}, set()])
def test_the_notification_payload_names_candidates_or_the_whole_session(
    candidates: set[int | None] | None,
) -> None:
    session, named = parse_payload(payload_for(12, candidates))
    assert session == 12
    if candidates is None or None in candidates:
        assert named is None
    else:
        assert named == (candidates or None)


def test_too_many_candidates_wake_the_whole_session() -> None:
    many = set(range(1, MAX_NAMED + 2))
    assert payload_for(5, many) == "5"
    assert len(payload_for(5, set(range(1, MAX_NAMED + 1)))) < 8000


# -- PostgreSQL: the other processes hear of commits through the publisher -------------

def _pg_conninfo() -> str:
    if not pg_available():
        reason = "PostgreSQL: nothing answers at 127.0.0.1:5432"
        print(f"SKIP {reason}")
        pytest.skip(reason)
    return "host=127.0.0.1 user=postgres dbname=test"


async def _heard(conn: psycopg.AsyncConnection[Any], sessions: set[int], seconds: float,
                 count: int = 1_000) -> list[str]:
    """Payloads about `sessions` heard on `conn` within `seconds` (other runs share the
    channel: their notes are left out), at most `count`."""
    heard: list[str] = []
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            async for note in conn.notifies():
                if parse_payload(note.payload)[0] in sessions:
                    heard.append(note.payload)
                    if len(heard) >= count:
                        break
    return heard


@contextlib.asynccontextmanager
async def _process() -> AsyncIterator[Notifier]:
    """A server process's notifier on PostgreSQL, its publisher connected."""
    here = Notifier()
    here.bind(asyncio.get_running_loop())
    here.start_listener(PG_BASE)
    try:
        async with asyncio.timeout(10):
            while here._own_pid is None:
                await asyncio.sleep(0.01)
        yield here
    finally:
        await here.stop()


@contextlib.asynccontextmanager
async def _listening(conninfo: str) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
    """Another process's LISTEN connection."""
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as other:
        await other.execute(f"LISTEN {CHANNEL}")
        yield other


def test_commits_of_the_moment_reach_the_other_processes_in_one_notification() -> None:
    conninfo = _pg_conninfo()
    s1, s2 = (10**12 + random.randrange(10**9) for _ in range(2))

    async def scenario() -> None:
        async with _process() as here, _listening(conninfo) as other:
            waiting = here.waiter(s1, 7)
            for _ in range(5):  # five pushes committed within the same few ms
                here.notify_threadsafe(s1, {7})
            here.notify_threadsafe(s1, {8})
            here.notify_threadsafe(s2, {None})
            heard = await _heard(other, {s1, s2}, 1.0)
            assert waiting.is_set()  # this process's own waiters, at once
            assert sorted(heard) == sorted([f"{s1}:7,8", f"{s2}"]), heard

    asyncio.run(scenario())


def test_a_process_is_not_woken_again_by_its_own_notification() -> None:
    _pg_conninfo()
    session = 10**12 + random.randrange(10**9)

    async def scenario() -> None:
        async with _process() as here:
            await asyncio.sleep(0.2)  # the listener too
            first = here.waiter(session, 7)
            here.notify_threadsafe(session, {7})
            await asyncio.sleep(0.05)
            assert first.is_set()
            again = here.waiter(session, 7)  # the kiosk read, and waits again
            await asyncio.sleep(0.5)  # the publication has come back by now
            assert not again.is_set()  # no second database read for nothing

    asyncio.run(scenario())


def test_a_lost_publisher_connection_sends_what_was_committed_once_back() -> None:
    conninfo = _pg_conninfo()
    session = 10**12 + random.randrange(10**9)

    async def scenario() -> None:
        async with _process() as here, _listening(conninfo) as other:
            await other.execute("SELECT pg_terminate_backend(%s)", [here._own_pid])
            here.notify_threadsafe(session, {3})
            assert await _heard(other, {session}, 5.0, count=1) == [f"{session}:3"]

    asyncio.run(scenario())
