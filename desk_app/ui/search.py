"""Ctrl+K search: tracking number (or its last digits), NIK, phone or any word of a name;
results as you type; Enter opens the task."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desk_app.common.formatting import date_short
from desk_app.counter import lookup
from desk_app.counter.lookup import TaskRow
from desk_app.ui.context import DeskContext
from desk_app.ui.formatting import status_label
from desk_app.ui.messages import describe_error
from desk_app.ui.theme import QUIET_STYLE
from desk_app.ui.widgets.service_text import service_text

DEBOUNCE_MS = 250
RESULT_LIMIT = 50
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class SearchDialog(QDialog):
    """A small search popup over every task of the office."""

    taskChosen = Signal(str)
    resultsShown = Signal(int)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cari berkas"))
        self.resize(860, 440)
        self._ctx = ctx
        self._generation = 0
        self._open_when_ready = False
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(
            self.tr("Nomor berkas atau 4 digit terakhirnya, NIK, telepon, atau nama pemohon")
        )
        self.query.setClearButtonEnabled(True)
        self.status = QLabel(self)
        self.status.setStyleSheet(QUIET_STYLE)
        self.model = QStandardItemModel(0, 5, self)
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("No. berkas"),
                self.tr("Pemohon"),
                self.tr("Layanan"),
                self.tr("Status"),
                self.tr("Tenggat"),
            ]
        )
        self.results = QTreeView(self)
        self.results.setModel(self.model)
        self.results.setRootIsDecorated(False)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for column, width in enumerate((215, 165, 250, 100)):
            self.results.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.query.textEdited.connect(self._on_edited)
        self.query.returnPressed.connect(self.open_current)
        self.query.installEventFilter(self)
        self.results.activated.connect(self._on_activated)

    def start(self) -> None:
        """Show the dialog with the previous query selected, ready to type."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.query.setFocus()
        self.query.selectAll()

    def run_search(self) -> None:
        """Search now in the background; answers to older queries are dropped."""
        self._timer.stop()
        text = self.query.text().strip()
        self._generation += 1
        generation = self._generation
        if not text:
            self._show_rows(generation, [])
            self.status.clear()
            return
        self.status.setText(self.tr("Mencari…"))
        self._ctx.ops.read(
            lambda s: lookup.search(s, query=text, limit=RESULT_LIMIT),
            done=lambda rows: self._show_rows(generation, rows),
            failed=self._on_failed,
            owner=self,
        )

    def open_current(self) -> None:
        """Open the selected result (the first when none is selected)."""
        if self._timer.isActive():  # Enter before the debounce fired: open once results arrive
            self._open_when_ready = True
            self.run_search()
            return
        index = self.results.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        if index.isValid():
            self._on_activated(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down in the query field move through the results."""
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.model.rowCount():
                row = self.results.currentIndex().row()
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = min(max(row + step, 0), self.model.rowCount() - 1)
                self.results.setCurrentIndex(self.model.index(row, 0))
                return True
        return super().eventFilter(watched, event)

    def _on_edited(self, _text: str) -> None:
        self._timer.start()

    def _show_rows(self, generation: int, rows: list[TaskRow]) -> None:
        if generation != self._generation:
            return
        self.model.removeRows(0, self.model.rowCount())
        for row in rows:
            name = service_text(
                self._ctx.catalogue, row.service_code, row.description, self._ctx.language
            )
            items = [
                QStandardItem(row.tracking_no),
                QStandardItem(row.applicant_name),
                QStandardItem(name),
                QStandardItem(status_label(row.status)),
                QStandardItem(date_short(row.due_date, self._ctx.language)),
            ]
            items[0].setData(row.id, ID_ROLE)
            self.model.appendRow(items)
        if rows:
            self.results.setCurrentIndex(self.model.index(0, 0))
            if len(rows) >= RESULT_LIMIT:
                self.status.setText(
                    self.tr("%1 berkas terbaru; ketik lebih lengkap untuk mempersempit.").replace(
                        "%1", str(len(rows))
                    )
                )
            else:
                self.status.setText(
                    self.tr("%n berkas ditemukan; Enter membuka yang dipilih.", "", len(rows))
                )
        elif self.query.text().strip():
            self.status.setText(self.tr("Tidak ada berkas yang cocok."))
        self.resultsShown.emit(len(rows))
        if self._open_when_ready:
            self._open_when_ready = False
            if rows:
                self._on_activated(self.model.index(0, 0))

    def _on_failed(self, exc: BaseException) -> None:
        self.status.setText(describe_error(exc, self._ctx.language))

    def _on_activated(self, index: QModelIndex) -> None:
        task_id = self.model.index(index.row(), 0).data(ID_ROLE)
        if task_id:
            self.taskChosen.emit(str(task_id))
            self.hide()
