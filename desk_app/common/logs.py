"""Logging set-up: a rotating log file in the data folder, readable by its owner only."""

from __future__ import annotations

import logging
import os
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path

from desk_app.common.paths import LOGS_DIR, PRIVATE_FILE_MODE, make_private, make_private_dir

LOG_FILE = "loket.log"


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A RotatingFileHandler whose files (the current one and each new one) are 0600."""

    def _open(self) -> TextIOWrapper:
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in self.mode else os.O_TRUNC)
        fd = os.open(self.baseFilename, flags, PRIVATE_FILE_MODE)
        make_private(Path(self.baseFilename))  # a file made before modes were enforced
        stream = os.fdopen(fd, self.mode, encoding=self.encoding, errors=self.errors)
        assert isinstance(stream, TextIOWrapper)
        return stream


def setup_logging(folder: Path, *, verbose: bool = False) -> None:
    """Log to `<data>/logs/loket.log` (5 x 1 MiB); warnings also to stderr when verbose."""
    root = logging.getLogger()
    if any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        return
    try:
        logs = make_private_dir(folder / LOGS_DIR)
        make_private(logs)
        for old in logs.glob(f"{LOG_FILE}*"):
            make_private(old)
        handler: logging.Handler = PrivateRotatingFileHandler(
            logs / LOG_FILE, maxBytes=1 << 20, backupCount=5, encoding="utf-8"
        )
    except OSError:
        # No log file (a read-only or full disk): stderr is kept for the command's one line.
        handler = logging.StreamHandler() if verbose else logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
