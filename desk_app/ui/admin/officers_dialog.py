"""The admin's officers screen: add, role, deactivate/reactivate, unlock, reset PIN.

Every change is a use case of office/officers.py on a worker (one event each); after each
one the list reloads and `officersChanged` tells the main window to refresh the login list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from desk_app.common.formatting import date_time
from desk_app.office import officers
from desk_app.office.officers import OfficerInfo
from desk_app.ui.admin.officer_forms import (
    AddOfficerDialog,
    DeactivateDialog,
    ResetPinDialog,
    RoleDialog,
)
from desk_app.ui.context import DeskContext
from desk_app.ui.formatting import role_label
from desk_app.ui.messages import describe_error
from desk_app.ui.theme import ERROR_STYLE
from desk_app.ui.widgets.form_dialog import FormDialog
from desk_app.ui.widgets.rows import LATE, RowsModel, rows_table


class OfficersDialog(QDialog):
    """Every officer, active or not, with the admin's actions on the selected one."""

    officersChanged = Signal()

    def __init__(self, ctx: DeskContext, admin: OfficerInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._admin = admin
        self._rows: list[OfficerInfo] = []
        self._wanted = ""  # the officer to select once the list is back
        self.form: FormDialog[Any, OfficerInfo] | None = None
        self.setWindowTitle(self.tr("Petugas"))
        self.setMinimumSize(720, 420)
        self.model = RowsModel(
            [self.tr("Nama"), self.tr("NIP"), self.tr("Peran"), self.tr("Status")], parent=self
        )
        self.table = rows_table(self.model, self, stretch=0)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Tambah…"), self)
        self.role_button = QPushButton(self.tr("Ubah peran…"), self)
        self.deactivate_button = QPushButton(self.tr("Nonaktifkan…"), self)
        self.reactivate_button = QPushButton(self.tr("Aktifkan lagi"), self)
        self.unlock_button = QPushButton(self.tr("Buka kunci"), self)
        self.reset_button = QPushButton(self.tr("Reset PIN…"), self)
        close = QPushButton(self.tr("Tutup"), self)
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.role_button,
            self.deactivate_button,
            self.reactivate_button,
            self.unlock_button,
            self.reset_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_officer)
        self.role_button.clicked.connect(self.change_role)
        self.deactivate_button.clicked.connect(self.deactivate)
        self.reactivate_button.clicked.connect(self.reactivate)
        self.unlock_button.clicked.connect(self.unlock)
        self.reset_button.clicked.connect(self.reset_pin)
        close.clicked.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()
        self.reload()

    # -- the list --------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch every officer in the background."""

        def query(session: Session) -> list[OfficerInfo]:
            return officers.list_officers(session, include_inactive=True)

        self._ctx.ops.read(query, done=self._show, failed=self._failed, owner=self)

    def _status(self, info: OfficerInfo, now: datetime) -> str:
        parts = [self.tr("Aktif") if info.active else self.tr("Nonaktif")]
        if info.locked_until is not None and info.locked_until > now:
            locked = date_time(info.locked_until, self._ctx.language)
            parts.append(self.tr("terkunci sampai %1").replace("%1", locked))
        if info.must_change_pin:
            parts.append(self.tr("harus memilih PIN baru"))
        return ", ".join(parts)

    def _show(self, rows: list[OfficerInfo]) -> None:
        picked = self.selected()
        wanted = self._wanted or (picked.id if picked is not None else "")
        self._wanted = ""
        self._rows = rows
        now = self._ctx.now()
        self.model.set_rows(
            [(r.name, r.nip, role_label(r.role), self._status(r, now)) for r in rows],
            keys=[r.id for r in rows],
            tones=[LATE if not r.active else "" for r in rows],
        )
        self.select(wanted)
        self._update_buttons()

    def select(self, officer_id: str) -> None:
        """Select an officer's row."""
        row = self.model.row_of(officer_id)
        if row >= 0:
            self.table.selectRow(row)

    def selected(self) -> OfficerInfo | None:
        """The officer of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        info = self.selected()
        now = self._ctx.now()
        self.role_button.setEnabled(info is not None and info.active)
        self.deactivate_button.setEnabled(info is not None and info.active)
        self.reactivate_button.setEnabled(info is not None and not info.active)
        self.unlock_button.setEnabled(
            info is not None and info.locked_until is not None and info.locked_until > now
        )
        self.reset_button.setEnabled(info is not None and info.active)

    # -- the actions -----------------------------------------------------------------------

    def _open(self, form: FormDialog[Any, OfficerInfo]) -> FormDialog[Any, OfficerInfo]:
        self.form = form
        form.succeeded.connect(self._changed)
        form.finished.connect(self._form_closed)
        form.open()
        return form

    def _form_closed(self) -> None:
        if self.form is not None:
            self.form.deleteLater()
            self.form = None

    def add_officer(self) -> FormDialog[Any, OfficerInfo]:
        """Open the add-officer form."""
        return self._open(AddOfficerDialog(self._ctx, self._admin, self))

    def _on_selected(
        self, make: Callable[[DeskContext, OfficerInfo, OfficerInfo, QWidget], object]
    ) -> FormDialog[Any, OfficerInfo] | None:
        target = self.selected()
        if target is None:
            return None
        form = make(self._ctx, self._admin, target, self)
        assert isinstance(form, FormDialog)
        return self._open(form)

    def change_role(self) -> FormDialog[Any, OfficerInfo] | None:
        """Open the role form for the selected officer."""
        return self._on_selected(RoleDialog)

    def deactivate(self) -> FormDialog[Any, OfficerInfo] | None:
        """Open the deactivation form for the selected officer."""
        return self._on_selected(DeactivateDialog)

    def reset_pin(self) -> FormDialog[Any, OfficerInfo] | None:
        """Open the PIN reset form for the selected officer."""
        return self._on_selected(ResetPinDialog)

    def _write(self, change: Callable[[Session, datetime], OfficerInfo]) -> None:
        now = self._ctx.now()
        self.message.clear()

        def write(session: Session) -> OfficerInfo:
            return change(session, now)

        self._ctx.ops.write(write, done=self._changed, failed=self._failed, owner=self)

    def reactivate(self) -> None:
        """Let the selected officer log in again."""
        target, admin = self.selected(), self._admin.id
        if target is None:
            return

        def change(session: Session, now: datetime) -> OfficerInfo:
            return officers.reactivate_officer(
                session, actor_id=admin, officer_id=target.id, now=now
            )

        self._write(change)

    def unlock(self) -> None:
        """Lift the selected officer's lock-out at once."""
        target, admin = self.selected(), self._admin.id
        if target is None:
            return

        def change(session: Session, now: datetime) -> OfficerInfo:
            return officers.unlock_officer(session, actor_id=admin, officer_id=target.id, now=now)

        self._write(change)

    def _changed(self, info: OfficerInfo) -> None:
        self.message.clear()
        self._wanted = info.id
        self.officersChanged.emit()
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(describe_error(exc, self._ctx.language))
