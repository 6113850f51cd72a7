"""One task: its facts, its timeline, and only the steps its status allows."""

from __future__ import annotations

from functools import partial
from pathlib import Path
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

from desk_app import lookup, tasks
from desk_app.lookup import TimelineEntry
from desk_app.officers import OfficerInfo
from desk_app.tasks import TaskView
from desk_app.ui import action_dialogs as dialogs
from desk_app.ui.context import DeskContext
from desk_app.ui.formatting import (
    event_text,
    fee_text,
    local_time,
    mask_nik,
    short_date,
    sla_text,
    status_label,
)
from desk_app.ui.messages import describe_error
from desk_app.ui.receipt_hook import save_receipt
from desk_app.ui.widgets.field import ERROR_STYLE

# action name -> shortcut; "note" is not a lifecycle step and is always offered.
ACTION_KEYS: dict[str, str] = {
    "start": "Ctrl+1",
    "forward": "Ctrl+2",
    "return": "Ctrl+3",
    "ready": "Ctrl+4",
    "complete": "Ctrl+5",
    "reject": "Ctrl+6",
    "cancel": "Ctrl+7",
    "note": "Ctrl+8",
    "print": "Ctrl+P",
}
ALWAYS_OFFERED = frozenset({"note", "print"})


def _load(session: Session, task_id: str) -> tuple[TaskView, list[TimelineEntry]]:
    return tasks.get_task(session, task_id=task_id), lookup.timeline(session, task_id=task_id)


