"""The invigilator desk against a live server: login, live rows, every action with its
effect seen by a kiosk, alerts, an outage with queued actions, the attention order, and a
station killed and restarted."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.domain.events import EventKind
from app.domain.incidents import IncidentCategory
from app.domain.roster import Attention
from app.services.desk import LOGIN_KEY, InvigilatorDesk
from app.services.invigilator_api import BAD_CREDENTIALS_FR, EXPIRED_FR
from tests.helpers.live_server import LiveServer
from tests.helpers.station import (
    HeldPushes,
    Kiosk,
    Session,
    make_desk,
    make_session,
    run_on_qasync,
    until,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("server"))
    live.create_accounts()
    live.start()
    try:
        yield live
    finally:
        live.stop()


class Recorder:
    """Collects a desk's signals."""

    def __init__(self, desk: InvigilatorDesk) -> None:
        self.failed: list[str] = []
        self.login_failed: list[str] = []
        self.online: list[bool] = []
        self.changed: list[int] = []
        desk.action_failed.connect(self.failed.append)
        desk.login_failed.connect(self.login_failed.append)
        desk.connection_changed.connect(lambda on, _since: self.online.append(on))
        desk.rows_changed.connect(self.changed.extend)


def open_desk(server: LiveServer, tmp: Path, s: Session) -> tuple[InvigilatorDesk, Recorder]:
    desk, _store, _api = make_desk(server.url, tmp)
    return desk, Recorder(desk)


def test_wrong_password_then_login(qapp: Any, server: LiveServer, tmp_path: Path) -> None:
    s = make_session(server)
    desk, rec = open_desk(server, tmp_path, s)

    async def scenario() -> None:
        assert not await desk.login(s.sid, "C-XXXXXX")
        assert rec.login_failed == [BAD_CREDENTIALS_FR]
        assert await desk.login(s.sid, s.password)
        assert desk.header is not None and desk.header.access_code == s.access_code
        assert {r.first_name for r in desk.rows()} == {"Ada", "Alan"}
        assert desk.counters().total == 2
        await desk.close()

    run_on_qasync(qapp, scenario())


def test_presence_then_start_shows_live_and_every_action_reaches_the_kiosk(
    qapp: Any, server: LiveServer, tmp_path: Path
) -> None:
    s = make_session(server)
    desk, rec = open_desk(server, tmp_path, s)
    ada = Kiosk(s, "Ada", "Lovelace")

    async def scenario() -> None:
        assert await desk.login(s.sid, s.password)
        ada.join()
        await until(lambda: (r := desk.row(ada.cid)) is not None and r.joined, 10, "join seen")
        row = desk.row(ada.cid)
        assert row is not None and row.attention is Attention.PRESENCE
        assert "Présence à confirmer" in row.flags_fr()
        # Presence is refused for a candidate who has not joined: said in French.
        alan = s.candidates["Alan"]["id"]
        assert not await desk.confirm_presence(alan)
        assert rec.failed[-1] == "Ce candidat ne s'est pas encore connecté sur un poste."
        assert await desk.confirm_presence(ada.cid)
        await until(lambda: ada.status()["presence_valid"], 5, "presence on the kiosk")
        assert await desk.launch_test()
        ada.start()
        await until(lambda: (r := desk.row(ada.cid)) is not None and r.running, 10, "start")
        row = desk.row(ada.cid)
        assert row is not None and row.status_label == "En cours"
        assert row.theoretical_end is not None and row.remaining_s is not None
        assert row.position == 1 and row.total == len(ada.challenge_ids())
        # Every action, seen by the kiosk.
        assert await desk.add_time(12, ada.cid)
        assert await desk.add_time(5)
        ada.push(EventKind.RESUME_REQUESTED, outage_ms=61_000)
        await until(lambda: (r := desk.row(ada.cid)) is not None and r.resume_pending, 10)
        # The row may show the request from the server's list before the pulled event
        # (which carries the measured outage) is folded here: wait for the latter.
        await until(lambda: desk.suggested_minutes(ada.cid) == 2, 10, "outage measured")
        assert await desk.authorize_resume(ada.cid)
        errors = await desk.report_incident(ada.cid, IncidentCategory.E8, None, "")
        assert errors == ["Indiquez le numéro de la question concernée."]
        assert await desk.report_incident(ada.cid, IncidentCategory.E8, 1, "chrono") == []
        assert not await desk.mark_end_screen_seen(ada.cid)
        assert await desk.end_test(ada.cid)
        await until(lambda: (r := desk.row(ada.cid)) is not None and r.end_screen_waiting, 10)
        assert await desk.mark_end_screen_seen(ada.cid)
        await until(lambda: desk.unsent_total == 0, 5, "everything sent")
        kinds = ada.kinds_seen()
        for kind in (EventKind.PRESENCE_CONFIRMED, EventKind.TEST_LAUNCHED,
                     EventKind.TIME_ADDED, EventKind.RESUME_AUTHORIZED,
                     EventKind.INCIDENT_REPORTED, EventKind.TEST_ENDED,
                     EventKind.END_SCREEN_SEEN):
            assert kind in kinds, kind
        assert ada.status()["ended_by"] == "invigilator"
        row = desk.row(ada.cid)
        assert row is not None and row.status_label == "Terminé par le surveillant"
        assert row.time_added_min == 17
        await desk.close()

    run_on_qasync(qapp, scenario())


