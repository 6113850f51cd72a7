"""Attendance at the desk: the status-bar indicator, clocking in and out, and the prompts."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from sqlalchemy.orm import Session

from desk_app.common.formatting import hours, time_of_day
from desk_app.common.workdays import local_day
from desk_app.office import attendance, office_settings
from desk_app.office.attendance import ShiftSession
from desk_app.office.officers import OfficerInfo
from desk_app.ui.context import DeskContext
from desk_app.ui.messages import describe_error
from desk_app.ui.sync_status import ElidedLabel

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ShiftState:
    """An officer's attendance as loaded: open session, the week's hours, the requirement."""

    officer_id: str
    open_since: datetime | None
    week_start: date
    week_hours: float  # this week's hours at `loaded_at`, an open session counted to then
    required_hours: float
    loaded_at: datetime

    @property
    def clocked_in(self) -> bool:
        """True while the officer has an open session."""
        return self.open_since is not None

    def hours_at(self, moment: datetime) -> float:
        """This week's hours at `moment` (an open session keeps counting without a reload)."""
        if self.open_since is None:
            return self.week_hours
        return self.week_hours + max(0.0, (moment - self.loaded_at).total_seconds() / 3600)


def week_start(day: date) -> date:
    """The Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def load_shift(session: Session, *, officer_id: str, now: datetime) -> ShiftState:
    """The officer's open session and this week's hours (one read, worker thread)."""
    monday = week_start(local_day(now))
    current = attendance.open_session(session, officer_id=officer_id)
    worked = attendance.hours(
        session, officer_id=officer_id, start=monday, end=monday + timedelta(days=6), now=now
    )
    return ShiftState(
        officer_id=officer_id,
        open_since=current.started_at if current else None,
        week_start=monday,
        week_hours=worked.total,
        required_hours=office_settings.required_weekly_hours(session),
        loaded_at=now,
    )


class ShiftTracker(QObject):
    """Knows whether the logged-in officer is clocked in; clocks in and out in the background."""

    shiftLoaded = Signal(object)
    clockedIn = Signal(object)
    clockedOut = Signal(object)
    messageReported = Signal(str)

    def __init__(self, ctx: DeskContext, window: QWidget) -> None:
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self.officer: OfficerInfo | None = None
        self.state: ShiftState | None = None
        self.prompt: QMessageBox | None = None
        self.action: QAction | None = None
        self.label = ElidedLabel(window)
        self._show()

    # -- state -----------------------------------------------------------------------------

    def start(self, officer: OfficerInfo, *, offer_clock_in: bool) -> None:
        """Follow `officer`; after loading, ask them to clock in when they are not."""
        self.close_prompt()
        self.officer = officer
        self.state = None
        self._show()
        self.reload(offer_clock_in=offer_clock_in)

    def reload(self, *, offer_clock_in: bool = False) -> None:
        """Load the officer's attendance in the background."""
        if self.officer is None:
            return
        officer_id, now = self.officer.id, self._ctx.now()
        self._ctx.ops.read(
            lambda s: load_shift(s, officer_id=officer_id, now=now),
            done=lambda state: self._loaded(state, offer_clock_in),
            failed=self._failed,
            owner=self,
        )

    def tick(self) -> None:
        """Once a minute: the hours move on; a new week needs a reload."""
        if self.state is not None and week_start(self._ctx.today()) != self.state.week_start:
            self.reload()
        self._show()

    def text(self) -> str:
        """The status-bar text, e.g. "Masuk sejak 07:42 · 5,2 jam minggu ini / 37,5"."""
        state = self.state
        if self.officer is None or state is None:
            return ""
        language = self._ctx.language
        week = (
            self.tr("%1 jam minggu ini / %2")
            .replace("%1", hours(state.hours_at(self._ctx.now()), language))
            .replace("%2", hours(state.required_hours, language))
        )
        if state.open_since is None:
            return self.tr("Belum absen masuk") + " · " + week
        since = time_of_day(state.open_since, language)
        return self.tr("Masuk sejak %1").replace("%1", since) + " · " + week

    def _loaded(self, state: ShiftState, offer_clock_in: bool) -> None:
        if self.officer is None or state.officer_id != self.officer.id:
            return  # another officer logged in meanwhile
        self.state = state
        self._show()
        self.shiftLoaded.emit(state)
        if offer_clock_in and not state.clocked_in:
            self._ask_clock_in()

    def _show(self) -> None:
        text = self.text()
        self.label.set_full_text(text)
        # The whole line too: a narrow status bar shortens it to "…".
        hint = self.tr("Absensi Anda: jam masuk dan jam kerja minggu ini (F8)")
        self.label.setToolTip(f"{text}\n\n{hint}" if text else hint)
        self.label.setVisible(bool(text))
        if self.action is not None:
            clocked_in = self.state is not None and self.state.clocked_in
            self.action.setText(self.tr("Absen pulang") if clocked_in else self.tr("Absen masuk"))

    # -- clocking in and out ---------------------------------------------------------------

    def toggle(self) -> None:
        """Clock in, or out when already in (F8)."""
        if self.state is not None and self.state.clocked_in:
            self.clock_out()
        else:
            self.clock_in()

    def clock_in(self) -> None:
        """Start the officer's session now."""
        if self.officer is None:
            return
        officer_id, now = self.officer.id, self._ctx.now()
        self._ctx.ops.write(
            lambda s: attendance.clock_in(s, officer_id=officer_id, now=now),
            done=self._clocked_in,
            failed=self._failed,
            owner=self,
        )

    def clock_out(self) -> None:
        """End the officer's session now."""
        if self.officer is None:
            return
        officer_id, now = self.officer.id, self._ctx.now()
        self._ctx.ops.write(
            lambda s: attendance.clock_out(s, officer_id=officer_id, now=now),
            done=self._clocked_out,
            failed=self._failed,
            owner=self,
        )

    def _clocked_in(self, shift: ShiftSession) -> None:
        self.messageReported.emit(
            self.tr("Absen masuk tercatat pukul %1.").replace(
                "%1", time_of_day(shift.started_at, self._ctx.language)
            )
        )
        self.clockedIn.emit(shift)
        if self.officer is not None and self.officer.id == shift.officer_id:
            self.reload()

    def _clocked_out(self, shift: ShiftSession) -> None:
        if shift.ended_at is not None:
            self.messageReported.emit(
                self.tr("Absen pulang tercatat pukul %1.").replace(
                    "%1", time_of_day(shift.ended_at, self._ctx.language)
                )
            )
        self.clockedOut.emit(shift)
        if self.officer is not None and self.officer.id == shift.officer_id:
            self.reload()

    def _failed(self, exc: BaseException) -> None:
        logger.info("attendance: %s", exc)
        self.messageReported.emit(describe_error(exc, self._ctx.language))

    # -- prompts ---------------------------------------------------------------------------

    def _ask_clock_in(self) -> None:
        box, yes = self._question(
            self.tr("Anda belum absen masuk — absen sekarang?"),
            self.tr("Absen &masuk"),
            self.tr("&Nanti"),
        )
        box.finished.connect(lambda _result: self._answered_clock_in(box, yes))
        box.open()

    def _answered_clock_in(self, box: QMessageBox, yes: QPushButton) -> None:
        clicked = box.clickedButton()
        self._forget(box)
        if clicked is not None and clicked is yes:
            self.clock_in()

    def offer_clock_out(self, then: Callable[[], object]) -> None:
        """Before the officer leaves the desk: offer to clock out, then run `then`."""
        if self.state is None or not self.state.clocked_in:
            then()
            return
        box, yes = self._question(
            self.tr("Anda masih absen masuk — absen pulang sekarang?"),
            self.tr("Absen &pulang"),
            self.tr("&Tetap masuk"),
        )
        cancel = box.addButton(self.tr("&Batal"), QMessageBox.ButtonRole.RejectRole)
        box.setEscapeButton(cancel)
        box.finished.connect(lambda _result: self._answered_clock_out(box, yes, cancel, then))
        box.open()

    def _answered_clock_out(
        self, box: QMessageBox, yes: QPushButton, cancel: QPushButton, then: Callable[[], object]
    ) -> None:
        clicked = box.clickedButton()
        self._forget(box)
        if clicked is None or clicked is cancel:
            return
        if clicked is yes:
            self.clock_out()
        then()

    def _question(self, text: str, yes: str, no: str) -> tuple[QMessageBox, QPushButton]:
        self.close_prompt()
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Absensi"))
        box.setText(text)
        if self.officer is not None:
            box.setInformativeText(self.officer.name)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.YesRole)
        no_button = box.addButton(no, QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(yes_button)
        box.setEscapeButton(no_button)
        self.prompt = box
        return box, yes_button

    def close_prompt(self) -> None:
        """Close an open question (the screen locks, another officer logs in)."""
        if self.prompt is not None:
            box, self.prompt = self.prompt, None
            box.done(0)
            box.deleteLater()

    def _forget(self, box: QMessageBox) -> None:
        if self.prompt is box:
            self.prompt = None
        box.deleteLater()
