"""The work-queue table model: holds task ids, fetches them and their rows a page at a time."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush
from sqlalchemy.orm import Session

from desk_app.common.formatting import date_short, date_time
from desk_app.counter import lookup
from desk_app.counter.lookup import QueueFilter, TaskRow
from desk_app.counter.tasks import OPEN_STATUSES, OWED_STATUSES, is_overdue
from desk_app.ui.context import Catalogue
from desk_app.ui.formatting import status_label
from desk_app.ui.operations import Operations
from desk_app.ui.theme import DUE_SOON_BRUSH, OVERDUE_BRUSH
from desk_app.ui.widgets.service_text import service_text

logger = logging.getLogger(__name__)

PAGE_SIZE = 200
ROW_CACHE = 20_000  # rows kept in memory; older ones are fetched again by id when needed
ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_ID = Qt.ItemDataRole.UserRole.value
_ROLES = frozenset({_DISPLAY, _BACKGROUND, _TOOLTIP, _ID})
_BRUSHES = {"overdue": OVERDUE_BRUSH, "due_soon": DUE_SOON_BRUSH}


class _Line(NamedTuple):
    """One row as displayed: formatted once, looked up many times per paint."""

    task_id: str
    texts: tuple[str, ...]
    brush: QBrush | None
    tooltip: str
    urgency: str


# column key -> the sort key lookup.queue_ids understands (None: not sortable)
COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("tracking_no", "tracking_no"),
    ("service", "service_code"),
    ("applicant", None),
    ("status", "status"),
    ("received", "received_at"),
    ("due", "due_date"),
    ("agency", None),
    ("officer", None),
)


def row_texts(
    row: TaskRow, *, catalogue: Catalogue, agencies: dict[str, str], language: str
) -> tuple[str, ...]:
    """The cells of one row, as the table shows them and an export writes them."""
    agency = row.current_agency or ""
    status = status_label(row.status)
    if row.missing_documents and row.status in OPEN_STATUSES:  # issue 11: incomplete file
        status += " · " + QCoreApplication.translate("QueueModel", "berkas belum lengkap")
    return (
        row.tracking_no,
        service_text(catalogue, row.service_code, row.description, language),
        row.applicant_name,
        status,
        date_time(row.received_at, language),
        date_short(row.due_date, language),
        agencies.get(agency, agency),
        row.taken_by_name,
    )


def _page(session: Session, flt: QueueFilter, offset: int) -> tuple[list[str], list[TaskRow]]:
    ids = lookup.queue_ids(session, flt=flt, offset=offset, limit=PAGE_SIZE)
    return ids, lookup.task_rows(session, ids=ids)


def _counts(session: Session, flt: QueueFilter) -> tuple[int, dict[str, int]]:
    return lookup.queue_count(session, flt=flt), lookup.status_counts(session, flt=flt)


class QueueModel(QAbstractTableModel):
    """Rows of the work queue; ids arrive in pages through fetchMore, never all at once."""

    pageLoaded = Signal(int)
    countsLoaded = Signal(int, object)

    def __init__(
        self,
        ops: Operations,
        *,
        catalogue: Catalogue,
        language: str,
        today: Callable[[], date],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._catalogue = catalogue
        self._language = language
        self._today_fn = today
        self._agencies = catalogue.agency_names(language)
        self._filter = QueueFilter(statuses=OPEN_STATUSES, sort="due_date", descending=False)
        self._generation = 0
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._rows: OrderedDict[str, _Line] = OrderedDict()
        self._blocks_loading: set[int] = set()
        self._loading = False
        self._exhausted = False
        self._today = today()

    # -- the filter -------------------------------------------------------------------------

    @property
    def queue_filter(self) -> QueueFilter:
        """What the model currently shows."""
        return self._filter

    @property
    def loading(self) -> bool:
        """True while a page of ids is on its way."""
        return self._loading

    @property
    def exhausted(self) -> bool:
        """True once the last page has arrived."""
        return self._exhausted

    def set_filter(self, flt: QueueFilter) -> None:
        """Show another selection: forget every row and fetch the first page."""
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        """Fetch the queue again from the first page, and the counts."""
        self.beginResetModel()
        self._generation += 1
        self._ids, self._row_of = [], {}
        self._rows.clear()
        self._blocks_loading.clear()
        self._loading = False
        self._exhausted = False
        self._today = self._today_fn()
        self.endResetModel()
        self.fetchMore(QModelIndex())
        self.load_counts()

    def load_counts(self) -> None:
        """Count the whole selection and each status, in the background."""
        gen, flt = self._generation, self._filter
        self._ops.read(
            lambda s: _counts(s, flt), done=partial(self._counts_arrived, gen), owner=self
        )

    def task_id(self, row: int) -> str:
        """The id of the task on a row."""
        return self._ids[row]

    def row_of(self, task_id: str) -> int | None:
        """The row showing a task, if it is loaded."""
        return self._row_of.get(task_id)

    def refresh_task(self, task_id: str) -> None:
        """Fetch one task's row again after it changed."""
        if task_id in self._row_of:
            gen = self._generation
            self._ops.read(
                lambda s: lookup.task_rows(s, ids=[task_id]),
                done=partial(self._rows_arrived, gen),
                owner=self,
            )

    # -- Qt's model interface ---------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        """Rows loaded so far."""
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:
        """Fixed columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: ModelIndex = _ROOT) -> bool:
        """More ids exist and no page is on its way."""
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: ModelIndex = _ROOT) -> None:
        """Ask for the next page of ids (and their rows) in the background."""
        if not self.canFetchMore(parent):
            return
        self._loading = True
        gen, offset, flt = self._generation, len(self._ids), self._filter
        self._ops.read(
            lambda s: _page(s, flt, offset),
            done=partial(self._page_arrived, gen),
            failed=partial(self._page_failed, gen),
            owner=self,
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column the database can order by; other columns are ignored."""
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column][1]
        descending = order == Qt.SortOrder.DescendingOrder
        if key is None or (key == self._filter.sort and descending == self._filter.descending):
            return
        self.set_filter(replace(self._filter, sort=key, descending=descending))

    def sort_column(self) -> tuple[int, Qt.SortOrder]:
        """The column and direction of the current sort, for the header indicator."""
        keys = [k for _, k in COLUMNS]
        column = keys.index(self._filter.sort) if self._filter.sort in keys else -1
        order = (
            Qt.SortOrder.DescendingOrder if self._filter.descending else Qt.SortOrder.AscendingOrder
        )
        return column, order

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("No. berkas"),
            self.tr("Layanan"),
            self.tr("Pemohon"),
            self.tr("Status"),
            self.tr("Diterima"),
            self.tr("Tenggat"),
            self.tr("Dinas"),
            self.tr("Petugas penerima"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows can be selected, never edited."""
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, the overdue / due-soon colours and tooltips (called a lot: keep it lean)."""
        if role not in _ROLES:
            return None
        row = index.row()
        if not 0 <= row < len(self._ids):
            return None
        line = self._rows.get(self._ids[row])
        if line is None:
            self._request_block(row // PAGE_SIZE)
            return "…" if role == _DISPLAY else None
        if role == _DISPLAY:
            return line.texts[index.column()]
        if role == _BACKGROUND:
            return line.brush
        if role == _TOOLTIP:
            return line.tooltip
        return line.task_id

    # -- helpers ----------------------------------------------------------------------------

    def urgency(self, row: int) -> str:
        """ "overdue", "due_soon" or "" for a loaded row."""
        line = self._rows.get(self._ids[row])
        return line.urgency if line else ""

    def _urgency(self, row: TaskRow) -> str:
        if row.status not in OWED_STATUSES:
            return ""
        if is_overdue(row.status, row.due_date, today=self._today):
            return "overdue"
        if row.due_date <= lookup.due_soon_day(self._today):
            return "due_soon"
        return ""

    def _line(self, row: TaskRow) -> _Line:
        """Everything the view may ask about a row, formatted once when the row arrives."""
        urgency = self._urgency(row)
        if urgency == "overdue":
            tooltip = self.tr("Terlambat: tenggat %1").replace(
                "%1", date_short(row.due_date, self._language)
            )
        elif urgency == "due_soon":
            tooltip = self.tr("Segera jatuh tempo: %1").replace(
                "%1", date_short(row.due_date, self._language)
            )
        else:
            tooltip = f"{row.tracking_no} · {row.service_code}"
        texts = row_texts(
            row, catalogue=self._catalogue, agencies=self._agencies, language=self._language
        )
        if row.missing_documents and row.status in OPEN_STATUSES:  # issue 11: incomplete file
            missing = self.tr("Dokumen belum lengkap: %1")
            tooltip += "\n" + missing.replace("%1", ", ".join(row.missing_documents))
        return _Line(row.id, texts, _BRUSHES.get(urgency), tooltip, urgency)

    def _remember(self, rows: list[TaskRow]) -> None:
        for row in rows:
            self._rows[row.id] = self._line(row)
            self._rows.move_to_end(row.id)
        while len(self._rows) > ROW_CACHE:
            self._rows.popitem(last=False)

    def _page_arrived(self, gen: int, result: tuple[list[str], list[TaskRow]]) -> None:
        if gen != self._generation:
            return
        ids, rows = result
        self._loading = False
        self._exhausted = len(ids) < PAGE_SIZE
        # Offset paging can repeat an id when a new task arrives meanwhile; show it once.
        fresh = [i for i in dict.fromkeys(ids) if i not in self._row_of]
        self._remember(rows)
        if fresh:
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            for offset, task_id in enumerate(fresh):
                self._row_of[task_id] = first + offset
            self._ids.extend(fresh)
            self.endInsertRows()
        self.pageLoaded.emit(len(self._ids))

    def _page_failed(self, gen: int, exc: BaseException) -> None:
        if gen == self._generation:
            self._loading = False
        self._ops.report_error(exc)

    def _request_block(self, block: int) -> None:
        if block in self._blocks_loading:
            return
        self._blocks_loading.add(block)
        gen = self._generation
        ids = self._ids[block * PAGE_SIZE : (block + 1) * PAGE_SIZE]
        self._ops.read(
            lambda s: lookup.task_rows(s, ids=ids),
            done=partial(self._block_arrived, gen, block),
            owner=self,
        )

    def _block_arrived(self, gen: int, block: int, rows: list[TaskRow]) -> None:
        if gen != self._generation:
            return
        self._blocks_loading.discard(block)
        self._rows_arrived(gen, rows)

    def _rows_arrived(self, gen: int, rows: list[TaskRow]) -> None:
        if gen != self._generation or not rows:
            return
        self._remember(rows)
        positions = [self._row_of[r.id] for r in rows if r.id in self._row_of]
        if positions:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(min(positions), 0), self.index(max(positions), last))

    def _counts_arrived(self, gen: int, result: tuple[int, dict[str, int]]) -> None:
        if gen == self._generation:
            self.countsLoaded.emit(result[0], result[1])
