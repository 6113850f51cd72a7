"""Backups: consistent under concurrent writes, pruned by age, restored only when sound."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desk_app.cli import main
from desk_app.closing import backup
from desk_app.common.errors import DatabaseDamaged, ValidationError
from desk_app.common.paths import database_path
from desk_app.db.storage import open_database
from desk_app.eventlog.verify import verify_database
from desk_app.office import installation
from tests.conftest import ADMIN_NIP, OFFICE_CODE, PIN, Office
from tests.helpers import MORNING, receive, scribble_index

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def task_count(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM tasks").fetchone()[0])
    finally:
        conn.close()


def fingerprint(folder: Path) -> dict[str, str]:
    """sha256 of the database file and of any -wal/-shm next to it."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.glob("loket.sqlite3*"))
    }


@pytest.fixture
def office_with_work(desk: Office) -> Office:
    for n in range(5):
        receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=n))
    return desk


def test_a_backup_taken_while_another_connection_writes_is_consistent(
    office_with_work: Office, tmp_path: Path
) -> None:
    desk = office_with_work
    path = database_path(desk.folder)
    stop = threading.Event()
    written = [0]
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            n = 0
            while not stop.is_set():
                receive(desk.db, desk.officer.id, now=MORNING + timedelta(hours=1, seconds=n))
                n += 1
                written[0] = n
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    copies = []
    try:
        while written[0] < 5:
            pass
        for _ in range(3):
            before = task_count(path)
            copy = backup.backup(path, tmp_path / "backups", now=MORNING)
            after = task_count(path)
            copies.append((before, copy, after))
    finally:
        stop.set()
        thread.join()
    assert not errors
    assert written[0] > 5
    for before, copy, after in copies:
        report = verify_database(copy)
        assert report.ok, report.problems
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        conn.close()
        assert before <= task_count(copy) <= after
    assert len({c for _, c, _ in copies}) == 3  # distinct names, even within one second


def test_prune_keeps_recent_backups_and_always_the_newest(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    names = [
        "loket-20261001-170000.sqlite3",
        "loket-20261020-170000-close-2026-10-20.sqlite3",
        "loket-20261101-170000.sqlite3",
        "loket-20261126-170000.sqlite3",
        "notes.txt",
    ]
    for name in names:
        (folder / name).write_bytes(b"x")
    removed = backup.prune(folder, 30, now=NOW)
    assert sorted(p.name for p in removed) == names[:2]
    assert sorted(p.name for p in folder.iterdir()) == sorted(names[2:])
    # Everything is old: the newest backup is still kept.
    assert [p.name for p in backup.prune(folder, 1, now=NOW + timedelta(days=400))] == [names[2]]
    assert [p.name for p in backup.list_backups(folder)] == [names[3]]


def test_restore_refuses_a_damaged_file_and_leaves_the_database_alone(
    office_with_work: Office, tmp_path: Path
) -> None:
    desk = office_with_work
    copy = backup.backup(database_path(desk.folder), tmp_path, now=MORNING)
    scribble_index(copy)
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8000)
    desk.db.dispose()
    before = fingerprint(desk.folder)
    for bad in (copy, garbage):
        with pytest.raises(DatabaseDamaged, match="tidak diubah"):
            backup.restore(desk.folder, bad, now=MORNING)
        assert fingerprint(desk.folder) == before
    assert not list(desk.folder.glob(".restore-*"))


def test_restore_refuses_a_tampered_file(office_with_work: Office, tmp_path: Path) -> None:
    desk = office_with_work
    copy = backup.backup(database_path(desk.folder), tmp_path, now=MORNING)
    conn = sqlite3.connect(copy)
    conn.execute(
        "UPDATE events SET payload = replace(payload, '\"handling_seconds\":180',"
        " '\"handling_seconds\":181') WHERE kind = 'task.received'"
    )
    conn.commit()
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    desk.db.dispose()
    before = fingerprint(desk.folder)
    with pytest.raises(DatabaseDamaged, match="edited event"):
        backup.restore(desk.folder, copy, now=MORNING)
    assert fingerprint(desk.folder) == before


