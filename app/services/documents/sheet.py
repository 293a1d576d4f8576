"""`Sheet`: drawing recorded page by page in millimetres, then replayed on a PDF or a printer.

Recording first is what lets every page say "Page 2 / 3", and lets the same drawing go to
a PDF file (`write_pdf`) or to the printer the administrator picked in the print dialog
(`print_sheet`). Only QtGui is imported, no widget, so documents render headless.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from app.services.documents.french import spacing
from app.services.i18n import translate

U = 10.0
"""Drawing units per millimetre: fonts are sized in units, so 0.1 mm keeps them crisp."""
MARGIN_MM = 15.0
FOOTER_MM = 10.0
FONT_FAMILIES = ["Arial", "Liberation Sans", "DejaVu Sans"]
INK = QColor("#1b1f24")
GREY = QColor("#5a6270")
SHADE = QColor("#e9edf3")


Op = Callable[[QPainter], None]


def _font(size_pt: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(max(1, round(size_pt * 0.3528 * U)))
    font.setBold(bold)
    font.setItalic(italic)
    # No "fi" ligature: text copied or extracted from the PDF must read "certification".
    font.setFeature(QFont.Tag("liga"), 0)
    return font


@dataclass
class Sheet:
    """A document being drawn: pages of recorded operations, coordinates in mm."""

    title: str
    footer: str
    landscape: bool = False
    pages: list[list[Op]] = field(default_factory=list)
    y: float = MARGIN_MM

    @property
    def width(self) -> float:
        return 297.0 if self.landscape else 210.0

    @property
    def height(self) -> float:
        return 210.0 if self.landscape else 297.0

    @property
    def left(self) -> float:
        return MARGIN_MM

    @property
    def inner(self) -> float:
        return self.width - 2 * MARGIN_MM

    @property
    def bottom(self) -> float:
        """The lowest y the content may reach (the footer lives below)."""
        return self.height - MARGIN_MM - FOOTER_MM

    def new_page(self) -> None:
        self.pages.append([])
        self.y = MARGIN_MM

    def _op(self, op: Op) -> None:
        if not self.pages:
            self.new_page()
        self.pages[-1].append(op)

    # measuring and drawing primitives (mm in, units inside)

    @staticmethod
    def measure(text: str, width: float, size: float, bold: bool = False) -> float:
        metrics = QFontMetricsF(_font(size, bold))
        flags = int(Qt.TextFlag.TextWordWrap)
        rect = metrics.boundingRect(QRectF(0, 0, width * U, 100_000), flags, text)
        return rect.height() / U

    @classmethod
    def fitting_size(
        cls, text: str, width: float, size: float, *, bold: bool = False, smallest: float = 7.0
    ) -> float:
        """`size`, or the largest smaller one (by 0.5 pt, down to `smallest`) at which `text`
        holds on one line of `width` mm: a long date or a list of names in a box."""
        text = spacing(text)
        while size > smallest and cls.measure(text, width, size, bold) > cls.measure(
            "Ag", width, size, bold
        ) * 1.2:
            size -= 0.5
        return size

    def text(
        self,
        x: float,
        y: float,
        width: float,
        text: str,
        size: float = 10,
        *,
        bold: bool = False,
        italic: bool = False,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        height: float | None = None,
        color: QColor = INK,
    ) -> float:
        """Draw wrapped text in a box; answer the height it took, in mm."""
        text = spacing(text)
        taken = self.measure(text, width, size, bold)
        box_h = height if height is not None else taken + 0.5
        flags = int(Qt.TextFlag.TextWordWrap) | int(align)
        if height is not None:
            flags |= int(Qt.AlignmentFlag.AlignVCenter)
        font = _font(size, bold, italic)
        rect = QRectF(x * U, y * U, width * U, box_h * U)

        def op(p: QPainter) -> None:
            p.setFont(font)
            p.setPen(color)
            p.drawText(rect, flags, text)

        self._op(op)
        return taken

    def para(
        self,
        text: str,
        size: float = 10,
        *,
        bold: bool = False,
        gap: float = 2.0,
        indent: float = 0.0,
        italic: bool = False,
        color: QColor = INK,
    ) -> None:
        """A paragraph at the cursor, full width; moves the cursor down."""
        self.y += (
            self.text(
                self.left + indent,
                self.y,
                self.inner - indent,
                text,
                size,
                bold=bold,
                italic=italic,
                color=color,
            )
            + gap
        )

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: QColor | None = None,
        pen_mm: float = 0.3,
        color: QColor = INK,
    ) -> None:
        box = QRectF(x * U, y * U, w * U, h * U)

        def op(p: QPainter) -> None:
            p.setPen(QPen(color, pen_mm * U) if pen_mm else Qt.PenStyle.NoPen)
            p.setBrush(fill if fill is not None else Qt.BrushStyle.NoBrush)
            p.drawRect(box)

        self._op(op)

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        *,
        pen_mm: float = 0.25,
        color: QColor = INK,
        dotted: bool = False,
    ) -> None:
        def op(p: QPainter) -> None:
            pen = QPen(color, pen_mm * U)
            if dotted:
                pen.setStyle(Qt.PenStyle.DotLine)
            p.setPen(pen)
            p.drawLine(round(x1 * U), round(y1 * U), round(x2 * U), round(y2 * U))

        self._op(op)

    def checkbox(self, x: float, y: float, size: float = 4.5) -> None:
        self.rect(x, y, size, size, pen_mm=0.35)

    def writing_lines(self, label: str, lines: int, gap: float = 8.0) -> None:
        """A labelled space to write by hand: a heading then dotted lines."""
        self.ensure(6 + lines * gap)
        self.para(label, 10.5, bold=True, gap=0)
        for _ in range(lines):
            self.y += gap
            self.line(self.left, self.y, self.left + self.inner, self.y, dotted=True, color=GREY)
        self.y += 5

    def ensure(self, needed: float) -> bool:
        """Start a new page when `needed` mm do not fit; answer whether it did."""
        if self.y + needed > self.bottom:
            self.new_page()
            return True
        return False

    # -- rendering ----------------------------------------------------------------------

    def render(self, device: QPagedPaintDevice) -> None:
        """Replay every page on `device` (a QPdfWriter or a QPrinter), with page numbers."""
        if not self.pages:
            self.new_page()
        orientation = (
            QPageLayout.Orientation.Landscape
            if self.landscape
            else QPageLayout.Orientation.Portrait
        )
        device.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                orientation,
                QMarginsF(0, 0, 0, 0),
                QPageLayout.Unit.Millimeter,
            )
        )
        painter = QPainter(device)
        if not painter.isActive():
            raise OSError("cannot draw on the output (file not writable or printer unavailable)")
        try:
            full = device.pageLayout().fullRectPixels(device.logicalDpiX())
            scale = full.width() / (self.width * U)
            total = len(self.pages)
            for index, ops in enumerate(self.pages, start=1):
                if index > 1:
                    device.newPage()
                painter.save()
                painter.scale(scale, scale)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                for op in ops:
                    op(painter)
                self._footer(painter, index, total)
                painter.restore()
        finally:
            painter.end()

    def _footer(self, p: QPainter, index: int, total: int) -> None:
        y = (self.height - MARGIN_MM - FOOTER_MM + 3) * U
        p.setPen(QPen(GREY, 0.2 * U))
        p.drawLine(round(self.left * U), round(y), round((self.left + self.inner) * U), round(y))
        p.setFont(_font(8))
        box = QRectF(self.left * U, y + 1.5 * U, self.inner * U, 5 * U)
        p.drawText(box, int(Qt.AlignmentFlag.AlignLeft), self.footer)
        page = translate("Documents", "Page {index} / {total}").format(index=index, total=total)
        p.drawText(box, int(Qt.AlignmentFlag.AlignRight), page)


def write_pdf(sheet: Sheet, path: Path) -> Path:
    """Write `sheet` as an A4 PDF at `path` (300 dpi) and answer the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setTitle(sheet.title)
    writer.setCreator("examroom")
    sheet.render(writer)
    del writer  # the file is complete once the writer is gone
    return path


def print_sheet(sheet: Sheet, printer: QPagedPaintDevice) -> None:
    """Print on the printer chosen in the print dialog (the view opens the dialog)."""
    sheet.render(printer)
