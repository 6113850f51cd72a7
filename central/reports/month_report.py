"""The city's monthly report: an A4 PDF of a month's four answers, per office or city-wide.

Same look as the desks' day and month reports (the shipped DejaVu fonts, the shared palette,
grid tables, reportlab charts), in Indonesian: it is an office record. Rendered from the
dictionary central.reports.figures.gather gives, like the dashboard's pages.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from central.reports.views import (
    OpeningView,
    StaffView,
    agency_views,
    merge_view,
    opening_view,
    staff_view,
    weekday_windows,
)
from desk_app.closing.reports.day_report import (
    ACCENT,
    BODY_W,
    GRID,
    LANGUAGE,
    MARGIN,
    _dec,
    _footer,
    _int,
    _nice_max,
    _styles,
    _table,
)
from desk_app.common import formatting, palette
from desk_app.common.files import write_atomically
from desk_app.common.paths import make_private_dir
from desk_app.counter.receipts.fonts import BOLD, REGULAR, ensure_fonts

LATE = colors.HexColor(palette.LATE)
CHART_TOP = 15  # offices in the city's staffing chart
TABLE_TOP = 15  # agencies and merge candidates listed
WEEKDAYS = formatting.WEEKDAYS[LANGUAGE]


def month_title(month: date) -> str:
    """ "November 2026"."""
    return f"{formatting.month_name(month.month, LANGUAGE)} {month.year}"


def file_name(month: date, office_code: str | None) -> str:
    """laporan-kota-2026-11.pdf, or laporan-kantor-31.74.08.1005-2026-11.pdf."""
    if office_code:
        return f"laporan-kantor-{office_code}-{month:%Y-%m}.pdf"
    return f"laporan-kota-{month:%Y-%m}.pdf"


def _minutes(seconds: float | None) -> str:
    return formatting.UNKNOWN if seconds is None else f"{_dec(seconds / 60, 1)} mnt"


def _num(value: float | None, places: int = 1) -> str:
    return formatting.UNKNOWN if value is None else formatting.trimmed(value, LANGUAGE, places)


def _figures_row(totals: Mapping[str, Any], styles: Mapping[str, Any], offices: int) -> Table:
    items = [
        (_int(int(totals.get("arrivals") or 0)), "kedatangan"),
        (_int(int(totals.get("completed") or 0)), "selesai"),
        (_minutes(totals.get("wait_mean_seconds")), "rata-rata tunggu"),
        (_num(totals.get("officer_hours"), 0), "jam petugas"),
        (_num(totals.get("served_per_officer_hour"), 2), "selesai per jam petugas"),
    ]
    if offices > 1:
        items.insert(0, (_int(offices), "kantor"))
    cells = [
        [Paragraph(escape(value), styles["figure"]), Paragraph(label, styles["caption"])]
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


def _title(drawing: Drawing, text: str) -> None:
    drawing.add(String(0, drawing.height - 9, text, fontName=BOLD, fontSize=9))


def balance_chart(views: Mapping[str, StaffView], names: Mapping[str, str]) -> Drawing | None:
    """The offices most short of (red) or beyond (blue) the target's officers, officer-hours
    a week: the city's staffing at a glance."""
    ranked = sorted(views.items(), key=lambda kv: (-abs(kv[1].balance), kv[0]))[:CHART_TOP]
    ranked = [kv for kv in ranked if abs(kv[1].balance) >= 0.5]
    if not ranked:
        return None
    ranked.sort(key=lambda kv: kv[1].balance)
    rows = len(ranked)
    height = rows * 13 + 40
    drawing = Drawing(BODY_W, height)
    _title(drawing, "Selisih petugas per kantor (jam-petugas per minggu; negatif: kurang)")
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 16
    chart.width, chart.height = BODY_W - 170, rows * 13
    values = [v.balance for _, v in reversed(ranked)]
    chart.data = [values]
    chart.categoryAxis.categoryNames = [
        f"{names.get(code, code)[:22]} ({code})" for code, _ in reversed(ranked)
    ]
    extent, step = _nice_max(max(abs(v) for v in values))
    low = -extent if min(values) < 0 else 0
    high = extent if max(values) > 0 else 0
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = low, high, step
    chart.valueAxis.labels.fontName = chart.categoryAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: _num(v, 0)
    chart.categoryAxis.labelAxisMode = "low"
    chart.bars[0].strokeColor = None
    chart.bars[0].fillColor = ACCENT
    for i, value in enumerate(values):
        chart.bars[(0, i)].fillColor = LATE if value < 0 else ACCENT
    chart.barLabelFormat = lambda v: _num(v)
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def needed_present_chart(view: StaffView, days: Sequence[int]) -> Drawing | None:
    """Officers needed and present per hour, averaged over the open weekdays."""
    hours = sorted({h for (_, h) in (*view.needed, *view.present)})
    if not hours:
        return None

    def mean(grid: Mapping[tuple[int, int], float], hour: int) -> float:
        found = [grid[(d, hour)] for d in days if (d, hour) in grid]
        return sum(found) / len(found) if found else 0.0

    height = 60 * mm
    drawing = Drawing(BODY_W, height)
    _title(drawing, "Petugas dibutuhkan dan hadir per jam (rata-rata hari buka)")
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 18
    chart.width, chart.height = BODY_W - 36, height - 40
    chart.data = [[mean(view.needed, h) for h in hours], [mean(view.present, h) for h in hours]]
    chart.categoryAxis.categoryNames = [f"{h:02d}" for h in hours]
    top, step = _nice_max(max(max(s) for s in chart.data))
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, top, step
    chart.valueAxis.labels.fontName = chart.categoryAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: _num(v)
    for index, colour in enumerate((LATE, ACCENT)):
        chart.bars[index].fillColor = colour
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = BODY_W - 150, height - 4
    legend.fontName, legend.fontSize = REGULAR, 7
    legend.columnMaximum, legend.dx, legend.dy, legend.deltax = 1, 7, 7, 70
    legend.alignment = "right"
    legend.colorNamePairs = [(LATE, "Dibutuhkan"), (ACCENT, "Hadir")]
    drawing.add(legend)
    return drawing


