"""Whole flows driven through the real widgets, shared by tests that check different things."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from desk_app.common.workdays import local_day
from desk_app.counter import lookup, tasks
from desk_app.office import catalogue
from desk_app.points import ledger, point_rules
from desk_app.ui.main_window import MainWindow
from desk_app.ui.receipt_hook import NoPrinterPrompt, receipt_path
from desk_app.ui.workspace import Workspace
from tests.conftest import OFFICER_NIP, Office
from tests.helpers import ManualClock
from tests.ui.conftest import wait_idle

SERVICE = "KEL-DKP-04"  # Akta Kelahiran: processed by Dukcapil, several working days


def _click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def pdf_printer(path: Path) -> QPrinter:
    """A real QPrinter that writes a PDF file instead of paper (Qt's print-to-file device)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def save_without_printer(qtbot: QtBot, ws: Workspace) -> None:
    """No printer on this desk: the officer is asked, and chooses "Simpan PDF"."""
    qtbot.waitUntil(lambda: isinstance(ws.receipts.dialog, NoPrinterPrompt), timeout=15_000)
    prompt = ws.receipts.dialog
    assert isinstance(prompt, NoPrinterPrompt)
    _click(qtbot, prompt.save_button)
    window = ws.window()
    window.activateWindow()  # the closed prompt had the focus; shortcuts need the window
    qtbot.waitUntil(window.isActiveWindow)


def _status(desk: Office, task_id: str) -> str:
    with desk.db.read() as session:
        return tasks.get_task(session, task_id=task_id).status


def intake_to_hand_over(
    qtbot: QtBot,
    desk: Office,
    window: MainWindow,
    log_in: Callable[[MainWindow, str], Workspace],
    clock: ManualClock,
) -> None:
    """The officer logs in, takes in a birth certificate and carries it through to hand-over.

    Checks every step on screen and in the database as it goes.
    """
    ws = log_in(window, OFFICER_NIP)
    intake = ws.intake
    assert ws.currentWidget() is intake

    # Intake, keyboard first: search the service, tick documents, type the applicant.
    qtbot.keyClicks(intake.picker.search, "akta kelahiran")
    assert intake.picker.visible_codes()[0] == SERVICE
    qtbot.keyClick(intake.picker.search, Qt.Key.Key_Return)
    assert intake.picker.chosen_code() == SERVICE
    assert intake.sla_label.text().endswith("hari kerja")
    assert intake.fee_label.text() == "Gratis"
    _click(qtbot, intake.check_all_button)
    qtbot.keyClicks(intake.nik.edit, "3174085205900003")
    qtbot.keyClicks(intake.name.edit, "Sri Wahyuni")
    qtbot.keyClicks(intake.phone.edit, "0812 3456 7890")
    qtbot.keyClick(intake.phone.edit, Qt.Key.Key_Return)  # Enter on the last field saves
    qtbot.waitUntil(lambda: intake.last_result is not None, timeout=15_000)
    assert intake.last_result is not None
    saved = intake.last_result.task
    assert saved.tracking_no in intake.result.text()
    assert intake.nik.text() == ""  # the form is ready for the next applicant
    # No printer on this desk: "langsung" (the default) asks, then saves the PDF and says so.
    save_without_printer(qtbot, ws)
    qtbot.waitUntil(
        lambda: intake.last_result is not None and intake.last_result.receipt is not None
    )
    receipt = intake.last_result.receipt
    assert receipt is not None and receipt.ok
    assert receipt.path == receipt_path(desk.folder, saved.tracking_no, "intake")
    assert receipt.path.exists()
    assert "BELUM DICETAK" in intake.result.text()

    # Open it and move it through the lifecycle with the detail page's buttons.
    detail = ws.detail
    _click(qtbot, intake.open_button)
    qtbot.waitUntil(lambda: detail.task is not None and detail.task.id == saved.id)
    assert ws.currentWidget() is detail

    _click(qtbot, detail.buttons["forward"])
    dialog = detail.dialog
    assert dialog is not None
    dialog.agency_box.setCurrentIndex(dialog.agency_box.findData("DUKCAPIL"))  # type: ignore[attr-defined]
    _click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: detail.task is not None and detail.task.status == tasks.AT_AGENCY)

    _click(qtbot, detail.buttons["return"])
    dialog = detail.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.fields["note"].edit, "Akta sudah terbit")
    _click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: detail.task is not None and detail.task.status == tasks.IN_PROCESS)

    _click(qtbot, detail.buttons["ready"])
    qtbot.waitUntil(lambda: detail.task is not None and detail.task.status == tasks.READY)

    _click(qtbot, detail.buttons["complete"])
    dialog = detail.dialog
    assert dialog is not None
    assert dialog.fields["recipient_name"].text() == "Sri Wahyuni"
    _click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: detail.task is not None and detail.task.status == tasks.COMPLETED)
    save_without_printer(qtbot, ws)
    qtbot.waitUntil(lambda: receipt_path(desk.folder, saved.tracking_no, "handover").exists())
    wait_idle(qtbot, window.ctx.ops)

    # The database agrees: completed, the events in lifecycle order, points credited.
    assert _status(desk, saved.id) == tasks.COMPLETED
    with desk.db.read() as session:
        entries = lookup.timeline(session, task_id=saved.id)
        weight = catalogue.get_service(session, code=SERVICE).point_weight
        today = local_day(clock())
        board = ledger.points_between(session, start=today, end=today, officer_id=desk.officer.id)
    kinds = [e.kind for e in entries]
    assert [k for k in kinds if k.startswith("task.")] == [
        "task.received",
        "task.forwarded",
        "task.returned",
        "task.ready",
        "task.completed",
    ]
    assert kinds.count("receipt.printed") == 2  # intake and hand-over receipts journalled
    assert {e.actor_name for e in entries} == {desk.officer.name}
    forwarded = entries[kinds.index("task.forwarded")]
    assert forwarded.payload["agency_code"] == "DUKCAPIL"
    # intake 1 + processing (weight) + on-time bonus 1 + hand-over 1, all to this officer
    assert [(p.officer_id, p.points) for p in board] == [(desk.officer.id, weight + 3)]
    assert receipt_path(desk.folder, saved.tracking_no, "handover").exists()

    # The timeline on screen tells the story in Indonesian, and the points page shows it.
    shown = [
        detail.timeline_model.index(r, 2).data() for r in range(detail.timeline_model.rowCount())
    ]
    assert "Diterima di loket" in shown
    assert any(text.startswith("Diteruskan ke ") for text in shown)
    assert "Diserahkan kepada Sri Wahyuni" in shown
    window.activateWindow()  # the closed dialog had the focus
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: ws.points.summary is not None)
    assert ws.points.tiles["today"].text() == str(weight + 3)
    rules_in_use = point_rules.rules_for(today).version  # the caption names the rules version
    assert ws.points.caption.text().endswith(f"aturan poin versi {rules_in_use}")
    # Every lifecycle button is gone for the completed task; notes and receipts stay.
    shown_buttons = [n for n, b in detail.buttons.items() if not b.isHidden()]
    assert shown_buttons == ["note", "print", "preview", "save_pdf"]
    assert not detail.unprinted.isHidden()  # the hand-over receipt was only saved as a PDF
