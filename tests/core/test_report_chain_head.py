"""The day report anchors the chain head outside the desk (issue 9).

The PDF prints the device, the last seq and the head hash shortened; the CSV and XLSX hold
the full values. A rewrite of the whole chain passes `verify` (every hash recomputed), but
no longer matches the head on the report.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.closing import dayclose
from desk_app.closing.reports import export_csv, export_xlsx, render_day_report, report_tables
from desk_app.common.paths import database_path
from desk_app.db.models import Task
from desk_app.eventlog import events, kinds, wire
from desk_app.eventlog.verify import verify_database
from tests.conftest import Office
from tests.core.day_fixture import DAY, build_day
from tests.days import wib
from tests.helpers import MORNING


def tasks_of(session: Session) -> list[Task]:
    """The office's tasks, oldest first."""
    return list(session.scalars(select(Task).order_by(Task.received_at)))


@pytest.fixture
def closed(desk: Office) -> dayclose.DayClose:
    build_day(desk)
    with desk.db.write() as s:
        return dayclose.close_day(
            s,
            lead_id=desk.lead.id,
            day=DAY,
            now=wib(DAY, 17, 30),
            acknowledge=True,
            reason="Printer rusak sejak siang",
        )


def _event_row(folder: Path, kind: str) -> tuple[str, int, str]:
    conn = sqlite3.connect(database_path(folder))
    try:
        row = conn.execute(
            "SELECT device_id, seq, prev_hash FROM events WHERE kind = ?", (kind,)
        ).fetchone()
    finally:
        conn.close()
    return str(row[0]), int(row[1]), str(row[2])


def test_the_close_carries_the_chain_head_it_sealed(
    desk: Office, closed: dayclose.DayClose
) -> None:
    device, seq, prev_hash = _event_row(desk.folder, kinds.DAY_CLOSED)
    assert (closed.device_id, closed.last_event_seq, closed.last_event_hash) == (
        device,
        seq - 1,
        prev_hash,
    )
    with desk.db.read() as s:
        again = dayclose.get_close(s, day=DAY)
    assert again == closed


def test_the_pdf_prints_the_head_shortened(closed: dayclose.DayClose) -> None:
    data = render_day_report(closed.summary, close=closed, generated_at=MORNING)
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split()
    )
    assert f"rantai kejadian perangkat {closed.device_id[:8]} s.d. #{closed.last_event_seq}" in (
        text
    )
    assert closed.last_event_hash[:16] in text


def test_csv_and_xlsx_hold_the_full_head(closed: dayclose.DayClose, tmp_path: Path) -> None:
    files = export_csv(closed.summary, tmp_path, close=closed)
    chain = next(p for p in files if p.name == "day-report-2026-11-27-chain.csv")
    with chain.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][:3] == [closed.device_id, str(closed.last_event_seq), closed.last_event_hash]
    book = load_workbook(export_xlsx(closed.summary, tmp_path / "r.xlsx", close=closed))
    values = list(book["Rantai kejadian"].iter_rows(values_only=True))
    assert values[1][:3] == (closed.device_id, closed.last_event_seq, closed.last_event_hash)
    book.close()
    # A draft (no close) has no chain table; the other tables are the same either way.
    keys = [t.key for t in report_tables(closed.summary)]
    assert "chain" not in keys
    assert [t.key for t in report_tables(closed.summary, close=closed)] == [*keys, "chain"]


def _rewrite_whole_chain(folder: Path, tracking_no: str, fee: int) -> None:
    """What someone with the file and the code could do: forge a fee, re-hash everything."""
    conn = sqlite3.connect(database_path(folder))
    conn.execute("PRAGMA foreign_keys=OFF")
    rows = conn.execute(
        "SELECT id, uuid, device_id, seq, kind, actor, task_id, occurred_at, monotonic_ns,"
        " payload FROM events ORDER BY seq"
    ).fetchall()
    prev = wire.GENESIS_HASH
    for rid, uuid, device, seq, kind, actor, task_id, occurred, mono, text in rows:
        payload = json.loads(text)
        if kind == kinds.TASK_RECEIVED and payload["tracking_no"] == tracking_no:
            payload["fee_idr"] = fee
        if kind == kinds.DAY_CLOSED:
            payload["last_event_hash"] = prev
            conn.execute("UPDATE day_closes SET last_event_hash = ?", (prev,))
        body = events.event_body(
            uuid=uuid,
            device_id=device,
            seq=seq,
            kind=kind,
            actor=actor,
            task_id=task_id,
            occurred_at=datetime.fromisoformat(occurred),
            monotonic_ns=mono,
            payload=payload,
        )
        digest = wire.chain_hash(prev, body)
        conn.execute(
            "UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE id = ?",
            (wire.canonical_json(payload), prev, digest, rid),
        )
        prev = digest
    conn.execute("UPDATE chain_heads SET hash = ?", (prev,))
    conn.execute("UPDATE tasks SET fee_idr = ? WHERE tracking_no = ?", (fee, tracking_no))
    conn.commit()
    conn.close()


def test_a_rewritten_chain_no_longer_matches_the_report(
    desk: Office, closed: dayclose.DayClose, tmp_path: Path
) -> None:
    files = export_csv(closed.summary, tmp_path, close=closed)
    chain = next(p for p in files if p.name.endswith("-chain.csv"))
    with chain.open(encoding="utf-8-sig", newline="") as handle:
        device, seq, head = list(csv.reader(handle))[1][:3]
    with desk.db.read() as s:
        forged = next(t.tracking_no for t in tasks_of(s) if t.fee_idr == 0)
    desk.db.dispose()
    _rewrite_whole_chain(desk.folder, forged, 150_000)
    # Internally consistent again: verify alone cannot tell.
    assert verify_database(database_path(desk.folder)).ok
    # The head on the report can: the event at the printed seq has another hash now.
    conn = sqlite3.connect(database_path(desk.folder))
    now_head = conn.execute(
        "SELECT hash FROM events WHERE device_id = ? AND seq = ?", (device, int(seq))
    ).fetchone()[0]
    conn.close()
    assert now_head != head