def _window_text(view: OpeningView | None) -> str:
    if view is None:
        return formatting.UNKNOWN
    return weekday_windows(view, WEEKDAYS, "tutup")


def _saturday(view: OpeningView | None) -> str:
    if view is None or view.saturday is None:
        return formatting.UNKNOWN
    return (
        view.windows[5].text
        if view.saturday and 5 in view.windows
        else ("buka" if view.saturday else "tutup")
    )


def _offices_table(found: Mapping[str, Any]) -> Table:
    staff = {code: staff_view(p) for code, p in found.get("staff", {}).items()}
    opening = {code: opening_view(p) for code, p in found.get("opening", {}).items()}
    rows: list[list[Any]] = []
    for office in found.get("offices", []):
        code = office["office_code"]
        s = staff.get(code)
        rows.append(
            [
                f"{office.get('name') or ''} ({code})",
                int(office.get("completed") or 0),
                _minutes(office.get("wait_mean_seconds")),
                _num(office.get("served_per_officer_hour"), 2),
                _num(s.under_hours) if s else formatting.UNKNOWN,
                _num(s.over_hours) if s else formatting.UNKNOWN,
                _window_text(opening.get(code)),
                _saturday(opening.get(code)),
            ]
        )
    head = (
        "Kantor",
        "Selesai",
        "Tunggu",
        "Per jam petugas",
        "Kurang",
        "Lebih",
        "Jam buka Sen–Jum",
        "Sabtu",
    )
    widths = [42 * mm, 16 * mm, 17 * mm, 20 * mm, 17 * mm, 16 * mm, 38 * mm, 14 * mm]
    return _table([head, *rows], widths, numeric_from=1, wrap=(0, 6, 7))


