"""Settings box: the printer and paper of each document the desk prints, with a test print."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from desk_app.counter.receipt_layouts import A4, A5, LAYOUTS, THERMAL58, THERMAL80
from desk_app.ui.operations import Operations
from desk_app.ui.print_job import PaperResult, send
from desk_app.ui.print_receipt import PrinterSource, default_printer, named_printer
from desk_app.ui.settings import (
    DAY_REPORT,
    DOCUMENTS,
    REPORT_LAYOUTS,
    SYSTEM_DEFAULT,
    UiSettings,
    layout_key,
    printer_key,
)
from desk_app.ui.spooler import Spooler, SystemSpooler
from desk_app.ui.theme import ERROR_STYLE

logger = logging.getLogger(__name__)


class PrinterSettingsBox(QGroupBox):
    """Per document: which printer, which layout (paper), and a "Uji cetak" button."""

    def __init__(
        self,
        settings: UiSettings,
        ops: Operations,
        parent: QWidget | None = None,
        *,
        printers: PrinterSource = default_printer,
        printer_names: Callable[[], list[str]] | None = None,
        spooler: Spooler | None = None,
        office: tuple[str, str] = ("PTSP", ""),
    ) -> None:
        """`printers` is the system default printer; `office` is (name, code) for test pages."""
        super().__init__(parent)
        self.setTitle(self.tr("Printer dan kertas"))
        self._ops = ops
        self._printers = printers
        self._spooler = spooler or SystemSpooler()
        self._office = office
        self.testing = ""  # the document whose test page is under way
        titles = {
            "intake": self.tr("Tanda terima penerimaan"),
            "handover": self.tr("Tanda terima penyerahan"),
            "rejection": self.tr("Surat penolakan"),
            DAY_REPORT: self.tr("Laporan harian"),
        }
        papers = {
            THERMAL80: self.tr("Rol 80 mm"),
            THERMAL58: self.tr("Rol 58 mm"),
            A5: "A5",
            A4: "A4",
        }
        names = _system_names() if printer_names is None else printer_names()
        self.printer_boxes: dict[str, QComboBox] = {}
        self.layout_boxes: dict[str, QComboBox] = {}
        self.test_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.addWidget(QLabel(self.tr("Dokumen"), self), 0, 0)
        grid.addWidget(QLabel(self.tr("Printer"), self), 0, 1)
        grid.addWidget(QLabel(self.tr("Kertas"), self), 0, 2)
        for row, doc in enumerate(DOCUMENTS, start=1):
            printer_box = QComboBox(self)
            printer_box.addItem(self.tr("Printer bawaan sistem"), SYSTEM_DEFAULT)
            for name in names:
                printer_box.addItem(name, name)
            chosen = settings.printer_for(doc)
            if chosen and printer_box.findData(chosen) < 0:
                printer_box.addItem(self.tr("%1 (tidak ditemukan)").replace("%1", chosen), chosen)
            printer_box.setCurrentIndex(max(0, printer_box.findData(chosen)))
            layout_box = QComboBox(self)
            for layout in REPORT_LAYOUTS if doc == DAY_REPORT else LAYOUTS:
                layout_box.addItem(papers[layout], layout)
            layout_box.setCurrentIndex(max(0, layout_box.findData(settings.layout_for(doc))))
            button = QPushButton(self.tr("Uji cetak"), self)
            button.setAutoDefault(False)
            button.setToolTip(self.tr("Cetak halaman uji ke printer ini, dengan kertas ini"))
            button.clicked.connect(partial(self.test_print, doc))
            grid.addWidget(QLabel(titles[doc], self), row, 0)
            grid.addWidget(printer_box, row, 1)
            grid.addWidget(layout_box, row, 2)
            grid.addWidget(button, row, 3)
            self.printer_boxes[doc] = printer_box
            self.layout_boxes[doc] = layout_box
            self.test_buttons[doc] = button
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        grid.addWidget(self.status, len(DOCUMENTS) + 1, 0, 1, 4)
        grid.setColumnStretch(1, 1)

    def apply(self, settings: UiSettings) -> None:
        """Put the chosen printers and layouts into `settings` (in memory)."""
        for doc in DOCUMENTS:
            settings.set(printer_key(doc), str(self.printer_boxes[doc].currentData()))
            settings.set(layout_key(doc), str(self.layout_boxes[doc].currentData()))

    def test_print(self, document: str, _checked: bool = False) -> None:
        """Render a test page in the background and send it to the chosen printer."""
        if self.testing:
            return
        name = str(self.printer_boxes[document].currentData())
        printer = named_printer(name, self._printers)
        if printer is None:
            self._say(
                self.tr("Printer %1 tidak ditemukan.").replace("%1", name)
                if name
                else self.tr("Belum ada printer bawaan di komputer ini. Pilih printer."),
                error=True,
            )
            return
        self.testing = document
        for button in self.test_buttons.values():
            button.setEnabled(False)
        self._say(self.tr("Mengirim halaman uji…"), error=False)
        layout = str(self.layout_boxes[document].currentData())
        office_name, office_code = self._office

        def render() -> bytes:
            from desk_app.counter.receipts.sample import render_test_page  # loads reportlab

            return render_test_page(
                kind=document, layout=layout, office_name=office_name, office_code=office_code
            )

        def rendered(pdf: bytes) -> None:
            send(
                self._ops,
                self._spooler,
                printer,
                pdf,
                done=self._tested,
                owner=self,
                title=f"Loket uji cetak {document}",
            )

        self._ops.run(render, done=rendered, failed=self._test_failed, owner=self)

    def _tested(self, result: PaperResult) -> None:
        self._finish_test()
        if result.ok:
            self._say(
                self.tr("Halaman uji diterima oleh printer %1.").replace("%1", result.printer),
                error=False,
            )
        else:
            self._say(
                self.tr("Uji cetak gagal pada printer %1: %2")
                .replace("%1", result.printer)
                .replace("%2", str(result.error)),
                error=True,
            )

    def _test_failed(self, exc: BaseException) -> None:
        logger.warning("test page failed", exc_info=exc)
        self._finish_test()
        self._say(self.tr("Uji cetak gagal: %1").replace("%1", str(exc)), error=True)

    def _finish_test(self) -> None:
        self.testing = ""
        for button in self.test_buttons.values():
            button.setEnabled(True)

    def _say(self, text: str, *, error: bool) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else "")


def _system_names() -> list[str]:
    from desk_app.ui.print_receipt import printer_names

    return printer_names()
