"""Ctrl+K search: results as you type, by tracking number, NIK or name; Enter opens."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.ui.main_window import MainWindow
from desk_app.ui.search import SearchDialog
from desk_app.ui.workspace import Workspace
from tests.conftest import OFFICER_NIP, Office
from tests.helpers import receive


def _type(qtbot: QtBot, dialog: SearchDialog, text: str) -> int:
    dialog.query.clear()
    with qtbot.waitSignal(dialog.resultsShown, timeout=5_000) as shown:
        qtbot.keyClicks(dialog.query, text)
    assert shown.args is not None and len(shown.args) == 1  # the number of matches
    return int(shown.args[0])


def test_search_as_you_type_and_open_with_enter(
    qtbot: QtBot, desk: Office, window: MainWindow, log_in: Callable[[MainWindow, str], Workspace]
) -> None:
    siti = receive(desk.db, desk.officer.id, name="Siti Nurhaliza", nik="3174084101850002")
    receive(desk.db, desk.officer.id, name="Sitorus Panjaitan", nik="3174080101800001")
    receive(desk.db, desk.officer.id, name="Budi Santoso")
    ws = log_in(window, OFFICER_NIP)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = ws.search_dialog
    assert dialog is not None and dialog.isVisible()

    assert _type(qtbot, dialog, "sit") == 2  # name prefix, case-insensitive
    assert _type(qtbot, dialog, "siti n") == 1
    assert _type(qtbot, dialog, "3174084101850002") == 1  # NIK
    assert _type(qtbot, dialog, siti.tracking_no) == 1  # tracking number
    assert dialog.model.index(0, 0).data() == siti.tracking_no
    assert _type(qtbot, dialog, "zzz") == 0
    assert dialog.status.text() == "Tidak ada berkas yang cocok."

    assert _type(qtbot, dialog, "siti") == 1
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ws.detail.task is not None and ws.detail.task.id == siti.id)
    assert not dialog.isVisible()
    assert ws.currentWidget() is ws.detail


def test_enter_before_the_debounce_opens_the_first_hit(
    qtbot: QtBot, desk: Office, window: MainWindow, log_in: Callable[[MainWindow, str], Workspace]
) -> None:
    view = receive(desk.db, desk.officer.id)
    ws = log_in(window, OFFICER_NIP)
    dialog = ws.open_search()
    dialog.query.setText(view.tracking_no)
    dialog._on_edited(view.tracking_no)  # as typing does: the debounce timer runs
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ws.detail.task is not None and ws.detail.task.id == view.id)
