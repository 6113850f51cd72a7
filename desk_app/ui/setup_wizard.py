"""First run: pick this office from Jakarta's areas and create the first admin."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from sqlalchemy.orm import Session

from desk_app.common.clock import Clock
from desk_app.common.errors import ValidationError
from desk_app.common.validation import validate_name, validate_nip, validate_pin
from desk_app.office import catalogue, installation
from desk_app.office.catalogue import OfficeInfo
from desk_app.office.officers import OfficerInfo
from desk_app.ui.formatting import level_label
from desk_app.ui.i18n import interface_language
from desk_app.ui.messages import describe_error, field_message
from desk_app.ui.operations import Operations
from desk_app.ui.theme import ERROR_STYLE
from desk_app.ui.widgets.field import ValidatedField

OFFICE_LEVELS = ("kelurahan", "kecamatan", "kota", "kabupaten")


def office_choices(offices: list[OfficeInfo]) -> dict[str, OfficeInfo]:
    """Display text -> office, e.g. "Pengadegan — Kelurahan, Pancoran (31.74.08.1005)"."""
    names = {o.code: o.name for o in offices}
    choices: dict[str, OfficeInfo] = {}
    for o in offices:
        if o.level not in OFFICE_LEVELS:
            continue
        parent = names.get(o.parent_code or "", "")
        where = f", {parent}" if parent and o.level in ("kelurahan", "kecamatan") else ""
        choices[f"{o.name} — {level_label(o.level)}{where} ({o.code})"] = o
    return choices


class OfficePage(QWizardPage):
    """Type-ahead over Jakarta's kelurahan, kecamatan and cities."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Kantor ini"))
        self.setSubTitle(
            self.tr("Ketik nama kelurahan, kecamatan atau kota, lalu pilih dari daftar.")
        )
        self.choices: dict[str, OfficeInfo] = {}
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("mis. Pengadegan"))
        self._model = QStringListModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(12)
        self.edit.setCompleter(self.completer)
        self.chosen_label = QLabel(self)
        self.chosen_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.chosen_label)
        layout.addStretch(1)
        self.edit.textChanged.connect(self._on_text)

    def set_offices(self, offices: list[OfficeInfo]) -> None:
        """Fill the type-ahead list."""
        self.choices = office_choices(offices)
        self._model.setStringList(list(self.choices))

    def chosen(self) -> OfficeInfo | None:
        """The office whose entry matches the text exactly."""
        return self.choices.get(self.edit.text().strip())

    def isComplete(self) -> bool:
        """Next is possible once an office from the list is chosen."""
        return self.chosen() is not None

    def _on_text(self, _text: str) -> None:
        chosen = self.chosen()
        self.chosen_label.setText(
            self.tr("Dipilih: %1").replace("%1", chosen.code) if chosen else ""
        )
        self.completeChanged.emit()


class AdminPage(QWizardPage):
    """NIP, name and PIN of the first administrator."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Admin pertama"))
        self.setSubTitle(
            self.tr("Admin menambah petugas lain. PIN 6-12 digit, jangan yang mudah ditebak.")
        )
        self.nip = ValidatedField(validate_nip, placeholder=self.tr("18 digit"))
        self.name = ValidatedField(validate_name)
        self.pin = ValidatedField(validate_pin)
        self.pin.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_again = ValidatedField(self._same_pin)
        self.pin_again.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.fields = {"nip": self.nip, "admin_name": self.name, "name": self.name, "pin": self.pin}
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("NIP"), self.nip)
        form.addRow(self.tr("Nama"), self.name)
        form.addRow(self.tr("PIN"), self.pin)
        form.addRow(self.tr("Ulangi PIN"), self.pin_again)
        form.addRow(self.message)

    def _same_pin(self, text: str) -> None:
        if text != self.pin.text():
            raise ValidationError("pin", "pin.mismatch")

    def all_valid(self) -> bool:
        """Check every field and show what is wrong."""
        results = [f.check() for f in (self.nip, self.name, self.pin, self.pin_again)]
        return all(results)


class SetupWizard(QWizard):
    """Binds this device to an office and creates its first admin."""

    officeConfigured = Signal(object)

    def __init__(self, ops: Operations, *, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self.setWindowTitle(self.tr("Loket — penyiapan pertama"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setMinimumSize(640, 420)
        self._ops = ops
        self._done = False
        self.office_page = OfficePage(self)
        self.admin_page = AdminPage(self)
        self.addPage(self.office_page)
        self.addPage(self.admin_page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Lanjut >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Kembali"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Selesai"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Batal"))
        ops.read(lambda s: catalogue.list_offices(s), done=self.office_page.set_offices, owner=self)

    def validateCurrentPage(self) -> bool:
        """On the last page: save in the background, finish when the database says yes."""
        if self.currentPage() is not self.admin_page or self._done:
            return super().validateCurrentPage()
        if not self.admin_page.all_valid():
            return False
        chosen = self.office_page.chosen()
        if chosen is None:
            return False
        code, page = chosen.code, self.admin_page
        nip, name, pin = page.nip.text(), page.name.text(), page.pin.text()
        now = self._clock()

        def setup(session: Session) -> OfficerInfo:
            return installation.setup_office(
                session, office_code=code, admin_nip=nip, admin_name=name, admin_pin=pin, now=now
            )

        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        page.message.setText(self.tr("Menyiapkan kantor…"))
        self._ops.write(setup, done=self._on_done, failed=self._on_failed, owner=self)
        return False

    def _on_done(self, admin: OfficerInfo) -> None:
        self._done = True
        self.officeConfigured.emit(admin)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        page = self.admin_page
        if isinstance(exc, ValidationError) and exc.field in page.fields:
            page.message.clear()
            page.fields[exc.field].set_error(field_message(exc, interface_language()))
        else:
            page.message.setText(describe_error(exc, interface_language()))
