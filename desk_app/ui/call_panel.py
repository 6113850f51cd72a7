"""The counter's queue controls: call the next ticket (F5), recall, no-show, transfer, finish."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
)
from sqlalchemy.orm import Session

from desk_app.common.workdays import local_day
from desk_app.counter.tasks import TaskView
from desk_app.office.officers import OfficerInfo
from desk_app.queueing import calling, tickets
from desk_app.queueing.calling import CallResult
from desk_app.queueing.tickets import TicketView
from desk_app.ui.context import DeskContext
from desk_app.ui.messages import describe_error
from desk_app.ui.theme import ERROR_STYLE

# Links the task an intake saves to the ticket being served, inside the intake's transaction.
TicketLink = Callable[[Session, TaskView, datetime], object]


class CallPanel(QWidget):
    """A compact bar in the workspace: the ticket at this counter and what to do with it."""

    ticketCalled = Signal(object)  # CallResult
    ticketSettled = Signal(object)  # TicketView: served, no-show or transferred
    queueEmpty = Signal()

    def __init__(
        self,
        ctx: DeskContext,
        officer: OfficerInfo,
        parent: QWidget | None = None,
        *,
        counter_no: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._officer = officer
        # One counter per desk unless told otherwise: the desk's own number.
        self.counter_no = counter_no or min(max(ctx.desk.device_no, 1), calling.MAX_COUNTER)
        self.ticket: TicketView | None = None
        self.last_call: CallResult | None = None
        self.busy = False
        self.label = QLabel(self)
        self.priority_box = QCheckBox(self.tr("Dahulukan prioritas"), self)
        self.priority_box.setToolTip(
            self.tr("Lansia, penyandang disabilitas dan ibu hamil dipanggil lebih dulu")
        )
        self.priority_box.setChecked(True)
        self.call_button = QPushButton(self.tr("Panggil berikutnya (F5)"), self)
        self.recall_button = QPushButton(self.tr("Panggil ulang"), self)
        self.no_show_button = QPushButton(self.tr("Tidak hadir"), self)
        self.transfer_button = QPushButton(self.tr("Alihkan…"), self)
        self.finish_button = QPushButton(self.tr("Selesai"), self)
        self.finish_button.setToolTip(self.tr("Selesai tanpa berkas (mis. hanya bertanya)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.priority_box)
        layout.addWidget(self.call_button)
        self.more_button: QToolButton | None = None
        if ctx.settings.text_size > 100:
            # Large text leaves the tabs no room for six controls: all but "call" in a menu.
            self.more_button = self._build_menu()
            layout.addWidget(self.more_button)
        else:
            for button in self._ticket_buttons():
                layout.addWidget(button)
        self.call_button.clicked.connect(self.call_next)
        self.recall_button.clicked.connect(self.recall)
        self.no_show_button.clicked.connect(self.mark_no_show)
        self.transfer_button.clicked.connect(self._ask_transfer)
        self.finish_button.clicked.connect(self.finish)
        self._show(None)

    # -- public ----------------------------------------------------------------------------

    def reload(self, *_args: object) -> None:
        """Read which ticket this counter holds (after start-up or an intake)."""
        day, counter = local_day(self._ctx.now()), self.counter_no
        self._ctx.ops.read(
            lambda s: calling.at_counter(s, counter_no=counter, day=day),
            done=self._show,
            failed=self._failed,
            owner=self,
        )

    def call_next(self) -> bool:
        """Call the next ticket to this counter (F5); False while something is in flight."""
        if self.busy:
            return False
        officer, counter, now = self._officer.id, self.counter_no, self._ctx.now()
        use_priority = self.priority_box.isChecked()
        self._start(self.tr("Memanggil…"))
        self._ctx.ops.write(
            lambda s: calling.call_next(
                s, officer_id=officer, counter_no=counter, use_priority=use_priority, now=now
            ),
            done=self._called,
            failed=self._failed,
            owner=self,
        )
        return True

    def recall(self) -> None:
        """Call the same ticket again."""
        self._act(calling.recall, settled=False)

    def mark_no_show(self) -> None:
        """The called citizen did not come."""
        self._act(calling.mark_no_show, settled=True)

    def finish(self) -> None:
        """The visit ends without a task (a question answered)."""
        self._act(calling.finish, settled=True)

    def transfer(self, to_counter: int) -> None:
        """Send the citizen to another counter."""

        def change(s: Session, **kw: Any) -> TicketView:
            return calling.transfer(s, to_counter=to_counter, **kw)

        self._act(change, settled=True)

    def ticket_link(self) -> TicketLink | None:
        """For the intake: a hook that links the saved task to the ticket now at this counter."""
        ticket = self.ticket
        if ticket is None or ticket.status != tickets.CALLED:
            return None
        officer, counter = self._officer.id, self.counter_no

        def link(session: Session, task: TaskView, now: datetime) -> object:
            return calling.finish(
                session,
                officer_id=officer,
                counter_no=counter,
                ticket_id=ticket.id,
                task_id=task.id,
                now=now,
            )

        return link

    # -- internals -------------------------------------------------------------------------

    def _act(self, action: Callable[..., TicketView], *, settled: bool) -> None:
        ticket = self.ticket
        if self.busy or ticket is None:
            return
        officer, counter, now = self._officer.id, self.counter_no, self._ctx.now()
        self._start(self.tr("Menyimpan…"))
        self._ctx.ops.write(
            lambda s: action(
                s, officer_id=officer, counter_no=counter, ticket_id=ticket.id, now=now
            ),
            done=self._settled if settled else self._show,
            failed=self._failed,
            owner=self,
        )

    def _ask_transfer(self) -> None:
        if self.ticket is None:
            return
        target, ok = QInputDialog.getInt(
            self,
            self.tr("Alihkan ke loket lain"),
            self.tr("Nomor loket tujuan:"),
            1 if self.counter_no != 1 else 2,
            1,
            calling.MAX_COUNTER,
        )
        if ok:
            self.transfer(target)

    def _start(self, text: str) -> None:
        self.busy = True
        self.label.setStyleSheet("")
        self.label.setText(text)
        self._enable()

    def _called(self, result: CallResult | None) -> None:
        self.last_call = result
        if result is None:
            self._show(None)
            self.label.setText(self.tr("Tidak ada antrean menunggu."))
            self.queueEmpty.emit()
            return
        self._show(result.ticket)
        self.ticketCalled.emit(result)

    def _settled(self, ticket: TicketView) -> None:
        self._show(None)
        self.ticketSettled.emit(ticket)

    def _show(self, ticket: TicketView | None) -> None:
        self.busy = False
        self.ticket = ticket if ticket is not None and ticket.status == tickets.CALLED else None
        self.label.setStyleSheet("")
        if self.ticket is None:
            idle = self.tr("Loket %1: tidak ada nomor")
            self.label.setText(idle.replace("%1", str(self.counter_no)))
        else:
            self.label.setText(self._ticket_text(self.ticket))
        self._enable()

    def _ticket_text(self, ticket: TicketView) -> str:
        text = self.tr("Loket %1 melayani <b>%2</b>").replace("%1", str(self.counter_no))
        text = text.replace("%2", ticket.label)
        if ticket.priority:
            names = tickets.PRIORITY_NAMES[ticket.priority]
            name = names[1] if self._ctx.language == "en" else names[0]
            text += " · " + self.tr("prioritas: %1").replace("%1", name)
        last = self.last_call
        if last is not None and last.ticket.id == ticket.id and last.priority_used:
            text += " " + self.tr("(didahulukan dari %n nomor)", "", last.passed_over)
        return text

    def _enable(self) -> None:
        holding = self.ticket is not None
        self.call_button.setEnabled(not self.busy and not holding)
        for button in (
            self.recall_button,
            self.no_show_button,
            self.transfer_button,
            self.finish_button,
        ):
            button.setEnabled(not self.busy and holding)

    def _ticket_buttons(self) -> tuple[QPushButton, ...]:
        return (self.recall_button, self.no_show_button, self.transfer_button, self.finish_button)

    def _build_menu(self) -> QToolButton:
        self.priority_box.hide()
        more = QToolButton(self)
        more.setText(self.tr("Nomor…"))
        more.setToolTip(self.tr("Panggil ulang, tidak hadir, alihkan, selesai; prioritas"))
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(more)
        priority = menu.addAction(self.priority_box.text())
        priority.setCheckable(True)
        priority.setChecked(self.priority_box.isChecked())
        priority.toggled.connect(self.priority_box.setChecked)
        self.priority_box.toggled.connect(priority.setChecked)
        menu.addSeparator()
        for button in self._ticket_buttons():
            button.hide()  # still the one the action clicks
            action = menu.addAction(button.text())
            action.setToolTip(button.toolTip())
            action.triggered.connect(button.click)
            menu.aboutToShow.connect(partial(self._mirror, action, button))
        more.setMenu(menu)
        return more

    @staticmethod
    def _mirror(action: QAction, button: QPushButton) -> None:
        action.setEnabled(button.isEnabled())

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self._enable()
        self.label.setStyleSheet(ERROR_STYLE)
        self.label.setText(describe_error(exc, self._ctx.language))
