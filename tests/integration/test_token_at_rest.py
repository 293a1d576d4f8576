"""Issue 17, item 6: the kiosk's bearer token is not kept in clear once the test started.

From the join until the start, `kiosk/current` holds the token (nothing is known to seal it
with yet); from the start it is sealed with the test (the access code's key) and nowhere in
clear on the disk. A restarted kiosk gets it back when the access code, typed again,
opens the package, and goes on syncing with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain.kiosk_flow import Phase
from app.services import exam_package as pkg
from tests.helpers.clock import FakeClock
from tests.helpers.kiosk import (
    Loop,
    loop,  # noqa: F401 - fixture
    make_kiosk,
    open_room,
    server,  # noqa: F401 - fixture
    shared_server,  # noqa: F401 - fixture
    until,
)
from tests.helpers.live_server import LiveServer
from tests.integration.test_exam_runner import answer_current, join_and_start

pytestmark = pytest.mark.slow


def _disk(data_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(data_dir.glob("kiosk.sqlite*")))


def test_the_token_is_sealed_with_the_test_and_comes_back_with_the_code(
    server: LiveServer, tmp_path: Path, loop: Loop  # noqa: F811
) -> None:
    room = open_room(server)
    clock = FakeClock()
    data_dir = tmp_path / "kiosk"
    kiosk = make_kiosk(data_dir, server.url, clock=clock)

    async def scenario() -> None:
        await join_and_start(kiosk, room)
        token = kiosk.api.token
        assert token
        current = json.loads(kiosk.store.get_blob(pkg.CURRENT_KEY) or b"{}")
        assert "token" not in current and current["candidate_id"] == room.cid()
        await answer_current(kiosk)
        await until(lambda: not kiosk.store.pending())
        await kiosk.close()
        assert token.encode() not in _disk(data_dir)

        clock.reboot(off_ms=5_000)
        again = make_kiosk(data_dir, server.url, clock=clock,
                           device_id=kiosk.runner.device_id)
        runner = again.runner
        await runner.start_up()
        assert runner.phase is Phase.RESUME
        assert again.api.token is None  # nothing to reach the server with before the code
        await runner.resume_with_code(room.access_code)
        assert again.api.token == token
        await until(lambda: room.state()["resume_pending"], what="resume request on the station")
        room.act("ResumeAuthorized")
        await until(lambda: runner.phase is Phase.QUESTION, what="resumed")
        await answer_current(again)
        await until(lambda: not again.store.pending(), what="the answer pushed with the token")
        assert len(room.events("AnswerSubmitted")) == 2
        await again.close()
        assert token.encode() not in _disk(data_dir)

    loop.run(scenario())
