"""Small dialogs for lifecycle steps that need input: forward, return, hand over, reject, ...

The steps that send a file away or close it (forward, hand over, reject, cancel) say in words
what OK will do before the officer presses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desk_app.common.clock import Clock
from desk_app.common.errors import ValidationError
from desk_app.common.validation import MIN_REASON, validate_name, validate_reason, validate_text
from desk_app.counter import tasks
from desk_app.counter.tasks import TaskView
from desk_app.ui.i18n import interface_language
from desk_app.ui.messages import field_message
from desk_app.ui.operations import Operations
from desk_app.ui.widgets.checklist import DocumentChecklist
from desk_app.ui.widgets.field import ValidatedField
from desk_app.ui.widgets.form_dialog import FormDialog

ChangeT = TypeVar("ChangeT")


def reason_field(placeholder: str) -> ValidatedField:
    """A required reason, checked as it is typed; `placeholder` says "%1 letters" at least."""
    return ValidatedField(validate_reason, placeholder=placeholder.replace("%1", str(MIN_REASON)))


def _note(text: str) -> str:
    return validate_text(text, field="note", max_len=1000, required=True)


class ActionDialog(FormDialog[ChangeT, TaskView]):
    """A form whose OK runs one lifecycle step of a task in the background."""

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
        super().__init__(
            ops,
            clock=clock,
            language=interface_language(),
            title=title,
            heading=f"<b>{task.tracking_no}</b> · {task.service_name}",
            minimum_width=460,
            parent=parent,
        )
        self.actor_id = actor_id
        self.task = task


@dataclass(frozen=True)
class Forward:
    """Forward the file to an agency."""

    agency_code: str
    note: str


class ForwardDialog(ActionDialog[Forward]):
    """Forward the file to an agency: the service's own is preselected, any other is chosen."""

    def __init__(
        self,
        ops: Operations,
        *,
        agencies: dict[str, str],
        preferred: str | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(ops, title=self.tr("Teruskan ke dinas"), **kw)
        self.agency_box = QComboBox(self)
        self.agency_box.setPlaceholderText(self.tr("— pilih dinas —"))
        for code, name in sorted(agencies.items(), key=lambda item: item[1]):
            self.agency_box.addItem(name, code)
        # The service's own agency, or nothing: Enter must never pick the alphabetically first.
        self.agency_box.setCurrentIndex(self.agency_box.findData(preferred) if preferred else -1)
        self.add_row(self.tr("Dinas"), self.agency_box)
        self.add_field("note", self.tr("Catatan"), ValidatedField(placeholder=self.tr("opsional")))
        self.agency_box.currentIndexChanged.connect(self._say_what_happens)
        self._say_what_happens()

    def _say_what_happens(self, _index: int = -1) -> None:
        if self.agency_box.currentIndex() < 0:
            text = self.tr("Pilih dinas tujuan; berkas %1 belum diteruskan.")
        else:
            text = self.tr("Berkas %1 akan diteruskan ke %2 dan berstatus di dinas.")
        self.set_consequence(
            text.replace("%1", self.task.tracking_no).replace("%2", self.agency_box.currentText())
        )

    def check_input(self) -> bool:
        """An agency must be chosen."""
        if self.agency_box.currentIndex() >= 0:
            return True
        self.error.setText(self.tr("Pilih dinas tujuan."))
        self.agency_box.setFocus()
        return False

    def read(self) -> Forward:
        """Agency and note."""
        return Forward(str(self.agency_box.currentData()), self.fields["note"].text())

    def apply(self, session: Session, change: Forward, now: datetime) -> TaskView:
        """Forward."""
        return tasks.forward_to_agency(
            session,
            actor_id=self.actor_id,
            task_id=self.task.id,
            agency_code=change.agency_code,
            note=change.note,
            now=now,
        )


@dataclass(frozen=True)
class Return:
    """The agency sent the file back: "complete" or "problem", with a note."""

    outcome: str
    note: str


class ReturnDialog(ActionDialog[Return]):
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
        self.add_row(self.tr("Hasil"), row)
        self.add_field(
            "note",
            self.tr("Catatan"),
            ValidatedField(placeholder=self.tr("wajib bila ada masalah")),
        )

    def check_input(self) -> bool:
        """A problem needs a note saying what it is."""
        if not self.problem_radio.isChecked():
            return True
        field = self.fields["note"]
        try:
            _note(field.text())
        except ValidationError as exc:
            field.set_error(field_message(exc, self.language))
            field.setFocus()
            return False
        return True

    def read(self) -> Return:
        """Outcome and note."""
        outcome = "problem" if self.problem_radio.isChecked() else "complete"
        return Return(outcome, self.fields["note"].text())

    def apply(self, session: Session, change: Return, now: datetime) -> TaskView:
        """Return."""
        return tasks.return_from_agency(
            session,
            actor_id=self.actor_id,
            task_id=self.task.id,
            outcome=change.outcome,
            note=change.note,
            now=now,
        )


@dataclass(frozen=True)
class HandOver:
    """Who collected the result."""

    recipient_name: str


class HandOverDialog(ActionDialog[HandOver]):
    """Hand the result to the citizen (or finish a same-day service)."""

    def __init__(self, ops: Operations, **kw: Any) -> None:
        super().__init__(ops, title=self.tr("Serahkan hasil"), **kw)
        field = ValidatedField(lambda text: validate_name(text, field="recipient_name"))
        self.add_field("recipient_name", self.tr("Nama penerima"), field)
        field.set_text(self.task.applicant_name)
        field.edit.selectAll()
        field.edit.textChanged.connect(self._say_what_happens)
        self._say_what_happens(field.text())

    def _say_what_happens(self, name: str) -> None:
        if name.strip():
            text = self.tr("Hasil berkas %1 akan diserahkan kepada %2; berkas selesai.")
        else:
            text = self.tr("Hasil berkas %1 akan diserahkan; tulis nama penerima.")
        self.set_consequence(text.replace("%1", self.task.tracking_no).replace("%2", name.strip()))

    def read(self) -> HandOver:
        """The recipient's name."""
        return HandOver(self.fields["recipient_name"].text())

    def apply(self, session: Session, change: HandOver, now: datetime) -> TaskView:
        """Hand over."""
        return tasks.hand_over(
            session,
            actor_id=self.actor_id,
            task_id=self.task.id,
            recipient_name=change.recipient_name,
            now=now,
        )


@dataclass(frozen=True)
class Reject:
    """Why the request is refused, and which documents are missing."""

    reason: str
    missing_documents: tuple[str, ...]


class RejectDialog(ActionDialog[Reject]):
    """Refuse the request; a reason is required, missing documents may be ticked."""

    def __init__(self, ops: Operations, **kw: Any) -> None:
        super().__init__(ops, title=self.tr("Tolak permohonan"), **kw)
        self.add_field("reason", self.tr("Alasan"), reason_field(self.tr("minimal %1 huruf")))
        self.missing = DocumentChecklist(self)
        self.missing.set_documents([name for name, received in self.task.documents if not received])
        self.add_row(self.tr("Dokumen kurang"), self.missing)
        self.set_consequence(
            self.tr("Berkas %1 akan ditolak dan ditutup; surat penolakan dicetak.").replace(
                "%1", self.task.tracking_no
            )
        )

    def read(self) -> Reject:
        """Reason and missing documents."""
        return Reject(self.fields["reason"].text(), tuple(self.missing.checked_documents()))

    def apply(self, session: Session, change: Reject, now: datetime) -> TaskView:
        """Reject."""
        return tasks.reject(
            session,
            actor_id=self.actor_id,
            task_id=self.task.id,
            reason=change.reason,
            missing_documents=list(change.missing_documents),
            now=now,
        )


@dataclass(frozen=True)
class Cancel:
    """Why the applicant withdrew."""

    reason: str


class CancelDialog(ActionDialog[Cancel]):
    """The applicant withdrew; a reason is required."""

    def __init__(self, ops: Operations, **kw: Any) -> None:
        super().__init__(ops, title=self.tr("Batalkan permohonan"), **kw)
        self.add_field("reason", self.tr("Alasan"), reason_field(self.tr("minimal %1 huruf")))
        self.set_consequence(
            self.tr("Berkas %1 akan dibatalkan dan ditutup; tidak bisa dilanjutkan lagi.").replace(
                "%1", self.task.tracking_no
            )
        )

    def read(self) -> Cancel:
        """The reason."""
        return Cancel(self.fields["reason"].text())

    def apply(self, session: Session, change: Cancel, now: datetime) -> TaskView:
        """Cancel."""
        return tasks.cancel(
            session,
            actor_id=self.actor_id,
            task_id=self.task.id,
            reason=change.reason,
            now=now,
        )


@dataclass(frozen=True)
class Note:
    """A note for the timeline."""

    text: str


class NoteDialog(ActionDialog[Note]):
    """A note on the timeline; the status does not change."""

    def __init__(self, ops: Operations, **kw: Any) -> None:
        super().__init__(ops, title=self.tr("Tambah catatan"), **kw)
        self.add_field("note", self.tr("Catatan"), ValidatedField(_note))

    def read(self) -> Note:
        """The note."""
        return Note(self.fields["note"].text())

    def apply(self, session: Session, change: Note, now: datetime) -> TaskView:
        """Add the note."""
        return tasks.add_note(
            session, actor_id=self.actor_id, task_id=self.task.id, text=change.text, now=now
        )
