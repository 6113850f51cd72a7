"""CSV files and an XLSX workbook of the day report's tables."""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from desk_app.closing.dayclose import DaySummary
from desk_app.closing.reports.tables import report_tables


def report_stem(summary: DaySummary) -> str:
    """The common file name start: day-report-YYYY-MM-DD."""
    return f"day-report-{summary.day.isoformat()}"


def export_csv(summary: DaySummary, folder: Path) -> list[Path]:
    """One UTF-8 CSV file per table (with a BOM, so spreadsheet programs read it right)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in report_tables(summary):
        path = folder / f"{report_stem(summary)}-{table.key}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.headers)
            writer.writerows(["" if cell is None else cell for cell in row] for row in table.rows)
        written.append(path)
    return written


def export_xlsx(summary: DaySummary, path: Path) -> Path:
    """A workbook with one sheet per table; numbers stay numbers."""
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for table in report_tables(summary):
        sheet = book.create_sheet(title=table.title[:31])
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            sheet.append(list(row))
        sheet.freeze_panes = "A2"
        for index, header in enumerate(table.headers, start=1):
            longest = max([len(header), *(len(str(row[index - 1] or "")) for row in table.rows)])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, longest + 2)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        book.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path
