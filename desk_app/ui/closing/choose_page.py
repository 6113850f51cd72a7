"""Step 1 of the day close: choose the day (the latest open one by default)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QDateEdit, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desk_app.closing.work import (
    DayStatus,
    SealOutcome,
    Unfinished,
    day_status,
    default_day,
    finish_day,
    unfinished,
)
from desk_app.common.formatting import DATE_PATTERN, date_long, date_time, number
from desk_app.common.messages import render
from desk_app.ui.closing.busy_page import BusyPage
from desk_app.ui.closing.state import CloseState
from desk_app.ui.messages import describe_error
from desk_app.ui.theme import ERROR_STYLE

WAIT_CHECK_MS = 30_000  # while too early to close: how often to look at the clock again


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ChooseDayPage(BusyPage):
    """Step 1: which day to close (the latest open one by default)."""

    def __init__(self, state: CloseState, parent: QWidget | None = None) -> None:
        super().__init__(parent, language=state.language)
        self._state = state
        self.status: DayStatus | None = None
        self._defaulted = False
        self.setTitle(self.tr("1. Pilih hari"))
        self.setSubTitle(
            self.tr(
                "Hari yang ditutup disegel: sesudahnya tidak ada perubahan bertanggal hari itu."
            )
        )
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_PATTERN)
        self.date_edit.setMaximumDate(_qdate(state.ctx.today()))
        self.date_edit.setMaximumWidth(180)
        self.long_label = QLabel(self)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        # A close that stopped after sealing (power cut): its reports and backup are made here.
        self.unfinished: Unfinished | None = None
        self.finish_button = QPushButton(self.tr("&Lengkapi laporan dan cadangan"), self)
        self.finish_button.hide()
        self.finish_button.clicked.connect(self.finish)
        form = QFormLayout()
        form.addRow(self.tr("&Hari"), self.date_edit)
        form.addRow("", self.long_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.info)
        layout.addWidget(self.finish_button)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.date_edit.dateChanged.connect(self._date_changed)
        # Too early to close: look again now and then, so Next comes on at closing time.
        self.wait_timer = QTimer(self)
        self.wait_timer.setInterval(WAIT_CHECK_MS)
        self.wait_timer.timeout.connect(self.check_time_again)

    def initializePage(self) -> None:
        """Offer the latest open day, found in the background."""
        if self._defaulted:
            self._date_changed(self.date_edit.date())
            return
        today = self._state.ctx.today()
        self.start_loading()
        self._state.ctx.ops.read(
            lambda s: default_day(s, today=today),
            done=self._defaulted_to,
            failed=self.show_failure,
            owner=self,
        )

    def _defaulted_to(self, day: date) -> None:
        self._defaulted = True
        if self.date_edit.date() == _qdate(day):
            self._date_changed(self.date_edit.date())
        else:
            self.date_edit.setDate(_qdate(day))  # reloads through dateChanged

    def chosen_day(self) -> date:
        """The day in the date field."""
        return _day(self.date_edit.date())

    def _date_changed(self, value: QDate) -> None:
        day = _day(value)
        self._state.day = day
        self.long_label.setText(f"<b>{date_long(day, self._state.language, weekday=True)}</b>")
        self.status = None
        self.unfinished = None
        self.finish_button.hide()
        self.wait_timer.stop()
        now = self._state.ctx.now()
        self.start_loading()
        self._state.ctx.ops.read(
            lambda s: day_status(s, day=day, now=now),
            done=self._show,
            failed=self.show_failure,
            owner=self,
        )

    def check_time_again(self) -> None:
        """While it is too early to close: once the closing time has come, check again."""
        status = self.status
        if status is None or status.closable_from is None:
            self.wait_timer.stop()
        elif self._state.ctx.now() >= status.closable_from:
            self._date_changed(self.date_edit.date())

    def _show(self, status: DayStatus) -> None:
        if status.day != self.chosen_day():
            return  # the lead picked another day meanwhile
        self.status = status
        too_early = status.close is None and status.closable_from is not None
        self.info.setStyleSheet(ERROR_STYLE if status.close or too_early else "")
        if status.close is not None:
            self.info.setText(
                self.tr("Hari itu sudah ditutup oleh %1 pada %2. Pilih hari lain.")
                .replace("%1", status.close.closed_by_name)
                .replace("%2", date_time(status.close.closed_at, self._state.language))
            )
            ctx, day = self._state.ctx, status.day
            db, data_dir = ctx.db, ctx.data_dir
            ctx.ops.run(
                lambda: unfinished(db, data_dir, day=day),
                done=self._show_unfinished,
                failed=self.show_failure,
                owner=self,
            )
        else:
            text = self.tr("Berkas diterima pada hari itu: %1.").replace(
                "%1", number(status.received, self._state.language)
            )
            language = self._state.language
            if status.closable_from is not None:
                text += " " + (
                    self.tr(
                        "Hari itu baru dapat ditutup mulai %1, sesudah jam tutup kantor."
                    ).replace("%1", date_time(status.closable_from, language))
                )
                self.wait_timer.start()
            elif status.today:
                text += " " + render("day.close_today", language, {"day": f"{status.day:%d-%m-%Y}"})
            self.info.setText(text)
        self.stop_loading()

    def _show_unfinished(self, todo: Unfinished | None) -> None:
        if todo is None or todo.complete or todo.close.day != self.chosen_day():
            return
        self.unfinished = todo
        self.info.setText(
            self.info.text()
            + " "
            + self.tr("Penutupannya terhenti: laporan atau cadangannya belum lengkap.")
        )
        self.finish_button.setEnabled(True)
        self.finish_button.show()

    def finish(self) -> None:
        """Write the sealed day's missing reports and backup, in the background."""
        todo = self.unfinished
        if todo is None:
            return
        ctx = self._state.ctx
        db, data_dir, now = ctx.db, ctx.data_dir, ctx.now()
        self.finish_button.setEnabled(False)
        ctx.ops.run(
            lambda: finish_day(db, data_dir, todo, now=now),
            done=self._finished,
            failed=self._finish_failed,
            owner=self,
        )

    def _finished(self, outcome: SealOutcome) -> None:
        error = outcome.report_error or outcome.backup_error
        if error is not None:
            self._finish_failed(error)
            return
        self.unfinished = None
        self.finish_button.hide()
        self.info.setText(
            self.tr("Laporan dan cadangan hari itu sudah dilengkapi. Pilih hari lain.")
        )

    def _finish_failed(self, exc: BaseException) -> None:
        self.finish_button.setEnabled(True)
        self.info.setText(
            self.tr("Penutupan belum dapat dilengkapi: %1").replace(
                "%1", describe_error(exc, self._state.language)
            )
        )

    def isComplete(self) -> bool:
        """Ready once the chosen day is known to be still open and may be closed now."""
        status = self.status
        return (
            status is not None
            and status.close is None
            and status.closable_from is None
            and status.day == self.chosen_day()
        )
