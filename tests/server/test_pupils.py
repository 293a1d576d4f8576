"""The school's pupils (issue 20, seed 000): imported once, listed by class, added to
sessions by class; a session's candidates are copies."""

from __future__ import annotations

from app.domain.competences import COMPETENCE_CODES
from tests.server.conftest import Api


def _csv(rows: list[list[str]]) -> bytes:
    header = "nom;prenom;date_naissance;classe;email;" + ";".join(
        f"niveau_{c};pix_{c}" for c in COMPETENCE_CODES[:6])
    profile = [v for _ in range(6) for v in ("3", "24")]
    lines = [header, *(";".join([*r, *profile]) for r in rows)]
    return ("\n".join(lines) + "\n").encode()


SCHOOL = [
    ["Lovelace", "Ada", "10/12/2010", "3eB", "ada@example.org"],
    ["Bernier", "Faye", "2010-03-02", "3eB", ""],
    ["Turing", "Alan", "2010-06-23", "3eA", ""],
    ["Hopper", "Grace", "2010-01-01", "3eC", ""],
]


def test_import_the_school_once_then_build_sessions_by_class(api: Api) -> None:
    admin = api.admin()
    h = api.h(admin)
    bad = _csv([*SCHOOL, ["Curie", "Marie", "2010-13-45", "3eA", ""]])
    r = api.client.post("/api/admin/pupils/import", files={"file": ("e.csv", bad)}, headers=h)
    assert r.status_code == 422 and r.json()["error"]["details"]["errors"][0]["line"] == 6
    assert api.client.get("/api/admin/pupils", headers=h).json() == []  # all or nothing
    r = api.client.post("/api/admin/pupils/import", files={"file": ("e.csv", _csv(SCHOOL))},
                        headers=h)
    assert r.status_code == 200 and r.json()["imported"] == 4, r.text
    pupils = api.client.get("/api/admin/pupils", headers=h).json()
    assert [p["class_name"] for p in pupils] == ["3eA", "3eB", "3eB", "3eC"]
    third_b = api.client.get("/api/admin/pupils?class_name=3eB", headers=h).json()
    assert [p["last_name"] for p in third_b] == ["Bernier", "Lovelace"]
    # three sessions from the one list, by class
    sessions = [api.session(admin)["id"] for _ in range(3)]
    for sid, klass in zip(sessions, ("3eA", "3eB", "3eC"), strict=True):
        ids = [p["id"] for p in pupils if p["class_name"] == klass]
        r = api.client.post(f"/api/admin/sessions/{sid}/candidates/from-pupils",
                            json={"pupil_ids": ids}, headers=h)
        assert r.status_code == 200 and r.json()["added"] == len(ids), r.text
    cands = api.client.get(f"/api/admin/sessions/{sessions[1]}/candidates", headers=h).json()
    assert {c["last_name"]: c["email"] for c in cands} == {
        "Bernier": "", "Lovelace": "ada@example.org"}
    assert all(c["certifiable"] and c["class_name"] == "3eB" for c in cands)
    # added twice: left as is
    again = [p["id"] for p in third_b]
    r = api.client.post(f"/api/admin/sessions/{sessions[1]}/candidates/from-pupils",
                        json={"pupil_ids": again}, headers=h)
    assert r.json() == {"added": 0, "already": 2, "not_certifiable": []}
    # a new import of the school does not touch the sessions made from the old one
    api.client.post("/api/admin/pupils/import", files={"file": ("e.csv", _csv(SCHOOL[:1]))},
                    headers=h)
    assert len(api.client.get("/api/admin/pupils", headers=h).json()) == 1
    assert len(api.client.get(f"/api/admin/sessions/{sessions[1]}/candidates",
                              headers=h).json()) == 2


def test_pupils_are_the_schools_own(api: Api) -> None:
    admin, other = api.admin(), api.admin()
    api.client.post("/api/admin/pupils/import", files={"file": ("e.csv", _csv(SCHOOL))},
                    headers=api.h(admin))
    assert api.client.get("/api/admin/pupils", headers=api.h(other)).json() == []
    ids = [p["id"] for p in api.client.get("/api/admin/pupils", headers=api.h(admin)).json()]
    sid = api.session(other)["id"]
    r = api.client.post(f"/api/admin/sessions/{sid}/candidates/from-pupils",
                        json={"pupil_ids": ids[:1]}, headers=api.h(other))
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_pupil"
