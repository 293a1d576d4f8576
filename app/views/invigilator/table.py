"""The candidate list: a table model fed by the desk's row changes, sorted and filtered.

Why a model and a proxy rather than a widget rebuilt on each change: 20-40 rows change
every second (last heard, remaining time); the model repaints only the rows the desk
reports (STYLE 5), and the proxy keeps those needing attention first as they change, but
never while the pointer is over the list (a row must not jump from under a click; the
"À traiter" count says meanwhile what waits). Every flag is text and the attention rows
have their name and flags bold and marked "⚠", in amber, never the selection's blue, so
nothing relies on colour alone (SPEC "Screens"). Issue 19 item 2: presence by a real
check box, for several selected rows at once (Space or "Confirmer la présence"), and
columns measured so that 30-40 candidates fit 1366 x 768 and stay usable at 1024 x 768.
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
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView, QWidget

from app.domain.fold import CandidateStatus
from app.domain.roster import age_fr
from app.services.desk import InvigilatorDesk
from app.services.desk_rows import CandidateRow, flag_text, matches
from app.services.i18n import QT_TRANSLATE_NOOP, domain_text, translate

COLUMNS = (
    QT_TRANSLATE_NOOP("Station", "Candidat"),
    QT_TRANSLATE_NOOP("Station", "À traiter"),
    QT_TRANSLATE_NOOP("Station", "Statut"),
    QT_TRANSLATE_NOOP("Station", "Question"),
    QT_TRANSLATE_NOOP("Station", "Début"),
    QT_TRANSLATE_NOOP("Station", "Fin prévue"),
    QT_TRANSLATE_NOOP("Station", "Restant"),
    QT_TRANSLATE_NOOP("Station", "Contact"),
    QT_TRANSLATE_NOOP("Station", "Naissance"),
    QT_TRANSLATE_NOOP("Station", "Majoré"),
)
"""The headers (French, translated where shown: `column_title`). One line each, so the
header never wraps or clips. The flags come right after the name: what needs doing is read
with who it is. "Contact": time since the kiosk was last heard, shown only while the test
runs (a pupil waiting on the presence or code screen is not late for anything)."""
NAME_COLUMN, FLAGS_COLUMN, BIRTH_COLUMN = 0, 1, 8
SAMPLES = ("", "", "", "45 / 45", "00:00", "00:00", "+59 min", "59 min", "00/00/0000", "33 %")
"""The widest value a fixed column may show: its width is measured from it (an overtime
"+12 min" too: in English the header "Left" is narrower than the value)."""
HIDE_FIRST = (7, 4, 9, 5, 3)
"""When the table is narrow (1024 px), these go first (contact, start, extra time, end,
question): the side panel shows them for the selected candidate."""
BOLD_COLUMNS = (NAME_COLUMN, FLAGS_COLUMN)
"""A row needing attention has its name and flags in bold (nothing by colour alone)."""
FLAGS_MIN_PX = 170
FLAGS_MAX_PX = 240
"""The flags column asks for its widest urgent flag, within these bounds; beyond, the
text is elided and whole in the tooltip and the side panel."""
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""The CandidateRow of a line (tests and the action panel read it)."""
ATTENTION_BG = "#ffe9a8"
"""Amber: a row needing the invigilator. The selection is blue (style.py): never the
same colour, so a selected row and a row to handle are told apart (issue 19)."""
ATTENTION_TEXT = "#1b1f24"

MIN_ROW_PX = 15
"""40 rows of 13 px text fit 1366 x 768 (SPEC: never below 13 px)."""
SHORT_STATUS = {
    "Terminé par le surveillant": QT_TRANSLATE_NOOP("Station", "Terminé (surveillant)"),
}
"""The table's narrower wording of a status; the side panel says it in full."""
STATUS_TEXTS = (*(s.label_fr for s in CandidateStatus), "Non commencé")
"""Every status a row may show (the domain's French, translated where measured)."""
URGENT_FLAGS = ("⚠ Signalement à traiter", "⚠ Reprise demandée", "⚠ Écran de fin à voir",
                "⚠ Présence à confirmer")
