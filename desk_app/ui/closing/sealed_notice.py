"""A banner that stays while today is sealed: who closed it, when, and what to do now."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from desk_app.common.errors import SealedDayError
from desk_app.eventlog.events import sealed_refusal
from desk_app.ui.context import DeskContext
from desk_app.ui.messages import describe_error
from desk_app.ui.theme import WARNING_BACKGROUND, WARNING_BORDER

NOTICE_STYLE = (
    f"#sealedDay {{ background: {WARNING_BACKGROUND}; border: 1px solid {WARNING_BORDER}; "
    "border-radius: 4px; }"
)


class SealedDayNotice(QFrame):
    """Hidden while today is open; once it is sealed, says so until the page goes away."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("sealedDay")
        self.setStyleSheet(NOTICE_STYLE)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label)
        self.hide()

    def refresh(self) -> None:
        """Look up, in the background, whether today is sealed (the page is opening)."""
        today = self._ctx.today()
        self._ctx.ops.read(lambda s: sealed_refusal(s, today), done=self._found, owner=self)

    def _found(self, refusal: SealedDayError | None) -> None:
        if refusal is not None:
            self.show_refusal(refusal)

    def show_refusal(self, exc: SealedDayError) -> None:
        """Say why nothing can be saved today: the close, its lead and time, what to do."""
        self.label.setText(describe_error(exc, self._ctx.language))
        self.show()
