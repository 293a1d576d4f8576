"""The authorisation matrix: every role is refused on every other session's and centre's data.

Two centres, each with a session whose candidate has started. Every route of the API that
names a session (and a candidate or document) is called with centre B's ids by each
principal of centre A, by the jury where it is not the jury's route, and anonymously:
none may succeed. Routes of one role are also refused to every other role.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from app.domain.events import EventKind
from tests.server.conftest import PNG_BYTES, Api

PUBLIC = {
    ("GET", "/api/health"),
    ("POST", "/api/auth/login"),
    ("GET", "/api/certificates/{verification_code}"),
    ("POST", "/api/candidate/join"),
    ("POST", "/api/invigilator/login"),
}
ROLE_OF_PREFIX = (
    ("/api/admin/", "admin"),
    ("/api/jury/", "jury"),
    ("/api/candidate/", "kiosk"),
    ("/api/invigilator/", "invigilator"),
)


def _body(method: str, path: str, api: Api) -> dict[str, Any]:
    future = (api.clock.now().date() + timedelta(days=5)).isoformat()
    bodies: dict[tuple[str, str], dict[str, Any]] = {
        ("PATCH", "/api/admin/sessions/{session_id}"): {"json": {"observations": "x"}},
        ("POST", "/api/admin/sessions/{session_id}/postpone"): {"json": {"date": future}},
        ("POST", "/api/admin/sessions/{session_id}/candidates"): {
            "json": {"first_name": "A", "last_name": "B", "birthdate": "2010-01-01"}
        },
        ("PATCH", "/api/admin/sessions/{session_id}/candidates/{candidate_id}"): {
            "json": {"class_name": "x"}
        },
        ("POST", "/api/admin/sessions/{session_id}/candidates/import"): {
            "files": {"file": ("a.csv", b"nom;prenom;date_naissance\n", "text/csv")}
        },
        ("POST", "/api/admin/sessions/{session_id}/finalise"): {"json": {}},
        ("PUT", "/api/admin/sessions/{session_id}/finalisation/saved"): {"json": {}},
        ("POST", "/api/admin/sessions/{session_id}/candidates/from-pupils"): {
            "json": {"pupil_ids": [1]}
        },
        ("POST", "/api/admin/pupils/import"): {
            "files": {"file": ("a.csv", b"nom;prenom;date_naissance\n", "text/csv")}
        },
        ("POST", "/api/admin/sessions/{session_id}/documents"): {
            "files": {"file": ("a.png", PNG_BYTES, "image/png")}
        },
        ("POST", "/api/jury/sessions/{session_id}/candidates/{candidate_id}/neutralise"): {
            "json": {"challenge_id": "x"}
        },
        ("POST", "/api/jury/sessions/{session_id}/candidates/{candidate_id}/cancel"): {"json": {}},
        ("POST", "/api/jury/sessions/{session_id}/candidates/{candidate_id}/comment"): {"json": {}},
        ("POST", "/api/candidate/start"): {"json": {"access_code": "BBBB22", "device_id": "x"}},
        ("POST", "/api/invigilator/actions"): {
            "json": {"kind": "TimeAdded", "payload": {"minutes": 1}}
        },
        ("POST", "/api/sync/events"): {"json": {"events": []}},
    }
    return bodies.get((method, path), {})


@pytest.fixture(scope="module")
def world(api: Api) -> dict[str, Any]:
    tokens: dict[str, dict[str, str]] = {}
    ids: dict[str, dict[str, int]] = {}
    for centre in ("A", "B"):
        admin = api.admin()
        sid, cand, inv, kiosk, _test = api.started(admin)
        r = api.client.post(
            f"/api/admin/sessions/{sid}/documents",
            files={"file": ("pv.png", PNG_BYTES, "image/png")},
            headers=api.h(admin),
        )
        tokens[centre] = {"admin": admin, "invigilator": inv, "kiosk": kiosk}
        ids[centre] = {"session_id": sid, "candidate_id": cand["id"], "document_id": r.json()["id"]}
    return {"tokens": tokens, "ids": ids, "jury": api.jury()}


def _routes(api: Api) -> list[tuple[str, str]]:
    """Every operation, from the OpenAPI document (what clients see is what is tested)."""
    paths = api.client.get("/openapi.json").json()["paths"]
    return [(m.upper(), p) for p, ops in paths.items() for m in ops if p.startswith("/api/")]


def _call(api: Api, method: str, path: str, ids: dict[str, int], token: str | None) -> Any:
    url = re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), 1)), path)
    headers = api.h(token) if token else {}
    return api.client.request(method, url, headers=headers, **_body(method, path, api))


def test_every_scoped_route_refuses_other_centres_and_sessions(
    api: Api, world: dict[str, Any]
) -> None:
    b_ids = world["ids"]["B"]
    checked = 0
    for method, path in _routes(api):
        if (method, path) in PUBLIC or "{session_id}" not in path:
            continue
        principals = dict(world["tokens"]["A"]) | {"anonymous": None}
        if not path.startswith("/api/jury/"):
            principals["jury"] = world["jury"]
        for name, token in principals.items():
            r = _call(api, method, path, b_ids, token)
            assert r.status_code in (401, 403), (name, method, path, r.status_code, r.text)
            checked += 1
    assert checked > 60


def test_every_role_route_refuses_other_roles(api: Api, world: dict[str, Any]) -> None:
    a_ids = world["ids"]["A"]
    tokens = dict(world["tokens"]["A"]) | {"jury": world["jury"], "anonymous": None}
    for method, path in _routes(api):
        if (method, path) in PUBLIC:
            continue
        role = next((r for prefix, r in ROLE_OF_PREFIX if path.startswith(prefix)), None)
        if role is None:
            continue
        for name, token in tokens.items():
            if name == role:
                continue
            r = _call(api, method, path, a_ids, token)
            assert r.status_code in (401, 403), (name, method, path, r.status_code, r.text)


def test_push_into_another_session_is_refused_for_every_role(
    api: Api, world: dict[str, Any]
) -> None:
    b = world["ids"]["B"]
    sid, cid = b["session_id"], b["candidate_id"]
    attempts = {
        "kiosk": api.event(EventKind.CHALLENGE_SHOWN, sid, cid, challenge_id="x"),
        "invigilator": api.event(EventKind.TIME_ADDED, sid, cid, "station", minutes=5),
        "admin": api.event(EventKind.END_SCREEN_SEEN, sid, cid, "adm"),
    }
    for role, event in attempts.items():
        out = api.push(world["tokens"]["A"][role], event)
        assert out["acked"] == [] and out["refused"][0]["reason"].startswith("out_of_scope"), role
    for role in ("kiosk", "invigilator", "admin"):
        r = api.client.get(f"/api/sessions/{sid}/events", headers=api.h(world["tokens"]["A"][role]))
        assert r.status_code == 403, role


def test_no_solution_outside_the_jury(api: Api, world: dict[str, Any]) -> None:
    a = world["ids"]["A"]
    tokens = world["tokens"]["A"]
    for method, path in _routes(api):
        if method != "GET" or path.startswith("/api/jury/"):
            continue
        role = next((r for prefix, r in ROLE_OF_PREFIX if path.startswith(prefix)), "admin")
        token = tokens.get(role, tokens["admin"])
        r = _call(api, method, path, a, token)
        if r.headers.get("content-type", "").startswith("application/json"):
            assert '"solution"' not in r.text, path
