"""Backups: consistent copies through SQLite's online backup API, pruning, checked restore."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

from desk_app.closing.succession import Succession, become_successor
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
from desk_app.db import migrate
from desk_app.db.engine import Database
from desk_app.db.migrate import MIGRATIONS_DIR
from desk_app.eventlog import kinds
from desk_app.eventlog.verify import verify_database
from desk_app.office.meta import DEVICE_ID, DEVICE_NO, OFFICE_CODE

BACKUP_FOLDER = BACKUPS_DIR
BUSY_TIMEOUT_S = 10.0
_NAME_RE = re.compile(r"^loket-(\d{8}-\d{6})(?:-[A-Za-z0-9_.-]+)?\.sqlite3$")


class DatabaseInUse(DeskError):
    """The office database is open elsewhere (Loket is running); restore needs it closed."""


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did, and which device the desk now is."""

    restored_from: Path
    database: Path
    kept_aside: Path | None  # a copy of the previous database, named with a timestamp
    events: int
    tasks: int
    # Events of the replaced database that the backup does not hold: they live on only in
    # `kept_aside` (None when the replaced database could not be read).
    set_aside: int | None
    predecessor_device_id: str  # the device the backup belonged to, now retired
    predecessor_last_seq: int  # its last event in the backup
    device_id: str  # the successor device this desk now is, on a fresh chain
    device_no: int  # its number in new tracking numbers


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


