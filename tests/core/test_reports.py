"""The day report: the PDF shows the summary's numbers; CSV and XLSX carry the same tables."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desk_app.closing import dayclose
from desk_app.closing.reports import export_csv, export_xlsx, render_day_report, report_tables
from tests.conftest import LEAD_NIP, OFFICER_NIP, Office
from tests.core.day_fixture import DAY, Day, build_day
from tests.days import wib
from tests.helpers import MORNING


@pytest.fixture
def closed(desk: Office) -> tuple[Day, dayclose.DayClose]:
    day = build_day(desk)
    with desk.db.write() as s:
        done = dayclose.close_day(
            s,
            lead_id=desk.lead.id,
            day=DAY,
            now=wib(DAY, 17, 30),
            acknowledge=True,
            reason="Printer rusak <sejak> siang & belum diganti",
        )
    return day, done


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_shows_the_summary_numbers(closed: tuple[Day, dayclose.DayClose]) -> None:
    day, done = closed
    data = render_day_report(done.summary, close=done, generated_at=MORNING)
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4
    text = pdf_text(data)
    flat = " ".join(text.split())
    for expected in (
        "Laporan Harian — Jumat, 27 November 2026",
        "PTSP Kelurahan Pengadegan",
        "Ditutup oleh Bambang Wibowo pada 27 November 2026 17:30 WIB",
        "alasan: Printer rusak <sejak> siang & belum diganti",
        "75,0%",  # SLA: 3 of 4 deliveries
        "17,25",  # hours
        f"{OFFICER_NIP} Dewi Lestari 3 2 11 8,50",
        f"{LEAD_NIP} Bambang Wibowo 3 2 7 8,75",
        "KEC-NON-03",
        "POLRI",
        "Kedatangan per jam",
        "Poin per petugas",
        "Penyelesaian per layanan",
        "median 220 dtk (3:40), p90 600 dtk (10:00) dari 6 berkas",
        "Berkas dibawa ke hari berikutnya (3)",
    ):
        assert expected in flat, expected
    for number in (day.t0, day.t3, day.t6):
        assert number in flat


def test_a_draft_report_before_the_close(desk: Office) -> None:
    build_day(desk)
    with desk.db.read() as s:
        summary = dayclose.summarize_day(s, day=DAY, now=wib(DAY, 17, 30))
    assert "DRAF" in pdf_text(render_day_report(summary, generated_at=MORNING))


def test_an_empty_day_still_renders(desk: Office) -> None:
    with desk.db.read() as s:
        summary = dayclose.summarize_day(s, day=DAY, now=wib(DAY, 17, 30))
    text = " ".join(pdf_text(render_day_report(summary, generated_at=MORNING)).split())
    assert "Tidak ada berkas terbuka" in text and "Tidak ada berkas di dinas" in text


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_round_trips_the_tables(closed: tuple[Day, dayclose.DayClose], tmp_path: Path) -> None:
    day, done = closed
    files = export_csv(done.summary, tmp_path)
    assert sorted(p.name for p in files) == sorted(
        f"day-report-2026-11-27-{key}.csv"
        for key in ("totals", "officers", "services", "agencies", "arrivals", "carried_over")
    )
    officers = read_csv(tmp_path / "day-report-2026-11-27-officers.csv")
    assert officers[0] == ["NIP", "Nama", "Diterima", "Selesai", "Poin", "Jam"]
    rows = {r[1]: (int(r[2]), int(r[3]), int(r[4]), float(r[5])) for r in officers[1:]}
    assert rows == {"Dewi Lestari": (3, 2, 11, 8.5), "Bambang Wibowo": (3, 2, 7, 8.75)}
    totals = dict(read_csv(tmp_path / "day-report-2026-11-27-totals.csv")[1:])
    assert totals["Berkas diterima"] == "6" and totals["Poin"] == "18"
    assert totals["Kepatuhan SLA (%)"] == "75.0" and totals["Jam kerja"] == "17.25"
    assert float(totals["Lama layanan loket, median (detik)"]) == 220
    agencies = read_csv(tmp_path / "day-report-2026-11-27-agencies.csv")
    assert [r[0] for r in agencies[1:]] == ["POLRI", "DUKCAPIL"]
    carried = read_csv(tmp_path / "day-report-2026-11-27-carried_over.csv")
    assert [r[1] for r in carried[1:]] == [day.t0, day.t3, day.t6]
    # Every table is exactly the report's table, value for value.
    for table in report_tables(done.summary):
        rows_back = read_csv(tmp_path / f"day-report-2026-11-27-{table.key}.csv")
        assert tuple(rows_back[0]) == table.headers
        assert [tuple(r) for r in rows_back[1:]] == [
            tuple("" if v is None else str(v) for v in row) for row in table.rows
        ]


def test_xlsx_round_trips_the_tables(closed: tuple[Day, dayclose.DayClose], tmp_path: Path) -> None:
    _, done = closed
    path = export_xlsx(done.summary, tmp_path / "report.xlsx")
    book = load_workbook(path, read_only=True)
    tables = report_tables(done.summary)
    assert book.sheetnames == [t.title for t in tables]
    for table in tables:
        values = list(book[table.title].iter_rows(values_only=True))
        assert values[0] == table.headers
        assert values[1:] == list(table.rows)
    officers = list(book["Petugas"].iter_rows(values_only=True))[1:]
    assert {r[1]: r[4] for r in officers} == {"Dewi Lestari": 11, "Bambang Wibowo": 7}
    book.close()


def test_a_huge_carry_over_is_capped_in_the_pdf_but_complete_in_the_exports(
    closed: tuple[Day, dayclose.DayClose], tmp_path: Path
) -> None:
    numbers = tuple(f"3174081005-261127-01-{n:04d}" for n in range(1, 1001))
    summary = replace(closed[1].summary, carried_over=numbers)
    text = pdf_text(render_day_report(summary, generated_at=MORNING))
    assert "3174081005-261127-01-0400" in text and "3174081005-261127-01-0401" not in text
    assert "dan 600 berkas lain" in text
    carried_csv = next(p for p in export_csv(summary, tmp_path) if "carried" in p.name)
    assert carried_csv.read_text(encoding="utf-8").count("3174081005-261127-01-") == 1000
