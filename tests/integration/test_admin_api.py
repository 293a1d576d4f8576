"""`app.services.admin_api.AdminApi` against a real `examroom server` (tests/helpers/live_server).

The administration and jury screens see the server only through this client: each
coroutine must reach the route it names with the admin's token, hand back the server's
JSON (or file and its name), and turn failures into the HTTP core's two errors: a
refusal with the server's stable code and details, or "unreachable".
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import pytest

from app.server.admin_service import create_account
from app.server.db import make_engine, make_sessionmaker, migrate
from app.server.settings import sqlite_url
from app.services.admin_api import AdminApi, Login
from app.services.http import ApiRefused, Unreachable
from tests.helpers.live_server import (
    ADMIN_EMAIL,
    JURY_EMAIL,
    PASSWORD,
    Driver,
    LiveServer,
    free_port,
)

T = TypeVar("T")
PROFILE = {code: {"level": 2, "pix": 16} for code in ("1.1", "1.2", "1.3", "2.1", "2.2")}
CSV = (
    b"nom;prenom;date_naissance;classe;niveau_1.1;niveau_1.2;niveau_1.3;niveau_2.1;niveau_2.2\n"
    b"Curie;Marie;10/12/2010;3e A;2;2;2;2;2\n"
    b"Noether;Emmy;2010-03-23;3e B;0;0;0;0;0\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("server"))
    # The accounts `create_accounts` makes with two CLI runs, written here in-process:
    # each run starts a Python with the server's imports (seconds on a busy machine).
    engine = make_engine(sqlite_url(live.data_dir))
    migrate(engine)
    with make_sessionmaker(engine)() as db:
        now = datetime.now(UTC)
        create_account(db, email=ADMIN_EMAIL, password=PASSWORD, role="admin",
                       centre="Collège Anne Frank", now=now)
        create_account(db, email=JURY_EMAIL, password=PASSWORD, role="jury", centre=None,
                       now=now)
    engine.dispose()
    live.start()
    try:
        yield live
    finally:
        live.stop()


class Client:
    """An AdminApi on its own executor, and a way to run its coroutines from a test."""

    def __init__(self, url: str, **kwargs: Any) -> None:
        self.executor = ThreadPoolExecutor(2, thread_name_prefix="test-admin-api")
        self.api = AdminApi(url, executor=self.executor, **kwargs)

    def __call__(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run(coro)

    def close(self) -> None:
        self.api.close()
        self.executor.shutdown(wait=True)


@pytest.fixture
def client(server: LiveServer) -> Iterator[Client]:
    c = Client(server.url)
    yield c
    c.close()


def _day(days: int = 1) -> date:
    return date.today() + timedelta(days=days)


def _session_body(**over: Any) -> dict[str, Any]:
    return {"site": "Collège Anne Frank", "room": "Salle 208", "invigilators": ["Paul Eluard"],
            "date": _day().isoformat(), "start_time": "09:00"} | over


def test_login_and_logout(client: Client) -> None:
    run, api = client, client.api
    with pytest.raises(ApiRefused) as err:
        run(api.login(ADMIN_EMAIL, "pas le bon mot de passe"))
    assert err.value.status == 401 and err.value.unauthorized
    assert api.token is None
    assert run(api.login(ADMIN_EMAIL, PASSWORD)) == Login(api.token or "", "admin")
    assert run(api.centre())["name"] == "Collège Anne Frank"
    api.logout()
    assert api.token is None and api.role is None
    with pytest.raises(ApiRefused) as err:
        run(api.centre())
    assert err.value.status == 401


def test_a_session_and_its_candidates_from_creation_to_deletion(client: Client) -> None:
    run, api = client, client.api
    run(api.login(ADMIN_EMAIL, PASSWORD))
    room = f"Salle {uuid.uuid4().hex[:6]}"
    created = run(api.create_session(_session_body(room=room)))
    sid = created["id"]
    assert created["status"] == "created"
    assert [s["id"] for s in run(api.sessions(room=room))] == [sid]
    assert run(api.sessions(room=room, status="published")) == []
    assert run(api.sessions(date_from=_day(2), room=room)) == []
    assert run(api.sessions(date_to=_day(1), room=room, sort="-date"))[0]["id"] == sid
    assert run(api.session(sid))["room"] == room
    assert run(api.update_session(sid, {"observations": "RAS"}))["observations"] == "RAS"
    moved = run(api.postpone_session(sid, _day(3), "14:00"))
    assert (moved["date"], moved["start_time"]) == (_day(3).isoformat(), "14:00")
    kit = run(api.kit(sid))
    assert kit["session_number"] == sid and kit["session_password"].startswith("C-")

    ada = run(api.add_candidate(sid, {"last_name": "Lovelace", "first_name": "Ada",
                                      "birthdate": "2010-12-10", "class_name": "3e A",
                                      "profile": PROFILE}))
    with pytest.raises(ApiRefused) as err:
        run(api.add_candidate(sid, {"last_name": "LOVELACE", "first_name": "ada",
                                    "birthdate": "2010-12-10"}))
    assert (err.value.status, err.value.code) == (409, "duplicate_candidate")
    updated = run(api.update_candidate(sid, ada["id"], {"class_name": "3e B"}))
    assert updated["class_name"] == "3e B"
    assert [c["id"] for c in run(api.candidates(sid, "3e B"))] == [ada["id"]]
    assert run(api.candidates(sid, "3e A")) == []
    run(api.delete_candidate(sid, ada["id"]))
    assert run(api.candidates(sid)) == []

    template = run(api.import_template())
    assert template.filename == "modele-candidats.csv"
    assert template.content.decode("utf-8-sig").startswith("nom")
    preview = run(api.preview_import(sid, "eleves.csv", CSV))
    assert [line["last_name"] for line in preview["lines"]] == ["Curie", "Noether"]
    assert run(api.candidates(sid)) == []  # a preview replaces nothing
    done = run(api.import_candidates(sid, "eleves.csv", CSV))
    assert done == {"imported": 2, "not_certifiable": [3]}
    assert {c["last_name"] for c in run(api.candidates(sid))} == {"Curie", "Noether"}
    bad = CSV + b"Turing;;2010-01-01;3e A;2;2;2;2;2\n"
    with pytest.raises(ApiRefused) as err:
        run(api.import_candidates(sid, "eleves.csv", bad))
    assert (err.value.status, err.value.code) == (422, "import_rejected")
    assert [e["line"] for e in err.value.details["errors"]] == [4]

    run(api.delete_session(sid))
    with pytest.raises(ApiRefused) as err:
        run(api.session(sid))
    assert (err.value.status, err.value.code) == (404, "not_found")


def test_after_the_session_finalise_jury_and_publication(server: LiveServer,
                                                         client: Client) -> None:
    run, api = client, client.api
    run(api.login(ADMIN_EMAIL, PASSWORD))
    sid = run(api.create_session(_session_body()))["id"]
    cand = run(api.add_candidate(sid, {"last_name": "Hopper", "first_name": "Grace",
                                       "birthdate": "2010-12-09", "profile": PROFILE}))
    kit = run(api.kit(sid))
    d = Driver(server.url)
    inv = d.login_invigilator(sid, kit["session_password"])
    joined = d.call("POST", "/api/candidate/join", json={
        "session_number": sid, "first_name": "Grace", "last_name": "Hopper",
        "birthdate": "2010-12-09", "device_id": "pc-1"})
    d.action(inv, "PresenceConfirmed", cand["id"])
    test = d.call("POST", "/api/candidate/start", joined["token"],
                  json={"access_code": kit["access_code"], "device_id": "pc-1"})

    (row,) = run(api.finalisation_state(sid))
    assert row["candidate_id"] == cand["id"]
    uploaded = run(api.upload_document(sid, "pv.pdf", b"%PDF-1.4 proces-verbal"))
    assert uploaded["content_type"] == "application/pdf"
    assert [doc["filename"] for doc in run(api.documents(sid))] == ["pv.pdf"]
    finalised = run(api.finalise(sid, {"candidates": [
        {"candidate_id": cand["id"], "abandonment": "candidate"}]}))
    assert finalised["status"] == "finalised"
    with pytest.raises(ApiRefused) as err:
        run(api.results(sid))
    assert err.value.code == "not_published"

    jury = Client(server.url)
    try:
        assert run(jury.api.login(JURY_EMAIL, PASSWORD)).role == "jury"
        assert sid in [s["id"] for s in run(jury.api.jury_sessions())]
        (res,) = run(jury.api.jury_results(sid))
        assert res["result"]["status"] == "rejected"  # nothing answered, by choice
        first = test["challenges"][0]["id"]
        assert run(jury.api.neutralise(sid, cand["id"], first, "image absente"))["status"] == (
            "in_process")
        (res,) = run(jury.api.jury_results(sid))
        assert res["result"]["questions"][0]["neutralised"] is True
        run(jury.api.jury_comment(sid, cand["id"], "vu"))
        run(jury.api.cancel_certification(sid, cand["id"], "fraude"))
        assert run(jury.api.publish(sid))["status"] == "published"
    finally:
        jury.close()

    (result,) = run(api.results(sid))
    assert (result["status"], result["jury_comment"]) == ("cancelled", "vu")
    code = result["verification_code"]
    export = run(api.results_csv(sid))
    assert export.filename == f"resultats-{sid}.csv" and code in export.content.decode()
    # A cancelled certification has no certificate, by its code or the candidate's.
    for call in (api.certificate(sid, cand["id"]), api.verify_certificate(code),
                 api.verify_certificate("../../api/admin/sessions?x=1")):
        with pytest.raises(ApiRefused) as err:
            run(call)
        assert err.value.status == 404


def test_calls_from_both_threads_at_once(client: Client) -> None:
    """Several screens ask at once: each executor thread uses its own connection."""
    run, api = client, client.api
    run(api.login(ADMIN_EMAIL, PASSWORD))

    async def many() -> list[list[dict[str, Any]]]:
        return await asyncio.gather(*(api.sessions() for _ in range(12)))

    answers = run(many())
    assert all(a == answers[0] for a in answers)


def test_no_server_is_unreachable() -> None:
    client = Client(f"http://127.0.0.1:{free_port()}", timeout_s=2)
    try:
        with pytest.raises(Unreachable):
            client(client.api.login(ADMIN_EMAIL, PASSWORD))
        assert client.api.token is None
    finally:
        client.close()
