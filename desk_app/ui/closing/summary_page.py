"""Step 3 of the day close: the day's summary as the close will record it, read-only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from desk_app.closing.dayclose import DaySummary
from desk_app.closing.work import summarize
from desk_app.ui.closing.busy_page import BusyPage
from desk_app.ui.formatting import duration, hours_text, long_date, number, percent
from desk_app.ui.widgets.rows import LATE, RowsModel, rows_table

if TYPE_CHECKING:
    from desk_app.ui.closing.wizard import DayCloseWizard


def _box(title: str, content: QWidget, parent: QWidget) -> QGroupBox:
    box = QGroupBox(title, parent)
    layout = QVBoxLayout(box)
    layout.addWidget(content)
    return box


class SummaryPage(BusyPage):
    """Totals, SLA and handling time; tables per officer, per service and per agency."""

    def __init__(self, wizard: DayCloseWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("3. Ringkasan hari"))
        self.setSubTitle(self.tr("Angka inilah yang dicatat saat hari disegel."))
        self.figures: dict[str, QLabel] = {}
        figures = QWidget(self)
        form = QFormLayout(figures)
        form.setContentsMargins(0, 0, 0, 0)
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
        day, now = self._wizard.day, self._wizard.ctx.now()
        self._wizard.summary = None
        self.start_loading()
        self._wizard.ctx.ops.read(
            lambda s: summarize(s, day=day, now=now),
            done=self._show,
            failed=self.show_failure,
            owner=self,
        )

    def isComplete(self) -> bool:
        """Ready once the summary of the chosen day is shown."""
        summary = self._wizard.summary
        return not self.loading and summary is not None and summary.day == self._wizard.day

    def _show(self, summary: DaySummary) -> None:
        if summary.day != self._wizard.day:
            return
        self._wizard.summary = summary
        self.figures_box.setTitle(long_date(summary.day, self._wizard.ctx.language))
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
            self.figures[key].setText(number(value))
        self.figures["hours"].setText(hours_text(t.hours))
        self.figures["sla"].setText(
            self.tr("%1 dari %2 tepat waktu (%3)")
            .replace("%1", number(summary.sla_on_time))
            .replace("%2", number(summary.sla_closed))
            .replace("%3", percent(summary.sla_rate))
        )
        self.figures["handling"].setText(
            self.tr("median %1 · p90 %2 · %3 berkas")
            .replace("%1", duration(summary.handling_median_s))
            .replace("%2", duration(summary.handling_p90_s))
            .replace("%3", number(summary.handling_count))
        )
        self.officers.set_rows(
            [
                (
                    o.name,
                    number(o.taken),
                    number(o.completed),
                    number(o.points),
                    hours_text(o.hours),
                )
                for o in summary.officers
            ],
            keys=[o.officer_id for o in summary.officers],
        )
        ctx = self._wizard.ctx
        self.services.set_rows(
            [
                (
                    f"{s.code} · {ctx.catalogue.service_name(s.code, ctx.language)}",
                    number(s.received),
                    number(s.completed),
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
                    number(a.forwarded),
                    number(a.returned),
                    number(a.still_out),
                    number(a.overdue),
                )
                for a in summary.agencies
            ],
            keys=[a.code for a in summary.agencies],
            tones=[LATE if a.overdue else "" for a in summary.agencies],
        )
        self.stop_loading()