def _agencies(found: Mapping[str, Any], styles: Mapping[str, Any]) -> list[Any]:
    lines = agency_views(found.get("agencies", {}))[:TABLE_TOP]
    out: list[Any] = [Paragraph("Dinas paling lambat", styles["h2"])]
    if not lines:
        out.append(
            Paragraph("Tidak ada berkas yang diteruskan ke dinas bulan ini.", styles["body"])
        )
        return out
    rows = [
        [
            a.rank or "-",
            a.agency_code,
            a.stays,
            ("> " if not a.median_reached else "") + _num(a.median_days),
            formatting.percent(a.late_share, LANGUAGE),
            a.problems,
        ]
        for a in lines
    ]
    head = ("#", "Dinas", "Berkas", "Median (hari)", "Terlambat", "Bermasalah")
    out.append(
        _table(
            [head, *rows], [10 * mm, 60 * mm, 22 * mm, 28 * mm, 24 * mm, 26 * mm], numeric_from=2
        )
    )
    out.append(
        Paragraph(
            "Median hari berkas ditahan dinas (Kaplan-Meier: berkas yang belum kembali dihitung "
            "sebagai data tersensor, bukan diabaikan).",
            styles["caption"],
        )
    )
    return out


def _merges(found: Mapping[str, Any], styles: Mapping[str, Any]) -> list[Any]:
    names: Mapping[str, str] = found.get("names", {})
    candidates = [merge_view(c) for c in found.get("merge", [])][:TABLE_TOP]
    out: list[Any] = [Paragraph("Kantor yang dapat digabung", styles["h2"])]
    if not candidates:
        out.append(Paragraph("Tidak ada kantor di bawah ambang bulan ini.", styles["body"]))
        return out
    rows = [
        [
            f"{names.get(c.office, '')} ({c.office})",
            _num(c.served_per_officer_hour, 2),
            _num(c.served_per_day),
            c.neighbour or formatting.UNKNOWN,
            _minutes(c.wait_before_seconds),
            _minutes(c.wait_after_seconds),
            "ya" if c.pushes_past_target else "tidak",
        ]
        for c in candidates
    ]
    head = (
        "Kantor",
        "Per jam petugas",
        "Per hari",
        "Tetangga",
        "Tunggu tetangga",
        "Setelah digabung",
        "Lewat target",
    )
    widths = [50 * mm, 18 * mm, 16 * mm, 28 * mm, 20 * mm, 22 * mm, 16 * mm]
    out.append(_table([head, *rows], widths, numeric_from=1, wrap=(0,)))
    median = found.get("median_served_per_officer_hour")
    out.append(
        Paragraph(
            "Kantor kelurahan yang melayani jauh di bawah median kota"
            + (f" ({_num(median, 2)} per jam petugas)" if median is not None else "")
            + "; dampak penggabungan ke tetangga di kecamatan yang sama dimodelkan dengan "
            "Erlang C pada jam-jam buka tetangga.",
            styles["caption"],
        )
    )
    return out


