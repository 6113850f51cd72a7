"""A wizard page that loads in the background: a note while loading, the error if it fails."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget, QWizardPage

from desk_app.ui.messages import describe_error
from desk_app.ui.theme import ERROR_STYLE, QUIET_STYLE


class BusyPage(QWizardPage):
    """Incomplete while loading; `note` says "Memuat…" or what went wrong."""

    def __init__(self, parent: QWidget | None = None, *, language: str) -> None:
        super().__init__(parent)
        self._language = language
        self.loading = False
        self.note = QLabel(self)
        self.note.setWordWrap(True)

    def start_loading(self) -> None:
        """A background read started."""
        self.loading = True
        self.note.setStyleSheet(QUIET_STYLE)
        self.note.setText(self.tr("Memuat…"))
        self.completeChanged.emit()

    def stop_loading(self) -> None:
        """The read is back and shown."""
        self.loading = False
        self.note.clear()
        self.completeChanged.emit()

    def show_failure(self, exc: BaseException) -> None:
        """The read failed: say why and what to do."""
        self.loading = False
        self.note.setStyleSheet(ERROR_STYLE)
        self.note.setText(describe_error(exc, self._language))
        self.completeChanged.emit()
