"""Jam kerja: the week's hours per day; for leads every officer against the requirement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desk_app.common.formatting import date_long, date_time, day_month, hours
from desk_app.common.workdays import local_day
from desk_app.office import attendance, office_settings
from desk_app.office.attendance import OfficerHours, ShiftSession, WeekSummary
from desk_app.office.officers import OfficerInfo
from desk_app.ui.context import DeskContext
from desk_app.ui.correct_session import CorrectSessionDialog
from desk_app.ui.formatting import role_label
from desk_app.ui.messages import describe_error
from desk_app.ui.shift import week_start
from desk_app.ui.theme import ERROR_STYLE
from desk_app.ui.widgets.rows import LATE, STRONG, RowsModel, rows_table

DAYS = 7


@dataclass(frozen=True)
class WeekHours:
    """What the hours dialog shows for one week."""

    week_start: date
    required_hours: float
    mine: OfficerHours
    sessions: tuple[ShiftSession, ...]  # every officer's for leads, else the officer's own
    names: dict[str, str]  # officer id -> name, for the sessions table
    everyone: WeekSummary | None  # leads only
    expected_so_far: float = 0.0  # the week's pace (attendance.week_pace)
    week_over: bool = True


def load_week(session: Session, *, officer: OfficerInfo, week_of: date, now: datetime) -> WeekHours:
    """One week of hours and sessions (worker thread)."""
    monday = week_start(week_of)
    sunday = monday + timedelta(days=DAYS - 1)
    own = None if officer.is_lead else officer.id
    shifts = attendance.sessions(session, start=monday, end=sunday, officer_id=own)
    everyone = (
        attendance.week_summary(session, week_of=monday, now=now) if officer.is_lead else None
    )
    names = {officer.id: officer.name}
    required = office_settings.required_weekly_hours(session)
    expected, over = attendance.week_pace(monday, required, today=local_day(now))
    if everyone is not None:  # everyone who is active or worked that week
        names.update({person.officer_id: person.name for person in everyone.officers})
    return WeekHours(
        week_start=monday,
        required_hours=required,
        mine=attendance.hours(session, officer_id=officer.id, start=monday, end=sunday, now=now),
        sessions=tuple(reversed(shifts)),  # newest first
        names=names,
        everyone=everyone,
        expected_so_far=expected,
        week_over=over,
    )


class HoursDialog(QDialog):
    """This week's hours per day; leads also see everyone's week and correct sessions."""

    weekLoaded = Signal(object)
    sessionCorrected = Signal(object)

    def __init__(self, ctx: DeskContext, officer: OfficerInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._officer = officer
        self.week: WeekHours | None = None
        self.correction: CorrectSessionDialog | None = None
        self._monday = week_start(ctx.today())
        self.setWindowTitle(self.tr("Jam kerja"))
        self.resize(980 if officer.is_lead else 760, 600)

        self.previous_button = QPushButton(self.tr("◀ Minggu sebelumnya"), self)
        self.next_button = QPushButton(self.tr("Minggu berikutnya ▶"), self)
        self.this_week_button = QPushButton(self.tr("Minggu ini"), self)
        self.week_label = QLabel(self)
        for button, key in (
            (self.previous_button, "Alt+Left"),
            (self.next_button, "Alt+Right"),
            (self.this_week_button, "Alt+Home"),
        ):
            button.setShortcut(QKeySequence(key))
            shown = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(f"{button.text()} ({shown})")
            button.setAutoDefault(False)
        nav = QHBoxLayout()
        nav.addWidget(self.previous_button)
        nav.addWidget(self.week_label, 1)
        nav.addWidget(self.this_week_button)
        nav.addWidget(self.next_button)

        self.days_model = RowsModel([self.tr("Hari"), self.tr("Jam")], numeric=(1,), parent=self)
        self.days_table = rows_table(self.days_model, self)
        self.total_label = QLabel(self)
        self.total_label.setWordWrap(True)
        mine = QGroupBox(self.tr("Jam saya"), self)
        mine_layout = QVBoxLayout(mine)
        mine_layout.addWidget(self.days_table)
        mine_layout.addWidget(self.total_label)

        self.sessions_model = RowsModel(
            [self.tr("Petugas"), self.tr("Masuk"), self.tr("Pulang"), self.tr("Jam"), ""],
            numeric=(3,),
            parent=self,
        )
        self.sessions_table = rows_table(self.sessions_model, self)
        self.correct_button = QPushButton(self.tr("&Koreksi sesi…"), self)
        self.correct_button.setToolTip(
            self.tr("Ubah jam masuk/pulang sesi terpilih, dengan alasan (Alt+K)")
        )
        self.correct_button.setVisible(officer.is_lead)
        self.correct_button.setAutoDefault(False)
        sessions = QGroupBox(self.tr("Sesi absensi minggu ini"), self)
        sessions_layout = QVBoxLayout(sessions)
        sessions_layout.addWidget(self.sessions_table)
        sessions_layout.addWidget(self.correct_button)

        self.everyone_model = RowsModel(
            [self.tr("Petugas"), *self._day_names(), self.tr("Total"), self.tr("Keterangan")],
            numeric=range(1, DAYS + 2),
            parent=self,
        )
        self.everyone_table = rows_table(self.everyone_model, self)
        self.everyone_box = everyone = QGroupBox(self.tr("Semua petugas"), self)
        everyone_layout = QVBoxLayout(everyone)
        everyone_layout.addWidget(self.everyone_table)
        everyone.setVisible(officer.is_lead)

        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        lower = QHBoxLayout()
        lower.addWidget(mine, 2)
        lower.addWidget(sessions, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(nav)
        layout.addWidget(everyone, 3)
        layout.addLayout(lower, 2)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.previous_button.clicked.connect(self.previous_week)
        self.next_button.clicked.connect(self.next_week)
        self.this_week_button.clicked.connect(self.this_week)
        self.correct_button.clicked.connect(self.correct_selected)
        self.everyone_table.selectionModel().currentRowChanged.connect(self._everyone_row_changed)
        self.reload()

    def _day_names(self) -> list[str]:
        return [
            self.tr("Sen"),
            self.tr("Sel"),
            self.tr("Rab"),
            self.tr("Kam"),
            self.tr("Jum"),
            self.tr("Sab"),
            self.tr("Min"),
        ]

    # -- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Load the shown week in the background."""
        officer, monday, now = self._officer, self._monday, self._ctx.now()
        self.next_button.setEnabled(monday < week_start(self._ctx.today()))
        self._ctx.ops.read(
            lambda s: load_week(s, officer=officer, week_of=monday, now=now),
            done=self._show,
            failed=self._failed,
            owner=self,
        )

    def previous_week(self) -> None:
        """Show the week before (Alt+Left)."""
        self._monday -= timedelta(days=DAYS)
        self.reload()

    def next_week(self) -> None:
        """Show the week after, up to this week (Alt+Right)."""
        if self._monday < week_start(self._ctx.today()):
            self._monday += timedelta(days=DAYS)
            self.reload()

    def this_week(self) -> None:
        """Back to this week (Alt+Home)."""
        self._monday = week_start(self._ctx.today())
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(describe_error(exc, self._ctx.language))

    def _show(self, week: WeekHours) -> None:
        if week.week_start != self._monday:
            return  # an older answer; the newer week is on its way
        self.week = week
        self.error.clear()
        language = self._ctx.language
        sunday = week.week_start + timedelta(days=DAYS - 1)
        self.week_label.setText(
            f"<b>{date_long(week.week_start, language, weekday=True)} – "
            f"{date_long(sunday, language, weekday=True)}</b>"
        )
        names = self._day_names()
        self.days_model.set_rows(
            [
                (f"{names[n]} {day_month(d.day, language)}", hours(d.hours, language))
                for n, d in enumerate(week.mine.days)
            ]
        )
        text = self.week_text(week.mine.total, week.required_hours)
        if not week.week_over and week.mine.total < week.required_hours:
            text += " · " + self.pace_text(max(0.0, week.expected_so_far - week.mine.total))
        self.total_label.setText(text)
        if week.everyone is not None:
            self._show_everyone(week.everyone)
        self._show_sessions()

    def week_text(self, worked: float, required: float) -> str:
        """E.g. "Total 5,2 jam dari 37,5 — kurang 32,3 jam"."""
        text = (
            self.tr("Total %1 jam dari %2")
            .replace("%1", hours(worked, self._ctx.language))
            .replace("%2", hours(required, self._ctx.language))
        )
        return f"{text} — {self.short_text(max(0.0, required - worked))}"

    def short_text(self, short_by: float) -> str:
        """The shortfall, e.g. "kurang 3,5 jam", or "cukup" once the hours are reached."""
        if short_by <= 0:
            return self.tr("cukup")
        return self.tr("kurang %1 jam").replace("%1", hours(short_by, self._ctx.language))

    def pace_text(self, behind_by: float) -> str:
        """Within the week: on pace, or how far behind the even spread of its hours."""
        if behind_by <= 0:
            return self.tr("sesuai laju minggu ini")
        return self.tr("tertinggal %1 jam dari laju minggu ini").replace(
            "%1", hours(behind_by, self._ctx.language)
        )

    def _show_everyone(self, summary: WeekSummary) -> None:
        language = self._ctx.language
        self.everyone_box.setTitle(
            self.tr("Semua petugas — wajib %1 jam per minggu").replace(
                "%1", hours(summary.required_hours, language)
            )
        )
        keep = self._selected_officer()
        rows, keys, tones = [], [], []
        for person in summary.officers:
            status = self.short_text(person.short_by)
            if not person.week_over and not person.enough:
                status += " · " + self.pace_text(person.behind_by)
            if person.clocked_in:
                status += " · " + self.tr("sedang masuk")
            rows.append(
                (
                    f"{person.name} ({role_label(person.role)})",
                    *(hours(d.hours, language) for d in person.by_day),
                    hours(person.hours, language),
                    status,
                )
            )
            keys.append(person.officer_id)
            # Hours are flexible within the week: only a finished week's shortfall is red.
            tones.append(LATE if person.short_for_good else "")
        self.everyone_model.set_rows(rows, keys=keys, tones=tones)
        row = self.everyone_model.row_of(keep or self._officer.id)
        if row >= 0:
            self.everyone_table.selectRow(row)

    def _selected_officer(self) -> str:
        index = self.everyone_table.currentIndex()
        return self.everyone_model.key(index.row()) if index.isValid() else ""

    def _everyone_row_changed(self) -> None:
        self._show_sessions()

    def _show_sessions(self) -> None:
        week = self.week
        if week is None:
            return
        chosen = self._selected_officer() if week.everyone is not None else self._officer.id
        shown = [s for s in week.sessions if not chosen or s.officer_id == chosen]
        now, language = self._ctx.now(), self._ctx.language
        rows, tones = [], []
        for shift in shown:
            end = shift.ended_at or now
            rows.append(
                (
                    week.names.get(shift.officer_id, shift.officer_id),
                    date_time(shift.started_at, language),
                    date_time(shift.ended_at, language)
                    if shift.ended_at
                    else self.tr("masih masuk"),
                    hours((end - shift.started_at).total_seconds() / 3600, language),
                    self.tr("dikoreksi") if shift.corrected else "",
                )
            )
            tones.append(STRONG if shift.is_open else "")
        self.sessions_model.set_rows(rows, keys=[s.id for s in shown], tones=tones)
        self.correct_button.setEnabled(bool(shown))
        if shown:
            self.sessions_table.selectRow(0)

    # -- corrections -----------------------------------------------------------------------

    def selected_session(self) -> ShiftSession | None:
        """The session picked in the sessions table."""
        index = self.sessions_table.currentIndex()
        if self.week is None or not index.isValid():
            return None
        wanted = self.sessions_model.key(index.row())
        return next((s for s in self.week.sessions if s.id == wanted), None)

    def correct_selected(self) -> CorrectSessionDialog | None:
        """A lead corrects the picked session's times, with a reason."""
        shift = self.selected_session()
        if shift is None or not self._officer.is_lead or self.week is None:
            return None
        name = self.week.names.get(shift.officer_id, "")
        dialog = CorrectSessionDialog(
            self._ctx, lead=self._officer, shift=shift, officer_name=name, parent=self
        )
        dialog.succeeded.connect(self._corrected)
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(self._forget_correction)
        self.correction = dialog
        dialog.open()
        return dialog

    def _forget_correction(self) -> None:
        self.correction = None

    def _corrected(self, shift: ShiftSession) -> None:
        self.sessionCorrected.emit(shift)
        self.reload()
