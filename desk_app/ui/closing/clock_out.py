"""A lead clocks out an officer who forgot to, at a time the lead picks."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desk_app.closing.work import OpenShift
from desk_app.common.workdays import JAKARTA
from desk_app.office import attendance
from desk_app.office.attendance import ShiftSession
from desk_app.office.officers import OfficerInfo
from desk_app.ui.context import DeskContext
from desk_app.ui.formatting import local_time
from desk_app.ui.messages import describe_error
from desk_app.ui.widgets.field import ERROR_STYLE
from desk_app.ui.widgets.times import from_qdatetime, time_edit


def default_clock_out(shift: OpenShift, *, day: date, closes_at: time, now: datetime) -> datetime:
    """Closing time of a past day (when after clock-in), else now."""
    closing = datetime.combine(day, closes_at, tzinfo=JAKARTA)
    return closing if shift.started_at < closing < now else now


class ClockOutDialog(QDialog):
    """Pick the clock-out time; saved in the background as the lead's action."""

    succeeded = Signal(object)

    def __init__(
        self,
        ctx: DeskContext,
        *,
        lead: OfficerInfo,
        shift: OpenShift,
        day: date,
        closes_at: time,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._lead = lead
        self._shift = shift
        self.setWindowTitle(self.tr("Absen pulangkan petugas"))
        now = ctx.now()
        heading = QLabel(
            self.tr("%1 masih absen masuk sejak %2.")
            .replace("%1", f"<b>{shift.name}</b>")
            .replace("%2", local_time(shift.started_at)),
            self,
        )
        heading.setWordWrap(True)
        self.time_edit = time_edit(
            default_clock_out(shift, day=day, closes_at=closes_at, now=now), self, latest=now
        )
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Jam &pulang"), self.time_edit)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            self.tr("Absen pulangkan"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def submit(self) -> None:
        """Clock the officer out; the dialog closes only when it worked."""
        if not self.ok_button.isEnabled():
            return
        officer_id, lead_id = self._shift.officer_id, self._lead.id
        moment = from_qdatetime(self.time_edit.dateTime())

        def change(session: Session) -> ShiftSession:
            return attendance.clock_out(
                session, officer_id=officer_id, now=moment, actor_id=lead_id
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
