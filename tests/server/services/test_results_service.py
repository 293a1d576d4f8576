"""`app.server.results_service`: finalisation, scoring end to end, the jury, publication.

The rules themselves (R, the competence table, E codes) are tested in tests/unit; here,
that the service applies them to what the session's log holds: a test taken through the
services, finalised, then changed by the jury, gives the result the rules say, and a
result is recomputed from the log after each jury action, never edited by hand.
"""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa

from app.domain.events import EventKind
from app.models.server import Certification, Document, ExamSession
from app.server import results_service as rs
from app.server.errors import ApiError
from app.wire.results import FinaliseIn
from tests.server.conftest import PNG_BYTES
from tests.server.services.conftest import World

ALL_RIGHT_PIX = 6 * 24  # six competences at level 3 with 24 Pix each (the profile)


def _finalise(w: World, session: ExamSession, **body: object) -> None:
    rs.finalise(w.ctx, w.db, session, FinaliseIn.model_validate(body))


def _cert(w: World, candidate_id: int) -> Certification:
    w.db.expire_all()
    cert = w.db.scalar(sa.select(Certification).where(Certification.candidate_id == candidate_id))
    assert cert is not None
    return cert


def _error(exc: pytest.ExceptionInfo[ApiError]) -> tuple[int, str]:
    return exc.value.status, exc.value.code


def test_all_right_validates_at_the_profile_and_the_log_decides(world: World) -> None:
    w = world
    session = w.session()
    cand = w.candidate(session)
    kiosk, challenges = w.started(session, cand)
    w.answer_all(kiosk, challenges)
    _finalise(w, session, comment="RAS")
    result = _cert(w, cand.id).result
    assert result is not None
    assert (result["status"], result["r"], result["pix_score"]) == ("validated", 100, 144)
    assert result["trustable"] is True
    assert all(q["status"] == "ok" and not q["neutralised"] for q in result["questions"])
    assert [q["challenge_id"] for q in result["questions"]] == challenges
    assert {c["outcome"] for c in result["competences"].values()} == {"validated"}
    assert w.db.get(ExamSession, session.id).scored_at is not None  # type: ignore[union-attr]


def test_finalise_is_once_and_needs_a_started_test(world: World) -> None:
    w = world
    empty = w.session()
    w.candidate(empty)
    with pytest.raises(ApiError) as err:
        _finalise(w, empty)
    assert _error(err) == (409, "no_test_started")
    w.db.rollback()
    assert w.db.get(ExamSession, empty.id).finalised_at is None  # type: ignore[union-attr]

    session = w.session()
    cand = w.candidate(session)
    kiosk, challenges = w.started(session, cand)
    w.answer_all(kiosk, challenges)
    with pytest.raises(ApiError) as err:
        _finalise(w, session, candidates=[{"candidate_id": 10**9}])
    assert _error(err) == (422, "unknown_candidate")
    with pytest.raises(ApiError) as err:  # a finished test has nothing to abandon
        _finalise(w, session, candidates=[{"candidate_id": cand.id, "abandonment": "technical"}])
    assert _error(err) == (422, "abandonment_not_applicable")
    w.db.rollback()
    _finalise(w, session)
    with pytest.raises(ApiError) as err:
        _finalise(w, session)
    assert _error(err) == (409, "already_finalised")


def test_an_unfinished_test_needs_an_abandonment_reason(world: World) -> None:
    w = world
    session = w.session()
    cand = w.candidate(session)
    kiosk, challenges = w.started(session, cand)
    w.answer_all(kiosk, challenges[:3], end=False)
    with pytest.raises(ApiError) as err:
        _finalise(w, session)
    assert _error(err) == (422, "abandonment_missing")
    w.db.rollback()
    assert w.db.get(ExamSession, session.id).finalised_at is None  # type: ignore[union-attr]
    # Nothing of the refused finalisation was recorded: the test is still running.
    state = w.ctx.eventlog.state(w.db, session.id)
    assert not state.finalised and not state.candidates[cand.id].ended


@pytest.mark.parametrize("reason", ["technical", "candidate"])
def test_abandonment_neutralises_or_fails_the_unanswered_questions(
    world: World, reason: str
) -> None:
    w = world
    session = w.session()
    cand = w.candidate(session)
    kiosk, challenges = w.started(session, cand)
    w.answer_all(kiosk, challenges[:3], end=False)
    _finalise(w, session, candidates=[{"candidate_id": cand.id, "abandonment": reason}])
    result = _cert(w, cand.id).result
    assert result is not None and result["abandonment"] == reason
    rest = result["questions"][3:]
    assert [q["status"] for q in result["questions"][:3]] == ["ok"] * 3
    if reason == "technical":  # nobody's fault: neutralised, the test is not trustable
        assert all(q["neutralised"] for q in rest)
        assert result["r"] == 100 and result["trustable"] is False
    else:  # the candidate chose not to answer: wrong
        assert all(q["status"] == "aband" and not q["neutralised"] for q in rest)
        assert result["r"] == round(100 * 3 / len(challenges))
        assert result["status"] == "rejected" and result["pix_score"] == 0
    # The open test was ended by the finalisation itself.
    assert w.ctx.eventlog.state(w.db, session.id).candidates[cand.id].ended