def _office_detail(found: Mapping[str, Any], code: str, styles: Mapping[str, Any]) -> list[Any]:
    out: list[Any] = []
    plan, hours = found.get("staff", {}).get(code), found.get("opening", {}).get(code)
    opening = opening_view(hours) if hours else None
    days = sorted(opening.windows) if opening and opening.windows else [0, 1, 2, 3, 4]
    out.append(Paragraph("Petugas dibutuhkan dan hadir", styles["h2"]))
    if plan:
        view = staff_view(plan)
        chart = needed_present_chart(view, days)
        if chart is not None:
            out.append(chart)
        target = (
            f"target {formatting.percent(view.target_level or 0.8, LANGUAGE)} dilayani dalam "
            f"{_num((view.target_seconds or 900) / 60)} menit"
        )
        out.append(
            Paragraph(
                f"Untuk {target}: kurang {_num(view.under_hours)} dan lebih "
                f"{_num(view.over_hours)} jam-petugas per minggu.",
                styles["body"],
            )
        )
        for line in view.sentences[:6]:
            out.append(Paragraph(escape(line), styles["small"]))
        if len(view.sentences) > 6:
            out.append(Paragraph(f"… dan {len(view.sentences) - 6} jam lagi.", styles["small"]))
    else:
        out.append(Paragraph("Belum ada data kehadiran dan kedatangan.", styles["body"]))
    out.append(Paragraph("Jam buka yang disarankan", styles["h2"]))
    if opening:
        rows = [
            [
                WEEKDAYS[d],
                opening.windows[d].text if d in opening.windows else "tutup",
                opening.open_now[d].text if d in opening.open_now else formatting.UNKNOWN,
            ]
            for d in range(6)
        ]
        out.append(
            _table(
                [("Hari", "Disarankan", "Buka sekarang (absensi)"), *rows],
                [40 * mm, 50 * mm, 50 * mm],
                numeric_from=3,
            )
        )
        out.append(
            Paragraph(
                f"Mencakup {formatting.percent(opening.covered_share, LANGUAGE)} kedatangan; "
                f"Sabtu: {'buka' if opening.saturday else 'tutup'}; jam terbuang "
                f"{_num(opening.wasted_hours)} per minggu; rencana giliran untuk "
                f"{_int(len(opening.officers))} petugas.",
                styles["body"],
            )
        )
    else:
        out.append(Paragraph("Belum ada data kedatangan.", styles["body"]))
    return out


def render(found: Mapping[str, Any], *, month: date, generated_at: datetime) -> bytes:
    """The month report as PDF bytes: the city's (found["office"] None) or one office's."""
    ensure_fonts()
    styles: dict[str, Any] = dict(_styles())
    office = found.get("office")
    names: Mapping[str, str] = found.get("names", {})
    title_month = month_title(month)
    who = f"{names.get(office, '')} ({office})" if office else "Kota"
    story: list[Any] = [
        Paragraph(f"Laporan Bulanan — {escape(who)} — {title_month}", styles["title"]),
        Paragraph(
            f"Periode {formatting.date_short(date.fromisoformat(found['from']), LANGUAGE)} s.d. "
            f"{formatting.date_short(date.fromisoformat(found['to']), LANGUAGE)}; dari "
            "ringkasan per jam yang disinkronkan meja layanan.",
            styles["body"],
        ),
        Spacer(1, 2 * mm),
        _figures_row(found.get("city", {}), styles, len(found.get("offices", []))),
    ]
    if office:
        story += _office_detail(found, office, styles)
    else:
        views = {code: staff_view(p) for code, p in found.get("staff", {}).items()}
        chart = balance_chart(views, names)
        story.append(Paragraph("Kekurangan dan kelebihan petugas", styles["h2"]))
        if chart is not None:
            story.append(chart)
        else:
            story.append(Paragraph("Tidak ada kantor yang jauh dari target.", styles["body"]))
        story.append(Paragraph("Kantor", styles["h2"]))
        story.append(_offices_table(found))
        story.append(
            Paragraph(
                "Kurang, Lebih: jam-petugas per minggu di bawah atau di atas yang dibutuhkan "
                "untuk target (Erlang C/A), dibandingkan dengan kehadiran.",
                styles["caption"],
            )
        )
    story += [KeepTogether(_agencies(found, styles)), KeepTogether(_merges(found, styles))]
    made = formatting.date_time_long(generated_at, LANGUAGE)
    footer = _footer(f"Loket · laporan bulanan {who} · {title_month} · dibuat {made}")
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=f"Laporan Bulanan {who} {title_month}",
        author="Loket",
        subject=who,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def write(found: Mapping[str, Any], folder: Path, *, month: date, generated_at: datetime) -> Path:
    """Write the report into `folder` (made owner-only if new), the file 0600; its path."""
    data = render(found, month=month, generated_at=generated_at)
    make_private_dir(folder)
    path = folder / file_name(month, found.get("office"))
    write_atomically(path, data)
    return path
