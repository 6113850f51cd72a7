"""Login and lock screen: pick the officer, type the PIN.

At start-up the page shows before the ORM has loaded (from a plain-sqlite3 roster); it
takes a PIN at once and checks it when `attach` hands it the office's operations.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.common.clock import Clock
from desk_app.common.errors import DeskError
from desk_app.office.roster import RosterEntry
from desk_app.ui.formatting import role_label
from desk_app.ui.theme import ERROR_STYLE, QUIET_STYLE

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desk_app.office.officers import LoginResult, OfficerInfo
    from desk_app.ui.operations import Operations


class LoginPage(QWidget):
    """Officer picker and PIN field; also the lock screen of a shared counter PC."""

    loggedIn = Signal(object)

    def __init__(
        self,
        ops: Operations | None,
        *,
        clock: Clock,
        office_name: str,
        demo_pin: str = "",
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._language = language
        self._clock = clock
        self._officers: list[RosterEntry] = []
        self._wanted_id = ""
        self._typed_pin = ""  # kept only until a one-time PIN is replaced
        self.pin_dialog: QDialog | None = None  # choosing a new PIN after an admin's reset
        self._waiting = False  # a PIN was submitted before the database was open
        title = QLabel(self.tr("Loket PTSP"), self)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        self.office_label = QLabel(office_name, self)
        self.lock_label = QLabel(self)
        self.lock_label.setWordWrap(True)
        self.lock_label.hide()
        self.officer_box = QComboBox(self)
        self.officer_box.setMinimumWidth(360)
        # As wide as the longest "name — NIP (role)": large text must not cut a name off.
        self.officer_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.officer_box.setToolTip(self.tr("Pilih nama Anda (ketik huruf awal untuk melompat)"))
        self.pin_edit = QLineEdit(self)
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(12)
        self.pin_edit.setValidator(QRegularExpressionValidator(r"\d{0,12}", self.pin_edit))
        self.pin_edit.setPlaceholderText(self.tr("6-12 digit"))
        self.login_button = QPushButton(self.tr("Masuk"), self)
        self.login_button.setDefault(True)
        self.login_button.setToolTip(self.tr("Masuk (Enter)"))
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setStyleSheet(QUIET_STYLE)
        if demo_pin:
            self.hint.setText(self.tr("Kantor demo: PIN semua petugas %1").replace("%1", demo_pin))
        else:
            self.hint.hide()

        card = QFrame(self)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        form = QFormLayout()
        form.addRow(self.tr("Petugas"), self.officer_box)
        form.addRow(self.tr("PIN"), self.pin_edit)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 24, 24, 24)
        inner.setSpacing(10)
        inner.addWidget(title)
        inner.addWidget(self.office_label)
        inner.addWidget(self.lock_label)
        inner.addLayout(form)
        inner.addWidget(self.login_button)
        inner.addWidget(self.message)
        inner.addWidget(self.hint)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

        self.setTabOrder(self.officer_box, self.pin_edit)
        self.setTabOrder(self.pin_edit, self.login_button)
        self.pin_edit.returnPressed.connect(self.log_in)
        self.login_button.clicked.connect(self.log_in)
        self.officer_box.activated.connect(self._on_officer_picked)

    def attach(self, ops: Operations) -> None:
        """The office is open: check a PIN submitted while it was opening."""
        self._ops = ops
        if self._waiting:
            self._waiting = False
            self.log_in()

    def show_roster(self, entries: Sequence[RosterEntry]) -> None:
        """List officers read before the database was opened."""
        self._fill(entries)

    def reload_officers(self) -> None:
        """Fetch the active officers in the background."""
        from desk_app.office import officers

        assert self._ops is not None
        self._ops.read(officers.list_officers, done=self._fill, owner=self)

    def prepare(self, locked_by: OfficerInfo | None = None) -> None:
        """Show the page fresh: PIN empty, the locking officer preselected."""
        self.pin_edit.clear()
        self.message.clear()
        self._wanted_id = locked_by.id if locked_by else ""
        if locked_by is not None:
            self.lock_label.setText(
                self.tr(
                    "Layar terkunci. %1 dapat membuka dengan PIN, atau petugas lain masuk."
                ).replace("%1", locked_by.name)
            )
            self.lock_label.show()
        else:
            self.lock_label.hide()
        self._select(self._wanted_id)
        self.pin_edit.setFocus()

    def selected_officer(self) -> RosterEntry | None:
        """The officer picked in the list."""
        index = self.officer_box.currentIndex()
        return self._officers[index] if 0 <= index < len(self._officers) else None

    def select_nip(self, nip: str) -> None:
        """Pick an officer by NIP."""
        for index, info in enumerate(self._officers):
            if info.nip == nip:
                self.officer_box.setCurrentIndex(index)

    def log_in(self) -> None:
        """Check the PIN in the background; wrong PINs are counted and committed."""
        officer = self.selected_officer()
        if officer is None:
            self.message.setText(self.tr("Pilih nama petugas dulu."))
            return
        pin = self.pin_edit.text()
        self._typed_pin = pin
        if not pin:
            self.message.setText(self.tr("Ketik PIN Anda."))
            self.pin_edit.setFocus()
            return
        self.login_button.setEnabled(False)
        self.message.setText(self.tr("Memeriksa PIN…"))
        if self._ops is None:
            self._waiting = True
            return
        from desk_app.office import officers

        now = self._clock()

        def check(session: Session) -> LoginResult:
            return officers.authenticate(session, nip=officer.nip, pin=pin, now=now)

        self._ops.write(check, done=self._on_checked, failed=self._on_failed, owner=self)

    def _fill(self, rows: Sequence[RosterEntry | OfficerInfo]) -> None:
        # A refreshed list keeps the officer already picked (the PIN may be half typed).
        picked = self.selected_officer()
        wanted = self._wanted_id or (picked.id if picked else "")
        self._officers = [RosterEntry(r.id, r.nip, r.name, r.role) for r in rows]
        self.officer_box.clear()
        for info in self._officers:
            self.officer_box.addItem(f"{info.name} — {info.nip} ({role_label(info.role)})")
        self._select(wanted)

    def _select(self, officer_id: str) -> None:
        for index, info in enumerate(self._officers):
            if info.id == officer_id:
                self.officer_box.setCurrentIndex(index)

    def _on_officer_picked(self, _index: int) -> None:
        self.message.clear()
        self.pin_edit.clear()
        self.pin_edit.setFocus()

    def _on_checked(self, result: LoginResult) -> None:
        self.login_button.setEnabled(True)
        self.pin_edit.clear()
        from desk_app.ui.messages import describe_error

        try:
            officer = result.raise_for_failure()
        except DeskError as exc:
            self.message.setText(describe_error(exc, self._language))
            self.pin_edit.setFocus()
            return
        self.message.clear()
        if officer.must_change_pin:
            self._choose_pin(officer)
            return
        self._typed_pin = ""
        self.loggedIn.emit(officer)

    def _choose_pin(self, officer: OfficerInfo) -> None:
        """An admin set a one-time PIN (or none): the officer chooses their own first."""
        from desk_app.ui.admin.pin_dialog import ChoosePinDialog

        assert self._ops is not None
        dialog = ChoosePinDialog(
            self._ops,
            clock=self._clock,
            language=self._language,
            officer=officer,
            current_pin=self._typed_pin,
            parent=self,
        )
        self._typed_pin = ""
        self.pin_dialog = dialog
        dialog.succeeded.connect(self.loggedIn.emit)
        dialog.rejected.connect(self._pin_not_chosen)
        dialog.finished.connect(self._pin_dialog_closed)
        dialog.open()

    def _pin_not_chosen(self) -> None:
        self.message.setText(self.tr("Pilih PIN baru dulu untuk mulai bekerja."))
        self.pin_edit.setFocus()

    def _pin_dialog_closed(self) -> None:
        if self.pin_dialog is not None:
            self.pin_dialog.deleteLater()
            self.pin_dialog = None

    def _on_failed(self, exc: BaseException) -> None:
        from desk_app.ui.messages import describe_error

        self.login_button.setEnabled(True)
        self.message.setText(describe_error(exc, self._language))
