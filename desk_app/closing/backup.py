"""Backups: consistent copies through SQLite's online backup API, pruning, checked restore."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

from desk_app.common.errors import (
    DatabaseDamaged,
    DeskError,
    NotConfigured,
    NotFoundError,
    ValidationError,
)
from desk_app.common.files import check_output_folder
from desk_app.common.messages import Text
from desk_app.common.paths import (
    BACKUPS_DIR,
    create_private_file,
    database_path,
    make_private,
    make_private_dir,
)
from desk_app.common.workdays import JAKARTA
from desk_app.db.migrate import MIGRATIONS_DIR
from desk_app.eventlog.verify import verify_database
from desk_app.office.meta import DEVICE_ID, OFFICE_CODE

BACKUP_FOLDER = BACKUPS_DIR
BUSY_TIMEOUT_S = 10.0
_NAME_RE = re.compile(r"^loket-(\d{8}-\d{6})(?:-[A-Za-z0-9_.-]+)?\.sqlite3$")


class DatabaseInUse(DeskError):
    """The office database is open elsewhere (Loket is running); restore needs it closed."""


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did."""

    restored_from: Path
    database: Path
    kept_aside: Path | None  # the previous database, renamed with a timestamp
    events: int
    tasks: int


def backup_folder(data_folder: Path) -> Path:
    """The default backup folder of a data folder."""
    return data_folder / BACKUP_FOLDER


def _stamp(now: datetime) -> str:
    return now.astimezone(JAKARTA).strftime("%Y%m%d-%H%M%S")


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    """`stem + suffix` in folder, or with -2, -3 ... when taken."""
    candidate, n = folder / f"{stem}{suffix}", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{n}{suffix}"
    return candidate


def _fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not possible on every platform
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def backup(db_path: Path, dest_folder: Path, *, label: str = "", now: datetime) -> Path:
    """A consistent copy of the database in `dest_folder` as loket-YYYYmmdd-HHMMSS[-label].

    The online backup API copies every page in one step, inside one read transaction:
    the copy is a snapshot even while other connections keep writing (WAL lets them).
    """
    if not db_path.is_file():
        raise NotConfigured("backup.no_database", path=str(db_path))
    if label and not re.fullmatch(r"[A-Za-z0-9_.-]+", label):
        raise ValueError(f"backup label {label!r}: letters, digits, '.', '_' and '-' only")
    check_output_folder(dest_folder, backups=True)
    make_private_dir(dest_folder)
    stem = f"loket-{_stamp(now)}" + (f"-{label}" if label else "")
    final = _free_name(dest_folder, stem, ".sqlite3")
    partial = dest_folder / f".{final.name}.partial"
    # A fresh private file (a stale one, or a link planted there, is removed first): SQLite
    # writes into it, and its rollback journal takes the same 0600 mode.
    partial.unlink(missing_ok=True)
    create_private_file(partial)
    source = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_S)
    try:
        target = sqlite3.connect(partial)
        try:
            source.backup(target)  # pages=-1: all pages in one step
            # One self-contained file: no -wal next to a backup.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    finally:
        source.close()
    _fsync_file(partial)
    os.replace(partial, final)
    _fsync_dir(dest_folder)
    return final


def backup_time(path: Path) -> datetime | None:
    """When a backup was taken (from its name), or None for other files."""
    match = _NAME_RE.match(path.name)
    if match is None:
        return None
    return datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=JAKARTA)


def list_backups(dest_folder: Path) -> list[Path]:
    """Backups in a folder, newest first."""
    if not dest_folder.is_dir():
        return []
    found = [(backup_time(p), p) for p in dest_folder.iterdir() if p.is_file()]
    dated = [(when, p) for when, p in found if when is not None]
    return [p for _, p in sorted(dated, key=lambda item: (item[0], item[1].name), reverse=True)]


def prune(dest_folder: Path, keep_days: int, *, now: datetime) -> list[Path]:
    """Delete backups older than `keep_days` days (the newest one is always kept)."""
    if keep_days < 1:
        raise ValueError("keep_days must be at least 1")
    cutoff = now - timedelta(days=keep_days)
    removed = []
    for path in list_backups(dest_folder)[1:]:
        when = backup_time(path)
        if when is not None and when < cutoff:
            path.unlink()
            removed.append(path)
    return removed


