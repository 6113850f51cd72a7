"""Small dialogs for lifecycle steps that need input: forward, return, hand over, reject, ..."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desk_app.common.clock import Clock
from desk_app.common.errors import ValidationError
from desk_app.common.validation import validate_name
from desk_app.counter import tasks
from desk_app.counter.tasks import TaskView
from desk_app.ui.messages import describe_error, field_message
from desk_app.ui.operations import Operations
from desk_app.ui.widgets.checklist import DocumentChecklist
from desk_app.ui.widgets.field import ERROR_STYLE, ValidatedField


class ActionDialog(QDialog):
    """A form whose OK runs one lifecycle step in the background; errors stay in the dialog."""

    succeeded = Signal(object)

    def __init__(
        self,
        ops: Operations,
        *,
        actor_id: str,
        task: TaskView,
        clock: Clock,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self._ops = ops
        self.actor_id = actor_id
        self.task = task
        self._clock = clock
        self.fields: dict[str, ValidatedField] = {}
        heading = QLabel(f"<b>{task.tracking_no}</b> · {task.service_name}", self)
        heading.setWordWrap(True)
        self.form = QFormLayout()
        self.general_error = QLabel(self)
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            self.tr("Simpan"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def add_field(self, key: str, label: str, field: ValidatedField) -> ValidatedField:
        """Add a text field whose ValidationErrors (by `key`) show under it."""
        self.fields[key] = field
        self.form.addRow(label, field)
        field.edit.returnPressed.connect(self.submit)
        return field

    def values(self) -> dict[str, Any]:
        """What the officer entered (read on the GUI thread)."""
        return {key: field.text() for key, field in self.fields.items()}

    def perform(self, session: Session, values: dict[str, Any], now: datetime) -> TaskView:
        """The lifecycle step; runs on a worker thread, so it must not touch widgets."""
        raise NotImplementedError

    def submit(self) -> None:
        """Run the step in the background; the dialog closes only when it succeeded."""
        if not self.ok_button.isEnabled():
            return
        values, now = self.values(), self._clock()  # the moment the officer confirmed
        self.ok_button.setEnabled(False)
        self.general_error.clear()
        for field in self.fields.values():
            field.clear_error()
        db = self._ops.db

        def work() -> TaskView:
            with db.write() as session:
                return self.perform(session, values, now)

        self._ops.run(work, done=self._on_done, failed=self._on_failed, owner=self)

    def _on_done(self, view: TaskView) -> None:
        self.succeeded.emit(view)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(exc, ValidationError) and exc.field in self.fields:
            self.fields[exc.field].set_error(field_message(exc))
            self.fields[exc.field].setFocus()
        else:
            self.general_error.setText(describe_error(exc))


class ForwardDialog(ActionDialog):
    """Forward the file to an agency."""

    def __init__(self, ops: Operations, *, agencies: dict[str, str], **kw: Any) -> None:
        super().__init__(ops, title=self.tr("Teruskan ke dinas"), **kw)
        self.agency_box = QComboBox(self)
        for code, name in sorted(agencies.items(), key=lambda item: item[1]):
            self.agency_box.addItem(name, code)
        self.form.addRow(self.tr("Dinas"), self.agency_box)
        self.add_field("note", self.tr("Catatan"), ValidatedField(placeholder=self.tr("opsional")))

    def values(self) -> dict[str, Any]:
        """Agency and note."""
        return {**super().values(), "agency_code": self.agency_box.currentData()}

    def perform(self, session: Session, values: dict[str, Any], now: datetime) -> TaskView:
        """Forward."""
        return tasks.forward_to_agency(
            session,
            actor_id=self.actor_id,
            task_id=self.task.id,
            agency_code=str(values["agency_code"]),
            note=values["note"],
            now=now,
        )


class ReturnDialog(ActionDialog):
    """The agency sent the file back, complete or with a problem."""

    def __init__(self, ops: Operations, **kw: Any) -> None:
        super().__init__(ops, title=self.tr("Kembali dari dinas"), **kw)
        self.complete_radio = QRadioButton(self.tr("Lengkap"), self)
        self.problem_radio = QRadioButton(self.tr("Ada masalah"), self)
        self.complete_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.complete_radio)
        group.addButton(self.problem_radio)
        row = QWidget(self)
        row_layout = QVBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.complete_radio)
        row_layout.addWidget(self.problem_radio)
        self.form.addRow(self.tr("Hasil"), row)
        self.add_field(
            "note",
            self.tr("Catatan"),
            ValidatedField(placeholder=self.tr("wajib bila ada masalah")),
        )

    def values(self) -> dict[str, Any]:
        """Outcome and note."""
        outcome = "problem" if self.problem_radio.isChecked() else "complete"
        return {**super().values(), "outcome": outcome}

    def perform(self, session: Session, values: dict[str, Any], now: datetime) -> TaskView:
        """Return."""
        return tasks.return_from_agency(
            session,
            actor_id=self.actor_id,
            task_id=self.task.id,
            outcome=str(values["outcome"]),
            note=values["note"],
            now=now,
        )


class HandOverDialog(ActionDialog):
    """Hand the result to the citizen (or finish a same-day service)."""

    def __init__(self, ops: Operations, **kw: Any) -> None:
        super().__init__(ops, title=self.tr("Serahkan hasil"), **kw)
        field = ValidatedField(lambda text: validate_name(text, field="recipient_name"))
        self.add_field("recipient_name", self.tr("Nama penerima"), field)
        field.set_text(self.task.applicant_name)
        field.edit.selectAll()

    def perform(self, session: Session, values: dict[str, Any], now: datetime) -> TaskView:
        """Hand over."""
        return tasks.hand_over(
            session,
            actor_id=self.actor_id,
            task_id=self.task.id,
            recipient_name=values["recipient_name"],
            now=now,
        )


class RejectDialog(ActionDialog):
    """Refuse the request; a reason is required, missing documents may be ticked."""

    def __init__(self, ops: Operations, **kw: Any) -> None:
        super().__init__(ops, title=self.tr("Tolak permohonan"), **kw)
        self.add_field(
            "reason", self.tr("Alasan"), ValidatedField(placeholder=self.tr("minimal 5 huruf"))
        )
        self.missing = DocumentChecklist(self)
        self.missing.set_documents([name for name, received in self.task.documents if not received])
        self.form.addRow(self.tr("Dokumen kurang"), self.missing)

    def values(self) -> dict[str, Any]:
        """Reason and missing documents."""
        return {**super().values(), "missing": self.missing.checked_documents()}

    def perform(self, session: Session, values: dict[str, Any], now: datetime) -> TaskView:
        """Reject."""
        return tasks.reject(
            session,
            actor_id=self.actor_id,
            task_id=self.task.id,
            reason=values["reason"],
            missing_documents=list(values["missing"]),
            now=now,
        )


class CancelDialog(ActionDialog):
    """The applicant withdrew; a reason is required."""

    def __init__(self, ops: Operations, **kw: Any) -> None:
        super().__init__(ops, title=self.tr("Batalkan permohonan"), **kw)
        self.add_field(
            "reason", self.tr("Alasan"), ValidatedField(placeholder=self.tr("minimal 5 huruf"))
        )

    def perform(self, session: Session, values: dict[str, Any], now: datetime) -> TaskView:
        """Cancel."""
        return tasks.cancel(
            session,
            actor_id=self.actor_id,
            task_id=self.task.id,
            reason=values["reason"],
            now=now,
        )


class NoteDialog(ActionDialog):
    """A note on the timeline; the status does not change."""

    def __init__(self, ops: Operations, **kw: Any) -> None:
        super().__init__(ops, title=self.tr("Tambah catatan"), **kw)
        self.add_field("note", self.tr("Catatan"), ValidatedField())

    def perform(self, session: Session, values: dict[str, Any], now: datetime) -> TaskView:
        """Add the note."""
        return tasks.add_note(
            session, actor_id=self.actor_id, task_id=self.task.id, text=values["note"], now=now
        )
