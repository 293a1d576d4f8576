"""CI: a short simulated room under kiosk kills, network faults and a server kill -9.

Why this is a test and not only a tool: the promise "no answer lost, none counted twice"
must hold on every change. Ten headless kiosks (the real ExamRunner, each its own
process and store) answer for 60 s against a real server on SQLite, through the
fault-injecting proxy, while kiosks are SIGKILLed and restarted and the server is killed
once. The verdict compares every acknowledged event with the server's log.

Robustness: the seed fixes the fault plan; the run's figures (how many answers) vary with
the machine's speed, so only the invariants and "the faults really happened" are
asserted, with generous timeouts; `Room.close` ends every process it started, also when
the run fails.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.simulate import passed
from app.simulate.room import RoomOptions, simulate

pytestmark = pytest.mark.slow


def test_ten_kiosks_under_kills_faults_and_a_server_kill_lose_nothing(tmp_path: Path) -> None:
    summary = simulate(
        RoomOptions(
            spawn_server=True,
            kiosks=10,
            duration=60,
            kill_rate=10,
            net_faults=0.1,
            server_kills=1,
            seed=9,
            speed=45,  # ~1 s a question: most tests end inside the window, under faults
            workdir=tmp_path / "room",
            drain_timeout=240,
        )
    )
    print(json.dumps(summary, indent=1))
    assert summary["details"] == []
    assert summary["lost"] == 0 and summary["lost_events"] == 0
    assert summary["undelivered"] == 0
    assert summary["duplicated"] == 0
    assert summary["mismatched_states"] == 0 and summary["first_answer_mismatch"] == 0
    assert summary["drain_time_s"] is not None
    assert passed(summary)
    # The faults really happened, and the kiosks really worked through them.
    assert summary["candidates_started"] == 10
    assert summary["answers_acknowledged"] >= 20
    assert summary["answers_on_server"] == summary["answers_acknowledged"]
    assert summary["kills"] >= 3 and summary["kiosk_restarts"] >= 3
    assert summary["server_kills"] == 1
    assert summary["faults_total"] >= 10 and len(summary["faults"]) >= 4
    assert summary["worker_crashes"] == 0
    assert summary["candidates_completed"] >= 1  # TestEnded went through the faults too


def test_a_room_through_its_relay_with_the_relay_and_central_killed_loses_nothing(
    tmp_path: Path,
) -> None:
    """Issue 10: the same promise through a room relay. Six kiosks configured with the
    relay first and central second (RoomLink, FailoverTransport), the relay kill -9'ed
    once (kiosks fall back to central) and central once (kiosks stay on the relay); the
    verdict is on central, after the relay forwarded everything. This run found three
    bugs in the kiosk's failover (decision 0004, section 6)."""
    summary = simulate(
        RoomOptions(
            spawn_server=True,
            kiosks=6,
            duration=90,
            kill_rate=6,
            net_faults=0.05,
            server_kills=1,
            relay=True,
            relay_kills=1,
            seed=5,
            speed=30,
            workdir=tmp_path / "room",
            drain_timeout=240,
        )
    )
    print(json.dumps(summary, indent=1))
    assert summary["details"] == []
    assert summary["lost"] == 0 and summary["lost_events"] == 0
    assert summary["undelivered"] == 0 and summary["duplicated"] == 0
    assert summary["mismatched_states"] == 0 and summary["first_answer_mismatch"] == 0
    assert summary["refused_events"] == {}
    assert passed(summary)
    assert summary["candidates_started"] == 6
    assert summary["answers_acknowledged"] >= 12
    assert summary["answers_on_server"] == summary["answers_acknowledged"]
    assert summary["relay"]["kills"] == 1 and summary["server_kills"] == 1
    assert summary["relay"]["status"]["pending_upstream"] == 0
    # Central refuses nothing the relay forwards, except a start the relay made for a
    # candidate who had meanwhile started on central (relay down): the same prepared
    # test, central's order wins (decision 0004, "Consequences").
    relay_db = sqlite3.connect(tmp_path / "room" / "station" / "relay.sqlite")
    refused = relay_db.execute(
        "SELECT e.kind, l.reason FROM relay_links l JOIN events e ON e.id = l.event_id "
        "WHERE l.state = 'refused'").fetchall()
    relay_db.close()
    assert all(kind == "TestStarted" and reason.startswith("already_started")
               for kind, reason in refused), refused
    assert summary["kills"] >= 2 and summary["faults_total"] >= 5
