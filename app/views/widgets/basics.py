"""Small builders that make the accessibility rule hard to forget: every interactive
control gets an accessible name equal to its visible French label."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget


def button(text: str, *, primary: bool = False, on_click: Callable[[], object] | None = None,
           parent: QWidget | None = None) -> QPushButton:
    b = QPushButton(text, parent)
    b.setAccessibleName(text.replace("&", ""))
    if primary:
        b.setProperty("role", "primary")
        b.setDefault(True)
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    if on_click is not None:
        b.clicked.connect(lambda _checked=False: on_click())
    return b


def label(text: str = "", *, role: str | None = None, wrap: bool = True,
          parent: QWidget | None = None) -> QLabel:
    lab = QLabel(text, parent)
    lab.setWordWrap(wrap)
    if role:
        lab.setProperty("role", role)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return lab


def line_edit(label_text: str, *, parent: QWidget | None = None,
              buddy_of: QLabel | None = None) -> QLineEdit:
    """A text field named by its label; `buddy_of` links the label for Alt+letter focus."""
    edit = QLineEdit(parent)
    edit.setAccessibleName(label_text.replace("&", "").rstrip(" :\u00a0"))
    if buddy_of is not None:
        buddy_of.setBuddy(edit)
    return edit
