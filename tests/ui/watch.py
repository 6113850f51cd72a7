"""Watching which thread, and which GUI code, opens a database transaction (invariant 6)."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest

from desk_app.db.engine import Database

Opened = tuple[str, str | None]  # (thread name, the desk_app/ui frame that asked, if any)


def watched(
    opener: Callable[[], AbstractContextManager[Any]], seen: list[Opened]
) -> Callable[[], AbstractContextManager[Any]]:
    """Wrap db.read/db.write to note which thread, and which GUI code, opened a transaction."""

    @contextmanager
    def wrapper() -> Iterator[Any]:
        ui_frames = [
            f"{frame.filename}:{frame.lineno}"
            for frame in traceback.extract_stack()
            if "/desk_app/ui/" in frame.filename
        ]
        seen.append((threading.current_thread().name, ui_frames[-1] if ui_frames else None))
        with opener() as session:
            yield session

    return wrapper


def watch_transactions(db: Database, monkeypatch: pytest.MonkeyPatch) -> list[Opened]:
    """From now on, note every read and write transaction opened on `db`; the notes."""
    seen: list[Opened] = []
    monkeypatch.setattr(db, "read", watched(db.read, seen))
    monkeypatch.setattr(db, "write", watched(db.write, seen))
    return seen


def opened_by_widgets(seen: list[Opened]) -> list[Opened]:
    """The transactions GUI code asked for."""
    return [(thread, where) for thread, where in seen if where is not None]


def on_the_gui_thread(seen: list[Opened]) -> list[str]:
    """Where GUI code opened a transaction on the GUI thread: should be nowhere."""
    gui = threading.main_thread().name
    return [where for thread, where in opened_by_widgets(seen) if thread == gui and where]
