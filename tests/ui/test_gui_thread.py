"""Invariant 6: GUI code never opens a database transaction on the GUI thread."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import Office
from tests.ui.flows import intake_to_hand_over
from tests.ui.watch import on_the_gui_thread, opened_by_widgets, watch_transactions


def test_a_whole_task_never_touches_the_database_on_the_gui_thread(
    qtbot: QtBot, desk: Office, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = watch_transactions(desk.db, monkeypatch)
    window = request.getfixturevalue("window")  # built only now: its loads are watched too
    log_in = request.getfixturevalue("log_in")
    intake_to_hand_over(qtbot, desk, window, log_in, request.getfixturevalue("clock"))
    # login, intake, five steps, receipts, timelines, points
    assert len(opened_by_widgets(seen)) > 15
    assert on_the_gui_thread(seen) == []
