"""The exam runner's stand-in while the kiosk shows its first screen (issue 22 item 4).

With no candidate in progress (`app.services.exam_start`), the first screen is the join
screen whatever the store holds; the kiosk shows it through this stand-in, then loads the
store, the runner and the wire models right after the first paint and hands them over
(`attach`). The window, its screens, the lockdown and the remote control keep the stand-in
as their runner: it re-emits the runner's signals and passes every other attribute on. An
attribute asked for before the runner is loaded loads it there and then (`load`), so a
click that beats the load waits for it instead of being lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.domain.kiosk_phase import Phase

if TYPE_CHECKING:
    from app.services.exam import ExamRunner


class PendingRunner(QObject):
    """Signals: those of `ExamRunner`, re-emitted (the announced first phase only once)."""

    phase_changed = Signal(str)
    question_changed = Signal(object)
    countdown_changed = Signal(int)
    notice = Signal(str, str)
    busy_changed = Signal(bool)
    sync_changed = Signal(bool)

    def __init__(self, first: Phase, load: Callable[[], ExamRunner]) -> None:
        super().__init__()
        self._first = first
        self._load = load
        self._runner: ExamRunner | None = None
        self._echo_pending = True

    @property
    def phase(self) -> Phase:
        return self._first if self._runner is None else self._runner.phase

    def announce(self) -> None:
        """Show the first screen now, before the runner exists."""
        self.phase_changed.emit(self._first.value)

    def loaded(self) -> ExamRunner:
        """The runner, loaded now if it was not yet (a `StoreError` passes through)."""
        if self._runner is None:
            runner = self._load()
            runner.phase_changed.connect(self._phase)
            runner.question_changed.connect(self.question_changed)
            runner.countdown_changed.connect(self.countdown_changed)
            runner.notice.connect(self.notice)
            runner.busy_changed.connect(self.busy_changed)
            runner.sync_changed.connect(self.sync_changed)
            self._runner = runner
        return self._runner

    def _phase(self, value: str) -> None:
        if self._echo_pending:
            self._echo_pending = False
            if value == self._first.value:
                return  # already on screen: showing it again would clear what was typed
        self.phase_changed.emit(value)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.loaded(), name)
