"""The login roster read with plain sqlite3 agrees with the ORM, and steps aside when unsure."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desk_app.common.paths import database_path
from desk_app.db.engine import Database
from desk_app.office import officers
from desk_app.office.roster import read_roster
from tests.conftest import OFFICE_CODE, Office


def _listed(db: Database) -> list[tuple[str, str, str, str]]:
    with db.read() as session:
        return [(o.id, o.nip, o.name, o.role) for o in officers.list_officers(session)]


def test_roster_lists_the_active_officers_in_the_orms_order(desk: Office) -> None:
    roster = read_roster(database_path(desk.folder))
    assert roster is not None
    assert roster.office_code == OFFICE_CODE
    assert [(o.id, o.nip, o.name, o.role) for o in roster.officers] == _listed(desk.db)


def test_a_deactivated_officer_leaves_the_roster(desk: Office) -> None:
    leaving = _listed(desk.db)[0]
    with sqlite3.connect(database_path(desk.folder)) as conn:
        conn.execute("UPDATE officers SET active = 0 WHERE id = ?", (leaving[0],))
    roster = read_roster(database_path(desk.folder))
    assert roster is not None
    assert leaving[0] not in {o.id for o in roster.officers}


def test_no_roster_for_a_missing_file_old_revision_or_garbage(desk: Office, tmp_path: Path) -> None:
    assert read_roster(tmp_path / "none.sqlite3") is None
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    assert read_roster(junk) is None
    path = database_path(desk.folder)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    assert read_roster(path) is None  # the full path migrates it first


def test_no_roster_before_set_up(tmp_path: Path) -> None:
    from desk_app.db.storage import open_database

    db = open_database(tmp_path, create=True)
    db.dispose()
    assert read_roster(database_path(tmp_path)) is None
