"""Kiosk -> ticket -> call (F5) -> intake linked to the ticket -> hand-over -> survey."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk_app.counter import tasks
from desk_app.db.models import Event, QueueTicket, SurveyResponse
from desk_app.eventlog import kinds
from desk_app.queueing import survey
from desk_app.ui.context import DeskContext
from desk_app.ui.display_board import Announcer, DisplayBoard
from desk_app.ui.kiosk import KioskWindow
from desk_app.ui.main_window import MainWindow
from desk_app.ui.print_receipt import no_printer
from desk_app.ui.survey_form import SurveyDialog
from desk_app.ui.workspace import Workspace
from tests.conftest import OFFICER_NIP, Office
from tests.helpers import ManualClock
from tests.ui.conftest import wait_idle
from tests.ui.watch import on_the_gui_thread, opened_by_widgets, watch_transactions

SCORES = [4, 3, 4, 4, 3, 4, 4, 3, 4]


def _click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_a_citizen_from_kiosk_to_survey(
    qtbot: QtBot, desk: Office, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = watch_transactions(desk.db, monkeypatch)  # invariant 6, kiosk and board included
    ctx: DeskContext = request.getfixturevalue("ctx")
    window: MainWindow = request.getfixturevalue("window")
    log_in: Callable[[MainWindow, str], Workspace] = request.getfixturevalue("log_in")
    clock: ManualClock = request.getfixturevalue("clock")
    issued_at = clock()
    kiosk = KioskWindow(ops=ctx.ops, clock=clock, data_dir=desk.folder, printers=no_printer)
    qtbot.addWidget(kiosk)
    board = DisplayBoard(ops=ctx.ops, clock=clock, announcer=Announcer(speech=False))
    qtbot.addWidget(board)
    board.start()
    qtbot.waitUntil(lambda: board.state is not None)
    board.timer.stop()  # the test polls by hand

    # 09:00 The citizen touches "A" on the kiosk: no printer here, so the PDF is kept.
    kiosk.priority_buttons["pregnant"].click()
    kiosk.priority_buttons["elderly"].click()  # one priority at most: the last touched
    assert kiosk.chosen_priority() == "elderly"
    _click(qtbot, kiosk.category_buttons["A"])
    qtbot.waitUntil(lambda: kiosk.last is not None, timeout=10_000)
    assert kiosk.last is not None
    assert kiosk.number.text() == "A001"
    assert kiosk.last.path is not None and kiosk.last.path.read_bytes().startswith(b"%PDF")
    assert kiosk.chosen_priority() == ""  # cleared for the next citizen

    # 09:07 The officer logs in and presses F5: A001 is called to counter 1.
    ws = log_in(window, OFFICER_NIP)
    clock.advance(minutes=7)
    called_at = clock()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: ws.calls.ticket is not None, timeout=10_000)
    assert ws.calls.ticket is not None and ws.calls.ticket.label == "A001"
    assert "A001" in ws.calls.label.text() and "Lansia" in ws.calls.label.text()
    assert not ws.calls.call_button.isEnabled()  # settle this ticket first
    board.poll()
    qtbot.waitUntil(lambda: bool(board.announcer.spoken))
    assert board.announcer.spoken == ["Nomor antrean A 1, silakan ke loket 1"]
    assert board.serving_labels[0].text() == "Loket 1: A001"
    assert "A001" in board.headline.text()

    # 09:12 The intake is saved while the ticket is at the counter: the two are linked.
    clock.advance(minutes=5)
    intake = ws.intake
    ws.show_intake()
    qtbot.keyClicks(intake.picker.search, "akta kelahiran")
    qtbot.keyClick(intake.picker.search, Qt.Key.Key_Return)
    _click(qtbot, intake.check_all_button)
    qtbot.keyClicks(intake.nik.edit, "3174085205900003")
    qtbot.keyClicks(intake.name.edit, "Sri Wahyuni")
    qtbot.keyClicks(intake.phone.edit, "0812 3456 7890")
    _click(qtbot, intake.save_button)
    qtbot.waitUntil(lambda: intake.last_result is not None, timeout=15_000)
    assert intake.last_result is not None
    saved = intake.last_result.task
    qtbot.waitUntil(lambda: ws.calls.ticket is None and not ws.calls.busy)
    assert ws.calls.call_button.isEnabled()
    wait_idle(qtbot, ctx.ops)
    with desk.db.read() as s:
        ticket = s.scalars(select(QueueTicket)).one()
        served = s.scalars(select(Event).where(Event.kind == kinds.QUEUE_TICKET_SERVED)).one()
    assert (ticket.status, ticket.task_id, ticket.counter_no) == ("served", saved.id, 1)
    assert ticket.priority == "elderly"
    # What the fixed clock implies: issued 09:00, called 09:07, task taken 09:12.
    assert ticket.issued_at == issued_at and ticket.called_at == called_at
    assert ticket.wait_seconds == 7 * 60
    assert ticket.handling_seconds == 5 * 60
    assert served.task_id == saved.id
    assert json.loads(served.payload) == {
        "ticket_id": ticket.id,
        "counter_no": 1,
        "wait_seconds": 420,
        "handling_seconds": 300,
    }

    # Later that day the result is handed over; the survey opens for the citizen.
    clock.advance(hours=2)
    detail = ws.detail
    ws.open_task(saved.id)
    qtbot.waitUntil(lambda: detail.task is not None and detail.task.id == saved.id)
    _click(qtbot, detail.buttons["ready"])
    qtbot.waitUntil(lambda: detail.task is not None and detail.task.status == tasks.READY)
    _click(qtbot, detail.buttons["complete"])
    dialog = detail.dialog
    assert dialog is not None
    _click(qtbot, dialog.ok_button)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: detail.task is not None and detail.task.status == tasks.COMPLETED)
    qtbot.waitUntil(lambda: ws.surveys.dialog is not None, timeout=10_000)
    form = ws.surveys.dialog
    assert isinstance(form, SurveyDialog) and form.task_id == saved.id
    assert not form.submit_button.isEnabled()  # all nine elements first
    form.choose(SCORES)
    assert form.scores() == SCORES and form.submit_button.isEnabled()
    with qtbot.waitSignal(form.surveySubmitted, timeout=10_000):
        _click(qtbot, form.submit_button)
    wait_idle(qtbot, ctx.ops)
    with desk.db.read() as s:
        response = s.scalars(select(SurveyResponse)).one()
        event = s.scalars(select(Event).where(Event.kind == kinds.SURVEY_SUBMITTED)).one()
        day = ticket.day
        score = survey.ikm_between(s, start=day, end=day)
        assert not survey.survey_open(s, task_id=saved.id)  # one per task
    assert response.task_id == saved.id and event.actor is None
    assert json.loads(event.payload)["scores"] == SCORES
    assert score is not None and score == survey.compute_ikm([SCORES])
    assert len(opened_by_widgets(seen)) > 10
    assert on_the_gui_thread(seen) == []