def test_an_e_incident_on_a_wrong_answer_neutralises_it(world: World) -> None:
    w = world
    session = w.session()
    cand = w.candidate(session)
    kiosk, challenges = w.started(session, cand)
    w.answer_all(kiosk, challenges, wrong={0, 1})
    incident = {"category": "E4", "question_number": 1, "description": "site en panne"}
    _finalise(w, session, candidates=[{"candidate_id": cand.id, "incidents": [incident],
                                       "end_screen_seen": True}])
    result = _cert(w, cand.id).result
    assert result is not None
    first, second = result["questions"][:2]
    assert (first["status"], first["neutralised"]) == ("ko", True)
    assert (second["status"], second["neutralised"]) == ("ko", False)
    counted = len(challenges) - 1
    assert result["r"] == round(100 * (counted - 1) / counted)
    assert result["incidents"] == [
        {"category": "E4", "question_number": 1, "description": "site en panne"}
    ]


def test_the_jury_neutralises_and_cancels_and_each_rescores_from_the_log(world: World) -> None:
    w = world
    session = w.session()
    cand = w.candidate(session)
    kiosk, challenges = w.started(session, cand)
    w.answer_all(kiosk, challenges, wrong={0})
    with pytest.raises(ApiError) as err:
        rs.jury_session(w.db, session.id)
    assert _error(err) == (409, "not_finalised")
    _finalise(w, session)
    before = _cert(w, cand.id).result
    assert before is not None and before["r"] < 100
    assert rs.jury_session(w.db, session.id).id == session.id

    rs.jury_event(w.ctx, w.db, session, EventKind.QUESTION_NEUTRALISED, cand.id,
                  {"challenge_id": challenges[0], "comment": "image absente"})
    after = _cert(w, cand.id).result
    assert after is not None
    assert after["questions"][0]["neutralised"] is True
    assert after["r"] == 100 and after["status"] == "validated"
    assert after["pix_score"] == ALL_RIGHT_PIX
    assert w.db.get(ExamSession, session.id).reviewed_at is not None  # type: ignore[union-attr]

    # A result edited by hand is put back by the next rescore: the log decides.
    cert = _cert(w, cand.id)
    cert.result = {"status": "validated", "pix_score": 999}
    w.db.commit()
    rs.rescore(w.ctx, w.db, session)
    assert _cert(w, cand.id).result == after

    rs.jury_event(w.ctx, w.db, session, EventKind.CERTIFICATION_CANCELLED, cand.id,
                  {"comment": "fraude"})
    cancelled = _cert(w, cand.id).result
    assert cancelled is not None
    assert (cancelled["status"], cancelled["pix_score"]) == ("cancelled", 0)

    with pytest.raises(ApiError) as err:  # a candidate of this session only
        rs.jury_event(w.ctx, w.db, session, EventKind.CERTIFICATION_CANCELLED, 10**9, {})
    assert _error(err) == (404, "not_found")


def test_publication_gives_codes_once_and_certificates_to_validated_only(world: World) -> None:
    w = world
    session = w.session()
    ada = w.candidate(session, last_name="Lovelace", first_name="Ada")
    bob = w.candidate(session, last_name="Babbage", first_name="Charles")
    k_ada, c_ada = w.started(session, ada, "pc-a")
    k_bob, c_bob = w.started(session, bob, "pc-b")
    w.answer_all(k_ada, c_ada)
    w.answer_all(k_bob, c_bob, wrong=set(range(len(c_bob))))  # all wrong: rejected
    _finalise(w, session)
    rs.jury_comment(w.ctx, w.db, session, ada.id, "vu")
    with pytest.raises(ApiError) as err:
        rs.require_published(session)
    assert _error(err) == (409, "not_published")
    with pytest.raises(ApiError):
        rs.candidate_certificate(w.db, session, ada.id)  # not published yet

    rs.jury_event(w.ctx, w.db, session, EventKind.RESULTS_PUBLISHED, None, {})
    rs.require_published(session)
    rows = rs.results(w.db, session)
    assert [r.last_name for r in rows] == ["Babbage", "Lovelace"]  # by name
    bob_row, ada_row = rows
    assert (ada_row.status, ada_row.pix_score, ada_row.jury_comment) == ("validated", 144, "vu")
    assert (bob_row.status, bob_row.pix_score) == ("rejected", 0)
    assert ada_row.verification_code and bob_row.verification_code
    assert ada_row.verification_code != bob_row.verification_code
    assert [c.level for c in ada_row.competences] == [3] * 6

    cert = rs.certificate_by_code(w.db, ada_row.verification_code.lower()[2:])
    assert (cert.last_name, cert.pix_score) == ("Lovelace", 144)
    assert rs.candidate_certificate(w.db, session, ada.id) == cert
    for code in (bob_row.verification_code, "P-BBBBBBBB", "nonsense"):
        with pytest.raises(ApiError) as err:
            rs.certificate_by_code(w.db, code)
        assert _error(err) == (404, "not_found")

    with pytest.raises(ApiError) as err:
        rs.jury_comment(w.ctx, w.db, session, ada.id, "trop tard")
    assert _error(err) == (409, "already_published")
    # Codes are given once: publishing is recorded once, and a rescore keeps them.
    with pytest.raises(ApiError):
        rs.jury_event(w.ctx, w.db, session, EventKind.RESULTS_PUBLISHED, None, {})
    w.db.rollback()
    rs.rescore(w.ctx, w.db, session)
    assert [r.verification_code for r in rs.results(w.db, session)] == [
        bob_row.verification_code, ada_row.verification_code
    ]

    table = list(csv.reader(io.StringIO(rs.results_csv(w.db, session)), delimiter=";"))
    assert table[0][:7] == ["numero_certification", "nom", "prenom", "statut", "pix",
                            "code_verification", "email_resultats"]
    assert [row[1] for row in table[1:]] == ["Babbage", "Lovelace"]
    assert table[2][3:6] == ["validated", "144", ada_row.verification_code]
    assert table[2][7:13] == ["3"] * 6


