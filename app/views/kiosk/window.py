"""The kiosk's one window: the current screen, a notice line, a discreet sync indicator.

Lockdown (ARCHITECTURE "Kiosk lockdown"), unless started with --windowed / --demo: full
screen, frameless, stays on top; closing, Alt+F4 and Escape do nothing; leaving the window
is recorded by the runner (FocusLost) and the window takes the focus back; only the session
password (Ctrl+Alt+Q, staff) closes it. The rest of the hold (back to full screen, one
screen only, system shortcuts, no sleep) is `KioskLockdown` (lockdown.py); what no program
can catch (Ctrl+Alt+Del, Win+L) is the kiosk account's policies' (app/winsetup).

Zoom with Ctrl + / Ctrl −, high contrast with Ctrl+Alt+C (app/views/style.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from app.domain.kiosk_phase import Phase
from app.services import kiosk_texts as T
from app.services.i18n import QT_TRANSLATE_NOOP
from app.views.kiosk.lockdown import KioskLockdown
from app.views.kiosk.page import kiosk_style
from app.views.style import NORMAL, Appearance
from app.views.widgets.basics import label

if TYPE_CHECKING:
    from app.services.exam import ExamRunner
    from app.views.kiosk.question import QuestionScreen
    from app.views.kiosk.screens_end import (
        EndScreen,
        ExitScreen,
        ResumeScreen,
        ResumeWaitScreen,
    )
    from app.views.kiosk.screens_entry import (
        AccessCodeScreen,
        ConfirmScreen,
        JoinScreen,
        WaitingScreen,
    )
    from app.views.kiosk.viewer import AttachmentViewer

WINDOW_TITLE = QT_TRANSLATE_NOOP("Kiosk", "examroom — test de certification")

_PHASE_SCREENS: dict[Phase, str] = {
    Phase.JOIN: "join",
    Phase.CONFIRM: "confirm",
    Phase.WAITING: "waiting",
    Phase.ACCESS_CODE: "access",
    Phase.QUESTION: "question",
    Phase.END: "end",
    Phase.RESUME: "resume",
    Phase.RESUME_WAIT: "resume_wait",
}


class KioskWindow(QWidget):
    """Shows the runner's phase; never decides anything itself.

    Signals:
        quit_requested(): the session password was given on the exit screen.
    """

    quit_requested = Signal()

    def __init__(
        self,
        runner: ExamRunner,
        appearance: Appearance | None = None,
        *,
        locked: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.appearance = appearance
        self.locked = locked
        self._may_close = not locked
        self.blocked_by: QWidget | None = None
        """A screen shown instead of the runner's (lockdown: a second screen)."""
        self.setWindowTitle(T.tr(WINDOW_TITLE))
        self.setAccessibleName(T.tr(WINDOW_TITLE))
        self.stack = QStackedWidget()
        # Screens are built on first use, and the rest one by one right after the first
        # real screen is up (issue 22): only that one stands between start and first paint.
        self._built: dict[str, QWidget] = {}
        self._later = ["join", "resume", "confirm", "waiting", "access", "question", "end",
                       "resume_wait", "exit"]
        self._chain_started = False
        self.starting = QWidget()
        self.stack.addWidget(self.starting)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self._build_footer())
        runner.phase_changed.connect(self.show_phase)
        runner.question_changed.connect(self._question_changed)
        runner.notice.connect(self.show_notice)
        runner.sync_changed.connect(self.show_sync)
        runner.busy_changed.connect(self._busy)
        self._shortcuts()
        self._restyle()
        self.lockdown: KioskLockdown | None = None
        if locked:
            self.setWindowFlags(
                Qt.WindowType.Window
                | Qt.WindowType.FramelessWindowHint
                | Qt.WindowType.WindowStaysOnTopHint
            )
            self.lockdown = KioskLockdown(self)

    def _build_footer(self) -> QFrame:
        footer = QFrame()
        col = QVBoxLayout(footer)
        col.setContentsMargins(24, 4, 24, 6)
        col.setSpacing(4)
        self.notice_box = QFrame()  # role "warning": see kiosk_style
        self.notice_box.setProperty("role", "warning")
        box = QHBoxLayout(self.notice_box)
        box.setContentsMargins(12, 8, 12, 8)
        self.notice = label("")
        box.addWidget(self.notice, 1)
        self.notice_box.hide()
        col.addWidget(self.notice_box)
        row = QHBoxLayout()
        row.addStretch(1)
        self.sync = label("", role="muted", wrap=False)
        row.addWidget(self.sync)
        col.addLayout(row)
        return footer

    def _shortcuts(self) -> None:
        pairs: list[tuple[QKeySequence.StandardKey | str, Callable[[], None]]] = [
            (QKeySequence.StandardKey.ZoomIn, self._zoom_in),
            ("Ctrl+=", self._zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self._zoom_out),
            ("Ctrl+Alt+C", self._contrast),
            ("Ctrl+Alt+Q", self.open_exit),
        ]
        self._keys: list[QShortcut] = []
        for key, slot in pairs:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(slot)
            self._keys.append(shortcut)

    # -- screens, built on first use -----------------------------------------------------

    def screen_of(self, phase: Phase) -> QWidget:
        """The screen that shows `phase` (built now if it was not yet)."""
        if phase is Phase.STARTING:
            return self.starting
        return self._screen(_PHASE_SCREENS[phase])

    def _screen(self, name: str) -> QWidget:
        screen = self._built.get(name)
        if screen is None:
            screen = self._build(name)
            self._built[name] = screen
            if name != "viewer":  # the viewer sits inside the question screen
                self.stack.addWidget(screen)
        return screen

    def _build(self, name: str) -> QWidget:
        runner = self.runner
        if name == "viewer":
            from app.views.kiosk.viewer import AttachmentViewer

            return AttachmentViewer(on_close=self.close_attachment)
        if name == "question":
            from app.views.kiosk.question import QuestionScreen

            question = QuestionScreen(runner, viewer=self.viewer)
            question.attachment_requested.connect(self.open_attachment)
            return question
        if name in ("end", "resume", "resume_wait", "exit"):
            from app.views.kiosk import screens_end as end

            if name == "exit":
                return end.ExitScreen(runner, on_exit=self._exit, on_cancel=self.leave_exit)
            kind = {"end": end.EndScreen, "resume": end.ResumeScreen,
                    "resume_wait": end.ResumeWaitScreen}[name]
            return kind(runner)
        from app.views.kiosk import screens_entry as entry

        kind = {"join": entry.JoinScreen, "confirm": entry.ConfirmScreen,
                "waiting": entry.WaitingScreen, "access": entry.AccessCodeScreen}[name]
        return kind(runner)

    def _build_next(self) -> None:
        """Build one screen not yet built, then yield to the event loop for the next."""
        while self._later:
            name = self._later.pop(0)
            if name not in self._built:
                self._screen(name)
                break
        if self._later:
            QTimer.singleShot(0, self, self._build_next)

    def _question_changed(self, view: object) -> None:
        """A question before its screen was built: build it and hand it the question (its
        own connection, made during this emission, is not called for it)."""
        if "question" not in self._built:
            self.question.show_question(view)  # type: ignore[arg-type]

    @property
    def join(self) -> JoinScreen:
        return cast("JoinScreen", self._screen("join"))

    @property
    def confirm(self) -> ConfirmScreen:
        return cast("ConfirmScreen", self._screen("confirm"))

    @property
    def waiting(self) -> WaitingScreen:
        return cast("WaitingScreen", self._screen("waiting"))

    @property
    def access(self) -> AccessCodeScreen:
        return cast("AccessCodeScreen", self._screen("access"))

    @property
    def viewer(self) -> AttachmentViewer:
        return cast("AttachmentViewer", self._screen("viewer"))

    @property
    def question(self) -> QuestionScreen:
        return cast("QuestionScreen", self._screen("question"))

    @property
    def end(self) -> EndScreen:
        return cast("EndScreen", self._screen("end"))

    @property
    def resume(self) -> ResumeScreen:
        return cast("ResumeScreen", self._screen("resume"))

    @property
    def resume_wait(self) -> ResumeWaitScreen:
        return cast("ResumeWaitScreen", self._screen("resume_wait"))

    @property
    def exit(self) -> ExitScreen:
        return cast("ExitScreen", self._screen("exit"))

    # -- showing ---------------------------------------------------------------------

    def show_kiosk(self) -> None:
        if self.locked:
            self.showFullScreen()
            if self.lockdown is not None:
                self.lockdown.activate()
        else:
            self.resize(1024, 768)
            self.show()

    def show_phase(self, phase_value: str) -> None:
        phase = Phase(phase_value)
        screen = self.screen_of(phase)
        if phase is not Phase.STARTING and not self._chain_started:
            self._chain_started = True
            QTimer.singleShot(0, self, self._build_next)
        if self.stack.currentWidget() is not screen:
            self.clear_notice()
        refresh = getattr(screen, "refresh", None)
        if phase is Phase.JOIN:
            self.join.reset()
        elif refresh is not None:
            refresh()
        if not self._on_exit_screen() and self.blocked_by is None:
            self.stack.setCurrentWidget(screen)

    def _on_exit_screen(self) -> bool:
        exit_screen = self._built.get("exit")
        return exit_screen is not None and self.stack.currentWidget() is exit_screen

    def block(self, screen: QWidget) -> None:
        """Show `screen` instead of the runner's until unblock() (the staff exit still works)."""
        self.blocked_by = screen
        if not self._on_exit_screen():
            self.stack.setCurrentWidget(screen)

    def unblock(self) -> None:
        self.blocked_by = None
        if not self._on_exit_screen():
            self.show_phase(self.runner.phase.value)

    def show_notice(self, level: str, text: str) -> None:
        self.notice.setText(text)
        self.notice.setProperty("role", "error" if level == "error" else None)
        self.notice.setAccessibleName(text)
        self.notice.style().unpolish(self.notice)
        self.notice.style().polish(self.notice)
        self.notice_box.show()

    def clear_notice(self) -> None:
        self.notice.setText("")
        self.notice_box.hide()

    def show_sync(self, online: bool) -> None:
        self.sync.setText(("● " + T.tr(T.SYNC_ONLINE)) if online else ("○ " + T.tr(T.SYNC_OFFLINE)))
        self.sync.setAccessibleName(self.sync.text())

    def _busy(self, busy: bool) -> None:
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    # -- attachment viewer and staff exit -----------------------------------------------

    def open_attachment(self, challenge_id: str) -> None:
        """The document beside the question: the banner and the question stay in view."""
        self.viewer.show_file(self.runner.attachment(challenge_id))
        self.question.open_document()
        self.viewer.back.setFocus()

    def close_attachment(self) -> None:
        self.question.close_document()

    def open_exit(self) -> None:
        self.exit.refresh()
        self.stack.setCurrentWidget(self.exit)

    def leave_exit(self) -> None:
        self.stack.setCurrentWidget(self.blocked_by or self.screen_of(self.runner.phase))
        self.show_phase(self.runner.phase.value)

    def _exit(self) -> None:
        self._may_close = True
        self.quit_requested.emit()
        self.close()

    # -- zoom, contrast ------------------------------------------------------------------

    def _zoom_in(self) -> None:
        if self.appearance:
            self.appearance.zoom_in()
            self._restyle()

    def _zoom_out(self) -> None:
        if self.appearance:
            self.appearance.zoom_out()
            self._restyle()

    def _contrast(self) -> None:
        if self.appearance:
            self.appearance.toggle_contrast()
            self._restyle()

    def _restyle(self) -> None:
        theme = self.appearance.theme if self.appearance else NORMAL
        zoom = self.appearance.zoom if self.appearance else 1.0
        self.setStyleSheet(kiosk_style(theme, zoom))

    # -- lockdown --------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            if self.lockdown is not None:
                self.lockdown.release()
            self.quit_requested.emit()
            event.accept()
        else:
            event.ignore()  # Alt+F4, the window manager's close: nothing happens

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()  # Escape never leaves anything
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowDeactivate:
            self.runner.focus_lost("window")
            if self.locked and not self._may_close:
                QTimer.singleShot(200, self._take_focus_back)
        return super().event(event)

    def _take_focus_back(self) -> None:
        self.raise_()
        self.activateWindow()
