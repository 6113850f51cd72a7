"""Receipts through a real CUPS queue: cups-pdf writes what the printer got, we read it back.

Needs root (it installs CUPS if missing, starts cupsd and adds queues): skipped otherwise,
and failing loudly when root cannot set CUPS up. Every test adds and removes its own queue.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from pytestqt.qtbot import QtBot

from desk_app.counter import printing, tasks
from desk_app.ui.context import DeskContext, system_printer
from desk_app.ui.main_window import MainWindow
from desk_app.ui.print_receipt import named_printer, print_pdf
from desk_app.ui.settings_dialog import SettingsDialog
from desk_app.ui.spooler import CupsSpooler
from desk_app.ui.workspace import Workspace
from tests.conftest import OFFICER_NIP, Office
from tests.helpers import GOOD_NIK, receive
from tests.receipt_data import TRACKING, receipt
from tests.ui import cups
from tests.ui.conftest import wait_idle


@pytest.fixture
def cups_ws(
    ctx: DeskContext, qtbot: QtBot, log_in: Callable[[MainWindow, str], Workspace]
) -> Iterator[Workspace]:
    """An officer's workspace printing on the system's real printers, asking CUPS."""
    win = MainWindow(dataclasses.replace(ctx, printers=system_printer, spooler=CupsSpooler()))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: win.login.officer_box.count() == 3)
    yield log_in(win, OFFICER_NIP)
    win.workspace.receipts.close_dialogs()  # type: ignore[union-attr]


def journal(desk: Office, task_id: str) -> list[tuple[str, int, str, str]]:
    """(kind, copy_no, target, outcome) of every print attempt of a task."""
    with desk.db.read() as session:
        return [
            (r.kind, r.copy_no, r.target, r.outcome)
            for r in printing.list_prints(session, task_id=task_id)
        ]


def _intake(qtbot: QtBot, ws: Workspace) -> tasks.TaskView:
    intake = ws.intake
    intake.picker.choose("KEL-SKT-01")
    qtbot.keyClicks(intake.nik.edit, GOOD_NIK)
    qtbot.keyClicks(intake.name.edit, "Budi Santoso")
    qtbot.mouseClick(intake.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: intake.last_result is not None and intake.last_result.receipt is not None,
        timeout=cups.JOB_TIMEOUT_MS,
    )
    wait_idle(qtbot, ws.ctx.ops)
    assert intake.last_result is not None
    return intake.last_result.task


def test_a_receipt_printed_on_the_default_printer_lands_on_paper(
    qtbot: QtBot,
    desk: Office,
    cups_ws: Workspace,
    make_queue: Callable[[], cups.Queue],
    tmp_path: Path,
) -> None:
    queue = make_queue()
    cups.must("lpadmin", "-d", queue.name)
    assert QPrinterInfo.defaultPrinter().printerName() == queue.name  # Qt sees the queue

    task = _intake(qtbot, cups_ws)

    receipt = cups_ws.intake.last_result.receipt  # type: ignore[union-attr]
    assert receipt is not None and receipt.ok and receipt.outcome == printing.PRINTED
    assert f"dicetak ke {queue.name}" in cups_ws.intake.result.text()
    assert journal(desk, task.id) == [("intake", 0, "printer", printing.PRINTED)]
    with desk.db.read() as session:
        assert printing.receipt_printed(session, task_id=task.id)
        assert printing.unprinted_receipts(session) == []
    [job] = queue.jobs()
    qtbot.waitUntil(lambda: queue.output(job) is not None, timeout=cups.JOB_TIMEOUT_MS)
    out = queue.output(job)
    assert out is not None and out.read_bytes().startswith(b"%PDF")
    assert cups.qr_text(out, tmp_path).split() == [task.tracking_no]
    assert receipt.copy_no == 0  # the first paper is the original


def test_a_stopped_queue_is_not_printed_and_the_task_says_so(
    qtbot: QtBot,
    desk: Office,
    cups_ws: Workspace,
    make_queue: Callable[[], cups.Queue],
) -> None:
    queue = make_queue()
    cups_ws.ctx.settings.set("intake_printer", queue.name)  # per document, not the default
    cups.must("cupsdisable", queue.name)

    task = _intake(qtbot, cups_ws)

    receipt = cups_ws.intake.last_result.receipt  # type: ignore[union-attr]
    assert receipt is not None and not receipt.ok and receipt.outcome == printing.FAILED
    assert "belum dicetak" in cups_ws.intake.result.text()
    assert journal(desk, task.id) == [("intake", 0, "printer", printing.FAILED)]
    assert queue.pending() == []  # nothing waits in the stopped queue to print later
    with desk.db.read() as session:
        assert printing.unprinted_receipts(session) == [task.tracking_no]

    cups_ws.open_task(task.id)
    detail = cups_ws.detail
    qtbot.waitUntil(lambda: detail.task is not None and detail.task.id == task.id)
    wait_idle(qtbot, cups_ws.ctx.ops)
    assert not detail.unprinted.isHidden()
    assert "belum dicetak" in detail.unprinted.label.text()

    # The queue runs again: "Cetak ulang" prints the ORIGINAL (no paper came out before).
    cups.must("cupsenable", queue.name)
    qtbot.mouseClick(detail.unprinted.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.unprinted.isHidden(), timeout=cups.JOB_TIMEOUT_MS)
    wait_idle(qtbot, cups_ws.ctx.ops)
    assert journal(desk, task.id)[-1] == ("intake", 0, "printer", printing.PRINTED)
    assert "salinan" not in detail.message.text()


def test_a_queue_that_rejects_jobs_is_not_printed(
    qtbot: QtBot,
    desk: Office,
    cups_ws: Workspace,
    make_queue: Callable[[], cups.Queue],
) -> None:
    queue = make_queue()
    cups_ws.ctx.settings.set("intake_printer", queue.name)
    view = receive(desk.db, desk.officer.id)
    cups.must("cupsreject", queue.name)
    cups_ws.open_task(view.id)
    detail = cups_ws.detail
    qtbot.waitUntil(lambda: detail.task is not None and detail.task.id == view.id)
    wait_idle(qtbot, cups_ws.ctx.ops)
    qtbot.mouseClick(detail.buttons["print"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: journal(desk, view.id) != [], timeout=cups.JOB_TIMEOUT_MS)
    wait_idle(qtbot, cups_ws.ctx.ops)
    assert journal(desk, view.id) == [("intake", 0, "printer", printing.FAILED)]
    assert "belum dicetak" in detail.message.text()
    qtbot.waitUntil(lambda: not detail.unprinted.isHidden())
    with desk.db.read() as session:
        [attempt] = printing.list_prints(session, task_id=view.id)
    assert "not accepting" in attempt.error
    assert queue.jobs() == []


def test_qt_hands_over_but_cups_refuses_the_spooler_says_so(
    qtbot: QtBot, make_queue: Callable[[], cups.Queue]
) -> None:
    """Qt's printing "succeeds" on a queue that drops or holds the job; the spooler knows."""
    spooler = CupsSpooler()
    pdf = printing_pdf()

    # Stopped after the check: the job is held, so it is refused and cancelled.
    stopped = make_queue()
    before = spooler.check(stopped.name)
    assert before.refusal == ""
    cups.must("cupsdisable", stopped.name)
    print_pdf(pdf, _printer(stopped))  # no PrintError: Qt handed the file to CUPS
    answer = spooler.confirm(before)
    assert not answer.accepted and answer.job.startswith(stopped.name)
    assert "stopped" in answer.detail and "cancelled" in answer.detail
    assert stopped.pending() == []

    # Rejecting after the check: CUPS made no job at all.
    rejecting = make_queue()
    before = spooler.check(rejecting.name)
    cups.must("cupsreject", rejecting.name)
    print_pdf(pdf, _printer(rejecting))
    answer = spooler.confirm(before)
    assert (answer.accepted, answer.job) == (False, "")
    assert "not accepting" in answer.detail

    # A running queue: accepted, with its job id.
    running = make_queue()
    before = spooler.check(running.name)
    print_pdf(pdf, _printer(running))
    answer = spooler.confirm(before)
    assert answer.accepted and running.jobs() == [answer.job]
    assert spooler.check("LoketTest_no_such_queue").refusal


