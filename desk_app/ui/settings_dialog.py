"""The settings an officer may change at the desk: language, auto-lock, printing, the city.

The city server's address and CA bundle are not UI settings: they live in the office
database next to the device secret that `client.enroll` stores, because the secret only
works with that server. Enrolment runs in the background and reports here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desk_app.db.engine import Database
from desk_app.sync import state
from desk_app.ui.i18n import interface_language
from desk_app.ui.messages import describe_error
from desk_app.ui.operations import Operations
from desk_app.ui.screen_fit import bounded_to_screen
from desk_app.ui.settings import (
    LANGUAGES,
    PRINT_DIRECT,
    PRINT_PREVIEW,
    PRINT_SAVE,
    RECEIPT_OUTPUTS,
    REGISTRY,
    TEXT_SIZES,
    UiSettings,
    write_settings,
)
from desk_app.ui.sync_worker import describe_problem
from desk_app.ui.theme import ERROR_STYLE

if TYPE_CHECKING:
    from desk_app.ui.print_receipt import PrinterSource
    from desk_app.ui.spooler import Spooler


@dataclass(frozen=True)
class EnrolRefused:
    """Why the city did not enrol this desk (returned by the worker, not raised)."""

    reason: str
    detail: str


def enrol(
    db: Database, *, server: str, code: str, ca_bundle: str
) -> state.SyncState | EnrolRefused:
    """Join the city with a one-time code (on a pool thread: network and database)."""
    from desk_app.sync import client  # requests loads when a desk enrols, not at start-up

    try:
        return client.enroll(db, server=server, code=code, ca_bundle=ca_bundle)
    except client.SyncFailed as exc:
        return EnrolRefused(exc.reason, str(exc))


def save_ca_bundle(session: Session, ca_bundle: str) -> None:
    """Another CA bundle for the server this desk is enrolled with."""
    state.save(session, **{state.CA_BUNDLE: ca_bundle, state.PROBLEM: "", state.PROBLEM_REASON: ""})


class SettingsDialog(QDialog):
    """Edits the declared settings and saves them in the background; enrols with the city."""

    def __init__(
        self,
        settings: UiSettings,
        ops: Operations,
        parent: QWidget | None = None,
        *,
        sync_changed: Callable[[], object] | None = None,
        printers: PrinterSource | None = None,
        printer_names: Callable[[], list[str]] | None = None,
        spooler: Spooler | None = None,
        office: tuple[str, str] = ("PTSP", ""),
    ) -> None:
        """`sync_changed` runs after an enrolment or a new CA bundle (it outlives the dialog).

        `printers` (the system's default printer), `printer_names`, `spooler` and `office`
        (name, code) serve the printer settings and their test prints.
        """
        super().__init__(parent)
        self._sync_changed = sync_changed
        self.setWindowTitle(self.tr("Pengaturan"))
        self._settings = settings
        self._ops = ops
        self.sync_state: state.SyncState | None = None  # loaded in the background
        self.enrolling = False
        self.language_box = QComboBox(self)
        names = {"id": self.tr("Bahasa Indonesia"), "en": self.tr("English")}
        for code in LANGUAGES:
            self.language_box.addItem(names[code], code)
        self.language_box.setCurrentIndex(LANGUAGES.index(settings.language))
        self.text_size_box = QComboBox(self)
        for percent in TEXT_SIZES:
            self.text_size_box.addItem(f"{percent}%", percent)
        self.text_size_box.setCurrentIndex(TEXT_SIZES.index(settings.text_size))
        idle = REGISTRY["idle_lock_minutes"]
        self.idle_box = QSpinBox(self)
        self.idle_box.setRange(idle.minimum or 0, idle.maximum or 240)
        self.idle_box.setSuffix(self.tr(" menit"))
        self.idle_box.setSpecialValueText(self.tr("tidak pernah"))
        self.idle_box.setValue(settings.idle_lock_minutes)
        # Qt's printing modules load when the settings open, not when the desk starts.
        from desk_app.ui.print_receipt import default_printer
        from desk_app.ui.printer_settings import PrinterSettingsBox

        self.printers_box = PrinterSettingsBox(
            settings,
            ops,
            self,
            printers=printers or default_printer,
            printer_names=printer_names,
            spooler=spooler,
            office=office,
        )
        self.output_box = QComboBox(self)
        outputs = {
            PRINT_PREVIEW: self.tr("Pratinjau dulu"),
            PRINT_DIRECT: self.tr("Langsung ke printer"),
            PRINT_SAVE: self.tr("Simpan PDF saja"),
        }
        for code in RECEIPT_OUTPUTS:
            self.output_box.addItem(outputs[code], code)
        self.output_box.setCurrentIndex(RECEIPT_OUTPUTS.index(settings.receipt_output))
        self.output_box.setToolTip(
            self.tr(
                "Tanpa printer, 'Langsung ke printer' bertanya dulu apakah tanda terima "
                "disimpan sebagai PDF (tercatat belum dicetak)."
            )
        )
        note = QLabel(
            self.tr("Bahasa dan ukuran teks baru berlaku setelah Loket dibuka ulang."), self
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Bahasa"), self.language_box)
        form.addRow(self.tr("Ukuran teks"), self.text_size_box)
        form.addRow(self.tr("Kunci layar otomatis"), self.idle_box)
        form.addRow(self.tr("Setelah menyimpan"), self.output_box)
        city = self._build_city()
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("Simpan"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # Large text on a 720-pixel screen: the settings scroll, the buttons stay in sight.
        body = QWidget(self)
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(form)
        inner.addWidget(note)
        inner.addWidget(self.printers_box)
        inner.addWidget(city)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(body.minimumSizeHint().width() + bar)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        margins = layout.contentsMargins()
        height = body.sizeHint().height() + buttons.sizeHint().height() + layout.spacing()
        height += margins.top() + margins.bottom()
        self.resize(bounded_to_screen(self, QSize(max(560, self.sizeHint().width()), height)))
        ops.read(state.load, done=self._sync_loaded, owner=self)

    # -- the city server -------------------------------------------------------------------

    def _build_city(self) -> QGroupBox:
        box = QGroupBox(self.tr("Server kota"), self)
        self.server_edit = QLineEdit(box)
        self.server_edit.setPlaceholderText("https://loket.jakarta.go.id")
        self.ca_edit = QLineEdit(box)
        self.ca_edit.setPlaceholderText(self.tr("kosong: sertifikat sistem"))
        self.ca_edit.setToolTip(
            self.tr("Berkas PEM sertifikat CA kota, bila server memakai CA sendiri.")
        )
        self.code_edit = QLineEdit(box)
        self.code_edit.setPlaceholderText("ABCD-EFGH-JKMN")
        self.code_edit.setToolTip(self.tr("Kode sekali pakai dari admin kota (berlaku 72 jam)."))
        self.code_edit.returnPressed.connect(self.enrol)
        self.enrol_button = QPushButton(self.tr("Daftar ke kota"), box)
        self.enrol_button.setAutoDefault(False)
        self.enrol_button.clicked.connect(self.enrol)
        self.city_status = QLabel(self.tr("Memuat…"), box)
        self.city_status.setWordWrap(True)
        # Room for two lines from the start: the dialog does not jump when the answer comes.
        self.city_status.setMinimumHeight(2 * self.city_status.fontMetrics().lineSpacing() + 4)
        form = QFormLayout(box)
        form.addRow(self.tr("Alamat server"), self.server_edit)
        form.addRow(self.tr("Berkas CA"), self.ca_edit)
        form.addRow(self.tr("Kode pendaftaran"), self.code_edit)
        form.addRow("", self.enrol_button)
        form.addRow(self.city_status)
        return box

    def _sync_loaded(self, sync: state.SyncState) -> None:
        self.sync_state = sync
        if not self.server_edit.text():
            self.server_edit.setText(sync.server)
        if not self.ca_edit.text():
            self.ca_edit.setText(sync.ca_bundle)
        if not self.enrolling:
            self._say_enrolment(sync)

    def _say_enrolment(self, sync: state.SyncState) -> None:
        if sync.enrolled:
            text = self.tr("Terdaftar di %1. Alamat lain perlu kode baru.").replace(
                "%1", sync.server
            )
        else:
            text = self.tr("Belum terdaftar. Minta kode pendaftaran kepada admin kota.")
        self._say(text, error=False)

    def _say(self, text: str, *, error: bool) -> None:
        self.city_status.setText(text)
        self.city_status.setStyleSheet(ERROR_STYLE if error else "")
        wanted = self.heightForWidth(self.width())  # a long error may need a third line
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def enrol(self) -> None:
        """Spend the one-time code with the server in the background ("Daftar ke kota")."""
        if self.enrolling:
            return
        server = self.server_edit.text().strip()
        code = self.code_edit.text().strip()
        ca_bundle = self.ca_edit.text().strip()
        if not server:
            self._say(self.tr("Isi alamat server kota."), error=True)
            self.server_edit.setFocus()
            return
        if not code:
            self._say(self.tr("Isi kode pendaftaran dari admin kota."), error=True)
            self.code_edit.setFocus()
            return
        self.enrolling = True
        self.enrol_button.setEnabled(False)
        self._say(self.tr("Mendaftar ke %1…").replace("%1", server), error=False)
        db = self._ops.db
        self._ops.run(
            lambda: enrol(db, server=server, code=code, ca_bundle=ca_bundle),
            done=self._enrolled,
            failed=self._enrol_failed,
            owner=self,
        )

    def _enrolled(self, answer: state.SyncState | EnrolRefused) -> None:
        self.enrolling = False
        self.enrol_button.setEnabled(True)
        if isinstance(answer, EnrolRefused):
            self._say(
                describe_problem(answer.reason, answer.detail, interface_language()), error=True
            )
            return
        self.sync_state = answer
        self.code_edit.clear()
        self.server_edit.setText(answer.server)
        self._say(
            self.tr(
                "Terdaftar di %1. Kejadian meja ini dikirim di latar belakang; lihat baris status."
            ).replace("%1", answer.server),
            error=False,
        )
        if self._sync_changed is not None:
            self._sync_changed()

    def _enrol_failed(self, exc: BaseException) -> None:
        self.enrolling = False
        self.enrol_button.setEnabled(True)
        self._say(describe_error(exc, interface_language()), error=True)

    def accept(self) -> None:
        """Apply the values and write them to the data folder in the background."""
        self._settings.set("language", str(self.language_box.currentData()))
        self._settings.set("text_size", int(self.text_size_box.currentData()))
        self._settings.set("idle_lock_minutes", self.idle_box.value())
        self.printers_box.apply(self._settings)
        self._settings.set("receipt_output", str(self.output_box.currentData()))
        path, values = self._settings.path, self._settings.snapshot()
        self._ops.run(lambda: write_settings(path, values))
        sync, ca_bundle = self.sync_state, self.ca_edit.text().strip()
        if sync is not None and sync.enrolled and ca_bundle != sync.ca_bundle:
            changed = self._sync_changed  # runs after the dialog is gone

            def saved(_none: None) -> None:
                if changed is not None:
                    changed()

            self._ops.write(lambda session: save_ca_bundle(session, ca_bundle), done=saved)
        super().accept()