class TaskDetailPage(QWidget):
    """Facts, actions and timeline of the open task."""

    taskChanged = Signal(str)
    taskLoaded = Signal(str)

    def __init__(
        self, ctx: DeskContext, officer: OfficerInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._officer = officer
        self.task: TaskView | None = None
        self.dialog: dialogs.ActionDialog | None = None
        self._offered: set[str] = set()
        self._active = False
        self._agencies = ctx.catalogue.agency_names(ctx.language)
        self.title = QLabel(
            self.tr("Belum ada berkas dibuka. Cari dengan Ctrl+K atau buka dari antrean."), self
        )
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.step_actions: dict[str, QAction] = {}
        self.buttons: dict[str, QPushButton] = {}
        button_row = QHBoxLayout()
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
        button_row.addStretch(1)
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
        layout.addWidget(self.message)
        body = QHBoxLayout()
        body.addWidget(facts_box, 2)
        body.addWidget(timeline_box, 4)
        layout.addLayout(body, 1)

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
        service = self._ctx.catalogue.service(self.task.service_code)
        sla = service.sla_working_days if service else None
        return tasks.allowed_actions(self.task.status, sla_working_days=sla)

    def perform(self, name: str, _checked: bool = False) -> None:
        """Run a step directly or through its dialog."""
        task = self.task
        if task is None or name not in self._offered or self.dialog is not None:
            return
        actor = self._officer.id
        self.message.clear()
        if name == "print":
            self._reprint(task)
            return
        if name in ("start", "ready"):
            step = tasks.start_processing if name == "start" else tasks.mark_ready
            self._ctx.ops.write(
                lambda s: step(s, actor_id=actor, task_id=task.id),
                done=self._changed,
                failed=self._on_failed,
                owner=self,
            )
            return
        kw: dict[str, Any] = {"actor_id": actor, "task": task, "parent": self}
        ops = self._ctx.ops
        dialog: dialogs.ActionDialog
        if name == "forward":
            dialog = dialogs.ForwardDialog(ops, agencies=self._agencies, **kw)
        elif name == "return":
            dialog = dialogs.ReturnDialog(ops, **kw)
        elif name == "complete":
            dialog = dialogs.HandOverDialog(ops, after_commit=self._receipt("handover"), **kw)
        elif name == "reject":
            dialog = dialogs.RejectDialog(ops, after_commit=self._receipt("rejection"), **kw)
        elif name == "cancel":
            dialog = dialogs.CancelDialog(ops, **kw)
        else:
            dialog = dialogs.NoteDialog(ops, **kw)
        dialog.succeeded.connect(self._changed)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()

    def _reprint(self, task: TaskView) -> None:
        ctx, actor = self._ctx, self._officer.id
        layout, language = ctx.settings.receipt_layout, ctx.language
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Mencetak ulang…"))
        ctx.ops.run(
            lambda: save_receipt(
                ctx.db,
                task_id=task.id,
                tracking_no=task.tracking_no,
                actor_id=actor,
                kind=None,
                folder=ctx.data_dir,
                layout=layout,
                language=language,
            ),
            done=self._reprinted,
            failed=self._on_failed,
            owner=self,
        )

    def _reprinted(self, path: Path | None) -> None:
        self.message.setStyleSheet("")
        if path is None:
            self.message.setText(self.tr("Tanda terima belum tersedia di instalasi ini."))
        else:
            self.message.setText(self.tr("Tanda terima disimpan: %1").replace("%1", str(path)))
        if self.task is not None:
            self.show_task(self.task.id, keep_message=True)

    def _receipt(self, kind: str) -> dialogs.AfterCommit:
        ctx, actor = self._ctx, self._officer.id
        layout, language = ctx.settings.receipt_layout, ctx.language

        def write(view: TaskView, _values: dict[str, Any]) -> object:
            return save_receipt(
                ctx.db,
                task_id=view.id,
                tracking_no=view.tracking_no,
                actor_id=actor,
                kind=kind,
                folder=ctx.data_dir,
                layout=layout,
                language=language,
            )

        return write

    def _dialog_closed(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    def _changed(self, view: TaskView) -> None:
        self.taskChanged.emit(view.id)
        self.show_task(view.id)

    def _on_failed(self, exc: BaseException) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(describe_error(exc))

    def _show(self, result: tuple[TaskView, list[TimelineEntry]]) -> None:
        task, entries = result
        self.task = task
        language = self._ctx.language
        self.title.setText(task.tracking_no)
        self.status_label.setText(f"  {status_label(task.status)}  ")
        overdue = task.is_overdue(self._ctx.today())
        self.status_label.setStyleSheet(
            "background: #fadbd8; border-radius: 4px;"
            if overdue
            else "background: palette(midlight); border-radius: 4px;"
        )
        service = self._ctx.catalogue.service(task.service_code)
        service_name = self._ctx.catalogue.service_name(task.service_code, language)
        sla = f" · {sla_text(service.sla_working_days)}" if service else ""
        late = self.tr("terlambat")
        due = short_date(task.due_date) + (f" — {late}" if overdue else "")
        receiver = entries[0].actor_name if entries else ""
        docs = "<br>".join(
            ("✔ " if received else "✘ ") + name.replace("&", "&amp;").replace("<", "&lt;")
            for name, received in task.documents
        )
        phone = f" · {task.applicant_phone}" if task.applicant_phone else ""
        values = {
            "service": f"{task.service_code} · {service_name}{sla}",
            "applicant": f"{task.applicant_name} · NIK {mask_nik(task.applicant_nik)}{phone}",
            "received": f"{local_time(task.received_at)} · {receiver}",
            "due": due,
            "agency": self._agencies.get(task.current_agency or "", "–"),
            "fee": fee_text(task.fee_idr),
            "documents": docs or "–",
            "description": task.description or "–",
            "reason": task.close_reason or "–",
        }
        for key, text in values.items():
            self.fact_labels[key].setText(text)
        self.fact_labels["documents"].setTextFormat(Qt.TextFormat.RichText)
        self._offered = {*ALWAYS_OFFERED, *self.allowed()}
        for name, button in self.buttons.items():
            button.setVisible(name in self._offered)
        self._update_actions()
        self._fill_timeline(entries)
        self.taskLoaded.emit(task.id)

    def _fill_timeline(self, entries: list[TimelineEntry]) -> None:
        self.timeline_model.removeRows(0, self.timeline_model.rowCount())
        for entry in entries:
            row = [
                QStandardItem(local_time(entry.occurred_at)),
                QStandardItem(entry.actor_name),
                QStandardItem(event_text(entry, self._agencies)),
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
