"""The counter's everyday flow: handling time, Tab order, finding a citizen, telling "Lainnya"
requests apart and exporting the queue."""

from __future__ import annotations

import csv
import io
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desk_app.counter import tasks
from desk_app.ui.main_window import MainWindow
from desk_app.ui.search import SearchDialog
from desk_app.ui.workspace import Workspace
from tests.conftest import OFFICER_NIP, Office
from tests.helpers import GOOD_NIK, MORNING, ManualClock, later
from tests.ui.conftest import wait_idle

ODD_REQUEST = "Surat keterangan usaha mikro"


@pytest.fixture
def ws(window: MainWindow, log_in: Callable[[MainWindow, str], Workspace]) -> Workspace:
    """The officer's workspace on the intake page."""
    return log_in(window, OFFICER_NIP)


def _saved_seconds(qtbot: QtBot, desk: Office, ws: Workspace) -> int:
    intake = ws.intake
    intake.last_result = None
    intake.save()
    qtbot.waitUntil(lambda: intake.last_result is not None)
    assert intake.last_result is not None
    wait_idle(qtbot, ws.ctx.ops)
    with desk.db.read() as session:
        view = tasks.get_task(session, task_id=intake.last_result.task.id)
    assert view.handling_seconds is not None
    return view.handling_seconds


def test_handling_time_runs_from_the_first_input_to_the_save(
    qtbot: QtBot, desk: Office, ws: Workspace, clock: ManualClock
) -> None:
    intake = ws.intake
    clock.advance(minutes=7)  # nobody at the counter yet: not this citizen's time
    assert intake.handling_seconds() == 0
    qtbot.keyClicks(intake.picker.search, "sktm")  # the officer starts with this citizen
    clock.advance(minutes=1)
    intake.picker.choose("KEL-SKT-01")
    qtbot.keyClicks(intake.nik.edit, GOOD_NIK)
    clock.advance(minutes=2, seconds=20)
    qtbot.keyClicks(intake.name.edit, "Budi Santoso")
    assert intake.handling_seconds() == 200
    assert _saved_seconds(qtbot, desk, ws) == 200

    # The idle time between two citizens counts for neither of them.
    clock.advance(minutes=25)
    assert intake.handling_seconds() == 0
    intake.picker.choose("KEL-SKT-02")
    clock.advance(seconds=95)
    qtbot.keyClicks(intake.nik.edit, GOOD_NIK)
    qtbot.keyClicks(intake.name.edit, "Budi Santoso")
    assert _saved_seconds(qtbot, desk, ws) == 95


def test_tab_runs_service_documents_nik_name_phone_save(qtbot: QtBot, ws: Workspace) -> None:
    intake = ws.intake
    intake.picker.choose("KEL-SKT-01")
    boxes = list(intake.checklist.boxes)
    assert len(boxes) >= 2
    qtbot.waitUntil(lambda: all(box.isVisible() for box in boxes))  # shown by the event loop
    intake.picker.search.setFocus()
    qtbot.waitUntil(lambda: intake.picker.search.hasFocus())
    visited: list[QWidget] = []
    for _ in range(20):
        widget = ws.window().focusWidget()
        assert widget is not None
        visited.append(widget)
        if widget is intake.save_button:
            break
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    order = [intake.nik.edit, intake.name.edit, intake.phone.edit, intake.save_button]
    assert visited[-4:] == order, "NIK, name, phone, save in that order and nothing between"
    documents = [w for w in visited if w in boxes]
    assert documents == boxes, "every document is reached, in the order shown"
    first_document = visited.index(boxes[0])
    assert visited.index(intake.picker.search) < first_document
    assert all(visited.index(b) < visited.index(intake.nik.edit) for b in boxes)


def _receive(
    desk: Office, *, name: str, nik: str, phone: str, service: str = "KEL-SKT-01", minutes: int = 0
) -> tasks.TaskView:
    with desk.db.write() as session:
        return tasks.receive_task(
            session,
            actor_id=desk.officer.id,
            service_code=service,
            nik=nik,
            name=name,
            phone=phone,
            description=ODD_REQUEST if service == "LAINNYA" else "",
            now=later(MORNING, minutes),
        )


def _search(qtbot: QtBot, dialog: SearchDialog, text: str) -> list[str]:
    dialog.query.clear()
    with qtbot.waitSignal(dialog.resultsShown, timeout=5_000):
        qtbot.keyClicks(dialog.query, text)
    return [dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())]


def test_search_by_phone_surname_and_last_digits(
    qtbot: QtBot, desk: Office, window: MainWindow, log_in: Callable[[MainWindow, str], Workspace]
) -> None:
    siti = _receive(desk, name="Siti Nurhaliza", nik="3174084101850002", phone="081298765432")
    budi = _receive(desk, name="Budi Santoso", nik=GOOD_NIK, phone="081311112222", minutes=1)
    ws = log_in(window, OFFICER_NIP)
    dialog = ws.open_search()
    assert _search(qtbot, dialog, "0812 9876 5432") == [siti.tracking_no]
    assert _search(qtbot, dialog, "+62 813-1111-2222") == [budi.tracking_no]
    assert _search(qtbot, dialog, "santoso") == [budi.tracking_no]
    assert _search(qtbot, dialog, "Nurhal") == [siti.tracking_no]
    last = siti.tracking_no.rsplit("-", 1)[1]  # "0001"
    assert _search(qtbot, dialog, last) == [siti.tracking_no]
    assert _search(qtbot, dialog, last.lstrip("0")) == [siti.tracking_no]


def test_lainnya_shows_its_description_in_queue_search_and_detail(
    qtbot: QtBot, desk: Office, ws: Workspace
) -> None:
    odd = _receive(desk, name="Budi Santoso", nik=GOOD_NIK, phone="", service="LAINNYA")
    ws.show_queue()
    ws.queue.refresh()
    model = ws.queue.model
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.index(0, 1).data() != "…")
    assert ODD_REQUEST in model.index(0, 1).data()

    dialog = ws.open_search()
    assert _search(qtbot, dialog, odd.tracking_no) == [odd.tracking_no]
    assert ODD_REQUEST in dialog.model.index(0, 2).data()
    dialog.hide()

    ws.open_task(odd.id)
    qtbot.waitUntil(lambda: ws.detail.task is not None and ws.detail.task.id == odd.id)
    assert odd.tracking_no in ws.detail.title.text()
    assert ODD_REQUEST in ws.detail.title.text()


def test_the_queue_exports_the_rows_shown(
    qtbot: QtBot, desk: Office, ws: Workspace, tmp_path: Path
) -> None:
    shown = [
        _receive(desk, name="Siti Nurhaliza", nik="3174084101850002", phone="", minutes=1),
        _receive(desk, name="Budi Santoso", nik=GOOD_NIK, phone="", service="LAINNYA", minutes=2),
    ]
    page = ws.queue
    ws.show_queue()
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    wait_idle(qtbot, ws.ctx.ops)
    target = tmp_path / "antrean.csv"
    page.choose_export_path = lambda: target
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists)
    wait_idle(qtbot, ws.ctx.ops)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # names of citizens: owner only
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["No. berkas", "Layanan", "Pemohon"]
    on_screen = [
        [page.model.index(r, c).data() for c in range(page.model.columnCount())]
        for r in range(page.model.rowCount())
    ]
    assert body == on_screen
    assert {r[0] for r in body} == {v.tracking_no for v in shown}
    assert ODD_REQUEST in body[[r[0] for r in body].index(shown[1].tracking_no)][1]
    assert "2" in page.summary.text() or "antrean.csv" in page.summary.text()
