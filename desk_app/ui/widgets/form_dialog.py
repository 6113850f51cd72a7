"""The step dialog: a small form whose OK saves one typed change in the background.

Every such dialog looks and behaves the same: an optional heading, an optional line saying
what OK will do (`set_consequence`), a form, an error line, OK and Cancel; Enter in a text
field submits; the first input field has the focus when the dialog opens; OK (or Enter) with
a required field empty or invalid only marks it, and nothing is sent. A subclass says only
what it asks and what it saves:

* `check_input()` (optional) refuses what the fields alone cannot judge, on the GUI thread;
* `read()` runs on the GUI thread and turns the widgets into a change, a frozen dataclass;
* `apply(session, change, now)` runs on a worker thread inside one write transaction and
  must not touch a widget; its result is emitted by `succeeded` when the dialog closes.

The dialog stays open on an error: a `ValidationError` naming a field added with
`add_field` shows under that field, anything else in the error line.
"""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from desk_app.common.clock import Clock
from desk_app.common.errors import ValidationError
from desk_app.ui.messages import describe_error, field_message
from desk_app.ui.operations import Operations
from desk_app.ui.theme import ERROR_STYLE
from desk_app.ui.widgets.field import ValidatedField

ChangeT = TypeVar("ChangeT")
ResultT = TypeVar("ResultT")


def _focusable(widget: QWidget) -> QWidget | None:
    """`widget`, or its first descendant, that takes keyboard focus with Tab."""
    candidates = [widget, *widget.findChildren(QWidget)]
    for candidate in candidates:
        if isinstance(candidate, QAbstractButton) and not candidate.isCheckable():
            continue  # a push button in a row is not where typing starts
        takes_tab = candidate.focusPolicy() & Qt.FocusPolicy.TabFocus
        if takes_tab and candidate.isEnabled() and not candidate.isHidden():
            return candidate
    return None


class FormDialog(QDialog, Generic[ChangeT, ResultT]):
    """A form whose OK applies one typed change in the background; errors stay in the dialog."""

    succeeded = Signal(object)  # the result of `apply`

    def __init__(
        self,
        ops: Operations,
        *,
        clock: Clock,
        language: str,
        title: str,
        heading: str = "",
        ok_text: str = "",
        minimum_width: int = 440,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(minimum_width)
        self._ops = ops
        self._clock = clock
        self.language = language
        self._focused_once = False
        self.fields: dict[str, ValidatedField] = {}
        self.heading = QLabel(heading, self)
        self.heading.setWordWrap(True)
        self.heading.setVisible(bool(heading))
        self.consequence = QLabel(self)
        self.consequence.setWordWrap(True)
        self.consequence.setTextFormat(Qt.TextFormat.PlainText)  # names are not markup
        self.consequence.hide()
        self.form = QFormLayout()
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.ok_button: QPushButton = self.buttons.addButton(
            ok_text or self.tr("Simpan"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        self.cancel_button: QPushButton = self.buttons.addButton(
            self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.consequence)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    # -- building the form -----------------------------------------------------------------

    def add_row(self, label: str, widget: QWidget) -> None:
        """Add a row; Enter in a line edit submits the form."""
        self.form.addRow(label, widget)
        if isinstance(widget, QLineEdit):
            widget.returnPressed.connect(self.submit)

    def add_field(self, key: str, label: str, field: ValidatedField) -> ValidatedField:
        """Add a text field whose ValidationErrors (by `key`) show under it."""
        self.fields[key] = field
        self.form.addRow(label, field)
        field.edit.returnPressed.connect(self.submit)
        return field

    def set_consequence(self, text: str) -> None:
        """Say, before OK is pressed, what it will do ("Berkas ... akan diteruskan ke ...")."""
        self.consequence.setText(text)
        self.consequence.setVisible(bool(text))

    # -- what a subclass says --------------------------------------------------------------

    def check_input(self) -> bool:
        """True when the form may be sent; otherwise show why and focus what needs fixing."""
        return True

    def read(self) -> ChangeT:
        """The change the officer entered, read from the widgets (GUI thread)."""
        raise NotImplementedError

    def apply(self, session: Session, change: ChangeT, now: datetime) -> ResultT:
        """Save `change` (worker thread, inside one write transaction; no widgets here)."""
        raise NotImplementedError

    def initial_focus(self) -> QWidget | None:
        """Where typing starts when the dialog opens: the first input field of the form."""
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            found = _focusable(widget) if widget is not None else None
            if found is not None:
                return found
        return None

    # -- running ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """The first time the dialog shows, put the focus in its first input field."""
        super().showEvent(event)
        if not self._focused_once:
            self._focused_once = True
            target = self.initial_focus()
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        """Read the change and apply it in the background; close only when it succeeded."""
        if not self.ok_button.isEnabled() or not self._input_ok():
            return
        change, now = self.read(), self._clock()  # the moment the officer confirmed
        self.ok_button.setEnabled(False)
        self.error.clear()
        for field in self.fields.values():
            field.clear_error()

        def write(session: Session) -> ResultT:
            return self.apply(session, change, now)

        self._ops.write(write, done=self._on_done, failed=self._on_failed, owner=self)

    def _input_ok(self) -> bool:
        """Check every field as the service will; an empty required one stops Enter here."""
        self.error.clear()
        bad = [field for field in self.fields.values() if not field.check()]
        if bad:
            bad[0].setFocus()
            return False
        return self.check_input()

    def _on_done(self, result: ResultT) -> None:
        self.succeeded.emit(result)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(exc, ValidationError) and exc.field in self.fields:
            self.fields[exc.field].set_error(field_message(exc, self.language))
            self.fields[exc.field].setFocus()
        else:
            self.error.setText(describe_error(exc, self.language))
        self.failed(exc)

    def failed(self, exc: BaseException) -> None:
        """After an error is shown: a subclass may move the focus to what needs fixing."""
