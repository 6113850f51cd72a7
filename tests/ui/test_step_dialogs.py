"""Step dialogs never surprise: typing starts in the first field, the service's own agency is
preselected, each dialog says what will happen, and Enter on an empty required field waits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QRadioButton
from pytestqt.qtbot import QtBot

from desk_app.counter import tasks
from desk_app.ui import action_dialogs as dialogs
from desk_app.ui.main_window import MainWindow
from desk_app.ui.workspace import Workspace
from tests.conftest import OFFICER_NIP, Office
from tests.helpers import MORNING, later, nothing_written, receive
from tests.ui.conftest import wait_idle

BIRTH_CERTIFICATE = "KEL-DKP-04"  # Akta Kelahiran, done by Dukcapil
DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"


@pytest.fixture
def ws(window: MainWindow, log_in: Callable[[MainWindow, str], Workspace]) -> Workspace:
    """The officer's workspace."""
    return log_in(window, OFFICER_NIP)


def _open(qtbot: QtBot, ws: Workspace, task_id: str) -> None:
    ws.open_task(task_id)
    qtbot.waitUntil(lambda: ws.detail.task is not None and ws.detail.task.id == task_id)
    wait_idle(qtbot, ws.ctx.ops)


def _prepared(desk: Office, step: str) -> tasks.TaskView:
    """A task in a status that offers `step`."""
    view = receive(desk.db, desk.officer.id, service=BIRTH_CERTIFICATE)
    actor = desk.officer.id
    with desk.db.write() as session:
        if step == "return":
            view = tasks.forward_to_agency(
                session,
                actor_id=actor,
                task_id=view.id,
                agency_code="DUKCAPIL",
                note="",
                now=later(MORNING, 5),
            )
        elif step == "complete":
            view = tasks.mark_ready(session, actor_id=actor, task_id=view.id, now=later(MORNING, 5))
    return view


@pytest.mark.parametrize(
    ("step", "first"),
    [
        ("forward", QComboBox),
        ("return", QRadioButton),
        ("complete", "recipient_name"),
        ("reject", "reason"),
        ("cancel", "reason"),
        ("note", "note"),
    ],
)
def test_every_step_dialog_opens_in_its_first_field(
    qtbot: QtBot, desk: Office, ws: Workspace, step: str, first: object
) -> None:
    view = _prepared(desk, step)
    _open(qtbot, ws, view.id)
    ws.detail.perform(step)
    dialog = ws.detail.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    focused = dialog.focusWidget()
    assert focused is not dialog.ok_button
    if isinstance(first, str):
        assert focused is dialog.fields[first].edit
    else:
        assert isinstance(first, type) and isinstance(focused, first)
    dialog.reject()


def test_ctrl_2_then_enter_forwards_to_the_services_own_agency(
    qtbot: QtBot, desk: Office, window: MainWindow, ws: Workspace
) -> None:
    view = receive(desk.db, desk.officer.id, service=BIRTH_CERTIFICATE)
    _open(qtbot, ws, view.id)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    dialog = ws.detail.dialog
    assert isinstance(dialog, dialogs.ForwardDialog)
    qtbot.waitExposed(dialog)
    # The dialog says what Enter will do before it is pressed.
    assert f"Berkas {view.tracking_no} akan diteruskan ke {DUKCAPIL}" in dialog.consequence.text()
    focused = dialog.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ws.detail.task is not None and ws.detail.task.status == "at_agency")
    wait_idle(qtbot, ws.ctx.ops)
    assert ws.detail.task is not None and ws.detail.task.current_agency == "DUKCAPIL"


def test_forward_text_follows_the_chosen_agency(qtbot: QtBot, desk: Office, ws: Workspace) -> None:
    view = receive(desk.db, desk.officer.id, service=BIRTH_CERTIFICATE)
    _open(qtbot, ws, view.id)
    ws.detail.perform("forward")
    dialog = ws.detail.dialog
    assert isinstance(dialog, dialogs.ForwardDialog)
    box = dialog.agency_box
    box.setCurrentIndex(box.findData("KESBANGPOL"))
    assert "akan diteruskan ke Badan Kesatuan Bangsa dan Politik" in dialog.consequence.text()
    dialog.reject()


def test_forward_asks_when_the_service_has_no_agency_of_its_own(
    qtbot: QtBot, desk: Office, ws: Workspace
) -> None:
    view = receive(desk.db, desk.officer.id, service=BIRTH_CERTIFICATE)
    dialog = dialogs.ForwardDialog(
        ws.ctx.ops,
        agencies={"KESBANGPOL": "Badan Kesatuan Bangsa dan Politik", "BPN": "Kantor Pertanahan"},
        actor_id=desk.officer.id,
        task=view,
        clock=ws.ctx.clock,
    )
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    assert dialog.agency_box.currentIndex() == -1  # nothing preselected: the officer chooses
    with nothing_written(desk.folder):
        qtbot.keyClick(dialog.agency_box, Qt.Key.Key_Return)
        assert ws.ctx.ops.pending == 0
        assert dialog.isVisible() and dialog.ok_button.isEnabled()
    assert dialog.error.text() == "Pilih dinas tujuan."
    dialog.reject()


@pytest.mark.parametrize(("step", "field"), [("reject", "reason"), ("note", "note")])
def test_enter_on_an_empty_required_field_does_nothing(
    qtbot: QtBot, desk: Office, ws: Workspace, step: str, field: str
) -> None:
    view = receive(desk.db, desk.officer.id)
    _open(qtbot, ws, view.id)
    ws.detail.perform(step)
    dialog = ws.detail.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    edit = dialog.fields[field].edit
    with nothing_written(desk.folder):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        assert ws.ctx.ops.pending == 0  # nothing was even sent to the database
        assert dialog.ok_button.isEnabled() and dialog.isVisible()
        assert dialog.fields[field].error() == "Wajib diisi."
        assert dialog.focusWidget() is edit
    qtbot.keyClicks(edit, "Pemohon akan melengkapi KK")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ws.detail.dialog is None)


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        ("reject", "akan ditolak"),
        ("cancel", "akan dibatalkan"),
        ("complete", "akan diserahkan kepada Budi Santoso"),
    ],
)
def test_closing_steps_say_what_will_happen(
    qtbot: QtBot, desk: Office, ws: Workspace, step: str, expected: str
) -> None:
    view = _prepared(desk, step)
    _open(qtbot, ws, view.id)
    ws.detail.perform(step)
    dialog = ws.detail.dialog
    assert dialog is not None
    text = dialog.consequence.text()  # type: ignore[attr-defined]
    assert view.tracking_no in text and expected in text
    if step == "complete":
        name = dialog.fields["recipient_name"]
        name.edit.selectAll()
        qtbot.keyClicks(name.edit, "Sri Wahyuni")
        assert "akan diserahkan kepada Sri Wahyuni" in dialog.consequence.text()  # type: ignore[attr-defined]
    dialog.reject()
