"""`app.services.exam_package`: the candidate's test as the kiosk keeps it, sealed at rest.

A real test from the server (in-process, on the kiosk test pack with its images and
attached files), downloaded with the server's own file route, sealed in a real
LocalStore: everything the candidate needs offline is in it, no solution is, the access
code (as typed, any case or spaces) opens it after the kiosk restarts, another code or
another candidate's blob does not, and wiping the candidate's data removes it.
"""

from __future__ import annotations

import json
import uuid
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's TestClient deprecation (see server conftest)
    from fastapi.testclient import TestClient

from app.domain.competences import COMPETENCE_CODES
from app.domain.events import EventKind
from app.server.app import create_app
from app.server.settings import ServerSettings
from app.services import exam_package as pkg
from app.services.content.loader import load_bank
from app.services.store import LocalStore
from app.services.vault import WrongKey
from tests.helpers.clock import FakeClock
from tests.helpers.kiosk import PACK
from tests.server.conftest import Api


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('server') / 'server.sqlite'}"
    clock = FakeClock(now=datetime.now(UTC).replace(microsecond=0))
    settings = ServerSettings(db_url=db_url, content_path=PACK, max_wait_s=1.0)
    app = create_app(settings, clock=clock, bank=load_bank(PACK))
    with TestClient(app) as client:
        yield Api(client=client, clock=clock, db_url=db_url)


@pytest.fixture(scope="module")
def started(api: Api) -> dict[str, Any]:
    """A candidate's test as the server hands it at the start, with what fetched it."""
    admin = api.admin()
    sid = api.session(admin)["id"]
    profile = {code: {"level": 1, "pix": 8} for code in COMPETENCE_CODES[:5]}
    cand = api.candidate(admin, sid, extra_time="33%", profile=profile)
    inv = api.invigilator(admin, sid)
    kiosk = api.join(sid, cand)
    api.push(inv, api.event(EventKind.PRESENCE_CONFIRMED, sid, cand["id"], "station"))
    code = api.kit(admin, sid)["access_code"]
    r = api.client.post("/api/candidate/start", json={"access_code": code, "device_id": "pc-1"},
                        headers=api.h(kiosk))
    assert r.status_code == 200, r.text
    return {"test": r.json(), "token": kiosk, "code": code, "sid": sid, "cid": cand["id"]}


def _fetcher(api: Api, token: str, log: list[tuple[str, str]]) -> Any:
    def fetch(challenge_id: str, kind: str) -> bytes:
        log.append((challenge_id, kind))
        r = api.client.get(f"/api/candidate/files/{challenge_id}/{kind}", headers=api.h(token))
        assert r.status_code == 200, r.text
        return bytes(r.content)

    return fetch


@pytest.fixture
def package(api: Api, started: dict[str, Any]) -> pkg.TestPackage:
    return pkg.package_from_test(started["test"], _fetcher(api, started["token"], []))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    clock = FakeClock(now=datetime.now(UTC))
    with LocalStore.open(tmp_path / "kiosk.sqlite", device_id="pc-1", clock=clock) as opened:
        yield opened


def test_the_package_holds_every_question_spare_and_file_and_no_solution(
    api: Api, started: dict[str, Any]
) -> None:
    test = started["test"]
    fetched: list[tuple[str, str]] = []
    package = pkg.package_from_test(test, _fetcher(api, started["token"], fetched))
    ids = [c["id"] for c in test["challenges"]] + [c["id"] for c in test["spares"]]
    assert sorted(package.challenges) == sorted(ids)
    assert package.certification_number == test["certification_number"]
    assert package.extra_time == pytest.approx(0.33)
    assert package.test_started_event == test["test_started_event"]
    assert package.resume_verifier == test["resume_verifier"]
    with_files = {(c.id, kind) for c in package.challenges.values()
                  for kind, path in (("image", c.image), ("attachment", c.attachment)) if path}
    assert with_files, "the kiosk pack's questions have images and attachments"
    assert set(package.files) == with_files == set(fetched)  # each downloaded once
    for (cid, kind), attached in package.files.items():
        challenge = package.challenges[cid]
        relative = challenge.image if kind == "image" else challenge.attachment
        assert relative is not None
        assert attached.name == relative.rsplit("/", 1)[-1]
        assert attached.data == (PACK / relative).read_bytes()
        assert package.file(cid, kind) is attached
    assert package.file(ids[0], "nothing") is None
    assert "solution" not in json.loads(package.to_json())["challenges"][0]
    assert b'"solution"' not in package.to_json()


