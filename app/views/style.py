"""The look of every examroom screen: calm, large type, high contrast, visible focus.

SPEC "Screens": at least 16 px at 100 %, no red except for errors, nothing conveyed by
colour alone, focus always visible. Two themes (normal and high contrast) and a zoom
factor, applied as one application-wide style sheet so every widget follows.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

BASE_PX = 16
ZOOM_STEPS = (1.0, 1.15, 1.3, 1.5, 1.75, 2.0)


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    window: str
    text: str
    muted: str
    panel: str
    border: str
    primary: str
    primary_text: str
    focus: str
    error: str
    warning_bg: str
    attention_bg: str


NORMAL = Theme(
    name="normal",
    window="#f6f7f9",
    text="#1b1f24",
    muted="#4a5360",
    panel="#ffffff",
    border="#a9b1bc",
    primary="#1f4fa3",
    primary_text="#ffffff",
    focus="#f2a900",
    error="#b3261e",
    warning_bg="#fff4d6",
    attention_bg="#e8efff",
)

HIGH_CONTRAST = Theme(
    name="high_contrast",
    window="#000000",
    text="#ffffff",
    muted="#e6e6e6",
    panel="#000000",
    border="#ffffff",
    primary="#ffff00",
    primary_text="#000000",
    focus="#00ffff",
    error="#ff8080",
    warning_bg="#333300",
    attention_bg="#002b5c",
)


def style_sheet(theme: Theme, zoom: float = 1.0) -> str:
    px = round(BASE_PX * zoom)
    big = round(px * 1.35)
    huge = round(px * 2.2)
    t = theme
    return f"""
    QWidget {{ background: {t.window}; color: {t.text}; font-size: {px}px; }}
    QLabel[role="title"] {{ font-size: {big}px; font-weight: 600; }}
    QLabel[role="huge"] {{ font-size: {huge}px; font-weight: 700; letter-spacing: 2px; }}
    QLabel[role="muted"] {{ color: {t.muted}; }}
    QLabel[role="error"] {{ color: {t.error}; font-weight: 600; }}
    QFrame[role="panel"] {{ background: {t.panel}; border: 1px solid {t.border};
                           border-radius: 6px; }}
    QFrame[role="banner"] {{ background: {t.panel}; border-bottom: 2px solid {t.border}; }}
    QFrame[role="warning"] {{ background: {t.warning_bg}; border: 2px solid {t.border};
                             border-radius: 6px; }}
    QLineEdit, QSpinBox, QComboBox, QPlainTextEdit, QTextEdit, QDateEdit {{
        background: {t.panel}; color: {t.text}; border: 1px solid {t.border};
        border-radius: 4px; padding: 6px; min-height: {round(px * 1.6)}px; }}
    QPushButton {{ background: {t.panel}; color: {t.text}; border: 2px solid {t.border};
                  border-radius: 6px; padding: 8px 16px; min-height: {round(px * 1.6)}px; }}
    QPushButton[role="primary"] {{ background: {t.primary}; color: {t.primary_text};
                                  border-color: {t.primary}; font-weight: 600; }}
    QPushButton:disabled {{ color: {t.muted}; border-style: dashed; }}
    QPushButton[role="primary"]:disabled {{ background: {t.panel}; color: {t.muted};
                                           border-color: {t.border}; }}
    QRadioButton, QCheckBox {{ spacing: 10px; padding: 6px; }}
    QRadioButton::indicator, QCheckBox::indicator {{ width: {px}px; height: {px}px; }}
    *:focus {{ outline: 3px solid {t.focus}; }}
    QPushButton:focus, QLineEdit:focus, QRadioButton:focus, QCheckBox:focus,
    QSpinBox:focus, QComboBox:focus, QTableView:focus, QPlainTextEdit:focus {{
        border: 3px solid {t.focus}; }}
    QTableView {{ background: {t.panel}; gridline-color: {t.border};
                 selection-background-color: {t.attention_bg}; selection-color: {t.text}; }}
    QHeaderView::section {{ background: {t.window}; color: {t.text}; padding: 4px;
                           border: 1px solid {t.border}; font-weight: 600; }}
    """


class Appearance:
    """Theme and zoom of one application; Ctrl + / Ctrl − step through ZOOM_STEPS."""

    def __init__(self, app: QApplication, *, high_contrast: bool = False) -> None:
        self.app = app
        self.theme = HIGH_CONTRAST if high_contrast else NORMAL
        self.zoom_index = 0
        font = QFont(app.font())
        font.setPixelSize(BASE_PX)
        app.setFont(font)
        self.apply()

    @property
    def zoom(self) -> float:
        return ZOOM_STEPS[self.zoom_index]

    def apply(self) -> None:
        self.app.setStyleSheet(style_sheet(self.theme, self.zoom))

    def zoom_in(self) -> None:
        self.zoom_index = min(self.zoom_index + 1, len(ZOOM_STEPS) - 1)
        self.apply()

    def zoom_out(self) -> None:
        self.zoom_index = max(self.zoom_index - 1, 0)
        self.apply()

    def toggle_contrast(self) -> None:
        self.theme = NORMAL if self.theme is HIGH_CONTRAST else HIGH_CONTRAST
        self.apply()
