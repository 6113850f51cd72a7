"""The required-documents checklist of a service."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from desk_app.ui.theme import QUIET_STYLE


class DocumentChecklist(QWidget):
    """One checkbox per required document; the officer ticks what the applicant brought."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._empty = QLabel(self.tr("Tidak ada dokumen wajib."), self)
        self._empty.setStyleSheet(QUIET_STYLE)
        self._layout.addWidget(self._empty)
        self._layout.addStretch(1)
        self.boxes: list[QCheckBox] = []
        self._names: list[str] = []

    def set_documents(self, documents: tuple[str, ...] | list[str]) -> None:
        """Show a fresh, unticked checklist."""
        for box in self.boxes:
            self._layout.removeWidget(box)
            box.deleteLater()
        self.boxes = []
        self._names = list(documents)
        for name in documents:
            box = QCheckBox(name.replace("&", "&&"), self)  # "&" would become a mnemonic
            box.toggled.connect(self.changed)
            self._layout.insertWidget(self._layout.count() - 1, box)  # above the stretch
            self.boxes.append(box)
        self._empty.setVisible(not self.boxes)

    def checked_documents(self) -> list[str]:
        """The documents ticked as received."""
        return [n for n, b in zip(self._names, self.boxes, strict=True) if b.isChecked()]

    def set_checked(self, documents: list[str] | tuple[str, ...]) -> None:
        """Tick exactly the named documents."""
        wanted = set(documents)
        for name, box in zip(self._names, self.boxes, strict=True):
            box.setChecked(name in wanted)

    def check_all(self) -> None:
        """Tick every document."""
        for box in self.boxes:
            box.setChecked(True)
