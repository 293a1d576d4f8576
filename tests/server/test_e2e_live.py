"""A whole session against a live `examroom server` subprocess on a random local port.

Create, import, join, start, answer, end, finalise, score, publish, verify: over real
HTTP with `requests`, on SQLite and on PostgreSQL, exactly as a newcomer would.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from app.domain.answers import answers_from_solution
from app.domain.competences import COMPETENCE_CODES
from app.domain.events import EventKind, new_event
from app.server.settings import DEFAULT_CONTENT
from app.services.content import load_bank

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "un mot de passe solide"

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(args: list[str], env: dict[str, str], stdin: str = "") -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "server", *args],
        input=stdin,
        text=True,
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture
def live(db_url: str, tmp_path: Path) -> Iterator[str]:
    env = os.environ | {"EXAMROOM_DATA_DIR": str(tmp_path)}
    _cli(
        [
            "create-admin",
            "--email",
            "ref@college.fr",
            "--centre",
            "Collège Anne Frank",
            "--db",
            db_url,
        ],
        env,
        PASSWORD + "\n",
    )
    _cli(["create-jury", "--email", "jury@pix.fr", "--db", db_url], env, PASSWORD + "\n")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "server", "--port", str(port), "--db", db_url],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{base}/api/health", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"server did not start: {out}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stdout:
            proc.stdout.close()


def _right_answer(challenge_id: str) -> Any:
    bank = load_bank(DEFAULT_CONTENT)
    return answers_from_solution(bank.by_id(challenge_id))[0][1]


def test_whole_session_over_http(live: str) -> None:
    s = requests.Session()

    def call(method: str, path: str, token: str | None = None, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        r = s.request(method, live + path, headers=headers, timeout=30, **kw)
        assert r.status_code < 400, (path, r.status_code, r.text)
        return (
            r.json() if r.headers.get("content-type", "").startswith("application/json") else r.text
        )

    admin = call("POST", "/api/auth/login", json={"email": "ref@college.fr", "password": PASSWORD})[
        "token"
    ]
    jury = call("POST", "/api/auth/login", json={"email": "jury@pix.fr", "password": PASSWORD})[
        "token"
    ]
    day = date.today() + timedelta(days=1)
    session = call(
        "POST",
        "/api/admin/sessions",
        admin,
        json={
            "site": "Collège Anne Frank",
            "room": "Salle 208",
            "invigilators": ["Paul Eluard"],
            "date": day.isoformat(),
            "start_time": "09:00",
        },
    )
    sid = session["id"]
    header = "nom;prenom;date_naissance;temps_majore;" + ";".join(
        f"niveau_{c};pix_{c}" for c in COMPETENCE_CODES
    )
    line = (
        "Lovelace;Ada;10/12/2010;33%;"
        + ";".join("2;16" for _ in COMPETENCE_CODES[:5])
        + ";"
        + ";".join("0;0" for _ in COMPETENCE_CODES[5:])
    )
    csv_bytes = f"{header}\n{line}\n".encode()
    out = call(
        "POST",
        f"/api/admin/sessions/{sid}/candidates/import",
        admin,
        files={"file": ("eleves.csv", csv_bytes, "text/csv")},
    )
    assert out["imported"] == 1
    kit = call("GET", f"/api/admin/sessions/{sid}/kit", admin)
    inv = call(
        "POST",
        "/api/invigilator/login",
        json={"session_number": sid, "password": kit["session_password"]},
    )["token"]
    joined = call(
        "POST",
        "/api/candidate/join",
        json={
            "session_number": sid,
            "first_name": "ADA",
            "last_name": "lovelace",
            "birthdate": "2010-12-10",
            "device_id": "pc-01",
        },
    )
    kiosk, cid = joined["token"], joined["candidate_id"]

    def ev(
        kind: EventKind, device: str, seq: int, candidate: int | None = cid, **payload: Any
    ) -> Any:
        return new_event(
            kind,
            session_id=sid,
            candidate_id=candidate,
            payload=payload,
            device_id=device,
            device_seq=seq,
            monotonic_ms=seq,
            wall_time=datetime.now(UTC),
        ).to_wire()

    pushed = call(
        "POST",
        "/api/sync/events",
        inv,
        json={
            "events": [
                ev(EventKind.PRESENCE_CONFIRMED, "station", 1),
                ev(EventKind.TEST_LAUNCHED, "station", 2, candidate=None),
            ]
        },
    )
    assert not pushed["refused"]
    test = call(
        "POST",
        "/api/candidate/start",
        kiosk,
        json={"access_code": kit["access_code"], "device_id": "pc-01"},
    )
    assert len(test["challenges"]) == 15
    assert not any("solution" in ch for ch in test["challenges"] + test["spares"])
    events = []
    for n, ch in enumerate(test["challenges"], start=1):
        events.append(ev(EventKind.CHALLENGE_SHOWN, "pc-01", 2 * n - 1, challenge_id=ch["id"]))
        events.append(
            ev(
                EventKind.ANSWER_SUBMITTED,
                "pc-01",
                2 * n,
                challenge_id=ch["id"],
                answer=_right_answer(ch["id"]),
            )
        )
    events.append(ev(EventKind.TEST_ENDED, "pc-01", 99, by="candidate"))
    pushed = call("POST", "/api/sync/events", kiosk, json={"events": events})
    assert not pushed["refused"] and len(pushed["acked"]) == len(events)
    again = call("POST", "/api/sync/events", kiosk, json={"events": events})  # a retry
    assert again["acked"] == pushed["acked"]
    call(
        "POST",
        "/api/sync/events",
        inv,
        json={"events": [ev(EventKind.END_SCREEN_SEEN, "station", 3)]},
    )
    states = call("GET", "/api/invigilator/candidates", inv)
    assert states[0]["status"] == "ended" and not states[0]["end_screen_waiting"]
    call("POST", f"/api/admin/sessions/{sid}/finalise", admin, json={"no_particular_problem": True})
    call("POST", f"/api/jury/sessions/{sid}/publish", jury)
    (result,) = call("GET", f"/api/admin/sessions/{sid}/results", admin)
    assert result["status"] == "validated" and result["pix_score"] == 5 * 16
    cert = call("GET", f"/api/certificates/{result['verification_code']}")
    assert cert["first_name"] == "Ada" and cert["centre"] == "Collège Anne Frank"
    assert "Lovelace" in call("GET", f"/api/admin/sessions/{sid}/results.csv", admin)
    assert uuid.UUID(events[0]["id"])
