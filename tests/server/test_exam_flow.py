"""The vertical slice: sessions, candidates, join, start, test without solutions, sync."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest

from app.domain.events import EventKind
from app.domain.fold import SessionState
from tests.server.conftest import BANK, Api


def test_health_and_openapi(api: Api) -> None:
    assert api.client.get("/api/health").json()["status"] == "ok"
    paths = api.client.get("/openapi.json").json()["paths"]
    assert "/api/sync/events" in paths
    assert "/api/sessions/{session_id}/events" in paths


def test_session_crud_sort_filter_and_status(api: Api) -> None:
    admin = api.admin()
    tomorrow = api.clock.now().date() + timedelta(days=1)
    a = api.session(admin, room="Salle B", date=(tomorrow + timedelta(days=3)).isoformat())
    b = api.session(admin, room="Salle A")
    assert a["status"] == "created" and a["session_number"] == a["id"]
    h = api.h(admin)
    listed = api.client.get("/api/admin/sessions?sort=date", headers=h).json()
    assert [s["id"] for s in listed] == [b["id"], a["id"]]
    listed = api.client.get("/api/admin/sessions?sort=-date", headers=h).json()
    assert [s["id"] for s in listed] == [a["id"], b["id"]]
    listed = api.client.get("/api/admin/sessions?room=salle a", headers=h).json()
    assert [s["id"] for s in listed] == [b["id"]]
    assert api.client.get("/api/admin/sessions?status=started", headers=h).json() == []
    # past date refused; postpone; edit
    r = api.client.post(
        f"/api/admin/sessions/{a['id']}/postpone", json={"date": "2000-01-01"}, headers=h
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "date_in_past"
    new_date = (tomorrow + timedelta(days=10)).isoformat()
    r = api.client.post(
        f"/api/admin/sessions/{a['id']}/postpone",
        json={"date": new_date, "start_time": "14:00"},
        headers=h,
    )
    assert r.json()["date"] == new_date and r.json()["start_time"] == "14:00"
    r = api.client.patch(
        f"/api/admin/sessions/{a['id']}", json={"observations": "PC 12 en panne"}, headers=h
    )
    assert r.json()["observations"] == "PC 12 en panne"
    assert api.client.delete(f"/api/admin/sessions/{a['id']}", headers=h).status_code == 204
    assert api.client.get(f"/api/admin/sessions/{a['id']}", headers=h).status_code == 404


def test_kit_codes_are_hashed_and_shown_in_the_kit(api: Api) -> None:
    admin = api.admin()
    sid = api.session(admin)["id"]
    kit = api.kit(admin, sid)
    assert kit["session_password"].startswith("C-") and len(kit["session_password"]) == 8
    assert len(kit["access_code"]) == 6
    import sqlalchemy as sa

    engine = sa.create_engine(api.db_url)
    with engine.connect() as conn:
        row = conn.execute(
            sa.text("SELECT password_hash, access_code_hash FROM sessions WHERE id = :i"),
            {"i": sid},
        ).one()
    engine.dispose()
    assert row[0].startswith("$argon2") and kit["session_password"][2:] not in row[0]
    assert row[1].startswith("$argon2") and kit["access_code"] not in row[1]


def test_a_retried_join_from_the_same_kiosk_records_one_event(api: Api) -> None:
    """500 kiosks retrying their join after timeouts once recorded 3,951 CandidateJoined
    (issue 9): a retry from the kiosk already joined records nothing; another PC does."""
    admin = api.admin()
    sid = api.session(admin)["id"]
    cand = api.candidate(admin, sid, first_name="Ada", last_name="Lovelace")
    body = {"session_number": sid, "first_name": "Ada", "last_name": "Lovelace",
            "birthdate": cand["birthdate"], "device_id": "pc-9"}
    tokens = [api.client.post("/api/candidate/join", json=body).json()["token"]
              for _ in range(3)]
    assert len(set(tokens)) == 3  # each try gets its token: the kiosk keeps the last
    spare = api.client.post("/api/candidate/join", json=body | {"device_id": "pc-10"})
    assert spare.status_code == 200
    events = api.client.get(f"/api/sessions/{sid}/events",
                            headers={"Authorization": f"Bearer {tokens[-1]}"}).json()["events"]
    joins = [e for e in events if e["kind"] == "CandidateJoined"]
    assert [j["payload"]["device_id"] for j in joins] == ["pc-9", "pc-10"]
    # The desk sees the PC the candidate is on, not the server that recorded the join.
    desk = api.h(api.invigilator(admin, sid))
    listed = api.client.get("/api/invigilator/candidates", headers=desk).json()
    assert [c["device_id"] for c in listed] == ["pc-10"]


def test_twin_joins_that_both_found_no_join_record_one_event(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A duplicated delivery of one join (a relay run, issue 10): both requests read the
    state before either recorded the join. The join is decided again under the lock."""
    admin = api.admin()
    sid = api.session(admin)["id"]
    cand = api.candidate(admin, sid, first_name="Ada", last_name="Lovelace")
    body = {"session_number": sid, "first_name": "Ada", "last_name": "Lovelace",
            "birthdate": cand["birthdate"], "device_id": "pc-9"}
    eventlog = api.client.app.state.ctx.eventlog  # type: ignore[attr-defined]
    view = eventlog.view

    def stale(db: object, session_id: int, read: Callable[[SessionState], object]) -> object:
        # The join's look for an earlier join sees the state before either was recorded.
        if read.__name__ == "repeat":
            return read(SessionState(session_id))
        return view(db, session_id, read)

    monkeypatch.setattr(eventlog, "view", stale)
    first = api.client.post("/api/candidate/join", json=body)
    twin = api.client.post("/api/candidate/join", json=body)
    monkeypatch.setattr(eventlog, "view", view)
    assert (first.status_code, twin.status_code) == (200, 200)
    events = api.client.get(f"/api/sessions/{sid}/events",
                            headers=api.h(twin.json()["token"])).json()["events"]
    assert [e["kind"] for e in events] == ["CandidateJoined"]


