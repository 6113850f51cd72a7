"""Receipts from the GUI: real QPrinters (PDF output), the preview, saving, failures."""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from desk_app.counter import printing, tasks
from desk_app.counter.receipts import DocumentLine, render_receipt
from desk_app.counter.receipts.layouts import SPECS
from desk_app.ui.context import DeskContext
from desk_app.ui.main_window import MainWindow
from desk_app.ui.print_receipt import UNREADABLE, PrintError, ReceiptPreview, print_pdf
from desk_app.ui.receipt_hook import NoPrinterPrompt, receipt_path
from desk_app.ui.settings import SETTINGS_FILE
from desk_app.ui.settings_dialog import SettingsDialog
from desk_app.ui.workspace import Workspace
from tests.conftest import OFFICER_NIP, Office
from tests.helpers import GOOD_NIK, receive
from tests.receipt_data import receipt
from tests.ui.conftest import wait_idle
from tests.ui.flows import pdf_printer


def page_sizes(path: Path) -> list[tuple[float, float]]:
    """(width, height) in points of every page of a PDF file."""
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def journal(desk: Office, task_id: str) -> list[tuple[str, int, bool, str]]:
    """(kind, copy_no, ok, target) of every print attempt of a task."""
    with desk.db.read() as session:
        return [
            (r.kind, r.copy_no, r.ok, r.target)
            for r in printing.list_prints(session, task_id=task_id)
        ]


class Printers:
    """The desk's printer source; a test decides what `printer` is at any moment."""

    def __init__(self) -> None:
        self.printer: QPrinter | None = None

    def __call__(self) -> QPrinter | None:
        """The current 'default printer'."""
        return self.printer


@pytest.fixture
def printers() -> Printers:
    """No default printer until a test plugs one in."""
    return Printers()


@pytest.fixture
def ws(
    ctx: DeskContext,
    printers: Printers,
    qtbot: QtBot,
    log_in: Callable[[MainWindow, str], Workspace],
) -> Iterator[Workspace]:
    """An officer's workspace on a desk whose printers the test controls."""
    win = MainWindow(dataclasses.replace(ctx, printers=printers))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: win.login.officer_box.count() == 3)
    yield log_in(win, OFFICER_NIP)
    win.workspace.receipts.close_dialogs()  # type: ignore[union-attr]


@pytest.fixture(autouse=True)
def _qt_file_dialogs(qapp: QApplication) -> Iterator[None]:
    """Qt's own file dialog, which a test can drive, on every platform."""
    qapp.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    yield
    qapp.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, False)


def _intake(qtbot: QtBot, ws: Workspace) -> tasks.TaskView:
    """Take one request through the intake form and wait until its receipt is handled."""
    intake = ws.intake
    intake.picker.choose("KEL-SKT-01")
    qtbot.keyClicks(intake.nik.edit, GOOD_NIK)
    qtbot.keyClicks(intake.name.edit, "Budi Santoso")
    qtbot.mouseClick(intake.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: intake.last_result is not None and intake.last_result.receipt is not None,
        timeout=15_000,
    )
    wait_idle(qtbot, ws.ctx.ops)
    assert intake.last_result is not None
    return intake.last_result.task


def _open(qtbot: QtBot, ws: Workspace, task_id: str) -> None:
    ws.open_task(task_id)
    qtbot.waitUntil(lambda: ws.detail.task is not None and ws.detail.task.id == task_id)
    wait_idle(qtbot, ws.ctx.ops)


# -- printing a PDF on a QPrinter ------------------------------------------------------------


@pytest.mark.parametrize("layout", ["thermal80", "thermal58", "a5", "a4"])
def test_a_pdf_printer_gets_the_layouts_page_size(
    qapp: QApplication, desk: Office, tmp_path: Path, layout: str
) -> None:
    view = receive(desk.db, desk.officer.id)
    with desk.db.read() as session:
        pdf, copy_no = printing.render_for_task(session, task_id=view.id, layout=layout)
    assert copy_no == 0
    out = tmp_path / f"{layout}.pdf"
    print_pdf(pdf, pdf_printer(out))
    source = PdfReader(io.BytesIO(pdf))
    printed = page_sizes(out)
    assert len(printed) == len(source.pages) == 1
    width, height = printed[0]
    spec = SPECS[layout]
    assert width == pytest.approx(spec.page_width, abs=0.5)  # 80 mm = 226.8 pt, A4 = 595.3
    if spec.page_height is None:  # a roll: exactly as long as the receipt
        assert height == pytest.approx(float(source.pages[0].mediabox.height), abs=0.5)
    else:
        assert height == pytest.approx(spec.page_height, abs=0.5)
    assert PdfReader(str(out)).pages[0].images, "the receipt is drawn on the page"