def test_a_resume_request_sent_while_time_added_was_on_its_way_stays_suggested(
    qapp: Any, server: LiveServer, tmp_path: Path
) -> None:
    """Time added for the room answers the outages the station knew of. A kiosk's
    request that reaches the server before the station's TimeAdded (slow link) is
    sequenced first, yet the invigilator has not answered it: it stays suggested."""
    s = make_session(server)
    pushes: list[HeldPushes] = []
    desk, _store, _api = make_desk(server.url, tmp_path, pushes=pushes)
    ada = Kiosk(s, "Ada", "Lovelace")

    async def scenario() -> None:
        assert await desk.login(s.sid, s.password)
        ada.join()
        await until(lambda: (r := desk.row(ada.cid)) is not None and r.joined, 10, "join seen")
        assert await desk.confirm_presence(ada.cid)
        assert await desk.launch_test()
        await until(lambda: desk.unsent_total == 0, 5, "launch sent")
        ada.start()
        await until(lambda: (r := desk.row(ada.cid)) is not None and r.running, 10, "start")
        pushes[0].hold()
        assert await desk.add_time(5)  # recorded; its push waits
        ada.push(EventKind.RESUME_REQUESTED, outage_ms=61_000)
        await until(lambda: desk.suggested_minutes(ada.cid) == 2, 10, "outage measured")
        pushes[0].release()
        await until(lambda: desk.unsent_total == 0, 10, "time added sent")
        await asyncio.sleep(0.5)  # the echo of the TimeAdded, pulled after the request
        assert desk.suggested_minutes(ada.cid) == 2
        # Once the invigilator gives that time back, nothing is suggested any more.
        assert await desk.add_time(2, ada.cid)
        assert desk.suggested_minutes(ada.cid) == 0
        await desk.close()

    run_on_qasync(qapp, scenario())


def test_late_entries_closed_then_a_latecomer_admitted(
    qapp: Any, server: LiveServer, tmp_path: Path
) -> None:
    s = make_session(server)
    desk, _rec = open_desk(server, tmp_path, s)
    late = Kiosk(s, "Alan", "Turing")

    async def scenario() -> None:
        assert await desk.login(s.sid, s.password)
        assert await desk.close_entries()
        await until(lambda: desk.unsent_total == 0, 5)
        with pytest.raises(AssertionError, match="session_closed"):
            late.join()
        assert await desk.admit_late(s.candidates["Alan"]["id"])
        await until(lambda: desk.unsent_total == 0, 5)
        late.join()
        await until(lambda: (r := desk.row(late.cid)) is not None and r.joined, 10)
        await desk.close()

    run_on_qasync(qapp, scenario())


def _started(s: Session, first: str, last: str) -> Kiosk:
    k = Kiosk(s, first, last)
    k.join()
    inv = s.driver.login_invigilator(s.sid, s.password)
    s.driver.action(inv, "PresenceConfirmed", k.cid)
    k.start()
    return k


