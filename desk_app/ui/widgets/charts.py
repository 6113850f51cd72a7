"""The lead's dashboard charts (QtCharts): arrivals by hour, agency load, SLA trend."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, QPointF, Qt, QTime
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from desk_app.common.formatting import DAY_MONTH_PATTERN
from desk_app.insights.dashboard import HourlyArrivals, SlaDay
from desk_app.ui import theme

OFFICE_HOURS = range(7, 17)  # always shown, however quiet the day
MAX_LABEL = 30  # characters of an agency name on the axis
BOTTOM = Qt.AlignmentFlag.AlignBottom
LEFT = Qt.AlignmentFlag.AlignLeft


def nice_max(value: float, ticks: int = 5) -> tuple[float, int]:
    """An axis top at or above `value` that divides into round steps, and the tick count."""
    if value <= ticks:
        return float(ticks), ticks + 1
    step = 10 ** math.floor(math.log10(value / ticks))
    for factor in (1, 2, 2.5, 5, 10):
        if value / (step * factor) <= ticks:
            step *= factor
            break
    top = math.ceil(value / step) * step
    return float(top), round(top / step) + 1


def shown_hours(arrivals: HourlyArrivals) -> range:
    """Office hours, widened to any hour with arrivals today or on average."""
    busy = [h for h in range(24) if arrivals.today[h] or arrivals.average[h]]
    first = min([OFFICE_HOURS.start, *busy])
    last = max([OFFICE_HOURS.stop - 1, *busy])
    return range(first, last + 1)


def short_label(text: str) -> str:
    """An axis label cut to MAX_LABEL characters."""
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


class _Chart(QChartView):
    """A chart view with the dashboard's common look: small margins, legend below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(BOTTOM)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)


class ArrivalsChart(_Chart):
    """Bars of today's arrivals per hour, a line of the same weekday's recent average."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        chart = self.chart()
        self.today = QBarSet(self.tr("Hari ini"))
        self.today.setColor(QColor(theme.ACCENT))
        self.bars = QBarSeries()
        self.bars.append(self.today)
        self.average = QLineSeries()
        self.average.setPen(QPen(QColor(theme.ACCENT_2), 2.5))
        self.average.setPointsVisible(True)
        self.axis_x = QBarCategoryAxis()
        self.axis_y = QValueAxis()
        self.axis_y.setLabelFormat("%d")
        chart.addSeries(self.bars)
        chart.addSeries(self.average)
        chart.addAxis(self.axis_x, BOTTOM)
        chart.addAxis(self.axis_y, LEFT)
        for series in (self.bars, self.average):
            series.attachAxis(self.axis_x)
            series.attachAxis(self.axis_y)

    def show_arrivals(self, arrivals: HourlyArrivals, *, weekday: str) -> None:
        """Plot one day against the average of `weeks_averaged` earlier `weekday`s."""
        hours = shown_hours(arrivals)
        self.chart().setTitle(self.tr("Kedatangan per jam hari ini"))
        self.average.setName(
            self.tr("Rata-rata %1 %2 sebelumnya")
            .replace("%1", str(arrivals.weeks_averaged))
            .replace("%2", weekday)
        )
        self.today.remove(0, self.today.count())
        self.today.append([float(arrivals.today[h]) for h in hours])
        self.average.replace([QPointF(i, arrivals.average[h]) for i, h in enumerate(hours)])
        self.axis_x.clear()
        self.axis_x.append([f"{h:02d}" for h in hours])
        top, ticks = nice_max(max([*arrivals.today, *arrivals.average, 1]))
        self.axis_y.setRange(0, top)
        self.axis_y.setTickCount(ticks)


class AgencyChart(_Chart):
    """Horizontal bars: open and overdue tasks per agency holding them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        chart = self.chart()
        self.open = QBarSet(self.tr("Terbuka"))
        self.open.setColor(QColor(theme.ACCENT))
        self.late = QBarSet(self.tr("Terlambat"))
        self.late.setColor(QColor(theme.LATE))
        self.bars = QHorizontalBarSeries()
        self.bars.setBarWidth(0.8)
        self.bars.append(self.open)
        self.bars.append(self.late)
        self.axis_names = QBarCategoryAxis()
        self.axis_count = QValueAxis()
        self.axis_count.setLabelFormat("%d")
        chart.addSeries(self.bars)
        chart.addAxis(self.axis_names, LEFT)
        chart.addAxis(self.axis_count, BOTTOM)
        self.bars.attachAxis(self.axis_names)
        self.bars.attachAxis(self.axis_count)

    def show_loads(self, rows: Sequence[tuple[str, int, int]], *, title: str) -> None:
        """Plot (name, open, overdue) rows, the first one at the top."""
        self.chart().setTitle(title)
        shown = list(reversed(rows))  # a horizontal chart draws its first category lowest
        for bar_set, values in (
            (self.open, [float(r[1]) for r in shown]),
            (self.late, [float(r[2]) for r in shown]),
        ):
            bar_set.remove(0, bar_set.count())
            bar_set.append(values)
        self.axis_names.clear()
        self.axis_names.append([short_label(r[0]) for r in shown] or [""])
        top, ticks = nice_max(max([1, *(r[1] for r in rows)]))
        self.axis_count.setRange(0, top)
        self.axis_count.setTickCount(ticks)


def _msecs(day: date) -> float:
    """Milliseconds since the epoch of noon on `day` (what QDateTimeAxis measures in)."""
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0)).toMSecsSinceEpoch())


class SlaChart(_Chart):
    """The share of closures that met their due date, per day (days without any are gaps)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        chart = self.chart()
        self.rate = QLineSeries()
        self.rate.setPen(QPen(QColor(theme.ACCENT), 2.5))
        self.rate.setPointsVisible(True)
        self.axis_day = QDateTimeAxis()
        self.axis_day.setFormat(DAY_MONTH_PATTERN)
        self.axis_share = QValueAxis()
        self.axis_share.setRange(0, 100)
        self.axis_share.setTickCount(5)
        self.axis_share.setLabelFormat("%d%%")
        chart.addSeries(self.rate)
        chart.addAxis(self.axis_day, BOTTOM)
        chart.addAxis(self.axis_share, LEFT)
        self.rate.attachAxis(self.axis_day)
        self.rate.attachAxis(self.axis_share)

    def show_trend(self, days: Sequence[SlaDay]) -> None:
        """Plot one point per day that closed anything."""
        self.chart().setTitle(
            self.tr("Kepatuhan SLA, %1 hari terakhir").replace("%1", str(len(days)))
        )
        self.rate.setName(self.tr("Selesai tepat waktu"))
        self.rate.replace(
            [QPointF(_msecs(d.day), 100 * d.rate) for d in days if d.rate is not None]
        )
        if days:
            self.axis_day.setRange(
                QDateTime.fromMSecsSinceEpoch(int(_msecs(days[0].day))),
                QDateTime.fromMSecsSinceEpoch(int(_msecs(days[-1].day))),
            )
            self.axis_day.setTickCount(min(len(days), 7))