def test_every_page_of_a_long_receipt_is_printed(qapp: QApplication, tmp_path: Path) -> None:
    many = tuple(DocumentLine(f"Dokumen pendukung nomor {n}", n % 3 > 0) for n in range(90))
    pdf = render_receipt(receipt(documents=many), layout="a5")
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages > 1
    out = tmp_path / "long.pdf"
    print_pdf(pdf, pdf_printer(out))
    assert page_sizes(out) == [(420.0, 595.0)] * pages  # A5, whole points


def test_clear_errors_for_a_bad_document_or_a_printer_that_will_not_start(
    qapp: QApplication, tmp_path: Path
) -> None:
    with pytest.raises(PrintError) as bad_pdf:
        print_pdf(b"%PDF-1.4 this is not a PDF", pdf_printer(tmp_path / "x.pdf"))
    assert bad_pdf.value.reason == UNREADABLE
    assert not (tmp_path / "x.pdf").exists()
    nowhere = tmp_path / "no-such-folder" / "x.pdf"
    with pytest.raises(PrintError, match="did not start") as refused:
        print_pdf(render_receipt(receipt(), layout="a4"), pdf_printer(nowhere))
    assert refused.value.reason != UNREADABLE


# -- the desk's flows ------------------------------------------------------------------------


def test_failed_print_warns_and_a_pdf_printers_file_is_saved_not_printed(
    qtbot: QtBot, desk: Office, ws: Workspace, printers: Printers, tmp_path: Path
) -> None:
    printers.printer = pdf_printer(tmp_path / "no-such-folder" / "out.pdf")  # begin() fails
    task = _intake(qtbot, ws)

    # The task is saved; the officer is told the receipt did not print and what to do.
    intake = ws.intake
    assert intake.last_result is not None and intake.last_result.receipt is not None
    assert not intake.last_result.receipt.ok
    assert task.tracking_no in intake.result.text()
    assert "gagal dicetak" in intake.result.text()
    assert "Cetak ulang" in intake.result.text()
    assert journal(desk, task.id) == [("intake", 0, False, "pdf")]
    with desk.db.read() as session:
        assert tasks.get_task(session, task_id=task.id).status == tasks.RECEIVED
        assert printing.unprinted_receipts(session) == [task.tracking_no]

    qtbot.mouseClick(intake.open_button, Qt.MouseButton.LeftButton)
    detail = ws.detail
    qtbot.waitUntil(lambda: detail.task is not None and detail.task.id == task.id)
    assert not detail.unprinted.isHidden()
    assert "Tanda terima belum dicetak" in detail.unprinted.label.text()
    timeline = [
        detail.timeline_model.index(r, 2).data() for r in range(detail.timeline_model.rowCount())
    ]
    assert timeline[-1] == "Gagal mencetak tanda terima penerimaan"

    # "Cetak ulang" on a PDF printer writes its file: saved, but no paper, so the warning
    # stays and the next paper is still the original (paper: tests/ui/test_cups_printing.py).
    good = tmp_path / "reprint.pdf"
    printers.printer = pdf_printer(good)
    qtbot.mouseClick(detail.unprinted.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(journal(desk, task.id)) == 2, timeout=10_000)
    wait_idle(qtbot, ws.ctx.ops)
    assert "belum dicetak di kertas" in detail.message.text()
    assert page_sizes(good)[0][0] == pytest.approx(226.8, abs=0.5)
    assert journal(desk, task.id) == [("intake", 0, False, "pdf"), ("intake", 0, True, "pdf")]
    qtbot.waitUntil(lambda: "disimpan sebagai PDF" in detail.unprinted.label.text())
    assert not detail.unprinted.isHidden()
    timeline = [
        detail.timeline_model.index(r, 2).data() for r in range(detail.timeline_model.rowCount())
    ]
    assert timeline[-1] == "Disimpan sebagai PDF (belum dicetak): tanda terima penerimaan"

    qtbot.mouseClick(detail.buttons["print"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(journal(desk, task.id)) == 3)
    wait_idle(qtbot, ws.ctx.ops)
    assert journal(desk, task.id)[-1] == ("intake", 0, True, "pdf")  # no SALINAN: no paper yet
    assert "salinan" not in detail.message.text()
    with desk.db.read() as session:
        assert not printing.receipt_printed(session, task_id=task.id)
        assert printing.unprinted_receipts(session) == [task.tracking_no]


def test_without_a_printer_the_officer_is_told_and_may_save_a_pdf(
    qtbot: QtBot, desk: Office, ws: Workspace
) -> None:
    intake = ws.intake
    intake.picker.choose("KEL-SKT-01")
    qtbot.keyClicks(intake.nik.edit, GOOD_NIK)
    qtbot.keyClicks(intake.name.edit, "Budi Santoso")
    intake.save()
    qtbot.waitUntil(lambda: isinstance(ws.receipts.dialog, NoPrinterPrompt), timeout=15_000)
    prompt = ws.receipts.dialog
    assert isinstance(prompt, NoPrinterPrompt)
    assert "Belum ada printer" in prompt.text()
    assert "belum dicetak" in prompt.informativeText()
    assert intake.last_result is not None
    first = intake.last_result.task
    qtbot.mouseClick(prompt.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: intake.last_result is not None and intake.last_result.receipt is not None,
        timeout=10_000,
    )
    wait_idle(qtbot, ws.ctx.ops)
    receipt = intake.last_result.receipt
    assert receipt is not None and receipt.outcome == printing.SAVED_PDF
    assert receipt.path == receipt_path(desk.folder, first.tracking_no, "intake")
    assert receipt.path.exists()
    assert "BELUM DICETAK" in intake.result.text()
    assert journal(desk, first.id) == [("intake", 0, True, "pdf")]
    with desk.db.read() as session:
        assert printing.unprinted_receipts(session) == [first.tracking_no]  # not on paper

    # "Nanti saja": nothing is saved or journalled, and the officer reads it is not printed.
    second = _intake_answering(qtbot, ws, save=False)
    receipt = intake.last_result.receipt
    assert receipt is not None and not receipt.ok and receipt.outcome == ""
    assert "belum dicetak" in intake.result.text()
    assert journal(desk, second.id) == []


def _intake_answering(qtbot: QtBot, ws: Workspace, *, save: bool) -> tasks.TaskView:
    intake = ws.intake
    intake.picker.choose("KEL-SKT-01")
    qtbot.keyClicks(intake.nik.edit, GOOD_NIK)
    qtbot.keyClicks(intake.name.edit, "Budi Santoso")
    intake.save()
    qtbot.waitUntil(lambda: isinstance(ws.receipts.dialog, NoPrinterPrompt), timeout=15_000)
    prompt = ws.receipts.dialog
    assert isinstance(prompt, NoPrinterPrompt)
    button = prompt.save_button if save else prompt.later_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: intake.last_result is not None and intake.last_result.receipt is not None,
        timeout=10_000,
    )
    wait_idle(qtbot, ws.ctx.ops)
    assert intake.last_result is not None
    return intake.last_result.task


