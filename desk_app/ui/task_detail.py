"""One task: its facts, its timeline, and only the steps its status allows."""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desk_app.common.formatting import date_time
from desk_app.common.workdays import local_day
from desk_app.counter import lookup, printing, tasks
from desk_app.counter.lookup import TimelineEntry
from desk_app.counter.tasks import TaskView
from desk_app.office.catalogue import OTHER_SERVICE
from desk_app.office.officers import OfficerInfo
from desk_app.ui import action_dialogs as dialogs
from desk_app.ui import correction_dialogs as corrections_ui
from desk_app.ui.context import DeskContext
from desk_app.ui.formatting import (
    event_text,
    fee_text,
    mask_nik,
    receipt_label,
    sla_text,
    status_label,
)
from desk_app.ui.messages import describe_error
from desk_app.ui.receipt_hook import SAVE_AS, PrintOutcome, ReceiptPrinter
from desk_app.ui.settings import PRINT_PREVIEW
from desk_app.ui.theme import ERROR_STYLE, OVERDUE_BACKGROUND, PLAIN_BACKGROUND, badge_style
from desk_app.ui.widgets.flow import FlowLayout
from desk_app.ui.widgets.service_text import service_text
from desk_app.ui.widgets.unprinted import UnprintedBanner

# action name -> shortcut; the note and the receipt actions are always offered.
ACTION_KEYS: dict[str, str] = {
    "start": "Ctrl+1",
    "forward": "Ctrl+2",
    "return": "Ctrl+3",
    "ready": "Ctrl+4",
    "complete": "Ctrl+5",
    "reject": "Ctrl+6",
    "cancel": "Ctrl+7",
    "note": "Ctrl+8",
    "correct": "Ctrl+9",
    "documents": "Ctrl+0",
    "print": "Ctrl+P",
    "preview": "Ctrl+Shift+P",
    "save_pdf": "Ctrl+Shift+S",
}
ALWAYS_OFFERED = frozenset({"note", "print", "preview", "save_pdf"})
# the steps whose commit calls for a receipt of their own
RECEIPT_STEPS = {"complete": printing.HANDOVER, "reject": printing.REJECTION}


@dataclass(frozen=True)
class _Loaded:
    """A task, its timeline, and whether the receipt its status calls for is on paper."""

    task: TaskView
    timeline: list[TimelineEntry]
    receipt_kind: str
    receipt_printed: bool  # a printer accepted it
    receipt_saved: bool = False  # saved as a PDF: still "belum dicetak"


def _load(session: Session, task_id: str) -> _Loaded:
    task = tasks.get_task(session, task_id=task_id)
    kind = printing.default_kind(task.status)
    return _Loaded(
        task,
        lookup.timeline(session, task_id=task_id),
        kind,
        printing.receipt_printed(session, task_id=task_id, kind=kind),
        printing.receipt_saved(session, task_id=task_id, kind=kind),
    )


