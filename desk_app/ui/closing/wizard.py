"""The day-close wizard (leads and admins): choose the day, settle, summary, seal."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QDateEdit, QFormLayout, QLabel, QVBoxLayout, QWidget, QWizard

from desk_app.closing.dayclose import DayClose, DaySummary
from desk_app.closing.work import DayChecks, DayStatus, day_status, default_day
from desk_app.office.officers import OfficerInfo
from desk_app.ui.closing.busy_page import BusyPage
from desk_app.ui.closing.checks_page import ChecksPage
from desk_app.ui.closing.seal_page import SealPage
from desk_app.ui.closing.summary_page import SummaryPage
from desk_app.ui.context import DeskContext
from desk_app.ui.formatting import local_time, long_date, number
from desk_app.ui.receipt_hook import ReceiptPrinter
from desk_app.ui.widgets.field import ERROR_STYLE


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ChooseDayPage(BusyPage):
    """Step 1: which day to close (the latest open one by default)."""

    def __init__(self, wizard: DayCloseWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
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
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setMaximumDate(_qdate(wizard.ctx.today()))
        self.date_edit.setMaximumWidth(180)
        self.long_label = QLabel(self)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Hari"), self.date_edit)
        form.addRow("", self.long_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.info)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.date_edit.dateChanged.connect(self._date_changed)

    def initializePage(self) -> None:
        """Offer the latest open day, found in the background."""
        if self._defaulted:
            self._date_changed(self.date_edit.date())
            return
        today = self._wizard.ctx.today()
        self.start_loading()
        self._wizard.ctx.ops.read(
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
        self._wizard.day = day
        self.long_label.setText(f"<b>{long_date(day, self._wizard.ctx.language)}</b>")
        self.status = None
        self.start_loading()
        self._wizard.ctx.ops.read(
            lambda s: day_status(s, day=day), done=self._show, failed=self.show_failure, owner=self
        )

    def _show(self, status: DayStatus) -> None:
        if status.day != self.chosen_day():
            return  # the lead picked another day meanwhile
        self.status = status
        self.info.setStyleSheet(ERROR_STYLE if status.close else "")
        if status.close is not None:
            self.info.setText(
                self.tr("Hari itu sudah ditutup oleh %1 pada %2. Pilih hari lain.")
                .replace("%1", status.close.closed_by_name)
                .replace("%2", local_time(status.close.closed_at))
            )
        else:
            text = self.tr("Berkas diterima pada hari itu: %1.").replace(
                "%1", number(status.received)
            )
            if status.day == self._wizard.ctx.today():
                text += " " + self.tr("Hari ini baru dapat ditutup sesudah jam tutup kantor.")
            self.info.setText(text)
        self.stop_loading()

    def isComplete(self) -> bool:
        """Ready once the chosen day is known to be still open."""
        status = self.status
        return status is not None and status.close is None and status.day == self.chosen_day()


class DayCloseWizard(QWizard):
    """Four steps; every read and the close itself run in the background helper."""

    daySealed = Signal(object)
    taskOpenRequested = Signal(str)

    def __init__(
        self,
        ctx: DeskContext,
        lead: OfficerInfo,
        receipts: ReceiptPrinter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.lead = lead
        self.receipts = receipts
        self.day: date = ctx.today()
        self.checks: DayChecks | None = None
        self.summary: DaySummary | None = None
        self.closed: DayClose | None = None
        self.setWindowTitle(self.tr("Tutup hari"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Lanjut >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Kembali"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Selesai"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Batal"))
        self.setWindowModality(Qt.WindowModality.NonModal)  # the lead may open tasks meanwhile
        self.resize(1040, 720)
        self.choose_page = ChooseDayPage(self)
        self.checks_page = ChecksPage(self)
        self.summary_page = SummaryPage(self)
        self.seal_page = SealPage(self)
        for page in (self.choose_page, self.checks_page, self.summary_page, self.seal_page):
            self.addPage(page)
        self.seal_page.sealed.connect(self._sealed)

    def recheck(self) -> None:
        """Something changed in the main window: check step 2 again if it is showing."""
        if self.currentPage() is self.checks_page and not self.checks_page.loading:
            self.checks_page.reload()

    def _sealed(self, close: DayClose) -> None:
        self.closed = close
        # Sealed is final: no way back to a step that changes the day.
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.daySealed.emit(close)
