"""The city's database: an embedded SQLite file by default, PostgreSQL for real deployments."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

URL_VARIABLE = "DESK_CENTRAL_DATABASE_URL"
DATA_VARIABLE = "DESK_CENTRAL_DATA_DIR"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def database_url(*, data_dir: Path | None = None, url: str | None = None) -> str:
    """--database-url, else $DESK_CENTRAL_DATABASE_URL, else a SQLite file in the data folder."""
    chosen = url or os.environ.get(URL_VARIABLE)
    if chosen:
        return chosen
    folder = data_dir or Path(os.environ.get(DATA_VARIABLE) or Path.cwd() / "central-data")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return f"sqlite:///{folder / 'central.sqlite3'}"


# The page cache of each connection (KiB; SQLite's default is 2 MiB). The events table's
# uuid index takes inserts at random places: with the default cache a large push re-reads
# its pages from the OS at every batch. Pages are allocated only as they are used.
SQLITE_CACHE_KIB = 64 * 1024
# Pages the WAL may hold before a commit copies them into the database file (SQLite's
# default is 1,000, about 4 MiB: a push of 2,000 events wrote a checkpoint at nearly every
# commit, re-writing the same index pages each time). At 16,000 (about 64 MiB of WAL) a
# page changed by many pushes is copied once; every commit is still synced to the WAL
# (synchronous=FULL), so this changes when pages reach the main file, not durability.
SQLITE_CHECKPOINT_PAGES = 16_000
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=30000",
    f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}",
    f"PRAGMA wal_autocheckpoint={SQLITE_CHECKPOINT_PAGES}",
)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (pysqlite's quirk)
    cursor = dbapi_conn.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine; SQLite writers take the lock at BEGIN so pushes serialise cleanly."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (Alembic), keeping every row."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    command.upgrade(config, "head")


class Store:
    """The city's database: one engine, transactions as context managers."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_postgres(self) -> bool:
        """True on PostgreSQL (row locks), False on SQLite (a file lock)."""
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed at the end, rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()


def open_store(url: str) -> Store:
    """A store whose schema is current."""
    store = Store(url)
    migrate(store.engine)
    return store


SQLITE_IN_CHUNK = 900  # bound values per IN on SQLite (its old limit is 999 a statement)


def rows_where_in(
    session: Session, select_from: str, office_code: str, column: str, values: Sequence[str]
) -> list[tuple[Any, ...]]:
    """The rows of `select_from` (a "SELECT ... FROM table" of trusted text) whose
    office_code is `office_code` and whose `column` is one of `values`, below the ORM.

    SQLite: bound values, in chunks it takes. PostgreSQL: one array, = ANY(%s), in a
    statement never prepared: a prepared one soon takes a generic plan that, on a table
    without statistics yet, compares each row with every value (seconds per push); an
    unprepared one is planned for the values it has, as a literal IN list is.
    """
    if not values:
        return []
    conn = session.connection()
    driver = conn.connection.driver_connection
    assert driver is not None
    if conn.dialect.name == "postgresql":
        sql = f"{select_from} WHERE office_code = %s AND {column} = ANY(%s)"
        with driver.cursor() as cursor:
            cursor.execute(sql, (office_code, list(values)), prepare=False)
            return list(cursor.fetchall())
    rows: list[tuple[Any, ...]] = []
    listed = list(values)
    for first in range(0, len(listed), SQLITE_IN_CHUNK):
        chunk = listed[first : first + SQLITE_IN_CHUNK]
        marks = ", ".join("?" * len(chunk))
        sql = f"{select_from} WHERE office_code = ? AND {column} IN ({marks})"
        rows.extend(driver.execute(sql, (office_code, *chunk)).fetchall())
    return rows
