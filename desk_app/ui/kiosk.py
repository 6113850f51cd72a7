"""The ticket kiosk: full screen, big buttons, one touch for a numbered ticket."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk_app.common.clock import Clock
from desk_app.common.files import write_atomically
from desk_app.common.paths import make_private_dir
from desk_app.office import installation
from desk_app.office.installation import DeskInfo
from desk_app.queueing import tickets
from desk_app.queueing.ticket_print import render_ticket
from desk_app.queueing.tickets import IssuedTicket
from desk_app.ui.messages import describe_error
from desk_app.ui.operations import Operations
from desk_app.ui.print_job import PaperResult, send
from desk_app.ui.print_receipt import PrinterSource
from desk_app.ui.spooler import Spooler, SystemSpooler
from desk_app.ui.theme import ERROR_STYLE

logger = logging.getLogger(__name__)

TOUCH_HEIGHT = 120  # pixels: a finger, not a mouse
TICKETS_FOLDER = "tickets"


@dataclass(frozen=True)
class KioskTicket:
    """An issued ticket, its PDF, and where it went (printer, or the saved file)."""

    issued: IssuedTicket
    pdf: bytes
    printed: bool = False
    path: Path | None = None
    error: str = ""


def _scaled(widget: QWidget, factor: float, *, bold: bool = True) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


class KioskWindow(QWidget):
    """Category buttons, the priority choice, and the number just taken."""

    ticketIssued = Signal(object)  # KioskTicket, once it is printed or saved

    def __init__(
        self,
        *,
        ops: Operations,
        clock: Clock,
        data_dir: Path,
        printers: PrinterSource,
        language: str = "id",
        spooler: Spooler | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._spooler = spooler or SystemSpooler()
        self._clock = clock
        self._printers = printers
        self._language = language
        self.out_dir = data_dir / TICKETS_FOLDER
        self.busy = False
        self.last: KioskTicket | None = None
        self.setWindowTitle(self.tr("Loket — ambil nomor antrean"))
        self.office = QLabel(self)
        self.office.setFont(_scaled(self, 1.6))
        self.office.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading = QLabel(self.tr("Silakan pilih layanan untuk mengambil nomor antrean"), self)
        heading.setFont(_scaled(self, 2.0))
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading.setWordWrap(True)
        grid = QGridLayout()
        self.category_buttons: dict[str, QPushButton] = {}
        for index, category in enumerate(tickets.CATEGORIES):
            button = QPushButton(f"{category.letter}\n{category.name(language)}", self)
            button.setFont(_scaled(self, 2.2))
            button.setMinimumHeight(TOUCH_HEIGHT * 2)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.clicked.connect(self._on_category)
            button.setProperty("letter", category.letter)
            grid.addWidget(button, 0, index)
            self.category_buttons[category.letter] = button
        priority_label = QLabel(self.tr("Didahulukan (pilih bila sesuai):"), self)
        priority_label.setFont(_scaled(self, 1.4, bold=False))
        self.priority_group = QButtonGroup(self)
        self.priority_group.setExclusive(False)  # none, or exactly one (see _on_priority)
        self.priority_buttons: dict[str, QPushButton] = {}
        priorities = QHBoxLayout()
        priorities.addWidget(priority_label)
        for priority in tickets.PRIORITIES:
            names = tickets.PRIORITY_NAMES[priority]
            button = QPushButton(names[1] if language == "en" else names[0], self)
            button.setCheckable(True)
            button.setFont(_scaled(self, 1.4))
            button.setMinimumHeight(TOUCH_HEIGHT)
            self.priority_group.addButton(button)
            self.priority_buttons[priority] = button
            priorities.addWidget(button)
        self.priority_group.buttonToggled.connect(self._on_priority)
        self.number = QLabel(self)
        self.number.setFont(_scaled(self, 6.0))
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = QLabel(self)
        self.status.setFont(_scaled(self, 1.4, bold=False))
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.office)
        layout.addWidget(heading)
        layout.addLayout(grid, 3)
        layout.addLayout(priorities)
        layout.addWidget(self.number, 2)
        layout.addWidget(self.status)
        self._ops.read(installation.desk_info, done=self._show_office, owner=self)

    # -- public ----------------------------------------------------------------------------

    def take_ticket(self, letter: str) -> bool:
        """Issue a ticket in a category (what a touch on its button does)."""
        if self.busy:
            return False
        self.busy = True
        self._enable(False)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Mencetak nomor…"))
        priority = self.chosen_priority()
        now, language = self._clock(), self._language

        def work() -> KioskTicket:
            with self._ops.db.write() as session:
                issued = tickets.issue_ticket(
                    session, category_letter=letter, priority=priority, now=now
                )
            # Committed (invariant 1): only now is the ticket rendered and printed.
            return KioskTicket(issued, render_ticket(issued, language=language))

        self._ops.run(work, done=self._print, failed=self._failed, owner=self)
        return True

    def chosen_priority(self) -> str:
        """The priority ticked for the next ticket ("" for none)."""
        for priority, button in self.priority_buttons.items():
            if button.isChecked():
                return priority
        return ""

    # -- internals -------------------------------------------------------------------------

    def _show_office(self, desk: DeskInfo) -> None:
        self.office.setText(desk.office_name)

    def _on_category(self) -> None:
        button = self.sender()
        if isinstance(button, QPushButton):
            self.take_ticket(str(button.property("letter")))

    def _on_priority(self, button: QPushButton, checked: bool) -> None:
        if checked:
            for other in self.priority_buttons.values():
                if other is not button:
                    other.setChecked(False)

    def _print(self, ticket: KioskTicket) -> None:
        printer = self._printers()
        if printer is None:
            self._save(ticket)
            return
        title = f"Antrean {ticket.issued.ticket.label}"
        done = partial(self._on_paper, ticket)
        send(self._ops, self._spooler, printer, ticket.pdf, done=done, owner=self, title=title)

    def _on_paper(self, ticket: KioskTicket, result: PaperResult) -> None:
        if result.ok:
            self._done(replace(ticket, printed=True))
            return
        error = str(result.error)
        logger.warning("ticket %s not printed: %s", ticket.issued.ticket.label, error)
        self._save(replace(ticket, error=error))  # the number still counts: keep its PDF

    def _save(self, ticket: KioskTicket) -> None:
        issued = ticket.issued.ticket
        path = self.out_dir / f"{issued.day.isoformat()}-{issued.label}.pdf"
        folder, pdf = self.out_dir, ticket.pdf

        def save() -> KioskTicket:
            make_private_dir(folder)
            write_atomically(path, pdf)
            return replace(ticket, path=path)

        self._ops.run(save, done=self._done, failed=self._failed, owner=self)

    def _done(self, ticket: KioskTicket) -> None:
        self.busy = False
        self.last = ticket
        self._enable(True)
        for button in self.priority_buttons.values():
            button.setChecked(False)
        issued = ticket.issued
        self.number.setText(issued.ticket.label)
        text = self.tr("Nomor Anda %1. Menunggu di depan Anda: %2 orang.")
        text = text.replace("%1", issued.ticket.label).replace("%2", str(issued.ahead))
        if not ticket.printed:
            text += " " + self.tr("Printer tidak tersedia; mohon catat nomor Anda.")
        self.status.setText(text)
        self.ticketIssued.emit(ticket)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self._enable(True)
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(describe_error(exc, self._language))

    def _enable(self, enabled: bool) -> None:
        for button in self.category_buttons.values():
            button.setEnabled(enabled)
