"""Engine and session set-up for the office's SQLite file."""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from desk_app.common.errors import DatabaseDamaged, DeskError, StorageUnavailable

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000

# SQLite's primary result codes (the low byte of an extended code) that are not damage.
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 10, 13, 14
# ... and the two that are: the file's content is not a sound database.
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
_READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
# Less free space than this on the data folder's disk makes an I/O error a full disk.
_NEARLY_FULL = 256 * 1024


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


def writable(path: Path) -> bool:
    """True when the database file (if it exists) and its folder can be written."""
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def read_only_reason(path: Path) -> str:
    """Why the database at `path` cannot be written: a read-only disk or the permissions."""
    try:
        read_only_disk = bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        read_only_disk = False
    return os.strerror(errno.EROFS if read_only_disk else errno.EACCES)


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < _NEARLY_FULL
    except OSError:
        return False


def _detail(exc: BaseException) -> str:
    """The reason of an error on one line, without the path the message names itself."""
    text = getattr(exc, "strerror", None) or str(exc)
    return " ".join(text.split())


def storage_problem(exc: BaseException, path: Path) -> DeskError | None:
    """What a failure of SQLite or of the disk means for the database at `path`.

    A read-only folder, a full disk, a lock held too long or a failing disk is a
    StorageUnavailable (the file is fine: nothing to restore); unreadable content is
    DatabaseDamaged. None when `exc` is neither (a bug, a constraint).
    """
    cause: BaseException = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the DBAPI's
    folder = path.parent
    detail = _detail(cause)
    if isinstance(cause, sqlite3.Error):
        code = (getattr(cause, "sqlite_errorcode", None) or 0) & 0xFF
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
            seconds = max(1, BUSY_TIMEOUT_MS // 1000)
            return StorageUnavailable("db.locked", name=path.name, seconds=seconds)
        if code == _SQLITE_FULL or (code == _SQLITE_IOERR and _nearly_full(folder)):
            return StorageUnavailable("db.disk_full", folder=str(folder))
        if code in (_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CANTOPEN):
            if not writable(path):
                detail = read_only_reason(path)
                return StorageUnavailable("db.read_only", folder=str(folder), detail=detail)
            return StorageUnavailable("db.io_error", name=path.name, detail=detail)
        # "no such table": a database of another program, or an empty one.
        if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "no such table" in detail:
            return DatabaseDamaged("db.unreadable", name=path.name, detail=detail)
        return None
    if isinstance(cause, OSError):
        if cause.errno in _FULL_ERRNOS:
            return StorageUnavailable("db.disk_full", folder=str(folder))
        if cause.errno in _READ_ONLY_ERRNOS:
            return StorageUnavailable("db.read_only", folder=str(folder), detail=detail)
    return None


def check_integrity(path: Path, *, quick: bool = False) -> None:
    """Raise DatabaseDamaged unless SQLite's integrity check passes; never writes.

    A file that cannot be opened for a reason other than its content (a read-only or full
    disk, a lock) raises StorageUnavailable instead: restoring a backup would not help.
    """
    pragma = "quick_check" if quick else "integrity_check"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        problem = storage_problem(exc, path)
        if isinstance(problem, StorageUnavailable):
            raise problem from exc
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
