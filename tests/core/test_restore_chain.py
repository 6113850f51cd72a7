"""A restore never hands out a number twice, and a stop at any step leaves a whole database."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from desk_app.cli import main
from desk_app.closing import backup
from desk_app.common.paths import database_path
from desk_app.db.storage import open_database
from desk_app.eventlog import kinds
from desk_app.eventlog.verify import verify_database
from desk_app.sync import state
from tests.conftest import Office
from tests.helpers import MORNING, receive

ROOT = Path(__file__).resolve().parents[2]
KILLED = 9


def _rows(path: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _device(path: Path) -> str:
    return str(_rows(path, "SELECT value FROM meta WHERE key = 'device_id'")[0][0])


def _tracking_numbers(path: Path) -> set[str]:
    return {str(r[0]) for r in _rows(path, "SELECT tracking_no FROM tasks")}


def _places(path: Path) -> dict[tuple[str, int], str]:
    """(device, seq) -> event uuid."""
    return {
        (str(d), int(s)): str(u)
        for d, s, u in _rows(path, "SELECT device_id, seq, uuid FROM events")
    }


@pytest.fixture
def worked(desk: Office, tmp_path: Path) -> tuple[Office, Path, list[str]]:
    """An office with 3 intakes, a backup of it, then 2 more intakes the backup lacks."""
    for n in range(3):
        receive(desk.db, desk.officer.id, now=MORNING + timedelta(minutes=n))
    copy = backup.backup(database_path(desk.folder), tmp_path / "usb", now=MORNING)
    later = [
        receive(desk.db, desk.officer.id, now=MORNING + timedelta(hours=1, minutes=n)).tracking_no
        for n in range(2)
    ]
    desk.db.dispose()
    return desk, copy, later


def test_after_a_restore_no_tracking_number_or_event_place_is_reused(
    worked: tuple[Office, Path, list[str]],
) -> None:
    desk, copy, later = worked
    path = database_path(desk.folder)
    old_device = _device(path)
    before = _places(path)

    result = backup.restore(desk.folder, copy, now=MORNING + timedelta(hours=2))
    db = open_database(desk.folder)
    try:
        fresh = receive(db, desk.officer.id, now=MORNING + timedelta(hours=3)).tracking_no
    finally:
        db.dispose()

    assert fresh not in later
    assert fresh.split("-")[2] == "101" and later[0].split("-")[2] == "01"
    assert _device(path) == result.device_id != old_device
    assert (result.predecessor_device_id, result.device_no) == (old_device, 101)
    # No (device, seq) names two different events, across the old and the new database.
    after = _places(path)
    assert all(before[place] == uuid for place, uuid in after.items() if place in before)
    first = _rows(
        path, "SELECT kind, payload FROM events WHERE device_id = ? AND seq = 1", result.device_id
    )
    assert first[0][0] == kinds.DESK_RESTORED
    payload = json.loads(str(first[0][1]))
    assert payload["predecessor_device_id"] == old_device
    assert payload["predecessor_last_seq"] == result.predecessor_last_seq
    assert result.predecessor_last_seq < max(s for d, s in before if d == old_device)
    # The two intakes the backup lacks are set aside: counted, and kept in the copy.
    assert result.kept_aside is not None and result.set_aside is not None
    assert result.set_aside == len(before) - (result.predecessor_last_seq)
    assert set(later) <= _tracking_numbers(result.kept_aside)
    assert not set(later) & _tracking_numbers(path)
    report = verify_database(path)
    assert report.ok, report.problems
    assert verify_database(result.kept_aside).ok


def test_restoring_the_same_backup_twice_takes_yet_another_number(
    worked: tuple[Office, Path, list[str]],
) -> None:
    desk, copy, later = worked
    issued = set(later)
    numbers = []
    for n in range(2):
        result = backup.restore(desk.folder, copy, now=MORNING + timedelta(hours=2, minutes=n))
        numbers.append(result.device_no)
        db = open_database(desk.folder)
        try:
            view = receive(db, desk.officer.id, now=MORNING + timedelta(hours=3, minutes=n))
        finally:
            db.dispose()
        assert view.tracking_no not in issued
        issued.add(view.tracking_no)
    assert numbers == [101, 201]
    assert verify_database(database_path(desk.folder)).ok


def test_the_sync_state_is_reset_for_the_successor(desk: Office, tmp_path: Path) -> None:
    receive(desk.db, desk.officer.id)
    with desk.db.write() as s:
        state.save(
            s,
            **{
                state.SERVER: "https://kota.example",
                state.TOKEN: "secret",
                state.ACKED_SEQ: "3",
                state.ACKED_HASH: "ab" * 32,
            },
        )
    copy = backup.backup(database_path(desk.folder), tmp_path, now=MORNING)
    desk.db.dispose()
    result = backup.restore(desk.folder, copy, now=MORNING + timedelta(hours=1))
    db = open_database(desk.folder)
    try:
        with db.read() as s:
            sync = state.load(s)
    finally:
        db.dispose()
    # The predecessor's secret is kept to claim the succession at the next sync.
    assert sync.succession_pending and sync.server == "https://kota.example"
    assert (sync.token, sync.predecessor_token) == ("", "secret")
    assert (sync.acked_seq, sync.problem_reason) == (0, "")
    assert sync.predecessor == result.predecessor_device_id
    assert (sync.predecessor_acked_seq, sync.predecessor_last_seq) == (
        3,
        result.predecessor_last_seq,
    )


def test_a_restored_desk_that_held_no_secret_must_enrol_again(desk: Office, tmp_path: Path) -> None:
    with desk.db.write() as s:
        state.save(s, **{state.SERVER: "https://kota.example"})
    copy = backup.backup(database_path(desk.folder), tmp_path, now=MORNING)
    desk.db.dispose()
    backup.restore(desk.folder, copy, now=MORNING + timedelta(hours=1))
    db = open_database(desk.folder)
    try:
        with db.read() as s:
            sync = state.load(s)
    finally:
        db.dispose()
    assert not sync.enrolled and not sync.succession_pending
    assert sync.problem_reason == state.NOT_ENROLLED


def test_a_restore_late_on_a_closed_day_starts_the_new_chain_that_day(
    desk: Office, tmp_path: Path
) -> None:
    from desk_app.closing import dayclose
    from desk_app.common.workdays import local_day

    receive(desk.db, desk.officer.id)
    with desk.db.write() as s:
        dayclose.close_day(
            s,
            lead_id=desk.lead.id,
            day=local_day(MORNING),
            now=MORNING + timedelta(hours=8),
            acknowledge=True,
            reason="Berkas menunggu pemohon besok",
        )
    copy = backup.backup(database_path(desk.folder), tmp_path, now=MORNING + timedelta(hours=8))
    desk.db.dispose()
    backup.restore(desk.folder, copy, now=MORNING + timedelta(hours=9))
    report = verify_database(database_path(desk.folder))
    assert report.ok, report.problems


def test_verify_holds_the_predecessor_to_where_it_was_succeeded(
    worked: tuple[Office, Path, list[str]],
) -> None:
    desk, copy, _ = worked
    result = backup.restore(desk.folder, copy, now=MORNING + timedelta(hours=2))
    path = database_path(desk.folder)
    assert verify_database(path).ok
    # Dropping the predecessor's last event (and moving its head back) is still noticed.
    conn = sqlite3.connect(path)
    last = result.predecessor_last_seq
    (uuid,) = conn.execute(
        "SELECT uuid FROM events WHERE device_id = ? AND seq = ?",
        (result.predecessor_device_id, last),
    ).fetchone()
    conn.execute("DELETE FROM points WHERE event_uuid = ?", (uuid,))
    conn.execute("DELETE FROM receipt_prints WHERE event_uuid = ?", (uuid,))
    conn.execute("DELETE FROM events WHERE uuid = ?", (uuid,))
    (prev,) = conn.execute(
        "SELECT hash FROM events WHERE device_id = ? AND seq = ?",
        (result.predecessor_device_id, last - 1),
    ).fetchone()
    conn.execute(
        "UPDATE chain_heads SET seq = ?, hash = ? WHERE device_id = ?",
        (last - 1, prev, result.predecessor_device_id),
    )
    conn.commit()
    conn.close()
    problems = verify_database(path).problems
    assert any("where its successor took over" in p for p in problems), problems


def test_a_connection_opened_before_the_swap_cannot_write_afterwards(
    worked: tuple[Office, Path, list[str]],
) -> None:
    desk, copy, _ = worked
    path = database_path(desk.folder)
    stale = sqlite3.connect(path, timeout=0.1)  # opened, not yet used: holds no lock
    try:
        backup.restore(desk.folder, copy, now=MORNING + timedelta(hours=2))
        with pytest.raises(sqlite3.DatabaseError):
            stale.execute("PRAGMA journal_mode=WAL")
            stale.execute("INSERT INTO meta (key, value) VALUES ('late', 'write')")
            stale.commit()
    finally:
        stale.close()
    assert not _rows(path, "SELECT 1 FROM meta WHERE key = 'late'")
    assert not path.with_name(path.name + "-wal").exists()
    assert verify_database(path).ok


def test_the_cli_reports_what_was_set_aside(
    worked: tuple[Office, Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    desk, copy, _ = worked
    assert main(["restore", str(copy), "--data-dir", str(desk.folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    aside = [line for line in out if "disisihkan" in line]
    assert len(aside) == 2, out
    count, file = aside
    assert count.endswith(": 2")  # the two intakes' task.received events
    assert file.split(": ")[1].startswith(str(desk.folder / "loket-before-restore-"))


_CHILD = """
import os, sys
from datetime import datetime
from pathlib import Path
from typing import Any
from desk_app.closing import backup
folder, copy, now, stop = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]

