"""A day close stopped after sealing is completed by the next run, with the same reports."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desk_app.cli import main
from desk_app.closing import backup, dayclose, work
from desk_app.common.paths import database_path
from desk_app.common.workdays import local_day
from desk_app.db.storage import open_database
from desk_app.eventlog.verify import verify_database
from tests.conftest import LEAD_NIP, PIN, Office
from tests.helpers import MORNING, receive

ROOT = Path(__file__).resolve().parents[2]
KILLED = 9
DAY = local_day(MORNING)
CLOSE_AT = MORNING + timedelta(hours=8, minutes=30)  # 17:30 in Jakarta
RERUN_AT = CLOSE_AT + timedelta(hours=1)
REASON = "Berkas menunggu pemohon besok"

_CHILD = """
import os, sys
from datetime import date, datetime
from pathlib import Path
from desk_app.closing import work
from desk_app.closing.reports import day_report, exports
from desk_app.db.storage import open_database

folder, lead, day, now, stop = sys.argv[1:6]
written = []

def counting(original):
    def write(path, data):
        original(path, data)
        written.append(path)
        if stop == f"file:{len(written)}":
            os._exit(9)
    return write

day_report.write_atomically = counting(day_report.write_atomically)
exports.write_atomically = counting(exports.write_atomically)

def on_step(step):
    if step == stop:
        os._exit(9)

db = open_database(Path(folder))
work.seal_day(
    db, Path(folder), lead_id=lead, day=date.fromisoformat(day),
    now=datetime.fromisoformat(now), reason=sys.argv[6], acknowledge_all=True,
    on_step=on_step,
)
os._exit(0)
"""


def _seal_in_child(folder: Path, lead: str, stop: str) -> int:
    argv = [str(folder), lead, DAY.isoformat(), CLOSE_AT.isoformat(), stop, REASON]
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *argv],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, KILLED), done.stderr
    return done.returncode


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def _xlsx_cells(path: Path) -> list[list[tuple[object, ...]]]:
    book = load_workbook(path)
    return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]


def _content(path: Path) -> object:
    if path.suffix == ".pdf":
        return _pdf_text(path)
    if path.suffix == ".xlsx":
        return _xlsx_cells(path)
    return path.read_bytes()


@pytest.fixture
def day_of_work(desk: Office, tmp_path: Path) -> Path:
    """A data folder (a copy, the desk closed) with a day of intakes, not yet closed."""
    for n in range(3):
        receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=10 * n))
    desk.db.dispose()
    return desk.folder


def _close(folder: Path) -> dayclose.DayClose:
    db = open_database(folder)
    try:
        with db.read() as session:
            close = dayclose.get_close(session, day=DAY)
    finally:
        db.dispose()
    assert close is not None
    return close


def _kill_points(folder: Path, desk: Office, tmp_path: Path) -> list[str]:
    """Every stop: after sealing, after each report file, after the reports, after the backup."""
    probe = tmp_path / "probe"
    shutil.copytree(folder, probe)
    assert _seal_in_child(probe, desk.lead.id, "never") == 0
    files = work.report_files(_close(probe), probe / work.REPORTS_DIR)
    assert all(p.is_file() for p in files) and len(files) >= 4
    return [
        work.SEALED,
        *(f"file:{k}" for k in range(1, len(files))),
        work.REPORTED,
        work.BACKED_UP,
    ]


def test_a_close_stopped_at_any_step_is_completed_by_the_next_run(
    desk: Office,
    day_of_work: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DESK_APP_PIN", PIN)
    stops = _kill_points(day_of_work, desk, tmp_path)
    for stop in stops:
        folder = tmp_path / f"run-{stop.replace(':', '-')}"
        shutil.copytree(day_of_work, folder)
        assert _seal_in_child(folder, desk.lead.id, stop) == KILLED, stop
        close = _close(folder)  # the day is sealed whatever followed
        reports = folder / work.REPORTS_DIR
        expected = work.report_files(close, reports)
        db = open_database(folder)
        try:
            todo = work.unfinished(db, folder, day=DAY)
        finally:
            db.dispose()
        assert todo is not None
        if stop == work.BACKED_UP:
            assert todo.complete
            continue
        assert not todo.complete, stop
        assert todo.backup_missing
        capsys.readouterr()
        args = ["close-day", "--date", DAY.isoformat(), "--data-dir", str(folder)]
        assert main([*args, "--now", RERUN_AT.isoformat()]) == 0, capsys.readouterr().err
        out = capsys.readouterr().out
        assert "belum lengkap" in out and "cadangan" in out, out
        for path in todo.missing_reports:
            assert path.name in out
        # Complete now: the files are those an uninterrupted close writes for this close.
        reference = tmp_path / f"reference-{stop.replace(':', '-')}"
        written = work.write_reports(close, reference, now=close.closed_at)
        assert [p.name for p in written] == [p.name for p in expected]
        for mine, theirs in zip(expected, written, strict=True):
            assert _content(mine) == _content(theirs), (stop, mine.name)
        held = backup.close_backup(folder, day=DAY, closed_at=close.closed_at)
        assert held is not None and verify_database(held).ok
        assert verify_database(database_path(folder)).ok
        # A further run finds nothing missing and says the day is closed.
        assert main([*args, "--as", LEAD_NIP, "--now", RERUN_AT.isoformat()]) == 1
        assert "sudah ditutup" in capsys.readouterr().err


def test_a_later_backup_that_holds_the_close_counts(day_of_work: Path, desk: Office) -> None:
    assert _seal_in_child(day_of_work, desk.lead.id, work.BACKED_UP) == KILLED
    close = _close(day_of_work)
    own = backup.close_backup(day_of_work, day=DAY, closed_at=close.closed_at)
    assert own is not None and "close-2026-11-25" in own.name
    later = backup.backup(
        database_path(day_of_work), backup.backup_folder(day_of_work), now=RERUN_AT
    )
    own.unlink()  # pruned, say
    assert backup.close_backup(day_of_work, day=DAY, closed_at=close.closed_at) == later
    later.unlink()
    older = backup.backup(
        database_path(day_of_work),
        backup.backup_folder(day_of_work),
        now=datetime.combine(date(2026, 11, 24), datetime.min.time(), tzinfo=CLOSE_AT.tzinfo),
    )
    assert older.is_file()
    assert backup.close_backup(day_of_work, day=DAY, closed_at=close.closed_at) is None
