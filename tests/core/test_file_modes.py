"""Hardening: personal data is readable by the desk's own user only.

The database (with SQLite's -wal/-shm), backups, logs, day reports and their CSV/XLSX
exports are 0600, their folders 0700, whatever the process umask; an office set up before
that rule is made private when the desk opens its data folder.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desk_app.closing import backup, work
from desk_app.common.paths import database_path
from desk_app.db.storage import open_database
from tests.conftest import ADMIN_NIP, OFFICE_CODE, PIN, Office
from tests.helpers import MORNING, receive

ROOT = Path(__file__).resolve().parents[2]
EVENING = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)  # 18:00 WIB on MORNING's day


@pytest.fixture(autouse=True)
def _lax_umask() -> Iterator[None]:
    """The usual 022: files would be world-readable unless the desk says otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def modes(folder: Path) -> dict[str, int]:
    """Mode of every file and folder under `folder` (and itself), by relative name."""
    found = {".": mode(folder)}
    for path in sorted(folder.rglob("*")):
        found[str(path.relative_to(folder))] = mode(path)
    return found


def assert_private(folder: Path) -> None:
    wrong = {
        name: oct(m)
        for name, m in modes(folder).items()
        if m != (0o700 if (folder / name).is_dir() else 0o600)
    }
    assert wrong == {}


def test_a_new_office_its_wal_and_shm_are_private(desk: Office) -> None:
    receive(desk.db, desk.officer.id, now=MORNING)
    db = database_path(desk.folder)
    with desk.db.read() as session:
        session.connection()
        assert Path(f"{db}-wal").exists() and Path(f"{db}-shm").exists()
        assert_private(desk.folder)
    assert mode(desk.folder) == 0o700 and mode(db) == 0o600


def test_backups_and_the_day_close_reports_are_private(desk: Office) -> None:
    receive(desk.db, desk.officer.id, now=MORNING)
    copy = backup.backup(database_path(desk.folder), backup.backup_folder(desk.folder), now=MORNING)
    assert (mode(copy.parent), mode(copy)) == (0o700, 0o600)
    elsewhere = backup.backup(
        database_path(desk.folder), desk.folder.parent / "usb" / "b", now=MORNING
    )
    assert (mode(elsewhere.parent), mode(elsewhere)) == (0o700, 0o600)
    outcome = work.seal_day(
        desk.db,
        desk.folder,
        lead_id=desk.lead.id,
        day=MORNING.date(),
        now=EVENING,
        reason="Berkas menunggu pemohon besok",
        acknowledge_all=True,
    )
    assert outcome.report_error is None and outcome.backup_error is None
    assert {p.suffix for p in outcome.files} == {".pdf", ".xlsx", ".csv"}
    assert mode(outcome.folder) == 0o700
    assert {p.name: mode(p) for p in outcome.files} == {p.name: 0o600 for p in outcome.files}
    assert outcome.backup is not None and mode(outcome.backup) == 0o600
    assert_private(desk.folder)


def test_a_restored_database_is_private(desk: Office, tmp_path: Path) -> None:
    copy = backup.backup(database_path(desk.folder), tmp_path / "copies", now=MORNING)
    os.chmod(copy, 0o644)
    other = tmp_path / "other-desk"
    backup.restore(other, copy, now=MORNING)
    assert (mode(other), mode(database_path(other))) == (0o700, 0o600)


def test_an_office_made_before_the_rule_is_made_private_when_opened(desk: Office) -> None:
    receive(desk.db, desk.officer.id, now=MORNING)
    backup.backup(database_path(desk.folder), backup.backup_folder(desk.folder), now=MORNING)
    for name in ("reports", "logs", "cache", "receipts"):
        (desk.folder / name).mkdir()
        (desk.folder / name / "old.txt").write_text("NIK 3174085205900003")
    desk.db.dispose()
    for path in [desk.folder, *desk.folder.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    db = open_database(desk.folder)
    try:
        with db.read() as session:
            session.connection()
            assert_private(desk.folder)
    finally:
        db.dispose()


def test_the_log_file_is_private(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    code = (
        "import logging, sys\n"
        "from pathlib import Path\n"
        "from desk_app.common.logs import setup_logging\n"
        "setup_logging(Path(sys.argv[1]))\n"
        "logging.getLogger('t').info('petugas masuk')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    log = folder / "logs" / "loket.log"
    assert "petugas masuk" in log.read_text()
    assert (mode(log.parent), mode(log)) == (0o700, 0o600)


def test_the_desk_app_command_leaves_only_private_files(tmp_path: Path) -> None:
    folder = tmp_path / "office"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DESK_APP_DATA_DIR": str(folder),
        "DESK_APP_PIN": PIN,
    }
    for command in (
        ["setup", "--office", OFFICE_CODE, "--admin-nip", ADMIN_NIP, "--admin-name", "Siti"],
        ["backup"],
        ["stats"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "desk_app.cli", *command],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert (folder / "logs" / "loket.log").is_file()
    assert list((folder / "backups").glob("loket-*.sqlite3"))
    assert_private(folder)