def backup_after_close(data_folder: Path, *, day: date, keep_days: int, now: datetime) -> Path:
    """The backup taken after a day close (label close-YYYY-MM-DD), then pruning."""
    folder = backup_folder(data_folder)
    path = backup(database_path(data_folder), folder, label=f"close-{day.isoformat()}", now=now)
    prune(folder, keep_days, now=now)
    return path


def _known_revisions() -> set[str]:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def _refuse(name: str, why: Text) -> DatabaseDamaged:
    return DatabaseDamaged("backup.refused", name=name, why=why)


def _check_candidate(candidate: Path, name: str) -> tuple[int, int]:
    """Integrity, schema and the full verify on a private copy; (events, tasks) when good."""
    try:
        conn = sqlite3.connect(candidate)
        try:
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
            if problems:
                raise _refuse(name, Text("backup.why.corrupt", {"detail": "; ".join(problems[:2])}))
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if not {"meta", "events", "tasks", "alembic_version"} <= tables:
                raise _refuse(name, Text("backup.why.not_loket"))
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if revision is None or revision[0] not in _known_revisions():
                raise _refuse(name, Text("backup.why.newer_version"))
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _refuse(name, Text("backup.why.unreadable", {"detail": str(exc)})) from exc
    try:
        report = verify_database(candidate)
    except sqlite3.DatabaseError as exc:
        raise _refuse(name, Text("backup.why.corrupt", {"detail": str(exc)})) from exc
    if not report.ok:
        raise _refuse(name, Text("backup.why.verify_failed", {"problem": report.problems[0]}))
    return report.events, report.tasks


def _release(path: Path) -> bool:
    """Fold the WAL into the file and leave WAL mode; False when the file is unreadable."""
    try:
        conn = sqlite3.connect(path, timeout=1.0)
    except sqlite3.DatabaseError:
        return False
    try:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()
        if busy is None or busy[0] != 0 or mode is None or mode[0] != "delete":
            raise DatabaseInUse("backup.in_use")
        return True
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseInUse("backup.in_use") from exc
        return False
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def _identity(path: Path) -> tuple[str, str] | None:
    """(office code, device id) of a database, or None when it cannot be read."""
    try:
        # immutable: looking must not create -wal/-shm files beside the current database.
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            meta = dict(
                conn.execute(
                    "SELECT key, value FROM meta WHERE key IN (?, ?)", (OFFICE_CODE, DEVICE_ID)
                ).fetchall()
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    if OFFICE_CODE not in meta or DEVICE_ID not in meta:
        return None
    return meta[OFFICE_CODE], meta[DEVICE_ID]


def restore(
    data_folder: Path, file: Path, *, now: datetime, other_desk: bool = False
) -> RestoreResult:
    """Replace the office database with a backup, after checking a private copy of it.

    The candidate must pass `PRAGMA integrity_check` and `verify.verify_database` before
    anything is replaced; otherwise DatabaseDamaged is raised and the current database is
    left as it was. The previous database is kept as loket-before-restore-<time>.sqlite3
    (its WAL folded in first, or its -wal/-shm moved with it when it is unreadable).
    """
    source = Path(file)
    if not source.is_file():
        raise NotFoundError("backup.file_missing", path=str(source))
    make_private_dir(data_folder)
    target = database_path(data_folder)
    candidate = data_folder / f".restore-{_stamp(now)}.sqlite3.partial"
    candidate.unlink(missing_ok=True)
    create_private_file(candidate)  # copyfile keeps the mode of an existing file
    shutil.copyfile(source, candidate)
    make_private(candidate)
    try:
        events, tasks = _check_candidate(candidate, source.name)
        current = _identity(target) if target.exists() else None
        restored = _identity(candidate)
        # Two desks sharing one device id would interleave two chains under one name.
        if current and restored and current != restored and not other_desk:
            raise ValidationError(
                "file",
                "backup.other_desk",
                name=source.name,
                backup_office=restored[0],
                current_office=current[0],
            )
        _fsync_file(candidate)
        kept: Path | None = None
        if target.exists():
            _release(target)
            kept = _free_name(data_folder, f"loket-before-restore-{_stamp(now)}", ".sqlite3")
            os.replace(target, kept)
            for suffix in ("-wal", "-shm", "-journal"):
                side = target.with_name(target.name + suffix)
                if side.exists():
                    os.replace(side, kept.with_name(kept.name + suffix))
        os.replace(candidate, target)
        _fsync_dir(data_folder)
    finally:
        with contextlib.suppress(OSError):
            candidate.unlink()
    return RestoreResult(
        restored_from=source, database=target, kept_aside=kept, events=events, tasks=tasks
    )
