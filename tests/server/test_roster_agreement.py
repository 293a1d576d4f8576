"""The server's invigilator view and the station's rows agree on the same state.

Both used to carry their own copy of the list's rules, and the copies had drifted
(issue 21): the server never flagged a candidate waiting for the presence check, and had
its own offline threshold. Each side now builds its entry with app/domain/roster.py;
these tests build one state (a candidate's day drawn by hypothesis, a moment, a last
heartbeat) and compare what the server would answer with what the station shows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.fold import SessionState
from app.models.server import Candidate
from app.server.invigilator_service import candidate_state_out
from app.services.desk_rows import build_row
from app.services.invigilator_api import EnrolledCandidate
from tests.helpers.events import STORY_STEPS, story

BORN = date(2010, 5, 4)


def _both(state: SessionState, now: datetime, *, certifiable: bool, extra_time: float,
          heartbeat: datetime | None) -> tuple[dict[str, object], dict[str, object]]:
    """The same candidate as the server's list answers it and as the station's row."""
    cand = Candidate(id=1, session_id=1, last_name="Lovelace", first_name="Ada",
                     birthdate=BORN, extra_time=extra_time, certifiable=certifiable,
                     last_seen_at=heartbeat)
    server = candidate_state_out(cand, state, now)
    # The station learns the server's "last heard" from that same list.
    enrolled = EnrolledCandidate(candidate_id=1, last_name="Lovelace", first_name="Ada",
                                 birthdate=BORN, extra_time=extra_time,
                                 certifiable=certifiable, last_heard=server.last_heard)
    row = build_row(enrolled, state, now)
    server_view = {
        "status": server.status, "status_label": server.status_label,
        "joined": server.joined, "presence_valid": server.presence_valid,
        "started_at": server.started_at, "theoretical_end": server.theoretical_end,
        "position": server.position, "total": server.total, "paused": server.paused,
        "alert": (server.open_alert or {}).get("alert_id"),
        "resume_pending": server.resume_pending,
        "end_screen_waiting": server.end_screen_waiting, "focus_lost": server.focus_lost,
        "overtime": server.overtime, "last_heard": server.last_heard,
        "extra_time": server.extra_time, "certifiable": server.certifiable,
        "time_added_min": int(server.time_added_minutes),
        "needs_attention": server.needs_attention,
    }
    station_view = {
        "status": row.status, "status_label": row.status_label, "joined": row.joined,
        "presence_valid": row.presence_valid, "started_at": row.started_at,
        "theoretical_end": row.theoretical_end, "position": row.position,
        "total": row.total, "paused": row.paused, "alert": row.alert_id,
        "resume_pending": row.resume_pending,
        "end_screen_waiting": row.end_screen_waiting, "focus_lost": row.focus_lost,
        "overtime": row.overtime, "last_heard": row.last_heard,
        "extra_time": row.extra_time, "certifiable": row.certifiable,
        "time_added_min": row.time_added_min,
        "needs_attention": row.needs_attention,
    }
    return server_view, station_view


def test_a_candidate_waiting_for_the_presence_check_needs_attention_on_both_sides() -> None:
    """The drift issue 21 found: the station flagged it, the server did not."""
    _events, state, now = story(["join"])
    server, station = _both(state, now, certifiable=True, extra_time=0.0, heartbeat=None)
    assert server["needs_attention"] and station["needs_attention"]
    assert server == station


def test_a_kiosk_silent_just_over_the_threshold_is_offline_on_both_sides() -> None:
    _events, state, _end = story(["join", "presence", "start", "shown"])
    cand = state.candidates[1]
    assert cand.last_heard is not None
    later = cand.last_heard + timedelta(seconds=30, milliseconds=500)
    server, station = _both(state, later, certifiable=True, extra_time=0.0, heartbeat=None)
    assert server["needs_attention"] and station["needs_attention"]
    assert server == station


@settings(max_examples=300, deadline=None)
@given(
    steps=st.lists(st.sampled_from(STORY_STEPS), max_size=30),
    later_s=st.integers(min_value=0, max_value=3 * 3600),
    certifiable=st.booleans(),
    extra_time=st.sampled_from([0.0, 0.33]),
    beat_s=st.none() | st.integers(min_value=-3600, max_value=3 * 3600),
)
def test_the_server_view_and_the_station_row_agree_on_any_day(
    steps: list[str], later_s: int, certifiable: bool, extra_time: float, beat_s: int | None,
) -> None:
    _events, state, end = story(steps, extra_time=extra_time)
    now = end + timedelta(seconds=later_s)
    heartbeat = None if beat_s is None else (end + timedelta(seconds=beat_s)).astimezone(UTC)
    server, station = _both(state, now, certifiable=certifiable, extra_time=extra_time,
                            heartbeat=heartbeat)
    assert server == station
