"""A warning banner: this task's receipt has not printed yet, with a reprint button."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desk_app.ui.theme import WARNING_BACKGROUND, WARNING_BORDER

BANNER_STYLE = (
    f"#unprinted {{ background: {WARNING_BACKGROUND}; border: 1px solid {WARNING_BORDER}; "
    "border-radius: 4px; }"
)


class UnprintedBanner(QFrame):
    """Shown while no print of the task's receipt has succeeded."""

    reprintRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unprinted")
        self.setStyleSheet(BANNER_STYLE)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.button = QPushButton(self.tr("Cetak ulang"), self)
        self.button.setToolTip(self.tr("Cetak tanda terima lagi (Ctrl+P)"))
        self.button.clicked.connect(self.reprintRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()

    def show_for(self, kind_label: str, *, saved_pdf: bool = False) -> None:
        """Warn that the `kind_label` receipt (e.g. "tanda terima penerimaan") is not printed."""
        if saved_pdf:
            detail = self.tr(
                "%1 baru disimpan sebagai PDF; pemohon belum menerima kertasnya. Periksa "
                "printer lalu tekan Cetak ulang."
            )
        else:
            detail = self.tr(
                "Belum ada cetakan %1 yang berhasil. Periksa printer lalu tekan Cetak ulang."
            )
        self.label.setText(
            "<b>⚠ "
            + self.tr("Tanda terima belum dicetak")
            + "</b> — "
            + detail.replace("%1", kind_label)
        )
        self.show()