def test_a_failed_download_fails_the_package(started: dict[str, Any]) -> None:
    def broken(challenge_id: str, kind: str) -> bytes:
        raise ConnectionError("cable cut")

    with pytest.raises(ConnectionError):
        pkg.package_from_test(started["test"], broken)


def test_sealed_then_opened_with_the_code_as_typed_after_a_restart(
    package: pkg.TestPackage, started: dict[str, Any], tmp_path: Path
) -> None:
    sid, cid, code = started["sid"], started["cid"], started["code"]
    clock = FakeClock(now=datetime.now(UTC))
    path = tmp_path / "kiosk.sqlite"
    with LocalStore.open(path, device_id="pc-1", clock=clock) as store:
        assert not pkg.has_package(store, sid, cid)
        pkg.save_package(store, package, code, session_id=sid, candidate_id=cid)
        assert pkg.has_package(store, sid, cid)
        sealed = store.get_blob(pkg.package_key(sid, cid))
        assert sealed is not None
        assert b"certification_number" not in sealed  # encrypted at rest
    with LocalStore.open(path, device_id="pc-1", clock=clock) as store:  # the kiosk restarted
        typed = f" {code[:3].lower()} {code[3:]} "
        opened = pkg.open_package(store, typed, session_id=sid, candidate_id=cid)
    assert opened.to_json() == package.to_json()
    assert opened.files == package.files


def test_another_code_or_another_candidates_blob_does_not_open(
    package: pkg.TestPackage, started: dict[str, Any], store: LocalStore
) -> None:
    sid, cid, code = started["sid"], started["cid"], started["code"]
    pkg.save_package(store, package, code, session_id=sid, candidate_id=cid)
    with pytest.raises(WrongKey):
        pkg.open_package(store, "ZZZZ99", session_id=sid, candidate_id=cid)
    # The same sealed blob and salt under another candidate: bound to its candidate.
    for key in (pkg.salt_key, pkg.package_key):
        blob = store.get_blob(key(sid, cid))
        assert blob is not None
        store.put_blob(key(sid, cid + 1), blob, session_id=sid, candidate_id=cid + 1)
    with pytest.raises(WrongKey):
        pkg.open_package(store, code, session_id=sid, candidate_id=cid + 1)
    with pytest.raises(LookupError):
        pkg.open_package(store, code, session_id=sid, candidate_id=cid + 2)


def test_each_save_has_a_fresh_salt(
    package: pkg.TestPackage, started: dict[str, Any], store: LocalStore
) -> None:
    sid, cid, code = started["sid"], started["cid"], started["code"]
    pkg.save_package(store, package, code, session_id=sid, candidate_id=cid)
    first = store.get_blob(pkg.salt_key(sid, cid)), store.get_blob(pkg.package_key(sid, cid))
    pkg.save_package(store, package, code, session_id=sid, candidate_id=cid)
    second = store.get_blob(pkg.salt_key(sid, cid)), store.get_blob(pkg.package_key(sid, cid))
    assert first[0] != second[0] and first[1] != second[1]
    assert pkg.open_package(store, code, session_id=sid, candidate_id=cid).to_json() == (
        package.to_json())


def test_wiping_the_candidates_data_removes_the_package(
    package: pkg.TestPackage, started: dict[str, Any], store: LocalStore
) -> None:
    sid, cid, code = started["sid"], started["cid"], started["code"]
    current = pkg.CurrentCandidate(sid, cid, "token-" + uuid.uuid4().hex, "Ada", "Lovelace")
    store.put_blob(pkg.CURRENT_KEY, current.to_json(), session_id=sid, candidate_id=cid)
    pkg.save_package(store, package, code, session_id=sid, candidate_id=cid)
    stored = store.get_blob(pkg.CURRENT_KEY)
    assert stored is not None and pkg.CurrentCandidate.from_json(stored) == current
    store.delete_candidate_data(sid, cid)
    assert not pkg.has_package(store, sid, cid)
    assert store.get_blob(pkg.salt_key(sid, cid)) is None
    assert store.get_blob(pkg.CURRENT_KEY) is None
