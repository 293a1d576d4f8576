"""Suite-wide guards.

The test process is a Qt process like the station: QObjects from one test may only be
freed on the main thread, so cycle collection runs there, as in every examroom mode
(app/services/gc_guard.py; issue 21's segfault), and once more after each test so that
nothing a test left behind is collected later by another test's worker thread.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from app.services.gc_guard import install_main_thread_gc


@pytest.fixture(scope="session", autouse=True)
def _cycles_collected_on_the_main_thread(qapp: Any) -> None:
    install_main_thread_gc()


@pytest.fixture(autouse=True)
def _collect_what_the_test_left(_cycles_collected_on_the_main_thread: None) -> Iterator[None]:
    yield
    gc.collect()
