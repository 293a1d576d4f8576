"""English for a test, and the detector of French left on a screen or a page (issue 20 item 2).

    def test_the_screen_in_english(qtbot, english):
        window = build_my_screen()
        assert french_left(window) == []

`french_left` walks every visible widget of a window (labels, buttons, titles, fields'
placeholders, lists', tables' and combo boxes' items and headers, tooltips, accessible
names) and returns the texts that are still French: a French source of the catalogues
shown as it is, or a text with French letters or words. Test data should use names
without accents (or pass them in `allowed`), since a pupil's name is not translated.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from functools import cache

import pytest
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from app.services import i18n
from tools import i18n as catalogues

FRENCH_LETTERS = re.compile(r"[éèêëàâçùûôîïœæÉÈÊÀÂÇÙÛÔÎŒ«»]")
FRENCH_WORDS = re.compile(
    r"\b(le|la|les|des|du|une|et|est|sont|vous|votre|vos|pas|aucun|aucune|avec|pour|sur|"
    r"dans|au|aux|ce|cette|ces|qui|que|mais|ou|oui|non(?!-)|candidat|candidats|salle|"
    r"surveillant|valider|suivant|annuler|fermer|enregistrer|retour|quitter|ouvrir|"
    r"imprimer|commencer|terminer|question|réponse|épreuve|heure|minutes?\s+restantes)\b",
    re.IGNORECASE,
)
# "question" is the same word in English: counted only beside other French (see below).
# "non" followed by a hyphen is English ("Non-blocking"), as printed on the incident report.
SHARED_WORDS = {"question"}
TAGS = re.compile(r"<[^>]+>")


@cache
def french_sources() -> frozenset[str]:
    """Every French source of the catalogues whose English differs from it."""
    out = set()
    for ts in catalogues.CATALOGUES.glob("*.ts"):
        for message in ET.parse(ts).getroot().iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            english = "" if translation is None else (translation.text or "")
            if source and source != english and not re.fullmatch(r"[\W\d{}_a-z]*", source):
                out.add(source)
    return frozenset(out)


def looks_french(text: str) -> bool:
    plain = TAGS.sub(" ", text).replace("&", "").strip()
    if not plain:
        return False
    if plain in french_sources():
        return True
    if FRENCH_LETTERS.search(plain):
        return True
    words = {w.lower() for w in FRENCH_WORDS.findall(plain)}
    return bool(words - SHARED_WORDS)


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    # A list model's columnCount (a table model's hasChildren) is private in Qt: PySide6
    # refuses the call, so they are answered from the kind of model.
    return 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)


def _has_children(model: QAbstractItemModel, index: QModelIndex) -> bool:
    if isinstance(model, QAbstractListModel | QAbstractTableModel):
        return False
    return model.hasChildren(index)


def _model_texts(model: QAbstractItemModel | None) -> Iterator[str]:
    if model is None:
        return
    for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
        count = _columns(model, QModelIndex()) if orientation == Qt.Orientation.Horizontal else 0
        for section in range(count):
            value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                yield value

    def walk(parent: QModelIndex) -> Iterator[str]:
        for row in range(min(model.rowCount(parent), 200)):
            for column in range(_columns(model, parent)):
                index = model.index(row, column, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    if isinstance(value, str):
                        yield value
                if column == 0 and _has_children(model, index):
                    yield from walk(index)

    yield from walk(QModelIndex())


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text the user can see or hear on `root`'s visible widgets."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        kind = type(widget).__name__
        texts: list[str] = [widget.toolTip(), widget.accessibleName(),
                            widget.accessibleDescription()]
        if widget.isWindow():
            texts.append(widget.windowTitle())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QTextEdit | QPlainTextEdit):
            texts += [widget.toPlainText(), widget.placeholderText()]
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView):
            texts += list(_model_texts(widget.model()))
        for action in widget.actions():
            texts += [action.text(), action.toolTip()]
        for text in texts:
            if text:
                yield f"{kind} {widget.objectName()}".strip(), text


def french_left(root: QWidget, allowed: Iterable[str] = ()) -> list[str]:
    """The French still visible on `root` (empty when every text is in English)."""
    keep = set(allowed)
    seen: list[str] = []
    for where, text in visible_texts(root):
        if text in keep or not looks_french(text):
            continue
        entry = f"{where}: {text!r}"
        if entry not in seen:
            seen.append(entry)
    return seen


def french_in_text(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The lines of a document's text (pdftotext) that are still French."""
    keep = set(allowed)
    return [line for line in text.splitlines() if line.strip() and line.strip() not in keep
            and looks_french(line)]


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    """English catalogues loaded for one test; French (no catalogue) again after it."""
    catalogues.release()
    before = QLocale()
    i18n.set_language("en")
    assert i18n.install(qapp), "the English catalogues could not be loaded"
    try:
        yield
    finally:
        i18n.set_language("fr")
        i18n.uninstall(qapp)
        QLocale.setDefault(before)
