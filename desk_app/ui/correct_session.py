"""A lead corrects one attendance session's times, with a reason (`shift.corrected`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget
from sqlalchemy.orm import Session

from desk_app.common.errors import ValidationError
from desk_app.office import attendance
from desk_app.office.attendance import ShiftSession
from desk_app.office.officers import OfficerInfo
from desk_app.ui.context import DeskContext
from desk_app.ui.widgets.form_dialog import FormDialog
from desk_app.ui.widgets.times import from_qdatetime, time_edit


@dataclass(frozen=True)
class Correction:
    """New times of one session (no clock-out: still in), and why."""

    lead_id: str
    session_id: str
    started_at: datetime
    ended_at: datetime | None
    reason: str


class CorrectSessionDialog(FormDialog[Correction, ShiftSession]):
    """New clock-in and clock-out times and the reason; saved in the background."""

    def __init__(
        self,
        ctx: DeskContext,
        *,
        lead: OfficerInfo,
        shift: ShiftSession,
        officer_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx.ops,
            clock=ctx.clock,
            language=ctx.language,
            title=self.tr("Koreksi sesi absensi"),
            heading=f"<b>{officer_name}</b>",
            ok_text=self.tr("Simpan koreksi"),
            parent=parent,
        )
        self._lead = lead
        self._shift = shift
        now = ctx.now()
        self.start_edit = time_edit(shift.started_at, self, latest=now)
        self.end_edit = time_edit(shift.ended_at or now, self, latest=now)
        self.still_in_box = QCheckBox(self.tr("Masih masuk (belum absen pulang)"), self)
        self.still_in_box.setVisible(shift.is_open)
        self.still_in_box.setChecked(shift.is_open)
        self.end_edit.setEnabled(not shift.is_open)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText(self.tr("mis. lupa absen pulang, pulang pukul 16:30"))
        self.add_row(self.tr("&Masuk"), self.start_edit)
        self.add_row(self.tr("&Pulang"), self.end_edit)
        self.add_row("", self.still_in_box)
        self.add_row(self.tr("&Alasan"), self.reason_edit)
        self.still_in_box.toggled.connect(self._still_in_toggled)

    def _still_in_toggled(self, still_in: bool) -> None:
        self.end_edit.setEnabled(not still_in)

    def initial_focus(self) -> QWidget | None:
        """The reason: the times are usually right or nearly so, the reason is always new."""
        return self.reason_edit

    def read(self) -> Correction:
        """The edited times and the reason."""
        ended = None if self.still_in_box.isChecked() else from_qdatetime(self.end_edit.dateTime())
        return Correction(
            lead_id=self._lead.id,
            session_id=self._shift.id,
            started_at=from_qdatetime(self.start_edit.dateTime()),
            ended_at=ended,
            reason=self.reason_edit.text(),
        )

    def apply(self, session: Session, change: Correction, now: datetime) -> ShiftSession:
        """Save the correction."""
        return attendance.correct_session(
            session,
            lead_id=change.lead_id,
            session_id=change.session_id,
            started_at=change.started_at,
            ended_at=change.ended_at,
            reason=change.reason,
            now=now,
        )

    def failed(self, exc: BaseException) -> None:
        """A problem with the reason: back to the reason field."""
        if isinstance(exc, ValidationError) and exc.field == "reason":
            self.reason_edit.setFocus()
