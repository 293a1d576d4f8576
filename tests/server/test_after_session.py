"""Import, finalisation, documents, scoring, jury, publication, certificates, CSV export."""

from __future__ import annotations

import io
from typing import Any

from app.domain.competences import COMPETENCE_CODES
from app.domain.events import EventKind
from app.server.importer import template_csv
from tests.server.conftest import Api

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def _csv(rows: list[list[str]]) -> bytes:
    header = "nom;prenom;date_naissance;temps_majore;classe;" + ";".join(
        f"niveau_{c};pix_{c}" for c in COMPETENCE_CODES[:6]
    )
    return ("\n".join([header, *(";".join(r) for r in rows)]) + "\n").encode()


def _profile(level: str = "3") -> list[str]:
    return [v for _ in range(6) for v in (level, "24")]


def test_import_csv_all_or_nothing_with_line_numbers(api: Api) -> None:
    admin = api.admin()
    sid = api.session(admin)["id"]
    h = api.h(admin)
    url = f"/api/admin/sessions/{sid}/candidates/import"
    bad = _csv(
        [
            ["Lovelace", "Ada", "10/12/2010", "30%", "3eB", *_profile()],
            ["Turing", "Alan", "1912-13-45", "30", "3eB", *_profile()],
            ["Hopper", "Grace", "2010-01-01", "abc", "3eB", *_profile()],
            ["Lovelace", "ada", "2010-12-10", "0.30", "3eB", *_profile()],
        ]
    )
    r = api.client.post(url, files={"file": ("eleves.csv", bad, "text/csv")}, headers=h)
    assert r.status_code == 422 and r.json()["error"]["code"] == "import_rejected"
    errors = r.json()["error"]["details"]["errors"]
    assert [e["line"] for e in errors] == [3, 4, 5]
    assert "date_naissance" in errors[0]["reason"] and "temps_majore" in errors[1]["reason"]
    assert api.client.get(f"/api/admin/sessions/{sid}/candidates", headers=h).json() == []
    good = _csv(
        [
            ["Lovelace", "Ada", "10/12/2010", "30%", "3eB", *_profile()],
            ["Turing", "Alan", "2010-06-23", "0.30", "3eA", *_profile()],
            ["Hopper", "Grace", "2010-01-01", "", "3eB", *_profile("0")],
        ]
    )
    r = api.client.post(url, files={"file": ("eleves.csv", good, "text/csv")}, headers=h)
    assert r.status_code == 200, r.text
    assert r.json() == {"imported": 3, "not_certifiable": [4]}
    cands = api.client.get(f"/api/admin/sessions/{sid}/candidates?class_name=3eB", headers=h).json()
    assert {c["last_name"]: c["extra_time"] for c in cands} == {"Hopper": 0.0, "Lovelace": 0.3}
    assert [c["certifiable"] for c in cands] == [False, True]
    # a second import replaces the list
    r = api.client.post(
        url,
        files={"file": ("e.csv", _csv([["Curie", "Marie", "2010-11-07", "", "3eC", *_profile()]]))},
        headers=h,
    )
    assert r.json()["imported"] == 1
    assert len(api.client.get(f"/api/admin/sessions/{sid}/candidates", headers=h).json()) == 1
    tpl = api.client.get("/api/admin/candidates/import-template", headers=h)
    assert tpl.status_code == 200 and "niveau_1.1" in tpl.text


def test_import_ods(api: Api) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Feuille1")
    header = template_csv().splitlines()[0].split(";")
    rows = [header, ["Lovelace", "Ada", "2010-12-10", "", "F", "3eB", "", "33%", "non", ""]]
    rows[1] += [v for _ in COMPETENCE_CODES for v in ("2", "16")]
    for values in rows:
        tr = TableRow()
        for v in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=v))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    buf = io.BytesIO()
    doc.write(buf)
    admin = api.admin()
    sid = api.session(admin)["id"]
    r = api.client.post(
        f"/api/admin/sessions/{sid}/candidates/import",
        files={
            "file": ("eleves.ods", buf.getvalue(), "application/vnd.oasis.opendocument.spreadsheet")
        },
        headers=api.h(admin),
    )
    assert r.status_code == 200, r.text
    (cand,) = api.client.get(f"/api/admin/sessions/{sid}/candidates", headers=api.h(admin)).json()
    assert cand["extra_time"] == 0.33 and cand["profile"]["5.2"] == {"level": 2, "pix": 16}


