"""`app.server.admin_service`: accounts, the session's lifecycle, its candidates, import.

SPEC "Before": a session is created with its own password and access code, edited until
it is finalised, deleted only while nobody joined; its candidate list is edited (or
replaced by an import) until a test starts, one candidate per person (names and
birthdate, whatever the accents or case); an admin sees its centre's sessions only.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from app.models.server import Candidate, ExamSession, SessionSecret
from app.server import admin_service as adm
from app.server import invigilator_service as inv
from app.server import results_service
from app.server.auth import verify_secret
from app.server.errors import ApiError
from app.server.importer import parse_rows
from app.wire.admin import CandidateUpdate, SessionUpdate
from app.wire.results import FinaliseIn
from tests.server.services.conftest import World


def _error(exc: pytest.ExceptionInfo[ApiError]) -> tuple[int, str]:
    return exc.value.status, exc.value.code


def _tomorrow(w: World, days: int = 1) -> date:
    return w.clock.now().date() + timedelta(days=days)


def test_accounts(world: World) -> None:
    w = world
    centre = "Collège Victor Hugo " + w.clock.now().isoformat()
    first = adm.create_account(w.db, email="  Ref@College.FR ", password="12345678",
                               role="admin", centre=centre, now=w.clock.now())
    assert first.email == "ref@college.fr"
    assert verify_secret(first.password_hash, "12345678")
    second = adm.create_account(w.db, email="ref2@college.fr", password="12345678",
                                role="admin", centre=centre, now=w.clock.now())
    assert second.centre_id == first.centre_id  # the centre is found by name
    jury = adm.create_account(w.db, email="jury@pix.fr", password="12345678", role="jury",
                              centre=None, now=w.clock.now())
    assert jury.centre_id is None
    for kwargs, message in (
        ({"email": "a@b.fr", "password": "short", "role": "jury", "centre": None}, "8 char"),
        ({"email": "a@b.fr", "password": "12345678", "role": "admin", "centre": ""}, "centre"),
        ({"email": "REF@college.fr", "password": "12345678", "role": "admin",
          "centre": centre}, "already exists"),
    ):
        with pytest.raises(ValueError, match=message):
            adm.create_account(w.db, now=w.clock.now(), **kwargs)


def test_names_match_whatever_the_accents_case_and_punctuation() -> None:
    assert adm.normalise_name("  Éléonore-Marie d'Aubigné ") == "eleonoremariedaubigne"
    key = adm.match_key("JEAN-LUC", "Lépine", date(2010, 1, 2))
    assert key == adm.match_key("jean luc", "LEPINE", date(2010, 1, 2))
    assert key != adm.match_key("jean luc", "LEPINE", date(2010, 1, 3))


def test_a_session_gets_its_own_secrets_and_kit(world: World) -> None:
    w = world
    session = w.session()
    kit = adm.kit(w.db, session)
    assert kit.session_number == session.id
    assert kit.session_password.startswith("C-") and len(kit.session_password) == 8
    assert verify_secret(session.password_hash, kit.session_password[2:])
    assert verify_secret(session.access_code_hash, kit.access_code)
    assert (kit.room, kit.invigilators) == ("Salle 208", ["Paul Eluard"])
    other = adm.kit(w.db, w.session())
    assert (other.session_password, other.access_code) != (kit.session_password,
                                                           kit.access_code)
    with pytest.raises(ApiError) as err:
        w.session(date=w.clock.now().date() - timedelta(days=1))
    assert _error(err) == (422, "date_in_past")


def test_an_admin_reaches_its_centres_sessions_only(world: World) -> None:
    w = world
    session = w.session()
    assert adm.admin_session(w.db, w.admin, session.id) is session
    with pytest.raises(ApiError) as err:
        adm.admin_session(w.db, w.new_admin(), session.id)
    assert _error(err) == (403, "forbidden")
    with pytest.raises(ApiError) as err:
        adm.admin_session(w.db, w.admin, 10**9)
    assert _error(err) == (404, "not_found")


def test_the_session_lifecycle(world: World) -> None:
    """created → started → finalised → in_process (jury) → published; edits until
    finalised; deletion until someone joins."""
    w = world
    session = w.session()
    assert adm.session_status(session) == "created"
    updated = adm.update_session(w.db, session, SessionUpdate(room="Salle 12"), w.clock.now())
    assert updated.room == "Salle 12" and updated.site == "Collège Anne Frank"
    with pytest.raises(ApiError) as err:
        adm.update_session(w.db, session, SessionUpdate(date=date(2000, 1, 1)), w.clock.now())
    assert _error(err) == (422, "date_in_past")
    w.db.rollback()
    cand = w.candidate(session)
    kiosk = w.kiosk(cand)
    w.db.refresh(session)
    assert session.joined
    with pytest.raises(ApiError) as err:
        adm.delete_session(w.db, session)
    assert _error(err) == (409, "candidates_joined")
    w.db.rollback()
    kiosk, challenges = w.started(session, cand)
    w.db.refresh(session)
    assert adm.session_status(session) == "started"
    w.answer_all(kiosk, challenges)
    results_service.finalise(w.ctx, w.db, session, FinaliseIn())
    assert adm.session_status(session) == "finalised"
    with pytest.raises(ApiError) as err:
        adm.update_session(w.db, session, SessionUpdate(room="Salle 13"), w.clock.now())
    assert _error(err) == (409, "session_read_only")
    session.reviewed_at = w.clock.now()
    assert adm.session_status(session) == "in_process"
    session.published_at = w.clock.now()
    assert adm.session_status(session) == "published"
    w.db.rollback()

    unused = w.session()
    sid = unused.id
    adm.delete_session(w.db, unused)
    assert w.db.get(ExamSession, sid) is None


def test_deleting_a_session_nobody_joined_takes_its_candidates_and_kit(world: World) -> None:
    w = world
    session = w.session()
    sid = session.id
    kept = w.session()
    w.candidate(session)
    w.candidate(session, first_name="Bob")
    other = w.candidate(kept)
    inv.invigilator_login(w.ctx, w.db, sid, adm.kit(w.db, session).session_password)
    adm.delete_session(w.db, session)
    w.db.expire_all()
    assert w.db.get(ExamSession, sid) is None
    left = w.db.scalars(sa.select(Candidate.id).where(Candidate.session_id == sid)).all()
    assert left == []
    assert w.db.get(SessionSecret, sid) is None
    assert w.db.get(Candidate, other.id) is not None


def test_listing_filters_sorts_and_warns(world: World) -> None:
    w = world
    admin = w.new_admin()
    late = w.session(admin, room="Salle B_1", date=_tomorrow(w, 9))
    early = w.session(admin, room="salle a", date=_tomorrow(w, 2))
    cdi = w.session(admin, room="CDI 100%", date=_tomorrow(w, 5))
    w.session()  # another centre's

    def listed(**over: Any) -> list[int]:
        args: dict[str, Any] = {"date_from": None, "date_to": None, "status": None,
                                "room": None, "sort": "date"} | over
        return [s.id for s in adm.list_sessions(w.db, admin, **args)]

    assert listed() == [early.id, cdi.id, late.id]
    assert listed(sort="-date") == [late.id, cdi.id, early.id]
    assert listed(sort="room") == [cdi.id, late.id, early.id]
    assert listed(room="SALLE") == [early.id, late.id]
    assert listed(room="b_") == [late.id]  # LIKE characters are plain text
    assert listed(room="100%") == [cdi.id]
    assert listed(date_from=_tomorrow(w, 3), date_to=_tomorrow(w, 6)) == [cdi.id]
    assert listed(status="published") == []
    for _ in range(21):
        w.candidate(cdi)
    (public,) = [s for s in adm.list_sessions(w.db, admin, date_from=None, date_to=None,
                                              status="created", room="CDI", sort="id")]
    assert public.candidate_count == 21
    assert public.warnings == [
        "at least 2 invigilator(s) needed for 21 candidates (1 per 20)",
        "prepare 2 spare PC(s) for 21 candidates (1 per 20)",
    ]
    assert adm.session_out(w.db, early).warnings == []


def test_candidates_one_per_person_until_a_test_starts(world: World) -> None:
    w = world
    session = w.session()
    ada = w.candidate(session, first_name="Ada", class_name="3e B")
    bob = w.candidate(session, first_name="Bob", last_name="Babbage", class_name="3e A")
    assert ada.certifiable and ada.match_key == "ada|lovelace|2010-12-10"
    with pytest.raises(ApiError) as err:
        w.candidate(session, first_name="ADA", last_name="Lôvelace")
    assert _error(err) == (409, "duplicate_candidate")
    w.db.rollback()
    assert [c.id for c in adm.list_candidates(w.db, session, None)] == [bob.id, ada.id]
    assert [c.id for c in adm.list_candidates(w.db, session, "3e B")] == [ada.id]

    few = {code: {"level": 2} for code in list(ada.profile)[:4]}
    changed = adm.update_candidate(w.db, session, ada, CandidateUpdate.model_validate(
        {"first_name": "Adèle", "profile": few}))
    assert changed.match_key == "adele|lovelace|2010-12-10"
    assert changed.certifiable is False  # fewer than 5 competences
    with pytest.raises(ApiError) as err:
        adm.update_candidate(w.db, session, bob, CandidateUpdate(first_name="Adele",
                                                                   last_name="Lovelace"))
    assert _error(err) == (409, "duplicate_candidate")
    w.db.rollback()
    with pytest.raises(ApiError) as err:
        adm.session_candidate(w.db, w.session(), bob.id)
    assert _error(err) == (404, "not_found")
    assert adm.candidate_public(bob).first_name == "Bob"

    # A joined candidate stays; one who never joined may go, until a test starts.
    carl = w.candidate(session, first_name="Carl")
    w.kiosk(carl)
    w.db.refresh(session)
    with pytest.raises(ApiError) as err:
        adm.remove_candidate(w.db, session, carl)
    assert _error(err) == (409, "candidate_joined")
    w.db.rollback()
    adm.remove_candidate(w.db, session, changed)
    w.started(session, carl)
    w.db.refresh(session)
    for attempt in (
        lambda: w.candidate(session, first_name="Dora"),
        lambda: adm.update_candidate(w.db, session, bob, CandidateUpdate(class_name="3e C")),
        lambda: adm.remove_candidate(w.db, session, bob),
    ):
        with pytest.raises(ApiError) as err:
            attempt()
        assert _error(err) == (409, "list_locked")
        w.db.rollback()


def _rows(*people: tuple[str, str, int]) -> list[list[str]]:
    header = ["nom", "prenom", "date_naissance", "niveau_1.1", "niveau_1.2", "niveau_1.3",
              "niveau_2.1", "niveau_2.2"]
    return [header] + [[last, first, "10/12/2010", *[str(level)] * 5]
                       for last, first, level in people]


def test_an_import_replaces_the_whole_list_until_someone_joins(world: World) -> None:
    w = world
    session = w.session()
    w.candidate(session, first_name="Old")
    rows = parse_rows(_rows(("Curie", "Marie", 2), ("Noether", "Emmy", 0)))
    not_certifiable = adm.replace_candidates(w.db, session, rows, w.clock.now())
    assert not_certifiable == [rows[1].line]
    names = [c.first_name for c in adm.list_candidates(w.db, session, None)]
    assert names == ["Marie", "Emmy"]
    count = w.db.scalar(sa.select(sa.func.count()).select_from(Candidate)
                        .where(Candidate.session_id == session.id))
    assert count == 2
    (marie,) = [c for c in adm.list_candidates(w.db, session, None) if c.first_name == "Marie"]
    w.kiosk(marie)
    w.db.refresh(session)
    with pytest.raises(ApiError) as err:
        adm.replace_candidates(w.db, session, rows, w.clock.now())
    assert _error(err) == (409, "candidates_joined")