def on_step(step):
    if step == stop:
        os._exit(9)

backup.restore(folder, copy, now=datetime.fromisoformat(now), on_step=on_step)
"""


@pytest.mark.parametrize("step", backup.RESTORE_STEPS)
def test_a_restore_killed_at_any_step_leaves_the_old_or_the_restored_database(
    worked: tuple[Office, Path, list[str]], step: str
) -> None:
    desk, copy, later = worked
    path = database_path(desk.folder)
    old_device, old_numbers = _device(path), _tracking_numbers(path)
    when = (MORNING + timedelta(hours=2)).isoformat()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(desk.folder), str(copy), when, step],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == KILLED, done.stderr
    assert path.is_file()
    report = verify_database(path)
    assert report.ok, report.problems
    swapped = backup.RESTORE_STEPS.index(step) >= backup.RESTORE_STEPS.index(backup.SWAPPED)
    if swapped:
        assert _device(path) != old_device and not set(later) & _tracking_numbers(path)
    else:
        assert (_device(path), _tracking_numbers(path)) == (old_device, old_numbers)
    db = open_database(desk.folder)  # the office opens, and works on
    try:
        fresh = receive(db, desk.officer.id, now=MORNING + timedelta(hours=3)).tracking_no
    finally:
        db.dispose()
    assert fresh not in later or not swapped
    assert verify_database(path).ok
    # A restore after the stop completes (the folder is never left half-way).
    backup.restore(desk.folder, copy, now=MORNING + timedelta(hours=4))
    assert verify_database(path).ok
