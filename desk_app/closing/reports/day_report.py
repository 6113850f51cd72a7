"""The day report: an A4 PDF of the day close with tables and reportlab.graphics charts."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desk_app.closing.dayclose import DayClose, DaySummary
from desk_app.closing.reports.tables import ReportTable, report_tables
from desk_app.common import formatting, palette
from desk_app.common.files import write_atomically
from desk_app.common.paths import make_private_dir
from desk_app.counter.receipts.fonts import BOLD, REGULAR, ensure_fonts
from desk_app.queueing.stats import QueueFigures

PAGE_W, PAGE_H = A4
MARGIN = 15 * mm
BODY_W = PAGE_W - 2 * MARGIN
LANGUAGE = "id"  # the day report is an Indonesian office record
ACCENT = colors.HexColor(palette.ACCENT)
ACCENT_2 = colors.HexColor(palette.ACCENT_2)
GRID = colors.HexColor(palette.GRID)
HEAD_BG = colors.HexColor(palette.HEADER_BACKGROUND)
CARRIED_COLUMNS = 4
# The printed report lists at most this many carried-over files (oldest first); the CSV
# and XLSX exports list them all. A decade-old office can carry tens of thousands.
CARRIED_IN_PDF = 400
CHART_TOP = 14  # bars in the service and officer charts
SIDE_W = 80 * mm  # the points chart next to the summary table


def _int(value: int) -> str:
    """An integer with Indonesian thousands dots: 2.000."""
    return formatting.number(value, LANGUAGE)


def _dec(value: float, places: int = 2) -> str:
    """A decimal with an Indonesian comma: 7,50."""
    return formatting.decimal(value, LANGUAGE, places)


def _seconds(value: float | None) -> str:
    """Seconds and minutes:seconds, e.g. "220 dtk (3:40)"."""
    if value is None:
        return formatting.UNKNOWN
    return f"{formatting.trimmed(value, LANGUAGE, 1)} dtk ({formatting.minutes_seconds(value)})"


def _cell(value: Any, *, fixed: bool = False) -> str:
    """A table value: Indonesian digits; decimals trimmed unless `fixed` (two places)."""
    if value is None:
        return formatting.UNKNOWN
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int):
        return _int(value)
    if isinstance(value, float):
        return _dec(value) if fixed else formatting.trimmed(value, LANGUAGE, 2)
    return str(value)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=8.5, leading=10.5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=16, leading=20),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=BOLD, fontSize=11, leading=14, spaceBefore=6, spaceAfter=3
        ),
        "figure": ParagraphStyle(
            "figure", parent=base, fontName=BOLD, fontSize=15, leading=18, textColor=ACCENT
        ),
        "caption": ParagraphStyle("caption", parent=base, fontSize=7.5, textColor=colors.grey),
        "num": ParagraphStyle("num", parent=base, alignment=TA_RIGHT),
    }


def _table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    numeric_from: int,
    wrap: Sequence[int] = (),
    fixed: Sequence[int] = (),
) -> Table:
    """A grid table with a header row; columns from `numeric_from` are right-aligned.

    Header cells and the `wrap` columns are paragraphs, so long text breaks into lines;
    the `fixed` columns show decimals with two places (hours).
    """
    head = ParagraphStyle("head", fontName=BOLD, fontSize=8, leading=9.5)
    head_num = ParagraphStyle("head_num", parent=head, alignment=TA_RIGHT)
    text = ParagraphStyle("cell", fontName=REGULAR, fontSize=8, leading=9.5)
    header = [
        Paragraph(escape(str(v)), head_num if i >= numeric_from else head)
        for i, v in enumerate(rows[0])
    ]
    body = [
        [
            Paragraph(escape(_cell(v)), text) if i in wrap else _cell(v, fixed=i in fixed)
            for i, v in enumerate(row)
        ]
        for row in rows[1:]
    ]
    table = Table([header, *body], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 8),
                ("GRID", (0, 0), (-1, -1), 0.3, GRID),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ]
        )
    )
    return table


def _report_table(
    table: ReportTable,
    widths: Sequence[float],
    numeric_from: int,
    wrap: Sequence[int] = (),
    fixed: Sequence[int] = (),
) -> Table:
    return _table(
        [table.headers, *table.rows], widths, numeric_from=numeric_from, wrap=wrap, fixed=fixed
    )


def _nice_max(value: float) -> tuple[float, float]:
    """An axis maximum and step for a value (at least 1)."""
    top = max(1.0, float(value))
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top / step <= 6:
            return step * -(-top // step), float(step)
    step = 10 ** len(str(int(top)))
    return float(step), float(step / 5)


def _title(drawing: Drawing, text: str) -> None:
    drawing.add(String(0, drawing.height - 9, text, fontName=BOLD, fontSize=9))


def arrivals_chart(summary: DaySummary, width: float = BODY_W, height: float = 52 * mm) -> Drawing:
    """Arrivals per local hour as vertical bars (office hours, widened to any arrivals)."""
    counts = summary.arrivals_by_hour
    busy = [h for h, n in enumerate(counts) if n]
    first = min([7, *busy])
    last = max([16, *busy])
    hours = list(range(first, last + 1))
    drawing = Drawing(width, height)
    _title(drawing, "Kedatangan per jam")
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 18
    chart.width, chart.height = width - 36, height - 34
    chart.data = [[counts[h] for h in hours]]
    chart.categoryAxis.categoryNames = [f"{h:02d}" for h in hours]
    top, step = _nice_max(max((counts[h] for h in hours), default=0))
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labels.fontName = chart.categoryAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: _int(int(v))
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = lambda v: _int(int(v)) if v else ""
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 6.5
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing


def _hbar_chart(
    title: str,
    names: list[str],
    series: list[list[int]],
    series_names: list[str],
    width: float,
) -> Drawing:
    """Horizontal bars, one row per name (top to bottom), one colour per series."""
    rows = max(1, len(names))
    per_row = 9 + 5 * len(series)
    height = rows * per_row + 32
    drawing = Drawing(width, height)
    _title(drawing, title)
    chart = HorizontalBarChart()
    chart.x, chart.y = 92, 14
    chart.width, chart.height = width - 104, rows * per_row
    # reportlab draws the first category at the bottom: reverse for a top-down ranking.
    chart.data = [list(reversed(s)) or [0] for s in series]
    chart.categoryAxis.categoryNames = list(reversed(names)) or [""]
    top, step = _nice_max(max((max(s) for s in series if s), default=0))
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labels.fontName = chart.categoryAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: _int(int(v))
    chart.barLabelFormat = lambda v: _int(int(v)) if v else ""
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    for index, colour in enumerate((ACCENT, ACCENT_2)[: len(series)]):
        chart.bars[index].fillColor = colour
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = width - 150, height - 4
        legend.fontName, legend.fontSize = REGULAR, 7
        legend.columnMaximum, legend.dx, legend.dy, legend.deltax = 1, 7, 7, 70
        legend.alignment = "right"
        legend.colorNamePairs = list(zip((ACCENT, ACCENT_2), series_names, strict=False))
        drawing.add(legend)
    return drawing


def points_chart(summary: DaySummary, width: float = BODY_W) -> Drawing:
    """Points per officer, highest first."""
    ranked = sorted(summary.officers, key=lambda o: (-o.points, o.name))[:CHART_TOP]
    return _hbar_chart(
        "Poin per petugas",
        [o.name[:22] for o in ranked],
        [[o.points for o in ranked]],
        ["Poin"],
        width,
    )


def services_chart(summary: DaySummary, width: float = BODY_W) -> Drawing:
    """Requests received and completed per service (the busiest services)."""
    busiest = sorted(summary.services, key=lambda s: (-s.completed, -s.received, s.code))
    top = busiest[:CHART_TOP]
    return _hbar_chart(
        "Penyelesaian per layanan",
        [s.code for s in top],
        [[s.completed for s in top], [s.received for s in top]],
        ["Selesai", "Diterima"],
        width,
    )


def _side_by_side(left: Any, right: Any) -> Table:
    """Two flowables next to each other, tops aligned (the right one SIDE_W wide)."""
    table = Table([[left, right]], colWidths=[BODY_W - SIDE_W, SIDE_W], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _figures(summary: DaySummary, styles: dict[str, ParagraphStyle]) -> Table:
    """The row of key figures under the title."""
    t = summary.totals
    items = [
        (_int(t.received), "diterima"),
        (_int(t.completed), "selesai"),
        (_int(t.open_end_of_day), "dibawa ke besok"),
        (formatting.percent(summary.sla_rate, LANGUAGE, 1), "kepatuhan SLA"),
        (_int(t.points), "poin"),
        (_dec(t.hours), "jam kerja"),
    ]
    cells = [
        [Paragraph(value, styles["figure"]), Paragraph(label, styles["caption"])]
        for value, label in items
    ]
    table = Table([cells], colWidths=[BODY_W / len(items)] * len(items))
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.4, GRID),
                ("LINEAFTER", (0, 0), (-2, -1), 0.3, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _carried(summary: DaySummary) -> Table | None:
    """The carried-over tracking numbers, row by row (reads on across page breaks)."""
    numbers = list(summary.carried_over[:CARRIED_IN_PDF])
    if not numbers:
        return None
    rows = [
        numbers[i : i + CARRIED_COLUMNS]
        + [""] * (CARRIED_COLUMNS - len(numbers[i : i + CARRIED_COLUMNS]))
        for i in range(0, len(numbers), CARRIED_COLUMNS)
    ]
    table = Table(rows, colWidths=[BODY_W / CARRIED_COLUMNS] * CARRIED_COLUMNS)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 7.5),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ]
        )
    )
    return table


def _footer(text: str) -> Any:
    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 7)
        canvas.setFillColor(colors.grey)
        canvas.drawString(MARGIN, 9 * mm, text)
        canvas.drawRightString(PAGE_W - MARGIN, 9 * mm, f"Halaman {doc.page}")
        canvas.restoreState()

    return draw


def _queue_lines(figures: QueueFigures) -> list[str]:
    """The queue and the satisfaction index (IKM, Permenpan RB 14/2017) in two sentences."""
    q = figures.queue
    lines = [
        f"Antrean: {_int(q.issued)} nomor diambil, {_int(q.served)} dilayani, "
        f"{_int(q.no_shows)} tidak hadir, {_int(q.waiting)} masih menunggu; "
        f"lama tunggu median {_seconds(q.wait_median_s)}, "
        f"lama layanan median {_seconds(q.handling_median_s)}."
    ]
    parts = []
    for label, score in (("hari ini", figures.ikm_day), ("bulan ini", figures.ikm_month)):
        if score is not None:
            parts.append(
                f"{label} {_dec(float(score.ikm))} (mutu {score.grade}, "
                f"{_int(score.responses)} responden)"
            )
    lines.append(
        "Indeks Kepuasan Masyarakat: " + ("; ".join(parts) if parts else "belum ada survei") + "."
    )
    return lines


def render_day_report(
    summary: DaySummary,
    *,
    close: DayClose | None = None,
    generated_at: datetime,
    queue: QueueFigures | None = None,
) -> bytes:
    """The report as PDF bytes; without `close` it is marked as a draft (day still open)."""
    ensure_fonts()
    styles = _styles()
    tables = {t.key: t for t in report_tables(summary)}
    story: list[Any] = [
        Paragraph(
            f"Laporan Harian — {formatting.date_long(summary.day, LANGUAGE, weekday=True)}",
            styles["title"],
        ),
        Paragraph(
            f"{escape(summary.office_name)} · kode wilayah {summary.office_code}", styles["body"]
        ),
    ]
    if close is not None:
        story.append(
            Paragraph(
                f"Ditutup oleh {escape(close.closed_by_name)} pada "
                f"{formatting.date_time_long(close.closed_at, LANGUAGE)}"
                f" · rantai kejadian perangkat {close.device_id[:8]} s.d. "
                f"#{close.last_event_seq} <font size=7>{close.last_event_hash[:16]}</font>"
                " (nilai lengkap di berkas CSV/XLSX)",
                styles["small"],
            )
        )
        if close.acknowledged:
            story.append(
                Paragraph(
                    f"Ditutup dengan {len(close.acknowledged)} hal tertunda; "
                    f"alasan: {escape(close.reason)}",
                    styles["small"],
                )
            )
    else:
        story.append(Paragraph("<b>DRAF</b> — hari ini belum ditutup.", styles["small"]))
    story += [Spacer(1, 4 * mm), _figures(summary, styles), Spacer(1, 3 * mm)]
    story.append(arrivals_chart(summary))
    story += [
        Paragraph("Ringkasan", styles["h2"]),
        _side_by_side(
            _report_table(tables["totals"], [66 * mm, 32 * mm], numeric_from=1),
            points_chart(summary, width=SIDE_W),
        ),
    ]
    story.append(Spacer(1, 2 * mm))
    story.append(
        Paragraph(
            f"Lama layanan loket: median {_seconds(summary.handling_median_s)}, "
            f"p90 {_seconds(summary.handling_p90_s)} "
            f"dari {_int(summary.handling_count)} berkas. SLA: berkas selesai atau ditolak "
            "pada hari ini, tepat waktu bila paling lambat pada tanggal jatuh temponya.",
            styles["small"],
        )
    )
    if queue is not None and not queue.empty:
        story += [Paragraph(line, styles["small"]) for line in _queue_lines(queue)]
    story += [
        CondPageBreak(60 * mm),
        Paragraph("Petugas", styles["h2"]),
        _report_table(
            tables["officers"],
            [38 * mm, 62 * mm, 20 * mm, 20 * mm, 20 * mm, 20 * mm],
            numeric_from=2,
            wrap=(1,),
            fixed=(5,),
        ),
        CondPageBreak(60 * mm),
        Paragraph("Layanan", styles["h2"]),
        KeepTogether([services_chart(summary)]),
        Spacer(1, 3 * mm),
        _report_table(
            tables["services"], [26 * mm, 114 * mm, 20 * mm, 20 * mm], numeric_from=2, wrap=(1,)
        ),
        CondPageBreak(40 * mm),
        Paragraph("Dinas — yang menahan pekerjaan di atas", styles["h2"]),
    ]
    if summary.agencies:
        story.append(
            _report_table(
                tables["agencies"],
                [22 * mm, 68 * mm, 24 * mm, 20 * mm, 22 * mm, 24 * mm],
                numeric_from=2,
                wrap=(1,),
            )
        )
    else:
        story.append(Paragraph("Tidak ada berkas di dinas.", styles["body"]))
    story += [
        CondPageBreak(30 * mm),
        Paragraph(
            f"Berkas dibawa ke hari berikutnya ({_int(len(summary.carried_over))})",
            styles["h2"],
        ),
    ]
    carried = _carried(summary)
    story.append(carried or Paragraph("Tidak ada berkas terbuka.", styles["body"]))
    more = len(summary.carried_over) - CARRIED_IN_PDF
    if more > 0:
        story.append(
            Paragraph(
                f"… dan {_int(more)} berkas lain; daftar lengkap ada di berkas CSV/XLSX.",
                styles["body"],
            )
        )
    day = formatting.date_short(summary.day, LANGUAGE)
    made = formatting.date_time_long(generated_at, LANGUAGE)
    footer = _footer(f"Loket · {summary.office_name} · laporan {day} · dibuat {made}")
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=f"Laporan Harian {formatting.date_short(summary.day, LANGUAGE)}",
        author="Loket",
        subject=summary.office_name,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def write_day_report(
    summary: DaySummary,
    path: Path,
    *,
    close: DayClose | None = None,
    generated_at: datetime,
    queue: QueueFigures | None = None,
) -> Path:
    """Write the report PDF atomically (never half a file)."""
    data = render_day_report(summary, close=close, generated_at=generated_at, queue=queue)
    make_private_dir(path.parent)
    write_atomically(path, data)
    return path