def _holds_close(path: Path, day: date) -> bool:
    """True when the backup file holds the seal of `day`."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            found = conn.execute(
                "SELECT 1 FROM day_closes WHERE day = ?", (day.isoformat(),)
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return found is not None


def close_backup(data_folder: Path, *, day: date, closed_at: datetime) -> Path | None:
    """A backup in the default folder taken since the close of `day` that holds it, or None.

    The close's own backup (label close-YYYY-MM-DD) normally; a later backup does as well,
    as pruning may have removed the close's own.
    """
    since = closed_at.replace(microsecond=0)
    for path in list_backups(backup_folder(data_folder)):
        when = backup_time(path)
        if when is None or when < since:
            break  # newest first: the rest predate the close
        if _holds_close(path, day):
            return path
    return None


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


# The steps of a restore, in order; `restore(on_step=...)` is called after each (tests stop
# the process there to prove that every prefix leaves a whole database in place).
PREPARED = "prepared"  # the checked copy is a successor on a fresh chain, next to the database
LOCKED = "locked"  # the current database is folded, out of WAL and locked exclusively
KEPT_ASIDE = "kept_aside"  # a copy of it is on disk as loket-before-restore-*.sqlite3
SWAPPED = "swapped"  # one rename put the restored file in its place
RESTORE_STEPS = (PREPARED, LOCKED, KEPT_ASIDE, SWAPPED)
_SIDE_FILES = ("-wal", "-shm", "-journal")


def _no_step(step: str) -> None:
    """The default of `on_step`: nothing."""


@dataclass(frozen=True)
class _Identity:
    """Who a database belongs to: office, device, and every device of its lineage."""

    office: str
    device_id: str
    device_no: int
    lineage: frozenset[str]  # this device and the ones it succeeded at earlier restores


def _identity(path: Path) -> _Identity | None:
    """The identity of a database, or None when it cannot be read."""
    try:
        # immutable: looking must not create -wal/-shm files beside the current database.
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            meta = dict(
                conn.execute(
                    "SELECT key, value FROM meta WHERE key IN (?, ?, ?)",
                    (OFFICE_CODE, DEVICE_ID, DEVICE_NO),
                ).fetchall()
            )
            before = {
                str(json.loads(payload)["predecessor_device_id"])
                for (payload,) in conn.execute(
                    "SELECT payload FROM events WHERE kind = ?", (kinds.DESK_RESTORED,)
                )
            }
        finally:
            conn.close()
    except (sqlite3.DatabaseError, ValueError, KeyError):
        return None
    if not {OFFICE_CODE, DEVICE_ID, DEVICE_NO} <= meta.keys():
        return None
    device = meta[DEVICE_ID]
    return _Identity(meta[OFFICE_CODE], device, int(meta[DEVICE_NO]), frozenset({device, *before}))


def _known_device_nos(data_folder: Path, office: str) -> list[int]:
    """Device numbers of this office in the data folder's databases and backups.

    A successor's number must be new even when the backup predates an earlier restore:
    the replaced database and the copies kept aside remember the numbers used since.
    """
    folders = (data_folder, backup_folder(data_folder))
    paths = [p for f in folders if f.is_dir() for p in sorted(f.glob("*.sqlite3")) if p.is_file()]
    found = [_identity(p) for p in paths]
    return [i.device_no for i in found if i is not None and i.office == office]


def _make_successor(candidate: Path, *, known: list[int], name: str, now: datetime) -> Succession:
    """Turn the checked copy into a successor device on a fresh chain, as one file."""
    db = Database(candidate)
    try:
        if not migrate.is_at_head(db.writer):
            migrate.upgrade(db.writer)
        with db.write() as session:
            result = become_successor(session, known_device_nos=known, backup_name=name, now=now)
    finally:
        db.dispose()
    conn = sqlite3.connect(candidate)
    try:  # fold the WAL in: the file must be whole on its own before it is renamed
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    return result


def _lock_office(target: Path, candidate: Path) -> tuple[sqlite3.Connection | None, int | None]:
    """Lock the current database exclusively; also count its events the candidate lacks.

    The in-use check (fold the WAL, leave WAL mode: only possible with no other connection)
    and BEGIN EXCLUSIVE run on one connection, so no writer can slip in between; the lock
    is held through the swap. Returns (None, None) when the current file is unreadable.
    """
    try:
        conn = sqlite3.connect(target, timeout=1.0, isolation_level=None)
    except sqlite3.DatabaseError:
        return None, None
    try:
        conn.execute("ATTACH DATABASE ? AS restored", (str(candidate),))
        conn.execute("CREATE TEMP TABLE kept AS SELECT uuid FROM restored.events")
        conn.execute("DETACH DATABASE restored")
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()
        if busy is None or busy[0] != 0 or mode is None or mode[0] != "delete":
            raise DatabaseInUse("backup.in_use")
        conn.execute("BEGIN EXCLUSIVE")
        (aside,) = conn.execute(
            "SELECT COUNT(*) FROM main.events WHERE uuid NOT IN (SELECT uuid FROM temp.kept)"
        ).fetchone()
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseInUse("backup.in_use") from exc
        return None, None
    except sqlite3.DatabaseError:
        conn.close()
        return None, None
    except BaseException:
        conn.close()
        raise
    return conn, int(aside)


def _copy_aside(target: Path, data_folder: Path, now: datetime, *, with_sides: bool) -> Path:
    """A durable copy of the current database as loket-before-restore-<time>.sqlite3."""
    kept = _free_name(data_folder, f"loket-before-restore-{_stamp(now)}", ".sqlite3")
    pairs = [(target, kept)]
    if with_sides:  # an unreadable database keeps its -wal/-shm/-journal with it
        for suffix in _SIDE_FILES:
            side = target.with_name(target.name + suffix)
            if side.exists():
                pairs.append((side, kept.with_name(kept.name + suffix)))
    for source, dest in pairs:
        partial = dest.with_name(f".{dest.name}.partial")
        partial.unlink(missing_ok=True)
        create_private_file(partial)
        try:
            shutil.copyfile(source, partial)
            _fsync_file(partial)
        except BaseException:  # e.g. the "database" is a folder: leave nothing behind
            partial.unlink(missing_ok=True)
            raise
        os.replace(partial, dest)
    _fsync_dir(data_folder)
    return kept


def restore(
    data_folder: Path,
    file: Path,
    *,
    now: datetime,
    other_desk: bool = False,
    on_step: Callable[[str], None] = _no_step,
) -> RestoreResult:
    """Replace the office database with a backup; the desk goes on as a successor device.

    The candidate must pass `PRAGMA integrity_check` and `verify.verify_database` before
    anything is replaced; otherwise DatabaseDamaged is raised and the current database is
    left as it was. The restored database gets a new device id and number and a fresh chain
    (closing/succession.py), so no sequence or tracking number is handed out twice. The
    previous database is copied to loket-before-restore-<time>.sqlite3 first, with the
    events the backup lacks; then one rename swaps the files, under an exclusive lock: a
    stop at any point leaves either the old or the restored database, whole, in place.
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
    lock: sqlite3.Connection | None = None
    try:
        events, tasks = _check_candidate(candidate, source.name)
        current = _identity(target) if target.exists() else None
        restored = _identity(candidate)
        # Another desk's backup: two PCs would go on as successors of one device.
        if (
            current
            and restored
            and (current.office != restored.office or not current.lineage & restored.lineage)
            and not other_desk
        ):
            raise ValidationError(
                "file",
                "backup.other_desk",
                name=source.name,
                backup_office=restored.office,
                current_office=current.office,
            )
        office = restored.office if restored else ""
        succession = _make_successor(
            candidate, known=_known_device_nos(data_folder, office), name=source.name, now=now
        )
        _fsync_file(candidate)
        on_step(PREPARED)
        kept: Path | None = None
        set_aside: int | None = None
        if target.exists():
            lock, set_aside = _lock_office(target, candidate)
            on_step(LOCKED)
            kept = _copy_aside(target, data_folder, now, with_sides=lock is None)
            on_step(KEPT_ASIDE)
            for suffix in _SIDE_FILES:  # the old file's, never to be read beside the new one
                target.with_name(target.name + suffix).unlink(missing_ok=True)
        os.replace(candidate, target)
        _fsync_dir(data_folder)
        on_step(SWAPPED)
    finally:
        # The lock goes with the replaced file: a connection that opened it before the
        # swap can no longer write (SQLite refuses writes to a file renamed away).
        if lock is not None:
            lock.close()
        with contextlib.suppress(OSError):
            candidate.unlink()
    return RestoreResult(
        restored_from=source,
        database=target,
        kept_aside=kept,
        events=events,
        tasks=tasks,
        set_aside=set_aside,
        predecessor_device_id=succession.predecessor_device_id,
        predecessor_last_seq=succession.predecessor_last_seq,
        device_id=succession.device_id,
        device_no=succession.device_no,
    )
