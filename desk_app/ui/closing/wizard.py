"""The day-close wizard (leads and admins): choose the day, settle, summary, seal."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget, QWizard

from desk_app.closing.dayclose import DayClose, DaySummary
from desk_app.closing.work import DayChecks
from desk_app.office.officers import OfficerInfo
from desk_app.ui.closing.checks_page import ChecksPage
from desk_app.ui.closing.choose_page import ChooseDayPage
from desk_app.ui.closing.seal_page import SealPage
from desk_app.ui.closing.state import CloseState
from desk_app.ui.closing.summary_page import SummaryPage
from desk_app.ui.context import DeskContext
from desk_app.ui.receipt_hook import ReceiptPrinter


class DayCloseWizard(QWizard):
    """Four steps; every read and the close itself run in the background helper.

    The wizard owns the steps' shared `state` and hands it to each page.
    """

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
        self.state = CloseState(ctx=ctx, lead=lead, receipts=receipts, day=ctx.today())
        self.setWindowTitle(self.tr("Tutup hari"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Lanjut >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Kembali"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Selesai"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Batal"))
        self.setWindowModality(Qt.WindowModality.NonModal)  # the lead may open tasks meanwhile
        self.resize(1040, 720)
        self.choose_page = ChooseDayPage(self.state, self)
        self.checks_page = ChecksPage(self.state, self)
        self.summary_page = SummaryPage(self.state, self)
        self.seal_page = SealPage(self.state, self)
        for page in (self.choose_page, self.checks_page, self.summary_page, self.seal_page):
            self.addPage(page)
        self.checks_page.taskOpenRequested.connect(self.taskOpenRequested)
        self.seal_page.sealed.connect(self._sealed)

    @property
    def day(self) -> date:
        """The day being closed (step 1)."""
        return self.state.day

    @property
    def checks(self) -> DayChecks | None:
        """What is outstanding on that day, once step 2 has loaded it."""
        return self.state.checks

    @property
    def summary(self) -> DaySummary | None:
        """The day's figures, once step 3 has loaded them."""
        return self.state.summary

    @property
    def closed(self) -> DayClose | None:
        """The seal, once step 4 is done."""
        return self.state.closed

    def recheck(self) -> None:
        """Something changed in the main window: check step 2 again if it is showing."""
        if self.currentPage() is self.checks_page and not self.checks_page.loading:
            self.checks_page.reload()

    def _sealed(self, close: DayClose) -> None:
        # Sealed is final: no way back to a step that changes the day.
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.daySealed.emit(close)
