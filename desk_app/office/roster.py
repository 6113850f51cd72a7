"""Who may log in, read with plain sqlite3 so the login page can show before the ORM loads."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desk_app.db.migrate import HEAD_REVISION
from desk_app.office.meta_keys import OFFICE_CODE


@dataclass(frozen=True)
class RosterEntry:
    """An active officer as the login list shows them."""

    id: str
    nip: str
    name: str
    role: str


@dataclass(frozen=True)
class Roster:
    """The office and its active officers, as the login page needs them."""

    office_code: str
    office_name: str
    office_level: str
    officers: tuple[RosterEntry, ...]


# The same order as officers.list_officers (tests/core/test_roster.py keeps them in step).
_OFFICERS = "SELECT id, nip, name, role FROM officers WHERE active = 1 ORDER BY name"
_OFFICE = (
    "SELECT o.code, o.name, o.level FROM meta m JOIN offices o ON o.code = m.value WHERE m.key = ?"
)


def read_roster(db_path: Path) -> Roster | None:
    """The roster of a configured, current office file; None when anything is unusual.

    None sends start-up down the full path (migrations, set-up wizard, damage checks), so
    this read only has to be right for an ordinary, healthy office.
    """
    if not db_path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=0.5)
    except sqlite3.Error:
        return None
    try:
        with contextlib.closing(conn):
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            if revision != [(HEAD_REVISION,)]:
                return None
            office = conn.execute(_OFFICE, (OFFICE_CODE,)).fetchone()
            if office is None:
                return None
            rows = conn.execute(_OFFICERS).fetchall()
    except sqlite3.Error:
        return None
    officers = tuple(RosterEntry(*(str(value) for value in row)) for row in rows)
    return Roster(str(office[0]), str(office[1]), str(office[2]), officers)