def test_settings_choose_a_printer_and_paper_per_document_and_test_print(
    qtbot: QtBot, cups_ws: Workspace, make_queue: Callable[[], cups.Queue], tmp_path: Path
) -> None:
    queue = make_queue()
    window = cups_ws.window()
    assert isinstance(window, MainWindow)
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    box = dialog.printers_box
    assert list(box.printer_boxes) == ["intake", "handover", "rejection", "day_report"]
    intake_printer = box.printer_boxes["intake"]
    assert intake_printer.findData(queue.name) > 0  # the system's queues are offered
    intake_printer.setCurrentIndex(intake_printer.findData(queue.name))
    paper = box.layout_boxes["intake"]
    assert [paper.itemData(i) for i in range(paper.count())] == [
        "thermal80",
        "thermal58",
        "a5",
        "a4",
    ]
    paper.setCurrentIndex(paper.findData("thermal58"))
    report = box.layout_boxes["day_report"]
    assert [report.itemData(i) for i in range(report.count())] == ["a4", "a5"]

    qtbot.mouseClick(box.test_buttons["intake"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.testing, timeout=cups.JOB_TIMEOUT_MS)
    assert queue.name in box.status.text() and "diterima" in box.status.text()
    [job] = queue.jobs()
    qtbot.waitUntil(lambda: queue.output(job) is not None, timeout=cups.JOB_TIMEOUT_MS)

    dialog.accept()
    wait_idle(qtbot, cups_ws.ctx.ops)
    settings = cups_ws.ctx.settings
    assert settings.printer_for("intake") == queue.name
    assert settings.layout_for("intake") == "thermal58"
    assert settings.printer_for("handover") == ""  # the system's default printer
    printer = named_printer(queue.name)
    assert printer is not None and printer.printerName() == queue.name


def printing_pdf() -> bytes:
    """A realistic receipt PDF."""
    from desk_app.counter.receipts import render_receipt

    assert TRACKING
    return render_receipt(receipt(), layout="thermal80")


def _printer(queue: cups.Queue) -> QPrinter:
    printer = named_printer(queue.name)
    assert printer is not None, f"Qt does not see the queue {queue.name}"
    return printer
