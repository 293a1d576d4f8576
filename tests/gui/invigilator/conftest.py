"""The station's GUI tests: one live server per module, and a QApplication that stays up
when a test closes its last window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from tests.helpers.live_server import LiveServer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("server"))
    live.create_accounts()
    live.start()
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(autouse=True)
def keep_running(qapp: QApplication) -> None:
    qapp.setQuitOnLastWindowClosed(False)
