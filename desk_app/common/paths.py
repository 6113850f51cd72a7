"""Where Loket keeps its data and finds its shipped resources."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "Loket"
DATA_DIR_ENV = "DESK_APP_DATA_DIR"
DATABASE_FILE = "loket.sqlite3"

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