def test_alert_validated_with_an_applicable_code_or_refused(
    qapp: Any, server: LiveServer, tmp_path: Path
) -> None:
    s = make_session(server)
    ada = _started(s, "Ada", "Lovelace")
    desk, _rec = open_desk(server, tmp_path, s)

    async def scenario() -> None:
        assert await desk.login(s.sid, s.password)
        first = ada.challenge_ids()[0]
        ada.push(EventKind.ALERT_RAISED, alert_id="a1", challenge_id=first)
        await until(lambda: (r := desk.row(ada.cid)) is not None and r.paused, 10, "alert")
        row = desk.row(ada.cid)
        assert row is not None and row.attention is Attention.ALERT
        assert desk.rows()[0].candidate_id == ada.cid
        codes = await desk.alert_categories(ada.cid)
        assert codes and all(c.needs_question_number for c in codes)
        assert IncidentCategory.E11 in codes  # platform error applies to any question
        assert await desk.resolve_alert(ada.cid, accepted=True, category=codes[-1])
        await until(lambda: (r := desk.row(ada.cid)) is not None and not r.paused, 10)
        resolved = [e for e in ada.pulled() if e.kind is EventKind.ALERT_RESOLVED]
        await until(lambda: bool([e for e in ada.pulled()
                                  if e.kind is EventKind.ALERT_RESOLVED]), 5)
        # A second alert, refused: the candidate answers the same question.
        second = ada.challenge_ids()[1]
        ada.push(EventKind.ALERT_RAISED, alert_id="a2", challenge_id=second)
        await until(lambda: (r := desk.row(ada.cid)) is not None and r.paused, 10)
        assert await desk.resolve_alert(ada.cid, accepted=False)
        await until(lambda: len([e for e in ada.pulled()
                                 if e.kind is EventKind.ALERT_RESOLVED]) == 2, 5)
        del resolved
        await desk.close()

    run_on_qasync(qapp, scenario())


def test_attention_first_and_in_order(qapp: Any, server: LiveServer, tmp_path: Path) -> None:
    people = [("Anna", "Alpha"), ("Bea", "Bravo"), ("Cleo", "Charlie"), ("Dan", "Delta"),
              ("Eve", "Echo")]
    s = make_session(server, people)
    kiosks = {first: _started(s, first, last) for first, last in people[:4]}
    kiosks["Anna"].push(EventKind.TEST_ENDED, by="candidate")  # end screen waiting
    kiosks["Dan"].push(EventKind.ALERT_RAISED, alert_id="x",
                       challenge_id=kiosks["Dan"].challenge_ids()[0])
    kiosks["Cleo"].push(EventKind.RESUME_REQUESTED, outage_ms=1000)
    late = Kiosk(s, "Eve", "Echo")
    late.join()  # waiting for presence
    desk, _rec = open_desk(server, tmp_path, s)

    async def scenario() -> None:
        assert await desk.login(s.sid, s.password)
        await until(lambda: desk.rows()[0].first_name == "Dan", 10)
        order = [r.first_name for r in desk.rows()]
        assert order == ["Dan", "Cleo", "Anna", "Eve", "Bea"]
        assert [r.needs_attention for r in desk.rows()] == [True, True, True, True, False]
        await desk.close()

    run_on_qasync(qapp, scenario())


def test_outage_actions_are_queued_and_replayed(
    qapp: Any, server: LiveServer, tmp_path: Path
) -> None:
    s = make_session(server)
    ada = _started(s, "Ada", "Lovelace")
    desk, rec = open_desk(server, tmp_path, s)

    async def scenario() -> None:
        assert await desk.login(s.sid, s.password)
        await until(lambda: desk.online is True, 5, "online")
        server.kill()
        await until(lambda: desk.online is False, 3, "stale at once")
        assert rec.online[-1] is False
        assert await desk.add_time(7, ada.cid), rec.failed
        assert await desk.end_test(ada.cid)
        row = desk.row(ada.cid)
        assert row is not None and row.status_label == "Terminé par le surveillant"
        assert row.unsent == 2 and "Action en attente d'envoi" in row.flags_fr()
        server.start()
        await until(lambda: desk.online is True and desk.unsent_total == 0, 15, "replayed")
        kinds = ada.kinds_seen()
        assert EventKind.TIME_ADDED in kinds and EventKind.TEST_ENDED in kinds
        await desk.close()

    run_on_qasync(qapp, scenario())


