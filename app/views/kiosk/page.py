"""The frame every kiosk screen shares: scrolling content above, fixed actions below.

Why: SPEC "The kiosk fits 800 × 600 without scrolling the buttons away". Whatever the zoom,
the content (a long question, an image) scrolls inside its own area and the main action
stays on screen, bottom right, where the candidate expects it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.views.style import BASE_PX, Theme
from app.views.widgets.basics import label, line_edit

MAX_TEXT_WIDTH = 860


def kiosk_style(theme: Theme, zoom: float) -> str:
    """What the kiosk adds to the shared style (app/views/style.py), set on its window.

    WORKAROUND (style.py is shared and not ours to change): the app style paints every
    QWidget with the window colour, so labels and plain containers inside a bar or a
    warning frame show grey stripes; and radio/check indicators keep the platform's pale
    drawing, invisible in high contrast; and the focus ring, a thicker border, shrinks the
    content and cuts the first letter of a label. All fixed here for the kiosk only.
    """
    size = round(BASE_PX * zoom * 1.2)
    t = theme
    return f"""
    QFrame[role="banner"] QLabel, QFrame[role="warning"] QLabel,
    QWidget[bare="true"] {{ background: transparent; }}
    QRadioButton::indicator, QCheckBox::indicator {{
        width: {size}px; height: {size}px; border: 2px solid {t.text};
        background: {t.panel}; }}
    QRadioButton::indicator {{ border-radius: {size // 2 + 2}px; }}
    QCheckBox::indicator {{ border-radius: 3px; }}
    QRadioButton::indicator:checked, QCheckBox::indicator:checked {{
        background: {t.primary}; border: 4px solid {t.text}; }}
    QRadioButton::indicator:disabled, QCheckBox::indicator:disabled {{
        border-style: dashed; }}
    QPushButton:focus, QLineEdit:focus, QRadioButton:focus, QCheckBox:focus {{
        outline: none; }}
    QPushButton:focus {{ border: {FOCUS_PX}px solid {t.focus}; padding: 7px 15px; }}
    QLineEdit:focus {{ border: {FOCUS_PX}px solid {t.focus}; padding: 4px; }}
    QRadioButton, QCheckBox {{ border: {FOCUS_PX}px solid transparent; padding: 3px;
                              border-radius: 4px; }}
    QRadioButton:focus, QCheckBox:focus {{ border: {FOCUS_PX}px solid {t.focus}; }}
    """


FOCUS_PX = 3
"""The focus ring's width. The shared style draws it twice: a thicker border, which took
room from the text, and an `outline`, which Qt paints over the first letters ("e passe").
Here the controls that have a border ring drop the outline, and border + padding keep the
same size with or without focus: buttons 2 + 8/16 px = 3 + 7/15 px, fields 1 + 6 = 3 + 4,
choices 3 + 3."""


def bar_frame() -> QFrame:
    """A banner-styled bar (its labels show the bar's colour, see kiosk_style)."""
    bar = QFrame()
    bar.setProperty("role", "banner")
    return bar


def bare(widget: QWidget) -> QWidget:
    """Mark a plain container as transparent inside a bar (see BAR_STYLE)."""
    widget.setProperty("bare", True)
    return widget


class Page(QWidget):
    """A screen: `content` (scrolls) and `actions` (a fixed row at the bottom)."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        centre = QHBoxLayout(holder)
        centre.setContentsMargins(24, 16, 24, 16)
        self.body = QWidget()
        self.body.setMaximumWidth(MAX_TEXT_WIDTH)
        centre.addStretch(1)
        centre.addWidget(self.body, 100)
        centre.addStretch(1)
        self.content = QVBoxLayout(self.body)
        self.content.setContentsMargins(0, 0, 0, 0)
        self.content.setSpacing(14)
        self.scroller.setWidget(holder)
        outer.addWidget(self.scroller, 1)
        bar = bar_frame()
        self.action_row = QHBoxLayout(bar)
        self.action_row.setContentsMargins(24, 10, 24, 10)
        self.action_row.setSpacing(12)
        self.action_bar = bar
        outer.addWidget(bar)
        self.title: QLabel | None = None
        if title:
            self.title = label(title, role="title")
            self.title.setAccessibleName(title)
            self.content.addWidget(self.title)

    def add_text(self, text: str, *, role: str | None = None) -> QLabel:
        lab = label(text, role=role)
        self.content.addWidget(lab)
        return lab

    def add_field(self, text: str, *, width: int | None = None) -> QLineEdit:
        """A labelled text field: the label above, its accessible name equal to the label."""
        lab = label(text)
        edit = line_edit(text, buddy_of=lab)
        if width:
            edit.setMaximumWidth(width)
        self.content.addWidget(lab)
        self.content.addWidget(edit)
        return edit

    def finish(self) -> None:
        """Push the content up, so short screens do not float in the middle."""
        self.content.addStretch(1)


def labelled(text: str, edit: QLineEdit) -> QWidget:
    """A small column: label above its field (the date's Jour / Mois / Année)."""
    box = QWidget()
    col = QVBoxLayout(box)
    col.setContentsMargins(0, 0, 0, 0)
    col.setSpacing(4)
    lab = label(text, role="muted")
    lab.setBuddy(edit)
    col.addWidget(lab)
    col.addWidget(edit)
    return box
