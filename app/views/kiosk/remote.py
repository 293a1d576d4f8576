"""Drive a real kiosk process from outside, as a person would: tests and benchmarks only.

Why: the kiosk must be shown to survive SIGKILL mid-test (issue 4), which needs a real
process, and a process under the offscreen platform cannot be clicked from outside. With
`--windowed --remote-control` the kiosk reads JSON commands on stdin and finds controls by
their accessible name, exactly as the GUI tests do in-process:

    {"type": "Prénom", "text": "Ada"}      fill the visible text field named "Prénom"
    {"click": "Je valide"}                 click the visible, enabled button so named
    {"quit": true}                         leave (windowed mode only)

A question reports `"warning": true` while a timed question shows its warning (then
`{"click": "Commencer"}`).

It reports on stdout, one JSON object a line: {"phase": ...}, {"question": {...}},
{"notice": ...}, and {"ack": n, "ok": bool} for each command. Never in lockdown: `main`
refuses --remote-control without --windowed.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

from app.views.kiosk.window import KioskWindow

if TYPE_CHECKING:
    from app.domain.kiosk_flow import QuestionView

RETRIES = 40
RETRY_MS = 50


class RemoteControl(QObject):
    """Reads stdin in a thread; commands reach the GUI thread through a queued signal.

    Signals:
        received(str): one command line, delivered on the GUI thread.
    """

    received = Signal(str)

    def __init__(self, window: KioskWindow, *, started: float, on_quit: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.started = started
        self._on_quit = on_quit
        self._count = 0
        self.received.connect(self._command)
        runner = window.runner
        runner.phase_changed.connect(lambda phase: self._say(phase=phase))
        runner.question_changed.connect(self._question)
        runner.notice.connect(lambda level, text: self._say(notice={"level": level, "text": text}))
        self._thread = threading.Thread(target=self._read, name="remote-control", daemon=True)

    def start(self) -> None:
        self._say(ready=True)
        self._thread.start()

    def stop(self) -> None:
        """The reader thread is a daemon blocked on stdin; it ends with the process."""

    def _read(self) -> None:
        for line in sys.stdin:
            if line.strip():
                self.received.emit(line)

    def _say(self, **data: Any) -> None:
        data["t_ms"] = round((time.monotonic() - self.started) * 1000, 1)
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def _question(self, view: QuestionView) -> None:
        c = view.challenge
        self._say(
            question={
                "id": c.id,
                "position": view.position,
                "total": view.total,
                "type": c.type.value,
                "proposals": list(view.proposals),
                "fields": [f.label for f in c.fields],
                "paused": view.paused,
                "timer": c.timer,
                "warning": view.warning,
            }
        )

    def _find(self, kind: type[QWidget], name: str) -> QWidget | None:
        for widget in self.window.findChildren(kind):
            if widget.accessibleName() == name and widget.isVisible() and widget.isEnabled():
                return widget
        return None

    def _command(self, line: str, tries: int = 0) -> None:
        if tries == 0:
            self._count += 1
        ok, error = True, ""
        try:
            command = json.loads(line)
            if "type" in command:
                edit = self._find(QLineEdit, command["type"])
                if not isinstance(edit, QLineEdit):
                    raise LookupError(f"no field {command['type']!r}")
                edit.setText(str(command.get("text", "")))
            elif "click" in command:
                target = self._find(QAbstractButton, command["click"])
                if not isinstance(target, QAbstractButton):
                    if tries < RETRIES:
                        # As a person would, wait a moment for the button to be offered
                        # (e.g. "Je valide" while the previous answer is being recorded).
                        QTimer.singleShot(RETRY_MS, lambda: self._command(line, tries + 1))
                        return
                    raise LookupError(f"no button {command['click']!r}")
                target.click()
            elif command.get("quit"):
                self._on_quit()
            else:
                raise ValueError("unknown command")
        except Exception as exc:  # report, never crash the kiosk
            ok, error = False, f"{type(exc).__name__}: {exc}"
        self._say(ack=self._count, ok=ok, error=error)
