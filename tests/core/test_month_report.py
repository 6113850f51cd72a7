"""The month report (issue 12): a hand-computed November 2026, through the real use cases.

Times are Jakarta (WIB); the command runs at MORNING (Wednesday 25 November, 09:00).

Friday 30 October (the month before, left out of November's figures):
  T0  Dewi receives KEC-NON-03 09:00, completes it 09:10; survey [1]*9 at 09:15.
Monday 23 November:
  T1  Dewi receives KEC-NON-03 09:00, completes it 09:10; survey S1 at 09:15.
  T2  Dewi receives KEL-SKT-01 09:30; rejected 09:40.
  T3  Bambang receives KEL-SKT-01 10:00; cancelled 10:10.
  T4  Bambang receives KEL-SKT-01 11:00; still open.
Tuesday 24 November:
  Tickets A001 08:00, A002 08:01, A003 08:02. Dewi at counter 1 calls A001 08:05 (waited
  300 s) and serves it by 08:08; calls A002 08:10, who does not come (no-show); calls A003
  08:12 (waited 600 s) and serves it by 08:15.
  T5  Dewi receives KEC-NON-03 09:00, Bambang completes it 09:05; survey S2 at 09:20.
  T6  Bambang receives KEL-SKT-01 10:00; still open.

November: 6 received (4 + 2), 2 completed (T1, T5), 1 rejected (T2), 1 cancelled (T3).
Queue: 3 tickets, 2 served, 1 no-show; median wait of the served (300 + 600) / 2 = 450 s.
IKM (Permenpan RB 14/2017) over S1 and S2 only:
  S1 = 4 3 4 4 3 4 4 3 4,  S2 = 3 3 3 3 3 3 3 3 2
  element means (NRR) = 3.5 3 3.5 3.5 3 3.5 3.5 3 3, their sum = 59 / 2 = 29.5
  weighted NRR = 29.5 x 1/9 = 3.2777...; IKM = 3.2777... x 25 = 81.944... -> 81,94
  grade B (76,61-88,30, "Baik").
"""

from __future__ import annotations

import csv
import io
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from desk_app.cli import main
from desk_app.closing import month
from desk_app.counter import tasks
from desk_app.points import ledger
from desk_app.queueing import calling, survey, tickets
from tests.conftest import Office
from tests.days import OTHER_NIKS, intake, wib
from tests.helpers import MORNING, nothing_written

OCTOBER = date(2026, 10, 30)
MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)
S1 = [4, 3, 4, 4, 3, 4, 4, 3, 4]
S2 = [3, 3, 3, 3, 3, 3, 3, 3, 2]
NOW = "2026-11-25T09:00"


