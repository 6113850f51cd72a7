"""The settings an officer may change at the desk: language, auto-lock, receipts."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_app.counter.receipt_layouts import LAYOUTS
from desk_app.ui.operations import Operations
from desk_app.ui.settings import (
    LANGUAGES,
    PRINT_DIRECT,
    PRINT_PREVIEW,
    PRINT_SAVE,
    RECEIPT_OUTPUTS,
    REGISTRY,
    UiSettings,
    write_settings,
)


class SettingsDialog(QDialog):
    """Edits the declared settings and saves them in the background."""

    def __init__(
        self, settings: UiSettings, ops: Operations, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pengaturan"))
        self._settings = settings
        self._ops = ops
        self.language_box = QComboBox(self)
        names = {"id": self.tr("Bahasa Indonesia"), "en": self.tr("English")}
        for code in LANGUAGES:
            self.language_box.addItem(names[code], code)
        self.language_box.setCurrentIndex(LANGUAGES.index(settings.language))
        idle = REGISTRY["idle_lock_minutes"]
        self.idle_box = QSpinBox(self)
        self.idle_box.setRange(idle.minimum or 0, idle.maximum or 240)
        self.idle_box.setSuffix(self.tr(" menit"))
        self.idle_box.setSpecialValueText(self.tr("tidak pernah"))
        self.idle_box.setValue(settings.idle_lock_minutes)
        self.layout_box = QComboBox(self)
        for name in LAYOUTS:
            self.layout_box.addItem(name, name)
        self.layout_box.setCurrentIndex(LAYOUTS.index(settings.receipt_layout))
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
            self.tr("Tanpa printer bawaan, 'Langsung ke printer' menyimpan PDF di folder data.")
        )
        note = QLabel(self.tr("Bahasa baru berlaku setelah Loket dibuka ulang."), self)
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Bahasa"), self.language_box)
        form.addRow(self.tr("Kunci layar otomatis"), self.idle_box)
        form.addRow(self.tr("Tanda terima"), self.layout_box)
        form.addRow(self.tr("Setelah menyimpan"), self.output_box)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("Simpan"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Apply the values and write them to the data folder in the background."""
        self._settings.set("language", str(self.language_box.currentData()))
        self._settings.set("idle_lock_minutes", self.idle_box.value())
        self._settings.set("receipt_layout", str(self.layout_box.currentData()))
        self._settings.set("receipt_output", str(self.output_box.currentData()))
        path, values = self._settings.path, self._settings.snapshot()
        self._ops.run(lambda: write_settings(path, values))
        super().accept()
