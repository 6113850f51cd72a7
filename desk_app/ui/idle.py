"""Locks the desk after a spell without keyboard or mouse input."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """Emits `idled` when the application has seen no input for the configured time.

    It filters the application's events only while it counts: an application-wide Python
    filter makes PySide6 wrap every object that receives an event, and the first of those
    cost tens of milliseconds of type set-up before the login page shows.
    """

    idled = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filtering = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idled)
        self.set_timeout_ms(minutes * 60_000)

    def set_timeout_ms(self, msecs: int) -> None:
        """Change the idle time; 0 switches auto-lock off."""
        self._timer.setInterval(max(msecs, 0))
        self.restart()

    def restart(self) -> None:
        """Start counting idle time from now."""
        if self._timer.interval() > 0:
            self._timer.start()
            self._filter(True)
        else:
            self.pause()

    def pause(self) -> None:
        """Stop counting (while the screen is already locked)."""
        self._timer.stop()
        self._filter(False)

    def _filter(self, on: bool) -> None:
        app = QApplication.instance()
        if app is None or on == self._filtering:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._filtering = on

    @property
    def active(self) -> bool:
        """True while idle time is being counted."""
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any input restarts the count."""
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False
