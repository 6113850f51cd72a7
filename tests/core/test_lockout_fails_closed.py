"""Hardening: the PIN lock-out fails closed.

When the attempt cannot be recorded (a full disk, a read-only file), nobody logs in, not
even with the right PIN: otherwise wrong PINs go uncounted and can be tried for ever.
The write is made to fail for real, by an SQLite trigger that aborts any change of the
failure count, seen through a fresh Database as a second desk process would.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desk_app.common.errors import AuthError, LockedOut
from desk_app.common.paths import database_path
from desk_app.db.engine import Database
from desk_app.office import officers
from tests.conftest import OFFICER_NIP, PIN, Office
from tests.helpers import MORNING

ROOT = Path(__file__).resolve().parents[2]
CLI = (sys.executable, "-m", "desk_app.cli")


def break_the_count(folder: Path) -> None:
    """From now on every write of an officer's failure count fails, like a full disk."""
    conn = sqlite3.connect(database_path(folder))
    conn.execute(
        "CREATE TRIGGER no_room BEFORE UPDATE OF failed_pins ON officers "
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    conn.commit()
    conn.close()


def failed_pins(folder: Path) -> int:
    conn = sqlite3.connect(database_path(folder))
    try:
        return int(
            conn.execute(
                "SELECT failed_pins FROM officers WHERE nip = ?", (OFFICER_NIP,)
            ).fetchone()[0]
        )
    finally:
        conn.close()


def try_login(db: Database, pin: str) -> officers.OfficerInfo:
    with db.write() as session:
        result = officers.authenticate(session, nip=OFFICER_NIP, pin=pin, now=MORNING)
    return result.raise_for_failure()


def test_the_right_pin_is_refused_when_the_attempt_cannot_be_recorded(desk: Office) -> None:
    desk.db.dispose()
    break_the_count(desk.folder)
    db = Database(database_path(desk.folder))
    try:
        with pytest.raises(AuthError) as refused:
            try_login(db, PIN)
        assert refused.value.key == "auth.attempt_not_recorded"
        assert not isinstance(refused.value, LockedOut)
        # Wrong PINs are refused with the same clear message, never a raw database error,
        # however many are tried; and the right one still does not get in afterwards.
        for _ in range(officers.MAX_WRONG_PINS + 2):
            with pytest.raises(AuthError, match="tidak dapat dicatat"):
                try_login(db, "000111")
        with pytest.raises(AuthError, match="tidak dapat dicatat"):
            officers.log_in(db, nip=OFFICER_NIP, pin=PIN, now=MORNING)
    finally:
        db.dispose()


def test_once_the_count_can_be_written_again_login_works_and_counts(desk: Office) -> None:
    desk.db.dispose()
    break_the_count(desk.folder)
    db = Database(database_path(desk.folder))
    try:
        with pytest.raises(AuthError):
            try_login(db, PIN)
        conn = sqlite3.connect(database_path(desk.folder))
        conn.execute("DROP TRIGGER no_room")
        conn.commit()
        conn.close()
        with pytest.raises(AuthError, match="Sisa percobaan: 4"):
            try_login(db, "000111")
        assert failed_pins(desk.folder) == 1
        assert officers.log_in(db, nip=OFFICER_NIP, pin=PIN, now=MORNING).id == desk.officer.id
        assert failed_pins(desk.folder) == 0
    finally:
        db.dispose()


def test_the_cli_refuses_on_one_line_and_records_nothing(desk: Office) -> None:
    desk.db.dispose()
    break_the_count(desk.folder)
    done = subprocess.run(
        [*CLI, "clock", "in", "--as", OFFICER_NIP, "--data-dir", str(desk.folder)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "DESK_APP_PIN": PIN},
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "tidak dapat dicatat" in lines[0], done.stderr
    conn = sqlite3.connect(database_path(desk.folder))
    try:
        assert conn.execute("SELECT COUNT(*) FROM attendance_sessions").fetchone()[0] == 0
    finally:
        conn.close()
