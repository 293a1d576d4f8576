"""The join screen before the runner is loaded (issue 22 item 4).

With no candidate in progress the kiosk shows the join screen through `PendingRunner`
and loads the store and the runner right after the first paint; whenever the store file
cannot say (or a candidate is in progress) it takes the ordinary path.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.domain.clocks import SystemClock
from app.domain.kiosk_flow import Phase
from app.services.exam_package import CURRENT_KEY
from app.services.exam_start import candidate_in_progress
from app.services.store import LocalStore
from app.views.kiosk.pending import PendingRunner

ROOT = Path(__file__).resolve().parents[3]


def test_the_store_file_says_whether_a_candidate_is_in_progress(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite"
    assert candidate_in_progress(path) is False  # no store yet: nobody joined
    with LocalStore.open(path, device_id="k1", clock=SystemClock()) as store:
        assert candidate_in_progress(path) is False
        store.put_blob(CURRENT_KEY, b"{}", session_id=1, candidate_id=2)
        assert candidate_in_progress(path) is True
    assert candidate_in_progress(path) is True  # closed, checkpointed: still there
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database" * 100)
    assert candidate_in_progress(garbage) is None  # the store itself must decide


class _Runner(QObject):
    phase_changed = Signal(str)
    question_changed = Signal(object)
    countdown_changed = Signal(int)
    notice = Signal(str, str)
    busy_changed = Signal(bool)
    sync_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.phase = Phase.STARTING
        self.joined: list[str] = []

    def join(self, number: str) -> None:
        self.joined.append(number)


def test_pending_runner_shows_join_then_hands_over_to_the_runner() -> None:
    made: list[_Runner] = []

    def load() -> _Runner:
        made.append(_Runner())
        return made[-1]

    pending = PendingRunner(Phase.JOIN, load)  # type: ignore[arg-type]
    said: list[str] = []
    notices: list[tuple[str, str]] = []
    pending.phase_changed.connect(said.append)
    pending.notice.connect(lambda level, text: notices.append((level, text)))
    pending.announce()
    assert said == ["join"] and pending.phase is Phase.JOIN and made == []
    pending.join("123")  # a click before the load: loads, then goes to the runner
    assert len(made) == 1 and made[0].joined == ["123"]
    runner = made[0]
    runner.phase = Phase.JOIN
    runner.phase_changed.emit("join")  # start_up's JOIN: already on screen, not again
    runner.phase = Phase.CONFIRM
    runner.phase_changed.emit("confirm")
    runner.notice.emit("error", "Numéro inconnu")
    assert said == ["join", "confirm"] and pending.phase is Phase.CONFIRM
    assert notices == [("error", "Numéro inconnu")]
    assert pending.loaded() is runner and len(made) == 1


def test_the_join_screen_needs_neither_the_store_nor_the_runner_nor_pydantic() -> None:
    code = (
        "import sys\n"
        "import app.cli, app.views.runtime, app.views.kiosk.main, app.views.kiosk.window\n"
        "import app.views.kiosk.screens_entry, app.views.kiosk.pending\n"
        "import app.views.kiosk.remote, app.views.kiosk.lockdown, app.services.exam_start\n"
        "print(sorted(m for m in ('app.services.store', 'app.services.exam', 'pydantic', "
        "'app.domain.kiosk_flow', 'cryptography', 'requests') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "[]"
