"""The work queue: filters, counts per status and the lazily filled task table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.common.formatting import DATE_PATTERN, number
from desk_app.counter import lookup
from desk_app.counter.lookup import QueueFilter
from desk_app.counter.tasks import OPEN_STATUSES, STATUSES
from desk_app.office.officers import OfficerInfo
from desk_app.ui.context import DeskContext
from desk_app.ui.formatting import status_label
from desk_app.ui.messages import describe_error
from desk_app.ui.queue_export import export_queue
from desk_app.ui.queue_model import COLUMNS, QueueModel
from desk_app.ui.theme import DUE_SOON_BACKGROUND, ERROR_STYLE, OVERDUE_BACKGROUND, swatch
from desk_app.ui.widgets.elide import elide_with_tooltip
from desk_app.ui.widgets.flow import FlowLayout

COLUMN_WIDTHS = (215, 225, 155, 130, 125, 85, 125)
PREFETCH_ROWS = 60  # the table scrolls per row, so the scroll bar counts rows


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class QueuePage(QWidget):
    """Filters on top, the task table below; Enter or a double-click opens a task."""

    taskOpened = Signal(str)

    def __init__(
        self, ctx: DeskContext, officer: OfficerInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._officer = officer
        self.model = QueueModel(
            ctx.ops, catalogue=ctx.catalogue, language=ctx.language, today=ctx.today, parent=self
        )
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self.apply_filter)
        self._build_filters()
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        header.sectionClicked.connect(self._on_header_clicked)
        self.table.activated.connect(self._on_activated)
        self.table.verticalScrollBar().valueChanged.connect(self._prefetch)
        self.summary = QLabel(self)
        self.legend = QLabel(self)
        self.legend.setText(
            swatch(OVERDUE_BACKGROUND)
            + " "
            + self.tr("terlambat")
            + " &nbsp; "
            + swatch(DUE_SOON_BACKGROUND)
            + " "
            + self.tr("jatuh tempo ≤ 1 hari")
        )
        footer = QHBoxLayout()
        footer.addWidget(self.summary, 1)
        footer.addWidget(self.legend)
        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_row)
        layout.addLayout(self._date_row)
        layout.addLayout(self._counts_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        self.model.countsLoaded.connect(self._show_counts)
        self.model.pageLoaded.connect(self._show_loaded)
        self._total = -1
        self._sync_sort_indicator()
        # Where an export goes; a test (or a policy) may answer without a file dialog.
        self.choose_export_path: Callable[[], Path | None] = self._ask_export_path

    # -- building --------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.status_box = QComboBox(self)
        self.status_box.addItem(self.tr("Masih terbuka"), "open")
        self.status_box.addItem(self.tr("Semua status"), "all")
        for status in STATUSES:
            self.status_box.addItem(status_label(status), status)
        self.mine_box = QCheckBox(self.tr("Milik saya"), self)
        self.mine_box.setToolTip(self.tr("Hanya berkas yang Anda terima"))
        self.overdue_box = QCheckBox(self.tr("Terlambat"), self)
        self.due_soon_box = QCheckBox(self.tr("Segera jatuh tempo"), self)
        self.due_soon_box.setToolTip(self.tr("Tenggat hari ini atau besok"))
        self.agency_box = QComboBox(self)
        self.agency_box.addItem(self.tr("Semua dinas"), "")
        for code, name in sorted(self._ctx.catalogue.agency_names(self._ctx.language).items()):
            self.agency_box.addItem(name, code)
        self.service_box = QComboBox(self)
        self.service_box.addItem(self.tr("Semua layanan"), "")
        for service in self._ctx.catalogue.services:
            name = self._ctx.catalogue.service_name(service.code, self._ctx.language)
            self.service_box.addItem(f"{service.code} · {name}", service.code)
        self.service_box.setMaximumWidth(300)
        elide_with_tooltip(self.service_box)  # long names: "…" here, whole in the tooltip
        self.range_box = QCheckBox(self.tr("Diterima dari"), self)
        today = self._ctx.today()
        start = today - timedelta(days=30)
        self.from_edit = QDateEdit(QDate(start.year, start.month, start.day), self)
        self.to_edit = QDateEdit(QDate(today.year, today.month, today.day), self)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_PATTERN)
            edit.setEnabled(False)
        self.refresh_button = QPushButton(self.tr("Muat ulang"), self)
        self.refresh_button.setToolTip(self.tr("Muat ulang antrean (Ctrl+R)"))
        self.export_button = QPushButton(self.tr("Ekspor CSV…"), self)
        self.export_button.setToolTip(
            self.tr("Simpan daftar ini (semua berkas sesuai saringan) sebagai file CSV")
        )
        self.agency_box.setMaximumWidth(260)
        elide_with_tooltip(self.agency_box)
        self._filter_row = QHBoxLayout()
        widget: QWidget
        for widget in (
            QLabel(self.tr("Status"), self),
            self.status_box,
            self.mine_box,
            self.overdue_box,
            self.due_soon_box,
        ):
            self._filter_row.addWidget(widget)
        self._filter_row.addStretch(1)
        self._filter_row.addWidget(self.export_button)
        self._filter_row.addWidget(self.refresh_button)
        self._date_row = QHBoxLayout()
        for widget in (
            QLabel(self.tr("Dinas"), self),
            self.agency_box,
            QLabel(self.tr("Layanan"), self),
            self.service_box,
            self.range_box,
            self.from_edit,
            QLabel(self.tr("s.d."), self),
            self.to_edit,
        ):
            self._date_row.addWidget(widget)
        self._date_row.addStretch(1)
        self._counts_row = FlowLayout()  # a big office's counts wrap at large text sizes
        self._counts_row.addWidget(QLabel(self.tr("Jumlah per status:"), self))
        self.count_buttons: dict[str, QPushButton] = {}
        for status in STATUSES:
            button = QPushButton(status_label(status), self)
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip(self.tr("Tampilkan hanya status ini"))
            button.clicked.connect(lambda _=False, s=status: self.show_status(s))
            self._counts_row.addWidget(button)
            self.count_buttons[status] = button
        for combo in (self.status_box, self.agency_box, self.service_box):
            combo.currentIndexChanged.connect(self._debounce.start)
        for box in (self.mine_box, self.overdue_box, self.due_soon_box, self.range_box):
            box.toggled.connect(self._debounce.start)
        self.range_box.toggled.connect(self.from_edit.setEnabled)
        self.range_box.toggled.connect(self.to_edit.setEnabled)
        self.from_edit.dateChanged.connect(self._debounce.start)
        self.to_edit.dateChanged.connect(self._debounce.start)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self.export)

    # -- behaviour -------------------------------------------------------------------------

    def current_filter(self) -> QueueFilter:
        """The QueueFilter the widgets describe, keeping the current sort."""
        today = self._ctx.today()
        choice = self.status_box.currentData()
        statuses: tuple[str, ...] = ()
        if choice == "open":
            statuses = OPEN_STATUSES
        elif choice != "all":
            statuses = (str(choice),)
        base = self.model.queue_filter
        return QueueFilter(
            statuses=statuses,
            officer_id=self._officer.id if self.mine_box.isChecked() else None,
            overdue_on=today if self.overdue_box.isChecked() else None,
            due_by=lookup.due_soon_day(today) if self.due_soon_box.isChecked() else None,
            agency_code=str(self.agency_box.currentData()) or None,
            service_code=str(self.service_box.currentData()) or None,
            received_from=_day(self.from_edit.date()) if self.range_box.isChecked() else None,
            received_to=_day(self.to_edit.date()) if self.range_box.isChecked() else None,
            sort=base.sort,
            descending=base.descending,
        )

    def apply_filter(self) -> None:
        """Reload the table with the filter the widgets describe."""
        self._debounce.stop()
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("Memuat…"))
        self._total = -1
        self.model.set_filter(self.current_filter())

    def refresh(self) -> None:
        """Reload the queue with the same filter (Ctrl+R)."""
        self.apply_filter()

    def export(self, _checked: bool = False) -> None:
        """Write the queue as the table lists it (every row of the filter) to a CSV file."""
        path = self.choose_export_path()
        if path is None:
            return
        model, ctx = self.model, self._ctx
        headers = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(len(COLUMNS))]
        flt, agencies = model.queue_filter, ctx.catalogue.agency_names(ctx.language)
        self.export_button.setEnabled(False)
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("Mengekspor…"))
        ctx.ops.run(
            partial(
                export_queue,
                ctx.db,
                flt=flt,
                path=path,
                headers=headers,
                catalogue=ctx.catalogue,
                agencies=agencies,
                language=ctx.language,
            ),
            done=partial(self._exported, path),
            failed=self._export_failed,
            owner=self,
        )

    def _ask_export_path(self) -> Path | None:
        name = f"antrean-{self._ctx.today():%Y-%m-%d}.csv"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Ekspor antrean"), str(Path.home() / name), self.tr("CSV (*.csv)")
        )
        return Path(chosen) if chosen else None

    def _exported(self, path: Path, count: int) -> None:
        self.export_button.setEnabled(True)
        self.summary.setText(
            self.tr("%1 berkas diekspor ke %2")
            .replace("%1", number(count, self._ctx.language))
            .replace("%2", path.name)
        )

    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setText(
            self.tr("Ekspor gagal: %1").replace("%1", describe_error(exc, self._ctx.language))
        )

    def show_status(self, status: str) -> None:
        """Filter on one status (the count buttons)."""
        index = self.status_box.findData(status)
        if index >= 0:
            self.status_box.setCurrentIndex(index)

    def selected_task_id(self) -> str | None:
        """The task on the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.task_id(rows[0].row()) if rows else None

    def open_row(self, row: int) -> None:
        """Open the task on a row."""
        if 0 <= row < self.model.rowCount():
            self.taskOpened.emit(self.model.task_id(row))

    def _prefetch(self, value: int) -> None:
        """Ask for the next page a little before the end, so scrolling rarely waits."""
        bar = self.table.verticalScrollBar()
        if bar.maximum() - value < PREFETCH_ROWS and self.model.canFetchMore():
            self.model.fetchMore()

    def _on_activated(self, index: QModelIndex) -> None:
        self.open_row(index.row())

    def _on_header_clicked(self, column: int) -> None:
        current, order = self.model.sort_column()
        if COLUMNS[column][1] is not None:
            if column == current:
                order = (
                    Qt.SortOrder.AscendingOrder
                    if order == Qt.SortOrder.DescendingOrder
                    else Qt.SortOrder.DescendingOrder
                )
            else:
                order = Qt.SortOrder.AscendingOrder
            self.summary.setText(self.tr("Memuat…"))
            self._total = -1
            self.model.sort(column, order)
        self._sync_sort_indicator()

    def _sync_sort_indicator(self) -> None:
        column, order = self.model.sort_column()
        self.table.horizontalHeader().setSortIndicator(column, order)

    def _show_counts(self, total: int, counts: dict[str, int]) -> None:
        self._total = total
        language = self._ctx.language
        for status, button in self.count_buttons.items():
            button.setText(f"{status_label(status)}  {number(counts.get(status, 0), language)}")
        self._show_loaded(self.model.rowCount())

    def _show_loaded(self, loaded: int) -> None:
        language = self._ctx.language
        if self._total < 0:
            self.summary.setText(
                self.tr("Menampilkan %1 berkas; menghitung jumlah…").replace(
                    "%1", number(loaded, language)
                )
            )
            return
        self.summary.setText(
            self.tr("Menampilkan %1 dari %2 berkas")
            .replace("%1", number(loaded, language))
            .replace("%2", number(max(self._total, loaded), language))
        )
