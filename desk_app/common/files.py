"""Writing files so that a crash never leaves half of one, and never where it must not.

Every file a command writes for the user (a receipt, a day report, an export) goes through
`write_atomically`, which first asks `check_output_path`: the target must be a regular
file this process may write, or a new name in a folder. Never the office database or the
SQLite files beside it, never a file of the office's backups folder, never any SQLite
database, device, directory, FIFO, socket or symbolic link. A refusal is an OutputRefused
error that names the path.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from desk_app.common.errors import OutputRefused
from desk_app.common.messages import Text
from desk_app.common.paths import BACKUPS_DIR, DATABASE_SIDE_FILES, database_path

SQLITE_MAGIC = b"SQLite format 3\x00"
_WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")

# Data folders whose database this process opened: their files are never output targets.
_protected: set[Path] = set()


def protect_data_dir(folder: Path) -> None:
    """Never write over this data folder's database, its side files or its backups."""
    _protected.add(Path(os.path.realpath(folder)))


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _refuse(path: Path, why: Text) -> OutputRefused:
    return OutputRefused("output.refused", path=str(path), why=why)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _protected_reason(real: Path) -> Text | None:
    """Why a (resolved) path belongs to an office this process opened, or None."""
    for folder in _protected:
        db = database_path(folder)
        if real == db or real in {db.with_name(db.name + s) for s in DATABASE_SIDE_FILES}:
            return Text("output.why.office_database")
        if _inside(real, folder / BACKUPS_DIR):
            return Text("output.why.backups")
    return None


def _is_database(path: Path) -> bool:
    """True for an SQLite database or WAL, or a side file beside a database."""
    with contextlib.suppress(OSError), path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
        if head == SQLITE_MAGIC or head[:4] in _WAL_MAGIC:
            return True
    for suffix in DATABASE_SIDE_FILES:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            main = path.with_name(path.name[: -len(suffix)])
            with contextlib.suppress(OSError), main.open("rb") as handle:
                if handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC:
                    return True
    return False


def check_output_path(path: Path) -> None:
    """Raise OutputRefused unless `path` is a new name or a regular file we may replace."""
    path = Path(path)
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError:  # e.g. a parent that is a file: writing will say why
        return
    if mode is not None and stat.S_ISLNK(mode):
        raise _refuse(path, Text("output.why.symlink"))
    real = _real(path)
    reason = _protected_reason(real)
    if reason is not None:
        raise _refuse(path, reason)
    if mode is None:
        return
    if stat.S_ISDIR(mode):
        raise _refuse(path, Text("output.why.directory"))
    if not stat.S_ISREG(mode):
        raise _refuse(path, Text("output.why.special"))
    if _is_database(path):
        raise _refuse(path, Text("output.why.database"))
    if not os.access(path, os.W_OK):
        raise _refuse(path, Text("output.why.read_only"))


def check_output_folder(folder: Path, *, backups: bool = False) -> None:
    """Raise OutputRefused unless files can be written in `folder` (made if missing).

    `backups` allows the office's backups folder, where only backups are written.
    """
    folder = Path(folder)
    real = _real(folder)
    reason = _protected_reason(real)
    if reason is not None and (reason.key == "output.why.office_database" or not backups):
        raise _refuse(folder, reason)
    existing = folder
    while not existing.exists():
        if existing.is_symlink():  # a dangling link
            raise _refuse(folder, Text("output.why.not_a_folder"))
        if existing.parent == existing:
            break
        existing = existing.parent
    if not existing.is_dir():
        raise _refuse(folder, Text("output.why.not_a_folder"))
    if not os.access(existing, os.W_OK | os.X_OK):
        raise _refuse(folder, Text("output.why.folder_not_writable"))


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file through a temporary sibling and a rename: never half a file.

    The file is readable by its owner only (mkstemp's 0600): what Loket writes holds
    personal data. Raises OutputRefused (see `check_output_path`) before writing anything.
    """
    check_output_path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
