"""The store: pragmas, migrations at start-up, damaged files left untouched, no Qt in the core."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from desk_app.common.errors import DatabaseDamaged, NotConfigured
from desk_app.common.paths import database_path
from desk_app.db import migrate
from desk_app.db.engine import make_engine
from desk_app.db.storage import open_database
from tests.conftest import Office
from tests.helpers import scribble_index


def test_connections_use_wal_full_sync_and_foreign_keys(desk: Office) -> None:
    with desk.db.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_writer_takes_the_write_lock_at_begin(desk: Office) -> None:
    # BEGIN IMMEDIATE: a second writer cannot even start while the first is open.
    other = sqlite3.connect(database_path(desk.folder), timeout=0.1, isolation_level=None)
    with desk.db.write() as session:
        session.execute(text("SELECT 1"))
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")


def test_missing_office_is_reported_not_created(data_dir: Path) -> None:
    with pytest.raises(NotConfigured):
        open_database(data_dir)
    assert not database_path(data_dir).exists()


def test_a_damaged_file_is_reported_and_never_overwritten(data_dir: Path) -> None:
    data_dir.mkdir()
    path = database_path(data_dir)
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8000)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseDamaged, match="dibiarkan apa adanya"):
        open_database(data_dir)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_corrupted_page_is_caught_by_the_integrity_check(desk: Office) -> None:
    desk.db.dispose()
    path = database_path(desk.folder)
    before = scribble_index(path)
    with pytest.raises(DatabaseDamaged):
        open_database(desk.folder)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_database_from_the_first_migration_upgrades_and_keeps_its_data(data_dir: Path) -> None:
    data_dir.mkdir()
    path = database_path(data_dir)
    engine = make_engine(path, immediate=True)
    migrate.upgrade(engine, "0001")
    assert migrate.current_revision(engine) == "0001"
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO meta VALUES ('office_code', '31.74.08.1005')")
    conn.execute("INSERT INTO agencies VALUES ('X', 'Dinas X', 'Agency X')")
    conn.commit()
    conn.close()
    db = open_database(data_dir)
    assert migrate.current_revision(db.writer) == migrate.head_revision(db.writer)
    with db.read() as session:
        assert session.execute(
            text("SELECT value FROM meta WHERE key = 'office_code'")
        ).scalar() == ("31.74.08.1005")
        assert session.execute(text("SELECT name_id FROM agencies WHERE code = 'X'")).scalar() == (
            "Dinas X"
        )
        assert session.execute(text("SELECT COUNT(*) FROM service_types")).scalar() == 50
    db.dispose()


def test_importing_the_core_does_not_load_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, desk_app\n"
        "for m in pkgutil.walk_packages(desk_app.__path__, 'desk_app.'):\n"
        "    if not m.name.startswith('desk_app.ui'):\n"
        "        importlib.import_module(m.name)\n"
        "loaded = sorted(n for n in sys.modules if n.startswith('PySide6'))\n"
        "print(len([n for n in sys.modules if n.startswith('desk_app.')]))\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) > 15  # the walk really imported the core


def test_the_head_revision_constant_is_alembics_head() -> None:
    # Start-up trusts HEAD_REVISION to skip Alembic: a new migration must update it.
    assert migrate.head_revision() == migrate.HEAD_REVISION


def test_is_at_head_reads_the_revision_without_alembic(data_dir: Path) -> None:
    data_dir.mkdir()
    engine = make_engine(database_path(data_dir), immediate=True)
    assert not migrate.is_at_head(engine)  # an empty file
    migrate.upgrade(engine, "0001")
    assert not migrate.is_at_head(engine)
    migrate.upgrade(engine)
    assert migrate.is_at_head(engine)
    engine.dispose()


def test_opening_a_current_database_does_not_load_alembic(desk: Office) -> None:
    desk.db.dispose()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from desk_app.db.storage import open_database\n"
        "open_database(Path(sys.argv[1])).dispose()\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in ('alembic', 'mako')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(desk.folder)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_migrations_build_exactly_the_models(data_dir: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from desk_app.db.models import Base

    db = open_database(data_dir, create=True)
    with db.writer.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    db.dispose()


def test_deferred_check_opens_at_once_but_writes_wait_for_a_sound_file(desk: Office) -> None:
    desk.db.dispose()
    db = open_database(desk.folder, defer_check=True)
    assert db.integrity_verdict(timeout=30) is None
    with db.write() as session:
        session.execute(text("UPDATE meta SET value = value WHERE key = 'office_code'"))
    db.dispose()


def test_deferred_check_refuses_every_write_to_a_damaged_file(desk: Office) -> None:
    desk.db.dispose()
    after = scribble_index(database_path(desk.folder))
    db = open_database(desk.folder, defer_check=True)  # opens: the header is fine
    with pytest.raises(DatabaseDamaged), db.write():
        pass
    assert db.integrity_verdict() is not None
    db.dispose()
    assert hashlib.sha256(database_path(desk.folder).read_bytes()).hexdigest() == after
