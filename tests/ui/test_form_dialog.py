"""Step dialogs: typing starts in the first input field; a reason is checked as it is typed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from desk_app.ui.main_window import MainWindow
from desk_app.ui.workspace import Workspace
from tests.conftest import OFFICER_NIP, Office
from tests.helpers import nothing_written, receive
from tests.ui.conftest import wait_idle


@pytest.fixture
def ws(window: MainWindow, log_in: Callable[[MainWindow, str], Workspace]) -> Workspace:
    """The officer's workspace with a received task open."""
    return log_in(window, OFFICER_NIP)


@pytest.mark.parametrize(("step", "field"), [("reject", "reason"), ("note", "note")])
def test_typing_starts_in_the_first_field(
    qtbot: QtBot, desk: Office, ws: Workspace, step: str, field: str
) -> None:
    view = receive(desk.db, desk.officer.id)
    ws.open_task(view.id)
    qtbot.waitUntil(lambda: ws.detail.task is not None and ws.detail.task.id == view.id)
    wait_idle(qtbot, ws.ctx.ops)
    ws.detail.perform(step)
    dialog = ws.detail.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    edit = dialog.fields[field].edit
    assert dialog.focusWidget() is edit
    assert dialog.focusWidget() is not dialog.ok_button
    dialog.reject()


def test_a_short_reason_is_flagged_while_typing(qtbot: QtBot, desk: Office, ws: Workspace) -> None:
    view = receive(desk.db, desk.officer.id)
    ws.open_task(view.id)
    qtbot.waitUntil(lambda: ws.detail.task is not None and ws.detail.task.id == view.id)
    wait_idle(qtbot, ws.ctx.ops)
    ws.detail.perform("cancel")
    dialog = ws.detail.dialog
    assert dialog is not None
    reason = dialog.fields["reason"]
    assert reason.edit.placeholderText() == "minimal 5 huruf"
    with nothing_written(desk.folder):
        qtbot.keyClicks(reason.edit, "kur")
        assert not reason.check()
    assert reason.error() == "Alasan terlalu singkat; tulis minimal 5 huruf."
    qtbot.keyClicks(reason.edit, "ang lengkap")
    assert reason.error() == ""
    dialog.reject()