def test_documents_are_typed_by_content_and_read_only_after_finalisation(world: World) -> None:
    w = world
    session = w.session()
    assert rs.sniff(b"%PDF-1.7 ...") == "application/pdf"
    assert rs.sniff(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert rs.sniff(b"MZ\x90\x00") is None
    doc = rs.add_document(w.db, session, "pv.png", PNG_BYTES, w.clock.now())
    assert (doc.content_type, doc.size, doc.filename) == ("image/png", len(PNG_BYTES), "pv.png")
    with pytest.raises(ApiError) as err:
        rs.add_document(w.db, session, "virus.exe", b"MZ\x90\x00", w.clock.now())
    assert _error(err) == (415, "unsupported_type")
    long_name = "x" * 300 + ".pdf"
    assert rs.add_document(w.db, session, long_name, b"%PDF-", w.clock.now()).filename == (
        long_name[-255:]
    )
    cand = w.candidate(session)
    kiosk, challenges = w.started(session, cand)
    w.answer_all(kiosk, challenges)
    _finalise(w, session)
    with pytest.raises(ApiError) as err:
        rs.add_document(w.db, session, "late.pdf", b"%PDF-", w.clock.now())
    assert _error(err) == (409, "session_read_only")
    count = w.db.scalar(sa.select(sa.func.count()).select_from(Document)
                        .where(Document.session_id == session.id))
    assert count == 2


def test_a_validated_alert_without_a_spare_neutralises_the_question(world: World) -> None:
    """The invigilator validated the candidate's alert on question 1 and the test has no
    spare for its competence (the test bank's levels above 3 are not asked): the question
    stays in its slot, neutralised, and does not count."""
    w = world
    session = w.session()
    cand = w.candidate(session)
    kiosk, challenges = w.started(session, cand)
    first = challenges[0]
    alert = w.event(EventKind.ALERT_RAISED, session.id, cand.id, kiosk.device_id or "pc-1",
                    alert_id="a1", challenge_id=first)
    assert not w.push(kiosk, alert)[1]
    resolved = w.event(EventKind.ALERT_RESOLVED, session.id, cand.id, "station",
                       alert_id="a1", accepted=True, category="E1")
    assert not w.push(w.inv(session), resolved)[1]
    state = w.ctx.eventlog.state(w.db, session.id).candidates[cand.id]
    assert list(state.challenges) == challenges  # nothing to replace it with
    w.answer_all(kiosk, challenges[1:])
    _finalise(w, session)
    result = _cert(w, cand.id).result
    assert result is not None
    assert [q["challenge_id"] for q in result["questions"]] == challenges
    assert result["questions"][0]["neutralised"] is True
    assert all(not q["neutralised"] for q in result["questions"][1:])
    assert result["r"] == 100 and result["status"] == "validated"


def test_the_csv_export_never_hands_a_spreadsheet_a_formula(world: World) -> None:
    """Names come from the school's import file: one that starts like a formula (=, +, -,
    @; names are stripped of spaces and tabs) must reach the spreadsheet as text, not run
    there (CSV injection). The name is kept, after a leading apostrophe."""
    w = world
    session = w.session()
    names = ["=HYPERLINK(\"http://x\")", "+33 6", "-Ada", "@SUM(A1)", "Normal"]
    cands = [w.candidate(session, last_name=name, first_name=f"P{i}")
             for i, name in enumerate(names)]
    for i, cand in enumerate(cands):
        kiosk, challenges = w.started(session, cand, f"pc-{i}")
        w.answer_all(kiosk, challenges)
    _finalise(w, session)
    rs.jury_event(w.ctx, w.db, session, EventKind.RESULTS_PUBLISHED, None, {})
    table = list(csv.reader(io.StringIO(rs.results_csv(w.db, session)), delimiter=";"))
    exported = {row[2]: row[1] for row in table[1:]}
    for i, name in enumerate(names):
        cell = exported[f"P{i}"]
        assert cell[0] not in "=+-@\t\r", cell
        assert cell.lstrip("'") == name
    assert exported["P4"] == "Normal"
    # Numbers stay numbers.
    assert all(row[4].isdigit() for row in table[1:])
