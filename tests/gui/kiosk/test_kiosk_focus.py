"""The kiosk's focus ring clips nothing (issue 19 item 3: "e passe", "e confirme")."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget

from app.views.kiosk.page import kiosk_style
from app.views.style import HIGH_CONTRAST, NORMAL, Appearance, Theme

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def dark_columns(image: QImage, text_luma: int) -> list[int]:
    """The x of each column holding a text pixel, away from the border."""
    columns = []
    for x in range(6, image.width() - 6):
        for y in range(6, image.height() - 6):
            c = image.pixelColor(x, y)
            luma = 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue()
            if (luma < 90) if text_luma < 128 else (luma > 200 and c.saturation() < 40):
                columns.append(x)
                break
    return columns


@pytest.mark.parametrize("theme", [NORMAL, HIGH_CONTRAST], ids=["normal", "contrast"])
@pytest.mark.parametrize("text", ["Je passe", "Je confirme", "Commencer"])
def test_the_focus_ring_leaves_the_whole_label_visible(qapp: Any, theme: Theme, text: str) -> None:
    appearance = Appearance(qapp, high_contrast=theme is HIGH_CONTRAST)
    window = QWidget()
    window.setStyleSheet(kiosk_style(theme, 1.0))
    col = QVBoxLayout(window)
    target, other = QPushButton(text), QPushButton("Autre")
    col.addWidget(target)
    col.addWidget(other)
    try:
        window.show()
        window.activateWindow()
        other.setFocus()
        QApplication.processEvents()
        plain = target.grab().toImage()
        target.setFocus()
        QApplication.processEvents()
        assert target.hasFocus()
        focused = target.grab().toImage()
        luma = 0 if theme is NORMAL else 255
        before, after = dark_columns(plain, luma), dark_columns(focused, luma)
        assert before, "no text found on the button"
        assert after[0] <= before[0] and after[-1] >= before[-1], (
            f"{text!r}: text spans {before[0]}..{before[-1]} without focus, "
            f"{after[0] if after else None}..{after[-1] if after else None} with it")
    finally:
        window.close()
        window.deleteLater()
        appearance.theme = NORMAL
        appearance.apply()
