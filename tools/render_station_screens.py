"""Render the invigilator station's screens to PNG, offscreen, with no server.

    .venv/bin/python tools/render_station_screens.py [OUT_DIR] [--language en]

Writes docs/screens/station/: the session with 30 and 40 candidates at 1366 x 768 and
1024 x 768 (station-30-1366x768.png...), the full-screen number and code for the
projector, the session at 1366 x 768 with 30 candidates in mixed states (alerts, resume
requests, end screens, a silent kiosk, overtime, extra time...),
the same with the stale banner, the alert dialog, and the login at 1024 x 768 and
800 x 600; in relay mode (`--relay`), the session with the relay's line (all sent; central
unreachable with events waiting) at 1024 x 768 (the session needs 1024 px wide), and the
login with its explanation at 1024 x 768 and 800 x 600. The station is fed a recorded
event log, as after a restart, so what is drawn is what the real desk computes.

`--language en` draws the same screens in English (the catalogues of app/translations,
built first) into docs/screens/station/en/, with the school's and the room's names in
English too (the pupils' names are the same).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from concurrent.futures import Executor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.domain.events import Event, EventKind, new_event  # noqa: E402
from app.services.desk import InvigilatorDesk  # noqa: E402
from app.services.invigilator_api import (  # noqa: E402
    BadCredentials,
    EnrolledCandidate,
    SessionHeader,
    message_fr,
)
from app.services.store import LocalStore  # noqa: E402
from app.services.sync import PushResult, SyncEngine  # noqa: E402
from tests.helpers.clock import FakeClock  # noqa: E402

SID = 296
FIRST = [
    "Ada",
    "Alan",
    "Grace",
    "Linus",
    "Margaret",
    "Donald",
    "Barbara",
    "Ken",
    "Frances",
    "Edsger",
    "Radia",
    "Tim",
    "Sophie",
    "Hedy",
    "Katherine",
    "Dennis",
    "Éloïse",
    "John",
    "Annie",
    "Bjarne",
    "Karen",
    "Niklaus",
    "Adele",
    "Guido",
    "Shafi",
    "Leslie",
    "Mary",
    "Whitfield",
    "Jean",
    "Yukihiro",
    "Ivan",
    "Lynn",
    "Seymour",
    "Jeannette",
    "Robin",
    "Butler",
    "Evelyn",
    "Charles",
    "Cynthia",
    "Fernando",
]
LAST = [
    "Lovelace",
    "Turing",
    "Hopper",
    "Torvalds",
    "Hamilton",
    "Knuth",
    "Liskov",
    "Thompson",
    "Allen",
    "Dijkstra",
    "Perlman",
    "Berners-Lee",
    "Wilson",
    "Lamarr",
    "Johnson",
    "Ritchie",
    "Bernier",
    "McCarthy",
    "Easley",
    "Stroustrup",
    "Spärck Jones",
    "Wirth",
    "Goldberg",
    "van Rossum",
    "Goldwasser",
    "Lamport",
    "Keller",
    "Diffie",
    "Sammet",
    "Matsumoto",
    "Sutherland",
    "Conway",
    "Papert",
    "Wing",
    "Milner",
    "Lampson",
    "Berezin",
    "Babbage",
    "Dwork",
    "Corbató",
]


class StillTransport:
    """A server that is there and has nothing new: the screenshot shows the recorded log."""

    def __init__(self, online: bool = True) -> None:
        self.online = online

    def push(self, events: Any) -> PushResult:
        from app.services.http import Unreachable

        if not self.online:
            raise Unreachable("screenshot: offline")
        return PushResult()

    def pull(self, session_id: int, after: int, wait_s: float) -> tuple[list[Event], int]:
        from app.services.http import Unreachable

        if not self.online:
            raise Unreachable("screenshot: offline")
        return [], after

    def abort(self) -> None:
        """Nothing in flight to abort."""


class StillApi:
    """The invigilator API as the screenshot needs it."""

    def __init__(
        self, header: SessionHeader, enrolled: list[EnrolledCandidate], online: bool = True
    ) -> None:
        self.header, self.enrolled, self.online, self.token = header, enrolled, online, "t"

    def _check(self) -> None:
        from app.services.http import Unreachable

        if not self.online:
            raise Unreachable("screenshot: offline")

    def session(self) -> SessionHeader:
        self._check()
        return self.header

    def candidates(self) -> list[EnrolledCandidate]:
        self._check()
        return self.enrolled

    def challenge(self, challenge_id: str) -> dict[str, Any]:
        return {
            "id": challenge_id,
            "competence": "1.1",
            "level": 2,
            "type": "QCU",
            "instruction": "",
            "image": "x.png",
            "timer": 60,
            "focus": False,
        }


def build_log(now: datetime, count: int = 30) -> tuple[list[Event], list[EnrolledCandidate]]:
    """A session at 10:05, launched at 09:02, with `count` candidates in mixed states."""
    seq = 0
    events: list[Event] = []

    def add(kind: EventKind, cid: int | None, at: datetime, **payload: Any) -> None:
        nonlocal seq
        seq += 1
        e = new_event(
            kind,
            session_id=SID,
            candidate_id=cid,
            payload=payload,
            device_id=f"pc-{cid or 0}",
            device_seq=seq,
            monotonic_ms=seq,
            wall_time=at,
        )
        events.append(e.acknowledged(seq, at))

    start = now.replace(hour=9, minute=2, second=0)
    add(EventKind.TEST_LAUNCHED, None, start)
    enrolled: list[EnrolledCandidate] = []
    for i in range(count):
        cid = 100 + i
        extra = 1 / 3 if i in (0, 7) else (0.3 if i == 12 else 0.0)
        enrolled.append(
            EnrolledCandidate(
                candidate_id=cid,
                last_name=LAST[i % len(LAST)],
                first_name=FIRST[i % len(FIRST)],
                birthdate=date(2009 + i % 3, 1 + i % 12, 1 + (i * 7) % 28),
                extra_time=extra,
                certifiable=i != 29,
                last_heard=now - timedelta(seconds=2 + i % 5),
            )
        )
        if i in (28, 29):  # one not joined, one not certifiable
            continue
        joined = start - timedelta(minutes=10) + timedelta(seconds=20 * i)
        add(EventKind.CANDIDATE_JOINED, cid, joined)
        if i in (26, 27, 30, 31):  # joined, waiting for presence / present not started
            if i == 27:
                add(EventKind.PRESENCE_CONFIRMED, cid, now - timedelta(minutes=2))
            continue
        add(EventKind.PRESENCE_CONFIRMED, cid, joined + timedelta(minutes=1))
        began = start + timedelta(minutes=2, seconds=10 * i)
        if i == 5:
            began = now - timedelta(minutes=110)  # started early: runs over
        challenges = [{"id": f"c{cid}-{n}", "competence": "1.1"} for n in range(45)]
        add(
            EventKind.TEST_STARTED,
            cid,
            began,
            certification_number=5000 + i,
            challenges=challenges,
            extra_time=extra,
        )
        answered = (i * 7) % 40 + 1
        for n in range(answered):
            add(
                EventKind.ANSWER_SUBMITTED,
                cid,
                began + timedelta(seconds=60 * n),
                challenge_id=f"c{cid}-{n}",
                answer=1,
            )
        if i == 2:
            add(
                EventKind.ALERT_RAISED,
                cid,
                now - timedelta(minutes=1),
                alert_id="a1",
                challenge_id=f"c{cid}-{answered}",
            )
        if i == 9:
            add(EventKind.RESUME_REQUESTED, cid, now - timedelta(seconds=40), outage_ms=720_000)
        if i in (3, 15):
            add(
                EventKind.FOCUS_LOST,
                cid,
                now - timedelta(minutes=3),
                challenge_id=f"c{cid}-{answered}",
            )
        if i in (11, 18):
            add(EventKind.TEST_ENDED, cid, now - timedelta(minutes=4), by="candidate")
        if i == 19:
            add(EventKind.TEST_ENDED, cid, now - timedelta(minutes=9), by="candidate")
            add(EventKind.END_SCREEN_SEEN, cid, now - timedelta(minutes=8))
        if i == 21:
            add(EventKind.TEST_ENDED, cid, now - timedelta(minutes=6), by="invigilator")
        if i == 0:
            add(EventKind.TIME_ADDED, cid, now - timedelta(minutes=20), minutes=12)
    silent = enrolled[14]
    enrolled[14] = EnrolledCandidate(
        **{
            **silent.to_json(),
            "birthdate": silent.birthdate,
            "last_heard": now - timedelta(minutes=2, seconds=5),
        }
    )
    return events, enrolled


HEADER = SessionHeader(
    session_number=SID,
    date=date(2020, 12, 14),
    start_time="09:00",
    site="Collège Anne Frank",
    room="Salle 208",
    invigilators=("Paul Eluard", "Irène Joliot-Curie"),
    access_code="BCRQ72",
    launched=True,
)


async def make_desk(tmp: Path, clock: FakeClock, *, online: bool,
                    count: int = 30) -> InvigilatorDesk:
    import json

    store = LocalStore.open(tmp / "station.sqlite", device_id="station", clock=clock)
    events, enrolled = build_log(clock.now(), count)
    store.record_pulled(events, session_id=SID, last_seq=len(events))
    store.put_blob("station:login", json.dumps({"session_id": SID, "token": "t"}).encode())
    store.put_blob("station:header", json.dumps(HEADER.to_json()).encode())
    store.put_blob("station:enrolled", json.dumps([c.to_json() for c in enrolled]).encode())
    api = StillApi(HEADER, enrolled, online)

    def sync(*, session_id: int, store_executor: Executor, **callbacks: Any) -> SyncEngine:
        return SyncEngine(
            store=store,
            transport=StillTransport(online),
            session_id=session_id,
            clock=clock,
            store_executor=store_executor,
            wait_s=0.2,
            **callbacks,
        )

    desk = InvigilatorDesk(
        store=store,
        api=api,
        clock=clock,
        sync=sync,  # type: ignore[arg-type]
        poll_s=0.2,
    )
    await desk.restore()
    await asyncio.sleep(0.6)
    return desk


async def render(out: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from app.views.invigilator.window import StationWindow
    from app.views.style import Appearance

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    Appearance(app)
    written: list[Path] = []
    clock = FakeClock(
        now=datetime(2020, 12, 14, 9, 5, tzinfo=UTC)
        .astimezone()
        .replace(hour=10, minute=5)
        .astimezone(UTC)
    )

    def shot(widget: Any, name: str) -> None:
        # WORKAROUND: no app.processEvents() here: inside a qasync coroutine it re-enters
        # the loop ("Cannot enter into task"); callers `await asyncio.sleep` instead.
        path = out / name
        widget.grab().save(str(path))
        written.append(path)

    for online, name in ((True, "station-1366x768.png"), (False, "station-offline-1366x768.png")):
        with tempfile.TemporaryDirectory() as tmp:
            desk = await make_desk(Path(tmp), clock, online=online)
            window = StationWindow(desk)
            window.resize(1366, 768)
            window.show()
            window._logged_in(SID)
            if not online:
                await asyncio.sleep(0.5)
                window.session.banner.set_status(
                    False, clock.now() - timedelta(minutes=3), desk.unsent_total
                )
            window.session.table.selectRow(0)
            await asyncio.sleep(0.2)
            shot(window, name)
            if online:
                window.session.header.toggle_code()
                await asyncio.sleep(0.1)
                shot(window.session.header, "station-header-code-shown.png")
                row = desk.rows()[0]
                await window.session._alert(row)
                dialog = window.session._dialog
                assert dialog is not None
                dialog.adjustSize()
                await asyncio.sleep(0.3)
                shot(dialog, "station-alert-dialog.png")
                dialog.close()
            window.close()
            await desk.close()
            desk._store.close()
    for count in (30, 40):
        for size in ((1366, 768), (1024, 768)):
            with tempfile.TemporaryDirectory() as tmp:
                desk = await make_desk(Path(tmp), clock, online=True, count=count)
                window = StationWindow(desk)
                window.resize(*size)
                window.show()
                window._logged_in(SID)
                window.session.table.selectRow(0)
                await asyncio.sleep(0.3)
                shot(window, f"station-{count}-{size[0]}x{size[1]}.png")
                window.close()
                await desk.close()
                desk._store.close()
    with tempfile.TemporaryDirectory() as tmp:
        desk = await make_desk(Path(tmp), clock, online=True)
        window = StationWindow(desk)
        window.resize(1366, 768)
        window.show()
        window._logged_in(SID)
        window.session.show_projector()
        projector = window.session.projector
        assert projector is not None
        projector.resize(1366, 768)
        await asyncio.sleep(0.2)
        shot(projector, "station-projector-1366x768.png")
        projector.toggle_code()
        await asyncio.sleep(0.1)
        shot(projector, "station-projector-code-1366x768.png")
        window.close()
        await desk.close()
        desk._store.close()
    await render_relay(out, clock, shot)
    from app.views.invigilator.login import LoginView

    for size in ((1024, 768), (800, 600)):
        login = LoginView()
        login.resize(*size)
        login.show()
        login.number.setText("296")
        await asyncio.sleep(0.1)
        shot(login, f"login-{size[0]}x{size[1]}.png")
        login.show_error(message_fr(BadCredentials("bad_credentials", "", status=401)))
        await asyncio.sleep(0.1)
        shot(login, f"login-error-{size[0]}x{size[1]}.png")
        login.close()
    return written


async def render_relay(out: Path, clock: FakeClock, shot: Any) -> None:
    """Relay mode: the header's relay line, fed fixed statuses (no relay runs here)."""
    from app.relay.station import PREPARING_FR, RESTART_NOTICE_FR, RelayStatus, said
    from app.views.invigilator.login import LoginView

    local = clock.now().astimezone()
    ok = RelayStatus(
        running=True, central_reachable=True, last_contact=local, pending_upstream=0,
        refused_upstream=0, lan_addresses=("192.168.1.20",), port=8471,
        started_at=local.replace(hour=7, minute=31),
    )
    offline = RelayStatus(
        running=True, central_reachable=False, last_contact=local.replace(hour=10, minute=42),
        pending_upstream=37, refused_upstream=0, lan_addresses=("192.168.1.20",), port=8471,
        started_at=local.replace(hour=7, minute=31),
    )
    for size in ((1024, 768), (800, 600)):
        # The session window needs 1024 px wide (issue 19: an "800x600" shot of it was
        # really 1065x655): at 800 x 600 only the login is drawn.
        if size[0] >= 1024:
            await render_relay_session(clock, size, shot, ok, offline)
        name = f"{size[0]}x{size[1]}"
        login = LoginView()
        login.set_notice(said(RESTART_NOTICE_FR))
        login.resize(*size)
        login.show()
        login.number.setText("296")
        await asyncio.sleep(0.1)
        shot(login, f"login-relay-{name}.png")
        login.set_busy(True, said(PREPARING_FR))
        await asyncio.sleep(0.1)
        shot(login, f"login-relay-preparing-{name}.png")
        login.close()


