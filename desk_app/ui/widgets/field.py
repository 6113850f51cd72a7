"""A line edit with an inline validation message underneath."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from desk_app.common.errors import ValidationError
from desk_app.ui.i18n import interface_language
from desk_app.ui.messages import field_message
from desk_app.ui.theme import ERROR_STYLE, INVALID_EDIT_STYLE


class ValidatedField(QWidget):
    """A QLineEdit whose value is checked as the officer types; the problem shows below it."""

    def __init__(
        self,
        validate: Callable[[str], object] | None = None,
        *,
        placeholder: str = "",
        eager: Callable[[str], bool] | None = None,
        language: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._language = language  # None: the interface language of this run
        self._validate = validate
        self._eager = eager
        self._touched = False
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._on_edited)
        self.edit.editingFinished.connect(self._on_finished)

    def text(self) -> str:
        """The typed text."""
        return self.edit.text()

    def set_text(self, text: str) -> None:
        """Replace the text and forget earlier messages."""
        self.edit.setText(text)
        self._touched = False
        self.clear_error()

    def error(self) -> str:
        """The message currently shown, or ""."""
        return self.message.text() if not self.message.isHidden() else ""

    def set_error(self, message: str) -> None:
        """Show a message under the field and mark it red."""
        self.message.setText(message)
        self.message.show()
        self.edit.setStyleSheet(INVALID_EDIT_STYLE)
        self.edit.setToolTip(message)

    def clear_error(self) -> None:
        """Hide the message."""
        self.message.clear()
        self.message.hide()
        self.edit.setStyleSheet("")
        self.edit.setToolTip("")

    def check(self) -> bool:
        """Validate now and show the outcome; True when the value is acceptable."""
        self._touched = True
        return self._run(show=True)

    def _run(self, *, show: bool) -> bool:
        if self._validate is None:
            return True
        try:
            self._validate(self.edit.text())
        except ValidationError as exc:
            if show:
                self.set_error(field_message(exc, self._language or interface_language()))
            return False
        self.clear_error()
        return True

    def _on_edited(self, text: str) -> None:
        eager = self._eager is not None and self._eager(text)
        self._run(show=self._touched or eager)

    def _on_finished(self) -> None:
        if self.edit.text():
            self.check()
