"""GUI fixtures: a desk context over the test office, a main window, logging in."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.ui.context import DeskContext, load_startup_data
from desk_app.ui.main_window import MainWindow
from desk_app.ui.operations import Operations
from desk_app.ui.print_receipt import no_printer
from desk_app.ui.settings import UiSettings
from desk_app.ui.workspace import Workspace
from tests.conftest import PIN, Office
from tests.helpers import ManualClock


@pytest.fixture
def ctx(desk: Office, clock: ManualClock) -> Iterator[DeskContext]:
    """Everything a screen needs, over the fresh test office."""
    ops = Operations(desk.db)
    with desk.db.read() as session:
        data = load_startup_data(session)
    yield DeskContext(
        db=desk.db,
        ops=ops,
        settings=UiSettings.load(desk.folder),
        desk=data.desk,
        catalogue=data.catalogue,
        data_dir=desk.folder,
        clock=clock,
        printers=no_printer,  # no test reaches a real printer; tests that print pass one in
    )
    ops.wait(30_000)


@pytest.fixture
def window(ctx: DeskContext, qtbot: QtBot) -> MainWindow:
    """The main window showing its login page, officers loaded."""
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()  # shortcuts only reach the active window
    qtbot.waitUntil(win.isActiveWindow)
    qtbot.waitUntil(lambda: win.login.officer_box.count() == 3)
    return win


def wait_idle(qtbot: QtBot, ops: Operations, timeout: int = 10_000) -> None:
    """Wait until no background operation is in flight."""
    qtbot.waitUntil(lambda: ops.pending == 0, timeout=timeout)


@pytest.fixture
def log_in(qtbot: QtBot) -> Callable[[MainWindow, str], Workspace]:
    """Log an officer in through the login page, by typing their PIN."""

    def do(win: MainWindow, nip: str, pin: str = PIN) -> Workspace:
        win.login.select_nip(nip)
        win.login.pin_edit.clear()
        qtbot.keyClicks(win.login.pin_edit, pin)
        qtbot.mouseClick(win.login.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: win.workspace is not None and win.stack.currentWidget() is win.workspace,
            timeout=10_000,
        )
        assert win.workspace is not None
        wait_idle(qtbot, win.ctx.ops)
        prompt = win.shift.prompt
        if prompt is not None:  # "not clocked in yet — clock in now?": not today, thanks
            qtbot.mouseClick(prompt.escapeButton(), Qt.MouseButton.LeftButton)
            assert win.shift.prompt is None
            win.activateWindow()  # shortcuts only reach the active window
            qtbot.waitUntil(win.isActiveWindow)
        return win.workspace

    return do
