"""Alembic migrations run at start-up, so an office that upgrades keeps its data.

Alembic is imported only when a database needs it: a file already at `HEAD_REVISION` is
recognised with one plain query, which keeps Alembic (and Mako) out of a normal start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# The newest revision in migrations/versions. A new migration must update it:
# tests/core/test_storage.py compares it with Alembic's own idea of the head.
HEAD_REVISION = "0009"


def alembic_config(engine: Engine) -> Config:
    """An Alembic config bound to our migrations folder and the given engine."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty file)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine | None = None) -> str | None:
    """The newest revision this version of the app knows, as Alembic reads the scripts."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config).get_current_head()


def is_at_head(engine: Engine) -> bool:
    """True when the database records exactly `HEAD_REVISION` (plain SQL, no Alembic)."""
    with engine.connect() as conn:
        known = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).first()
        if known is None:
            return False
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    return [tuple(row) for row in rows] == [(HEAD_REVISION,)]


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision`."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)
