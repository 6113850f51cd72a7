"""Task detail: only the allowed steps are offered; bad input stays in its dialog."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.counter import tasks
from desk_app.ui.main_window import MainWindow
from desk_app.ui.workspace import Workspace
from tests.conftest import OFFICER_NIP, Office
from tests.helpers import MORNING, nothing_written, receive
from tests.ui.conftest import wait_idle
from tests.ui.flows import save_without_printer

LIFECYCLE = ("start", "forward", "return", "ready", "complete", "reject", "cancel")


@pytest.fixture
def ws(window: MainWindow, log_in: Callable[[MainWindow, str], Workspace]) -> Workspace:
    """The officer's workspace."""
    return log_in(window, OFFICER_NIP)


def _open(qtbot: QtBot, ws: Workspace, task_id: str) -> None:
    ws.open_task(task_id)
    qtbot.waitUntil(lambda: ws.detail.task is not None and ws.detail.task.id == task_id)
    wait_idle(qtbot, ws.ctx.ops)


def test_completed_task_offers_no_lifecycle_step(qtbot: QtBot, desk: Office, ws: Workspace) -> None:
    view = receive(desk.db, desk.officer.id)
    with desk.db.write() as session:
        tasks.mark_ready(session, actor_id=desk.officer.id, task_id=view.id, now=MORNING)
        tasks.hand_over(session, actor_id=desk.officer.id, task_id=view.id, now=MORNING)
    _open(qtbot, ws, view.id)
    detail = ws.detail
    assert detail.status_label.text().strip() == "Selesai"
    for name in LIFECYCLE:
        assert detail.buttons[name].isHidden(), name
        assert not detail.step_actions[name].isEnabled(), name
    assert not detail.buttons["note"].isHidden()
    with nothing_written(desk.folder):
        qtbot.keyClick(detail, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        detail.perform("start")  # even a direct call is refused by the page
        wait_idle(qtbot, ws.ctx.ops)
    assert detail.dialog is None


def test_received_task_offers_exactly_what_the_lifecycle_allows(
    qtbot: QtBot, desk: Office, ws: Workspace
) -> None:
    view = receive(desk.db, desk.officer.id)  # KEL-SKT-01 takes working days: no instant finish
    _open(qtbot, ws, view.id)
    offered = [n for n in LIFECYCLE if not ws.detail.buttons[n].isHidden()]
    assert offered == tasks.allowed_actions(tasks.RECEIVED)
    assert "complete" not in offered


def test_reject_needs_a_real_reason(qtbot: QtBot, desk: Office, ws: Workspace) -> None:
    view = receive(desk.db, desk.officer.id)
    _open(qtbot, ws, view.id)
    detail = ws.detail
    qtbot.mouseClick(detail.buttons["reject"], Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.fields["reason"].edit, "kur")
    with nothing_written(desk.folder):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.fields["reason"].error()))
    assert dialog.fields["reason"].error() == "Alasan terlalu singkat; tulis minimal 5 huruf."
    assert dialog.isVisible()
    missing = dialog.missing  # type: ignore[attr-defined]
    assert missing.boxes, "documents not received are offered as missing"
    missing.boxes[0].setChecked(True)
    qtbot.keyClicks(dialog.fields["reason"].edit, "ang lengkap: pengantar RT/RW")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.task is not None and detail.task.status == tasks.REJECTED)
    wait_idle(qtbot, ws.ctx.ops)
    assert detail.dialog is None
    assert detail.task is not None and detail.task.close_reason == "kurang lengkap: pengantar RT/RW"
    last = detail.timeline_model.rowCount() - 1
    texts = [detail.timeline_model.index(r, 2).data() for r in range(last + 1)]
    assert any(t.startswith("Ditolak: kurang lengkap") and "dokumen kurang" in t for t in texts)


def test_a_note_is_added_to_the_timeline(qtbot: QtBot, desk: Office, ws: Workspace) -> None:
    view = receive(desk.db, desk.officer.id)
    _open(qtbot, ws, view.id)
    detail = ws.detail
    detail.perform("note")
    assert detail.dialog is not None
    qtbot.keyClicks(detail.dialog.fields["note"].edit, "Pemohon akan datang Senin")
    qtbot.keyClick(detail.dialog.fields["note"].edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: detail.timeline_model.rowCount() == 2)
    assert detail.timeline_model.index(1, 2).data() == "Catatan: Pemohon akan datang Senin"
    assert detail.timeline_model.index(1, 1).data() == desk.officer.name


def test_reprint_without_a_printer_saves_an_unnumbered_pdf_and_journals_it(
    qtbot: QtBot, desk: Office, ws: Workspace
) -> None:
    view = receive(desk.db, desk.officer.id)
    _open(qtbot, ws, view.id)
    detail = ws.detail
    assert not detail.buttons["print"].isHidden()
    expected = desk.folder / "receipts" / f"{view.tracking_no}-intake.pdf"
    for _attempt in range(2):
        qtbot.mouseClick(detail.buttons["print"], Qt.MouseButton.LeftButton)
        save_without_printer(qtbot, ws)  # no printer: the officer is asked, and saves
        qtbot.waitUntil(lambda p=expected: str(p) in detail.message.text())
        wait_idle(qtbot, ws.ctx.ops)
        assert expected.read_bytes().startswith(b"%PDF")
    kinds = [
        detail.timeline_model.index(r, 2).data() for r in range(detail.timeline_model.rowCount())
    ]
    # Files are not paper: journalled as saved, and no "salinan" until paper came out.
    assert kinds[-2:] == ["Disimpan sebagai PDF (belum dicetak): tanda terima penerimaan"] * 2
    assert not detail.unprinted.isHidden()
