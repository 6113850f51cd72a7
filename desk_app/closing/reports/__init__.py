"""Reports of a day close: the A4 PDF with charts, and CSV/XLSX exports of the same tables."""

from __future__ import annotations

from desk_app.closing.reports.day_report import render_day_report, write_day_report
from desk_app.closing.reports.exports import export_csv, export_xlsx
from desk_app.closing.reports.tables import ReportTable, report_tables

__all__ = [
    "ReportTable",
    "export_csv",
    "export_xlsx",
    "render_day_report",
    "report_tables",
    "write_day_report",
]
