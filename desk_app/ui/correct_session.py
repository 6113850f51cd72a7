"""A lead corrects one attendance session's times, with a reason (`shift.corrected`)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desk_app.common.errors import ValidationError
from desk_app.office import attendance
from desk_app.office.attendance import ShiftSession
from desk_app.office.officers import OfficerInfo
from desk_app.ui.context import DeskContext
from desk_app.ui.messages import describe_error
from desk_app.ui.widgets.field import ERROR_STYLE
from desk_app.ui.widgets.times import from_qdatetime, time_edit


class CorrectSessionDialog(QDialog):
    """New clock-in and clock-out times and the reason; saved in the background."""

    succeeded = Signal(object)

    def __init__(
        self,
        ctx: DeskContext,
        *,
        lead: OfficerInfo,
        shift: ShiftSession,
        officer_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._lead = lead
        self._shift = shift
        self.setWindowTitle(self.tr("Koreksi sesi absensi"))
        self.setMinimumWidth(440)
        now = ctx.now()
        heading = QLabel(f"<b>{officer_name}</b>", self)
        self.start_edit = time_edit(shift.started_at, self, latest=now)
        self.end_edit = time_edit(shift.ended_at or now, self, latest=now)
        self.still_in_box = QCheckBox(self.tr("Masih masuk (belum absen pulang)"), self)
        self.still_in_box.setVisible(shift.is_open)
        self.still_in_box.setChecked(shift.is_open)
        self.end_edit.setEnabled(not shift.is_open)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText(self.tr("mis. lupa absen pulang, pulang pukul 16.30"))
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Masuk"), self.start_edit)
        form.addRow(self.tr("&Pulang"), self.end_edit)
        form.addRow("", self.still_in_box)
        form.addRow(self.tr("&Alasan"), self.reason_edit)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            self.tr("Simpan koreksi"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.still_in_box.toggled.connect(self._still_in_toggled)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.setFocus()

    def _still_in_toggled(self, still_in: bool) -> None:
        self.end_edit.setEnabled(not still_in)

    def submit(self) -> None:
        """Save the correction; the dialog closes only when it succeeded."""
        if not self.ok_button.isEnabled():
            return
        lead_id, session_id, now = self._lead.id, self._shift.id, self._ctx.now()
        started = from_qdatetime(self.start_edit.dateTime())
        ended: datetime | None = (
            None if self.still_in_box.isChecked() else from_qdatetime(self.end_edit.dateTime())
        )
        reason = self.reason_edit.text()

        def change(session: Session) -> ShiftSession:
            return attendance.correct_session(
                session,
                lead_id=lead_id,
                session_id=session_id,
                started_at=started,
                ended_at=ended,
                reason=reason,
                now=now,
            )

        self.ok_button.setEnabled(False)
        self.error.clear()
        self._ctx.ops.write(change, done=self._done, failed=self._failed, owner=self)

    def _done(self, shift: ShiftSession) -> None:
        self.succeeded.emit(shift)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.error.setText(describe_error(exc))
        if isinstance(exc, ValidationError) and exc.field == "reason":
            self.reason_edit.setFocus()
