"""Step 2 of the day close: settle or acknowledge what is open; list the carry-over."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desk_app.closing.dayclose import (
    CLOCKED_IN,
    NOT_STARTED,
    REASON_MAX_LEN,
    UNPRINTED,
    Outstanding,
)
from desk_app.closing.work import DayChecks, load_checks
from desk_app.common.errors import ValidationError
from desk_app.common.formatting import date_short, date_time
from desk_app.common.validation import MIN_REASON, validate_reason
from desk_app.counter import printing
from desk_app.counter.tasks import is_overdue
from desk_app.office.attendance import ShiftSession
from desk_app.ui.closing.busy_page import BusyPage
from desk_app.ui.closing.clock_out import ClockOutDialog
from desk_app.ui.closing.state import CloseState
from desk_app.ui.formatting import status_label
from desk_app.ui.receipt_hook import PrintOutcome
from desk_app.ui.widgets.rows import LATE, RowsModel, rows_table

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
REF_ROLE = Qt.ItemDataRole.UserRole + 2


class ChecksPage(BusyPage):
    """Outstanding items grouped by kind, each ticked to leave it or settled with a button."""

    taskOpenRequested = Signal(str)  # a task id, to open in the main window

    def __init__(self, state: CloseState, parent: QWidget | None = None) -> None:
        super().__init__(parent, language=state.language)
        self._state = state
        self._kept: set[tuple[str, str]] = set()  # acknowledged, kept across re-checks
        self._message = ""  # what the last settling step did
        self._building = False  # rows are being filled in: ticks are not the lead's
        self.clock_out_dialog: ClockOutDialog | None = None
        self.setTitle(self.tr("2. Yang belum beres"))
        self.setSubTitle(
            self.tr(
                "Selesaikan dengan tombol di bawah, atau centang yang dibiarkan dan tulis "
                "alasannya. Berkas yang masih terbuka dibawa ke hari berikutnya."
            )
        )
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.model = QStandardItemModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setToolTip(self.tr("Spasi mencentang: dibiarkan, lanjut dengan alasan"))
        self.reprint_button = QPushButton(self.tr("&Cetak ulang tanda terima"), self)
        self.clock_out_button = QPushButton(self.tr("Absen &pulangkan…"), self)
        self.open_button = QPushButton(self.tr("&Buka berkas"), self)
        self.open_button.setToolTip(self.tr("Buka berkas di jendela utama; lalu Periksa ulang"))
        self.leave_all_button = QPushButton(self.tr("Biarkan se&mua"), self)
        self.recheck_button = QPushButton(self.tr("Periksa &ulang"), self)
        buttons = QHBoxLayout()
        for button in (
            self.reprint_button,
            self.clock_out_button,
            self.open_button,
            self.leave_all_button,
        ):
            buttons.addWidget(button)
            button.setAutoDefault(False)
        buttons.addStretch(1)
        buttons.addWidget(self.recheck_button)
        self.recheck_button.setAutoDefault(False)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText(
            self.tr("wajib bila ada yang dibiarkan, minimal %1 huruf").replace(
                "%1", str(MIN_REASON)
            )
        )
        reason = QFormLayout()
        reason.addRow(self.tr("&Alasan"), self.reason_edit)
        self.carried_model = RowsModel(
            [
                self.tr("Nomor"),
                self.tr("Layanan"),
                self.tr("Status"),
                self.tr("Di dinas"),
                self.tr("Tenggat"),
            ],
            parent=self,
        )
        self.carried_table = rows_table(self.carried_model, self, stretch=1)
        self.carried_box = QGroupBox(self)
        carried = QVBoxLayout(self.carried_box)
        carried.addWidget(self.carried_table)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.tree, 3)
        layout.addLayout(buttons)
        layout.addLayout(reason)
        layout.addWidget(self.carried_box, 2)
        layout.addWidget(self.note)

        self.model.itemChanged.connect(self._item_changed)
        self.tree.selectionModel().currentChanged.connect(self._update_buttons)
        self.reason_edit.textChanged.connect(self.completeChanged)
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.clock_out_button.clicked.connect(self.clock_out_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.leave_all_button.clicked.connect(self.leave_all)
        self.recheck_button.clicked.connect(self.reload)
        state.receipts.receiptHandled.connect(self._receipt_handled)

    # -- loading ---------------------------------------------------------------------------

    def initializePage(self) -> None:
        """Check the chosen day."""
        self.reload()

    def reload(self) -> None:
        """Check the day again in the background (after settling something)."""
        day, now, lead_id = self._state.day, self._state.ctx.now(), self._state.lead.id
        self._state.checks = None
        self.start_loading()
        self._state.ctx.ops.read(
            lambda s: load_checks(s, day=day, now=now, lead_id=lead_id),
            done=self._show,
            failed=self.show_failure,
            owner=self,
        )

    def _show(self, checks: DayChecks) -> None:
        if checks.day != self._state.day:
            return
        self._state.checks = checks
        self._building = True
        self.model.clear()
        pre = checks.preconditions
        groups = (
            (self.tr("Tanda terima belum dicetak (%1)"), pre.unprinted_receipts),
            (self.tr("Petugas masih absen masuk (%1)"), pre.clocked_in),
            (self.tr("Berkas hari itu belum diproses (%1)"), pre.not_started),
        )
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for title, items in groups:
            if not items:
                continue
            group = QStandardItem(title.replace("%1", str(len(items))))
            group.setFont(bold)
            group.setSelectable(False)
            for item in items:
                group.appendRow(self._row(checks, item))
            self.model.appendRow(group)
        self._building = False
        self.tree.expandAll()
        count = len(pre.items)
        headline = (
            self.tr("Semua beres: tidak ada yang tertunda.")
            if not count
            else self.tr("Belum beres: %1.").replace("%1", str(count))
        )
        self.headline.setText(f"<b>{headline}</b> {self._message}".strip())
        self._show_carried(checks)
        self.stop_loading()
        self._select_first()

    def _row(self, checks: DayChecks, item: Outstanding) -> QStandardItem:
        task = checks.tasks.get(item.ref)
        if item.kind == CLOCKED_IN:
            shift = checks.shifts.get(item.ref)
            text = (
                self.tr("%1 masih absen masuk sejak %2")
                .replace("%1", shift.name)
                .replace("%2", date_time(shift.started_at, self._state.language))
                if shift
                else item.label
            )
        elif item.kind == UNPRINTED:
            text = self.tr("Tanda terima %1 belum dicetak").replace("%1", item.ref)
        else:
            text = self.tr("Berkas %1 belum diproses").replace("%1", item.ref)
        if task is not None:
            text += f" — {task.service_name}, {task.applicant_name}"
        row = QStandardItem(text)
        row.setCheckable(True)
        key = (item.kind, item.ref)
        row.setCheckState(Qt.CheckState.Checked if key in self._kept else Qt.CheckState.Unchecked)
        row.setData(item.kind, KIND_ROLE)
        row.setData(item.ref, REF_ROLE)
        return row

    def _show_carried(self, checks: DayChecks) -> None:
        names = self._state.ctx.catalogue.agency_names(self._state.ctx.language)
        rows, tones = [], []
        for task in checks.carried:
            rows.append(
                (
                    task.tracking_no,
                    task.service_name,
                    status_label(task.status),
                    names.get(task.current_agency, task.current_agency)
                    if task.current_agency
                    else "",
                    date_short(task.due_date, self._state.language),
                )
            )
            # A ready result waits on its citizen: only work the office still owes is late.
            late = is_overdue(task.status, task.due_date, today=checks.day)
            tones.append(LATE if late else "")
        self.carried_model.set_rows(rows, keys=[t.id for t in checks.carried], tones=tones)
        self.carried_box.setTitle(
            self.tr("Dibawa ke hari berikutnya (masih terbuka): %1").replace("%1", str(len(rows)))
        )

    # -- the items -------------------------------------------------------------------------

    def rows(self) -> Iterator[QStandardItem]:
        """Every outstanding item's row."""
        for g in range(self.model.rowCount()):
            group = self.model.item(g)
            for r in range(group.rowCount()):
                yield group.child(r)

    def row_for(self, kind: str, ref: str) -> QStandardItem | None:
        """The row of one outstanding item."""
        return next(
            (r for r in self.rows() if r.data(KIND_ROLE) == kind and r.data(REF_ROLE) == ref),
            None,
        )

    def select(self, kind: str, ref: str) -> bool:
        """Make one item current (as the arrow keys would)."""
        row = self.row_for(kind, ref)
        if row is not None:
            self.tree.setCurrentIndex(row.index())
        return row is not None

    def acknowledged(self) -> frozenset[tuple[str, str]]:
        """(kind, ref) of every item ticked to be left as it is."""
        return frozenset(
            (str(r.data(KIND_ROLE)), str(r.data(REF_ROLE)))
            for r in self.rows()
            if r.checkState() == Qt.CheckState.Checked
        )

    def leave_all(self) -> None:
        """Tick every item."""
        for row in self.rows():
            row.setCheckState(Qt.CheckState.Checked)

    def _item_changed(self, item: QStandardItem) -> None:
        if self._building or not item.isCheckable():
            return
        key = (str(item.data(KIND_ROLE)), str(item.data(REF_ROLE)))
        if item.checkState() == Qt.CheckState.Checked:
            self._kept.add(key)
        else:
            self._kept.discard(key)
        self.completeChanged.emit()

    def _current(self) -> tuple[str, str]:
        index = self.tree.currentIndex()
        kind, ref = index.data(KIND_ROLE), index.data(REF_ROLE)
        return (str(kind), str(ref)) if kind and ref else ("", "")

    def _select_first(self) -> None:
        first = next(self.rows(), None)
        if first is not None:
            self.tree.setCurrentIndex(first.index())
        self._update_buttons()

    def _update_buttons(self) -> None:
        kind, _ = self._current()
        self.reprint_button.setEnabled(kind == UNPRINTED)
        self.clock_out_button.setEnabled(kind == CLOCKED_IN)
        self.open_button.setEnabled(kind in (NOT_STARTED, UNPRINTED))
        self.leave_all_button.setEnabled(next(self.rows(), None) is not None)

    def isComplete(self) -> bool:
        """Every item settled or ticked, and a reason when anything is left."""
        checks = self._state.checks
        if self.loading or checks is None or checks.day != self._state.day:
            return False
        left = self.acknowledged()
        if len(left) != len(checks.preconditions.items):
            return False
        return not left or self._reason_given()

    def _reason_given(self) -> bool:
        try:
            validate_reason(self.reason_edit.text(), max_len=REASON_MAX_LEN)
        except ValidationError:
            return False
        return True

    def reason(self) -> str:
        """Why items are left open (empty when none are)."""
        return self.reason_edit.text().strip() if self.acknowledged() else ""

    def validatePage(self) -> bool:
        """Going on: hand what is left open, and why, to the shared state."""
        self._state.acknowledged = self.acknowledged()
        self._state.reason = self.reason()
        return True

    # -- settling --------------------------------------------------------------------------

    def _task_id(self, ref: str) -> str | None:
        checks = self._state.checks
        task = checks.tasks.get(ref) if checks else None
        return task.id if task else None

    def reprint_selected(self) -> None:
        """Print the selected intake receipt again, through the desk's receipt seam."""
        kind, ref = self._current()
        task_id = self._task_id(ref)
        if kind == UNPRINTED and task_id:
            self.reprint_button.setEnabled(False)
            self._state.receipts.issue(task_id, printing.INTAKE)

    def _receipt_handled(self, outcome: PrintOutcome) -> None:
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self:
            self._message = outcome.message
            self.reload()

    def clock_out_selected(self) -> ClockOutDialog | None:
        """Clock out the selected officer at a time the lead picks."""
        kind, ref = self._current()
        checks = self._state.checks
        shift = checks.shifts.get(ref) if checks else None
        if kind != CLOCKED_IN or checks is None or shift is None:
            return None
        dialog = ClockOutDialog(
            self._state.ctx,
            lead=self._state.lead,
            shift=shift,
            day=checks.day,
            closes_at=checks.closes_at,
            parent=self,
        )
        dialog.succeeded.connect(partial(self._clocked_out, shift.name))
        dialog.finished.connect(dialog.deleteLater)
        self.clock_out_dialog = dialog
        dialog.open()
        return dialog

    def _clocked_out(self, name: str, shift: ShiftSession) -> None:
        if shift.ended_at is not None:
            self._message = (
                self.tr("%1 absen pulang %2.")
                .replace("%1", name)
                .replace("%2", date_time(shift.ended_at, self._state.language))
            )
        self.reload()

    def open_selected(self) -> None:
        """Open the selected task in the main window (the wizard stays open)."""
        _, ref = self._current()
        task_id = self._task_id(ref)
        if task_id:
            self.taskOpenRequested.emit(task_id)