def test_join_errors_have_distinct_codes(api: Api) -> None:
    admin = api.admin()
    sid = api.session(admin)["id"]
    cand = api.candidate(admin, sid, first_name="Hélène", last_name="De La Tour")
    api.candidate(
        admin,
        sid,
        first_name="Zoé",
        last_name="Petit",
        profile={"1.1": {"level": 2, "pix": 10}},
    )

    def join(**over: object) -> tuple[int, str]:
        body = {
            "session_number": sid,
            "first_name": "helene",
            "last_name": "delatour",
            "birthdate": cand["birthdate"],
            "device_id": "pc-9",
        } | over
        r = api.client.post("/api/candidate/join", json=body)
        return r.status_code, r.json().get("error", {}).get("code", "ok")

    assert join() == (200, "ok")  # case, accents and spaces do not matter
    assert join(first_name="  HÉLÈNE ") == (200, "ok")
    assert join(first_name="Héloïse") == (404, "not_found")
    assert join(session_number=sid + 10_000) == (404, "not_found")
    assert join(first_name="zoe", last_name="petit", birthdate=cand["birthdate"]) == (
        403,
        "not_certifiable",
    )
    # several matches: the same person written differently cannot be created twice...
    r = api.client.post(
        f"/api/admin/sessions/{sid}/candidates",
        json={"first_name": "Helene", "last_name": "de la Tour", "birthdate": cand["birthdate"]},
        headers=api.h(admin),
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "duplicate_candidate"


def test_entries_closed_then_admitted(api: Api) -> None:
    admin = api.admin()
    sid = api.session(admin)["id"]
    cand = api.candidate(admin, sid)
    inv = api.invigilator(admin, sid)
    out = api.push(inv, api.event(EventKind.ENTRIES_CLOSED, sid, None, "station"))
    assert not out["refused"]
    r = api.client.post(
        "/api/candidate/join",
        json={
            "session_number": sid,
            "first_name": cand["first_name"],
            "last_name": cand["last_name"],
            "birthdate": cand["birthdate"],
            "device_id": "pc-1",
        },
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "session_closed"
    api.push(inv, api.event(EventKind.LATE_ENTRY_ADMITTED, sid, cand["id"], "station"))
    api.join(sid, cand)


def test_start_needs_presence_then_gives_a_test_without_solutions(api: Api) -> None:
    admin = api.admin()
    sid = api.session(admin)["id"]
    cand = api.candidate(admin, sid)
    kiosk = api.join(sid, cand)
    code = api.kit(admin, sid)["access_code"]
    r = api.client.post(
        "/api/candidate/start",
        json={"access_code": code, "device_id": "pc-1"},
        headers=api.h(kiosk),
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "presence_not_confirmed"
    status = api.client.get("/api/candidate/status", headers=api.h(kiosk)).json()
    assert status["status"] == "joined" and not status["presence_valid"]
    inv = api.invigilator(admin, sid)
    api.push(inv, api.event(EventKind.PRESENCE_CONFIRMED, sid, cand["id"], "station"))
    assert api.client.get("/api/candidate/status", headers=api.h(kiosk)).json()["presence_valid"]
    r = api.client.post(
        "/api/candidate/start",
        json={"access_code": code.lower(), "device_id": "pc-1"},
        headers=api.h(kiosk),
    )
    assert r.status_code == 200, r.text
    test = r.json()
    assert len(test["challenges"]) == 18  # 6 competences x 3
    assert test["certification_number"] > 0 and test["extra_time"] == 0.33
    text = json.dumps(test)
    assert "solution" not in text
    for c in test["challenges"]:
        assert BANK.by_id(c["id"]).level <= 3
    # the same test again (resume, spare PC)
    again = api.client.get("/api/candidate/test", headers=api.h(kiosk)).json()
    assert [c["id"] for c in again["challenges"]] == [c["id"] for c in test["challenges"]]
    assert again["test_started_event"]["kind"] == "TestStarted"
    # the list is now locked
    r = api.client.post(
        f"/api/admin/sessions/{sid}/candidates",
        json={"first_name": "Late", "last_name": "Comer", "birthdate": "2010-01-01"},
        headers=api.h(admin),
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "list_locked"
    assert api.client.delete(f"/api/admin/sessions/{sid}", headers=api.h(admin)).status_code == 409
    session = api.client.get(f"/api/admin/sessions/{sid}", headers=api.h(admin)).json()
    assert session["status"] == "started"


def test_access_code_rate_limit_is_in_the_database(api: Api) -> None:
    admin = api.admin()
    sid = api.session(admin)["id"]
    cand = api.candidate(admin, sid)
    kiosk = api.join(sid, cand)
    code = api.kit(admin, sid)["access_code"]
    wrong = "BBBB22" if code != "BBBB22" else "CCCC33"

    def start(c: str, device: str = "pc-1") -> tuple[int, str]:
        r = api.client.post(
            "/api/candidate/start",
            json={"access_code": c, "device_id": device},
            headers=api.h(kiosk),
        )
        return r.status_code, r.json().get("error", {}).get("code", "ok")

    for _ in range(5):
        assert start(wrong) == (403, "wrong_access_code")
    assert start(code) == (429, "access_locked")  # even the right code waits
    assert start(code, device="pc-2") == (429, "access_locked")  # per candidate too
    api.clock.advance(5 * 60 * 1000 + 1000)
    assert start(code) == (409, "presence_not_confirmed")  # unlocked, code accepted


def test_push_is_idempotent_role_checked_and_scoped(api: Api) -> None:
    admin = api.admin()
    sid, cand, inv, kiosk, test = api.started(admin)
    first = test["challenges"][0]["id"]
    answer = api.event(EventKind.ANSWER_SUBMITTED, sid, cand["id"], challenge_id=first, answer=1)
    out1 = api.push(kiosk, answer)
    assert [a["id"] for a in out1["acked"]] == [answer["id"]] and not out1["refused"]
    out2 = api.push(kiosk, answer, answer)
    assert out2["acked"] == out1["acked"]  # same seq, not stored twice
    # a kiosk cannot add time or confirm presence
    out = api.push(kiosk, api.event(EventKind.TIME_ADDED, sid, cand["id"], minutes=10))
    assert out["refused"][0]["reason"].startswith("role_not_allowed")
    # nor act for another candidate
    other = api.event(EventKind.CHALLENGE_SHOWN, sid, cand["id"] + 1, challenge_id=first)
    assert api.push(kiosk, other)["refused"][0]["reason"].startswith("out_of_scope")
    # the fold refuses a second answer to the same question
    again = api.event(EventKind.ANSWER_SUBMITTED, sid, cand["id"], challenge_id=first, answer=2)
    assert api.push(kiosk, again)["refused"][0]["reason"].startswith("already_answered")
    # malformed events are refused with a reason, never a 500
    out = api.push(kiosk, {"id": "x", "kind": "Nope"}, {"garbage": True})
    assert len(out["refused"]) == 2 and all(
        r["reason"].startswith("invalid_event") for r in out["refused"]
    )
    # the invigilator adds time; the station sees everything in order
    api.push(inv, api.event(EventKind.TIME_ADDED, sid, None, "station", minutes=12))
    pulled = api.client.get(f"/api/sessions/{sid}/events?after=0", headers=api.h(inv)).json()[
        "events"
    ]
    seqs = [e["server_seq"] for e in pulled]
    assert seqs == sorted(seqs) and len(set(e["id"] for e in pulled)) == len(pulled)
    kinds = [e["kind"] for e in pulled]
    assert kinds.count("AnswerSubmitted") == 1 and "TimeAdded" in kinds


def test_kiosk_pulls_only_its_candidate_and_session_events(api: Api) -> None:
    admin = api.admin()
    sid = api.session(admin)["id"]
    ada = api.candidate(admin, sid)
    bob = api.candidate(admin, sid, first_name="Bob", last_name="Martin")
    inv = api.invigilator(admin, sid)
    k_ada = api.join(sid, ada)
    api.join(sid, bob, device="pc-2")
    api.push(inv, api.event(EventKind.PRESENCE_CONFIRMED, sid, bob["id"], "station"))
    api.push(inv, api.event(EventKind.TEST_LAUNCHED, sid, None, "station"))
    events = api.client.get(f"/api/sessions/{sid}/events", headers=api.h(k_ada)).json()["events"]
    assert {e["candidate_id"] for e in events} == {ada["id"], None}
    # another session's events are refused
    other = api.session(admin)["id"]
    r = api.client.get(f"/api/sessions/{other}/events", headers=api.h(k_ada))
    assert r.status_code == 403


def test_long_poll_wakes_on_push(api: Api) -> None:
    import threading
    import time

    admin = api.admin()
    sid = api.session(admin)["id"]
    cand = api.candidate(admin, sid)
    inv = api.invigilator(admin, sid)
    kiosk = api.join(sid, cand)
    last = api.client.get(f"/api/sessions/{sid}/events", headers=api.h(kiosk)).json()["last_seq"]
    result: dict[str, object] = {}

    def poll() -> None:
        t0 = time.monotonic()
        r = api.client.get(f"/api/sessions/{sid}/events?after={last}&wait=2", headers=api.h(kiosk))
        result["elapsed"] = time.monotonic() - t0
        result["events"] = r.json()["events"]

    thread = threading.Thread(target=poll)
    thread.start()
    time.sleep(0.3)
    api.push(inv, api.event(EventKind.PRESENCE_CONFIRMED, sid, cand["id"], "station"))
    thread.join(5)
    assert [e["kind"] for e in result["events"]] == ["PresenceConfirmed"]  # type: ignore[union-attr]
    assert result["elapsed"] < 1.5  # type: ignore[operator]
    # nothing new: answers after `wait` seconds with no events
    r = api.client.get(f"/api/sessions/{sid}/events?after={10**9}&wait=0.2", headers=api.h(kiosk))
    assert r.json() == {"events": [], "last_seq": 10**9}


def test_invigilator_login_states_and_actions(api: Api) -> None:
    admin = api.admin()
    sid, cand, inv, _kiosk, _test = api.started(admin)
    r = api.client.post(
        "/api/invigilator/login", json={"session_number": sid, "password": "C-wrong1"}
    )
    assert r.status_code == 401 and "incorrects" in r.json()["error"]["message"]
    info = api.client.get("/api/invigilator/session", headers=api.h(inv)).json()
    assert info["session_number"] == sid and info["counters"]["started"] == 1
    add_time = {"kind": "TimeAdded", "candidate_id": cand["id"], "payload": {"minutes": 15},
                "id": str(uuid.uuid4())}
    r = api.client.post("/api/invigilator/actions", json=add_time, headers=api.h(inv))
    assert r.status_code == 200, r.text
    # A retry of the same action (its answer lost on the way) adds no second 15 minutes.
    again = api.client.post("/api/invigilator/actions", json=add_time, headers=api.h(inv))
    assert again.json() == r.json()
    r = api.client.post(
        "/api/invigilator/actions",
        json={"kind": "TestEnded", "candidate_id": cand["id"], "payload": {"by": "invigilator"}},
        headers=api.h(inv),
    )
    assert r.status_code == 200, r.text
    states = api.client.get("/api/invigilator/candidates", headers=api.h(inv)).json()
    (ada,) = states
    assert ada["status"] == "ended_by_invigilator" and ada["end_screen_waiting"]
    assert ada["needs_attention"] and ada["time_added_minutes"] == 15
    assert ada["theoretical_end"] is not None
    r = api.client.post(
        "/api/invigilator/actions",
        json={"kind": "AnswerSubmitted", "candidate_id": cand["id"], "payload": {}},
        headers=api.h(inv),
    )
    assert r.status_code == 403


def test_bad_input_is_4xx_json(api: Api) -> None:
    admin = api.admin()
    h = api.h(admin)
    for method, url, body in [
        ("post", "/api/admin/sessions", {"site": ""}),
        ("get", "/api/admin/sessions/99999999999999999999", None),
        ("post", "/api/candidate/join", {"session_number": "x"}),
        ("get", "/api/sessions/1/events?wait=100", None),
    ]:
        r = api.client.request(method, url, json=body, headers=h)
        assert 400 <= r.status_code < 500, (url, r.status_code)
        assert "error" in r.json()
    r = api.client.post(
        "/api/sync/events",
        content=b"x" * (3 * 1024 * 1024),
        headers=h | {"content-type": "application/json"},
    )
    assert r.status_code == 413
    assert api.client.get("/api/admin/sessions").status_code == 401
    r = api.client.get("/api/admin/sessions", headers={"Authorization": f"Bearer {uuid.uuid4()}"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_token"


def test_kiosk_heartbeat_files_and_offline_resume_verifier(api: Api) -> None:
    from argon2 import PasswordHasher

    from app.domain.codes import normalize_session_password

    admin = api.admin()
    sid = api.session(admin)["id"]
    cand = api.candidate(admin, sid)
    kiosk = api.join(sid, cand)
    kit = api.kit(admin, sid)
    inv = api.invigilator(admin, sid)
    api.push(inv, api.event(EventKind.PRESENCE_CONFIRMED, sid, cand["id"], "station"))
    test = api.client.post(
        "/api/candidate/start",
        json={"access_code": kit["access_code"], "device_id": "pc-1"},
        headers=api.h(kiosk),
    ).json()
    # the kiosk can check the session password offline, and only the right one
    verifier = test["resume_verifier"]
    hasher = PasswordHasher()
    assert hasher.verify(verifier, normalize_session_password(kit["session_password"]))
    assert "C-" not in verifier and kit["session_password"] not in verifier

    # heartbeat feeds "last heard from" on the station
    before = api.client.get("/api/invigilator/candidates", headers=api.h(inv)).json()
    api.clock.advance(60_000)
    r = api.client.post(
        "/api/candidate/heartbeat", json={"device_id": "pc-1"}, headers=api.h(kiosk)
    )
    assert r.status_code == 204
    after = api.client.get("/api/invigilator/candidates", headers=api.h(inv)).json()
    heard = {c["candidate_id"]: c["last_heard"] for c in after}
    assert heard[cand["id"]] is not None
    assert heard[cand["id"]] != {c["candidate_id"]: c["last_heard"] for c in before}[cand["id"]]
    assert api.client.post(
        "/api/candidate/heartbeat", json={"device_id": "pc-1"}, headers=api.h(inv)
    ).status_code == 403

    # files: only of the candidate's own questions, only of the kinds that exist
    ids = {c["id"] for c in [*test["challenges"], *test["spares"]]}
    foreign = next(c for c in BANK if c.id not in ids)
    r = api.client.get(f"/api/candidate/files/{foreign.id}/attachment", headers=api.h(kiosk))
    assert r.status_code == 404
    own = test["challenges"][0]["id"]
    r = api.client.get(f"/api/candidate/files/{own}/image", headers=api.h(kiosk))
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = api.client.get(f"/api/candidate/files/{own}/other", headers=api.h(kiosk))
    assert r.status_code == 422