"""The flags column is wide enough for these at least (within FLAGS_MAX_PX): a flag that
appears later is not cut. The domain's flags, measured in the process's language."""

_Index = QModelIndex | QPersistentModelIndex


def column_title(column: int) -> str:
    return translate("Station", COLUMNS[column])


def status_text(label: str) -> str:
    """A status as the table shows it: the domain's label, or its narrower wording."""
    short = SHORT_STATUS.get(label)
    return translate("Station", short) if short else domain_text(label)


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


def presence_checkable(row: CandidateRow) -> bool:
    """The presence box can be ticked or unticked: joined, not started, certifiable."""
    return row.joined and not row.started and row.certifiable


def present(row: CandidateRow) -> bool:
    return row.presence_valid or row.started


def contact_fr(row: CandidateRow) -> str:
    """Time since the kiosk was last heard: only while the test runs."""
    if not row.running or row.heard_age_s is None:
        return ""
    return age_fr(row.heard_age_s)


def visible_flags(row: CandidateRow, acknowledged: int = 0) -> list[str]:
    """The row's flags as shown, without "Sortie de la fenêtre ×n" once the invigilator
    saw n (the French, the domain's, is filtered; then translated)."""
    flags = row.flags_fr()
    if row.focus_lost and row.focus_lost <= acknowledged:
        flags = [f for f in flags if not f.startswith("Sortie de la fenêtre")]
    return [flag_text(f) for f in flags]


def cell_text(row: CandidateRow, column: int, acknowledged: int = 0) -> str:
    match column:
        case 0:
            return row.name
        case 1:
            flags = visible_flags(row, acknowledged)
            return ("⚠ " if row.needs_attention else "") + " · ".join(flags)
        case 2:
            return status_text(row.status_label)
        case 3:
            return f"{row.position} / {row.total}" if row.running else ""
        case 4:
            return hhmm(row.started_at)
        case 5:
            return hhmm(row.theoretical_end)
        case 6:
            return remaining_fr(row.remaining_s)
        case 7:
            return contact_fr(row)
        case 8:
            return row.birthdate.strftime("%d/%m/%Y")
        case _:
            return f"{round(row.extra_time * 100)}\u00a0%" if row.extra_time else "—"


def details_fr(row: CandidateRow) -> list[str]:
    """What the narrow table may hide, for the side panel."""
    lines = [translate("Station", "Né(e) le {date}").format(date=f"{row.birthdate:%d/%m/%Y}")]
    if row.started_at:
        lines.append(translate("Station", "Début {start} · fin prévue {end}").format(
            start=hhmm(row.started_at), end=hhmm(row.theoretical_end)))
    if row.running:
        lines.append(translate("Station", "Question {number} / {total} · reste {left}").format(
            number=row.position, total=row.total, left=remaining_fr(row.remaining_s)))
    if contact_fr(row):
        lines.append(translate("Station", "Contact il y a {age}").format(
            age=domain_text(contact_fr(row))))
    if row.extra_time:
        lines.append(translate("Station", "Temps majoré {percent}\u00a0%").format(
            percent=round(row.extra_time * 100)))
    return lines


