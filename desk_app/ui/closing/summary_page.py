"""Step 3 of the day close: the day's summary as the close will record it, read-only."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from desk_app.closing.dayclose import DaySummary
from desk_app.closing.work import summarize
from desk_app.common.formatting import date_long, hours, minutes_seconds, number, percent
from desk_app.ui.closing.busy_page import BusyPage
from desk_app.ui.closing.state import CloseState
from desk_app.ui.widgets.rows import LATE, RowsModel, rows_table


def _box(title: str, content: QWidget, parent: QWidget) -> QGroupBox:
    box = QGroupBox(title, parent)
    layout = QVBoxLayout(box)
    layout.addWidget(content)
    return box


class SummaryPage(BusyPage):
    """Totals, SLA and handling time; tables per officer, per service and per agency."""

    def __init__(self, state: CloseState, parent: QWidget | None = None) -> None:
        super().__init__(parent, language=state.language)
        self._state = state
        self.setTitle(self.tr("3. Ringkasan hari"))
        self.setSubTitle(self.tr("Angka inilah yang dicatat saat hari disegel."))
        self.figures: dict[str, QLabel] = {}
        figures = QWidget(self)
        form = QFormLayout(figures)
        form.setContentsMargins(0, 0, 0, 0)
        # Large text: a row too long for its label and value puts the value under the label.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key, title in (
            ("received", self.tr("Diterima")),
            ("completed", self.tr("Selesai")),
            ("rejected", self.tr("Ditolak")),
            ("cancelled", self.tr("Dibatalkan")),
            ("open", self.tr("Masih terbuka di akhir hari")),
            ("overdue", self.tr("Terlambat di akhir hari")),
            ("sla", self.tr("Kepatuhan SLA")),
            ("handling", self.tr("Waktu layanan loket (menit:detik)")),
            ("points", self.tr("Poin")),
            ("hours", self.tr("Jam kerja")),
        ):
            value = QLabel("–", figures)
            form.addRow(title, value)
            self.figures[key] = value
        self.officers = RowsModel(
            [
                self.tr("Petugas"),
                self.tr("Diterima"),
                self.tr("Selesai"),
                self.tr("Poin"),
                self.tr("Jam"),
            ],
            numeric=(1, 2, 3, 4),
            parent=self,
        )
        self.services = RowsModel(
            [self.tr("Layanan"), self.tr("Diterima"), self.tr("Selesai")],
            numeric=(1, 2),
            parent=self,
        )
        self.agencies = RowsModel(
            [
                self.tr("Dinas"),
                self.tr("Diteruskan"),
                self.tr("Kembali"),
                self.tr("Masih di dinas"),
                self.tr("Terlambat"),
            ],
            numeric=(1, 2, 3, 4),
            parent=self,
        )
        grid = QGridLayout()
        self.figures_box = _box("", figures, self)
        grid.addWidget(self.figures_box, 0, 0)
        grid.addWidget(
            _box(
                self.tr("Per dinas — yang menahan berkas di atas"),
                rows_table(self.agencies, self),
                self,
            ),
            0,
            1,
        )
        grid.addWidget(_box(self.tr("Per petugas"), rows_table(self.officers, self), self), 1, 0)
        grid.addWidget(_box(self.tr("Per layanan"), rows_table(self.services, self), self), 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addWidget(self.note)

    def initializePage(self) -> None:
        """Summarise the chosen day in the background."""
        day, now = self._state.day, self._state.ctx.now()
        self._state.summary = None
        self.start_loading()
        self._state.ctx.ops.read(
            lambda s: summarize(s, day=day, now=now),
            done=self._show,
            failed=self.show_failure,
            owner=self,
        )

    def isComplete(self) -> bool:
        """Ready once the summary of the chosen day is shown."""
        summary = self._state.summary
        return not self.loading and summary is not None and summary.day == self._state.day

    def _show(self, summary: DaySummary) -> None:
        if summary.day != self._state.day:
            return
        self._state.summary = summary
        language = self._state.language
        self.figures_box.setTitle(date_long(summary.day, language, weekday=True))
        t = summary.totals
        for key, value in (
            ("received", t.received),
            ("completed", t.completed),
            ("rejected", t.rejected),
            ("cancelled", t.cancelled),
            ("open", t.open_end_of_day),
            ("overdue", t.overdue_end_of_day),
            ("points", t.points),
        ):
            self.figures[key].setText(number(value, language))
        self.figures["hours"].setText(hours(t.hours, language))
        self.figures["sla"].setText(
            self.tr("%1 dari %2 tepat waktu (%3)")
            .replace("%1", number(summary.sla_on_time, language))
            .replace("%2", number(summary.sla_closed, language))
            .replace("%3", percent(summary.sla_rate, language))
        )
        self.figures["handling"].setText(
            self.tr("median %1 · p90 %2 · %3 berkas")
            .replace("%1", minutes_seconds(summary.handling_median_s))
            .replace("%2", minutes_seconds(summary.handling_p90_s))
            .replace("%3", number(summary.handling_count, language))
        )
        self.officers.set_rows(
            [
                (
                    o.name,
                    number(o.taken, language),
                    number(o.completed, language),
                    number(o.points, language),
                    hours(o.hours, language),
                )
                for o in summary.officers
            ],
            keys=[o.officer_id for o in summary.officers],
        )
        ctx = self._state.ctx
        self.services.set_rows(
            [
                (
                    f"{s.code} · {ctx.catalogue.service_name(s.code, ctx.language)}",
                    number(s.received, language),
                    number(s.completed, language),
                )
                for s in summary.services
            ],
            keys=[s.code for s in summary.services],
        )
        names = ctx.catalogue.agency_names(ctx.language)
        self.agencies.set_rows(
            [
                (
                    names.get(a.code, a.name),
                    number(a.forwarded, language),
                    number(a.returned, language),
                    number(a.still_out, language),
                    number(a.overdue, language),
                )
                for a in summary.agencies
            ],
            keys=[a.code for a in summary.agencies],
            tones=[LATE if a.overdue else "" for a in summary.agencies],
        )
        self.stop_loading()
