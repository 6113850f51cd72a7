"""Opening the office database: integrity check, migrations, reference data."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from desk_app.common.errors import DatabaseDamaged, NotConfigured, StorageUnavailable
from desk_app.common.files import protect_data_dir
from desk_app.common.paths import (
    create_private_file,
    database_path,
    make_private_dir,
    secure_data_dir,
)
from desk_app.db import migrate
from desk_app.db.engine import (
    Database,
    check_integrity,
    read_only_reason,
    storage_problem,
    writable,
)
from desk_app.db.models import Meta
from desk_app.office import catalogue
from desk_app.points import point_rules

logger = logging.getLogger(__name__)

CATALOGUE_KEY = "catalogue_version"


def _is_current(path: Path) -> bool:
    """True when the file needs no migration and no catalogue refresh (read-only look)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            shipped = conn.execute(
                "SELECT value FROM meta WHERE key = ?", (CATALOGUE_KEY,)
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return (revision, shipped) == ((migrate.HEAD_REVISION,), (str(catalogue.CATALOGUE_VERSION),))


def _refuse_foreign(path: Path) -> None:
    """Raise DatabaseDamaged for an SQLite file of another program: never migrate into it."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    if tables and "alembic_version" not in tables:
        raise DatabaseDamaged("db.unreadable", name=path.name, detail="no alembic_version table")


def open_database(
    folder: Path, *, create: bool = False, quick_check: bool = False, defer_check: bool = False
) -> Database:
    """Open (or create) the office database in `folder`, upgraded and ready.

    With `defer_check` a file that needs no upgrade opens at once and the full integrity
    check runs in the background; writes wait for it (the GUI of a large office).
    """
    path = database_path(folder)
    protect_data_dir(folder)  # no receipt or report is ever written over these files
    try:
        return _open(folder, path, create=create, quick_check=quick_check, defer_check=defer_check)
    except (DBAPIError, sqlite3.Error, OSError) as exc:
        # A read-only folder, a full disk or a lock is said as such, never as damage.
        problem = storage_problem(exc, path)
        if problem is None:
            raise
        raise problem from exc


def _open(
    folder: Path, path: Path, *, create: bool, quick_check: bool, defer_check: bool
) -> Database:
    if path.exists() and not create and path.is_file() and path.stat().st_size == 0:
        # An empty file holds no office (a set-up that stopped before SQLite wrote a byte).
        raise NotConfigured("db.missing", folder=str(folder))
    if path.exists():
        if not writable(path):
            # Every open writes (migrations, the catalogue, SQLite's -shm): say so up front.
            detail = read_only_reason(path)
            raise StorageUnavailable("db.read_only", folder=str(folder), detail=detail)
        # Personal data: the folder 0700, the database and SQLite's -wal/-shm 0600.
        secure_data_dir(folder)
        if defer_check and _is_current(path):
            db = Database(path)
            db.check_in_background()
            _install_rules(db)
            return db
        # A damaged file is reported and left as it is: no migration, no write.
        check_integrity(path, quick=quick_check)
        _refuse_foreign(path)
    elif not create:
        raise NotConfigured("db.missing", folder=str(folder))
    else:
        make_private_dir(folder)
        secure_data_dir(folder)
        # SQLite gives its -wal and -shm the database file's mode: create it 0600 first.
        create_private_file(path)
    db = Database(path)
    try:
        _upgrade(db, path)
    except BaseException:
        db.dispose()
        raise
    return db


def _upgrade(db: Database, path: Path) -> None:
    """Migrate to the head revision and load the shipped catalogue when it changed."""
    if not migrate.is_at_head(db.writer):  # Alembic loads only when there is work for it
        before = migrate.current_revision(db.writer)
        migrate.upgrade(db.writer)
        after = migrate.current_revision(db.writer)
        if before != after:
            logger.info("database %s migrated from %s to %s", path, before, after)
    _install_rules(db)  # before the catalogue: its service weights come from the rules
    with db.write() as session:
        shipped = str(catalogue.CATALOGUE_VERSION)
        row = session.get(Meta, CATALOGUE_KEY)
        if row is None or row.value != shipped:
            catalogue.load_reference_data(session)
            session.merge(Meta(key=CATALOGUE_KEY, value=shipped))


def _install_rules(db: Database) -> None:
    """Use the points rules this office applied (the shipped file for one without)."""
    with db.read() as session:
        row = session.get(Meta, point_rules.RULES_KEY)
        stored = row.value if row is not None else None
    try:
        point_rules.install(stored)
    except (ValueError, KeyError, TypeError) as exc:
        # A damaged document: the office still opens, and verify names the damage.
        logger.error("the stored points rules do not parse (%s); using the shipped ones", exc)
        point_rules.install(None)