def test_a_killed_station_comes_back_to_the_same_state(
    qapp: Any, server: LiveServer, tmp_path: Path
) -> None:
    s = make_session(server)
    ada = _started(s, "Ada", "Lovelace")
    desk, rec = open_desk(server, tmp_path, s)

    async def first_run() -> tuple[Any, ...]:
        assert await desk.login(s.sid, s.password)
        server.kill()
        await until(lambda: desk.online is False, 10)
        assert await desk.add_time(9, ada.cid)  # recorded offline, not yet sent
        row = desk.row(ada.cid)
        assert row is not None
        await desk.close()  # as good as a kill: everything is already on disk
        return (row.status_label, row.time_added_min, row.theoretical_end)

    before = run_on_qasync(qapp, first_run())
    desk._store.close()
    desk2, _store2, _api2 = make_desk(server.url, tmp_path)

    async def second_run() -> None:
        assert await desk2.restore()  # offline: from the store's cache
        assert desk2.session_id == s.sid and desk2.header is not None
        row = desk2.row(ada.cid)
        assert row is not None
        assert (row.status_label, row.time_added_min, row.theoretical_end) == before
        assert row.last_name == "Lovelace"
        server.start()
        await until(lambda: desk2.unsent_total == 0, 15, "replayed after restart")
        assert EventKind.TIME_ADDED in ada.kinds_seen()
        await desk2.logout()
        await desk2.close()

    run_on_qasync(qapp, second_run())
    del rec


def test_a_station_whose_token_is_no_longer_accepted_goes_back_to_login_and_says_why(
    qapp: Any, server: LiveServer, tmp_path: Path
) -> None:
    """The poll meets a rejected token and stops everything, its own task included: the
    stop used to cancel the task doing it, so the station never went back to login."""
    s = make_session(server)
    desk, store, _api = make_desk(server.url, tmp_path)
    store.put_blob(LOGIN_KEY, json.dumps({"session_id": s.sid, "token": "revoked"}).encode())
    out: list[str] = []
    desk.logged_out.connect(out.append)

    async def scenario() -> None:
        assert await desk.restore()
        await until(lambda: bool(out), 10, "back to the login screen")
        assert out == [EXPIRED_FR] and desk.session_id is None
        assert store.get_blob(LOGIN_KEY) == b""
        await desk.close()

    run_on_qasync(qapp, scenario())


def test_a_station_refolds_its_log_in_the_stores_causal_order(
    qapp: Any, server: LiveServer, tmp_path: Path
) -> None:
    """The desk folds as the kiosk does (LocalStore.causal_events), so a restarted station
    shows what it showed live. Entries were closed at the station and, before that action
    reached the server, a latecomer's join was pulled: live, the station's closure came
    first and its fold refused the join. A refold (what a restart does) used to put the
    pending actions last, and showed the latecomer joined after a restart only."""
    s = make_session(server)
    pushes: list[HeldPushes] = []
    desk, store, _api = make_desk(server.url, tmp_path, pushes=pushes)
    alan = Kiosk(s, "Alan", "Turing")

    async def joins_held() -> list[Any]:
        events = await desk._in_store(store.events, s.sid)
        return [e for e in events if e.kind is EventKind.CANDIDATE_JOINED]

    async def scenario() -> None:
        assert await desk.login(s.sid, s.password)
        pushes[0].hold()
        assert await desk.close_entries()
        alan.join()  # the server does not know of the closure yet
        while not await joins_held():
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.1)  # the pull's callback has applied it
        live = desk.row(alan.cid)
        assert live is not None and not live.joined
        await desk._refold()
        desk._recompute(None)
        again = desk.row(alan.cid)
        assert again is not None and again == live
        # Once the server has the closure (after the join), the log's order is the server's.
        pushes[0].release()
        await until(lambda: desk.unsent_total == 0, 10, "closure sent")
        await desk._refold()
        desk._recompute(None)
        now = desk.row(alan.cid)
        assert now is not None and now.joined
        await desk.close()

    run_on_qasync(qapp, scenario())
