"""One officer's working area: intake, queue, task detail and points as tabs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QWidget

from desk_app.counter.tasks import TaskView
from desk_app.office.officers import OfficerInfo
from desk_app.ui.call_panel import CallPanel
from desk_app.ui.context import DeskContext
from desk_app.ui.intake import IntakePage
from desk_app.ui.points_page import PointsPage
from desk_app.ui.queue_page import QueuePage
from desk_app.ui.receipt_hook import ReceiptPrinter
from desk_app.ui.search import SearchDialog
from desk_app.ui.survey_form import SurveyOffer
from desk_app.ui.task_detail import TaskDetailPage

if TYPE_CHECKING:
    from desk_app.ui.dashboard_page import DashboardPage


class Workspace(QTabWidget):
    """The pages of a logged-in officer; built anew when another officer logs in."""

    def __init__(
        self, ctx: DeskContext, officer: OfficerInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.officer = officer
        self.receipts = ReceiptPrinter(ctx, officer, self)
        self.intake = IntakePage(ctx, officer, self.receipts, self)
        self.queue = QueuePage(ctx, officer, self)
        self.detail = TaskDetailPage(ctx, officer, self.receipts, self)
        self.points = PointsPage(ctx, officer, self)
        self.addTab(self.intake, self.tr("Penerimaan (F2)"))
        self.addTab(self.queue, self.tr("Antrean (F3)"))
        self.addTab(self.detail, self.tr("Berkas"))
        self.addTab(self.points, self.tr("Poin (F4)"))
        self.search_dialog: SearchDialog | None = None
        self.dashboard: DashboardPage | None = None  # leads only, built on first F6
        self._queue_stale = False
        self._points_stale = True
        self.currentChanged.connect(self._on_page_changed)
        self.intake.taskSaved.connect(self._on_task_saved)
        self.intake.openRequested.connect(self.open_task)
        self.queue.taskOpened.connect(self.open_task)
        self.detail.taskChanged.connect(self._on_task_changed)
        # The queue ticket at this counter (F5 calls the next); the intake links its task.
        self.calls = CallPanel(ctx, officer, self)
        self.setCornerWidget(self.calls)
        self.intake.ticket_link = self.calls.ticket_link
        self.intake.taskSaved.connect(self.calls.reload)
        self.surveys = SurveyOffer(ctx, self)  # offered after each hand-over
        self.detail.taskChanged.connect(self.surveys.check)
        self.calls.reload()
        self.queue.apply_filter()

    def show_intake(self) -> None:
        """Go to the intake form (F2)."""
        self.setCurrentWidget(self.intake)
        self.intake.picker.setFocus()

    def show_queue(self) -> None:
        """Go to the work queue (F3)."""
        self.setCurrentWidget(self.queue)
        self.queue.table.setFocus()

    def show_points(self) -> None:
        """Go to the points page (F4)."""
        self.setCurrentWidget(self.points)

    def show_dashboard(self) -> DashboardPage | None:
        """Go to the office dashboard (F6; leads and admins only)."""
        if not self.officer.is_lead:
            return None
        if self.dashboard is None:
            # QtCharts loads on first use, not at every start-up.
            from desk_app.ui.dashboard_page import DashboardPage

            self.dashboard = DashboardPage(self.ctx, self.officer, self)
            self.addTab(self.dashboard, self.tr("Dasbor (F6)"))
        self.setCurrentWidget(self.dashboard)
        return self.dashboard

    def open_task(self, task_id: str) -> None:
        """Show one task's detail page."""
        self.detail.show_task(task_id)
        self.setCurrentWidget(self.detail)

    def open_search(self) -> SearchDialog:
        """Open the search popup (Ctrl+K)."""
        if self.search_dialog is None:
            self.search_dialog = SearchDialog(self.ctx, self)
            self.search_dialog.taskChosen.connect(self.open_task)
        self.search_dialog.start()
        return self.search_dialog

    def call_next(self) -> None:
        """Call the next queue ticket to this counter (F5)."""
        self.calls.call_next()

    def refresh(self) -> None:
        """Reload what the current page shows (Ctrl+R)."""
        page = self.currentWidget()
        if page is self.queue:
            self.queue.refresh()
        elif page is self.detail:
            self.detail.reload()
        elif page is self.points:
            self.points.refresh()
        elif self.dashboard is not None and page is self.dashboard:
            self.dashboard.refresh()

    def _on_page_changed(self, _index: int) -> None:
        page = self.currentWidget()
        self.detail.set_active(page is self.detail)
        if page is self.queue and self._queue_stale:
            self._queue_stale = False
            self.queue.refresh()
        elif page is self.points and self._points_stale:
            self._points_stale = False
            self.points.refresh()

    def _on_task_saved(self, _task: TaskView) -> None:
        self._queue_stale = True
        self._points_stale = True

    def _on_task_changed(self, task_id: str) -> None:
        self.queue.model.refresh_task(task_id)
        self.queue.model.load_counts()
        self._points_stale = True