class TaskDetailPage(QWidget):
    """Facts, actions and timeline of the open task."""

    taskChanged = Signal(str)
    taskLoaded = Signal(str)

    def __init__(
        self,
        ctx: DeskContext,
        officer: OfficerInfo,
        receipts: ReceiptPrinter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._officer = officer
        self._receipts = receipts
        self.task: TaskView | None = None
        self.receipt_printed = True
        self.dialog: dialogs.ActionDialog[Any] | None = None
        self._offered: set[str] = set()
        self._active = False
        self._agencies = ctx.catalogue.agency_names(ctx.language)
        self.title = QLabel(
            self.tr("Belum ada berkas dibuka. Cari dengan Ctrl+K atau buka dari antrean."), self
        )
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a description is not markup
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.status_label = QLabel(self)
        self.facts = QFormLayout()
        self.fact_labels: dict[str, QLabel] = {}
        for key, label in (
            ("service", self.tr("Layanan")),
            ("applicant", self.tr("Pemohon")),
            ("received", self.tr("Diterima")),
            ("due", self.tr("Tenggat")),
            ("agency", self.tr("Di dinas")),
            ("fee", self.tr("Biaya resmi")),
            ("documents", self.tr("Dokumen")),
            ("description", self.tr("Keterangan")),
            ("reason", self.tr("Alasan")),
        ):
            value = QLabel(self)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addRow(label, value)
            self.fact_labels[key] = value
        self.fact_labels["description"].setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.step_actions: dict[str, QAction] = {}
        self.buttons: dict[str, QPushButton] = {}
        button_row = FlowLayout()  # wraps to a second row with large text on a small screen
        labels = {
            "start": self.tr("Mulai proses"),
            "forward": self.tr("Teruskan ke dinas…"),
            "return": self.tr("Kembali dari dinas…"),
            "ready": self.tr("Siap diambil"),
            "complete": self.tr("Serahkan…"),
            "reject": self.tr("Tolak…"),
            "cancel": self.tr("Batalkan…"),
            "note": self.tr("Catatan…"),
            "print": self.tr("Cetak ulang tanda terima"),
            "preview": self.tr("Pratinjau cetak…"),
            "save_pdf": self.tr("Simpan PDF…"),
            **corrections_ui.action_labels(),
        }
        for name, key in ACTION_KEYS.items():
            action = QAction(labels[name], self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setEnabled(False)
            action.triggered.connect(partial(self.perform, name))
            self.step_actions[name] = action
            button = QPushButton(labels[name], self)
            button.setToolTip(f"{labels[name]} ({key})")
            button.setVisible(False)
            button.clicked.connect(partial(self.perform, name))
            button_row.addWidget(button)
            self.buttons[name] = button
        self.timeline_model = QStandardItemModel(0, 3, self)
        self.timeline_model.setHorizontalHeaderLabels(
            [self.tr("Waktu"), self.tr("Petugas"), self.tr("Kejadian")]
        )
        self.timeline = QTreeView(self)
        self.timeline.setModel(self.timeline_model)
        self.timeline.setRootIsDecorated(False)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setColumnWidth(0, 130)
        self.timeline.setColumnWidth(1, 170)
        self.timeline.setWordWrap(True)
        facts_box = QGroupBox(self.tr("Rincian"), self)
        facts_box.setLayout(self.facts)
        timeline_box = QGroupBox(self.tr("Riwayat"), self)
        timeline_layout = QVBoxLayout(timeline_box)
        timeline_layout.addWidget(self.timeline)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.status_label)
        header.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(button_row)
        self.unprinted = UnprintedBanner(self)
        self.unprinted.reprintRequested.connect(partial(self.perform, "print"))
        layout.addWidget(self.unprinted)
        layout.addWidget(self.message)
        body = QHBoxLayout()
        body.addWidget(facts_box, 2)
        body.addWidget(timeline_box, 4)
        layout.addLayout(body, 1)
        receipts.receiptHandled.connect(self._on_receipt)

    def show_task(self, task_id: str, *, keep_message: bool = False) -> None:
        """Load a task and its timeline in the background."""
        if not keep_message:
            self.message.clear()
        self._ctx.ops.read(
            lambda s: _load(s, task_id), done=self._show, failed=self._on_failed, owner=self
        )

    def reload(self) -> None:
        """Load the open task again."""
        if self.task is not None:
            self.show_task(self.task.id)

    def allowed(self) -> list[str]:
        """The lifecycle steps offered for the open task."""
        if self.task is None:
            return []
        task = self.task
        same_day = tasks.promised_same_day(
            received_day=local_day(task.received_at), due_date=task.due_date
        )
        return tasks.allowed_actions(task.status, same_day=same_day)

    def perform(self, name: str, _checked: bool = False) -> None:
        """Run a step directly or through its dialog."""
        task = self.task
        if task is None or name not in self._offered or self.dialog is not None:
            return
        actor = self._officer.id
        self.message.clear()
        if name in ("print", "preview", "save_pdf"):
            self._reprint(task, name)
            return
        if name in ("start", "ready"):
            step = tasks.start_processing if name == "start" else tasks.mark_ready
            now = self._ctx.now()
            self._ctx.ops.write(
                lambda s: step(s, actor_id=actor, task_id=task.id, now=now),
                done=self._changed,
                failed=self._on_failed,
                owner=self,
            )
            return
        kw: dict[str, Any] = {
            "actor_id": actor,
            "task": task,
            "clock": self._ctx.clock,
            "parent": self,
        }
        ops = self._ctx.ops
        dialog: dialogs.ActionDialog[Any]
        if name in ("correct", "documents"):
            services = self._ctx.catalogue.offered
            dialog = corrections_ui.open_dialog(name, ops, services=services, **kw)
        elif name == "forward":
            service = self._ctx.catalogue.service(task.service_code)
            own = service.agency_code if service is not None else None
            dialog = dialogs.ForwardDialog(ops, agencies=self._agencies, preferred=own, **kw)
        elif name == "return":
            dialog = dialogs.ReturnDialog(ops, **kw)
        elif name == "complete":
            dialog = dialogs.HandOverDialog(ops, **kw)
        elif name == "reject":
            dialog = dialogs.RejectDialog(ops, **kw)
        elif name == "cancel":
            dialog = dialogs.CancelDialog(ops, **kw)
        else:
            dialog = dialogs.NoteDialog(ops, **kw)
        dialog.succeeded.connect(self._changed)
        if name in RECEIPT_STEPS:
            dialog.succeeded.connect(partial(self._issue_receipt, RECEIPT_STEPS[name]))
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()

    def _reprint(self, task: TaskView, name: str) -> None:
        mode = {"preview": PRINT_PREVIEW, "save_pdf": SAVE_AS}.get(name)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Menyiapkan tanda terima…"))
        self._receipts.issue(task.id, None, mode=mode)

    def _issue_receipt(self, kind: str, view: TaskView) -> None:
        # The step is committed (the dialog reported success): now its receipt.
        self._receipts.issue(view.id, kind)

    def _on_receipt(self, outcome: PrintOutcome) -> None:
        if self.task is None or outcome.task_id != self.task.id:
            return
        failed = not outcome.ok and not outcome.cancelled
        self.message.setStyleSheet(ERROR_STYLE if failed else "")
        self.message.setText(outcome.message)
        self.show_task(outcome.task_id, keep_message=True)

    def _dialog_closed(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    def _changed(self, view: TaskView) -> None:
        self.taskChanged.emit(view.id)
        self.show_task(view.id)

    def _on_failed(self, exc: BaseException) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(describe_error(exc, self._ctx.language))

    def _show(self, loaded: _Loaded) -> None:
        task, entries = loaded.task, loaded.timeline
        self.task = task
        self.receipt_printed = loaded.receipt_printed
        if loaded.receipt_printed:
            self.unprinted.hide()
        else:
            self.unprinted.show_for(
                receipt_label(loaded.receipt_kind), saved_pdf=loaded.receipt_saved
            )
        language = self._ctx.language
        self.title.setText(self._title(task))
        self.status_label.setText(f"  {status_label(task.status)}  ")
        overdue = task.is_overdue(self._ctx.today())
        self.status_label.setStyleSheet(
            badge_style(OVERDUE_BACKGROUND if overdue else PLAIN_BACKGROUND)
        )
        service = self._ctx.catalogue.service(task.service_code)
        service_name = self._ctx.catalogue.service_name(task.service_code, language)
        sla = f" · {sla_text(service.sla_working_days)}" if service else ""
        late = self.tr("terlambat")
        due = corrections_ui.due_text(task, language) + (f" — {late}" if overdue else "")
        receiver = entries[0].actor_name if entries else ""
        docs = "<br>".join(
            ("✔ " if received else "✘ ") + name.replace("&", "&amp;").replace("<", "&lt;")
            for name, received in task.documents
        )
        phone = f" · {task.applicant_phone}" if task.applicant_phone else ""
        values = {
            "service": f"{task.service_code} · {service_name}{sla}",
            "applicant": f"{task.applicant_name} · NIK {mask_nik(task.applicant_nik)}{phone}",
            "received": f"{date_time(task.received_at, language)} · {receiver}",
            "due": due,
            "agency": self._agencies.get(task.current_agency or "", "–"),
            "fee": fee_text(task.fee_idr, language),
            "documents": "<br>".join(
                t for t in (html.escape(corrections_ui.incomplete_text(task)), docs) if t
            )
            or "–",
            "description": task.description or "–",
            "reason": task.close_reason or "–",
        }
        for key, text in values.items():
            self.fact_labels[key].setText(text)
        self.fact_labels["documents"].setTextFormat(Qt.TextFormat.RichText)
        self._offered = {*ALWAYS_OFFERED, *self.allowed(), *corrections_ui.offered(task)}
        for name, button in self.buttons.items():
            button.setVisible(name in self._offered)
        self._update_actions()
        self._fill_timeline(entries)
        self.taskLoaded.emit(task.id)

    def _title(self, task: TaskView) -> str:
        """The tracking number; a "Lainnya" request adds what it is about, to tell it apart."""
        if task.service_code != OTHER_SERVICE or not task.description.strip():
            return task.tracking_no
        text = service_text(
            self._ctx.catalogue, task.service_code, task.description, self._ctx.language
        )
        return f"{task.tracking_no} · {text}"

    def _fill_timeline(self, entries: list[TimelineEntry]) -> None:
        self.timeline_model.removeRows(0, self.timeline_model.rowCount())
        for entry in entries:
            row = [
                QStandardItem(date_time(entry.occurred_at, self._ctx.language)),
                QStandardItem(entry.actor_name),
                QStandardItem(
                    corrections_ui.correction_text(entry, self._ctx.language)
                    if entry.kind in corrections_ui.CORRECTION_KINDS
                    else event_text(entry, self._agencies)
                ),
            ]
            row[2].setToolTip(row[2].text())
            self.timeline_model.appendRow(row)

    def set_active(self, active: bool) -> None:
        """Shortcuts and menu entries work only while this page is the one shown."""
        self._active = active
        self._update_actions()

    def _update_actions(self) -> None:
        for name, action in self.step_actions.items():
            action.setEnabled(self._active and name in self._offered)