class CandidateModel(QAbstractTableModel):
    """One line per candidate, in a stable order; the proxy sorts and filters.

    The name column carries the presence check box (the seeds' list has one per
    candidate): ticked once present; it can be ticked or unticked while the candidate
    has joined and not started. Ticking asks the view (`presence_toggled`), the desk
    decides; the box follows the desk's row, never the click alone.

    Signals:
        presence_toggled(int, bool): candidate id, ticked.
    """

    presence_toggled = Signal(int, bool)

    def __init__(self, desk: InvigilatorDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._ids: list[int] = []
        self._rows: dict[int, CandidateRow] = {}
        self._where: dict[int, int] = {}
        self._acknowledged: dict[int, int] = {}
        self.attention_brush = QBrush(QColor(ATTENTION_BG))
        self.attention_text = QBrush(QColor(ATTENTION_TEXT))
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

    def rows(self) -> list[CandidateRow]:
        return [self._rows[cid] for cid in self._ids]

    # -- acknowledged flags ------------------------------------------------------------------

    def acknowledged(self, candidate_id: int) -> int:
        """How many window exits of this candidate the invigilator marked as seen."""
        return self._acknowledged.get(candidate_id, 0)

    def acknowledge(self, candidate_id: int) -> None:
        """"Sortie de la fenêtre vue": the flag goes until the pupil leaves again (this
        station only, for this run: the events themselves stay in the session)."""
        row = self._rows.get(candidate_id)
        if row is None:
            return
        self._acknowledged[candidate_id] = row.focus_lost
        self.update_rows([candidate_id])

    def flags_of(self, row: CandidateRow) -> list[str]:
        return visible_flags(row, self.acknowledged(row.candidate_id))

    # -- Qt ----------------------------------------------------------------------------

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
            return column_title(section)
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            tip = HEADER_TIPS.get(section)
            return translate("Station", tip) if tip else None
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == NAME_COLUMN:
            row = self._rows[self._ids[index.row()]]
            if presence_checkable(row):
                return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[self._ids[index.row()]]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = cell_text(row, column, self.acknowledged(row.candidate_id))
            if role == Qt.ItemDataRole.AccessibleTextRole and column == NAME_COLUMN:
                text += translate("Station", ", présent") if present(row) else translate(
                    "Station", ", présence non confirmée")
            return text
        if role == Qt.ItemDataRole.CheckStateRole and column == NAME_COLUMN:
            return Qt.CheckState.Checked if present(row) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join([*self.flags_of(row), *details_fr(row)]) or domain_text(
                row.status_label)
        if role == Qt.ItemDataRole.BackgroundRole and row.needs_attention:
            return self.attention_brush
        if role == Qt.ItemDataRole.ForegroundRole and row.needs_attention:
            return self.attention_text
        if role == Qt.ItemDataRole.FontRole and row.needs_attention and column in BOLD_COLUMNS:
            font = QFont()
            font.setBold(True)
            return font
        if role == ROW_ROLE:
            return row
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A click on the presence box: asks the desk; the box changes when it agrees."""
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != NAME_COLUMN:
            return False
        row = self._rows[self._ids[index.row()]]
        if not presence_checkable(row):
            return False
        ticked = Qt.CheckState(value) == Qt.CheckState.Checked
        if ticked != row.presence_valid:
            self.presence_toggled.emit(row.candidate_id, ticked)
        return False


HEADER_TIPS = {
    5: QT_TRANSLATE_NOOP("Station", "Fin théorique du test, temps majoré et temps ajouté compris"),
    7: QT_TRANSLATE_NOOP("Station", "Dernier signe du poste du candidat, pendant le test"),
    9: QT_TRANSLATE_NOOP("Station", "Temps majoré (tiers-temps...)"),
}


class CandidateProxy(QSortFilterProxyModel):
    """Attention first, then alphabetical; search ignores case and accents.

    `hold_order(True)` while the pointer is over the list: rows keep their places (a row
    never jumps from under the invigilator's cursor, issue 19); the order is brought up
    to date when the pointer leaves. The "À traiter" count says meanwhile what waits.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self._held = False
        self.setDynamicSortFilter(True)

    def hold_order(self, held: bool) -> None:
        if held == self._held:
            return
        self._held = held
        self.setDynamicSortFilter(not held)
        if not held:
            self.sort(0)

    @property
    def held(self) -> bool:
        return self._held

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
    """The table itself: whole-row selection (several rows with Ctrl or Shift), keyboard
    first, dense enough for 40 rows, never a horizontal scroll bar.

    Row height follows the space available so 20-40 candidates fit on 1366 x 768; below
    30 rows the text stays at the 16 px of SPEC, beyond it shrinks to at least 13 px.
    Column widths are measured from their header and widest value in the font in use;
    when the table is too narrow for all, the columns of HIDE_FIRST are hidden (the side
    panel shows them) and the flags take what is left.
    """

    def __init__(self, model: CandidateModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = model
        self.proxy = CandidateProxy(self)
        self.proxy.setSourceModel(model)
        self.setModel(self.proxy)
        self.proxy.sort(0)
        self.setAccessibleName(translate("Station", "Liste des candidats"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(False)
        self.setAlternatingRowColors(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.setSortingEnabled(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setHighlightSections(False)
        header.setSortIndicatorShown(False)
        header.setMinimumSectionSize(30)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        model.modelReset.connect(self.fit_rows)
        model.modelReset.connect(self.fit_columns)
        self._row_px = 24
        self._font_px = 16
        self.hidden_columns: tuple[int, ...] = ()

    # -- selection -------------------------------------------------------------------------

    def selected_rows(self) -> list[CandidateRow]:
        """The selected candidates, in the list's order; the current one first."""
        indexes = sorted(self.selectionModel().selectedRows(), key=lambda i: i.row())
        rows: list[CandidateRow] = [self.proxy.data(i, ROW_ROLE) for i in indexes]
        current = self.currentIndex()
        if current.isValid() and self.selectionModel().isRowSelected(current.row()):
            first = self.proxy.data(self.proxy.index(current.row(), 0), ROW_ROLE)
            rows = [first, *(r for r in rows if r.candidate_id != first.candidate_id)]
        return [r for r in rows if r is not None]

    def selected_row(self) -> CandidateRow | None:
        rows = self.selected_rows()
        return rows[0] if rows else None

    def select_candidate(self, candidate_id: int) -> None:
        for r in range(self.proxy.rowCount()):
            row = self.proxy.data(self.proxy.index(r, 0), ROW_ROLE)
            if row is not None and row.candidate_id == candidate_id:
                self.selectRow(r)
                self.scrollTo(self.proxy.index(r, 0))
                return

    def next_attention(self) -> CandidateRow | None:
        """The first row needing the invigilator after the current one, wrapping round."""
        count = self.proxy.rowCount()
        start = self.currentIndex().row() if self.currentIndex().isValid() else -1
        for step in range(1, count + 1):
            r = (start + step) % count
            row: CandidateRow | None = self.proxy.data(self.proxy.index(r, 0), ROW_ROLE)
            if row is not None and row.needs_attention:
                self.setCurrentIndex(self.proxy.index(r, 0))
                self.selectRow(r)
                self.scrollTo(self.proxy.index(r, 0))
                return row
        return None

    def keyPressEvent(self, event: Any) -> None:
        """Space ticks the presence of every selected candidate who can be ticked (or
        unticks them all when all are ticked): presence for a whole row of pupils from
        the keyboard, as with the mouse."""
        if event.key() == Qt.Key.Key_Space and not event.modifiers():
            self.toggle_presence()
            event.accept()
            return
        super().keyPressEvent(event)

    def toggle_presence(self) -> None:
        rows = [r for r in self.selected_rows() if presence_checkable(r)]
        if not rows:
            return
        tick = not all(r.presence_valid for r in rows)
        for row in rows:
            if row.presence_valid != tick:
                self.source.presence_toggled.emit(row.candidate_id, tick)

    # -- rows stay put under the pointer ---------------------------------------------------

    def enterEvent(self, event: Any) -> None:
        self.proxy.hold_order(True)
        super().enterEvent(event)

    def leaveEvent(self, event: Any) -> None:
        self.proxy.hold_order(False)
        super().leaveEvent(event)

    # -- sizes -------------------------------------------------------------------------------

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit_rows()
        self.fit_columns()

    def _font(self, px: int, *, bold: bool = False) -> QFontMetrics:
        font = QFont(self.font())
        font.setPixelSize(px)
        font.setBold(bold)
        return QFontMetrics(font)

    def needed_widths(self) -> list[int]:
        """Each column's width: header and widest value (names and statuses as they are)."""
        text, bold = self._font(self._font_px), self._font(self._font_px, bold=True)
        pad = 20  # the item's padding and the style's text margins, both sides
        rows = self.source.rows()
        widths = []
        for column in range(len(COLUMNS)):
            title = column_title(column)
            font = bold if column in BOLD_COLUMNS else text
            values = [SAMPLES[column]]
            if column == NAME_COLUMN:
                values += [cell_text(r, column) for r in rows]
            elif column == 2:  # every status a row may come to, not only today's
                values += [status_text(t) for t in STATUS_TEXTS]
            widest = max((font.horizontalAdvance(v) for v in values), default=0)
            widths.append(max(bold.horizontalAdvance(title), widest) + pad)
        check = self._font_px + 8  # the presence box (its size is set in fit_rows)
        widths[NAME_COLUMN] = min(widths[NAME_COLUMN] + check, 300)
        flags = [cell_text(r, FLAGS_COLUMN, self.source.acknowledged(r.candidate_id))
                 for r in rows if r.needs_attention]
        urgent = [f"⚠ {domain_text(f.removeprefix('⚠ '))}" for f in URGENT_FLAGS]
        widest_flag = max(bold.horizontalAdvance(f) for f in [*flags, *urgent]) + pad
        widths[FLAGS_COLUMN] = max(FLAGS_MIN_PX, min(widest_flag, FLAGS_MAX_PX))
        return widths

    def fit_columns(self) -> None:
        """Every shown column whole, flags stretched, no horizontal scroll: every column
        in smaller text if that is enough (never below 13 px); else the columns of
        HIDE_FIRST hidden, then the text shrunk, until what is shown fits."""
        available = self.viewport().width() or self.width()
        bar = self.verticalScrollBar()
        if not bar.isVisible() and self.source.rowCount() * self._row_px > (
                self.viewport().height()):
            # the scroll bar is about to appear and take its width from the columns
            available -= self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        base = self._font_px
        for size in range(base, 12, -1):  # every column, in smaller text if need be
            self._apply_font(size)
            if sum(self.needed_widths()) <= available:
                break
        else:
            self._apply_font(base)
        while True:
            widths = self.needed_widths()
            hidden: list[int] = []
            for column in HIDE_FIRST:
                if sum(w for c, w in enumerate(widths) if c not in hidden) <= available:
                    break
                hidden.append(column)
            fits = sum(w for c, w in enumerate(widths) if c not in hidden) <= available
            if fits or self._font_px <= 13:
                break
            self._apply_font(self._font_px - 1)
        header = self.horizontalHeader()
        for column, width in enumerate(widths):
            self.setColumnHidden(column, column in hidden)
            if column != FLAGS_COLUMN:
                header.resizeSection(column, width)
        shown = sum(w for c, w in enumerate(widths) if c not in hidden and c != FLAGS_COLUMN)
        header.resizeSection(FLAGS_COLUMN, max(widths[FLAGS_COLUMN], available - shown))
        self.hidden_columns = tuple(hidden)

    def fit_rows(self) -> None:
        """Shrink the rows (and then the text) until every candidate is visible."""
        count = max(self.source.rowCount(), 1)
        available = self.viewport().height() or 600
        px = max(MIN_ROW_PX, min(30, available // count))
        if px != self._row_px or self.verticalHeader().defaultSectionSize() != px:
            self._row_px = px
            vh = self.verticalHeader()
            vh.setMinimumSectionSize(px)
            vh.setDefaultSectionSize(px)
            self._apply_font(max(13, min(16, px - 4)))
            self.fit_columns()

    def _apply_font(self, size: int) -> None:
        if size == self._font_px and self.styleSheet():
            return
        # The application style sheet sets 16 px on every widget: only a style sheet on
        # the table itself can go below it.
        self._font_px = size
        self.setStyleSheet(
            f"QTableView {{ font-size: {size}px; }}"
            f"QTableView::item {{ padding: 0px 3px; }}"
            f"QTableView::indicator {{ width: {size}px; height: {size}px; }}"
            f"QHeaderView::section {{ font-size: {size}px; padding: 1px 3px; }}"
        )
