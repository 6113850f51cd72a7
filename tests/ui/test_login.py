"""Login, lock-out after wrong PINs, idle lock and switching officers on a shared PC."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.counter import tasks
from desk_app.office import officers
from desk_app.ui.main_window import MainWindow
from desk_app.ui.workspace import Workspace
from tests.conftest import LEAD_NIP, OFFICER_NIP, PIN, Office
from tests.helpers import receive


def _try_pin(qtbot: QtBot, win: MainWindow, pin: str) -> str:
    """Type a PIN, press Enter, return the message once the check is back."""
    win.login.pin_edit.clear()
    qtbot.keyClicks(win.login.pin_edit, pin)
    qtbot.keyClick(win.login.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.login.login_button.isEnabled() and win.ctx.ops.pending == 0)
    return win.login.message.text()


def test_wrong_pins_lock_the_officer_out(qtbot: QtBot, desk: Office, window: MainWindow) -> None:
    window.login.select_nip(OFFICER_NIP)
    first = _try_pin(qtbot, window, "111333")
    assert first == "NIP atau PIN salah. Sisa percobaan: 4."
    for _ in range(3):
        _try_pin(qtbot, window, "111333")
    fifth = _try_pin(qtbot, window, "111333")
    assert "terkunci sampai" in fifth
    assert "admin" in fifth  # says what to do
    # Even the right PIN is refused while locked, and the lock is in the database.
    assert "terkunci" in _try_pin(qtbot, window, PIN)
    assert window.workspace is None
    with desk.db.read() as session:
        assert officers.get_officer(session, officer_id=desk.officer.id).locked_until is not None


def test_idle_time_locks_and_the_same_officer_resumes(
    qtbot: QtBot, window: MainWindow, log_in: Callable[[MainWindow, str], Workspace]
) -> None:
    ws = log_in(window, OFFICER_NIP)
    qtbot.keyClicks(ws.intake.name.edit, "Budi Santoso")
    window.idle.set_timeout_ms(50)
    with qtbot.waitSignal(window.screenLocked, timeout=5_000):
        pass
    assert window.stack.currentWidget() is window.login
    assert "Dewi Lestari" in window.login.lock_label.text()
    assert not window.intake_action.isEnabled()  # F2 etc. do nothing while locked
    again = log_in(window, OFFICER_NIP)
    assert again is ws
    assert ws.intake.name.text() == "Budi Santoso"  # nothing typed is lost


def test_another_officer_gets_a_fresh_workspace(
    qtbot: QtBot, window: MainWindow, log_in: Callable[[MainWindow, str], Workspace]
) -> None:
    first = log_in(window, OFFICER_NIP)
    qtbot.keyClicks(first.intake.name.edit, "Budi Santoso")
    window.switch_officer()
    assert window.stack.currentWidget() is window.login
    second = log_in(window, LEAD_NIP)
    assert second is not first
    assert second.officer.nip == LEAD_NIP
    assert second.intake.name.text() == ""
    assert window.officer_label.text().startswith("Bambang Wibowo")


def test_locking_closes_an_open_step_dialog(
    qtbot: QtBot, desk: Office, window: MainWindow, log_in: Callable[[MainWindow, str], Workspace]
) -> None:
    view = receive(desk.db, desk.officer.id)
    ws = log_in(window, OFFICER_NIP)
    ws.open_task(view.id)
    qtbot.waitUntil(lambda: ws.detail.task is not None)
    ws.detail.perform("reject")
    dialog = ws.detail.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.fields["reason"].edit, "Pemohon tidak membawa KK")
    window.idle.set_timeout_ms(50)  # the officer walks away with the dialog open
    qtbot.waitSignal(window.screenLocked, timeout=5_000).wait()
    assert window.stack.currentWidget() is window.login
    qtbot.waitUntil(lambda: ws.detail.dialog is None)
    assert not dialog.isVisible()
    again = log_in(window, OFFICER_NIP)
    assert again.currentWidget() is again.detail  # back where the officer was
    with desk.db.read() as session:
        assert tasks.get_task(session, task_id=view.id).status == tasks.RECEIVED
