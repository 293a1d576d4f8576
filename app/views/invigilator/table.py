"""The candidate list: a table model fed by the desk's row changes, sorted and filtered.

Why a model and a proxy rather than a widget rebuilt on each change: 20-40 rows change
every second (last heard, remaining time); the model repaints only the rows the desk
reports (STYLE 5), and the proxy keeps those needing attention first as they change.
Every flag is text and the attention rows are bold and marked "⚠", so nothing relies on
the highlight colour alone (SPEC "Screens").
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.domain.roster import age_fr
from app.services.desk import InvigilatorDesk
from app.services.desk_rows import CandidateRow, matches

COLUMNS = (
    "Candidat",
    "À traiter",
    "Statut",
    "Question",
    "Début",
    "Fin\nthéorique",
    "Restant",
    "Contact\nil y a",
    "Naissance",
    "Temps\nmajoré",
)
"""The flags come right after the name: what needs doing is read with who it is."""
FLAGS_COLUMN = 1
WIDTHS = (166, 190, 206, 70, 62, 76, 72, 62, 100, 68)
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""The CandidateRow of a line (tests and the action panel read it)."""

_Index = QModelIndex | QPersistentModelIndex


def hhmm(when: datetime | None) -> str:
    return when.astimezone().strftime("%H:%M") if when else ""


def remaining_fr(seconds: int | None) -> str:
    if seconds is None:
        return ""
    if seconds < 0:
        return f"+{age_fr(-seconds)}"  # the flags say "Temps dépassé" in words
    minutes = seconds // 60
    if minutes >= 60:
        return f"{minutes // 60}\u00a0h\u00a0{minutes % 60:02d}"
    return f"{minutes}\u00a0min"


def presence_mark(row: CandidateRow) -> str:
    """The seeds' list has a check box per candidate: ☑ present, ☐ to confirm."""
    if row.started or not row.joined:
        return ""
    return "☑ " if row.presence_valid else "☐ "


def cell_text(row: CandidateRow, column: int) -> str:
    match column:
        case 0:
            return presence_mark(row) + row.name
        case 1:
            flags = row.flags_fr()
            return ("⚠ " if row.needs_attention else "") + " · ".join(flags)
        case 2:
            return row.status_label
        case 3:
            return f"{row.position} / {row.total}" if row.running else ""
        case 4:
            return hhmm(row.started_at)
        case 5:
            return hhmm(row.theoretical_end)
        case 6:
            return remaining_fr(row.remaining_s)
        case 7:
            return "" if row.heard_age_s is None else age_fr(row.heard_age_s)
        case 8:
            return row.birthdate.strftime("%d/%m/%Y")
        case _:
            return f"{round(row.extra_time * 100)}\u00a0%" if row.extra_time else "—"


class CandidateModel(QAbstractTableModel):
    """One line per candidate, in a stable order; the proxy sorts and filters."""

    def __init__(self, desk: InvigilatorDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._ids: list[int] = []
        self._rows: dict[int, CandidateRow] = {}
        self._where: dict[int, int] = {}
        self.attention_brush = QBrush(QColor("#e8efff"))
        desk.rows_reset.connect(self.reload)
        desk.rows_changed.connect(self.update_rows)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        rows = self._desk.rows()
        self._ids = [r.candidate_id for r in rows]
        self._rows = {r.candidate_id: r for r in rows}
        self._where = {cid: i for i, cid in enumerate(self._ids)}
        self.endResetModel()

    def update_rows(self, ids: list[int]) -> None:
        """Repaint only the lines the desk reports as changed."""
        for cid in ids:
            row = self._desk.row(cid)
            where = self._where.get(cid)
            if row is None or where is None:
                self.reload()
                return
            self._rows[cid] = row
            self.dataChanged.emit(self.index(where, 0), self.index(where, len(COLUMNS) - 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
            Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole
        ):
            return COLUMNS[section] if role == Qt.ItemDataRole.DisplayRole else (
                COLUMNS[section].replace("\n", " "))
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[self._ids[index.row()]]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(row.flags_fr()) or row.status_label
        if role == Qt.ItemDataRole.BackgroundRole and row.needs_attention:
            return self.attention_brush
        if role == Qt.ItemDataRole.FontRole and row.needs_attention:
            font = QFont()
            font.setBold(True)
            return font
        if role == ROW_ROLE:
            return row
        return None


class CandidateProxy(QSortFilterProxyModel):
    """Attention first, then alphabetical; search ignores case and accents."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self.setDynamicSortFilter(True)

    def set_query(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10: invalidateFilter is deprecated
            self.beginFilterChange()
            self._query = text
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._query = text
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        row = model.data(model.index(source_row, 0, source_parent), ROW_ROLE)
        return row is None or matches(row, self._query)

    def lessThan(self, left: _Index, right: _Index) -> bool:
        model = self.sourceModel()
        a = model.data(model.index(left.row(), 0), ROW_ROLE)
        b = model.data(model.index(right.row(), 0), ROW_ROLE)
        return bool(a.sort_key() < b.sort_key())


class CandidateTable(QTableView):
    """The table itself: whole-row selection, keyboard first, dense enough for 40 rows.

    Row height follows the space available so 20-40 candidates fit on 1366 x 768; below
    30 rows the text stays at the 16 px of SPEC, beyond it shrinks to at least 13 px.
    """

    def __init__(self, model: CandidateModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = model
        self.proxy = CandidateProxy(self)
        self.proxy.setSourceModel(model)
        self.setModel(self.proxy)
        self.proxy.sort(0)
        self.setAccessibleName("Liste des candidats")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setAlternatingRowColors(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.setSortingEnabled(False)
        header = self.horizontalHeader()
        # Fixed starting widths (the invigilator may drag them): ResizeToContents measured
        # with the application's 16 px font and pushed the flags off a 1366 px screen.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(FLAGS_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setSortIndicatorShown(False)
        header.setMinimumSectionSize(40)
        model.modelReset.connect(self.fit_rows)
        self._row_px = 24

    def selected_row(self) -> CandidateRow | None:
        indexes = self.selectionModel().selectedRows()
        if not indexes:
            return None
        row: CandidateRow | None = self.proxy.data(indexes[0], ROW_ROLE)
        return row

    def select_candidate(self, candidate_id: int) -> None:
        for r in range(self.proxy.rowCount()):
            row = self.proxy.data(self.proxy.index(r, 0), ROW_ROLE)
            if row is not None and row.candidate_id == candidate_id:
                self.selectRow(r)
                return

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit_rows()

    def fit_rows(self) -> None:
        """Shrink the rows (and then the text) until every candidate is visible."""
        count = max(self.source.rowCount(), 1)
        available = self.viewport().height() or 600
        px = max(18, min(30, available // count))
        if px != self._row_px or self.verticalHeader().defaultSectionSize() != px:
            self._row_px = px
            vh = self.verticalHeader()
            vh.setMinimumSectionSize(px)
            vh.setDefaultSectionSize(px)
            # The application style sheet sets 16 px on every widget: only a style sheet
            # on the table itself can go below it.
            size = max(13, min(16, px - 6))
            self.setStyleSheet(
                f"QTableView {{ font-size: {size}px; }}"
                f"QTableView::item {{ padding: 0px 3px; }}"
                f"QHeaderView::section {{ font-size: {size}px; padding: 1px 3px; }}"
            )
