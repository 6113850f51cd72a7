"""The office dashboard for leads: arrivals, agency load, SLA trend and points leaderboard."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.common.formatting import (
    date_long,
    decimal,
    hour_of_day,
    minutes_seconds,
    number,
    time_of_day,
    weekday_name,
)
from desk_app.insights import dashboard
from desk_app.insights.dashboard import Dashboard
from desk_app.office.officers import OfficerInfo
from desk_app.ui.context import DeskContext
from desk_app.ui.messages import describe_error
from desk_app.ui.theme import ERROR_STYLE, LATE, QUIET_STYLE, coloured
from desk_app.ui.widgets.charts import AgencyChart, ArrivalsChart, SlaChart
from desk_app.ui.widgets.rows import STRONG, RowsModel, rows_table

REFRESH_MS = 60_000
TOP_AGENCIES = 8


class DashboardPage(QWidget):
    """Four panels, refreshed in the background every minute while the page is on screen."""

    dashboardLoaded = Signal(object)

    def __init__(
        self, ctx: DeskContext, officer: OfficerInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._officer = officer
        self.data: Dashboard | None = None
        self.loading = False
        self._loaded_at = 0.0  # time.monotonic() of the last answer
        self.headline = QLabel(self)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setWordWrap(True)  # large text: two lines rather than a wider window
        self.status = QLabel(self)
        self.status.setStyleSheet(QUIET_STYLE)
        self.refresh_button = QPushButton(self.tr("Muat ulang"), self)
        self.refresh_button.setToolTip(self.tr("Muat ulang angka dasbor (Ctrl+R)"))
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        top.addWidget(self.status)
        top.addWidget(self.refresh_button)

        self.arrivals = ArrivalsChart(self)
        self.agencies = AgencyChart(self)
        self.sla = SlaChart(self)
        self.leaders_model = RowsModel(
            [self.tr("#"), self.tr("Petugas"), self.tr("NIP"), self.tr("Poin")],
            numeric=(0, 3),
            parent=self,
        )
        self.leaders_table = rows_table(self.leaders_model, self, stretch=1)
        self.leaders_box = QGroupBox(self.tr("Papan peringkat poin bulan ini"), self)
        board = QVBoxLayout(self.leaders_box)
        board.addWidget(self.leaders_table)
        grid = QGridLayout()
        grid.addWidget(self.arrivals, 0, 0)
        grid.addWidget(self.agencies, 0, 1)
        grid.addWidget(self.sla, 1, 0)
        grid.addWidget(self.leaders_box, 1, 1)
        for n in (0, 1):
            grid.setColumnStretch(n, 1)
            grid.setRowStretch(n, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

    # -- refreshing ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """On screen: refresh when stale, then every minute."""
        super().showEvent(event)
        self.timer.start()
        if self.data is None or time.monotonic() - self._loaded_at > REFRESH_MS / 1000:
            self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        """Off screen (another tab, the lock screen): no refreshing."""
        super().hideEvent(event)
        self.timer.stop()

    def refresh(self) -> bool:
        """Load the numbers in the background; False while a load is still running."""
        if self.loading:
            return False
        self.loading = True
        self.refresh_button.setEnabled(False)
        self.status.setStyleSheet(QUIET_STYLE)
        self.status.setText(self.tr("Memuat…"))
        now = self._ctx.now()
        self._ctx.ops.read(
            lambda s: dashboard.dashboard(s, now=now),
            done=self._show,
            failed=self._failed,
            owner=self,
        )
        return True

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.refresh_button.setEnabled(True)
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(describe_error(exc, self._ctx.language))

    def _show(self, data: Dashboard) -> None:
        self.loading = False
        self._loaded_at = time.monotonic()
        self.data = data
        self.refresh_button.setEnabled(True)
        language = self._ctx.language
        self.status.setStyleSheet(QUIET_STYLE)
        self.status.setText(
            self.tr("Diperbarui %1").replace("%1", time_of_day(self._ctx.now(), language))
        )
        self.headline.setText(self.headline_text(data))
        weekday = weekday_name(data.today, language)
        self.arrivals.show_arrivals(data.arrivals, weekday=weekday)
        self.agencies.show_loads(self.agency_rows(data), title=self.agency_title(data))
        self.sla.show_trend(data.sla)
        rows = [(str(r.rank), r.name, r.nip, number(r.points, language)) for r in data.leaders]
        tones = [STRONG if r.officer_id == self._officer.id else "" for r in data.leaders]
        self.leaders_model.set_rows(rows, keys=[r.officer_id for r in data.leaders], tones=tones)
        self.dashboardLoaded.emit(data)

    def headline_text(self, data: Dashboard) -> str:
        """The few numbers a lead reads first."""
        arrived = sum(data.arrivals.today)
        usual = sum(data.arrivals.average)
        busiest = data.arrivals.busiest_hour()
        language = self._ctx.language
        parts = [
            f"<b>{date_long(data.today, language, weekday=True)}</b>",
            self.tr("Terbuka: %1").replace("%1", f"<b>{number(data.open_total, language)}</b>"),
            self.tr("Terlambat: %1").replace(
                "%1", coloured(number(data.overdue_total, language), LATE)
            ),
            self.tr("Datang hari ini: %1 (biasanya %2)")
            .replace("%1", f"<b>{number(arrived, language)}</b>")
            .replace("%2", decimal(usual, language)),
        ]
        if busiest is not None:
            parts.append(self.tr("Jam tersibuk: %1").replace("%1", hour_of_day(busiest, language)))
        parts += self.queue_parts(data)
        return " &nbsp;·&nbsp; ".join(parts)

    def queue_parts(self, data: Dashboard) -> list[str]:
        """Today's queue (tickets, median wait, no-shows) and the month's IKM, if any."""
        language = self._ctx.language
        parts = []
        queue = data.queue
        if queue is not None and queue.issued:
            parts.append(
                self.tr("Antrean: %1 nomor, tunggu median %2, tidak hadir %3")
                .replace("%1", number(queue.issued, language))
                .replace("%2", minutes_seconds(queue.wait_median_s))
                .replace("%3", number(queue.no_shows, language))
            )
        if data.ikm is not None:
            parts.append(
                self.tr("IKM bulan ini: %1 (%2, %3 responden)")
                .replace("%1", f"<b>{decimal(float(data.ikm.ikm), language, 2)}</b>")
                .replace("%2", data.ikm.grade)
                .replace("%3", number(data.ikm.responses, language))
            )
        return parts

    def agency_rows(self, data: Dashboard) -> list[tuple[str, int, int]]:
        """(name, open, overdue) of the agencies holding most work, in the interface language."""
        names = self._ctx.catalogue.agency_names(self._ctx.language)
        held = [a for a in data.agencies if a.code is not None]
        return [(names.get(a.code or "", a.name), a.open, a.overdue) for a in held[:TOP_AGENCIES]]

    def agency_title(self, data: Dashboard) -> str:
        """The agency chart's title; work still in the office is counted there, not drawn."""
        office = next((a for a in data.agencies if a.code is None), None)
        title = self.tr("Berkas terbuka di dinas")
        if office is None:
            return title
        language = self._ctx.language
        return (
            title
            + " · "
            + self.tr("di kantor: %1 (terlambat %2)")
            .replace("%1", number(office.open, language))
            .replace("%2", number(office.overdue, language))
        )
