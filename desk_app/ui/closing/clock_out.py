"""A lead clocks out an officer who forgot to, at a time the lead picks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from desk_app.closing.work import OpenShift
from desk_app.common.formatting import date_time
from desk_app.common.workdays import JAKARTA
from desk_app.office import attendance
from desk_app.office.attendance import ShiftSession
from desk_app.office.officers import OfficerInfo
from desk_app.ui.context import DeskContext
from desk_app.ui.widgets.form_dialog import FormDialog
from desk_app.ui.widgets.times import from_qdatetime, time_edit


def default_clock_out(shift: OpenShift, *, day: date, closes_at: time, now: datetime) -> datetime:
    """Closing time of a past day (when after clock-in), else now."""
    closing = datetime.combine(day, closes_at, tzinfo=JAKARTA)
    return closing if shift.started_at < closing < now else now


@dataclass(frozen=True)
class ClockOut:
    """Clock `officer_id` out at `moment`, as the lead's action."""

    officer_id: str
    lead_id: str
    moment: datetime


class ClockOutDialog(FormDialog[ClockOut, ShiftSession]):
    """Pick the clock-out time; saved in the background as the lead's action."""

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
        super().__init__(
            ctx.ops,
            clock=ctx.clock,
            language=ctx.language,
            title=self.tr("Absen pulangkan petugas"),
            heading=self.tr("%1 masih absen masuk sejak %2.")
            .replace("%1", f"<b>{shift.name}</b>")
            .replace("%2", date_time(shift.started_at, ctx.language)),
            ok_text=self.tr("Absen pulangkan"),
            minimum_width=0,
            parent=parent,
        )
        self._lead = lead
        self._shift = shift
        now = ctx.now()
        self.time_edit = time_edit(
            default_clock_out(shift, day=day, closes_at=closes_at, now=now), self, latest=now
        )
        self.add_row(self.tr("Jam &pulang"), self.time_edit)

    def read(self) -> ClockOut:
        """Whom, by whom, and when."""
        moment = from_qdatetime(self.time_edit.dateTime())
        return ClockOut(self._shift.officer_id, self._lead.id, moment)

    def apply(self, session: Session, change: ClockOut, now: datetime) -> ShiftSession:
        """Clock the officer out at the picked time."""
        return attendance.clock_out(
            session, officer_id=change.officer_id, now=change.moment, actor_id=change.lead_id
        )
