"""The work queue as a CSV file: the rows the queue's filter selects, as the table shows them."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Sequence
from pathlib import Path

from desk_app.common.files import write_atomically
from desk_app.counter import lookup
from desk_app.counter.lookup import QueueFilter
from desk_app.db.engine import Database
from desk_app.ui.context import Catalogue
from desk_app.ui.queue_model import row_texts

logger = logging.getLogger(__name__)

CHUNK = 500  # ids per query for the rows (SQLite's bound-parameter limit is far above)
# A cell starting with one of these is a formula to a spreadsheet: keep it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_queue(
    db: Database,
    *,
    flt: QueueFilter,
    path: Path,
    headers: Sequence[str],
    catalogue: Catalogue,
    agencies: dict[str, str],
    language: str,
) -> int:
    """Write every task of the queue's filter, in its order, to `path`; how many (worker thread).

    The file holds citizens' names, so it is written atomically and readable by its owner only.
    """
    with db.read() as session:
        total = lookup.queue_count(session, flt=flt)
        ids = lookup.queue_ids(session, flt=flt, offset=0, limit=total)
        rows = [
            row
            for start in range(0, len(ids), CHUNK)
            for row in lookup.task_rows(session, ids=ids[start : start + CHUNK])
        ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        texts = row_texts(row, catalogue=catalogue, agencies=agencies, language=language)
        writer.writerow([_cell(text) for text in texts])
    write_atomically(path, buffer.getvalue().encode("utf-8-sig"))  # Excel reads UTF-8 by BOM
    logger.info("queue exported: %d tasks to %s", len(rows), path)
    return len(rows)
