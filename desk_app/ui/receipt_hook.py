"""The one seam between the GUI and receipts: render after the commit, print, journal.

Each receipt kind goes to its own printer in its own layout (the settings). Paper counts as
printed only once the printer's queue accepted the job (`desk_app.ui.spooler`); a PDF saved
instead is journalled as saved, and without a printer the officer is asked before any PDF.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QPushButton, QWidget

from desk_app.common.clock import Clock
from desk_app.common.errors import OutputRefused
from desk_app.common.files import write_atomically
from desk_app.counter import printing, tasks
from desk_app.db.engine import Database
from desk_app.office.officers import OfficerInfo
from desk_app.ui.context import DeskContext
from desk_app.ui.formatting import receipt_label
from desk_app.ui.messages import describe_error
from desk_app.ui.print_job import PaperResult, send
from desk_app.ui.print_receipt import (
    REFUSED,
    UNREADABLE,
    PrintError,
    ReceiptPreview,
    is_pdf_printer,
    named_printer,
    printer_label,
)
from desk_app.ui.settings import PRINT_DIRECT, PRINT_PREVIEW, PRINT_SAVE
from desk_app.ui.spooler import Handover, QueueState

CITIZEN_LANGUAGE = "id"

logger = logging.getLogger(__name__)

RECEIPTS_DIR = "receipts"
SAVE_AS = "save_as"  # not a setting: the detail page's "Simpan PDF…" asks for a file name


@dataclass(frozen=True)
class RenderedReceipt:
    """A receipt's PDF and the copy number printed on it, rendered after the commit."""

    task_id: str
    tracking_no: str
    kind: str
    layout: str
    copy_no: int
    pdf: bytes


@dataclass(frozen=True)
class PrintOutcome:
    """What became of one receipt; `message` is for the officer, in their language."""

    task_id: str
    kind: str
    ok: bool  # what was asked for happened (printed, or saved when a PDF was asked for)
    message: str
    copy_no: int = 0
    path: Path | None = None
    cancelled: bool = False
    outcome: str = ""  # the journal's printing.PRINTED / SAVED_PDF / FAILED; "" if none


class NoPrinterPrompt(QMessageBox):
    """No printer for a receipt: say so plainly and offer to save it as a PDF instead."""

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Tidak ada printer"))
        self.setText(text)
        self.setInformativeText(
            self.tr(
                "Tanda terima belum dicetak. Simpan sebagai PDF sekarang (tercatat sebagai "
                "disimpan, bukan dicetak), atau pasang printer di Pengaturan lalu tekan "
                "Cetak ulang."
            )
        )
        self.save_button: QPushButton = self.addButton(
            self.tr("Simpan PDF"), QMessageBox.ButtonRole.AcceptRole
        )
        self.later_button: QPushButton = self.addButton(
            self.tr("Nanti saja"), QMessageBox.ButtonRole.RejectRole
        )
        self.setDefaultButton(self.save_button)
        self.setEscapeButton(self.later_button)


def receipt_path(folder: Path, tracking_no: str, kind: str, copy_no: int = 0) -> Path:
    """Where a receipt is saved: <data>/receipts/<tracking>-<kind>[-copy-N].pdf."""
    suffix = f"-copy-{copy_no}" if copy_no else ""
    return folder / RECEIPTS_DIR / f"{tracking_no}-{kind}{suffix}.pdf"


def render(
    db: Database,
    *,
    task_id: str,
    kind: str | None,
    layouts: Mapping[str, str],
    language: str,
) -> RenderedReceipt:
    """The task's next receipt copy (worker thread); `kind` None: what its status calls for.

    `layouts` maps each receipt kind to its layout (the settings of every kind, since the
    kind is known only here).
    """
    with db.read() as session:
        kind = printing.receipt_kind(session, task_id=task_id, kind=kind)
        layout = layouts[kind]
        tracking_no = tasks.get_task(session, task_id=task_id).tracking_no
        pdf, copy_no = printing.render_for_task(
            session, task_id=task_id, layout=layout, kind=kind, language=language
        )
    return RenderedReceipt(task_id, tracking_no, kind, layout, copy_no, pdf)


def journal(
    db: Database,
    receipt: RenderedReceipt,
    *,
    actor_id: str,
    target: str,
    ok: bool,
    now: datetime,
    error: str = "",
) -> None:
    """Journal one print attempt of `receipt` in its own transaction (worker thread)."""
    with db.write() as session:
        printing.record_print(
            session,
            actor_id=actor_id,
            task_id=receipt.task_id,
            kind=receipt.kind,
            layout=receipt.layout,
            target=target,
            ok=ok,
            error=error,
            copy_no=receipt.copy_no,
            now=now,
        )


