"""Read-only viewer of a question's attached document, inside the kiosk.

Why inside: a locked-down kiosk must not open another application (the candidate would
leave the kiosk, and the file would be written in clear somewhere on disk). The document
comes from the decrypted package in memory and is shown as:
- a spreadsheet (CSV) as a table; plain text as text; an image as an image;
- a PDF as rendered pages: with QtPdf when the Qt build has it (PySide6-Addons), else with
  pypdfium2; if neither is installed, a calm sentence asks to report the question.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import kiosk_texts as T
from app.services.exam_package import AttachedFile
from app.views.kiosk.page import Page
from app.views.widgets.basics import button, label

log = logging.getLogger(__name__)

PDF_PAGE_WIDTH = 900
MAX_PDF_PAGES = 30


class AttachmentViewer(Page):
    """One document at a time, beside the question; "Fermer le document" closes it."""

    def __init__(self, on_close: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.heading = label("", role="title")
        self.content.addWidget(self.heading)
        self.holder = QVBoxLayout()
        self.content.addLayout(self.holder, 1)
        self.body.setMaximumWidth(16777215)
        self.action_row.addStretch(1)
        self.back = button(T.tr(T.CLOSE_ATTACHMENT), primary=True, on_click=on_close)
        self.action_row.addWidget(self.back)
        self._shown: QWidget | None = None

    def show_file(self, file: AttachedFile | None) -> None:
        if self._shown is not None:
            self.holder.removeWidget(self._shown)
            self._shown.setParent(None)  # gone from the screen now, freed later
            self._shown.deleteLater()
        widget = _render(file) if file else None
        self.heading.setText(T.tr(T.ATTACHMENT_TITLE).format(name=file.name) if file else "")
        self._shown = widget or label(T.tr(T.ATTACHMENT_UNREADABLE))
        self.holder.addWidget(self._shown)
        self.back.setFocus()


def _render(file: AttachedFile) -> QWidget | None:
    suffix = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    try:
        if suffix in ("csv", "tsv"):
            return _table(file.data)
        if suffix in ("txt", "md", "text", "json", "html", "xml", "py"):
            return _text(file.data)
        if suffix in ("png", "jpg", "jpeg", "gif", "bmp", "svg"):
            return _image(file.data, file.name)
        if suffix == "pdf":
            return _pdf(file.data, file.name)
    except Exception:
        log.exception("cannot display attachment %s", file.name)
    return None


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _table(data: bytes) -> QWidget:
    text = _decode(data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ";,\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    table = QTableWidget()
    table.setAccessibleName(T.tr(T.ATTACHMENT_TABLE))
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    table.setColumnCount(max((len(r) for r in rows), default=0))
    table.setRowCount(len(body))
    table.setHorizontalHeaderLabels(header)
    for r, row in enumerate(body):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.resizeColumnsToContents()
    table.setMinimumHeight(200)
    return table


def _text(data: bytes) -> QWidget:
    view = QPlainTextEdit(_decode(data))
    view.setReadOnly(True)
    view.setAccessibleName(T.tr(T.ATTACHMENT_TEXT))
    view.setMinimumHeight(200)
    return view


def _image(data: bytes, name: str) -> QWidget | None:
    pixmap = QPixmap()
    if not pixmap.loadFromData(data):
        return None
    return FitPages([pixmap], [name])


def _qtpdf_pages(data: bytes) -> list[QImage] | None:
    """With QtPdf (PySide6-Addons), when this Qt build has it."""
    try:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
        from PySide6.QtPdf import QPdfDocument  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    images: list[QImage] = []
    for index in range(min(document.pageCount(), MAX_PDF_PAGES)):
        size = document.pagePointSize(index)
        height = round(size.height() * PDF_PAGE_WIDTH / max(1.0, size.width()))
        images.append(document.render(index, QSize(PDF_PAGE_WIDTH, height)))
    return images


def _pdf_pages(data: bytes) -> list[QImage] | None:
    """Each page as an image, or None when no PDF renderer is installed."""
    pages = _qtpdf_pages(data)
    if pages is not None:
        return pages
    try:
        import pypdfium2 as pdfium  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        return None
    document = pdfium.PdfDocument(data)
    images: list[QImage] = []
    try:
        for index in range(min(len(document), MAX_PDF_PAGES)):
            page = document[index]
            scale = PDF_PAGE_WIDTH / page.get_width()
            bitmap = page.render(scale=scale, rev_byteorder=True)
            width, height = bitmap.width, bitmap.height
            buffer = bytes(bitmap.buffer)
            image = QImage(buffer, width, height, bitmap.stride, _format(bitmap.n_channels))
            images.append(image.copy())  # copy: the buffer is freed with the bitmap
    finally:
        document.close()
    return images


def _format(channels: int) -> QImage.Format:
    return QImage.Format.Format_RGBA8888 if channels == 4 else QImage.Format.Format_RGB888


def _pdf(data: bytes, name: str) -> QWidget | None:
    pages = _pdf_pages(data)
    if pages is None:
        return None
    return FitPages([QPixmap.fromImage(image) for image in pages],
                    [T.tr(T.ATTACHMENT_PAGE).format(name=name, n=n)
                     for n in range(1, len(pages) + 1)])


class FitPages(QScrollArea):
    """Pages (PDF, pictures) scaled to the panel's width, scrolled down: beside the
    question the panel is half the screen, and a 900 px page would show only a corner."""

    def __init__(self, pixmaps: list[QPixmap], names: list[str]) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        col = QVBoxLayout(holder)
        col.setContentsMargins(4, 4, 4, 4)
        self._pages: list[tuple[QLabel, QPixmap]] = []
        for pixmap, name in zip(pixmaps, names, strict=True):
            page = QLabel()
            page.setAccessibleName(name)
            col.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)
            self._pages.append((page, pixmap))
        col.addStretch(1)
        self.setWidget(holder)
        self.setMinimumHeight(200)
        self._width = 0
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = max(100, self.viewport().width() - 8)
        if width == self._width:
            return
        self._width = width
        for page, pixmap in self._pages:
            if pixmap.width() > width:
                page.setPixmap(pixmap.scaledToWidth(
                    width, Qt.TransformationMode.SmoothTransformation))
            else:
                page.setPixmap(pixmap)
