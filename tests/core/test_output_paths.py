"""Hardening: no command writes anywhere but a regular file it may write.

Never the office database (or its -wal/-shm), the files of its backups folder, a device,
a directory, a FIFO or a symbolic link; every refusal names the path, on one line.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desk_app.cli import main
from desk_app.closing import backup
from desk_app.common.clock import NOW_VARIABLE
from desk_app.common.errors import OutputRefused
from desk_app.common.files import check_output_path, write_atomically
from desk_app.common.paths import database_path
from desk_app.eventlog.verify import verify_database
from tests.conftest import LEAD_NIP, PIN, Office
from tests.helpers import MORNING, counts, receive

ROOT = Path(__file__).resolve().parents[2]
CLI = (sys.executable, "-m", "desk_app.cli")
# The evening of MORNING's day in Jakarta (18:00 WIB): the day can be closed.
EVENING = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fake_device(path: Path) -> Path:
    """A character device node like /dev/null (1, 3), made where the test may break it."""
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return path


def receipt(desk: Office, tracking_no: str, out: Path) -> int:
    return main(["receipt", tracking_no, "--out", str(out), "--data-dir", str(desk.folder)])


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


@pytest.fixture
def office_files(desk: Office) -> Office:
    """The desk with a task, a backup in its backups folder and its -wal/-shm present."""
    receive(desk.db, desk.officer.id, now=MORNING)
    backup.backup(database_path(desk.folder), desk.folder / "backups", now=MORNING)
    db = database_path(desk.folder)
    assert Path(f"{db}-wal").exists() and Path(f"{db}-shm").exists()
    return desk


@pytest.mark.parametrize("target", ["database", "wal", "shm", "backup"])
def test_a_receipt_never_replaces_the_office_database_or_its_backups(
    office_files: Office, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = office_files
    db = database_path(desk.folder)
    out = {
        "database": db,
        "wal": Path(f"{db}-wal"),
        "shm": Path(f"{db}-shm"),
        "backup": next((desk.folder / "backups").glob("loket-*.sqlite3")),
    }[target]
    with desk.db.read() as session:
        session.connection()  # keep the -wal/-shm in place
    tracking_no = sqlite3.connect(db).execute("SELECT tracking_no FROM tasks").fetchone()[0]
    before = digest(out) if target in ("database", "backup") else None
    tasks_before = counts(desk.folder)["tasks"]
    assert receipt(desk, tracking_no, out) == 1
    err = one_line(capsys.readouterr().err)
    assert err.startswith(f"desk-app: cannot write {out}:")
    if before is not None:
        assert digest(out) == before
    assert not out.read_bytes().startswith(b"%PDF")
    assert counts(desk.folder)["tasks"] == tasks_before
    assert verify_database(db).ok
    assert [p for p in desk.folder.rglob("*.tmp")] == []


def test_the_office_database_is_refused_through_a_symlink_too(
    office_files: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = office_files
    db = database_path(desk.folder)
    link = tmp_path / "innocent.pdf"
    link.symlink_to(db)
    tracking_no = sqlite3.connect(db).execute("SELECT tracking_no FROM tasks").fetchone()[0]
    before = digest(db)
    assert receipt(desk, tracking_no, link) == 1
    assert str(link) in one_line(capsys.readouterr().err)
    assert link.is_symlink() and digest(db) == before


@pytest.mark.parametrize("kind", ["device", "fifo", "directory", "symlink-to-directory"])
def test_a_receipt_is_not_written_over_a_device_fifo_directory_or_link(
    desk: Office, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    view = receive(desk.db, desk.officer.id, now=MORNING)
    out = tmp_path / "out"
    if kind == "device":
        fake_device(out)
    elif kind == "fifo":
        os.mkfifo(out)
    elif kind == "directory":
        out.mkdir()
    else:
        (tmp_path / "folder").mkdir()
        out.symlink_to(tmp_path / "folder")
    mode = out.lstat().st_mode
    assert receipt(desk, view.tracking_no, out) == 1
    assert one_line(capsys.readouterr().err).startswith(f"desk-app: cannot write {out}:")
    assert out.lstat().st_mode == mode  # still the same kind of thing
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_write_atomically_itself_refuses_and_names_the_path(desk: Office, tmp_path: Path) -> None:
    db = database_path(desk.folder)
    before = digest(db)
    for path in (db, Path(f"{db}-wal"), fake_device(tmp_path / "null")):
        with pytest.raises(OutputRefused) as refused:
            write_atomically(path, b"%PDF-1.7 not a database")
        assert str(path) in str(refused.value) and str(path) in refused.value.text("en")
    assert digest(db) == before
    # Any SQLite database is refused, even one of an office this process never opened.
    other = tmp_path / "other-office.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(OutputRefused, match="other-office"):
        check_output_path(other)
    # A plain new file, and an existing regular one, are fine.
    write_atomically(tmp_path / "ok.pdf", b"one")
    write_atomically(tmp_path / "ok.pdf", b"two")
    assert (tmp_path / "ok.pdf").read_bytes() == b"two"


def close_day(desk: Office, *extra: str) -> int:
    folder = str(desk.folder)
    return main(
        ["close-day", "--date", "2026-11-25", "--as", LEAD_NIP, *extra, "--data-dir", folder]
    )


@pytest.mark.parametrize("target", ["database", "device", "file", "backups"])
def test_close_day_refuses_a_bad_report_folder_before_sealing(
    desk: Office,
    tmp_path: Path,
    target: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DESK_APP_PIN", PIN)
    monkeypatch.setenv(NOW_VARIABLE, EVENING.isoformat())
    db = database_path(desk.folder)
    out = {
        "database": db,
        "device": fake_device(tmp_path / "null"),
        "file": tmp_path / "report.txt",
        "backups": desk.folder / "backups",
    }[target]
    if target == "file":
        out.write_text("keep me")
    before = counts(desk.folder)
    assert close_day(desk, "--out", str(out)) == 1
    assert str(out) in one_line(capsys.readouterr().err)
    assert counts(desk.folder) == before  # not sealed
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM day_closes").fetchone()[0] == 0
    conn.close()
    if target == "file":
        assert out.read_text() == "keep me"
    if target == "backups":
        assert not out.exists() or list(out.glob("day-report-*")) == []
    assert verify_database(db).ok


def test_close_day_report_only_refuses_the_database_folder_file(
    desk: Office, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DESK_APP_PIN", PIN)
    monkeypatch.setenv(NOW_VARIABLE, EVENING.isoformat())
    assert close_day(desk) == 0
    capsys.readouterr()
    db = database_path(desk.folder)
    before = digest(db)
    data_dir = ("--data-dir", str(desk.folder))
    code = main(["close-day", "--date", "2026-11-25", "--report-only", "--out", str(db), *data_dir])
    assert code == 1
    assert str(db) in one_line(capsys.readouterr().err)
    assert digest(db) == before


@pytest.mark.parametrize("target", ["existing-file", "under-a-file", "device"])
def test_backup_to_a_file_or_an_unwritable_folder_is_one_line(
    desk: Office, tmp_path: Path, target: str
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep me")
    to = {
        "existing-file": a_file,
        "under-a-file": a_file / "backups",
        "device": fake_device(tmp_path / "null"),
    }[target]
    done = subprocess.run(
        [*CLI, "backup", "--to", str(to), "--data-dir", str(desk.folder)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("desk-app: ") and str(to) in lines[0], (
        done.stderr
    )
    assert a_file.read_text() == "keep me"
    assert stat.S_ISCHR(to.lstat().st_mode) if target == "device" else True
