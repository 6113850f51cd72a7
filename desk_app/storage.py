"""Opening the office database: integrity check, migrations, reference data."""

from __future__ import annotations

import logging
from pathlib import Path

from desk_app import catalogue
from desk_app.db import migrate
from desk_app.db.engine import Database, check_integrity
from desk_app.db.models import Meta
from desk_app.errors import NotConfigured
from desk_app.paths import database_path

logger = logging.getLogger(__name__)

CATALOGUE_KEY = "catalogue_version"


def open_database(folder: Path, *, create: bool = False, quick_check: bool = False) -> Database:
    """Open (or create) the office database in `folder`, upgraded and ready."""
    path = database_path(folder)
    if path.exists():
        # A damaged file is reported and left as it is: no migration, no write.
        check_integrity(path, quick=quick_check)
    elif not create:
        raise NotConfigured(
            f"Belum ada database kantor di {folder}; "
            "jalankan `desk-app setup` atau `desk-app demo`."
        )
    else:
        folder.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    before = migrate.current_revision(db.writer)
    migrate.upgrade(db.writer)
    after = migrate.current_revision(db.writer)
    if before != after:
        logger.info("database %s migrated from %s to %s", path, before, after)
    with db.write() as session:
        shipped = str(catalogue.CATALOGUE_VERSION)
        row = session.get(Meta, CATALOGUE_KEY)
        if row is None or row.value != shipped:
            catalogue.load_reference_data(session)
            session.merge(Meta(key=CATALOGUE_KEY, value=shipped))
    return db