def test_preview_renders_the_receipt_and_prints_from_it(
    qtbot: QtBot, desk: Office, ws: Workspace, printers: Printers, tmp_path: Path
) -> None:
    view = receive(desk.db, desk.officer.id)
    _open(qtbot, ws, view.id)
    detail = ws.detail
    assert not detail.unprinted.isHidden()  # nothing printed yet

    # Preview, look at it, close it: nothing printed, nothing journalled.
    qtbot.mouseClick(detail.buttons["preview"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(ws.receipts.dialog, ReceiptPreview))
    dialog = ws.receipts.dialog
    assert isinstance(dialog, ReceiptPreview)
    widget = dialog.findChild(QPrintPreviewWidget)
    assert widget is not None
    qtbot.waitUntil(lambda: widget.pageCount() == 1)
    assert dialog.error is None
    assert view.tracking_no in dialog.windowTitle()
    widget.fitToWidth()
    image = widget.grab().toImage()
    dark = sum(
        1
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
        if image.pixelColor(x, y).lightness() < 80
    )
    assert dark > 50, "the preview shows the receipt's text, not a blank page"
    dialog.reject()
    qtbot.waitUntil(lambda: "Pratinjau ditutup" in detail.message.text())
    assert journal(desk, view.id) == []
    assert not detail.unprinted.isHidden()

    # Preview again with a printer, and print from it (the preview's Print button does this
    # after its print dialog): the print is journalled and the warning goes.
    out = tmp_path / "from-preview.pdf"
    printers.printer = pdf_printer(out)
    qtbot.mouseClick(detail.buttons["preview"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(ws.receipts.dialog, ReceiptPreview))
    dialog = ws.receipts.dialog
    assert isinstance(dialog, ReceiptPreview)
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview is not None
    preview.print()
    dialog.accept()
    qtbot.waitUntil(lambda: journal(desk, view.id) != [], timeout=10_000)
    assert journal(desk, view.id) == [("intake", 0, True, "pdf")]  # a file: saved, not paper
    assert page_sizes(out)[0][0] == pytest.approx(226.8, abs=0.5)


def test_locking_the_screen_closes_a_preview(qtbot: QtBot, desk: Office, ws: Workspace) -> None:
    view = receive(desk.db, desk.officer.id)
    _open(qtbot, ws, view.id)
    ws.detail.perform("preview")
    qtbot.waitUntil(lambda: isinstance(ws.receipts.dialog, ReceiptPreview))
    dialog = ws.receipts.dialog
    assert dialog is not None
    window = ws.window()
    assert isinstance(window, MainWindow)
    window.lock()
    assert ws.receipts.dialog is None
    assert not dialog.isVisible()


def test_intake_with_save_pdf_setting_writes_the_file(
    qtbot: QtBot, desk: Office, ws: Workspace, printers: Printers, tmp_path: Path
) -> None:
    printers.printer = pdf_printer(tmp_path / "must-not-be-used.pdf")
    ws.ctx.settings.set("receipt_output", "pdf")
    ws.ctx.settings.set("receipt_layout", "a4")
    task = _intake(qtbot, ws)
    path = receipt_path(desk.folder, task.tracking_no, "intake")
    assert path.read_bytes().startswith(b"%PDF")
    assert page_sizes(path) == [pytest.approx((595.3, 841.9), abs=0.1)]
    assert str(path) in ws.intake.result.text()
    assert not (tmp_path / "must-not-be-used.pdf").exists()
    assert journal(desk, task.id) == [("intake", 0, True, "pdf")]


def test_save_as_pdf_asks_for_a_file_name(
    qtbot: QtBot, desk: Office, ws: Workspace, tmp_path: Path
) -> None:
    view = receive(desk.db, desk.officer.id)
    _open(qtbot, ws, view.id)
    qtbot.mouseClick(ws.detail.buttons["save_pdf"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(ws.receipts.dialog, QFileDialog))
    dialog = ws.receipts.dialog
    assert isinstance(dialog, QFileDialog)
    assert dialog.selectedFiles()[0].endswith(f"{view.tracking_no}-intake.pdf")
    chosen = tmp_path / "chosen" / "tanda-terima.pdf"
    chosen.parent.mkdir()
    name_edit = dialog.findChild(QLineEdit, "fileNameEdit")  # type as the officer would
    assert name_edit is not None
    name_edit.clear()
    qtbot.keyClicks(name_edit, str(chosen))
    assert dialog.selectedFiles() == [str(chosen)]
    qtbot.keyClick(name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: str(chosen) in ws.detail.message.text(), timeout=10_000)
    wait_idle(qtbot, ws.ctx.ops)
    with desk.db.read() as session:
        expected, _copy = printing.render_for_task(
            session, task_id=view.id, layout="thermal80", kind="intake"
        )
    assert len(PdfReader(str(chosen)).pages) == len(PdfReader(io.BytesIO(expected)).pages)
    assert chosen.read_bytes().startswith(b"%PDF")
    assert journal(desk, view.id) == [("intake", 0, True, "pdf")]
    # Saved is not printed: the warning stays, and says the PDF exists.
    qtbot.waitUntil(lambda: "disimpan sebagai PDF" in ws.detail.unprinted.label.text())
    assert not ws.detail.unprinted.isHidden()


def test_rejection_prints_its_notice_after_the_commit(
    qtbot: QtBot, desk: Office, ws: Workspace, printers: Printers, tmp_path: Path
) -> None:
    view = receive(desk.db, desk.officer.id)
    out = tmp_path / "rejection.pdf"
    printers.printer = pdf_printer(out)
    _open(qtbot, ws, view.id)
    detail = ws.detail
    detail.perform("reject")
    dialog = detail.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.fields["reason"].edit, "Pengantar RT/RW belum ada")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: journal(desk, view.id) != [], timeout=10_000)
    wait_idle(qtbot, ws.ctx.ops)
    with desk.db.read() as session:
        assert tasks.get_task(session, task_id=view.id).status == tasks.REJECTED
    assert journal(desk, view.id) == [("rejection", 0, True, "pdf")]
    assert page_sizes(out)[0][0] == pytest.approx(226.8, abs=0.5)
    qtbot.waitUntil(lambda: detail.task is not None and detail.task.status == tasks.REJECTED)
    # The rejection notice is what this status calls for; a PDF printer only saved it.
    qtbot.waitUntil(lambda: "surat penolakan" in detail.unprinted.label.text())


def test_intake_with_preview_setting_previews_the_committed_task(
    qtbot: QtBot, desk: Office, ws: Workspace
) -> None:
    ws.ctx.settings.set("receipt_output", "preview")
    intake = ws.intake
    intake.picker.choose("KEL-SKT-01")
    qtbot.keyClicks(intake.nik.edit, GOOD_NIK)
    qtbot.keyClicks(intake.name.edit, "Budi Santoso")
    intake.save()
    qtbot.waitUntil(lambda: isinstance(ws.receipts.dialog, ReceiptPreview), timeout=10_000)
    assert intake.last_result is not None
    saved = intake.last_result.task
    with desk.db.read() as session:  # on disk before any receipt is shown (invariant 1)
        assert tasks.get_task(session, task_id=saved.id).status == tasks.RECEIVED
    dialog = ws.receipts.dialog
    assert isinstance(dialog, ReceiptPreview)
    assert saved.tracking_no in dialog.windowTitle()
    dialog.reject()
    qtbot.waitUntil(
        lambda: intake.last_result is not None and intake.last_result.receipt is not None
    )
    assert "Pratinjau ditutup" in intake.result.text()
    assert journal(desk, saved.id) == []


def test_settings_dialog_offers_what_happens_after_saving(qtbot: QtBot, ws: Workspace) -> None:
    window = ws.window()
    assert isinstance(window, MainWindow)
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    box = dialog.output_box
    assert [box.itemData(i) for i in range(box.count())] == ["preview", "direct", "pdf"]
    assert [box.itemText(i) for i in range(box.count())] == [
        "Pratinjau dulu",
        "Langsung ke printer",
        "Simpan PDF saja",
    ]
    assert box.currentData() == "direct"
    box.setCurrentIndex(box.findData("preview"))
    dialog.accept()
    wait_idle(qtbot, ws.ctx.ops)
    assert ws.ctx.settings.receipt_output == "preview"
    stored = json.loads((ws.ctx.data_dir / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert stored["receipt_output"] == "preview"


def test_an_english_interface_still_gives_the_citizen_an_indonesian_receipt(
    qtbot: QtBot,
    ctx: DeskContext,
    desk: Office,
    printers: Printers,
    log_in: Callable[[MainWindow, str], Workspace],
) -> None:
    win = MainWindow(dataclasses.replace(ctx, printers=printers, language="en"))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: win.login.officer_box.count() == 3)
    english = log_in(win, OFFICER_NIP)
    english.ctx.settings.set("receipt_output", "pdf")
    task = _intake(qtbot, english)
    text = "".join(
        page.extract_text()
        for page in PdfReader(receipt_path(desk.folder, task.tracking_no, "intake")).pages
    )
    assert "TANDA TERIMA BERKAS" in text and "APPLICATION RECEIPT" not in text
    english.receipts.close_dialogs()
