"""Invariant 6: GUI code never opens a database transaction on the GUI thread."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import Office
from tests.ui.test_workflow import test_intake_to_hand_over_through_the_widgets as whole_task

Opened = tuple[str, str | None]  # (thread name, the desk_app/ui frame that asked, if any)


def _watched(
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


def test_a_whole_task_never_touches_the_database_on_the_gui_thread(
    qtbot: QtBot, desk: Office, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Opened] = []
    monkeypatch.setattr(desk.db, "read", _watched(desk.db.read, seen))
    monkeypatch.setattr(desk.db, "write", _watched(desk.db.write, seen))
    window = request.getfixturevalue("window")
    log_in = request.getfixturevalue("log_in")
    whole_task(qtbot, desk, window, log_in, request.getfixturevalue("clock"))
    gui = threading.main_thread().name
    by_widgets = [(thread, where) for thread, where in seen if where is not None]
    assert len(by_widgets) > 15  # login, intake, five steps, receipts, timelines, points
    on_gui_thread = [where for thread, where in by_widgets if thread == gui]
    assert on_gui_thread == []
