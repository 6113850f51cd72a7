"""Small helpers shared by the tests."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desk_app.common.paths import database_path
from desk_app.counter import tasks
from desk_app.db.engine import Database
from desk_app.office import catalogue

GOOD_NIK = "3174085205900003"
# A Wednesday morning in Jakarta (02:00 UTC = 09:00 WIB), not a holiday: the tests' "now".
MORNING = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


class ManualClock:
    """A clock that reads what a test sets: it stands still unless advanced."""

    def __init__(self, start: datetime = MORNING) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> datetime:
        """Move the clock on (keyword arguments of timedelta) and return the new moment."""
        self.moment += timedelta(**delta)
        return self.moment

    def set(self, moment: datetime) -> None:
        """Jump to `moment`."""
        self.moment = moment


def counts(folder: Path) -> dict[str, int]:
    """Rows per table, read through a separate plain sqlite3 connection."""
    conn = sqlite3.connect(database_path(folder))
    try:
        return {
            table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("events", "tasks", "points", "applicants", "agency_stints")
        }
    finally:
        conn.close()


@contextmanager
def nothing_written(folder: Path) -> Iterator[None]:
    """Assert the block leaves every table as it was."""
    before = counts(folder)
    yield
    assert counts(folder) == before


def receive(
    db: Database,
    actor: str,
    *,
    service: str = "KEL-SKT-01",
    now: datetime = MORNING,
    nik: str = GOOD_NIK,
    name: str = "Budi Santoso",
) -> tasks.TaskView:
    """One intake in its own transaction."""
    with db.write() as session:
        first_document = catalogue.get_service(session, code=service).required_documents[:1]
        return tasks.receive_task(
            session,
            actor_id=actor,
            service_code=service,
            nik=nik,
            name=name,
            phone="081234567890",
            documents_received=first_document,
            handling_seconds=180,
            now=now,
        )


def later(moment: datetime, minutes: int) -> datetime:
    """A moment some minutes later."""
    return moment + timedelta(minutes=minutes)


def scribble_index(path: Path) -> str:
    """Overwrite an index root page's header, as a failing disk would; the file's new hash."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'ix_applicants_name_norm'"
    ).fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start : start + 12] = b"\x07" * 12
    path.write_bytes(bytes(data))
    return hashlib.sha256(bytes(data)).hexdigest()