def _answer_all(
    api: Api, sid: int, cand: dict[str, Any], kiosk: str, test: dict[str, Any], wrong: int = 0
) -> None:
    events = []
    for i, c in enumerate(test["challenges"]):
        events.append(
            api.event(
                EventKind.ANSWER_SUBMITTED,
                sid,
                cand["id"],
                challenge_id=c["id"],
                answer=2 if i < wrong else 1,
            )
        )
    events.append(api.event(EventKind.TEST_ENDED, sid, cand["id"], by="candidate"))
    out = api.push(kiosk, *events)
    assert not out["refused"], out


def test_finalise_score_jury_publish_verify(api: Api) -> None:
    admin = api.admin()
    h = api.h(admin)
    sid, cand, inv, kiosk, test = api.started(admin)
    url = f"/api/admin/sessions/{sid}"
    # documents: type checked by content, before finalisation
    r = api.client.post(f"{url}/documents", files={"file": ("pv.png", PNG)}, headers=h)
    assert r.status_code == 201 and r.json()["content_type"] == "image/png"
    r = api.client.post(f"{url}/documents", files={"file": ("x.pdf", b"MZ\x90\x00")}, headers=h)
    assert r.status_code == 415
    # an unfinished test needs an abandonment reason
    r = api.client.post(f"{url}/finalise", json={"comment": "RAS"}, headers=h)
    assert r.status_code == 422 and r.json()["error"]["code"] == "abandonment_missing"
    _answer_all(api, sid, cand, kiosk, test, wrong=1)
    r = api.client.post(
        f"{url}/finalise",
        json={
            "candidates": [
                {
                    "candidate_id": cand["id"],
                    "end_screen_seen": True,
                    "incidents": [{"category": "E4", "question_number": 1, "description": "site"}],
                }
            ],
            "comment": "Coupure de courant de 12 minutes.",
        },
        headers=h,
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "finalised"
    r = api.client.post(f"{url}/finalise", json={}, headers=h)
    assert r.status_code == 409 and r.json()["error"]["code"] == "already_finalised"
    # read-only afterwards
    assert api.client.patch(url, json={"room": "X"}, headers=h).status_code == 409
    late = api.event(EventKind.TIME_ADDED, sid, None, "station", minutes=5)
    assert api.push(inv, late)["refused"][0]["reason"].startswith("session_finalised")
    # results are for the school only after publication
    assert api.client.get(f"{url}/results", headers=h).status_code == 409
    jury = api.jury()
    jh = api.h(jury)
    assert sid in [s["id"] for s in api.client.get("/api/jury/sessions", headers=jh).json()]
    (res,) = api.client.get(f"/api/jury/sessions/{sid}/results", headers=jh).json()
    q1 = res["result"]["questions"][0]
    assert q1["status"] == "ko" and q1["neutralised"]  # E4 neutralises a wrong answer
    assert res["result"]["r"] == 100 and res["result"]["status"] == "validated"
    r = api.client.post(
        f"/api/jury/sessions/{sid}/candidates/{cand['id']}/neutralise",
        json={"challenge_id": test["challenges"][1]["id"], "comment": "image absente"},
        headers=jh,
    )
    assert r.status_code == 200 and r.json()["status"] == "in_process"
    r = api.client.post(
        f"/api/jury/sessions/{sid}/candidates/{cand['id']}/comment",
        json={"comment": "vu"},
        headers=jh,
    )
    assert r.status_code == 200
    r = api.client.post(f"/api/jury/sessions/{sid}/publish", headers=jh)
    assert r.status_code == 200 and r.json()["status"] == "published"
    (result,) = api.client.get(f"{url}/results", headers=h).json()
    assert result["status"] == "validated" and result["pix_score"] == 6 * 24
    assert result["jury_comment"] == "vu"
    code = result["verification_code"]
    assert code.startswith("P-")
    cert = api.client.get(f"/api/certificates/{code}").json()
    assert cert["last_name"] == "Lovelace" and cert["pix_score"] == 144
    assert [c["level"] for c in cert["competences"]] == [3] * 6
    assert api.client.get(f"/api/certificates/{code.lower()[2:]}").status_code == 200
    assert api.client.get("/api/certificates/P-BBBBBBBB").status_code == 404
    own = api.client.get(f"{url}/candidates/{cand['id']}/certificate", headers=h).json()
    assert own["verification_code"] == code
    csv_text = api.client.get(f"{url}/results.csv", headers=h).text
    assert "Lovelace" in csv_text and code in csv_text
    header, ada = csv_text.splitlines()[:2]
    column = header.split(";").index("email_resultats")
    assert ada.split(";")[column] == "lovelace@example.org"  # the school sends the results
    assert "solution" not in csv_text


def test_finalise_refused_without_any_started_test(api: Api) -> None:
    admin = api.admin()
    sid = api.session(admin)["id"]
    api.candidate(admin, sid)
    r = api.client.post(f"/api/admin/sessions/{sid}/finalise", json={}, headers=api.h(admin))
    assert r.status_code == 409 and r.json()["error"]["code"] == "no_test_started"


def test_technical_abandonment_and_candidate_abandonment(api: Api) -> None:
    admin = api.admin()
    h = api.h(admin)
    sid, ada, _inv, k_ada, test = api.started(admin)
    first = test["challenges"][0]["id"]
    api.push(
        k_ada, api.event(EventKind.ANSWER_SUBMITTED, sid, ada["id"], challenge_id=first, answer=1)
    )
    r = api.client.post(
        f"/api/admin/sessions/{sid}/finalise",
        json={"candidates": [{"candidate_id": ada["id"], "abandonment": "technical"}]},
        headers=h,
    )
    assert r.status_code == 200, r.text
    jury = api.jury()
    (res,) = api.client.get(f"/api/jury/sessions/{sid}/results", headers=api.h(jury)).json()
    assert res["result"]["abandonment"] == "technical"
    assert not res["result"]["trustable"]
    assert sum(q["neutralised"] for q in res["result"]["questions"]) == len(test["challenges"]) - 1


def test_finalisation_saved_at_any_time_then_shown_once_finalised(api: Api) -> None:
    """Seed 003: "Vous pouvez sauvegarder vos changements à tout moment"; nothing is
    recorded until finalised; afterwards the saved body is what was sent (step 3 shown)."""
    admin = api.admin()
    h = api.h(admin)
    sid, cand, _inv, _kiosk, _test = api.started(admin)
    url = f"/api/admin/sessions/{sid}/finalisation/saved"
    assert api.client.get(url, headers=h).json() is None
    draft = {"candidates": [{"candidate_id": cand["id"], "abandonment": "technical",
                             "incidents": [{"category": "C1", "description": "Kirkove"}]}],
             "comment": "Coupure de courant."}
    assert api.client.put(url, json=draft, headers=h).status_code == 204
    saved = api.client.get(url, headers=h).json()
    assert saved["candidates"][0]["abandonment"] == "technical"
    assert saved["candidates"][0]["incidents"][0]["description"] == "Kirkove"
    state = api.client.get(f"/api/admin/sessions/{sid}/finalisation", headers=h).json()
    assert state[0]["incidents"] == []  # a draft records nothing
    bad = {"candidates": [{"candidate_id": 999_999}]}
    r = api.client.put(url, json=bad, headers=h)
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_candidate"
    r = api.client.post(f"/api/admin/sessions/{sid}/finalise", json=draft, headers=h)
    assert r.status_code == 200, r.text
    assert api.client.get(url, headers=h).json()["comment"] == "Coupure de courant."
    r = api.client.put(url, json=draft, headers=h)
    assert r.status_code == 409 and r.json()["error"]["code"] == "session_read_only"


def test_a_document_sent_by_mistake_is_deleted_until_finalised(api: Api) -> None:
    admin = api.admin()
    h = api.h(admin)
    sid, _cand, _inv, _kiosk, _test = api.started(admin)
    url = f"/api/admin/sessions/{sid}/documents"
    ids = [api.client.post(url, files={"file": (f"{n}.png", PNG)}, headers=h).json()["id"]
           for n in ("pv", "erreur")]
    assert api.client.delete(f"{url}/{ids[1]}", headers=h).status_code == 204
    assert [d["id"] for d in api.client.get(url, headers=h).json()] == ids[:1]
    assert api.client.delete(f"{url}/{ids[1]}", headers=h).status_code == 404
    other = api.admin("Autre centre")
    assert api.client.delete(f"{url}/{ids[0]}", headers=api.h(other)).status_code == 403
