"""Qt's standard dialogs speak French in every mode, and open in a sensible folder with a
name filled in (issue 19 item 5)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLibraryInfo, QLocale, QStandardPaths
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.services import i18n
from app.views import runtime
from app.views.widgets import files


def test_the_wheel_ships_qtbase_fr() -> None:
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    assert (folder / "qtbase_fr.qm").is_file()


@pytest.fixture
def french(qapp: QApplication) -> Iterator[None]:
    """Qt's French for this test only: the rest of the suite keeps its own language."""
    locale = QLocale()
    try:
        yield
    finally:
        i18n.uninstall(qapp)
        QLocale.setDefault(locale)


def test_standard_buttons_are_in_french_once_the_app_is_made(
    qapp: QApplication, french: None
) -> None:
    assert runtime.qt_app() is qapp  # an existing application is kept as it is
    assert i18n.install(qapp)
    assert i18n.install(qapp)  # installed again: the first ones are removed
    assert i18n.installed() == 1
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                           | QDialogButtonBox.StandardButton.Cancel)
    try:
        assert sorted(b.text() for b in box.buttons()) == ["Annuler", "Enregistrer"]
    finally:
        box.deleteLater()


def test_files_are_proposed_in_documents_then_desktop_then_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, desk = tmp_path / "Documents", tmp_path / "Bureau"
    where = {QStandardPaths.StandardLocation.DocumentsLocation: docs,
             QStandardPaths.StandardLocation.DesktopLocation: desk}

    def location(kind: Any) -> str:
        return str(where[kind])

    monkeypatch.setattr(files.QStandardPaths, "writableLocation", location)
    monkeypatch.setattr(files.Path, "home", lambda: tmp_path)
    assert files.default_folder() == tmp_path  # neither exists
    desk.mkdir()
    assert files.default_folder() == desk
    docs.mkdir()
    assert files.suggested_path("kit.pdf") == str(docs / "kit.pdf")
    assert files.with_suffix(str(docs / "kit"), ".pdf") == docs / "kit.pdf"
    assert files.with_suffix(str(docs / "kit.PDF"), ".pdf") == docs / "kit.PDF"
    assert files.saved_text(docs / "kit.pdf") == f"Enregistré\u00a0: {docs / 'kit.pdf'}"
