"""One PDF onto paper: ask the spooler, print on the GUI thread, confirm in the background."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtPrintSupport import QPrinter

from desk_app.ui.operations import Operations
from desk_app.ui.print_receipt import (
    REFUSED,
    PrintError,
    as_print_error,
    is_pdf_printer,
    print_pdf,
    printer_label,
)
from desk_app.ui.spooler import Handover, QueueState, Spooler

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PaperResult:
    """What became of one PDF sent to a printer."""

    printer: str  # the printer's name, or the file a PDF printer wrote
    on_paper: bool  # a real printer (journal target "printer"); False: a PDF printer's file
    error: PrintError | None = None  # None: accepted (paper) or written (PDF printer)
    job: str = ""  # the spooler's job id, when it gave one

    @property
    def ok(self) -> bool:
        """True when the printer accepted the job (or the PDF printer wrote its file)."""
        return self.error is None


def send(
    ops: Operations,
    spooler: Spooler,
    printer: QPrinter,
    pdf: bytes,
    *,
    done: Callable[[PaperResult], None],
    owner: QObject,
    title: str = "",
) -> None:
    """Print `pdf` on `printer`; `done(PaperResult)` follows on the GUI thread, exactly once.

    A PDF printer writes its file at once. A real printer's queue is checked first and the
    job confirmed after (both in the background, see `desk_app.ui.spooler`); Qt's printing
    itself runs here, on the GUI thread, as Qt requires.
    """
    if title:
        printer.setDocName(title)  # the job's name in the queue (and cups-pdf's file name)
    label = printer_label(printer)
    if is_pdf_printer(printer):
        try:
            print_pdf(pdf, printer)
        except Exception as exc:
            done(PaperResult(label, False, as_print_error(exc)))
            return
        done(PaperResult(label, False))
        return
    queue = printer.printerName()

    def refused(exc: BaseException) -> None:
        done(PaperResult(label, True, as_print_error(exc)))

    def checked(state: QueueState) -> None:
        if state.refusal:
            done(PaperResult(label, True, PrintError(REFUSED, state.refusal)))
            return
        try:
            print_pdf(pdf, printer)
        except Exception as exc:
            refused(exc)
            return
        ops.run(lambda: spooler.confirm(state), done=confirmed, failed=refused, owner=owner)

    def confirmed(answer: Handover) -> None:
        if answer.accepted:
            done(PaperResult(label, True, job=answer.job))
        else:
            logger.warning("printer %s did not accept the job: %s", label, answer.detail)
            done(PaperResult(label, True, PrintError(REFUSED, answer.detail), answer.job))

    ops.run(lambda: spooler.check(queue), done=checked, failed=refused, owner=owner)
