"""Where Loket keeps its data and finds its shipped resources; who may read that data."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

APP_NAME = "Loket"
DATA_DIR_ENV = "DESK_APP_DATA_DIR"
DATABASE_FILE = "loket.sqlite3"
# SQLite's files beside the database: they hold its latest pages.
DATABASE_SIDE_FILES = ("-wal", "-shm", "-journal")

# Folders inside the data folder; every one of them holds personal data.
BACKUPS_DIR = "backups"
REPORTS_DIR = "reports"
LOGS_DIR = "logs"
CACHE_DIR = "cache"
RECEIPTS_DIR = "receipts"
PRIVATE_DIRS = (BACKUPS_DIR, REPORTS_DIR, LOGS_DIR, CACHE_DIR, RECEIPTS_DIR)

# Personal data is for the desk's own user only: owner read/write, no one else.
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
# The process umask of the CLI and the GUI: whatever they create is private.
PRIVATE_UMASK = 0o077

RESOURCES_DIR = Path(__file__).resolve().parents[2] / "resources"


def resource(name: str) -> Path:
    """Path of a file shipped in `resources/`."""
    return RESOURCES_DIR / name


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: the explicit one, else $DESK_APP_DATA_DIR, else the user's data folder."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs  # only when no folder is given: not on the GUI's start-up path

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def database_path(folder: Path) -> Path:
    """The office database inside a data folder."""
    return folder / DATABASE_FILE


def database_files(folder: Path) -> tuple[Path, ...]:
    """The database and the SQLite files beside it (which may or may not exist)."""
    db = database_path(folder)
    return (db, *(db.with_name(db.name + suffix) for suffix in DATABASE_SIDE_FILES))


def make_private_dir(folder: Path) -> Path:
    """Create `folder` (and its parents) if missing; a folder created here is 0700."""
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
        _chmod(folder, PRIVATE_DIR_MODE)  # mkdir's mode passes through the umask
    return folder


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only, unless it exists."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))


def make_private(path: Path) -> None:
    """Restrict an existing file to 0600 or a folder to 0700 (symbolic links are left)."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return
    if stat.S_ISDIR(mode):
        _chmod(path, PRIVATE_DIR_MODE, mode)
    elif stat.S_ISREG(mode):
        _chmod(path, PRIVATE_FILE_MODE, mode)


def _chmod(path: Path, wanted: int, mode: int | None = None) -> None:
    """chmod when the mode differs; a file of another owner is left as it is."""
    try:
        if mode is None:
            mode = path.lstat().st_mode
        if stat.S_IMODE(mode) != wanted:
            os.chmod(path, wanted)
    except OSError:
        pass


def _make_files_private(folder: Path) -> None:
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.is_file(follow_symlinks=False):
                make_private(Path(entry.path))


def secure_data_dir(folder: Path) -> None:
    """Make an existing data folder private: the folder, the database and its side files,
    the folders inside it and their files (an office set up before modes were enforced).

    The files of a subfolder already 0700 are not visited again: no one else can reach
    them, and a decade of daily reports would slow every start-up.
    """
    if not folder.is_dir():
        return
    make_private(folder)
    for path in database_files(folder):
        make_private(path)
    _make_files_private(folder)
    for name in PRIVATE_DIRS:
        sub = folder / name
        try:
            mode = sub.lstat().st_mode
        except OSError:
            continue
        if stat.S_ISDIR(mode) and stat.S_IMODE(mode) != PRIVATE_DIR_MODE:
            make_private(sub)
            _make_files_private(sub)