def test_restore_refuses_while_loket_has_the_database_open(
    office_with_work: Office, tmp_path: Path
) -> None:
    desk = office_with_work
    copy = backup.backup(database_path(desk.folder), tmp_path, now=MORNING)
    with desk.db.read() as s:  # keeps a pooled connection open, as a running app does
        s.connection()
    with pytest.raises(backup.DatabaseInUse):
        backup.restore(desk.folder, copy, now=MORNING)
    assert task_count(database_path(desk.folder)) == 5
    assert not list(desk.folder.glob(".restore-*"))


def test_restore_of_a_good_backup_keeps_the_old_database_aside(
    office_with_work: Office, tmp_path: Path
) -> None:
    desk = office_with_work
    copy = backup.backup(database_path(desk.folder), tmp_path, now=MORNING)
    receive(desk.db, desk.officer.id, now=MORNING + timedelta(hours=2))
    desk.db.dispose()
    assert task_count(database_path(desk.folder)) == 6

    result = backup.restore(desk.folder, copy, now=NOW)
    assert result.tasks == 5 and result.events > 5
    assert result.kept_aside == desk.folder / "loket-before-restore-20261127-170000.sqlite3"
    assert task_count(result.kept_aside) == 6 and verify_database(result.kept_aside).ok
    assert not (desk.folder / "loket.sqlite3-wal").exists()
    db = open_database(desk.folder)
    try:
        assert task_count(database_path(desk.folder)) == 5
        receive(db, desk.officer.id, now=MORNING + timedelta(hours=3))
    finally:
        db.dispose()
    assert verify_database(database_path(desk.folder)).ok
    assert copy.is_file()  # the backup itself is only read


def test_backup_and_restore_from_the_cli(
    office_with_work: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = office_with_work
    folder = str(desk.folder)
    assert main(["backup", "--data-dir", folder]) == 0
    made = backup.list_backups(backup.backup_folder(desk.folder))
    assert len(made) == 1 and str(made[0]) in capsys.readouterr().out
    assert main(["backup", "--to", str(tmp_path / "usb"), "--data-dir", folder]) == 0
    assert len(backup.list_backups(tmp_path / "usb")) == 1
    capsys.readouterr()

    receive(desk.db, desk.officer.id, now=MORNING + timedelta(hours=2))
    desk.db.dispose()
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(made[0].read_bytes()[:5000])
    before = fingerprint(desk.folder)
    assert main(["restore", str(broken), "--data-dir", folder]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("desk-app: broken.sqlite3 tidak dipulihkan") and "\n" not in err
    assert fingerprint(desk.folder) == before

    assert main(["restore", str(made[0]), "--data-dir", folder]) == 0
    assert "database lama disimpan" in capsys.readouterr().out
    assert task_count(database_path(desk.folder)) == 5
    assert main(["verify", "--data-dir", folder]) == 0


def test_restore_refuses_another_desks_backup_unless_told(
    office_with_work: Office, tmp_path: Path
) -> None:
    other_folder = tmp_path / "other-desk"
    other = open_database(other_folder, create=True)
    with other.write() as s:
        installation.setup_office(
            s,
            office_code=OFFICE_CODE,
            admin_nip=ADMIN_NIP,
            admin_name="Siti Aminah",
            admin_pin=PIN,
            now=MORNING,
        )
    foreign = backup.backup(database_path(other_folder), tmp_path / "foreign", now=MORNING)
    other.dispose()
    desk = office_with_work
    desk.db.dispose()
    before = fingerprint(desk.folder)
    with pytest.raises(ValidationError, match="--other-desk") as caught:
        backup.restore(desk.folder, foreign, now=MORNING)
    assert caught.value.field == "file"
    assert fingerprint(desk.folder) == before
    result = backup.restore(desk.folder, foreign, other_desk=True, now=NOW)
    assert result.tasks == 0 and result.kept_aside is not None
