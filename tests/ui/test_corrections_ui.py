"""Issue 11 in the task detail: "Koreksi" and "Dokumen menyusul" through real widgets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.counter import printing
from desk_app.ui.correction_dialogs import CorrectionDialog, DocumentsDialog
from desk_app.ui.main_window import MainWindow
from desk_app.ui.workspace import Workspace
from tests.conftest import OFFICER_NIP, Office
from tests.helpers import MORNING, ManualClock, nothing_written, receive
from tests.ui.conftest import wait_idle


@pytest.fixture
def ws(window: MainWindow, log_in: Callable[[MainWindow, str], Workspace]) -> Workspace:
    """The officer's workspace."""
    return log_in(window, OFFICER_NIP)


def _open(qtbot: QtBot, ws: Workspace, task_id: str) -> None:
    ws.open_task(task_id)
    qtbot.waitUntil(lambda: ws.detail.task is not None and ws.detail.task.id == task_id)
    wait_idle(qtbot, ws.ctx.ops)


def _timeline(ws: Workspace) -> list[str]:
    model = ws.detail.timeline_model
    return [str(model.index(r, 2).data()) for r in range(model.rowCount())]


def test_correcting_the_name_shows_before_and_after(
    qtbot: QtBot, desk: Office, ws: Workspace
) -> None:
    view = receive(desk.db, desk.officer.id, name="Budi Santsoo")
    _open(qtbot, ws, view.id)
    detail = ws.detail
    assert not detail.buttons["correct"].isHidden()
    qtbot.mouseClick(detail.buttons["correct"], Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, CorrectionDialog)
    name = dialog.fields["name"].edit
    name.selectAll()
    qtbot.keyClicks(name, "Budi Santoso")
    # No reason: one clear message under the reason, nothing written, the dialog stays.
    with nothing_written(desk.folder):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.fields["reason"].error()))
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.fields["reason"].edit, "Salah ketik nama")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: detail.task is not None and detail.task.applicant_name == "Budi Santoso"
    )
    wait_idle(qtbot, ws.ctx.ops)
    assert detail.dialog is None
    assert "Budi Santoso" in detail.fact_labels["applicant"].text()
    last = _timeline(ws)[-1]
    assert last.startswith("Dikoreksi (Salah ketik nama)")
    assert "Nama: Budi Santsoo → Budi Santoso" in last
    with desk.db.read() as s:  # a reprint is built from the corrected database
        assert printing.receipt_data(s, task_id=view.id).applicant_name == "Budi Santoso"


def test_documents_brought_later_clear_the_incomplete_state(
    qtbot: QtBot, desk: Office, ws: Workspace, clock: ManualClock
) -> None:
    view = receive(desk.db, desk.officer.id)  # two of three documents missing
    _open(qtbot, ws, view.id)
    detail = ws.detail
    assert "Berkas belum lengkap" in detail.fact_labels["documents"].text()
    assert "ditetapkan setelah berkas lengkap" in detail.fact_labels["due"].text()
    clock.set(MORNING + timedelta(days=2))  # Friday 27-11-2026
    qtbot.mouseClick(detail.buttons["documents"], Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    assert isinstance(dialog, DocumentsDialog)
    with nothing_written(desk.folder):  # nothing ticked: one message, nothing written
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(dialog.error.text()))
    assert dialog.error.text() == "Pilih dokumen yang baru diterima."
    dialog.checklist.check_all()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.task is not None and not detail.task.missing_documents)
    wait_idle(qtbot, ws.ctx.ops)
    assert detail.task is not None and detail.task.due_date == date(2026, 11, 30)
    assert "Berkas belum lengkap" not in detail.fact_labels["documents"].text()
    assert detail.buttons["documents"].isHidden()
    assert "berkas lengkap, tenggat" in _timeline(ws)[-1]