def build_november(desk: Office) -> None:
    """Write the module docstring's days through the services."""
    db, dewi, bambang = desk.db, desk.officer.id, desk.lead.id
    t0 = intake(db, dewi, "KEC-NON-03", wib(OCTOBER, 9), 120)
    with db.write() as s:
        tasks.hand_over(s, actor_id=dewi, task_id=t0.id, now=wib(OCTOBER, 9, 10))
        survey.submit_survey(s, task_id=t0.id, scores=[1] * 9, now=wib(OCTOBER, 9, 15))
    t1 = intake(db, dewi, "KEC-NON-03", wib(MONDAY, 9), 120)
    with db.write() as s:
        tasks.hand_over(s, actor_id=dewi, task_id=t1.id, now=wib(MONDAY, 9, 10))
        survey.submit_survey(s, task_id=t1.id, scores=S1, now=wib(MONDAY, 9, 15))
    t2 = intake(db, dewi, "KEL-SKT-01", wib(MONDAY, 9, 30), 200, OTHER_NIKS[0])
    with db.write() as s:
        tasks.reject(
            s,
            actor_id=dewi,
            task_id=t2.id,
            reason="Pengantar RT/RW belum ada",
            now=wib(MONDAY, 9, 40),
        )
    t3 = intake(db, bambang, "KEL-SKT-01", wib(MONDAY, 10), 200, OTHER_NIKS[1])
    with db.write() as s:
        tasks.cancel(
            s,
            actor_id=bambang,
            task_id=t3.id,
            reason="Pemohon membatalkan",
            now=wib(MONDAY, 10, 10),
        )
    intake(db, bambang, "KEL-SKT-01", wib(MONDAY, 11), 200, OTHER_NIKS[2])
    with db.write() as s:
        issued = [
            tickets.issue_ticket(s, category_letter="A", now=wib(TUESDAY, 8, minute)).ticket
            for minute in (0, 1, 2)
        ]
        for call, outcome, done in ((5, "served", 8), (10, "no_show", 10), (12, "served", 15)):
            called = calling.call_next(s, officer_id=dewi, counter_no=1, now=wib(TUESDAY, 8, call))
            assert called is not None
            ticket_id = called.ticket.id
            if outcome == "served":
                calling.finish(
                    s, officer_id=dewi, counter_no=1, ticket_id=ticket_id, now=wib(TUESDAY, 8, done)
                )
            else:
                calling.mark_no_show(
                    s, officer_id=dewi, counter_no=1, ticket_id=ticket_id, now=wib(TUESDAY, 8, done)
                )
        assert [t.id for t in issued]  # three numbers of the day
    t5 = intake(db, dewi, "KEC-NON-03", wib(TUESDAY, 9), 120, OTHER_NIKS[0])
    with db.write() as s:
        tasks.hand_over(s, actor_id=bambang, task_id=t5.id, now=wib(TUESDAY, 9, 5))
        survey.submit_survey(s, task_id=t5.id, scores=S2, now=wib(TUESDAY, 9, 20))
    intake(db, bambang, "KEL-SKT-01", wib(TUESDAY, 10), 200, OTHER_NIKS[1])


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """desk-app in-process; exit code, stdout, stderr."""
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def pdf_text(path: Path) -> str:
    """The PDF's text, lines joined by spaces (table cells come out one per line)."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_the_summary_counts_the_month_and_only_the_month(desk: Office) -> None:
    build_november(desk)
    with desk.db.read() as s:
        summary = month.summarize_month(s, month=date(2026, 11, 1), today=date(2026, 11, 25))
    assert summary.last_day == date(2026, 11, 25) and len(summary.days) == 25
    by_day = {d.day: d for d in summary.days}
    assert (by_day[MONDAY].received, by_day[MONDAY].completed) == (4, 1)
    assert (by_day[MONDAY].rejected, by_day[MONDAY].cancelled) == (1, 1)
    assert (by_day[TUESDAY].received, by_day[TUESDAY].completed) == (2, 1)
    totals = (summary.received, summary.completed, summary.rejected, summary.cancelled)
    assert totals == (6, 2, 1, 1)
    assert summary.queue == month.MonthQueue(issued=3, served=2, no_shows=1, wait_median_s=450.0)
    assert summary.ikm is not None and summary.ikm.responses == 2
    assert summary.ikm.ikm == Decimal("81.94") and summary.ikm.grade == "B"
    assert summary.ikm == survey.compute_ikm([S1, S2])  # the same method over S1, S2


def test_month_report_writes_the_pdf_and_the_csv(
    desk: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    build_november(desk)
    with desk.db.read() as s:
        points = ledger.points_between(s, start=date(2026, 11, 1), end=date(2026, 11, 30))
    desk.db.dispose()
    out = desk.folder.parent / "laporan"
    code, stdout, err = run(
        ["month-report", "--month", "2026-11", "--out", str(out), "--data-dir", str(desk.folder)],
        capsys,
    )
    assert code == 0, err
    pdf, table = out / "laporan-bulanan-2026-11.pdf", out / "laporan-bulanan-2026-11.csv"
    for path in (pdf, table):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert "IKM 81.94 (B)" in stdout
    text = pdf_text(pdf)
    assert "Laporan Bulanan — November 2026" in text
    assert "PTSP" in text and "31.74.08.1005" in text
    assert "Jumlah bulan ini: 6 diterima, 2 selesai, 1 ditolak, 1 dibatalkan." in text
    # Delivered: T1 and T5 (KEC-NON-03, SLA 0 days, done the day received); T2's rejection
    # and T3's cancellation deliver nothing.
    assert "Kepatuhan SLA: 100,0% (2 dari 2 berkas" in text
    assert "Antrean: 3 nomor diambil, 2 dilayani, 1 tidak hadir" in text
    assert "450 dtk (7:30)" in text
    assert "IKM 81,94, mutu B (Baik), dari 2 responden." in text
    assert "U1 Persyaratan 3,50" in text and "U9 Sarana dan prasarana 3,00" in text
    assert points and all(p.name in text for p in points)
    rows = list(csv.reader(io.StringIO(table.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["Tanggal", "Diterima", "Selesai", "Ditolak", "Dibatalkan", "Ditutup"]
    assert len(rows) == 1 + 25 + 1  # the header, 1-25 November, the total
    assert rows[23] == ["2026-11-23", "4", "1", "1", "1", "0"]
    assert rows[24] == ["2026-11-24", "2", "1", "0", "0", "0"]
    assert rows[-1] == ["Jumlah", "6", "2", "1", "1", ""]
    assert all(r[1:5] == ["0", "0", "0", "0"] for r in rows[1:23])


def test_a_month_without_surveys_says_so(desk: Office, capsys: pytest.CaptureFixture[str]) -> None:
    desk.db.dispose()
    code, stdout, err = run(
        ["month-report", "--month", "2026-10", "--data-dir", str(desk.folder)], capsys
    )
    assert code == 0, err
    pdf = desk.folder / "reports" / "laporan-bulanan-2026-10.pdf"
    text = pdf_text(pdf)
    assert "IKM: belum ada survei." in text and "tidak ada nomor antrean" in text
    assert "belum ada survei" in stdout


@pytest.mark.parametrize(
    "value",
    ["2026-13", "2026-00", "1999-12", "2100-01", "0000-01", "2026-12", "2027-01", "26-11", "", "x"],
)
def test_a_bad_or_future_month_is_refused_in_one_line(
    desk: Office, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    assert MORNING.date() == date(2026, 11, 25)  # December is still to come
    out = desk.folder.parent / "laporan"
    with nothing_written(desk.folder):
        code, stdout, err = run(
            ["month-report", "--month", value, "--out", str(out), "--data-dir", str(desk.folder)],
            capsys,
        )
    assert code == 1 and stdout == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("desk-app: --month: "), err
    assert not out.exists() and not (desk.folder / "reports").exists()