async def render_relay_session(clock: FakeClock, size: tuple[int, int], shot: Any,
                               *statuses: Any) -> None:
    from app.relay.station import needs_attention, status_line
    from app.views.invigilator.window import StationWindow

    ok, offline = statuses
    with tempfile.TemporaryDirectory() as tmp:
        desk = await make_desk(Path(tmp), clock, online=True)
        window = StationWindow(desk)
        window.resize(*size)
        window.show()
        window._logged_in(SID)
        header = window.session.header
        name = f"{size[0]}x{size[1]}"
        for status, suffix in ((ok, ""), (offline, "-offline")):
            header.set_relay_status(status_line(status), warning=needs_attention(status))
            await asyncio.sleep(0.2)
            shot(window, f"station-relay{suffix}-{name}.png")
            shot(header, f"station-relay-header{suffix}-{name}.png")
        window.close()
        await desk.close()
        desk._store.close()


HEADER_EN = HEADER.model_copy(update={"site": "Anne Frank School", "room": "Room 208"})


def main(argv: list[str] | None = None) -> int:
    import argparse

    import qasync
    from PySide6.QtWidgets import QApplication

    from app.services import i18n
    from tools import i18n as catalogues

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--language", choices=i18n.LANGUAGES, default=i18n.REFERENCE)
    ns = parser.parse_args(argv)
    out = ns.out or ROOT / "docs" / "screens" / "station"
    if ns.out is None and ns.language != i18n.REFERENCE:
        out = out / ns.language
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)  # type: ignore[union-attr]
    if ns.language != i18n.REFERENCE:
        global HEADER
        HEADER = HEADER_EN
        catalogues.release()
        i18n.set_language(ns.language)
        if not i18n.install(app):  # type: ignore[arg-type]
            print("render_station_screens: the catalogues could not be loaded", file=sys.stderr)
            return 1
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        written = loop.run_until_complete(render(out))
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
