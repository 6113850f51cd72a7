"""The month report: an A4 PDF and a CSV of a month's work, SLA, points, queue and IKM."""

from __future__ import annotations

import contextlib
import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from desk_app.closing.month import MonthSummary
from desk_app.closing.reports.day_report import (
    LANGUAGE,
    MARGIN,
    _dec,
    _footer,
    _int,
    _seconds,
    _styles,
    _table,
)
from desk_app.common import formatting
from desk_app.common.files import check_output_folder, check_output_path, write_atomically
from desk_app.common.paths import make_private_dir
from desk_app.counter.receipts.fonts import ensure_fonts
from desk_app.queueing.survey import ELEMENTS

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
NO_SURVEY = "belum ada survei"
DAY_HEADERS = ("Tanggal", "Diterima", "Selesai", "Ditolak", "Dibatalkan", "Ditutup")


def month_name(month: date) -> str:
    """ "November 2026"."""
    return f"{MONTHS[month.month - 1]} {month.year}"


def report_stem(month: date) -> str:
    """The file name start: laporan-bulanan-YYYY-MM."""
    return f"laporan-bulanan-{month:%Y-%m}"


def report_paths(month: date, folder: Path) -> tuple[Path, Path]:
    """The PDF and the CSV a month report writes in `folder`."""
    stem = report_stem(month)
    return folder / f"{stem}.pdf", folder / f"{stem}.csv"


def _day_rows(summary: MonthSummary) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [
            formatting.date_short(d.day, LANGUAGE),
            d.received,
            d.completed,
            d.rejected,
            d.cancelled,
            "ya" if d.sealed else "tidak",
        ]
        for d in summary.days
    ]
    rows.append(
        [
            "Jumlah",
            summary.received,
            summary.completed,
            summary.rejected,
            summary.cancelled,
            "",
        ]
    )
    return rows


def _sla_line(summary: MonthSummary) -> str:
    rate = formatting.percent(summary.sla_rate, LANGUAGE, 1)
    return (
        f"Kepatuhan SLA: {rate} ({_int(summary.sla_on_time)} dari "
        f"{_int(summary.sla_closed)} berkas siap tepat waktu, paling lambat pada tanggal "
        "jatuh temponya)."
    )


def _queue_line(summary: MonthSummary) -> str:
    q = summary.queue
    if q is None:
        return "Antrean: tidak ada nomor antrean bulan ini."
    return (
        f"Antrean: {_int(q.issued)} nomor diambil, {_int(q.served)} dilayani, "
        f"{_int(q.no_shows)} tidak hadir; lama tunggu median {_seconds(q.wait_median_s)}."
    )


def render_month_report(summary: MonthSummary, *, generated_at: datetime) -> bytes:
    """The month report as PDF bytes."""
    ensure_fonts()
    styles = _styles()
    month = month_name(summary.month)
    until = formatting.date_short(summary.last_day, LANGUAGE)
    story: list[Any] = [
        Paragraph(f"Laporan Bulanan — {month}", styles["title"]),
        Paragraph(
            f"{escape(summary.office_name)} · kode wilayah {summary.office_code} · "
            f"data s.d. {until}",
            styles["body"],
        ),
        Paragraph("Berkas per hari", styles["h2"]),
        _table(
            [DAY_HEADERS, *_day_rows(summary)],
            [34 * mm, 28 * mm, 28 * mm, 28 * mm, 28 * mm, 24 * mm],
            numeric_from=1,
        ),
        Spacer(1, 3 * mm),
        Paragraph(
            f"Jumlah bulan ini: {_int(summary.received)} diterima, "
            f"{_int(summary.completed)} selesai, {_int(summary.rejected)} ditolak, "
            f"{_int(summary.cancelled)} dibatalkan.",
            styles["body"],
        ),
        Paragraph(_sla_line(summary), styles["body"]),
        Paragraph(_queue_line(summary), styles["body"]),
        Paragraph("Poin per petugas", styles["h2"]),
    ]
    if summary.officers:
        officer_rows = [[o.nip, o.name, o.points] for o in summary.officers]
        story.append(
            _table(
                [("NIP", "Nama", "Poin"), *officer_rows, ["", "Jumlah", summary.points]],
                [44 * mm, 100 * mm, 26 * mm],
                numeric_from=2,
                wrap=(1,),
            )
        )
    else:
        story.append(Paragraph("Tidak ada poin bulan ini.", styles["body"]))
    story.append(Paragraph("Indeks Kepuasan Masyarakat (Permenpan RB 14/2017)", styles["h2"]))
    ikm = summary.ikm
    if ikm is None:
        story.append(Paragraph(f"IKM: {NO_SURVEY}.", styles["body"]))
    else:
        story.append(
            Paragraph(
                f"IKM {_dec(float(ikm.ikm))}, mutu {ikm.grade} ({ikm.grade_name(LANGUAGE)}), "
                f"dari {_int(ikm.responses)} responden.",
                styles["body"],
            )
        )
        element_rows = [
            [e.code, e.name(LANGUAGE), _dec(float(mean))]
            for e, mean in zip(ELEMENTS, ikm.element_means, strict=True)
        ]
        story.append(
            _table(
                [("Unsur", "Nama unsur", "Rata-rata (NRR)"), *element_rows],
                [20 * mm, 120 * mm, 30 * mm],
                numeric_from=2,
                wrap=(1,),
            )
        )
    made = formatting.date_time_long(generated_at, LANGUAGE)
    footer = _footer(f"Loket · {summary.office_name} · laporan {month} · dibuat {made}")
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=f"Laporan Bulanan {month}",
        author="Loket",
        subject=summary.office_name,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def render_month_csv(summary: MonthSummary) -> bytes:
    """The per-day table with a total row, as UTF-8 CSV with a BOM (ISO dates)."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(DAY_HEADERS)
    for d in summary.days:
        writer.writerow(
            [
                d.day.isoformat(),
                d.received,
                d.completed,
                d.rejected,
                d.cancelled,
                int(d.sealed),
            ]
        )
    totals = [summary.received, summary.completed, summary.rejected, summary.cancelled]
    writer.writerow(["Jumlah", *totals, ""])
    return text.getvalue().encode("utf-8-sig")


def check_month_folder(folder: Path, *, month: date) -> None:
    """Raise OutputRefused unless the month's report files can be written in `folder`."""
    check_output_folder(folder)
    for path in report_paths(month, folder):
        check_output_path(path)


def write_month_report(
    summary: MonthSummary, folder: Path, *, generated_at: datetime
) -> tuple[Path, Path]:
    """Write the PDF and the CSV atomically (owner-only files); their paths.

    When writing fails (a full disk) in a folder made here, the folder goes again.
    """
    check_month_folder(folder, month=summary.month)
    pdf_data = render_month_report(summary, generated_at=generated_at)
    csv_data = render_month_csv(summary)
    created = not folder.exists()
    make_private_dir(folder)
    pdf, table = report_paths(summary.month, folder)
    try:
        write_atomically(pdf, pdf_data)
        write_atomically(table, csv_data)
    except BaseException:
        if created:
            for path in (pdf, table):
                with contextlib.suppress(OSError):
                    path.unlink()
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return pdf, table
