"""Our receipt PDFs on paper: QtPdf renders each page, QPainter draws it on a QPrinter."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

logger = logging.getLogger(__name__)

POINTS_PER_INCH = 72.0
# Pages are rendered at the printer's resolution, capped: one A4 page at a PDF printer's
# 1200 dpi would be a 140 MB image, and no receipt printer resolves more than 300 dpi.
MAX_RENDER_DPI = 300
ROLL_NAME = "Loket receipt roll"

# PrintError reasons
UNREADABLE = "document"
REFUSED = "printer"

PrinterSource = Callable[[], QPrinter | None]


class PrintError(Exception):
    """A receipt did not print; `reason` is UNREADABLE (the PDF) or REFUSED (the printer)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def as_print_error(exc: BaseException) -> PrintError:
    """Any failure while printing, as a PrintError (an unexpected one blames the printer)."""
    if isinstance(exc, PrintError):
        return exc
    logger.error("unexpected error while printing", exc_info=exc)
    return PrintError(REFUSED, f"{type(exc).__name__}: {exc}")


def default_printer() -> QPrinter | None:
    """The system's default printer at high resolution, or None when there is none."""
    info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        return None
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def named_printer(name: str, default: PrinterSource = default_printer) -> QPrinter | None:
    """The printer called `name` (None when the system has no such printer); "" = `default`."""
    if not name:
        return default()
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        return None
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def printer_names() -> list[str]:
    """The printers the system offers (CUPS queues on Linux), default first."""
    names = list(QPrinterInfo.availablePrinterNames())
    default = QPrinterInfo.defaultPrinterName()
    if default in names:
        names.remove(default)
        names.insert(0, default)
    return names


def no_printer() -> QPrinter | None:
    """A printer source for machines (and tests) that must never reach a real printer."""
    return None


def printer_label(printer: QPrinter) -> str:
    """The printer's name, or the file a PDF printer writes."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return printer.outputFileName() or "PDF"
    return printer.printerName() or "?"


def is_pdf_printer(printer: QPrinter) -> bool:
    """Whether the printer writes a PDF file rather than paper."""
    return printer.outputFormat() == QPrinter.OutputFormat.PdfFormat


@contextmanager
def open_pdf(pdf: bytes) -> Iterator[QPdfDocument]:
    """The PDF loaded by QtPdf from memory; PrintError when it does not load."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    try:
        document.load(buffer)  # a QBuffer holds everything, so this loads synchronously
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
            raise PrintError(UNREADABLE, f"the receipt PDF does not load ({document.error().name})")
        yield document
    finally:
        document.close()
        buffer.close()


def page_layout(points: QSizeF) -> QPageLayout:
    """A borderless page the size of a PDF page: A5/A4 by their names, rolls as custom sizes."""
    orientation = QPageLayout.Orientation.Portrait
    if points.width() > points.height():
        orientation = QPageLayout.Orientation.Landscape
        points = points.transposed()
    standard = QPageSize.id(points, QPageSize.Unit.Point, QPageSize.SizeMatchPolicy.FuzzyMatch)
    if standard != QPageSize.PageSizeId.Custom:
        size = QPageSize(standard)
    else:
        size = QPageSize(
            points, QPageSize.Unit.Point, ROLL_NAME, QPageSize.SizeMatchPolicy.ExactMatch
        )
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def prepare_printer(printer: QPrinter, pdf: bytes) -> int:
    """Give the printer the receipt's page size, edge to edge; returns the page count."""
    with open_pdf(pdf) as document:
        printer.setFullPage(True)
        printer.setPageLayout(page_layout(document.pagePointSize(0)))
        return int(document.pageCount())


def print_pdf(pdf: bytes, printer: QPrinter) -> None:
    """Print every page of `pdf` on `printer` (GUI thread only); PrintError when it fails."""
    with open_pdf(pdf) as document:
        pages = int(document.pageCount())
        printer.setFullPage(True)
        printer.setPageLayout(page_layout(document.pagePointSize(0)))
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError(REFUSED, f"printer {printer_label(printer)!r} did not start")
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        try:
            for index in range(pages):
                if index:
                    layout = page_layout(document.pagePointSize(index))
                    if not layout.isEquivalentTo(printer.pageLayout()):
                        printer.setPageLayout(layout)  # applies from the next page on
                    if not printer.newPage():
                        raise PrintError(REFUSED, f"printer {printer_label(printer)!r} stopped")
                _draw_page(painter, printer, document, index)
        except BaseException:
            printer.abort()
            raise
        finally:
            painter.end()
    if printer.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        raise PrintError(REFUSED, f"printer {printer_label(printer)!r} reported an error")
    logger.info("printed %d page(s) on %s", pages, printer_label(printer))


def _draw_page(painter: QPainter, printer: QPrinter, document: QPdfDocument, index: int) -> None:
    """Render one page at the printer's resolution and fit it to the paper, top-aligned."""
    points = document.pagePointSize(index)
    dpi = min(printer.resolution(), MAX_RENDER_DPI)
    pixels = QSize(
        max(1, round(points.width() * dpi / POINTS_PER_INCH)),
        max(1, round(points.height() * dpi / POINTS_PER_INCH)),
    )
    image = _on_white(document.render(index, pixels))
    paper = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
    scale = min(paper.width() / points.width(), paper.height() / points.height())
    width, height = points.width() * scale, points.height() * scale
    left = paper.left() + (paper.width() - width) / 2
    painter.drawImage(QRectF(left, paper.top(), width, height), image)


def _on_white(page: QImage) -> QImage:
    """The page image without transparency: some printer drivers print alpha as black."""
    flat = QImage(page.size(), QImage.Format.Format_RGB32)
    flat.fill(Qt.GlobalColor.white)
    painter = QPainter(flat)
    painter.drawImage(0, 0, page)
    painter.end()
    return flat


class ReceiptPreview(QPrintPreviewDialog):
    """Qt's print preview of one receipt PDF; `error` tells whether the last rendering failed."""

    def __init__(self, pdf: bytes, printer: QPrinter, parent: QWidget | None = None) -> None:
        prepare_printer(printer, pdf)
        super().__init__(printer, parent)
        self.pdf = pdf
        self._printer = printer  # the dialog does not own it: keep it alive as long as we live
        self.error: PrintError | None = None
        self.paintRequested.connect(self._paint)

    def _paint(self, printer: QPrinter) -> None:
        """Draw the receipt for the preview pages or for the real print."""
        try:
            print_pdf(self.pdf, printer)
        except Exception as exc:  # a slot must not raise into Qt
            self.error = as_print_error(exc)
            logger.warning("receipt preview/print failed: %s", self.error)
        else:
            self.error = None
