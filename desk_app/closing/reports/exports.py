"""CSV files and an XLSX workbook of the day report's tables."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from desk_app.closing.dayclose import DayClose, DaySummary
from desk_app.closing.reports.tables import report_tables
from desk_app.common.files import write_atomically
from desk_app.common.paths import make_private_dir


def report_stem(summary: DaySummary) -> str:
    """The common file name start: day-report-YYYY-MM-DD."""
    return f"day-report-{summary.day.isoformat()}"


def export_csv(summary: DaySummary, folder: Path, *, close: DayClose | None = None) -> list[Path]:
    """One UTF-8 CSV file per table (with a BOM, so spreadsheet programs read it right).

    With the `close`, a `chain` file holds the sealed chain head in full.
    """
    make_private_dir(folder)
    written = []
    for table in report_tables(summary, close=close):
        path = folder / f"{report_stem(summary)}-{table.key}.csv"
        text = io.StringIO(newline="")
        writer = csv.writer(text)
        writer.writerow(table.headers)
        writer.writerows(["" if cell is None else cell for cell in row] for row in table.rows)
        write_atomically(path, text.getvalue().encode("utf-8-sig"))
        written.append(path)
    return written


def export_xlsx(summary: DaySummary, path: Path, *, close: DayClose | None = None) -> Path:
    """A workbook with one sheet per table; numbers stay numbers (chain head with `close`)."""
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for table in report_tables(summary, close=close):
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
    data = io.BytesIO()
    book.save(data)
    make_private_dir(path.parent)
    write_atomically(path, data.getvalue())
    return path
