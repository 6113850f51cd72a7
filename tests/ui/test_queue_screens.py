"""The counter's call bar, the kiosk and board start-up, and the board's announcer."""

from __future__ import annotations

import wave
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.queueing import tickets
from desk_app.ui.context import DeskContext
from desk_app.ui.display_board import Announcer, DisplayBoard, write_chime
from desk_app.ui.kiosk import KioskWindow
from desk_app.ui.main_window import MainWindow
from desk_app.ui.queue_app import DISPLAY, KIOSK, build_screen
from desk_app.ui.workspace import Workspace
from tests.conftest import OFFICER_NIP, Office
from tests.helpers import ManualClock, later
from tests.ui.conftest import wait_idle


def test_transfer_and_no_show_from_the_call_bar(
    qtbot: QtBot,
    desk: Office,
    window: MainWindow,
    log_in: Callable[[MainWindow, str], Workspace],
    clock: ManualClock,
) -> None:
    with desk.db.write() as s:
        first = tickets.issue_ticket(s, category_letter="B", now=clock()).ticket
        second = tickets.issue_ticket(s, category_letter="C", now=later(clock(), 1)).ticket
    ws = log_in(window, OFFICER_NIP)
    calls = ws.calls
    assert calls.label.text() == "Loket 1: tidak ada nomor"
    clock.advance(minutes=5)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: calls.ticket is not None)
    assert calls.ticket is not None and calls.ticket.id == first.id
    calls.transfer(2)  # another counter handles this request
    qtbot.waitUntil(lambda: calls.ticket is None and not calls.busy)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: calls.ticket is not None)
    assert calls.ticket is not None and calls.ticket.id == second.id  # B001 waits for loket 2
    qtbot.mouseClick(calls.no_show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: calls.ticket is None and not calls.busy)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not calls.busy)
    assert calls.label.text() == "Tidak ada antrean menunggu."
    wait_idle(qtbot, window.ctx.ops)
    with desk.db.read() as s:
        assert tickets.get_ticket(s, ticket_id=first.id).for_counter == 2
        assert tickets.get_ticket(s, ticket_id=second.id).status == tickets.NO_SHOW


def test_kiosk_and_board_start_over_the_office(
    qtbot: QtBot, desk: Office, ctx: DeskContext, clock: ManualClock
) -> None:
    kiosk = build_screen(KIOSK, desk.db, data_dir=desk.folder, clock=clock, language="id")
    qtbot.addWidget(kiosk)
    assert isinstance(kiosk, KioskWindow)
    assert set(kiosk.category_buttons) == {"A", "B", "C"}
    qtbot.waitUntil(lambda: kiosk.office.text() != "")
    board = build_screen(DISPLAY, desk.db, data_dir=desk.folder, clock=clock, language="id")
    qtbot.addWidget(board)
    assert isinstance(board, DisplayBoard) and board.timer.isActive()
    qtbot.waitUntil(lambda: board.state is not None)
    board.timer.stop()
    assert board.waiting_label.text().startswith("Menunggu:")


def test_the_announcer_chimes_without_a_speech_engine(qtbot: QtBot, tmp_path: Path) -> None:
    announcer = Announcer(speech=False)
    with qtbot.waitSignal(announcer.announced) as said:
        announcer.announce("Nomor antrean A 23, silakan ke loket 2")
    assert said.args == ["Nomor antrean A 23, silakan ke loket 2"]
    chime = write_chime(tmp_path / "chime.wav")
    with wave.open(str(chime)) as sound:
        assert sound.getnchannels() == 1 and sound.getnframes() > 10_000


def test_the_kiosk_prints_on_the_desks_printer(
    qtbot: QtBot, desk: Office, ctx: DeskContext, clock: ManualClock, tmp_path: Path
) -> None:
    from tests.ui.flows import pdf_printer

    paper = tmp_path / "roll.pdf"
    kiosk = KioskWindow(
        ops=ctx.ops, clock=clock, data_dir=desk.folder, printers=lambda: pdf_printer(paper)
    )
    qtbot.addWidget(kiosk)
    assert kiosk.take_ticket("C")
    assert not kiosk.take_ticket("C")  # one touch at a time
    qtbot.waitUntil(lambda: kiosk.last is not None, timeout=10_000)
    assert kiosk.last is not None and kiosk.last.printed and kiosk.last.path is None
    assert paper.read_bytes().startswith(b"%PDF")
    assert "C001" in kiosk.status.text() and "Printer" not in kiosk.status.text()
    assert not (desk.folder / "tickets").exists()


def test_the_leads_dashboard_shows_the_queue_and_the_ikm(
    qtbot: QtBot, desk: Office, ctx: DeskContext, clock: ManualClock
) -> None:
    from desk_app.counter import tasks as task_steps
    from desk_app.queueing import calling, survey
    from desk_app.ui.dashboard_page import DashboardPage
    from tests.helpers import receive

    task = receive(desk.db, desk.officer.id, now=clock())
    with desk.db.write() as s:
        task_steps.mark_ready(s, actor_id=desk.officer.id, task_id=task.id, now=later(clock(), 1))
        task_steps.hand_over(
            s, actor_id=desk.officer.id, task_id=task.id, recipient_name="", now=later(clock(), 2)
        )
        survey.submit_survey(s, task_id=task.id, scores=[4] * 9, now=later(clock(), 3))
        tickets.issue_ticket(s, category_letter="A", now=clock())
        called = calling.call_next(
            s, officer_id=desk.officer.id, counter_no=1, now=later(clock(), 8)
        )
        assert called is not None
        calling.mark_no_show(
            s,
            officer_id=desk.officer.id,
            counter_no=1,
            ticket_id=called.ticket.id,
            now=later(clock(), 9),
        )
    clock.advance(minutes=30)
    page = DashboardPage(ctx, desk.lead)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.dashboardLoaded, timeout=15_000):
        page.refresh()
    text = page.headline.text()
    assert "Antrean: 1 nomor, tunggu median –, tidak hadir 1" in text
    assert "IKM bulan ini: <b>100,00</b> (A, 1 responden)" in text
