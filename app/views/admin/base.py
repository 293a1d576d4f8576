"""The frame of every admin screen: a title, the content, one message line, a button row.

Why a base class: each screen then only says what it shows and does; running a server
call and showing its error the same calm way everywhere lives here once.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.views.admin.common import AdminContext, Feedback
from app.views.widgets.basics import button, label

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow


class Screen(QWidget):
    """Base of the admin screens. `loaded` tells tests (and the screenshot tool) that the
    first server answer has been shown."""

    title_text = ""

    def __init__(self, ctx: AdminContext, nav: AdminWindow) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.loaded = False
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(24, 18, 24, 18)
        self.outer.setSpacing(10)
        self.title = label(self.title_text, role="title")
        self.title.setAccessibleName(self.title_text)
        self.outer.addWidget(self.title)
        # The body scrolls when the window is small (800 x 600); title and buttons stay.
        holder = QWidget()
        self.body = QVBoxLayout(holder)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(10)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        self.outer.addWidget(scroll, 1)
        self.feedback = Feedback()
        self.outer.addWidget(self.feedback)
        self.buttons = QHBoxLayout()
        self.secondary = QGridLayout()
        self.buttons.addLayout(self.secondary)
        self.outer.addLayout(self.buttons)
        self.per_row = 3

    def set_title(self, text: str) -> None:
        self.title.setText(text)
        self.title.setAccessibleName(text)

    def add_button(
        self,
        text: str,
        on_click: Callable[[], object],
        *,
        primary: bool = False,
        left: bool = False,
    ) -> QPushButton:
        b = button(text, primary=primary, on_click=on_click)
        if left or not primary:
            n = self.secondary.count()
            self.secondary.addWidget(b, n // self.per_row, n % self.per_row)
        else:
            self.buttons.addStretch(1)
            self.buttons.addWidget(b)
        return b

    def run(
        self, name: str, coro: Coroutine[Any, Any, Any], on_done: Callable[[Any], object]
    ) -> None:
        """Run a server call; its error goes to the message line."""

        def failed(text: str) -> None:
            self.loaded = True
            self.error(text)

        self.ctx.tasks.run(f"{id(self)}:{name}", coro, on_done, failed)

    def error(self, text: str) -> None:
        self.feedback.error(text)

    def info(self, text: str) -> None:
        self.feedback.info(text)