def save_copy(
    db: Database, receipt: RenderedReceipt, path: Path, *, actor_id: str, clock: Clock
) -> Path:
    """Write the PDF atomically and journal the attempt, failed or not (worker thread)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, receipt.pdf)
    except (OSError, OutputRefused) as exc:  # a refused path is a failed print too
        journal(
            db,
            receipt,
            actor_id=actor_id,
            target=printing.PDF,
            ok=False,
            error=f"{path}: {exc}",
            now=clock(),
        )
        raise
    journal(db, receipt, actor_id=actor_id, target=printing.PDF, ok=True, now=clock())
    logger.info("receipt %s of %s saved to %s", receipt.kind, receipt.tracking_no, path)
    return path


class ReceiptPrinter(QObject):
    """Prints, previews or saves the receipts of committed changes and journals each attempt.

    Rendering and journalling run in the background helper; Qt's printing runs here, on the
    GUI thread. Every request ends in exactly one `receiptHandled(PrintOutcome)`.
    """

    receiptHandled = Signal(object)

    def __init__(self, ctx: DeskContext, officer: OfficerInfo, parent: QWidget) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._actor = officer.id
        self._window = parent
        self.dialog: QDialog | None = None
        self._preview_before: QueueState | None = None  # the spooler before a preview

    def issue(self, task_id: str, kind: str | None = None, *, mode: str | None = None) -> None:
        """Render the task's receipt in the background, then print, preview or save it."""
        ctx = self._ctx
        mode = mode or ctx.settings.receipt_output
        # Documents for citizens stay Indonesian whatever the officer's interface language.
        db, language = ctx.db, CITIZEN_LANGUAGE
        layouts = {k: ctx.settings.layout_for(k) for k in printing.SOURCE_EVENT}
        ctx.ops.run(
            lambda: render(db, task_id=task_id, kind=kind, layouts=layouts, language=language),
            done=partial(self.deliver, mode=mode),
            failed=partial(self._render_failed, task_id, kind or ""),
            owner=self,
        )

    def deliver(self, receipt: RenderedReceipt, *, mode: str) -> None:
        """Hand a rendered receipt to the printer, the preview or a file, as `mode` says."""
        if mode == PRINT_PREVIEW:
            self.preview(receipt)
        elif mode == PRINT_SAVE:
            self._save(
                receipt,
                receipt_path(
                    self._ctx.data_dir, receipt.tracking_no, receipt.kind, receipt.copy_no
                ),
            )
        elif mode == SAVE_AS:
            self.save_as(receipt)
        else:
            if mode != PRINT_DIRECT:
                logger.warning("unknown receipt mode %r; printing directly", mode)
            self.print_direct(receipt)

    def print_direct(self, receipt: RenderedReceipt) -> None:
        """Print on the receipt kind's printer; without one, say so and offer a PDF."""
        name = self._ctx.settings.printer_for(receipt.kind)
        printer = named_printer(name, self._ctx.printers)
        if printer is None:
            self.ask_no_printer(receipt, name)
            return
        self.print_on(printer, receipt)

    def ask_no_printer(self, receipt: RenderedReceipt, name: str = "") -> NoPrinterPrompt:
        """Tell the officer there is no printer; "Simpan PDF" saves (journalled as saved)."""
        self.close_dialogs()
        if name:
            text = self.tr("Printer %1 untuk %2 tidak ditemukan di komputer ini.")
        else:
            text = self.tr("Belum ada printer yang dipasang di komputer ini untuk %2.")
        text = text.replace("%1", name).replace("%2", receipt_label(receipt.kind))
        prompt = NoPrinterPrompt(text, self._window)
        prompt.finished.connect(partial(self._no_printer_answered, prompt, receipt))
        self.dialog = prompt
        prompt.open()
        return prompt

    def print_on(self, printer: QPrinter, receipt: RenderedReceipt) -> None:
        """Print on `printer` (GUI thread) once its queue is checked; confirm, then journal."""
        title = f"Loket {receipt.tracking_no} {receipt.kind}"
        if receipt.copy_no:
            title += f" {receipt.copy_no}"
        send(
            self._ctx.ops,
            self._ctx.spooler,
            printer,
            receipt.pdf,
            done=partial(self._sent, receipt),
            owner=self,
            title=title,
        )

    def _sent(self, receipt: RenderedReceipt, result: PaperResult) -> None:
        target = printing.PRINTER if result.on_paper else printing.PDF
        if result.error is not None:
            problem = result.error
            logger.warning("receipt of %s did not print: %s", receipt.tracking_no, problem)
            message = self._failed(problem, result.printer)
            self._journal(receipt, target, ok=False, error=str(problem), message=message)
            return
        message = self._printed(receipt, result.printer, on_paper=result.on_paper)
        self._journal(receipt, target, ok=True, message=message)

    def preview(self, receipt: RenderedReceipt) -> ReceiptPreview:
        """Open Qt's print preview; printing from it is journalled, closing it is not."""
        self.close_dialogs()
        printer = named_printer(self._ctx.settings.printer_for(receipt.kind), self._ctx.printers)
        printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = ReceiptPreview(receipt.pdf, printer, self._window)
        # The spooler's jobs before any print from the preview, to confirm that print by.
        self._preview_before = None
        spooler = self._ctx.spooler
        self._ctx.ops.run(
            lambda: spooler.check(printer.printerName()),
            done=partial(self._preview_checked, dialog),
            owner=dialog,
        )
        dialog.setWindowTitle(
            self.tr("Pratinjau tanda terima %1").replace("%1", receipt.tracking_no)
        )
        dialog.resize(720, 820)
        dialog.finished.connect(partial(self._preview_closed, dialog, receipt))
        self.dialog = dialog
        dialog.open()
        return dialog

    def save_as(self, receipt: RenderedReceipt) -> QFileDialog:
        """Ask where to save the PDF, then write it in the background and journal it."""
        self.close_dialogs()
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = receipt_path(Path(folder), receipt.tracking_no, receipt.kind, receipt.copy_no).name
        dialog = QFileDialog(
            self._window, self.tr("Simpan tanda terima sebagai PDF"), str(Path(folder) / name)
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("Dokumen PDF (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        dialog.finished.connect(partial(self._save_as_closed, dialog, receipt))
        self.dialog = dialog
        dialog.open()
        return dialog

    def close_dialogs(self) -> None:
        """Close an open preview or save dialog (the screen locks, another receipt comes)."""
        if self.dialog is not None:
            self.dialog.reject()

    # -- internals -------------------------------------------------------------------------

    def _preview_checked(self, dialog: ReceiptPreview, state: QueueState) -> None:
        if self.dialog is dialog:
            self._preview_before = state

    def _no_printer_answered(
        self, prompt: NoPrinterPrompt, receipt: RenderedReceipt, _result: int
    ) -> None:
        self._forget(prompt)
        if prompt.clickedButton() is prompt.save_button:
            path = receipt_path(
                self._ctx.data_dir, receipt.tracking_no, receipt.kind, receipt.copy_no
            )
            note = self.tr(
                "Tidak ada printer: tanda terima BELUM DICETAK, hanya disimpan sebagai PDF: %1. "
                "Cetak berkas itu, atau pasang printer lalu tekan Cetak ulang."
            )
            self._save(receipt, path, note=note)
            return
        text = self.tr(
            "Tidak ada printer: tanda terima belum dicetak. Pasang printer di Pengaturan lalu "
            "tekan Cetak ulang, atau simpan sebagai PDF."
        )
        self._report(_outcome(receipt, ok=False, message=text))

    def _save(self, receipt: RenderedReceipt, path: Path, *, note: str = "") -> None:
        db, actor = self._ctx.db, self._actor
        self._ctx.ops.run(
            lambda: save_copy(db, receipt, path, actor_id=actor, clock=self._ctx.clock),
            done=partial(self._saved, receipt, note),
            failed=partial(self._save_failed, receipt),
            owner=self,
        )

    def _saved(self, receipt: RenderedReceipt, note: str, path: Path) -> None:
        message = (note or self.tr("Tanda terima disimpan: %1")).replace("%1", str(path))
        saved = printing.SAVED_PDF
        self._report(_outcome(receipt, ok=True, message=message, path=path, outcome=saved))

    def _save_failed(self, receipt: RenderedReceipt, exc: BaseException) -> None:
        text = self.tr("Tanda terima belum tersimpan. %1").replace(
            "%1", describe_error(exc, self._ctx.language)
        )
        self._report(_outcome(receipt, ok=False, message=text, outcome=printing.FAILED))

    def _journal(
        self, receipt: RenderedReceipt, target: str, *, ok: bool, message: str, error: str = ""
    ) -> None:
        db, actor, now = self._ctx.db, self._actor, self._ctx.now()
        outcome = _outcome(
            receipt, ok=ok, message=message, outcome=printing.print_outcome(target=target, ok=ok)
        )
        self._ctx.ops.run(
            lambda: journal(
                db, receipt, actor_id=actor, target=target, ok=ok, error=error, now=now
            ),
            done=partial(self._journalled, outcome),
            failed=partial(self._journal_failed, outcome),
            owner=self,
        )

    def _journalled(self, outcome: PrintOutcome, _none: None) -> None:
        self._report(outcome)

    def _journal_failed(self, outcome: PrintOutcome, exc: BaseException) -> None:
        logger.error("print journal not written for %s", outcome.task_id, exc_info=exc)
        extra = self.tr("Catatan cetak tidak tersimpan: %1").replace(
            "%1", describe_error(exc, self._ctx.language)
        )
        self._report(replace(outcome, ok=False, message=f"{outcome.message} {extra}"))

    def _render_failed(self, task_id: str, kind: str, exc: BaseException) -> None:
        text = self.tr("Tanda terima tidak bisa dibuat. %1").replace(
            "%1", describe_error(exc, self._ctx.language)
        )
        self._report(PrintOutcome(task_id=task_id, kind=kind, ok=False, message=text))

    def _preview_closed(
        self, dialog: ReceiptPreview, receipt: RenderedReceipt, result: int
    ) -> None:
        self._forget(dialog)
        if result != QDialog.DialogCode.Accepted:
            text = self.tr("Pratinjau ditutup tanpa mencetak; tanda terima belum dicetak.")
            self._report(_outcome(receipt, ok=False, message=text, cancelled=True))
        elif dialog.error is not None:
            printer = dialog.printer()
            message = self._failed(dialog.error, printer_label(printer))
            target = _target(printer)
            self._journal(receipt, target, ok=False, error=str(dialog.error), message=message)
        elif is_pdf_printer(dialog.printer()) or self._preview_before is None:
            # A file, or no word from the spooler in time: Qt's word is what there is.
            self._sent(receipt, PaperResult(printer_label(dialog.printer()), _on_paper(dialog)))
        else:
            printer, before = dialog.printer(), self._preview_before
            before = replace(before, queue=printer.printerName(), refusal="")
            label, spooler = printer_label(printer), self._ctx.spooler
            self._ctx.ops.run(
                lambda: spooler.confirm(before),
                done=partial(self._preview_confirmed, receipt, label),
                owner=self,
            )

    def _preview_confirmed(self, receipt: RenderedReceipt, label: str, answer: Handover) -> None:
        error = None if answer.accepted else PrintError(REFUSED, answer.detail)
        self._sent(receipt, PaperResult(label, True, error, answer.job))

    def _save_as_closed(self, dialog: QFileDialog, receipt: RenderedReceipt, result: int) -> None:
        self._forget(dialog)
        files = dialog.selectedFiles()
        if result == QDialog.DialogCode.Accepted and files:
            self._save(receipt, Path(files[0]))
            return
        text = self.tr("Penyimpanan PDF dibatalkan.")
        self._report(_outcome(receipt, ok=False, message=text, cancelled=True))

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _printed(self, receipt: RenderedReceipt, printer: str, *, on_paper: bool) -> str:
        if not on_paper:
            text = self.tr("Tanda terima disimpan sebagai PDF %1 (belum dicetak di kertas).")
        elif receipt.copy_no:
            text = self.tr("Tanda terima dicetak ke %1 (salinan ke-%2).")
        else:
            text = self.tr("Tanda terima dicetak ke %1.")
        return text.replace("%1", printer).replace("%2", str(receipt.copy_no))

    def _failed(self, exc: PrintError, printer: str) -> str:
        if exc.reason == UNREADABLE:
            return self.tr(
                "Tanda terima gagal dicetak: dokumennya tidak terbaca. Tekan Cetak ulang; "
                "bila terulang, hubungi admin."
            )
        return self.tr(
            "Tanda terima gagal dicetak (belum dicetak): printer %1 tidak menerima pekerjaan "
            "cetak. Periksa printer menyala, berkertas, tersambung dan tidak dihentikan, lalu "
            "tekan Cetak ulang di halaman berkas (Ctrl+P)."
        ).replace("%1", printer)

    def _report(self, outcome: PrintOutcome) -> None:
        self.receiptHandled.emit(outcome)


def _outcome(
    receipt: RenderedReceipt,
    *,
    ok: bool,
    message: str,
    path: Path | None = None,
    cancelled: bool = False,
    outcome: str = "",
) -> PrintOutcome:
    return PrintOutcome(
        task_id=receipt.task_id,
        kind=receipt.kind,
        ok=ok,
        message=message,
        copy_no=receipt.copy_no,
        path=path,
        cancelled=cancelled,
        outcome=outcome,
    )


def _target(printer: QPrinter) -> str:
    """The journal's target: a PDF printer writes a file, any other prints on paper."""
    return printing.PDF if is_pdf_printer(printer) else printing.PRINTER


def _on_paper(dialog: ReceiptPreview) -> bool:
    return not is_pdf_printer(dialog.printer())
