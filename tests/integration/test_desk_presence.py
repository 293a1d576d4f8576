"""The station follows the server's `--presence-validity` (issue 20 item 3): the real
`examroom server` command line, a desk logged in to it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.live_server import LiveServer
from tests.helpers.station import make_desk, make_session, run_on_qasync

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("server"),
                      extra_args=("--presence-validity", "30"))
    live.create_accounts()
    live.start()
    try:
        yield live
    finally:
        live.stop()


def test_the_station_folds_with_the_servers_presence_validity(
    qapp: Any, server: LiveServer, tmp_path: Path
) -> None:
    s = make_session(server)
    desk, _store, _api = make_desk(server.url, tmp_path)

    async def scenario() -> None:
        assert await desk.login(s.sid, s.password)
        assert desk.header is not None and desk.header.presence_validity_minutes == 30
        assert desk._state is not None
        assert desk._state.presence_validity == timedelta(minutes=30)
        await desk.close()

    run_on_qasync(qapp, scenario())
