"""Engine and session set-up for the office's SQLite file."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from desk_app.common.errors import DatabaseDamaged

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


def _configure_connection(dbapi_connection: Any, _record: Any) -> None:
    """Set the pragmas every connection needs, and take over transaction control."""
    # pysqlite's own BEGIN handling is bypassed so that we can issue BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # FULL: a change is on disk before the officer sees success (invariant 1).
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: lookups on a decade of tasks
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def make_engine(path: Path, *, immediate: bool) -> Engine:
    """An engine whose transactions start with BEGIN IMMEDIATE (writers) or BEGIN (readers)."""
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _configure_connection)
    begin_sql = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql(begin_sql)

    return engine


def check_integrity(path: Path, *, quick: bool = False) -> None:
    """Raise DatabaseDamaged unless SQLite's integrity check passes; never writes."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged("db.unreadable", name=path.name, detail=str(exc)) from exc
    problems = [str(row[0]) for row in rows if row[0] != "ok"]
    if problems:
        raise DatabaseDamaged(
            "db.integrity_failed", name=path.name, problems="; ".join(problems[:3])
        )


class OfficeSession(Session):
    """A session on the office database; its hooks (chain head, memo) listen on this class."""


class Database:
    """The office database file: one writer engine, one reader engine."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.writer = make_engine(path, immediate=True)
        self.reader = make_engine(path, immediate=False)
        # The office's own session class: its hooks never reach other sessions in the
        # process (the city server's, a test's plain Session).
        self._write_sessions = sessionmaker(
            self.writer, class_=OfficeSession, expire_on_commit=False
        )
        self._read_sessions = sessionmaker(
            self.reader, class_=OfficeSession, expire_on_commit=False
        )
        self._checked = threading.Event()
        self._checked.set()
        self._damage: DatabaseDamaged | None = None

    def check_in_background(self) -> None:
        """Run the full integrity check on a thread; writes wait for its verdict."""
        self._checked.clear()
        threading.Thread(target=self._check, name="integrity-check", daemon=True).start()

    def _check(self) -> None:
        try:
            check_integrity(self.path)
        except DatabaseDamaged as exc:
            self._damage = exc
            logger.error("integrity check failed: %s", exc)
        finally:
            self._checked.set()

    def integrity_verdict(self, timeout: float | None = None) -> DatabaseDamaged | None:
        """Wait for the integrity check; the damage found, or None when the file is sound."""
        if not self._checked.wait(timeout):
            raise TimeoutError("the integrity check is still running")
        return self._damage

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One use case that writes: BEGIN IMMEDIATE ... COMMIT (or ROLLBACK on error)."""
        # Nothing is written to a file before its integrity check has passed.
        damage = self.integrity_verdict()
        if damage is not None:
            raise damage
        with self._write_sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only snapshot."""
        with self._read_sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.writer.dispose()
        self.reader.dispose()
