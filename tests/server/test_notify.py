"""Long-poll wake-ups: a kiosk's poll wakes for its candidate and the session, not for
every answer in the room; a station's for everything; the PostgreSQL payload says which."""

from __future__ import annotations

import asyncio

import pytest

from app.server.notify import MAX_NAMED, Notifier, parse_payload, payload_for


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
